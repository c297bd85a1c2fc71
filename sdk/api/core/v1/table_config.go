package v1

import (
	"time"

	"github.com/gantryhq/gantry/sdk/api/registry"
)

var configMapColumns = []registry.Column{
	{Name: "Name", Type: "string", Format: "name", Description: nameDescription},
	{Name: "Data", Type: "string", Description: "Data contains the configuration data."},
	{Name: "Age", Type: "string", Description: ageDescription},
}

func configMapCells(cm *ConfigMap, now time.Time) []any {
	return []any{cm.Name, int64(len(cm.Data) + len(cm.BinaryData)), registry.Age(cm.CreationTimestamp, now)}
}

var secretColumns = []registry.Column{
	{Name: "Name", Type: "string", Format: "name", Description: nameDescription},
	{Name: "Type", Type: "string", Description: "Used to facilitate programmatic handling of secret data."},
	{Name: "Data", Type: "string", Description: "Data contains the secret data."},
	{Name: "Age", Type: "string", Description: ageDescription},
}

func secretCells(s *Secret, now time.Time) []any {
	return []any{s.Name, string(s.Type), int64(len(s.Data)), registry.Age(s.CreationTimestamp, now)}
}

var serviceAccountColumns = []registry.Column{
	{Name: "Name", Type: "string", Format: "name", Description: nameDescription},
	{Name: "Secrets", Type: "string", Description: "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use."},
	{Name: "Age", Type: "string", Description: ageDescription},
}

func serviceAccountCells(sa *ServiceAccount, now time.Time) []any {
	return []any{sa.Name, int64(len(sa.Secrets)), registry.Age(sa.CreationTimestamp, now)}
}
