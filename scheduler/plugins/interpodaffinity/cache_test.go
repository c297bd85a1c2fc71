package interpodaffinity

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/scheduler/framework"
	"github.com/gantryhq/gantry/scheduler/internal/cache"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

// cacheHandle is a test Handle on a snapshot of the scheduler cache,
// whose NodeInfos carry Generations.
type cacheHandle struct {
	framework.Handle
	snap *cache.Snapshot
}

func (h *cacheHandle) SnapshotSharedLister() framework.SharedLister { return h.snap }
func (h *cacheHandle) Parallelizer() framework.Parallelizer         { return parallelizer{} }

// stateView is a comparable view of a preFilterState.
type stateView struct {
	Existing, Affinity, Anti map[string]map[string]int64
}

// countsView returns the pairs of c with a count other than 0, and
// checks that pairs() agrees.
func countsView(c topoCounts) map[string]map[string]int64 {
	out := map[string]map[string]int64{}
	for _, kc := range c {
		m := map[string]int64{}
		for v := range kc.values {
			if n := kc.get(v); n != 0 {
				m[v] = n
			}
		}
		for v := range kc.delta {
			if n := kc.get(v); n != 0 {
				m[v] = n
			}
		}
		if len(m) != kc.pairs() {
			m["!pairs"] = int64(kc.pairs())
		}
		if len(m) > 0 {
			out[kc.key] = m
		}
	}
	return out
}

func viewOf(s *preFilterState) stateView {
	return stateView{countsView(s.existingAntiAffinityCounts), countsView(s.affinityCounts), countsView(s.antiAffinityCounts)}
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
	w := &cacheWorld{rnd: rand.New(rand.NewPCG(seed, 2)), c: cache.New(cache.Options{AssumedPodTTL: -1}), snap: cache.NewEmptySnapshot(), nodes: map[string]*corev1.Node{}, pods: map[string]*corev1.Pod{}}
	w.setNamespaces()
	for range 30 {
		w.addNode()
	}
	for range 120 {
		w.addPod()
	}
	w.c.UpdateSnapshot(w.snap)
	return w
}

func (w *cacheWorld) setNamespaces() {
	for _, ns := range []string{"ns0", "ns1"} {
		l := map[string]string{"team": fmt.Sprintf("t%d", w.rnd.IntN(2))}
		w.c.SetNamespace(&corev1.Namespace{ObjectMeta: meta.ObjectMeta{Name: ns, Labels: l}})
	}
}

func (w *cacheWorld) randomNode(name string) *corev1.Node {
	l := map[string]string{corev1.LabelHostname: name}
	if w.rnd.IntN(8) != 0 {
		l["zone"] = fmt.Sprintf("z%d", w.rnd.IntN(4))
	}
	return makeNode(name, l)
}

func (w *cacheWorld) addNode() {
	w.seq++
	n := w.randomNode(fmt.Sprintf("n%d", w.seq))
	w.nodes[n.Name] = n
	w.c.AddNode(n)
}

func pick[T any](w *cacheWorld, m map[string]T) (T, bool) {
	var zero T
	if len(m) == 0 {
		return zero, false
	}
	keys := slices.Sorted(maps.Keys(m))
	return m[keys[w.rnd.IntN(len(keys))]], true
}

func (w *cacheWorld) randomPod(name, nodeName string) *corev1.Pod {
	l := map[string]string{}
	switch w.rnd.IntN(3) {
	case 0:
		l["color"] = "green"
	case 1:
		l["color"] = "red"
	}
	var opts []podOpt
	switch w.rnd.IntN(5) {
	case 0:
		opts = append(opts, withAntiAffinity(term(corev1.LabelHostname, sel(expr("color", opIn, "green")))))
	case 1:
		opts = append(opts, withAntiAffinity(term("zone", sel(expr("color", opExists)), "ns0", "ns1")))
	case 2:
		opts = append(opts, withAntiAffinity(nsSelTerm(corev1.LabelHostname, sel(expr("color", opIn, "red")), sel(expr("team", opIn, "t1")))))
	}
	return makePod(name, fmt.Sprintf("ns%d", w.rnd.IntN(2)), nodeName, l, opts...)
}

func (w *cacheWorld) addPod() {
	n, ok := pick(w, w.nodes)
	if !ok {
		return
	}
	w.seq++
	p := w.randomPod(fmt.Sprintf("p%d", w.seq), n.Name)
	w.pods[p.Name] = p
	w.c.AddPod(p)
}

// mutate applies a few random changes and updates the snapshot.
func (w *cacheWorld) mutate() {
	for range 1 + w.rnd.IntN(4) {
		switch w.rnd.IntN(8) {
		case 0, 1:
			w.addPod()
		case 2:
			if p, ok := pick(w, w.pods); ok {
				delete(w.pods, p.Name)
				w.c.RemovePod(p)
			}
		case 3:
			if p, ok := pick(w, w.pods); ok {
				np := w.randomPod(p.Name, p.Spec.NodeName)
				np.Namespace, np.UID = p.Namespace, p.UID
				w.pods[p.Name] = np
				w.c.UpdatePod(p, np)
			}
		case 4:
			if old, ok := pick(w, w.nodes); ok {
				n := w.randomNode(old.Name)
				w.nodes[n.Name] = n
				w.c.UpdateNode(old, n)
			}
		case 5:
			w.addNode()
		case 6:
			if n, ok := pick(w, w.nodes); ok && len(w.nodes) > 5 {
				delete(w.nodes, n.Name)
				w.c.RemoveNode(n)
				for k, p := range w.pods {
					if p.Spec.NodeName == n.Name {
						delete(w.pods, k)
						w.c.RemovePod(p)
					}
				}
			}
		case 7:
			w.setNamespaces()
		}
	}
	w.c.UpdateSnapshot(w.snap)
}

