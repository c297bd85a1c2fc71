package v1

import (
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

// Register adds the kinds of scheduling.k8s.io/v1 to r: PriorityClass. It
// fails if r already has it.
func Register(r *registry.Registry) error {
	return addPriorityClass(r)
}

// addPriorityClass registers PriorityClass: cluster-scoped, short name "pc".
func addPriorityClass(r *registry.Registry) error {
	return registry.Add(r, registry.Type[*PriorityClass]{
		Group:          GroupName,
		Version:        Version,
		Kind:           "PriorityClass",
		Resource:       "priorityclasses",
		ShortNames:     []string{"pc"},
		Namespaced:     false,
		New:            func() *PriorityClass { return &PriorityClass{} },
		NewList:        func() meta.ListObject { return &PriorityClassList{} },
		Default:        SetObjectDefaults_PriorityClass,
		Validate:       ValidatePriorityClass,
		ValidateUpdate: ValidatePriorityClassUpdate,
		Columns:        priorityClassColumns,
		Cells:          priorityClassCells,
	})
}
