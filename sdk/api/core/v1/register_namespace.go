package v1

import (
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
	"github.com/gantryhq/gantry/sdk/api/validation"
)

// addNamespace registers Namespace: cluster-scoped, DNS-1123 label names,
// status subresource, field selector status.phase. Kubernetes also serves
// a "finalize" subresource that changes only spec.finalizers; the API
// server implements it with PrepareNamespaceForFinalize and
// ValidateNamespaceFinalizeUpdate.
func addNamespace(r *registry.Registry) error {
	return registry.Add(r, registry.Type[*Namespace]{
		Group:            GroupName,
		Version:          Version,
		Kind:             "Namespace",
		Resource:         "namespaces",
		ShortNames:       []string{"ns"},
		Namespaced:       false,
		New:              func() *Namespace { return &Namespace{} },
		NewList:          func() meta.ListObject { return &NamespaceList{} },
		NameFunc:         validation.NameIsDNSLabel,
		Default:          SetObjectDefaults_Namespace,
		Validate:         ValidateNamespace,
		ValidateUpdate:   ValidateNamespaceUpdate,
		ResetStatus:      func(ns *Namespace) { ns.Status = NamespaceStatus{} },
		CopyStatus:       func(dst, src *Namespace) { dst.Status = *src.Status.DeepCopy() },
		CopySpec:         func(dst, src *Namespace) { dst.Spec = *src.Spec.DeepCopy() },
		PrepareForCreate: prepareNamespaceForCreate,
		PrepareForUpdate: func(ns, old *Namespace) {
			// spec.finalizers only change through the finalize subresource.
			ns.Spec.Finalizers = append([]FinalizerName(nil), old.Spec.Finalizers...)
		},
		Fields: map[string]func(*Namespace) string{
			"status.phase": func(ns *Namespace) string { return string(ns.Status.Phase) },
		},
		Columns: namespaceColumns,
		Cells:   namespaceCells,
	})
}

// prepareNamespaceForCreate makes a new namespace Active with the
// "kubernetes" finalizer, and labels it with its (possibly generated) name.
func prepareNamespaceForCreate(ns *Namespace) {
	ns.Status = NamespaceStatus{Phase: NamespaceActive}
	has := false
	for _, f := range ns.Spec.Finalizers {
		if f == FinalizerKubernetes {
			has = true
			break
		}
	}
	if !has {
		ns.Spec.Finalizers = append(ns.Spec.Finalizers, FinalizerKubernetes)
	}
	SetDefaults_Namespace(ns)
}
