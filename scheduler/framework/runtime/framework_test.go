package runtime

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/scheduler/framework"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

// fakePlugin implements every extension point; its behaviour per point is
// set by fields, and it logs its calls.
type fakePlugin struct {
	name       string
	log        *callLog
	preFilter  *framework.Status
	preRes     *framework.PreFilterResult
	filter     *framework.Status
	score      int64
	reserve    *framework.Status
	permit     *framework.Status
	permitWait time.Duration
	bind       *framework.Status
}

type callLog struct {
	mu    sync.Mutex
	calls []string
}

func (l *callLog) add(s string) {
	l.mu.Lock()
	l.calls = append(l.calls, s)
	l.mu.Unlock()
}

func (l *callLog) get() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.calls...)
}

type fakeArgs struct {
	Score int64 `json:"score"`
}

func (p *fakePlugin) Name() string                            { return p.name }
func (p *fakePlugin) Less(a, b *framework.QueuedPodInfo) bool { return false }
func (p *fakePlugin) PreFilter(context.Context, *framework.CycleState, *corev1.Pod) (*framework.PreFilterResult, *framework.Status) {
	p.log.add(p.name + ".PreFilter")
	return p.preRes, p.preFilter
}
func (p *fakePlugin) PreFilterExtensions() framework.PreFilterExtensions { return nil }
func (p *fakePlugin) Filter(context.Context, *framework.CycleState, *corev1.Pod, *framework.NodeInfo) *framework.Status {
	p.log.add(p.name + ".Filter")
	return p.filter
}
func (p *fakePlugin) Score(context.Context, *framework.CycleState, *corev1.Pod, *framework.NodeInfo) (int64, *framework.Status) {
	return p.score, nil
}
func (p *fakePlugin) ScoreExtensions() framework.ScoreExtensions { return nil }
func (p *fakePlugin) Reserve(context.Context, *framework.CycleState, *corev1.Pod, string) *framework.Status {
	p.log.add(p.name + ".Reserve")
	return p.reserve
}
func (p *fakePlugin) Unreserve(context.Context, *framework.CycleState, *corev1.Pod, string) {
	p.log.add(p.name + ".Unreserve")
}
func (p *fakePlugin) Permit(context.Context, *framework.CycleState, *corev1.Pod, string) (*framework.Status, time.Duration) {
	return p.permit, p.permitWait
}
func (p *fakePlugin) Bind(context.Context, *framework.CycleState, *corev1.Pod, string) *framework.Status {
	p.log.add(p.name + ".Bind")
	return p.bind
}

func registryOf(plugins ...*fakePlugin) framework.Registry {
	r := framework.Registry{}
	for _, p := range plugins {
		p := p
		r[p.name] = framework.Factory(func(_ context.Context, a *fakeArgs, _ framework.Handle) (framework.Plugin, error) {
			if a.Score != 0 {
				p.score = a.Score
			}
			return p, nil
		})
	}
	return r
}

func multi(names ...string) *framework.Plugins {
	p := &framework.Plugins{}
	for _, n := range names {
		p.MultiPoint.Enabled = append(p.MultiPoint.Enabled, framework.PluginRef{Name: n})
	}
	return p
}

