package interpodaffinity

import (
	"context"
	"fmt"
	"maps"
	"runtime"

	"github.com/gantryhq/gantry/scheduler/framework"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/labels"
)

// Name is the plugin's name in the registry and in configuration.
const Name = "InterPodAffinity"

// DefaultHardPodAffinityWeight is the default of
// InterPodAffinityArgs.HardPodAffinityWeight.
const DefaultHardPodAffinityWeight int32 = 1

// InterPodAffinityArgs are the plugin's arguments (the
// KubeSchedulerConfiguration v1 shape).
type InterPodAffinityArgs struct {
	// HardPodAffinityWeight is the score weight given, for every existing
	// pod, to each of its required affinity terms the incoming pod
	// matches. In [0, 100]; default 1.
	HardPodAffinityWeight *int32 `json:"hardPodAffinityWeight,omitempty"`
	// IgnorePreferredTermsOfExistingPods skips scoring (existing pods'
	// preferred and required terms included) for pods without preferred
	// inter-pod affinity terms of their own. Default false.
	IgnorePreferredTermsOfExistingPods bool `json:"ignorePreferredTermsOfExistingPods,omitempty"`
}

// InterPodAffinity is the plugin. Build it with New.
type InterPodAffinity struct {
	h                       framework.Handle
	hardPodAffinityWeight   int32
	ignorePreferredExisting bool
	// cache keeps PreFilter's per-node counts across cycles (cache.go).
	cache *countsCache
}

var (
	_ framework.PreFilterPlugin     = (*InterPodAffinity)(nil)
	_ framework.FilterPlugin        = (*InterPodAffinity)(nil)
	_ framework.PreFilterExtensions = (*InterPodAffinity)(nil)
	_ framework.PreScorePlugin      = (*InterPodAffinity)(nil)
	_ framework.ScorePlugin         = (*InterPodAffinity)(nil)
	_ framework.ScoreExtensions     = (*InterPodAffinity)(nil)
	_ framework.EnqueueExtensions   = (*InterPodAffinity)(nil)
)

// New builds the plugin; args may be nil (defaults). It fails on a weight
// outside [0, 100] or a handle without a snapshot lister.
func New(_ context.Context, args *InterPodAffinityArgs, h framework.Handle) (framework.Plugin, error) {
	if h == nil || h.SnapshotSharedLister() == nil {
		return nil, fmt.Errorf("%s: the framework handle has no snapshot lister", Name)
	}
	pl := &InterPodAffinity{h: h, hardPodAffinityWeight: DefaultHardPodAffinityWeight, cache: newCountsCache(maxCacheEntries)}
	if args != nil {
		if w := args.HardPodAffinityWeight; w != nil {
			if *w < 0 || *w > 100 {
				return nil, fmt.Errorf("%s: hardPodAffinityWeight: Invalid value: %d: not in valid range [0-100]", Name, *w)
			}
			pl.hardPodAffinityWeight = *w
		}
		pl.ignorePreferredExisting = args.IgnorePreferredTermsOfExistingPods
	}
	return pl, nil
}

// Name returns Name.
func (pl *InterPodAffinity) Name() string { return Name }

// EventsToRegister returns the events that may make a pod this plugin
// rejected schedulable: an assigned pod added, deleted or relabelled, and a
// node added or relabelled (or retainted, as Kubernetes registers it).
func (pl *InterPodAffinity) EventsToRegister(context.Context) ([]framework.ClusterEventWithHint, error) {
	return []framework.ClusterEventWithHint{
		{Event: framework.ClusterEvent{Resource: framework.PodResource, ActionType: framework.Add | framework.UpdatePodLabel | framework.Delete}, QueueingHintFn: pl.isSchedulableAfterPodChange},
		{Event: framework.ClusterEvent{Resource: framework.NodeResource, ActionType: framework.Add | framework.UpdateNodeLabel | framework.UpdateNodeTaint}, QueueingHintFn: pl.isSchedulableAfterNodeChange},
	}, nil
}

func asPods(oldObj, newObj any) (oldPod, newPod *corev1.Pod, err error) {
	if oldObj != nil {
		p, ok := oldObj.(*corev1.Pod)
		if !ok {
			return nil, nil, fmt.Errorf("expected a *Pod, got %T", oldObj)
		}
		oldPod = p
	}
	if newObj != nil {
		p, ok := newObj.(*corev1.Pod)
		if !ok {
			return nil, nil, fmt.Errorf("expected a *Pod, got %T", newObj)
		}
		newPod = p
	}
	return oldPod, newPod, nil
}

