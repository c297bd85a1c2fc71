package podtopologyspread

import (
	"context"
	"fmt"
	"math"

	"github.com/gantryhq/gantry/scheduler/framework"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/labels"
)

const preFilterStateKey framework.StateKey = "PreFilter" + Name

// criticalPaths keeps the two domains with the fewest matching pods:
// [0] always holds the minimum; [1] is greater or equal, not necessarily
// the second minimum. Preemption only ever changes one node (one domain)
// of a cloned state, which is why two paths are enough.
type criticalPaths [2]struct {
	value string
	num   int
}

func newCriticalPaths() criticalPaths {
	return criticalPaths{{num: math.MaxInt32}, {num: math.MaxInt32}}
}

func (p *criticalPaths) update(value string, num int) {
	i := -1
	if value == p[0].value {
		i = 0
	} else if value == p[1].value {
		i = 1
	}
	if i >= 0 {
		p[i].num = num
		if p[0].num > p[1].num {
			p[0], p[1] = p[1], p[0]
		}
		return
	}
	if num < p[0].num {
		p[1] = p[0]
		p[0].value, p[0].num = value, num
	} else if num < p[1].num {
		p[1].value, p[1].num = value, num
	}
}

// domainCounts is the number of matching pods per domain of one
// constraint: a base map built by PreFilter and shared by every clone, and
// a small per-clone overlay of the changes AddPod/RemovePod made.
type domainCounts struct {
	base  map[string]int
	delta map[string]int
	// added is the number of overlay domains absent from base.
	added int
}

// get returns the count of value and whether the domain exists.
func (d *domainCounts) get(value string) (int, bool) {
	n, ok := d.base[value]
	if d.delta != nil {
		if dn, dok := d.delta[value]; dok {
			return n + dn, true
		}
	}
	return n, ok
}

// domains returns the number of domains.
func (d *domainCounts) domains() int { return len(d.base) + d.added }

// add adds n to value's count (creating the domain) and returns the count.
func (d *domainCounts) add(value string, n int) int {
	if d.delta == nil {
		d.delta = map[string]int{}
	}
	dn, inDelta := d.delta[value]
	if !inDelta {
		if _, inBase := d.base[value]; !inBase {
			d.added++
		}
	}
	d.delta[value] = dn + n
	c, _ := d.get(value)
	return c
}

func (d domainCounts) clone() domainCounts {
	if d.delta != nil {
		m := make(map[string]int, len(d.delta))
		for k, v := range d.delta {
			m[k] = v
		}
		d.delta = m
	}
	return d
}

// preFilterState is computed by PreFilter and read by Filter.
type preFilterState struct {
	constraints []constraint
	paths       []criticalPaths
	counts      []domainCounts
	// selfMatch[i] is 1 when constraint i selects the incoming pod.
	selfMatch []int
	pod       *corev1.Pod
	inclusion *nodeInclusion
}

// minMatchNum is the global minimum of constraint i, 0 while fewer than
// minDomains domains exist.
func (s *preFilterState) minMatchNum(i int) int {
	if s.counts[i].domains() < int(s.constraints[i].minDomains) {
		return 0
	}
	return s.paths[i][0].num
}

// Clone copies the paths and the overlays; constraints and base counts
// are shared (read-only).
func (s *preFilterState) Clone() framework.StateData {
	if s == nil {
		return nil
	}
	c := *s
	c.paths = append([]criticalPaths(nil), s.paths...)
	c.counts = make([]domainCounts, len(s.counts))
	for i := range s.counts {
		c.counts[i] = s.counts[i].clone()
	}
	return &c
}

// PreFilter counts the matching pods per domain of each DoNotSchedule
// constraint. It returns Skip for a pod without such constraints.
func (pl *PodTopologySpread) PreFilter(ctx context.Context, cycleState *framework.CycleState, pod *corev1.Pod) (*framework.PreFilterResult, *framework.Status) {
	s, err := pl.calPreFilterState(ctx, pod)
	if err != nil {
		return nil, framework.AsStatus(err)
	}
	if len(s.constraints) == 0 {
		return nil, framework.NewStatus(framework.Skip)
	}
	cycleState.Write(preFilterStateKey, s)
	return nil, nil
}

func (pl *PodTopologySpread) calPreFilterState(ctx context.Context, pod *corev1.Pod) (*preFilterState, error) {
	cs, err := pl.getConstraints(pod, corev1.DoNotSchedule)
	if err != nil {
		return nil, fmt.Errorf("get constraints from pod: %w", err)
	}
	if len(cs) == 0 {
		return &preFilterState{}, nil
	}
	nodes := pl.h.SnapshotSharedLister().NodeInfos().List()
	s := &preFilterState{
		constraints: cs,
		paths:       make([]criticalPaths, len(cs)),
		counts:      make([]domainCounts, len(cs)),
		selfMatch:   make([]int, len(cs)),
		pod:         pod,
		inclusion:   newNodeInclusion(pod),
	}
	podLabels := labels.Set(pod.Labels)
	for i := range cs {
		if cs[i].selector.Matches(podLabels) {
			s.selfMatch[i] = 1
		}
	}
	key := ""
	if pl.cache != nil {
		key = pl.stateSignature(pod, cs)
	}
	if key != "" {
		pl.cache.fill(ctx, pl.h.Parallelizer(), key, nodes, s)
	} else {
		s.fillUncached(ctx, pl.h.Parallelizer(), nodes)
	}
	for i := range cs {
		s.paths[i] = newCriticalPaths()
		for v, num := range s.counts[i].base {
			s.paths[i].update(v, num)
		}
	}
	return s, nil
}

