package interpodaffinity

import (
	"context"
	"fmt"

	"github.com/gantryhq/gantry/scheduler/framework"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/labels"
)

// Filter reasons, as Kubernetes words them.
const (
	// ErrReasonExistingAntiAffinityRulesNotMatch: an existing pod's required
	// anti-affinity forbids the node.
	ErrReasonExistingAntiAffinityRulesNotMatch = "node(s) didn't satisfy existing pods anti-affinity rules"
	// ErrReasonAffinityRulesNotMatch: the pod's required affinity fails on the node.
	ErrReasonAffinityRulesNotMatch = "node(s) didn't match pod affinity rules"
	// ErrReasonAntiAffinityRulesNotMatch: the pod's required anti-affinity fails on the node.
	ErrReasonAntiAffinityRulesNotMatch = "node(s) didn't match pod anti-affinity rules"
)

const preFilterStateKey framework.StateKey = "PreFilter" + Name

// preFilterState is computed in PreFilter and read by Filter.
type preFilterState struct {
	// existingAntiAffinityCounts: existing pods whose required
	// anti-affinity terms match the incoming pod, per topology pair.
	existingAntiAffinityCounts topoCounts
	// affinityCounts: existing pods matching all the incoming pod's
	// required affinity terms (counted once per term), per topology pair.
	affinityCounts topoCounts
	// antiAffinityCounts: existing pods matching each of the incoming
	// pod's required anti-affinity terms, per topology pair.
	antiAffinityCounts topoCounts
	podInfo            *framework.PodInfo
	// namespaceLabels are the incoming pod's namespace labels.
	namespaceLabels labels.Set
	m               matcher
}

// Clone copies the counts; the pod info is shared (read-only).
func (s *preFilterState) Clone() framework.StateData {
	if s == nil {
		return nil
	}
	c := *s
	c.existingAntiAffinityCounts = s.existingAntiAffinityCounts.clone()
	c.affinityCounts = s.affinityCounts.clone()
	c.antiAffinityCounts = s.antiAffinityCounts.clone()
	return &c
}

// updateWithPod updates the counts for pi added (multiplier 1) to or
// removed (-1) from node.
func (s *preFilterState) updateWithPod(pi *framework.PodInfo, node *corev1.Node, multiplier int64) {
	if s == nil || node == nil {
		return
	}
	for i := range pi.RequiredAntiAffinityTerms {
		t := &pi.RequiredAntiAffinityTerms[i]
		if t.Matches(s.podInfo.Pod, s.namespaceLabels) {
			s.existingAntiAffinityCounts.addNode(node, t.TopologyKey, multiplier, true)
		}
	}
	if s.m.matchesAll(s.podInfo.RequiredAffinityTerms, pi.Pod) {
		for i := range s.podInfo.RequiredAffinityTerms {
			s.affinityCounts.addNode(node, s.podInfo.RequiredAffinityTerms[i].TopologyKey, multiplier, true)
		}
	}
	for i := range s.podInfo.RequiredAntiAffinityTerms {
		t := &s.podInfo.RequiredAntiAffinityTerms[i]
		if s.m.matches(t, pi.Pod) {
			s.antiAffinityCounts.addNode(node, t.TopologyKey, multiplier, true)
		}
	}
}

// PreFilter computes the counts Filter reads. It returns Skip when neither
// the pod nor any existing pod's anti-affinity concerns it.
func (pl *InterPodAffinity) PreFilter(ctx context.Context, cycleState *framework.CycleState, pod *corev1.Pod) (*framework.PreFilterResult, *framework.Status) {
	lister := pl.h.SnapshotSharedLister().NodeInfos()
	s := &preFilterState{podInfo: framework.NewPodInfo(pod), m: pl.matcher()}
	if err := s.podInfo.ParseError; err != nil {
		return nil, framework.NewStatus(framework.UnschedulableAndUnresolvable, fmt.Sprintf("parsing pod: %+v", err))
	}
	s.namespaceLabels = pl.namespaceLabels(pod.Namespace)
	p := pl.h.Parallelizer()
	if key, ok := pl.existingSignature(pod, s.namespaceLabels); ok {
		out := pl.cache.counts(ctx, p, key, 1, lister.List(), func(ni *framework.NodeInfo) [][]pairCount {
			return [][]pairCount{existingNodeCounts(nil, ni, pod, s.namespaceLabels)}
		})
		s.existingAntiAffinityCounts = out[0]
	} else {
		s.existingAntiAffinityCounts = pl.existingAntiAffinityCounts(ctx, pod, s.namespaceLabels, lister.HavePodsWithRequiredAntiAffinityList())
	}
	if affTerms, antiTerms := s.podInfo.RequiredAffinityTerms, s.podInfo.RequiredAntiAffinityTerms; len(affTerms) > 0 || len(antiTerms) > 0 {
		if key, ok := pl.incomingSignature(affTerms, antiTerms); ok {
			out := pl.cache.counts(ctx, p, key, 2, lister.List(), func(ni *framework.NodeInfo) [][]pairCount {
				aff, ant := s.incomingNodeCounts(nil, nil, ni, make([]int64, len(antiTerms)))
				return [][]pairCount{aff, ant}
			})
			s.affinityCounts, s.antiAffinityCounts = out[0], out[1]
		} else {
			s.affinityCounts, s.antiAffinityCounts = pl.incomingCounts(ctx, s, lister.List())
		}
	}
	if s.existingAntiAffinityCounts.pairs() == 0 && len(s.podInfo.RequiredAffinityTerms) == 0 && len(s.podInfo.RequiredAntiAffinityTerms) == 0 {
		return nil, framework.NewStatus(framework.Skip)
	}
	cycleState.Write(preFilterStateKey, s)
	return nil, nil
}

