package podtopologyspread

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/scheduler/framework"
	"github.com/gantryhq/gantry/scheduler/internal/cache"
	st "github.com/gantryhq/gantry/scheduler/plugins/helper/schedtest"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

// cacheHandle is a handle on a snapshot of the scheduler cache (whose
// NodeInfos carry Generations), with a goroutine parallelizer.
type cacheHandle struct {
	st.Handle
	snap *cache.Snapshot
}

func (h *cacheHandle) SnapshotSharedLister() framework.SharedLister { return h.snap }
func (h *cacheHandle) Parallelizer() framework.Parallelizer         { return goParallelizer{} }

// stateView is a comparable view of a preFilterState: per constraint the
// count of every domain, the number of domains, the global minimum
// Filter uses and the self-match.
type stateView struct {
	Counts    []map[string]int
	Domains   []int
	Min       []int
	SelfMatch []int
}

func viewOf(s *preFilterState) stateView {
	var v stateView
	for i := range s.constraints {
		m := map[string]int{}
		for k := range s.counts[i].base {
			m[k], _ = s.counts[i].get(k)
		}
		for k := range s.counts[i].delta {
			if n, ok := s.counts[i].get(k); ok {
				m[k] = n
			}
		}
		v.Counts = append(v.Counts, m)
		v.Domains = append(v.Domains, s.counts[i].domains())
		v.Min = append(v.Min, s.minMatchNum(i))
	}
	v.SelfMatch = s.selfMatch
	return v
}

// cacheWorld is a random cluster kept in a scheduler cache.
type cacheWorld struct {
	rnd   *rand.Rand
	c     *cache.Cache
	snap  *cache.Snapshot
	nodes map[string]*corev1.Node
	pods  map[string]*corev1.Pod
	seq   int
}

func newCacheWorld(seed uint64) *cacheWorld {
	w := &cacheWorld{rnd: rand.New(rand.NewPCG(seed, 1)), c: cache.New(cache.Options{AssumedPodTTL: -1}), snap: cache.NewEmptySnapshot(), nodes: map[string]*corev1.Node{}, pods: map[string]*corev1.Pod{}}
	for range 30 {
		w.addNode()
	}
	for range 120 {
		w.addPod()
	}
	return w
}

func (w *cacheWorld) randomNode(name string) *corev1.Node {
	n := st.MakeNode().Name(name).Label(corev1.LabelHostname, name)
	if w.rnd.IntN(8) != 0 {
		n.Label("zone", fmt.Sprintf("z%d", w.rnd.IntN(4)))
	}
	if w.rnd.IntN(5) == 0 {
		n.Label("disk", "ssd")
	}
	if w.rnd.IntN(6) == 0 {
		n.Taint("dedicated", "gpu", corev1.TaintEffectNoSchedule)
	}
	return n.Obj()
}

func (w *cacheWorld) addNode() {
	w.seq++
	n := w.randomNode(fmt.Sprintf("n%d", w.seq))
	w.nodes[n.Name] = n
	w.c.AddNode(n)
}

func (w *cacheWorld) anyNode() string {
	names := make([]string, 0, len(w.nodes))
	for k := range w.nodes {
		names = append(names, k)
	}
	if len(names) == 0 {
		return ""
	}
	// Map order is random; pick deterministically from the sorted names.
	slices.Sort(names)
	return names[w.rnd.IntN(len(names))]
}

func (w *cacheWorld) anyPod() *corev1.Pod {
	names := make([]string, 0, len(w.pods))
	for k := range w.pods {
		names = append(names, k)
	}
	if len(names) == 0 {
		return nil
	}
	slices.Sort(names)
	return w.pods[names[w.rnd.IntN(len(names))]]
}

func (w *cacheWorld) randomPod(name, nodeName string) *corev1.Pod {
	p := st.MakePod().Name(name).UID(name).Node(nodeName).Namespace(fmt.Sprintf("ns%d", w.rnd.IntN(2)))
	switch w.rnd.IntN(3) {
	case 0:
		p.Label("color", "blue")
	case 1:
		p.Label("color", "red")
	}
	if w.rnd.IntN(2) == 0 {
		p.Label("app", fmt.Sprintf("a%d", w.rnd.IntN(2)))
	}
	obj := p.Obj()
	if w.rnd.IntN(10) == 0 {
		obj.DeletionTimestamp = &meta.Time{}
	}
	return obj
}

