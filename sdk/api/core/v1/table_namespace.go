package v1

import (
	"time"

	"github.com/gantryhq/gantry/sdk/api/registry"
)

var namespaceColumns = []registry.Column{
	{Name: "Name", Type: "string", Format: "name", Description: "Name must be unique within a namespace."},
	{Name: "Status", Type: "string", Description: "The status of the namespace"},
	{Name: "Age", Type: "string", Description: "CreationTimestamp is a timestamp representing the server time when this object was created."},
}

func namespaceCells(ns *Namespace, now time.Time) []any {
	return []any{ns.Name, string(ns.Status.Phase), registry.Age(ns.CreationTimestamp, now)}
}