// fillUncached counts every node into fresh base maps.
func (s *preFilterState) fillUncached(ctx context.Context, p framework.Parallelizer, nodes []*framework.NodeInfo) {
	cs := s.constraints
	// perNode[n*len(cs)+i] is node n's count for constraint i, -1 when the
	// node is not counted.
	nc := len(cs)
	perNode := make([]int32, len(nodes)*nc)
	ng := groups(cs)
	parallelChunks(ctx, p, len(nodes), func(lo, hi int) {
		groupCounts := make([]int, ng)
		for n := lo; n < hi; n++ {
			s.countNode(nodes[n].Node(), nodes[n].Pods, groupCounts, perNode[n*nc:(n+1)*nc])
		}
	})
	for i := range cs {
		size := 0
		if cs[i].topologyKey == corev1.LabelHostname {
			size = len(nodes)
		}
		s.counts[i].base = make(map[string]int, size)
	}
	for n, ni := range nodes {
		row := perNode[n*nc : (n+1)*nc]
		for i, c := range row {
			if c >= 0 {
				s.counts[i].base[ni.Node().Labels[cs[i].topologyKey]] += int(c)
			}
		}
	}
}

// countNode writes into row (one entry per constraint) the node's number
// of matching pods, -1 for a constraint that does not count the node.
// groupCounts is scratch space of groups(s.constraints) entries.
func (s *preFilterState) countNode(node *corev1.Node, pods []*framework.PodInfo, groupCounts []int, row []int32) {
	cs := s.constraints
	for i := range row {
		row[i] = -1
	}
	if node == nil || !nodeLabelsMatchSpreadConstraints(node.Labels, cs) {
		return
	}
	counted := false
	for i := range cs {
		if !s.inclusion.match(&cs[i], node) {
			continue
		}
		if !counted {
			countGroups(pods, cs, s.pod.Namespace, groupCounts)
			counted = true
		}
		row[i] = int32(groupCounts[cs[i].group])
	}
}

// PreFilterExtensions returns the AddPod/RemovePod hooks.
func (pl *PodTopologySpread) PreFilterExtensions() framework.PreFilterExtensions { return pl }

// AddPod counts podInfoToAdd placed on nodeInfo. Without a PreFilter
// state (the pod has no hard constraints) it does nothing.
func (pl *PodTopologySpread) AddPod(_ context.Context, cycleState *framework.CycleState, _ *corev1.Pod, podInfoToAdd *framework.PodInfo, nodeInfo *framework.NodeInfo) *framework.Status {
	s, err := framework.ReadState[*preFilterState](cycleState, preFilterStateKey)
	if err != nil {
		return nil
	}
	s.updateWithPod(podInfoToAdd.Pod, nodeInfo.Node(), 1)
	return nil
}

// RemovePod uncounts podInfoToRemove taken off nodeInfo.
func (pl *PodTopologySpread) RemovePod(_ context.Context, cycleState *framework.CycleState, _ *corev1.Pod, podInfoToRemove *framework.PodInfo, nodeInfo *framework.NodeInfo) *framework.Status {
	s, err := framework.ReadState[*preFilterState](cycleState, preFilterStateKey)
	if err != nil {
		return nil
	}
	s.updateWithPod(podInfoToRemove.Pod, nodeInfo.Node(), -1)
	return nil
}

func (s *preFilterState) updateWithPod(updated *corev1.Pod, node *corev1.Node, delta int) {
	if s == nil || s.pod == nil || updated.Namespace != s.pod.Namespace || node == nil {
		return
	}
	if !nodeLabelsMatchSpreadConstraints(node.Labels, s.constraints) {
		return
	}
	podLabels := labels.Set(updated.Labels)
	for i := range s.constraints {
		c := &s.constraints[i]
		if !c.selector.Matches(podLabels) || !s.inclusion.match(c, node) {
			continue
		}
		v := node.Labels[c.topologyKey]
		s.paths[i].update(v, s.counts[i].add(v, delta))
	}
}

// Filter checks, for every hard constraint, that placing the pod on the
// node keeps the node's domain within maxSkew of the global minimum.
func (pl *PodTopologySpread) Filter(_ context.Context, cycleState *framework.CycleState, _ *corev1.Pod, nodeInfo *framework.NodeInfo) *framework.Status {
	node := nodeInfo.Node()
	if node == nil {
		return framework.NewStatus(framework.Error, "node not found")
	}
	s, err := framework.ReadState[*preFilterState](cycleState, preFilterStateKey)
	if err != nil {
		return framework.AsStatus(fmt.Errorf("reading %q from cycleState: %w", preFilterStateKey, err))
	}
	for i := range s.constraints {
		c := &s.constraints[i]
		v, ok := node.Labels[c.topologyKey]
		if !ok {
			return framework.NewStatus(framework.UnschedulableAndUnresolvable, ErrReasonNodeLabelNotMatch)
		}
		matchNum, _ := s.counts[i].get(v)
		if matchNum+s.selfMatch[i]-s.minMatchNum(i) > int(c.maxSkew) {
			return framework.NewStatus(framework.Unschedulable, ErrReasonConstraintsNotMatch)
		}
	}
	return nil
}