func (w *cacheWorld) addPod() {
	node := w.anyNode()
	if node == "" {
		return
	}
	w.seq++
	p := w.randomPod(fmt.Sprintf("p%d", w.seq), node)
	w.pods[p.Name] = p
	w.c.AddPod(p)
}

// mutate applies a few random changes.
func (w *cacheWorld) mutate() {
	for range 1 + w.rnd.IntN(4) {
		switch w.rnd.IntN(7) {
		case 0, 1:
			w.addPod()
		case 2:
			if p := w.anyPod(); p != nil {
				delete(w.pods, p.Name)
				w.c.RemovePod(p)
			}
		case 3:
			if p := w.anyPod(); p != nil {
				np := w.randomPod(p.Name, p.Spec.NodeName)
				w.pods[p.Name] = np
				w.c.UpdatePod(p, np)
			}
		case 4:
			if name := w.anyNode(); name != "" {
				old := w.nodes[name]
				n := w.randomNode(name)
				w.nodes[name] = n
				w.c.UpdateNode(old, n)
			}
		case 5:
			w.addNode()
		case 6:
			if name := w.anyNode(); name != "" && len(w.nodes) > 5 {
				n := w.nodes[name]
				delete(w.nodes, name)
				w.c.RemoveNode(n)
				for k, p := range w.pods {
					if p.Spec.NodeName == name {
						delete(w.pods, k)
						w.c.RemovePod(p)
					}
				}
			}
		}
	}
	w.c.UpdateSnapshot(w.snap)
}

// incomingPods are the templates PreFilter runs with: different
// selectors, topology keys, policies, matchLabelKeys and namespaces.
func incomingPods() []*corev1.Pod {
	honor := corev1.NodeInclusionPolicyHonor
	ignore := corev1.NodeInclusionPolicyIgnore
	return []*corev1.Pod{
		withSpread(pod("zone", "").Namespace("ns0").Label("color", "blue"),
			constraintOf(1, "zone", corev1.DoNotSchedule, "color")).Obj(),
		withSpread(pod("zone-host", "").Namespace("ns1").Label("color", "red"),
			constraintOf(1, "zone", corev1.DoNotSchedule, "color"),
			constraintOf(2, corev1.LabelHostname, corev1.DoNotSchedule, "app").minDomains(40)).Obj(),
		withSpread(pod("taints", "").Namespace("ns0").Label("app", "a1"),
			constraintOf(1, "zone", corev1.DoNotSchedule, "app").taintsPolicy(honor),
			constraintOf(1, corev1.LabelHostname, corev1.DoNotSchedule, "app").affinityPolicy(ignore)).Obj(),
		withSpread(pod("tolerates", "").Namespace("ns0").Label("app", "a1").
			Toleration("dedicated", corev1.TolerationOpEqual, "gpu", corev1.TaintEffectNoSchedule),
			constraintOf(1, "zone", corev1.DoNotSchedule, "app").taintsPolicy(honor)).Obj(),
		withSpread(pod("selector", "").Namespace("ns1").Label("color", "blue").NodeSelector(map[string]string{"disk": "ssd"}),
			constraintOf(1, "zone", corev1.DoNotSchedule, "color")).Obj(),
		withSpread(pod("mlk", "").Namespace("ns0").Label("color", "red").Label("app", "a0"),
			constraintOf(1, "zone", corev1.DoNotSchedule, "color").matchLabelKeys("app")).Obj(),
	}
}

