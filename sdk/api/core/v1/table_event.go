package v1

import (
	"strings"
	"time"

	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

var eventColumns = []registry.Column{
	{Name: "Last Seen", Type: "string", Description: "The time at which the most recent occurrence of this event was recorded."},
	{Name: "Type", Type: "string", Description: "Type of this event (Normal, Warning), new types could be added in the future"},
	{Name: "Reason", Type: "string", Description: "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."},
	{Name: "Object", Type: "string", Description: "The object that this event is about."},
	{Name: "Subobject", Type: "string", Priority: 1, Description: "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement."},
	{Name: "Source", Type: "string", Priority: 1, Description: "The component reporting this event. Should be a short machine understandable string."},
	{Name: "Message", Type: "string", Description: "A human-readable description of the status of this operation."},
	{Name: "First Seen", Type: "string", Priority: 1, Description: "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)"},
	{Name: "Count", Type: "string", Priority: 1, Description: "The number of times this event has occurred."},
	{Name: "Name", Type: "string", Priority: 1, Format: "name", Description: nameDescription},
}

// eventCells renders an Event as kubectl's events table does: times fall
// back from lastTimestamp to firstTimestamp to eventTime (and to the
// series' last observation), the count of a singleton is 1, the object is
// "kind/name" in lower case, the source falls back to the reporting
// controller and instance.
func eventCells(ev *Event, now time.Time) []any {
	first := registry.Age(ev.FirstTimestamp, now)
	if ev.FirstTimestamp.IsZero() {
		first = microAge(ev.EventTime, now)
	}
	last := registry.Age(ev.LastTimestamp, now)
	if ev.LastTimestamp.IsZero() {
		last = first
	}
	count := ev.Count
	if ev.Series != nil {
		last = microAge(ev.Series.LastObservedTime, now)
		count = ev.Series.Count
	} else if count == 0 {
		count = 1
	}
	target := strings.ToLower(ev.InvolvedObject.Kind)
	if ev.InvolvedObject.Name != "" {
		target += "/" + ev.InvolvedObject.Name
	}
	return []any{last, ev.Type, ev.Reason, target, ev.InvolvedObject.FieldPath,
		FormatEventSource(ev), strings.TrimSpace(ev.Message), first, int64(count), ev.Name}
}

// FormatEventSource renders an event's source as kubectl does:
// "component, host", with the reporting controller and instance standing
// in for a missing component or host.
func FormatEventSource(ev *Event) string {
	component := ev.Source.Component
	if component == "" {
		component = ev.ReportingController
	}
	host := ev.Source.Host
	if host == "" {
		host = ev.ReportingInstance
	}
	if host == "" {
		return component
	}
	return component + ", " + host
}

func microAge(t meta.MicroTime, now time.Time) string {
	if t.IsZero() {
		return "<unknown>"
	}
	return registry.HumanDuration(now.Sub(t.Time))
}
