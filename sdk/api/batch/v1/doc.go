// Package v1 holds the batch group, version v1 kinds: Job and CronJob,
// with their defaults, validation, registry strategies (status subresource,
// the Job's generated selector) and table columns, plus ParseSchedule, an
// exact validator of the cron schedules CronJob accepts.
//
// JSON field names, omitempty behaviour, defaults and validation messages
// follow Kubernetes 1.32's k8s.io/api/batch/v1, so that a manifest written
// for Kubernetes decodes here unchanged, and one that uses a field Gantry
// does not know fails strict decoding naming that field. Pod templates are
// defaulted and validated by the core/v1 package.
//
// Register adds both kinds to a registry.Registry; nothing is registered as
// a side effect of importing the package. The package embeds the IANA time
// zone database (time/tzdata), as the Kubernetes API server does, so that
// spec.timeZone validates the same on every machine.
//
// +gantry:deepcopy-gen=package
package v1

//go:generate go run github.com/gantryhq/gantry/sdk/internal/deepcopy-gen .

// GroupName is the API group of this package.
const GroupName = "batch"

// Version is the API version of this package.
const Version = "v1"
