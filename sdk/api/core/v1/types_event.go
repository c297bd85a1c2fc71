package v1

import "github.com/gantryhq/gantry/sdk/api/meta"

// Event reports something that happened to an object (a pod scheduled, an
// image pulled, a probe failed). Events are informative and best effort;
// they expire after a while.
type Event struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata" protobuf:"bytes,1,opt,name=metadata"`

	// InvolvedObject is the object the event is about.
	InvolvedObject ObjectReference `json:"involvedObject" protobuf:"bytes,2,opt,name=involvedObject"`
	// Reason is a short CamelCase machine-readable cause ("FailedScheduling").
	Reason string `json:"reason,omitempty" protobuf:"bytes,3,opt,name=reason"`
	// Message is a human-readable description.
	Message string `json:"message,omitempty" protobuf:"bytes,4,opt,name=message"`
	// Source is the component (and host) that reported the event.
	Source EventSource `json:"source,omitempty" protobuf:"bytes,5,opt,name=source"`
	// FirstTimestamp is when the event was first recorded.
	FirstTimestamp meta.Time `json:"firstTimestamp,omitempty" protobuf:"bytes,6,opt,name=firstTimestamp"`
	// LastTimestamp is when the event most recently occurred.
	LastTimestamp meta.Time `json:"lastTimestamp,omitempty" protobuf:"bytes,7,opt,name=lastTimestamp"`
	// Count is the number of occurrences.
	Count int32 `json:"count,omitempty" protobuf:"varint,8,opt,name=count"`
	// Type is Normal or Warning.
	Type string `json:"type,omitempty" protobuf:"bytes,9,opt,name=type"`
	// EventTime is when the event was first observed (events.k8s.io style
	// events set it, with microsecond precision).
	EventTime meta.MicroTime `json:"eventTime,omitempty" protobuf:"bytes,10,opt,name=eventTime"`
	// Series describes a series of repeated events; nil for a singleton.
	Series *EventSeries `json:"series,omitempty" protobuf:"bytes,11,opt,name=series"`
	// Action is what was taken or failed regarding the object.
	Action string `json:"action,omitempty" protobuf:"bytes,12,opt,name=action"`
	// Related is an optional secondary object.
	Related *ObjectReference `json:"related,omitempty" protobuf:"bytes,13,opt,name=related"`
	// ReportingController is the controller that emitted the event
	// ("kubernetes.io/kubelet"); its JSON name is reportingComponent.
	ReportingController string `json:"reportingComponent" protobuf:"bytes,14,opt,name=reportingComponent"`
	// ReportingInstance is the instance of the controller ("kubelet-node1").
	ReportingInstance string `json:"reportingInstance" protobuf:"bytes,15,opt,name=reportingInstance"`
}

// EventList is a list of Events.
type EventList struct {
	meta.TypeMeta `json:",inline"`
	meta.ListMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`
	Items         []Event `json:"items" protobuf:"bytes,2,rep,name=items"`
}

// EventSource is the component that reported an event.
type EventSource struct {
	// Component is the reporting component ("default-scheduler").
	Component string `json:"component,omitempty" protobuf:"bytes,1,opt,name=component"`
	// Host is the node the event was generated on.
	Host string `json:"host,omitempty" protobuf:"bytes,2,opt,name=host"`
}

// EventSeries describes a series of repeated events.
type EventSeries struct {
	// Count is the number of occurrences up to the last heartbeat.
	Count int32 `json:"count,omitempty" protobuf:"varint,1,name=count"`
	// LastObservedTime is the time of the last occurrence.
	LastObservedTime meta.MicroTime `json:"lastObservedTime,omitempty" protobuf:"bytes,2,name=lastObservedTime"`
}

// Event types.
const (
	// EventTypeNormal is information only.
	EventTypeNormal string = "Normal"
	// EventTypeWarning warns that something may be wrong.
	EventTypeWarning string = "Warning"
)