func TestNewFrameworkConfigErrors(t *testing.T) {
	a, b := &fakePlugin{name: "A", log: &callLog{}}, &fakePlugin{name: "B", log: &callLog{}}
	tests := []struct {
		name    string
		profile framework.Profile
		wantErr string
	}{
		{name: "unknown plugin", profile: framework.Profile{Plugins: multi("A", "Nope")}, wantErr: `plugin "Nope" is not registered`},
		{name: "unknown args field", profile: framework.Profile{Plugins: multi("A"), PluginConfig: []framework.PluginConfig{{Name: "A", Args: []byte(`{"scroe": 3}`)}}},
			wantErr: `initializing plugin "A": decoding plugin args: json: unknown field "scroe"`},
		{name: "args for unknown plugin", profile: framework.Profile{Plugins: multi("A"), PluginConfig: []framework.PluginConfig{{Name: "Z"}}}, wantErr: `pluginConfig for plugin "Z", which is not registered`},
		{name: "duplicate enable at a point", profile: framework.Profile{Plugins: &framework.Plugins{
			MultiPoint: framework.PluginSet{Enabled: []framework.PluginRef{{Name: "A"}}},
			Filter:     framework.PluginSet{Enabled: []framework.PluginRef{{Name: "B"}, {Name: "B"}}}}}, wantErr: `plugin "B" is enabled twice at the Filter extension point`},
		{name: "duplicate multipoint", profile: framework.Profile{Plugins: multi("A", "A")}, wantErr: `plugin "A" is enabled twice in multiPoint`},
		{name: "two queue sorts", profile: framework.Profile{Plugins: multi("A", "B")}, wantErr: `exactly one queue sort plugin is required, got 2`},
		{name: "negative weight", profile: framework.Profile{Plugins: &framework.Plugins{MultiPoint: framework.PluginSet{Enabled: []framework.PluginRef{{Name: "A", Weight: -1}}}}}, wantErr: `negative weight -1`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewFramework(context.Background(), registryOf(a, b), &tc.profile, Options{})
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("error = %v, want one containing %q", err, tc.wantErr)
			}
		})
	}
}

