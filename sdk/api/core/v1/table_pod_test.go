package v1

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/sdk/api/meta"
)

func TestPodCells(t *testing.T) {
	always := ContainerRestartPolicyAlways
	spec := func(initNames []string, names ...string) PodSpec {
		var s PodSpec
		for _, n := range initNames {
			c := Container{Name: n}
			if n == "sidecar" {
				c.RestartPolicy = &always
			}
			s.InitContainers = append(s.InitContainers, c)
		}
		for _, n := range names {
			s.Containers = append(s.Containers, Container{Name: n})
		}
		return s
	}
	running := func(name string, ready bool, restarts int32) ContainerStatus {
		return ContainerStatus{Name: name, Ready: ready, RestartCount: restarts,
			State: ContainerState{Running: &ContainerStateRunning{StartedAt: wlTime(time.Hour)}}}
	}
	waiting := func(name, reason string, restarts int32) ContainerStatus {
		return ContainerStatus{Name: name, RestartCount: restarts, State: ContainerState{Waiting: &ContainerStateWaiting{Reason: reason}}}
	}
	terminated := func(name, reason string, code, signal int32) ContainerStatus {
		return ContainerStatus{Name: name, State: ContainerState{Terminated: &ContainerStateTerminated{Reason: reason, ExitCode: code, Signal: signal}}}
	}
	withLast := func(cs ContainerStatus, ago time.Duration) ContainerStatus {
		cs.LastTerminationState.Terminated = &ContainerStateTerminated{ExitCode: 1, FinishedAt: wlTime(ago)}
		return cs
	}
	started := func(cs ContainerStatus) ContainerStatus { cs.Started = wlPtr(true); return cs }
	deleted := wlPtr(wlTime(time.Second))

	for _, tc := range []struct {
		name string
		pod  Pod
		want []any // READY, STATUS, RESTARTS
	}{
		{
			name: "pending, nothing reported yet",
			pod:  Pod{Spec: spec(nil, "app"), Status: PodStatus{Phase: PodPending}},
			want: []any{"0/1", "Pending", "0"},
		},
		{
			name: "scheduling gated",
			pod: Pod{Spec: spec(nil, "app"), Status: PodStatus{Phase: PodPending, Conditions: []PodCondition{
				{Type: PodScheduled, Status: ConditionFalse, Reason: PodReasonSchedulingGated}}}},
			want: []any{"0/1", "SchedulingGated", "0"},
		},
		{
			name: "container creating",
			pod:  Pod{Spec: spec(nil, "app"), Status: PodStatus{Phase: PodPending, ContainerStatuses: []ContainerStatus{waiting("app", "ContainerCreating", 0)}}},
			want: []any{"0/1", "ContainerCreating", "0"},
		},
		{
			name: "running, one of two ready, restarts summed",
			pod: Pod{Spec: spec(nil, "a", "b"), Status: PodStatus{Phase: PodRunning, ContainerStatuses: []ContainerStatus{
				running("a", true, 3), running("b", false, 3)}}},
			want: []any{"1/2", "Running", "6"},
		},
		{
			name: "crash loop with last restart time",
			pod: Pod{Spec: spec(nil, "app"), Status: PodStatus{Phase: PodRunning, ContainerStatuses: []ContainerStatus{
				withLast(waiting("app", "CrashLoopBackOff", 5), 2*time.Minute)}}},
			want: []any{"0/1", "CrashLoopBackOff", "5 (2m ago)"},
		},
		{
			name: "image pull back-off",
			pod:  Pod{Spec: spec(nil, "app"), Status: PodStatus{Phase: PodPending, ContainerStatuses: []ContainerStatus{waiting("app", "ImagePullBackOff", 0)}}},
			want: []any{"0/1", "ImagePullBackOff", "0"},
		},
		{
			name: "completed",
			pod:  Pod{Spec: spec(nil, "app"), Status: PodStatus{Phase: PodSucceeded, ContainerStatuses: []ContainerStatus{terminated("app", "Completed", 0, 0)}}},
			want: []any{"0/1", "Completed", "0"},
		},
		{
			name: "error",
			pod:  Pod{Spec: spec(nil, "app"), Status: PodStatus{Phase: PodFailed, ContainerStatuses: []ContainerStatus{terminated("app", "Error", 1, 0)}}},
			want: []any{"0/1", "Error", "0"},
		},
		{
			name: "OOMKilled",
			pod:  Pod{Spec: spec(nil, "app"), Status: PodStatus{Phase: PodRunning, ContainerStatuses: []ContainerStatus{terminated("app", "OOMKilled", 137, 0)}}},
			want: []any{"0/1", "OOMKilled", "0"},
		},
		{
			name: "terminated without reason: signal",
			pod:  Pod{Spec: spec(nil, "app"), Status: PodStatus{Phase: PodFailed, ContainerStatuses: []ContainerStatus{terminated("app", "", 0, 9)}}},
			want: []any{"0/1", "Signal:9", "0"},
		},
		{
			name: "terminated without reason: exit code",
			pod:  Pod{Spec: spec(nil, "app"), Status: PodStatus{Phase: PodFailed, ContainerStatuses: []ContainerStatus{terminated("app", "", 2, 0)}}},
			want: []any{"0/1", "ExitCode:2", "0"},
		},
		{
			name: "one container completed, another still running and ready",
			pod: Pod{Spec: spec(nil, "a", "b"), Status: PodStatus{Phase: PodRunning,
				Conditions:        []PodCondition{{Type: PodReady, Status: ConditionTrue}},
				ContainerStatuses: []ContainerStatus{running("a", true, 0), terminated("b", "Completed", 0, 0)}}},
			want: []any{"1/2", "Running", "0"},
		},
		{
			name: "one container completed, another running, pod not ready",
			pod: Pod{Spec: spec(nil, "a", "b"), Status: PodStatus{Phase: PodRunning,
				ContainerStatuses: []ContainerStatus{running("a", true, 0), terminated("b", "Completed", 0, 0)}}},
			want: []any{"1/2", "NotReady", "0"},
		},
		{
			name: "init containers pending",
			pod: Pod{Spec: spec([]string{"i1", "i2"}, "app"), Status: PodStatus{Phase: PodPending,
				InitContainerStatuses: []ContainerStatus{waiting("i1", "PodInitializing", 0), waiting("i2", "PodInitializing", 0)},
				ContainerStatuses:     []ContainerStatus{waiting("app", "PodInitializing", 0)}}},
			want: []any{"0/1", "Init:0/2", "0"},
		},
		{
			name: "second init container running",
			pod: Pod{Spec: spec([]string{"i1", "i2"}, "app"), Status: PodStatus{Phase: PodPending,
				InitContainerStatuses: []ContainerStatus{terminated("i1", "Completed", 0, 0), running("i2", false, 0)}}},
			want: []any{"0/1", "Init:1/2", "0"},
		},
		{
			name: "init container failed",
			pod: Pod{Spec: spec([]string{"i1"}, "app"), Status: PodStatus{Phase: PodPending,
				InitContainerStatuses: []ContainerStatus{terminated("i1", "Error", 1, 0)}}},
			want: []any{"0/1", "Init:Error", "0"},
		},
		{
			name: "init container failed without reason",
			pod: Pod{Spec: spec([]string{"i1"}, "app"), Status: PodStatus{Phase: PodPending,
				InitContainerStatuses: []ContainerStatus{terminated("i1", "", 3, 0)}}},
			want: []any{"0/1", "Init:ExitCode:3", "0"},
		},
		{
			name: "init container killed by signal",
			pod: Pod{Spec: spec([]string{"i1"}, "app"), Status: PodStatus{Phase: PodPending,
				InitContainerStatuses: []ContainerStatus{terminated("i1", "", 143, 15)}}},
			want: []any{"0/1", "Init:Signal:15", "0"},
		},
		{
			name: "init container crash looping",
			pod: Pod{Spec: spec([]string{"i1"}, "app"), Status: PodStatus{Phase: PodPending,
				InitContainerStatuses: []ContainerStatus{withLast(waiting("i1", "CrashLoopBackOff", 4), 30*time.Second)},
				ContainerStatuses:     []ContainerStatus{waiting("app", "PodInitializing", 0)}}},
			want: []any{"0/1", "Init:CrashLoopBackOff", "4 (30s ago)"},
		},
		{
			name: "init done, app container initializing",
			pod: Pod{Spec: spec([]string{"i1"}, "app"), Status: PodStatus{Phase: PodPending,
				InitContainerStatuses: []ContainerStatus{terminated("i1", "Completed", 0, 0)},
				ContainerStatuses:     []ContainerStatus{waiting("app", "PodInitializing", 0)}}},
			want: []any{"0/1", "PodInitializing", "0"},
		},
		{
			name: "sidecar started and ready counts in READY",
			pod: Pod{Spec: spec([]string{"sidecar"}, "app"), Status: PodStatus{Phase: PodRunning,
				Conditions:            []PodCondition{{Type: PodInitialized, Status: ConditionTrue}},
				InitContainerStatuses: []ContainerStatus{withLast(started(running("sidecar", true, 2)), 10*time.Minute)},
				ContainerStatuses:     []ContainerStatus{withLast(running("app", true, 1), 5*time.Minute)}}},
			want: []any{"2/2", "Running", "3 (5m ago)"},
		},
		{
			name: "sidecar not started yet",
			pod: Pod{Spec: spec([]string{"sidecar"}, "app"), Status: PodStatus{Phase: PodPending,
				InitContainerStatuses: []ContainerStatus{running("sidecar", false, 0)},
				ContainerStatuses:     []ContainerStatus{waiting("app", "PodInitializing", 0)}}},
			want: []any{"0/2", "Init:0/1", "0"},
		},
		{
			name: "terminating",
			pod: Pod{ObjectMeta: meta.ObjectMeta{DeletionTimestamp: deleted}, Spec: spec(nil, "app"),
				Status: PodStatus{Phase: PodRunning, ContainerStatuses: []ContainerStatus{running("app", true, 0)}}},
			want: []any{"1/1", "Terminating", "0"},
		},
		{
			name: "deleted after completing",
			pod: Pod{ObjectMeta: meta.ObjectMeta{DeletionTimestamp: deleted}, Spec: spec(nil, "app"),
				Status: PodStatus{Phase: PodSucceeded, ContainerStatuses: []ContainerStatus{terminated("app", "Completed", 0, 0)}}},
			want: []any{"0/1", "Completed", "0"},
		},
		{
			name: "node lost",
			pod:  Pod{Spec: spec(nil, "app"), Status: PodStatus{Phase: PodRunning, Reason: NodeUnreachablePodReason}},
			want: []any{"0/1", "NodeLost", "0"},
		},
		{
			name: "node lost and deleted",
			pod: Pod{ObjectMeta: meta.ObjectMeta{DeletionTimestamp: deleted}, Spec: spec(nil, "app"),
				Status: PodStatus{Phase: PodRunning, Reason: NodeUnreachablePodReason}},
			want: []any{"0/1", "Unknown", "0"},
		},
		{
			name: "evicted",
			pod:  Pod{Spec: spec(nil, "app"), Status: PodStatus{Phase: PodFailed, Reason: "Evicted"}},
			want: []any{"0/1", "Evicted", "0"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.pod.Name = "p"
			tc.pod.CreationTimestamp = wlTime(3 * time.Hour)
			cells := podCells(&tc.pod, wlNow)
			if len(cells) != len(podColumns) {
				t.Fatalf("%d cells for %d columns", len(cells), len(podColumns))
			}
			want := append([]any{"p"}, tc.want...)
			want = append(want, "3h", "<none>", "<none>", "<none>", "<none>")
			if d := cmp.Diff(want, cells); d != "" {
				t.Errorf("cells (-want +got):\n%s", d)
			}
		})
	}
}

