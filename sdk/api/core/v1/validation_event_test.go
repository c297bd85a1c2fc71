package v1

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/sdk/api/meta"
)

// An event as the kubelet and scheduler write them (core/v1 style).
const svcEventManifest = `
apiVersion: v1
kind: Event
metadata:
  name: web-7d4b9c-x2x9z.17f1a2b3c4d5e6f7
  namespace: default
involvedObject:
  apiVersion: v1
  kind: Pod
  name: web-7d4b9c-x2x9z
  namespace: default
  uid: 2d4f8c1e-5a6b-4c3d-9e8f-7a6b5c4d3e2f
  resourceVersion: "1234"
  fieldPath: spec.containers{web}
reason: BackOff
message: Back-off restarting failed container web in pod web-7d4b9c-x2x9z_default
source:
  component: kubelet
  host: node-1
firstTimestamp: "2026-11-25T11:00:00Z"
lastTimestamp: "2026-11-25T11:55:00Z"
count: 12
type: Warning
eventTime: null
reportingComponent: kubelet
reportingInstance: node-1
`

func TestEventDecode(t *testing.T) {
	var ev Event
	svcDecodeStrict(t, svcEventManifest, &ev)

	var series Event
	svcDecodeStrict(t, `
apiVersion: v1
kind: Event
metadata: {name: lease.1, namespace: kube-node-lease}
involvedObject: {kind: Lease, name: node-1, namespace: kube-node-lease}
reason: LeaderElection
action: Acquired
type: Normal
eventTime: "2026-11-25T11:59:00.123456Z"
series: {count: 3, lastObservedTime: "2026-11-25T11:59:30.000001Z"}
related: {kind: Node, name: node-1}
reportingComponent: example.com/controller
reportingInstance: controller-0
`, &series)
}

