package interpodaffinity

import (
	"container/list"
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/gantryhq/gantry/scheduler/framework"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/labels"
)

// maxCacheEntries bounds the number of signatures countsCache keeps.
const maxCacheEntries = 32

// foldMinDelta is the smallest delta keySums.fold merges into its base
// (a variable for tests).
var foldMinDelta = 32

// countsCache keeps, across scheduling cycles, the per-node topology
// pair counts PreFilter computes, keyed by the signature of everything
// they depend on besides the node (existingSignature, incomingSignature),
// so that a cycle recounts only the nodes whose NodeInfo changed since the
// previous cycle with the same signature. A node's row is valid while the
// snapshot holds the same *NodeInfo with the same Generation (the
// scheduler cache gives a node a new Generation on every change of its
// pods or of the node itself); Generation 0 (NodeInfos built outside the
// scheduler cache) is never trusted. Entries are evicted least recently
// used first. It is safe for concurrent use.
type countsCache struct {
	mu      sync.Mutex
	entries map[string]*list.Element
	lru     list.List // of *cacheEntry, most recently used first
	max     int
}

func newCountsCache(max int) *countsCache {
	return &countsCache{entries: map[string]*list.Element{}, max: max}
}

// cacheEntry holds, for one signature, the rows of the node list it was
// last filled from (each row: the node's pairs for each output) and, per
// output and topology key, the sums of the rows' pairs.
type cacheEntry struct {
	mu   sync.Mutex
	key  string
	rows []cachedRow
	sums []map[string]*keySums
}

// keySums are the sums of one topology key: base (no zero count) and,
// once base was handed out to a state (shared: read-only from then on),
// the changes since then in delta (a value's sum is base[v]+delta[v];
// delta has no 0 entry). When delta grows past a fraction of base, the
// two are folded into a new base map, so the copying is amortized.
type keySums struct {
	base   map[string]int64
	delta  map[string]int64
	shared bool
}

// add adds n to value's sum.
func (ks *keySums) add(value string, n int64) {
	m := ks.base
	if ks.shared {
		if ks.delta == nil {
			ks.delta = map[string]int64{}
		}
		m = ks.delta
	}
	if v := m[value] + n; v == 0 {
		delete(m, value)
	} else {
		m[value] = v
	}
}

// fold merges a large delta into a new base.
func (ks *keySums) fold() {
	if len(ks.delta) < foldMinDelta || len(ks.delta)*8 < len(ks.base) {
		return
	}
	base := make(map[string]int64, len(ks.base)+len(ks.delta))
	for v, n := range ks.base {
		base[v] = n
	}
	for v, d := range ks.delta {
		if n := base[v] + d; n == 0 {
			delete(base, v)
		} else {
			base[v] = n
		}
	}
	ks.base, ks.delta, ks.shared = base, nil, false
}

type cachedRow struct {
	ni    *framework.NodeInfo
	gen   int64
	pairs [][]pairCount
}

// entry returns the entry of key, creating it (and evicting the least
// recently used one beyond max).
func (c *countsCache) entry(key string) *cacheEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[key]; ok {
		c.lru.MoveToFront(el)
		return el.Value.(*cacheEntry)
	}
	e := &cacheEntry{key: key}
	c.entries[key] = c.lru.PushFront(e)
	for c.lru.Len() > c.max {
		last := c.lru.Back()
		c.lru.Remove(last)
		delete(c.entries, last.Value.(*cacheEntry).key)
	}
	return e
}

// len returns the number of entries.
func (c *countsCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len()
}

