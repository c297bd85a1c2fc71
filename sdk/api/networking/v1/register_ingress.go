package v1

import (
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

// Register adds the kinds of networking.k8s.io/v1 to r: Ingress and
// IngressClass. It fails on the first kind r already has.
func Register(r *registry.Registry) error {
	for _, add := range []func(*registry.Registry) error{addIngress, addIngressClass} {
		if err := add(r); err != nil {
			return err
		}
	}
	return nil
}

// addIngress registers Ingress: short name "ing", status subresource,
// generation bumped on spec changes.
func addIngress(r *registry.Registry) error {
	return registry.Add(r, registry.Type[*Ingress]{
		Group:          GroupName,
		Version:        Version,
		Kind:           "Ingress",
		Resource:       "ingresses",
		ShortNames:     []string{"ing"},
		Namespaced:     true,
		New:            func() *Ingress { return &Ingress{} },
		NewList:        func() meta.ListObject { return &IngressList{} },
		Validate:       ValidateIngress,
		ValidateUpdate: ValidateIngressUpdate,
		Spec:           func(o *Ingress) any { return &o.Spec },
		ResetStatus:    func(o *Ingress) { o.Status = IngressStatus{} },
		CopyStatus:     func(dst, src *Ingress) { src.Status.DeepCopyInto(&dst.Status) },
		CopySpec:       func(dst, src *Ingress) { src.Spec.DeepCopyInto(&dst.Spec) },
		Columns:        ingressColumns,
		Cells:          ingressCells,
	})
}

// addIngressClass registers IngressClass: cluster-scoped, generation bumped
// on spec changes.
func addIngressClass(r *registry.Registry) error {
	return registry.Add(r, registry.Type[*IngressClass]{
		Group:          GroupName,
		Version:        Version,
		Kind:           "IngressClass",
		Resource:       "ingressclasses",
		Namespaced:     false,
		New:            func() *IngressClass { return &IngressClass{} },
		NewList:        func() meta.ListObject { return &IngressClassList{} },
		Default:        SetObjectDefaults_IngressClass,
		Validate:       ValidateIngressClass,
		ValidateUpdate: ValidateIngressClassUpdate,
		Spec:           func(o *IngressClass) any { return &o.Spec },
		Columns:        ingressClassColumns,
		Cells:          ingressClassCells,
	})
}
