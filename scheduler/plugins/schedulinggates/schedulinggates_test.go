package schedulinggates

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/scheduler/framework"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

func TestPreEnqueue(t *testing.T) {
	tests := []struct {
		name  string
		gates []corev1.PodSchedulingGate
		want  string
	}{
		{name: "no gates", want: "Success"},
		{name: "two gates", gates: []corev1.PodSchedulingGate{{Name: "a"}, {Name: "b"}}, want: "UnschedulableAndUnresolvable: waiting for scheduling gates: [a b]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pl, err := New(context.Background(), &SchedulingGatesArgs{}, nil)
			if err != nil {
				t.Fatal(err)
			}
			pod := &corev1.Pod{ObjectMeta: meta.ObjectMeta{Name: "p"}, Spec: corev1.PodSpec{SchedulingGates: tc.gates}}
			got := pl.(framework.PreEnqueuePlugin).PreEnqueue(context.Background(), pod).String()
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("PreEnqueue (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFactoryRejectsArgs(t *testing.T) {
	if _, err := Factory(context.Background(), []byte(`{"foo":1}`), nil); err == nil {
		t.Fatal("Factory accepted an unknown args field")
	}
}

func TestHint(t *testing.T) {
	pod := &corev1.Pod{ObjectMeta: meta.ObjectMeta{Name: "p", UID: "u1"}}
	other := &corev1.Pod{ObjectMeta: meta.ObjectMeta{Name: "q", UID: "u2"}}
	tests := []struct {
		name string
		obj  any
		want framework.QueueingHint
	}{
		{name: "same pod", obj: pod, want: framework.Queue},
		{name: "other pod", obj: other, want: framework.QueueSkip},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := isSchedulableAfterGatesEliminated(pod, nil, tc.obj)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("hint (-want +got):\n%s", diff)
			}
		})
	}
}