// counts returns, for each of the outputs, the topology pair counts of
// the nodes: the sums of count(ni)[output] over the nodes, exactly what
// buildCounts makes of them, recomputing count only for the nodes that
// changed since the entry of key was last filled. count must depend only
// on the node and on what key stands for. The returned maps are shared
// with the cache: the caller must not modify them.
func (c *countsCache) counts(ctx context.Context, p framework.Parallelizer, key string, outputs int, nodes []*framework.NodeInfo, count func(ni *framework.NodeInfo) [][]pairCount) []topoCounts {
	e := c.entry(key)
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.sums == nil {
		e.sums = make([]map[string]*keySums, outputs)
		for i := range e.sums {
			e.sums[i] = map[string]*keySums{}
		}
	}
	var changed []int
	for n, ni := range nodes {
		if n >= len(e.rows) || ni.Generation == 0 || e.rows[n].ni != ni || e.rows[n].gen != ni.Generation {
			changed = append(changed, n)
		}
	}
	if len(changed) > 0 || len(nodes) < len(e.rows) {
		for n := len(nodes); n < len(e.rows); n++ {
			e.apply(e.rows[n].pairs, -1)
		}
		if len(nodes) < len(e.rows) {
			clear(e.rows[len(nodes):])
			e.rows = e.rows[:len(nodes)]
		}
		for len(e.rows) < len(nodes) {
			e.rows = append(e.rows, cachedRow{})
		}
		fresh := make([][][]pairCount, len(changed))
		parallelChunks(ctx, p, len(changed), func(_, lo, hi int) {
			for j := lo; j < hi; j++ {
				fresh[j] = count(nodes[changed[j]])
			}
		})
		for j, n := range changed {
			e.apply(e.rows[n].pairs, -1)
			e.rows[n] = cachedRow{ni: nodes[n], gen: nodes[n].Generation, pairs: fresh[j]}
			e.apply(fresh[j], 1)
		}
	}
	out := make([]topoCounts, outputs)
	for i, byKey := range e.sums {
		out[i] = make(topoCounts, 0, len(byKey))
		for k, ks := range byKey {
			ks.fold()
			if len(ks.base) == 0 && len(ks.delta) == 0 {
				delete(byKey, k)
				continue
			}
			kc := keyCounts{key: k, values: ks.base, shared: true}
			if len(ks.delta) > 0 {
				kc.delta = maps.Clone(ks.delta)
			}
			ks.shared = true
			if kc.pairs() > 0 {
				out[i] = append(out[i], kc)
			}
		}
	}
	return out
}

// apply adds sign times each output's pairs to its sums.
func (e *cacheEntry) apply(pairs [][]pairCount, sign int64) {
	for i, ps := range pairs {
		sums := e.sums[i]
		for _, pc := range ps {
			ks := sums[pc.key]
			if ks == nil {
				ks = &keySums{base: map[string]int64{}}
				sums[pc.key] = ks
			}
			ks.add(pc.value, sign*pc.n)
		}
	}
}

// existingSignature is the key of what the existing pods' anti-affinity
// counts depend on besides the nodes: the incoming pod's namespace and
// labels and the namespace's labels. ok is false without a cache or when
// they cannot be encoded.
func (pl *InterPodAffinity) existingSignature(pod *corev1.Pod, nsLabels labels.Set) (string, bool) {
	if pl.cache == nil {
		return "", false
	}
	data, err := json.Marshal(struct {
		NS     string
		Labels map[string]string
		NSL    map[string]string
	}{pod.Namespace, pod.Labels, nsLabels})
	if err != nil {
		return "", false
	}
	return "existing\x00" + string(data), true
}

// incomingSignature is the key of what the counts of the incoming pod's
// required terms depend on besides the nodes: the terms. ok is false
// without a cache and for terms with a namespace selector, whose matches
// depend on namespace labels the NodeInfos' Generations do not cover.
func (pl *InterPodAffinity) incomingSignature(affinity, anti []framework.AffinityTerm) (string, bool) {
	if pl.cache == nil {
		return "", false
	}
	type term struct {
		NS       []string
		Selector string
		Key      string
	}
	var enc [2][]term
	for i, terms := range [][]framework.AffinityTerm{affinity, anti} {
		for j := range terms {
			t := &terms[j]
			if t.NamespaceSelector != nil {
				return "", false
			}
			ns := make([]string, 0, len(t.Namespaces))
			for n := range t.Namespaces {
				ns = append(ns, n)
			}
			slices.Sort(ns)
			enc[i] = append(enc[i], term{NS: ns, Selector: selectorKey(t.Selector), Key: t.TopologyKey})
		}
	}
	data, err := json.Marshal(enc)
	if err != nil {
		return "", false
	}
	var b strings.Builder
	b.WriteString("incoming\x00")
	b.Write(data)
	return b.String(), true
}

// selectorKey is the canonical form of a selector, Nothing told apart
// from Everything.
func selectorKey(s labels.Selector) string {
	if s == nil {
		return "\x00nil"
	}
	if labels.MatchesNothing(s) {
		return "\x00nothing"
	}
	return s.String()
}
