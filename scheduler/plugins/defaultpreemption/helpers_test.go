package defaultpreemption

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/gantryhq/gantry/scheduler/framework"
	st "github.com/gantryhq/gantry/scheduler/plugins/helper/schedtest"
	"github.com/gantryhq/gantry/scheduler/plugins/interpodaffinity"
	"github.com/gantryhq/gantry/scheduler/plugins/noderesources"
	"github.com/gantryhq/gantry/scheduler/plugins/podtopologyspread"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

// testHandle runs real PreFilter/Filter plugins for preemption.
type testHandle struct {
	st.Handle
	plugins  []framework.Plugin
	events   *recorder
	nominate map[string][]*framework.PodInfo
	waiting  map[string]*waitingPod
}

func (h *testHandle) EventRecorder() framework.EventRecorder { return h.events }
func (h *testHandle) PodNominator() framework.PodNominator   { return h }
func (h *testHandle) NominatedPodsForNode(node string) []*framework.PodInfo {
	return h.nominate[node]
}

func (h *testHandle) GetWaitingPod(uid string) framework.WaitingPod {
	if w, ok := h.waiting[uid]; ok {
		return w
	}
	return nil
}

func (h *testHandle) RunFilterPluginsWithNominatedPods(ctx context.Context, state *framework.CycleState, pod *corev1.Pod, ni *framework.NodeInfo) *framework.Status {
	for _, p := range h.plugins {
		f, ok := p.(framework.FilterPlugin)
		if !ok {
			continue
		}
		if _, skip := state.SkipFilterPlugins[p.Name()]; skip {
			continue
		}
		if s := f.Filter(ctx, state, pod, ni); !s.IsSuccess() {
			return s.WithPlugin(p.Name())
		}
	}
	return nil
}

func (h *testHandle) runExtensions(ctx context.Context, state *framework.CycleState, pod *corev1.Pod, pi *framework.PodInfo, ni *framework.NodeInfo, add bool) *framework.Status {
	for _, p := range h.plugins {
		pf, ok := p.(framework.PreFilterPlugin)
		if !ok || pf.PreFilterExtensions() == nil {
			continue
		}
		if _, skip := state.SkipFilterPlugins[p.Name()]; skip {
			continue
		}
		var s *framework.Status
		if add {
			s = pf.PreFilterExtensions().AddPod(ctx, state, pod, pi, ni)
		} else {
			s = pf.PreFilterExtensions().RemovePod(ctx, state, pod, pi, ni)
		}
		if !s.IsSuccess() {
			return s
		}
	}
	return nil
}

func (h *testHandle) RunPreFilterExtensionAddPod(ctx context.Context, state *framework.CycleState, pod *corev1.Pod, pi *framework.PodInfo, ni *framework.NodeInfo) *framework.Status {
	return h.runExtensions(ctx, state, pod, pi, ni, true)
}

func (h *testHandle) RunPreFilterExtensionRemovePod(ctx context.Context, state *framework.CycleState, pod *corev1.Pod, pi *framework.PodInfo, ni *framework.NodeInfo) *framework.Status {
	return h.runExtensions(ctx, state, pod, pi, ni, false)
}

// recorder records Events as "reason: message".
type recorder struct {
	mu     sync.Mutex
	events []string
}

func (r *recorder) Eventf(obj *corev1.Pod, _, reason, format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, obj.Name+" "+reason+": "+fmt.Sprintf(format, args...))
}

type waitingPod struct {
	pod      *corev1.Pod
	rejected string
}

func (w *waitingPod) Pod() *corev1.Pod          { return w.pod }
func (w *waitingPod) Allow(string)              {}
func (w *waitingPod) Reject(plugin, msg string) { w.rejected = plugin + ": " + msg }

// statusMap is a NodeToStatusReader.
type statusMap map[string]*framework.Status

func (m statusMap) Get(name string) *framework.Status {
	if s, ok := m[name]; ok {
		return s
	}
	return framework.NewStatus(framework.UnschedulableAndUnresolvable)
}

func (m statusMap) NodesWith(code framework.Code) []string {
	var out []string
	for n, s := range m {
		if s.Code() == code {
			out = append(out, n)
		}
	}
	return out
}

// env is a scheduling cycle ready for PostFilter.
type env struct {
	h     *testHandle
	pl    *DefaultPreemption
	state *framework.CycleState
	m     statusMap
}

// newEnv builds the snapshot and the filter plugins (NodeResourcesFit,
// InterPodAffinity, PodTopologySpread), runs PreFilter and Filter for pod
// like a scheduling cycle, and the plugin with a zero offset.
func newEnv(t testing.TB, nodes []*corev1.Node, pods []*corev1.Pod, pod *corev1.Pod, args *DefaultPreemptionArgs) *env {
	t.Helper()
	ctx := context.Background()
	h := &testHandle{Handle: st.Handle{Snapshot: st.NewSnapshot(nodes, pods)}, events: &recorder{}, waiting: map[string]*waitingPod{}}
	for _, f := range []func() (framework.Plugin, error){
		func() (framework.Plugin, error) { return noderesources.New(ctx, nil, h) },
		func() (framework.Plugin, error) { return interpodaffinity.New(ctx, nil, h) },
		func() (framework.Plugin, error) { return podtopologyspread.New(ctx, nil, h) },
	} {
		p, err := f()
		if err != nil {
			t.Fatal(err)
		}
		h.plugins = append(h.plugins, p)
	}
	state := framework.NewCycleState()
	state.SkipFilterPlugins = map[string]struct{}{}
	for _, p := range h.plugins {
		_, s := p.(framework.PreFilterPlugin).PreFilter(ctx, state, pod)
		if s.IsSkip() {
			state.SkipFilterPlugins[p.Name()] = struct{}{}
		} else if !s.IsSuccess() {
			t.Fatalf("PreFilter %s: %v", p.Name(), s)
		}
	}
	m := statusMap{}
	for _, ni := range h.Snapshot.List() {
		if s := h.RunFilterPluginsWithNominatedPods(ctx, state, pod, ni); !s.IsSuccess() {
			m[ni.Node().Name] = s
		}
	}
	p, err := New(ctx, args, h)
	if err != nil {
		t.Fatal(err)
	}
	pl := p.(*DefaultPreemption)
	pl.offset = func(int32) int32 { return 0 }
	pl.now = func() time.Time { return t0.Add(time.Hour) }
	return &env{h: h, pl: pl, state: state, m: m}
}

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func cpuNode(name, cpu string) *corev1.Node {
	return st.MakeNode().Name(name).Label(corev1.LabelHostname, name).Capacity(map[string]string{"cpu": cpu, "memory": "64Gi"}).Obj()
}

// victim is a pod on node with a cpu request, priority and start time
// (minutes after t0).
func victim(name, node, cpu string, prio int32, startMin int) *corev1.Pod {
	p := st.MakePod().Name(name).Node(node).Req(map[string]string{"cpu": cpu}).Priority(prio).Obj()
	ts := meta.NewTime(t0.Add(time.Duration(startMin) * time.Minute))
	p.Status.StartTime = &ts
	return p
}

func preemptor(cpu string, prio int32) *st.PodWrapper {
	return st.MakePod().Name("preemptor").Req(map[string]string{"cpu": cpu}).Priority(prio)
}