// incomingPods are the pods PreFilter runs with.
func incomingPods() []*corev1.Pod {
	return []*corev1.Pod{
		makePod("green", "ns0", "", map[string]string{"color": "green"},
			withAntiAffinity(term(corev1.LabelHostname, sel(expr("color", opIn, "green"))))),
		makePod("red", "ns1", "", map[string]string{"color": "red"},
			withAntiAffinity(term("zone", sel(expr("color", opIn, "green")), "ns0"))),
		makePod("affinity", "ns0", "", map[string]string{"color": "red"},
			withAffinity(term("zone", sel(expr("color", opIn, "red"))), term(corev1.LabelHostname, sel(expr("color", opExists)), "ns0", "ns1")),
			withAntiAffinity(term(corev1.LabelHostname, sel(expr("color", opNotIn, "red"))))),
		makePod("plain", "ns1", "", map[string]string{"color": "green"}),
		makePod("nsselector", "ns0", "", nil,
			withAntiAffinity(nsSelTerm("zone", sel(expr("color", opIn, "green")), sel(expr("team", opIn, "t0"))))),
	}
}

// runPreFilter returns the state PreFilter wrote (nil when none) and its code.
func runPreFilter(ctx context.Context, pl *InterPodAffinity, p *corev1.Pod) (*preFilterState, framework.Code) {
	state := framework.NewCycleState()
	_, status := pl.PreFilter(ctx, state, p)
	s, err := framework.ReadState[*preFilterState](state, preFilterStateKey)
	if err != nil {
		return nil, status.Code()
	}
	return s, status.Code()
}

func newCachePlugin(t testing.TB, h framework.Handle) *InterPodAffinity {
	t.Helper()
	p, err := New(context.Background(), nil, h)
	if err != nil {
		t.Fatal(err)
	}
	return p.(*InterPodAffinity)
}

// TestCachedPreFilterEquivalence runs PreFilter with and without the
// counts cache over random snapshots and mutations and compares the
// states, then their changes by AddPod/RemovePod (on clones, as
// preemption does, and on the state itself, which must not leak into the
// cache).
func TestCachedPreFilterEquivalence(t *testing.T) {
	ctx := context.Background()
	for seed := range uint64(4) {
		t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) {
			w := newCacheWorld(seed)
			h := &cacheHandle{snap: w.snap}
			cached := newCachePlugin(t, h)
			cached.cache = newCountsCache(3) // exercise eviction
			if seed%2 == 1 {
				// Fold the sums' deltas at once.
				defer func(v int) { foldMinDelta = v }(foldMinDelta)
				foldMinDelta = 1
			}
			plain := newCachePlugin(t, h)
			plain.cache = nil
			in := incomingPods()
			for step := range 60 {
				for _, p := range in {
					if w.rnd.IntN(3) == 0 {
						continue
					}
					want, wantCode := runPreFilter(ctx, plain, p)
					got, gotCode := runPreFilter(ctx, cached, p)
					if diff := cmp.Diff(wantCode, gotCode); diff != "" {
						t.Fatalf("step %d pod %s: status (-want +got):\n%s", step, p.Name, diff)
					}
					if want == nil {
						if got != nil {
							t.Fatalf("step %d pod %s: got a state, want none", step, p.Name)
						}
						continue
					}
					if diff := cmp.Diff(viewOf(want), viewOf(got)); diff != "" {
						t.Fatalf("step %d pod %s: state (-want +got):\n%s", step, p.Name, diff)
					}
					victim, ok := pick(w, w.pods)
					if !ok {
						continue
					}
					ni, err := w.snap.Get(victim.Spec.NodeName)
					if err != nil {
						continue
					}
					extra := framework.NewPodInfo(w.randomPod("extra", ni.Node().Name))
					wc, gc := want.Clone().(*preFilterState), got.Clone().(*preFilterState)
					for _, s := range []*preFilterState{wc, gc, want, got} {
						s.updateWithPod(framework.NewPodInfo(victim), ni.Node(), -1)
						s.updateWithPod(extra, ni.Node(), 1)
					}
					if diff := cmp.Diff(viewOf(wc), viewOf(gc)); diff != "" {
						t.Fatalf("step %d pod %s: cloned state (-want +got):\n%s", step, p.Name, diff)
					}
					if diff := cmp.Diff(viewOf(want), viewOf(got)); diff != "" {
						t.Fatalf("step %d pod %s: changed state (-want +got):\n%s", step, p.Name, diff)
					}
					// The changes must not have reached the cache.
					want, _ = runPreFilter(ctx, plain, p)
					got, _ = runPreFilter(ctx, cached, p)
					if diff := cmp.Diff(viewOf(want), viewOf(got)); diff != "" {
						t.Fatalf("step %d pod %s: state after changes (-want +got):\n%s", step, p.Name, diff)
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
	w := newCacheWorld(9)
	h := &cacheHandle{snap: w.snap}
	cached := newCachePlugin(t, h)
	plain := newCachePlugin(t, h)
	plain.cache = nil
	in := incomingPods()
	want := make([]*stateView, len(in))
	for i, p := range in {
		if s, _ := runPreFilter(ctx, plain, p); s != nil {
			v := viewOf(s)
			want[i] = &v
		}
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range len(in) * 3 {
				i := (g + k) % len(in)
				s, _ := runPreFilter(ctx, cached, in[i])
				var got *stateView
				if s != nil {
					v := viewOf(s)
					got = &v
				}
				if diff := cmp.Diff(want[i], got); diff != "" {
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
