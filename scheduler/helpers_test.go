package scheduler

import (
	"context"
	"fmt"
	"sync"

	"github.com/gantryhq/gantry/scheduler/framework"
	"github.com/gantryhq/gantry/scheduler/plugins/schedulinggates"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/resource"
)

// Test plugins standing in for the default ones.

type testSort struct{}

func (testSort) Name() string { return "TestSort" }
func (testSort) Less(a, b *framework.QueuedPodInfo) bool {
	pa, pb := prio(a.Pod), prio(b.Pod)
	if pa != pb {
		return pa > pb
	}
	return a.Timestamp.Before(b.Timestamp)
}

func prio(p *corev1.Pod) int32 {
	if p.Spec.Priority != nil {
		return *p.Spec.Priority
	}
	return 0
}

// testFit rejects nodes without enough cpu, with Kubernetes' message. Its
// PreFilter computes the pod's requests once.
type testFit struct{}

type fitState struct{ framework.Resource }

func (f *fitState) Clone() framework.StateData { return f }

func (testFit) Name() string { return "TestFit" }
func (testFit) PreFilter(_ context.Context, state *framework.CycleState, pod *corev1.Pod) (*framework.PreFilterResult, *framework.Status) {
	state.Write("TestFit", &fitState{framework.PodRequests(pod, false)})
	return nil, nil
}
func (testFit) PreFilterExtensions() framework.PreFilterExtensions { return nil }
func (testFit) Filter(_ context.Context, state *framework.CycleState, pod *corev1.Pod, ni *framework.NodeInfo) *framework.Status {
	st, err := framework.ReadState[*fitState](state, "TestFit")
	if err != nil {
		return framework.AsStatus(err)
	}
	if ni.Requested.MilliCPU+st.MilliCPU > ni.Allocatable.MilliCPU {
		return framework.NewStatus(framework.Unschedulable, "Insufficient cpu")
	}
	if len(ni.Pods)+1 > ni.Allocatable.AllowedPodNumber {
		return framework.NewStatus(framework.Unschedulable, "Too many pods")
	}
	return nil
}
func (testFit) EventsToRegister(context.Context) ([]framework.ClusterEventWithHint, error) {
	return []framework.ClusterEventWithHint{
		{Event: framework.ClusterEvent{Resource: framework.NodeResource, ActionType: framework.Add | framework.UpdateNodeAllocatable}},
		{Event: framework.ClusterEvent{Resource: framework.AssignedPod, ActionType: framework.Delete}},
	}, nil
}

// testTaint rejects nodes with a NoSchedule taint the pod does not tolerate.
type testTaint struct{}

func (testTaint) Name() string { return "TestTaint" }
func (testTaint) Filter(_ context.Context, _ *framework.CycleState, pod *corev1.Pod, ni *framework.NodeInfo) *framework.Status {
	for i := range ni.Node().Spec.Taints {
		t := &ni.Node().Spec.Taints[i]
		ok := false
		for j := range pod.Spec.Tolerations {
			if pod.Spec.Tolerations[j].ToleratesTaint(t) {
				ok = true
			}
		}
		if !ok {
			return framework.NewStatus(framework.UnschedulableAndUnresolvable, fmt.Sprintf("node(s) had untolerated taint {%s: %s}", t.Key, t.Value))
		}
	}
	return nil
}
func (testTaint) EventsToRegister(context.Context) ([]framework.ClusterEventWithHint, error) {
	return []framework.ClusterEventWithHint{{Event: framework.ClusterEvent{Resource: framework.NodeResource, ActionType: framework.Add | framework.UpdateNodeTaint}}}, nil
}

// testLeast scores by free cpu.
type testLeast struct{}

func (testLeast) Name() string { return "TestLeast" }
func (testLeast) Score(_ context.Context, _ *framework.CycleState, pod *corev1.Pod, ni *framework.NodeInfo) (int64, *framework.Status) {
	if ni.Allocatable.MilliCPU == 0 {
		return 0, nil
	}
	return (ni.Allocatable.MilliCPU - ni.Requested.MilliCPU) * framework.MaxNodeScore / ni.Allocatable.MilliCPU, nil
}
func (testLeast) ScoreExtensions() framework.ScoreExtensions { return nil }

// recordingBinder records the bindings.
type recordingBinder struct {
	mu    sync.Mutex
	binds map[string]string
	ch    chan string
}

func newRecordingBinder() *recordingBinder {
	return &recordingBinder{binds: map[string]string{}, ch: make(chan string, 100000)}
}

func (b *recordingBinder) Name() string { return "RecordingBinder" }
func (b *recordingBinder) Bind(_ context.Context, _ *framework.CycleState, pod *corev1.Pod, node string) *framework.Status {
	b.mu.Lock()
	b.binds[pod.Name] = node
	b.mu.Unlock()
	b.ch <- pod.Name
	return nil
}

func (b *recordingBinder) get(name string) (string, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	n, ok := b.binds[name]
	return n, ok
}

func factoryOf(p framework.Plugin) framework.PluginFactory {
	return framework.Factory(func(context.Context, *struct{}, framework.Handle) (framework.Plugin, error) { return p, nil })
}

// testRegistry has the test plugins plus SchedulingGates.
func testRegistry() framework.Registry {
	return framework.Registry{
		"TestSort":           factoryOf(testSort{}),
		"TestFit":            factoryOf(testFit{}),
		"TestTaint":          factoryOf(testTaint{}),
		"TestLeast":          factoryOf(testLeast{}),
		schedulinggates.Name: schedulinggates.Factory,
	}
}

// testProfile replaces the defaults with the test plugins.
func testProfile() framework.Profile {
	return framework.Profile{Plugins: &framework.Plugins{MultiPoint: framework.PluginSet{
		Disabled: []framework.PluginRef{{Name: "*"}},
		Enabled: []framework.PluginRef{
			{Name: schedulinggates.Name}, {Name: "TestSort"}, {Name: "TestTaint"}, {Name: "TestFit"},
			{Name: "TestLeast", Weight: 1}, {Name: DefaultBinderName},
		},
	}}}
}

func makeNode(name string, milliCPU int64, pods int64, taints ...corev1.Taint) *corev1.Node {
	return &corev1.Node{
		ObjectMeta: meta.ObjectMeta{Name: name, UID: meta.UID("node-" + name), Labels: map[string]string{corev1.LabelHostname: name}},
		Spec:       corev1.NodeSpec{Taints: taints},
		Status: corev1.NodeStatus{
			Capacity: corev1.ResourceList{
				corev1.ResourceCPU: *resource.NewMilliQuantity(milliCPU, resource.DecimalSI), corev1.ResourcePods: *resource.NewQuantity(pods, resource.DecimalSI),
				corev1.ResourceMemory: resource.MustParse("64Gi"),
			},
			Allocatable: corev1.ResourceList{
				corev1.ResourceCPU: *resource.NewMilliQuantity(milliCPU, resource.DecimalSI), corev1.ResourcePods: *resource.NewQuantity(pods, resource.DecimalSI),
				corev1.ResourceMemory: resource.MustParse("64Gi"),
			},
		},
	}
}

func makePod(name string, milliCPU int64) *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: meta.ObjectMeta{Name: name, Namespace: "default", UID: meta.UID("pod-" + name)},
		Spec: corev1.PodSpec{
			SchedulerName: DefaultSchedulerName,
			Containers: []corev1.Container{{Name: "c", Image: "busybox", Resources: corev1.ResourceRequirements{
				Requests: corev1.ResourceList{corev1.ResourceCPU: *resource.NewMilliQuantity(milliCPU, resource.DecimalSI)},
			}}},
		},
	}
}