// existingAntiAffinityCounts counts, per topology pair, the required
// anti-affinity terms of existing pods that match pod.
func (pl *InterPodAffinity) existingAntiAffinityCounts(ctx context.Context, pod *corev1.Pod, nsLabels labels.Set, nodes []*framework.NodeInfo) topoCounts {
	parts := make([][]pairCount, maxChunks())
	n := parallelChunks(ctx, pl.h.Parallelizer(), len(nodes), func(c, lo, hi int) {
		var local []pairCount
		for _, ni := range nodes[lo:hi] {
			local = existingNodeCounts(local, ni, pod, nsLabels)
		}
		parts[c] = local
	})
	return buildCounts(parts[:n])
}

// existingNodeCounts appends to out, for each required anti-affinity term
// of the pods on ni that matches pod, the node's pair of the term's key.
func existingNodeCounts(out []pairCount, ni *framework.NodeInfo, pod *corev1.Pod, nsLabels labels.Set) []pairCount {
	node := ni.Node()
	if node == nil {
		return out
	}
	for _, existing := range ni.PodsWithRequiredAntiAffinity {
		for i := range existing.RequiredAntiAffinityTerms {
			t := &existing.RequiredAntiAffinityTerms[i]
			if t.Matches(pod, nsLabels) {
				out = appendNode(out, node, t.TopologyKey, 1)
			}
		}
	}
	return out
}

// incomingNodeCounts appends to aff the node's pairs of the incoming
// pod's affinity terms counting the pods on ni matching all of them, and
// to ant the pairs of its anti-affinity terms counting the pods matching
// each. antiN is zeroed scratch space, one per anti-affinity term, left
// zeroed.
func (s *preFilterState) incomingNodeCounts(aff, ant []pairCount, ni *framework.NodeInfo, antiN []int64) ([]pairCount, []pairCount) {
	node := ni.Node()
	if node == nil {
		return aff, ant
	}
	affTerms, antiTerms := s.podInfo.RequiredAffinityTerms, s.podInfo.RequiredAntiAffinityTerms
	var affN int64
	for _, existing := range ni.Pods {
		if len(affTerms) > 0 && s.m.matchesAll(affTerms, existing.Pod) {
			affN++
		}
		for i := range antiTerms {
			if s.m.matches(&antiTerms[i], existing.Pod) {
				antiN[i]++
			}
		}
	}
	// All pods of a node share its topology values: append once.
	if affN > 0 {
		for i := range affTerms {
			aff = appendNode(aff, node, affTerms[i].TopologyKey, affN)
		}
	}
	for i := range antiN {
		if antiN[i] > 0 {
			ant = appendNode(ant, node, antiTerms[i].TopologyKey, antiN[i])
			antiN[i] = 0
		}
	}
	return aff, ant
}

// incomingCounts counts, per topology pair, the existing pods matching the
// incoming pod's required affinity (all terms) and anti-affinity terms.
func (pl *InterPodAffinity) incomingCounts(ctx context.Context, s *preFilterState, nodes []*framework.NodeInfo) (affinity, anti topoCounts) {
	affParts := make([][]pairCount, maxChunks())
	antiParts := make([][]pairCount, len(affParts))
	n := parallelChunks(ctx, pl.h.Parallelizer(), len(nodes), func(c, lo, hi int) {
		var aff, ant []pairCount
		antiN := make([]int64, len(s.podInfo.RequiredAntiAffinityTerms))
		for _, ni := range nodes[lo:hi] {
			aff, ant = s.incomingNodeCounts(aff, ant, ni, antiN)
		}
		affParts[c], antiParts[c] = aff, ant
	})
	return buildCounts(affParts[:n]), buildCounts(antiParts[:n])
}