func TestNewFrameworkExpansionAndWeights(t *testing.T) {
	a, b, c := &fakePlugin{name: "A", log: &callLog{}}, &fakePlugin{name: "B", log: &callLog{}}, &fakePlugin{name: "C", log: &callLog{}}
	defaults := &framework.Plugins{MultiPoint: framework.PluginSet{Enabled: []framework.PluginRef{{Name: "A"}, {Name: "B", Weight: 2}}}}
	custom := &framework.Plugins{
		MultiPoint: framework.PluginSet{Enabled: []framework.PluginRef{{Name: "C", Weight: 5}}},
		QueueSort:  framework.PluginSet{Disabled: []framework.PluginRef{{Name: "*"}}, Enabled: []framework.PluginRef{{Name: "C"}}},
		Score:      framework.PluginSet{Enabled: []framework.PluginRef{{Name: "B", Weight: 7}}},
		Reserve:    framework.PluginSet{Disabled: []framework.PluginRef{{Name: "A"}}},
	}
	prof := &framework.Profile{Plugins: MergePlugins(defaults, custom), PluginConfig: []framework.PluginConfig{{Name: "C", Args: []byte(`{"score": 9}`)}}}
	f, err := NewFramework(context.Background(), registryOf(a, b, c), prof, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got := f.ExtensionPoints()
	want := map[string][]string{
		"QueueSort": {"C"}, "PreFilter": {"A", "B", "C"}, "Filter": {"A", "B", "C"},
		"Score": {"B", "A", "C"}, "Reserve": {"B", "C"}, "Permit": {"A", "B", "C"}, "Bind": {"A", "B", "C"},
		"PreEnqueue": nil, "PostFilter": nil, "PreScore": nil, "PreBind": nil, "PostBind": nil,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("extension points (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int64{"A": 1, "B": 7, "C": 5}, f.ScoreWeights()); diff != "" {
		t.Errorf("weights (-want +got):\n%s", diff)
	}
	if c.score != 9 {
		t.Errorf("plugin args not applied: score %d", c.score)
	}
}

func TestMergePlugins(t *testing.T) {
	def := &framework.Plugins{MultiPoint: framework.PluginSet{Enabled: []framework.PluginRef{{Name: "A"}, {Name: "B", Weight: 2}, {Name: "C"}}}}
	tests := []struct {
		name   string
		custom *framework.Plugins
		want   []framework.PluginRef
	}{
		{name: "nil keeps defaults", want: def.MultiPoint.Enabled},
		{name: "disable one", custom: &framework.Plugins{MultiPoint: framework.PluginSet{Disabled: []framework.PluginRef{{Name: "B"}}}},
			want: []framework.PluginRef{{Name: "A"}, {Name: "C"}}},
		{name: "disable all and add", custom: &framework.Plugins{MultiPoint: framework.PluginSet{Disabled: []framework.PluginRef{{Name: "*"}}, Enabled: []framework.PluginRef{{Name: "X"}}}},
			want: []framework.PluginRef{{Name: "X"}}},
		{name: "reweight in place", custom: &framework.Plugins{MultiPoint: framework.PluginSet{Enabled: []framework.PluginRef{{Name: "B", Weight: 9}, {Name: "D"}}}},
			want: []framework.PluginRef{{Name: "A"}, {Name: "B", Weight: 9}, {Name: "C"}, {Name: "D"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := MergePlugins(def, tc.custom).MultiPoint.Enabled
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("merged (-want +got):\n%s", diff)
			}
		})
	}
}

func newFW(t *testing.T, plugins ...*fakePlugin) *Framework {
	t.Helper()
	names := []string{}
	for _, p := range plugins {
		names = append(names, p.name)
	}
	// The first plugin is the only QueueSort and every plugin binds.
	prof := &framework.Profile{Plugins: &framework.Plugins{
		QueueSort: framework.PluginSet{Enabled: []framework.PluginRef{{Name: names[0]}}},
	}}
	for _, n := range names {
		ref := framework.PluginRef{Name: n}
		for _, set := range []*framework.PluginSet{&prof.Plugins.PreFilter, &prof.Plugins.Filter, &prof.Plugins.Score, &prof.Plugins.Reserve, &prof.Plugins.Permit, &prof.Plugins.Bind} {
			set.Enabled = append(set.Enabled, ref)
		}
	}
	f, err := NewFramework(context.Background(), registryOf(plugins...), prof, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

var testPod = &corev1.Pod{ObjectMeta: meta.ObjectMeta{Name: "p", Namespace: "ns", UID: "uid-p"}}

func testNode(name string) *framework.NodeInfo {
	ni := framework.NewNodeInfo()
	ni.SetNode(&corev1.Node{ObjectMeta: meta.ObjectMeta{Name: name}})
	return ni
}

func TestPreFilterAndFilter(t *testing.T) {
	skip := framework.NewStatus(framework.Skip)
	tests := []struct {
		name        string
		a, b        fakePlugin
		wantPre     string
		wantFilter  string
		wantCalls   []string
		wantResult  []string
		wantSkipped []string
	}{
		{name: "all pass", wantPre: "Success", wantFilter: "Success",
			wantCalls: []string{"A.PreFilter", "B.PreFilter", "A.Filter", "B.Filter"}},
		{name: "skip skips the filter", a: fakePlugin{preFilter: skip}, wantPre: "Success", wantFilter: "Success",
			wantCalls: []string{"A.PreFilter", "B.PreFilter", "B.Filter"}, wantSkipped: []string{"A"}},
		{name: "unschedulable prefilter runs the rest", a: fakePlugin{preFilter: framework.NewStatus(framework.Unschedulable, "no")},
			wantPre: "Unschedulable: no", wantFilter: "Success", wantCalls: []string{"A.PreFilter", "B.PreFilter", "A.Filter", "B.Filter"}},
		{name: "unresolvable prefilter stops", a: fakePlugin{preFilter: framework.NewStatus(framework.UnschedulableAndUnresolvable, "never")},
			wantPre: "UnschedulableAndUnresolvable: never", wantFilter: "Success", wantCalls: []string{"A.PreFilter", "A.Filter", "B.Filter"}},
		{name: "results intersect", a: fakePlugin{preRes: &framework.PreFilterResult{NodeNames: map[string]struct{}{"n1": {}, "n2": {}}}},
			b:       fakePlugin{preRes: &framework.PreFilterResult{NodeNames: map[string]struct{}{"n2": {}, "n3": {}}}},
			wantPre: "Success", wantFilter: "Success", wantResult: []string{"n2"},
			wantCalls: []string{"A.PreFilter", "B.PreFilter", "A.Filter", "B.Filter"}},
		{name: "empty intersection", a: fakePlugin{preRes: &framework.PreFilterResult{NodeNames: map[string]struct{}{"n1": {}}}},
			b:       fakePlugin{preRes: &framework.PreFilterResult{NodeNames: map[string]struct{}{"n3": {}}}},
			wantPre: "UnschedulableAndUnresolvable: node(s) didn't satisfy plugin(s) [A B] simultaneously", wantFilter: "Success",
			wantCalls: []string{"A.PreFilter", "B.PreFilter", "A.Filter", "B.Filter"}},
		{name: "filter stops at the first rejection", a: fakePlugin{filter: framework.NewStatus(framework.Unschedulable, "Insufficient cpu")},
			wantPre: "Success", wantFilter: "Unschedulable: Insufficient cpu",
			wantCalls: []string{"A.PreFilter", "B.PreFilter", "A.Filter"}},
		{name: "filter error", b: fakePlugin{filter: framework.NewStatus(framework.Error, "boom")},
			wantPre: "Success", wantFilter: `Error: running "B" filter plugin: boom`,
			wantCalls: []string{"A.PreFilter", "B.PreFilter", "A.Filter", "B.Filter"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			log := &callLog{}
			a, b := tc.a, tc.b
			a.name, a.log, b.name, b.log = "A", log, "B", log
			f := newFW(t, &a, &b)
			state := framework.NewCycleState()
			res, st, _ := f.RunPreFilterPlugins(context.Background(), state, testPod)
			if diff := cmp.Diff(tc.wantPre, st.String()); diff != "" {
				t.Errorf("PreFilter (-want +got):\n%s", diff)
			}
			var gotRes []string
			if res != nil {
				for n := range res.NodeNames {
					gotRes = append(gotRes, n)
				}
			}
			if diff := cmp.Diff(tc.wantResult, gotRes); diff != "" {
				t.Errorf("PreFilterResult (-want +got):\n%s", diff)
			}
			var skipped []string
			for n := range state.SkipFilterPlugins {
				skipped = append(skipped, n)
			}
			if diff := cmp.Diff(tc.wantSkipped, skipped); diff != "" {
				t.Errorf("skipped (-want +got):\n%s", diff)
			}
			fst := f.PrepareFilter(state, testPod).RunNode(context.Background(), testNode("n1"))
			if diff := cmp.Diff(tc.wantFilter, fst.String()); diff != "" {
				t.Errorf("Filter (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.wantCalls, log.get()); diff != "" {
				t.Errorf("calls (-want +got):\n%s", diff)
			}
		})
	}
}

func TestScoreWeights(t *testing.T) {
	log := &callLog{}
	a, b := &fakePlugin{name: "A", log: log, score: 10}, &fakePlugin{name: "B", log: log, score: 50}
	prof := &framework.Profile{Plugins: &framework.Plugins{
		QueueSort: framework.PluginSet{Enabled: []framework.PluginRef{{Name: "A"}}},
		Bind:      framework.PluginSet{Enabled: []framework.PluginRef{{Name: "A"}}},
		Score:     framework.PluginSet{Enabled: []framework.PluginRef{{Name: "A", Weight: 3}, {Name: "B"}}},
	}}
	f, err := NewFramework(context.Background(), registryOf(a, b), prof, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	nodes := []*framework.NodeInfo{testNode("n1"), testNode("n2")}
	totals := make([]int64, 2)
	if st := f.RunScorePlugins(context.Background(), framework.NewCycleState(), testPod, nodes, totals); st != nil {
		t.Fatal(st)
	}
	if diff := cmp.Diff([]int64{80, 80}, totals); diff != "" {
		t.Errorf("totals (-want +got):\n%s", diff)
	}
	a.score = 101
	if st := f.RunScorePlugins(context.Background(), framework.NewCycleState(), testPod, nodes, totals); !strings.Contains(st.Message(), "invalid score 101") {
		t.Errorf("out-of-range score: got %v", st)
	}
}

func TestReserveUnreserveOrderAndBindSkip(t *testing.T) {
	tests := []struct {
		name      string
		a, b, c   fakePlugin
		wantBind  string
		wantCalls []string
	}{
		{name: "first binder skips, second binds", a: fakePlugin{bind: framework.NewStatus(framework.Skip)}, wantBind: "Success",
			wantCalls: []string{"A.Reserve", "B.Reserve", "C.Reserve", "C.Unreserve", "B.Unreserve", "A.Unreserve", "A.Bind", "B.Bind"}},
		{name: "all skip", a: fakePlugin{bind: framework.NewStatus(framework.Skip)}, b: fakePlugin{bind: framework.NewStatus(framework.Skip)}, c: fakePlugin{bind: framework.NewStatus(framework.Skip)},
			wantBind:  "Skip",
			wantCalls: []string{"A.Reserve", "B.Reserve", "C.Reserve", "C.Unreserve", "B.Unreserve", "A.Unreserve", "A.Bind", "B.Bind", "C.Bind"}},
		{name: "bind error stops", a: fakePlugin{bind: framework.NewStatus(framework.Error, "api down")}, wantBind: `Error: running Bind plugin "A": api down`,
			wantCalls: []string{"A.Reserve", "B.Reserve", "C.Reserve", "C.Unreserve", "B.Unreserve", "A.Unreserve", "A.Bind"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			log := &callLog{}
			a, b, c := tc.a, tc.b, tc.c
			a.name, b.name, c.name = "A", "B", "C"
			a.log, b.log, c.log = log, log, log
			f := newFW(t, &a, &b, &c)
			state := framework.NewCycleState()
			if st := f.RunReservePluginsReserve(context.Background(), state, testPod, "n1"); st != nil {
				t.Fatal(st)
			}
			f.RunReservePluginsUnreserve(context.Background(), state, testPod, "n1")
			got := f.RunBindPlugins(context.Background(), state, testPod, "n1")
			if diff := cmp.Diff(tc.wantBind, got.String()); diff != "" {
				t.Errorf("bind (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.wantCalls, log.get()); diff != "" {
				t.Errorf("calls (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPermit(t *testing.T) {
	wait := framework.NewStatus(framework.Wait)
	tests := []struct {
		name   string
		a, b   fakePlugin
		act    func(f *Framework)
		wantRS string // RunPermitPlugins
		want   string // WaitOnPermit
	}{
		{name: "all allow at once", wantRS: "Success", want: "Success"},
		{name: "reject", b: fakePlugin{permit: framework.NewStatus(framework.Unschedulable, "not now")}, wantRS: "Unschedulable: not now"},
		{name: "wait then allow by both", a: fakePlugin{permit: wait, permitWait: time.Minute}, b: fakePlugin{permit: wait, permitWait: time.Minute},
			act: func(f *Framework) {
				wp := f.GetWaitingPod("uid-p")
				wp.Allow("A")
				wp.Allow("B")
			},
			wantRS: `Wait: one or more plugins asked to wait and no plugin rejected pod "p"`, want: "Success"},
		{name: "wait then reject", a: fakePlugin{permit: wait, permitWait: time.Minute},
			act:    func(f *Framework) { f.GetWaitingPod("uid-p").Reject("A", "go away") },
			wantRS: `Wait: one or more plugins asked to wait and no plugin rejected pod "p"`, want: "Unschedulable: go away"},
		{name: "wait times out", a: fakePlugin{permit: wait, permitWait: 10 * time.Millisecond},
			wantRS: `Wait: one or more plugins asked to wait and no plugin rejected pod "p"`, want: "Unschedulable: rejected due to timeout after waiting 10ms at plugin A"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			log := &callLog{}
			a, b := tc.a, tc.b
			a.name, b.name, a.log, b.log = "A", "B", log, log
			f := newFW(t, &a, &b)
			st := f.RunPermitPlugins(context.Background(), framework.NewCycleState(), testPod, "n1")
			if diff := cmp.Diff(tc.wantRS, st.String()); diff != "" {
				t.Errorf("RunPermitPlugins (-want +got):\n%s", diff)
			}
			if !st.IsSuccess() && !st.IsWait() {
				return
			}
			if tc.act != nil {
				tc.act(f)
			}
			got := f.WaitOnPermit(context.Background(), testPod)
			if diff := cmp.Diff(tc.want, got.String()); diff != "" {
				t.Errorf("WaitOnPermit (-want +got):\n%s", diff)
			}
			if f.GetWaitingPod("uid-p") != nil {
				t.Error("the pod is still waiting")
			}
		})
	}
}

func TestParallelizerCoversAllPieces(t *testing.T) {
	p := NewParallelizer(4)
	defer p.Close()
	for _, n := range []int{0, 1, 7, 1000} {
		hits := make([]int32, n)
		var mu sync.Mutex
		p.Until(context.Background(), n, func(i int) {
			mu.Lock()
			hits[i]++
			mu.Unlock()
		})
		for i, h := range hits {
			if h != 1 {
				t.Fatalf("pieces=%d: piece %d ran %d times", n, i, h)
			}
		}
	}
}
