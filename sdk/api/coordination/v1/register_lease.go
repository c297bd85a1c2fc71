package v1

import (
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

// Register adds the kinds of coordination.k8s.io/v1 to r: Lease. It fails
// if r already has it.
func Register(r *registry.Registry) error {
	return addLease(r)
}

// addLease registers Lease. As in Kubernetes, renewals (which happen every
// few seconds) do not bump the generation.
func addLease(r *registry.Registry) error {
	return registry.Add(r, registry.Type[*Lease]{
		Group:      GroupName,
		Version:    Version,
		Kind:       "Lease",
		Resource:   "leases",
		Namespaced: true,
		New:        func() *Lease { return &Lease{} },
		NewList:    func() meta.ListObject { return &LeaseList{} },
		Validate:   ValidateLease,
		Columns:    leaseColumns,
		Cells:      leaseCells,
	})
}