func TestPodCellsWide(t *testing.T) {
	pod := &Pod{
		ObjectMeta: meta.ObjectMeta{Name: "web", CreationTimestamp: wlTime(90 * time.Second)},
		Spec: PodSpec{
			NodeName:       "node-1",
			Containers:     []Container{{Name: "app"}},
			ReadinessGates: []PodReadinessGate{{ConditionType: "example.com/a"}, {ConditionType: "example.com/b"}},
		},
		Status: PodStatus{
			Phase: PodRunning, PodIP: "10.42.0.7", PodIPs: []PodIP{{IP: "10.42.0.7"}, {IP: "fd00::7"}},
			NominatedNodeName: "node-2",
			Conditions: []PodCondition{
				{Type: "example.com/a", Status: ConditionTrue},
				{Type: "example.com/b", Status: ConditionFalse},
			},
			ContainerStatuses: []ContainerStatus{{Name: "app", Ready: true, State: ContainerState{Running: &ContainerStateRunning{}}}},
		},
	}
	want := []any{"web", "1/1", "Running", "0", "90s", "10.42.0.7", "node-1", "node-2", "1/2"}
	if d := cmp.Diff(want, podCells(pod, wlNow)); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	var names []string
	var wide []string
	for _, c := range podColumns {
		names = append(names, c.Name)
		if c.Priority == 1 {
			wide = append(wide, c.Name)
		}
	}
	if d := cmp.Diff([]string{"Name", "Ready", "Status", "Restarts", "Age", "IP", "Node", "Nominated Node", "Readiness Gates"}, names); d != "" {
		t.Errorf("columns (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"IP", "Node", "Nominated Node", "Readiness Gates"}, wide); d != "" {
		t.Errorf("wide columns (-want +got):\n%s", d)
	}
}

func TestPodTemplateCells(t *testing.T) {
	pt := &PodTemplate{ObjectMeta: meta.ObjectMeta{Name: "tpl"}, Template: PodTemplateSpec{
		ObjectMeta: meta.ObjectMeta{Labels: map[string]string{"b": "2", "a": "1"}},
		Spec:       PodSpec{Containers: []Container{{Name: "c1", Image: "i1"}, {Name: "c2", Image: "i2"}}},
	}}
	if d := cmp.Diff([]any{"tpl", "c1,c2", "i1,i2", "a=1,b=2"}, podTemplateCells(pt, wlNow)); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}
