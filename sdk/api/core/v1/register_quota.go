package v1

import (
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

// addLimitRange registers LimitRange: short name "limits".
func addLimitRange(r *registry.Registry) error {
	return registry.Add(r, registry.Type[*LimitRange]{
		Group:      GroupName,
		Version:    Version,
		Kind:       "LimitRange",
		Resource:   "limitranges",
		ShortNames: []string{"limits"},
		Namespaced: true,
		New:        func() *LimitRange { return &LimitRange{} },
		NewList:    func() meta.ListObject { return &LimitRangeList{} },
		Default:    SetObjectDefaults_LimitRange,
		Validate:   ValidateLimitRange,
		Spec:       func(lr *LimitRange) any { return &lr.Spec },
		Columns:    limitRangeColumns,
		Cells:      limitRangeCells,
	})
}

// addResourceQuota registers ResourceQuota: short name "quota", status subresource.
func addResourceQuota(r *registry.Registry) error {
	return registry.Add(r, registry.Type[*ResourceQuota]{
		Group:          GroupName,
		Version:        Version,
		Kind:           "ResourceQuota",
		Resource:       "resourcequotas",
		ShortNames:     []string{"quota"},
		Namespaced:     true,
		New:            func() *ResourceQuota { return &ResourceQuota{} },
		NewList:        func() meta.ListObject { return &ResourceQuotaList{} },
		Default:        SetObjectDefaults_ResourceQuota,
		Validate:       ValidateResourceQuota,
		ValidateUpdate: ValidateResourceQuotaUpdate,
		Spec:           func(q *ResourceQuota) any { return &q.Spec },
		ResetStatus:    func(q *ResourceQuota) { q.Status = ResourceQuotaStatus{} },
		CopyStatus:     func(dst, src *ResourceQuota) { dst.Status = *src.Status.DeepCopy() },
		CopySpec:       func(dst, src *ResourceQuota) { dst.Spec = *src.Spec.DeepCopy() },
		Columns:        resourceQuotaColumns,
		Cells:          resourceQuotaCells,
	})
}