// isSchedulableAfterPodChange: an assigned pod added that matches all the
// pod's affinity terms, updated to match them or to stop matching its
// anti-affinity terms, or deleted while matching its anti-affinity terms.
func (pl *InterPodAffinity) isSchedulableAfterPodChange(pod *corev1.Pod, oldObj, newObj any) (framework.QueueingHint, error) {
	original, modified, err := asPods(oldObj, newObj)
	if err != nil {
		return framework.Queue, err
	}
	if (modified != nil && modified.Spec.NodeName == "") || (original != nil && original.Spec.NodeName == "") {
		return framework.QueueSkip, nil
	}
	pi := framework.NewPodInfo(pod)
	if pi.ParseError != nil {
		return framework.Queue, pi.ParseError
	}
	m := pl.matcher()
	terms, antiTerms := pi.RequiredAffinityTerms, pi.RequiredAntiAffinityTerms
	switch {
	case modified != nil && original != nil:
		if !m.matchesAll(terms, original) && m.matchesAll(terms, modified) {
			return framework.Queue, nil
		}
		if m.matchesAll(antiTerms, original) && !m.matchesAll(antiTerms, modified) {
			return framework.Queue, nil
		}
		return framework.QueueSkip, nil
	case modified != nil:
		if m.matchesAll(terms, modified) {
			return framework.Queue, nil
		}
		return framework.QueueSkip, nil
	default:
		if !m.matchesAll(antiTerms, original) {
			return framework.QueueSkip, nil
		}
		return framework.Queue, nil
	}
}

// isSchedulableAfterNodeChange: a node added or updated that carries the
// topology key of one of the pod's affinity or anti-affinity terms.
func (pl *InterPodAffinity) isSchedulableAfterNodeChange(pod *corev1.Pod, _, newObj any) (framework.QueueingHint, error) {
	node, ok := newObj.(*corev1.Node)
	if !ok || node == nil {
		return framework.Queue, fmt.Errorf("expected a *Node, got %T", newObj)
	}
	pi := framework.NewPodInfo(pod)
	if pi.ParseError != nil {
		return framework.Queue, pi.ParseError
	}
	for _, terms := range [][]framework.AffinityTerm{pi.RequiredAffinityTerms, pi.RequiredAntiAffinityTerms} {
		for i := range terms {
			if _, ok := node.Labels[terms[i].TopologyKey]; ok {
				return framework.Queue, nil
			}
		}
	}
	return framework.QueueSkip, nil
}

// matcher matches existing pods against the incoming pod's terms, whose
// namespace selectors need the existing pod's namespace labels.
type matcher struct {
	ns framework.NamespaceLister
}

func (pl *InterPodAffinity) matcher() matcher {
	var ns framework.NamespaceLister
	if sl := pl.h.SnapshotSharedLister(); sl != nil {
		ns = sl.Namespaces()
	}
	return matcher{ns: ns}
}

// matches reports whether p matches t, a term of the incoming pod.
func (m matcher) matches(t *framework.AffinityTerm, p *corev1.Pod) bool {
	if _, ok := t.Namespaces[p.Namespace]; !ok {
		if t.NamespaceSelector == nil {
			return false
		}
		if !t.NamespaceSelector.Empty() {
			var nsLabels map[string]string
			if m.ns != nil {
				nsLabels = m.ns.Labels(p.Namespace)
			}
			if !t.NamespaceSelector.Matches(labels.Set(nsLabels)) {
				return false
			}
		}
	}
	return t.Selector.Matches(labels.Set(p.Labels))
}

// matchesAll reports whether p matches every term (false for no terms).
func (m matcher) matchesAll(terms []framework.AffinityTerm, p *corev1.Pod) bool {
	if len(terms) == 0 {
		return false
	}
	for i := range terms {
		if !m.matches(&terms[i], p) {
			return false
		}
	}
	return true
}

// namespaceLabels returns the labels of ns from the snapshot.
func (pl *InterPodAffinity) namespaceLabels(ns string) labels.Set {
	if sl := pl.h.SnapshotSharedLister(); sl != nil {
		if nl := sl.Namespaces(); nl != nil {
			return labels.Set(nl.Labels(ns))
		}
	}
	return nil
}

// parallelChunks splits [0, n) into contiguous chunks and runs fn on each
// in parallel (on the handle's parallelizer when there is one). It returns
// the number of chunks; fn gets the chunk index.
func parallelChunks(ctx context.Context, p framework.Parallelizer, n int, fn func(chunk, lo, hi int)) int {
	if n == 0 {
		return 0
	}
	chunks := min(n, maxChunks())
	if n < 64 || p == nil {
		chunks = 1
	}
	size := (n + chunks - 1) / chunks
	chunks = (n + size - 1) / size
	if chunks == 1 {
		fn(0, 0, n)
		return 1
	}
	p.Until(ctx, chunks, func(c int) {
		lo := c * size
		fn(c, lo, min(lo+size, n))
	})
	return chunks
}

