package podtopologyspread

import (
	"container/list"
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"sync"

	"github.com/gantryhq/gantry/scheduler/framework"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/labels"
)

// maxCacheEntries bounds the number of signatures countsCache keeps.
const maxCacheEntries = 32

// countsCache keeps, across scheduling cycles, the per-node match counts
// PreFilter computes, keyed by the signature of everything they depend on
// (stateSignature), so that a cycle recounts only the nodes whose
// NodeInfo changed since the previous cycle with the same signature. A
// node's row is valid while the snapshot holds the same *NodeInfo with the
// same Generation (the scheduler cache gives a node a new Generation on
// every change of its pods or of the node itself); Generation 0 (NodeInfos
// built outside the scheduler cache) is never trusted. Entries are evicted
// least recently used first. It is safe for concurrent use.
type countsCache struct {
	mu      sync.Mutex
	entries map[string]*list.Element
	lru     list.List // of *cacheEntry, most recently used first
	max     int
}

func newCountsCache(max int) *countsCache {
	return &countsCache{entries: map[string]*list.Element{}, max: max}
}

// cacheEntry is the state of one signature: the rows of the node list it
// was last filled from, and the per-domain sums of those rows.
type cacheEntry struct {
	mu   sync.Mutex
	key  string
	rows []cachedRow
	// vals[n*nc+i] is row n's count for constraint i (-1: not counted) and
	// topo[n*nc+i] the node's value of constraint i's topology key then.
	vals []int32
	topo []string
	// counts[i] is the number of matching pods per domain of constraint i
	// and nodes[i] the number of counted nodes per domain: a domain exists
	// while it has a counted node.
	counts []map[string]int
	nodes  []map[string]int
	// shared is set once counts were handed to a preFilterState, which
	// reads them (as its base) for the rest of its life: they are copied
	// before the next change.
	shared bool
}

type cachedRow struct {
	ni  *framework.NodeInfo
	gen int64
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

// fill sets s.counts[i].base for the nodes, recounting only the nodes that
// changed since the entry of key was last filled. The result is exactly
// what fillUncached computes.
func (c *countsCache) fill(ctx context.Context, p framework.Parallelizer, key string, nodes []*framework.NodeInfo, s *preFilterState) {
	e := c.entry(key)
	e.mu.Lock()
	defer e.mu.Unlock()
	cs := s.constraints
	nc := len(cs)
	if e.counts == nil {
		e.counts = make([]map[string]int, nc)
		e.nodes = make([]map[string]int, nc)
		for i := range cs {
			e.counts[i] = map[string]int{}
			e.nodes[i] = map[string]int{}
		}
	}
	var changed []int
	for n, ni := range nodes {
		if n >= len(e.rows) || ni.Generation == 0 || e.rows[n].ni != ni || e.rows[n].gen != ni.Generation {
			changed = append(changed, n)
		}
	}
	if len(changed) > 0 || len(nodes) < len(e.rows) {
		if e.shared {
			for i := range e.counts {
				m := make(map[string]int, len(e.counts[i]))
				for k, v := range e.counts[i] {
					m[k] = v
				}
				e.counts[i] = m
			}
			e.shared = false
		}
		for n := len(nodes); n < len(e.rows); n++ {
			e.sub(n, nc)
		}
		if len(nodes) < len(e.rows) {
			e.rows = e.rows[:len(nodes)]
			e.vals = e.vals[:len(nodes)*nc]
			e.topo = e.topo[:len(nodes)*nc]
		}
		for len(e.rows) < len(nodes) {
			e.rows = append(e.rows, cachedRow{})
			for range nc {
				e.vals = append(e.vals, -1)
				e.topo = append(e.topo, "")
			}
		}
		fresh := make([]int32, len(changed)*nc)
		ng := groups(cs)
		parallelChunks(ctx, p, len(changed), func(lo, hi int) {
			groupCounts := make([]int, ng)
			for j := lo; j < hi; j++ {
				ni := nodes[changed[j]]
				s.countNode(ni.Node(), ni.Pods, groupCounts, fresh[j*nc:(j+1)*nc])
			}
		})
		for j, n := range changed {
			e.sub(n, nc)
			ni := nodes[n]
			e.rows[n] = cachedRow{ni: ni, gen: ni.Generation}
			for i := range cs {
				v := fresh[j*nc+i]
				if v < 0 {
					continue
				}
				t := ni.Node().Labels[cs[i].topologyKey]
				e.vals[n*nc+i], e.topo[n*nc+i] = v, t
				e.counts[i][t] += int(v)
				e.nodes[i][t]++
			}
		}
	}
	for i := range cs {
		s.counts[i].base = e.counts[i]
	}
	e.shared = true
}

// sub removes row n's contribution to the sums and clears the row.
func (e *cacheEntry) sub(n, nc int) {
	e.rows[n] = cachedRow{}
	for i := range nc {
		v := e.vals[n*nc+i]
		if v < 0 {
			continue
		}
		t := e.topo[n*nc+i]
		e.counts[i][t] -= int(v)
		if e.nodes[i][t]--; e.nodes[i][t] == 0 {
			delete(e.nodes[i], t)
			delete(e.counts[i], t)
		}
		e.vals[n*nc+i], e.topo[n*nc+i] = -1, ""
	}
}

// selectorKey is the canonical form of a selector, Nothing told apart
// from Everything.
func selectorKey(s labels.Selector) string {
	if labels.MatchesNothing(s) {
		return "\x00nothing"
	}
	return s.String()
}

// stateSignature returns the key of everything a node's PreFilter counts
// depend on besides the node itself: the pod's namespace, each
// constraint's selector, topology key, inclusion policies and selector
// group, and the pod's required node affinity and tolerations when a
// policy honors them. It returns "" when the pod's data cannot be encoded
// (the counts are then not cached).
func (pl *PodTopologySpread) stateSignature(pod *corev1.Pod, cs []constraint) string {
	var b strings.Builder
	b.WriteString(pod.Namespace)
	affinity, taints := false, false
	for i := range cs {
		c := &cs[i]
		b.WriteByte(0)
		b.WriteString(selectorKey(c.selector))
		b.WriteByte(1)
		b.WriteString(c.topologyKey)
		b.WriteByte(1)
		b.WriteString(string(c.nodeAffinityPolicy))
		b.WriteByte(1)
		b.WriteString(string(c.nodeTaintsPolicy))
		b.WriteByte(1)
		b.WriteString(strconv.Itoa(c.group))
		affinity = affinity || c.nodeAffinityPolicy == corev1.NodeInclusionPolicyHonor
		taints = taints || c.nodeTaintsPolicy == corev1.NodeInclusionPolicyHonor
	}
	if affinity {
		var required *corev1.NodeSelector
		if a := pod.Spec.Affinity; a != nil && a.NodeAffinity != nil {
			required = a.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution
		}
		if len(pod.Spec.NodeSelector) > 0 || required != nil {
			data, err := json.Marshal(struct {
				S map[string]string
				R *corev1.NodeSelector
			}{pod.Spec.NodeSelector, required})
			if err != nil {
				return ""
			}
			b.WriteByte(2)
			b.Write(data)
		}
	}
	if taints && len(pod.Spec.Tolerations) > 0 {
		data, err := json.Marshal(pod.Spec.Tolerations)
		if err != nil {
			return ""
		}
		b.WriteByte(3)
		b.Write(data)
	}
	return b.String()
}