// TestCachedPreFilterEquivalence runs PreFilter with and without the
// counts cache over random snapshots and mutations and compares the
// states, then the states after preemption-like AddPod/RemovePod on clones.
func TestCachedPreFilterEquivalence(t *testing.T) {
	ctx := context.Background()
	for seed := range uint64(4) {
		t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) {
			w := newCacheWorld(seed)
			w.c.UpdateSnapshot(w.snap)
			h := &cacheHandle{snap: w.snap}
			cached := newPluginWithHandle(t, h)
			// A small cache so that eviction is exercised too.
			cached.cache = newCountsCache(3)
			plain := newPluginWithHandle(t, h)
			plain.cache = nil
			in := incomingPods()
			for step := range 60 {
				for _, p := range in {
					if w.rnd.IntN(3) == 0 {
						continue
					}
					want, wantStatus := runPreFilter(ctx, plain, p)
					got, gotStatus := runPreFilter(ctx, cached, p)
					if diff := cmp.Diff(wantStatus, gotStatus); diff != "" {
						t.Fatalf("step %d pod %s: status (-want +got):\n%s", step, p.Name, diff)
					}
					if want == nil {
						continue
					}
					if diff := cmp.Diff(viewOf(want), viewOf(got)); diff != "" {
						t.Fatalf("step %d pod %s: state (-want +got):\n%s", step, p.Name, diff)
					}
					// Preemption's use: AddPod/RemovePod on clones.
					victim := w.anyPod()
					ni, err := w.snap.Get(victim.Spec.NodeName)
					if err != nil {
						continue
					}
					wc, gc := want.Clone().(*preFilterState), got.Clone().(*preFilterState)
					pi := framework.NewPodInfo(victim)
					wc.updateWithPod(pi.Pod, ni.Node(), -1)
					gc.updateWithPod(pi.Pod, ni.Node(), -1)
					extra := framework.NewPodInfo(w.randomPod("extra", ni.Node().Name))
					wc.updateWithPod(extra.Pod, ni.Node(), 1)
					gc.updateWithPod(extra.Pod, ni.Node(), 1)
					if diff := cmp.Diff(viewOf(wc), viewOf(gc)); diff != "" {
						t.Fatalf("step %d pod %s: cloned state (-want +got):\n%s", step, p.Name, diff)
					}
					if diff := cmp.Diff(viewOf(want), viewOf(got)); diff != "" {
						t.Fatalf("step %d pod %s: state after clone changes (-want +got):\n%s", step, p.Name, diff)
					}
				}
				w.mutate()
			}
			if n := cached.cache.len(); n > 3 {
				t.Errorf("cache holds %d entries, want at most 3", n)
			}
		})
	}
}

// TestCachedPreFilterConcurrent runs PreFilter from several goroutines on
// one snapshot (run with -race).
func TestCachedPreFilterConcurrent(t *testing.T) {
	ctx := context.Background()
	w := newCacheWorld(7)
	w.c.UpdateSnapshot(w.snap)
	h := &cacheHandle{snap: w.snap}
	cached := newPluginWithHandle(t, h)
	plain := newPluginWithHandle(t, h)
	plain.cache = nil
	in := incomingPods()
	want := make([]stateView, len(in))
	for i, p := range in {
		s, _ := runPreFilter(ctx, plain, p)
		want[i] = viewOf(s)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8*len(in))
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range len(in) * 3 {
				i := (g + k) % len(in)
				s, _ := runPreFilter(ctx, cached, in[i])
				if diff := cmp.Diff(want[i], viewOf(s)); diff != "" {
					errs <- fmt.Sprintf("pod %s (-want +got):\n%s", in[i].Name, diff)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func newPluginWithHandle(t testing.TB, h framework.Handle) *PodTopologySpread {
	t.Helper()
	p, err := New(context.Background(), nil, h)
	if err != nil {
		t.Fatal(err)
	}
	return p.(*PodTopologySpread)
}

// runPreFilter returns the state PreFilter wrote (nil when it wrote none)
// and its status code.
func runPreFilter(ctx context.Context, pl *PodTopologySpread, p *corev1.Pod) (*preFilterState, framework.Code) {
	state := framework.NewCycleState()
	_, status := pl.PreFilter(ctx, state, p)
	s, err := framework.ReadState[*preFilterState](state, preFilterStateKey)
	if err != nil {
		return nil, status.Code()
	}
	return s, status.Code()
}
