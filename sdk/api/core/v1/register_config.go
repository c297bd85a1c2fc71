package v1

import (
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

// addConfigMap registers ConfigMap: short name "cm".
func addConfigMap(r *registry.Registry) error {
	return registry.Add(r, registry.Type[*ConfigMap]{
		Group:          GroupName,
		Version:        Version,
		Kind:           "ConfigMap",
		Resource:       "configmaps",
		ShortNames:     []string{"cm"},
		Namespaced:     true,
		New:            func() *ConfigMap { return &ConfigMap{} },
		NewList:        func() meta.ListObject { return &ConfigMapList{} },
		Validate:       ValidateConfigMap,
		ValidateUpdate: ValidateConfigMapUpdate,
		Columns:        configMapColumns,
		Cells:          configMapCells,
	})
}

// addSecret registers Secret: stringData merged into data on every write,
// type defaulted to Opaque and immutable, field selector "type".
func addSecret(r *registry.Registry) error {
	return registry.Add(r, registry.Type[*Secret]{
		Group:            GroupName,
		Version:          Version,
		Kind:             "Secret",
		Resource:         "secrets",
		Namespaced:       true,
		New:              func() *Secret { return &Secret{} },
		NewList:          func() meta.ListObject { return &SecretList{} },
		Default:          SetObjectDefaults_Secret,
		Validate:         ValidateSecret,
		ValidateUpdate:   ValidateSecretUpdate,
		PrepareForCreate: MergeSecretStringData,
		PrepareForUpdate: func(s, _ *Secret) { MergeSecretStringData(s) },
		Fields: map[string]func(*Secret) string{
			"type": func(s *Secret) string { return string(s.Type) },
		},
		Columns: secretColumns,
		Cells:   secretCells,
	})
}

// addServiceAccount registers ServiceAccount: short name "sa".
func addServiceAccount(r *registry.Registry) error {
	return registry.Add(r, registry.Type[*ServiceAccount]{
		Group:            GroupName,
		Version:          Version,
		Kind:             "ServiceAccount",
		Resource:         "serviceaccounts",
		ShortNames:       []string{"sa"},
		Namespaced:       true,
		New:              func() *ServiceAccount { return &ServiceAccount{} },
		NewList:          func() meta.ListObject { return &ServiceAccountList{} },
		Validate:         ValidateServiceAccount,
		PrepareForCreate: cleanServiceAccountSecretRefs,
		PrepareForUpdate: func(sa, _ *ServiceAccount) { cleanServiceAccountSecretRefs(sa) },
		Columns:          serviceAccountColumns,
		Cells:            serviceAccountCells,
	})
}

// cleanServiceAccountSecretRefs keeps only the name of each secret
// reference, as Kubernetes' service account strategy does.
func cleanServiceAccountSecretRefs(sa *ServiceAccount) {
	for i, s := range sa.Secrets {
		sa.Secrets[i] = ObjectReference{Name: s.Name}
	}
}
