package v1

import (
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

// addEvent registers core/v1 Event: short name "ev", PUT may create, and
// the field selectors Kubernetes supports (involvedObject.*, reason,
// reportingComponent, source, type).
func addEvent(r *registry.Registry) error {
	return registry.Add(r, registry.Type[*Event]{
		Group:               GroupName,
		Version:             Version,
		Kind:                "Event",
		Resource:            "events",
		ShortNames:          []string{"ev"},
		Namespaced:          true,
		New:                 func() *Event { return &Event{} },
		NewList:             func() meta.ListObject { return &EventList{} },
		Validate:            ValidateEvent,
		AllowCreateOnUpdate: true,
		Fields: map[string]func(*Event) string{
			"involvedObject.kind":            func(e *Event) string { return e.InvolvedObject.Kind },
			"involvedObject.namespace":       func(e *Event) string { return e.InvolvedObject.Namespace },
			"involvedObject.name":            func(e *Event) string { return e.InvolvedObject.Name },
			"involvedObject.uid":             func(e *Event) string { return string(e.InvolvedObject.UID) },
			"involvedObject.apiVersion":      func(e *Event) string { return e.InvolvedObject.APIVersion },
			"involvedObject.resourceVersion": func(e *Event) string { return e.InvolvedObject.ResourceVersion },
			"involvedObject.fieldPath":       func(e *Event) string { return e.InvolvedObject.FieldPath },
			"reason":                         func(e *Event) string { return e.Reason },
			"reportingComponent":             func(e *Event) string { return e.ReportingController },
			"source":                         eventSourceField,
			"type":                           func(e *Event) string { return e.Type },
		},
		Columns: eventColumns,
		Cells:   eventCells,
	})
}

// eventSourceField is the "source" field selector: the source component,
// or the reporting controller when there is none.
func eventSourceField(e *Event) string {
	if e.Source.Component != "" {
		return e.Source.Component
	}
	return e.ReportingController
}