func TestValidateEvent(t *testing.T) {
	valid := func() *Event {
		var ev Event
		svcDecodeStrict(t, svcEventManifest, &ev)
		return &ev
	}
	newStyle := func() *Event {
		ev := valid()
		ev.EventTime = meta.NewMicroTime(svcNow)
		ev.Action = "Restarting"
		return ev
	}
	tests := []struct {
		name string
		ev   *Event
		want []string
	}{
		{"valid", valid(), nil},
		{"valid new style", newStyle(), nil},
		{"namespace mismatch", func() *Event { e := valid(); e.Namespace = "other"; return e }(), []string{
			`involvedObject.namespace: Invalid value: "default": does not match event.namespace`,
		}},
		{"cluster-scoped object in default", func() *Event {
			e := valid()
			e.InvolvedObject = ObjectReference{Kind: "Node", Name: "node-1"}
			return e
		}(), nil},
		{"cluster-scoped object elsewhere", func() *Event {
			e := valid()
			e.InvolvedObject = ObjectReference{Kind: "Node", Name: "node-1"}
			e.Namespace = "team-a"
			return e
		}(), []string{`involvedObject.namespace: Invalid value: "": does not match event.namespace`}},
		{"type", func() *Event { e := valid(); e.Type = "Error"; return e }(), []string{
			`type: Unsupported value: "Error": supported values: "Normal", "Warning"`,
		}},
		{"new style needs reporting fields", func() *Event {
			e := newStyle()
			e.ReportingController, e.ReportingInstance, e.Action, e.Reason = "", "", "", ""
			return e
		}(), []string{
			"reportingComponent: Required value",
			`reportingComponent: Invalid value: "": name part must be non-empty`,
			`reportingComponent: Invalid value: "": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
			"reportingInstance: Required value",
			"action: Required value",
			"reason: Required value",
		}},
		{"new style lengths", func() *Event {
			e := newStyle()
			e.Reason = strings.Repeat("r", 129)
			e.Message = strings.Repeat("m", 1025)
			return e
		}(), []string{
			`reason: Invalid value: "": can have at most 128 characters`,
			`message: Invalid value: "": can have at most 1024 characters`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, svcErrStrings(ValidateEvent(tt.ev))); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEventStrategy(t *testing.T) {
	k := svcKind(t, "Event")
	if !k.AllowCreateOnUpdate() || !cmp.Equal(k.ShortNames(), []string{"ev"}) {
		t.Errorf("kind: createOnUpdate %v short %v", k.AllowCreateOnUpdate(), k.ShortNames())
	}
	var ev Event
	svcDecodeStrict(t, svcEventManifest, &ev)
	fields := map[string]string{
		"involvedObject.kind":            "Pod",
		"involvedObject.namespace":       "default",
		"involvedObject.name":            "web-7d4b9c-x2x9z",
		"involvedObject.uid":             "2d4f8c1e-5a6b-4c3d-9e8f-7a6b5c4d3e2f",
		"involvedObject.apiVersion":      "v1",
		"involvedObject.resourceVersion": "1234",
		"involvedObject.fieldPath":       "spec.containers{web}",
		"reason":                         "BackOff",
		"reportingComponent":             "kubelet",
		"source":                         "kubelet",
		"type":                           "Warning",
	}
	for f, want := range fields {
		if got, ok := k.FieldValue(&ev, f); !ok || got != want {
			t.Errorf("field %s = %q, %v; want %q", f, got, ok, want)
		}
	}
	ev.Source.Component = ""
	ev.ReportingController = "example.com/ctrl"
	if got, _ := k.FieldValue(&ev, "source"); got != "example.com/ctrl" {
		t.Errorf("source falls back to %q, want the reporting controller", got)
	}
}

func TestEventCells(t *testing.T) {
	k := svcKind(t, "Event")
	var names []string
	for _, c := range k.Columns() {
		if c.Priority == 0 {
			names = append(names, strings.ToUpper(c.Name))
		}
	}
	if diff := cmp.Diff([]string{"LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"}, names); diff != "" {
		t.Errorf("columns (-want +got):\n%s", diff)
	}

	var ev Event
	svcDecodeStrict(t, svcEventManifest, &ev)
	want := []any{"5m", "Warning", "BackOff", "pod/web-7d4b9c-x2x9z", "spec.containers{web}", "kubelet, node-1",
		"Back-off restarting failed container web in pod web-7d4b9c-x2x9z_default", "60m", int64(12), "web-7d4b9c-x2x9z.17f1a2b3c4d5e6f7"}
	if diff := cmp.Diff(want, k.Cells(&ev, svcNow)); diff != "" {
		t.Errorf("cells (-want +got):\n%s", diff)
	}

	// A new-style singleton: times from eventTime, count 1, source from the reporter.
	single := &Event{ObjectMeta: meta.ObjectMeta{Name: "e"}, InvolvedObject: ObjectReference{Kind: "Node"},
		EventTime: meta.NewMicroTime(svcNow.Add(-30 * time.Second)), Type: EventTypeNormal, Reason: "Started",
		Message: "  started  ", ReportingController: "kubelet"}
	want = []any{"30s", "Normal", "Started", "node", "", "kubelet", "started", "30s", int64(1), "e"}
	if diff := cmp.Diff(want, k.Cells(single, svcNow)); diff != "" {
		t.Errorf("singleton cells (-want +got):\n%s", diff)
	}

	// A series: last seen from the series.
	series := single.DeepCopy()
	series.Series = &EventSeries{Count: 7, LastObservedTime: meta.NewMicroTime(svcNow.Add(-2 * time.Second))}
	series.ReportingInstance = "node-1"
	want = []any{"2s", "Normal", "Started", "node", "", "kubelet, node-1", "started", "30s", int64(7), "e"}
	if diff := cmp.Diff(want, k.Cells(series, svcNow)); diff != "" {
		t.Errorf("series cells (-want +got):\n%s", diff)
	}
}
