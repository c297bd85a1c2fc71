package v1

import (
	"time"

	"github.com/gantryhq/gantry/sdk/api/registry"
)

var leaseColumns = []registry.Column{
	{Name: "Name", Type: "string", Format: "name", Description: "Name must be unique within a namespace."},
	{Name: "Holder", Type: "string", Description: "holderIdentity contains the identity of the holder of a current lease."},
	{Name: "Age", Type: "string", Description: "CreationTimestamp is a timestamp representing the server time when this object was created."},
}

func leaseCells(l *Lease, now time.Time) []any {
	holder := ""
	if l.Spec.HolderIdentity != nil {
		holder = *l.Spec.HolderIdentity
	}
	return []any{l.Name, holder, registry.Age(l.CreationTimestamp, now)}
}