// maxChunks is the most chunks parallelChunks uses.
func maxChunks() int { return 4 * runtime.GOMAXPROCS(0) }

// topoCounts counts per topology pair, grouped by topology key: a few
// keys, each with a value → count map.
type topoCounts []keyCounts

type keyCounts struct {
	key    string
	values map[string]int64
	// shared marks values as read-only (shared with the plugin's cache and
	// other states): changes go to delta, which overlays values (a value's
	// count is values[v]+delta[v]). Only filter counts, whose values hold
	// no zero count, are shared.
	shared bool
	delta  map[string]int64
}

// get returns the count of value.
func (kc *keyCounts) get(value string) int64 {
	if kc.delta != nil {
		return kc.values[value] + kc.delta[value]
	}
	return kc.values[value]
}

// pairs returns the number of values with an entry (for shared counts:
// with a count other than 0).
func (kc *keyCounts) pairs() int {
	n := len(kc.values)
	for v, d := range kc.delta {
		b, inBase := kc.values[v]
		switch {
		case inBase && b+d == 0:
			n--
		case !inBase && d != 0:
			n++
		}
	}
	return n
}

// add adds delta to (key, value); with prune, an entry reaching 0 is
// removed (Kubernetes' filter counts), else it stays (score sums).
func (c *topoCounts) add(key, value string, delta int64, prune bool) {
	for i := range *c {
		e := &(*c)[i]
		if e.key != key {
			continue
		}
		if e.shared {
			if e.delta == nil {
				e.delta = map[string]int64{}
			}
			if d := e.delta[value] + delta; d == 0 {
				delete(e.delta, value)
			} else {
				e.delta[value] = d
			}
			return
		}
		n := e.values[value] + delta
		if n == 0 && prune {
			delete(e.values, value)
		} else {
			e.values[value] = n
		}
		return
	}
	if delta == 0 && prune {
		return
	}
	*c = append(*c, keyCounts{key: key, values: map[string]int64{value: delta}})
}

// get returns the count of (key, value).
func (c topoCounts) get(key, value string) int64 {
	for i := range c {
		if c[i].key == key {
			return c[i].get(value)
		}
	}
	return 0
}

// pairs returns the number of topology pairs with an entry.
func (c topoCounts) pairs() int {
	n := 0
	for i := range c {
		n += c[i].pairs()
	}
	return n
}

// clone deep-copies c.
func (c topoCounts) clone() topoCounts {
	if c == nil {
		return nil
	}
	out := make(topoCounts, len(c))
	for i := range c {
		if c[i].shared {
			out[i] = keyCounts{key: c[i].key, values: c[i].values, shared: true}
			if c[i].delta != nil {
				out[i].delta = maps.Clone(c[i].delta)
			}
			continue
		}
		m := make(map[string]int64, len(c[i].values))
		for k, v := range c[i].values {
			m[k] = v
		}
		out[i] = keyCounts{key: c[i].key, values: m}
	}
	return out
}

// pairCount is one (key, value) count produced by a PreFilter/PreScore
// chunk; chunks append them and buildCounts merges them once into
// presized maps.
type pairCount struct {
	key, value string
	n          int64
}

// appendNode appends (key, node's value for key, n) when the node has key.
func appendNode(out []pairCount, node *corev1.Node, key string, n int64) []pairCount {
	if v, ok := node.Labels[key]; ok {
		out = append(out, pairCount{key: key, value: v, n: n})
	}
	return out
}

// buildCounts merges the chunks' pairs (Kubernetes' merge: no pruning).
func buildCounts(parts [][]pairCount) topoCounts {
	out := topoCounts{}
	sizes := map[string]int{}
	for _, p := range parts {
		for i := range p {
			sizes[p[i].key]++
		}
	}
	for k, n := range sizes {
		out = append(out, keyCounts{key: k, values: make(map[string]int64, n)})
	}
	for _, p := range parts {
		for i := range p {
			for j := range out {
				if out[j].key == p[i].key {
					out[j].values[p[i].value] += p[i].n
					break
				}
			}
		}
	}
	return out
}

// addNode adds delta to the pair of node's value for key, when the node
// has the key.
func (c *topoCounts) addNode(node *corev1.Node, key string, delta int64, prune bool) {
	if v, ok := node.Labels[key]; ok {
		c.add(key, v, delta, prune)
	}
}
