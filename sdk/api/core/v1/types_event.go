package v1

import "github.com/gantryhq/gantry/sdk/api/meta"

// Event reports something that happened to an object (a pod scheduled, an
// image pulled, a probe failed). Events are informative and best effort;
// they expire after a while.
type Event struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata"`

	// InvolvedObject is the object the event is about.
	InvolvedObject ObjectReference `json:"involvedObject"`
	// Reason is a short CamelCase machine-readable cause ("FailedScheduling").
	Reason string `json:"reason,omitempty"`
	// Message is a human-readable description.
	Message string `json:"message,omitempty"`
	// Source is the component (and host) that reported the event.
	Source EventSource `json:"source,omitempty"`
	// FirstTimestamp is when the event was first recorded.
	FirstTimestamp meta.Time `json:"firstTimestamp,omitempty"`
	// LastTimestamp is when the event most recently occurred.
	LastTimestamp meta.Time `json:"lastTimestamp,omitempty"`
	// Count is the number of occurrences.
	Count int32 `json:"count,omitempty"`
	// Type is Normal or Warning.
	Type string `json:"type,omitempty"`
	// EventTime is when the event was first observed (events.k8s.io style
	// events set it, with microsecond precision).
	EventTime meta.MicroTime `json:"eventTime,omitempty"`
	// Series describes a series of repeated events; nil for a singleton.
	Series *EventSeries `json:"series,omitempty"`
	// Action is what was taken or failed regarding the object.
	Action string `json:"action,omitempty"`
	// Related is an optional secondary object.
	Related *ObjectReference `json:"related,omitempty"`
	// ReportingController is the controller that emitted the event
	// ("kubernetes.io/kubelet"); its JSON name is reportingComponent.
	ReportingController string `json:"reportingComponent"`
	// ReportingInstance is the instance of the controller ("kubelet-node1").
	ReportingInstance string `json:"reportingInstance"`
}

// EventList is a list of Events.
type EventList struct {
	meta.TypeMeta `json:",inline"`
	meta.ListMeta `json:"metadata,omitempty"`
	Items         []Event `json:"items"`
}

// EventSource is the component that reported an event.
type EventSource struct {
	// Component is the reporting component ("default-scheduler").
	Component string `json:"component,omitempty"`
	// Host is the node the event was generated on.
	Host string `json:"host,omitempty"`
}

// EventSeries describes a series of repeated events.
type EventSeries struct {
	// Count is the number of occurrences up to the last heartbeat.
	Count int32 `json:"count,omitempty"`
	// LastObservedTime is the time of the last occurrence.
	LastObservedTime meta.MicroTime `json:"lastObservedTime,omitempty"`
}

// Event types.
const (
	// EventTypeNormal is information only.
	EventTypeNormal string = "Normal"
	// EventTypeWarning warns that something may be wrong.
	EventTypeWarning string = "Warning"
)