// PreFilterExtensions returns the AddPod/RemovePod hooks.
func (pl *InterPodAffinity) PreFilterExtensions() framework.PreFilterExtensions { return pl }

// AddPod updates the counts for podInfoToAdd placed on nodeInfo. Without
// a PreFilter state (PreFilter skipped the pod) it does nothing.
func (pl *InterPodAffinity) AddPod(_ context.Context, cycleState *framework.CycleState, _ *corev1.Pod, podInfoToAdd *framework.PodInfo, nodeInfo *framework.NodeInfo) *framework.Status {
	s, err := framework.ReadState[*preFilterState](cycleState, preFilterStateKey)
	if err != nil {
		return nil
	}
	s.updateWithPod(podInfoToAdd, nodeInfo.Node(), 1)
	return nil
}

// RemovePod updates the counts for podInfoToRemove taken off nodeInfo.
func (pl *InterPodAffinity) RemovePod(_ context.Context, cycleState *framework.CycleState, _ *corev1.Pod, podInfoToRemove *framework.PodInfo, nodeInfo *framework.NodeInfo) *framework.Status {
	s, err := framework.ReadState[*preFilterState](cycleState, preFilterStateKey)
	if err != nil {
		return nil
	}
	s.updateWithPod(podInfoToRemove, nodeInfo.Node(), -1)
	return nil
}

// satisfyExistingPodsAntiAffinity: no existing pod's anti-affinity
// covers one of the node's topology pairs.
func satisfyExistingPodsAntiAffinity(s *preFilterState, node *corev1.Node) bool {
	for i := range s.existingAntiAffinityCounts {
		kc := &s.existingAntiAffinityCounts[i]
		if v, ok := node.Labels[kc.key]; ok && kc.get(v) > 0 {
			return false
		}
	}
	return true
}

// satisfyPodAntiAffinity: no pod matching an anti-affinity term of the
// incoming pod is in the node's domain of that term.
func satisfyPodAntiAffinity(s *preFilterState, node *corev1.Node) bool {
	if len(s.antiAffinityCounts) == 0 {
		return true
	}
	for i := range s.podInfo.RequiredAntiAffinityTerms {
		key := s.podInfo.RequiredAntiAffinityTerms[i].TopologyKey
		if v, ok := node.Labels[key]; ok && s.antiAffinityCounts.get(key, v) > 0 {
			return false
		}
	}
	return true
}

// satisfyPodAffinity: the node has every term's topology key and a pod
// matching all terms in each term's domain, or no pod in the cluster
// matches the terms and the pod matches them itself.
func satisfyPodAffinity(s *preFilterState, node *corev1.Node) bool {
	podsExist := true
	for i := range s.podInfo.RequiredAffinityTerms {
		key := s.podInfo.RequiredAffinityTerms[i].TopologyKey
		v, ok := node.Labels[key]
		if !ok {
			return false
		}
		if s.affinityCounts.get(key, v) <= 0 {
			podsExist = false
		}
	}
	if !podsExist {
		return s.affinityCounts.pairs() == 0 && s.m.matchesAll(s.podInfo.RequiredAffinityTerms, s.podInfo.Pod)
	}
	return true
}

// Filter checks the pod's required affinity and anti-affinity and the
// existing pods' required anti-affinity on nodeInfo.
func (pl *InterPodAffinity) Filter(_ context.Context, cycleState *framework.CycleState, _ *corev1.Pod, nodeInfo *framework.NodeInfo) *framework.Status {
	node := nodeInfo.Node()
	if node == nil {
		return framework.NewStatus(framework.Error, "node not found")
	}
	s, err := framework.ReadState[*preFilterState](cycleState, preFilterStateKey)
	if err != nil {
		return framework.AsStatus(fmt.Errorf("reading %q from cycleState: %w", preFilterStateKey, err))
	}
	if !satisfyPodAffinity(s, node) {
		return framework.NewStatus(framework.UnschedulableAndUnresolvable, ErrReasonAffinityRulesNotMatch)
	}
	if !satisfyPodAntiAffinity(s, node) {
		return framework.NewStatus(framework.Unschedulable, ErrReasonAntiAffinityRulesNotMatch)
	}
	if !satisfyExistingPodsAntiAffinity(s, node) {
		return framework.NewStatus(framework.Unschedulable, ErrReasonExistingAntiAffinityRulesNotMatch)
	}
	return nil
}
