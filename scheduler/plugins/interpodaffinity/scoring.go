package interpodaffinity

import (
	"context"
	"fmt"
	"math"

	"github.com/gantryhq/gantry/scheduler/framework"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/labels"
)

const preScoreStateKey framework.StateKey = "PreScore" + Name

// preScoreState is computed in PreScore and read by Score and NormalizeScore.
type preScoreState struct {
	// topologyScore sums weights per topology pair.
	topologyScore topoCounts
}

// Clone returns s: the state is not changed after PreScore.
func (s *preScoreState) Clone() framework.StateData { return s }

// scorer holds what processing one existing pod needs.
type scorer struct {
	pl              *InterPodAffinity
	podInfo         *framework.PodInfo
	namespaceLabels labels.Set
	m               matcher
}

func (sc *scorer) processTerm(out *[]pairCount, t *framework.AffinityTerm, weight int32, matched bool, node *corev1.Node, multiplier int32) {
	if !matched {
		return
	}
	*out = appendNode(*out, node, t.TopologyKey, int64(weight*multiplier))
}

// processExistingPod adds existing's contribution (on node) to out.
func (sc *scorer) processExistingPod(out *[]pairCount, existing *framework.PodInfo, node *corev1.Node) {
	if len(node.Labels) == 0 {
		return
	}
	incoming := sc.podInfo.Pod
	// The incoming pod's preferred terms matched by the existing pod.
	for i := range sc.podInfo.PreferredAffinityTerms {
		t := &sc.podInfo.PreferredAffinityTerms[i]
		sc.processTerm(out, &t.AffinityTerm, t.Weight, sc.m.matches(&t.AffinityTerm, existing.Pod), node, 1)
	}
	for i := range sc.podInfo.PreferredAntiAffinityTerms {
		t := &sc.podInfo.PreferredAntiAffinityTerms[i]
		sc.processTerm(out, &t.AffinityTerm, t.Weight, sc.m.matches(&t.AffinityTerm, existing.Pod), node, -1)
	}
	// The existing pod's required affinity terms matched by the incoming pod.
	if w := sc.pl.hardPodAffinityWeight; w > 0 {
		for i := range existing.RequiredAffinityTerms {
			t := &existing.RequiredAffinityTerms[i]
			sc.processTerm(out, t, w, t.Matches(incoming, sc.namespaceLabels), node, 1)
		}
	}
	// The existing pod's preferred terms matched by the incoming pod.
	for i := range existing.PreferredAffinityTerms {
		t := &existing.PreferredAffinityTerms[i]
		sc.processTerm(out, &t.AffinityTerm, t.Weight, t.Matches(incoming, sc.namespaceLabels), node, 1)
	}
	for i := range existing.PreferredAntiAffinityTerms {
		t := &existing.PreferredAntiAffinityTerms[i]
		sc.processTerm(out, &t.AffinityTerm, t.Weight, t.Matches(incoming, sc.namespaceLabels), node, -1)
	}
}

// PreScore sums the preferred (and hard, for existing pods' required
// affinity) term weights per topology pair. It returns Skip when nothing
// contributes.
func (pl *InterPodAffinity) PreScore(ctx context.Context, cycleState *framework.CycleState, pod *corev1.Pod, nodes []*framework.NodeInfo) *framework.Status {
	if len(nodes) == 0 {
		return framework.NewStatus(framework.Skip)
	}
	aff := pod.Spec.Affinity
	hasPreferredAffinity := aff != nil && aff.PodAffinity != nil && len(aff.PodAffinity.PreferredDuringSchedulingIgnoredDuringExecution) > 0
	hasPreferredAnti := aff != nil && aff.PodAntiAffinity != nil && len(aff.PodAntiAffinity.PreferredDuringSchedulingIgnoredDuringExecution) > 0
	hasConstraints := hasPreferredAffinity || hasPreferredAnti
	if pl.ignorePreferredExisting && !hasConstraints {
		return framework.NewStatus(framework.Skip)
	}
	lister := pl.h.SnapshotSharedLister().NodeInfos()
	var all []*framework.NodeInfo
	if hasConstraints {
		all = lister.List()
	} else {
		all = lister.HavePodsWithAffinityList()
	}
	sc := &scorer{pl: pl, m: pl.matcher()}
	if s, err := framework.ReadState[*preFilterState](cycleState, preFilterStateKey); err == nil && s.podInfo.Pod == pod {
		sc.podInfo, sc.namespaceLabels = s.podInfo, s.namespaceLabels
	} else {
		sc.podInfo = framework.NewPodInfo(pod)
		if err := sc.podInfo.ParseError; err != nil {
			return framework.AsStatus(fmt.Errorf("failed to parse pod: %w", err))
		}
		sc.namespaceLabels = pl.namespaceLabels(pod.Namespace)
	}
	parts := make([][]pairCount, maxChunks())
	n := parallelChunks(ctx, pl.h.Parallelizer(), len(all), func(c, lo, hi int) {
		var local []pairCount
		for _, ni := range all[lo:hi] {
			node := ni.Node()
			if node == nil {
				continue
			}
			pods := ni.PodsWithAffinity
			if hasConstraints {
				pods = ni.Pods
			}
			for _, existing := range pods {
				sc.processExistingPod(&local, existing, node)
			}
		}
		parts[c] = local
	})
	parts = parts[:n]
	empty := true
	for _, p := range parts {
		if len(p) > 0 {
			empty = false
		}
	}
	if empty {
		return framework.NewStatus(framework.Skip)
	}
	cycleState.Write(preScoreStateKey, &preScoreState{topologyScore: buildCounts(parts)})
	return nil
}

// Score sums the weights of the node's topology pairs: positive for
// affinity, negative for anti-affinity.
func (pl *InterPodAffinity) Score(_ context.Context, cycleState *framework.CycleState, _ *corev1.Pod, nodeInfo *framework.NodeInfo) (int64, *framework.Status) {
	node := nodeInfo.Node()
	if node == nil {
		return 0, framework.NewStatus(framework.Error, "node not found")
	}
	s, err := framework.ReadState[*preScoreState](cycleState, preScoreStateKey)
	if err != nil {
		return 0, framework.AsStatus(fmt.Errorf("failed to read %q from cycleState: %w", preScoreStateKey, err))
	}
	var score int64
	for i := range s.topologyScore {
		kc := &s.topologyScore[i]
		if v, ok := node.Labels[kc.key]; ok {
			score += kc.values[v]
		}
	}
	return score, nil
}

// ScoreExtensions returns the NormalizeScore hook.
func (pl *InterPodAffinity) ScoreExtensions() framework.ScoreExtensions { return pl }

// NormalizeScore maps [min, max] of the scores onto [0, MaxNodeScore]
// (all 0 when they are equal).
func (pl *InterPodAffinity) NormalizeScore(_ context.Context, cycleState *framework.CycleState, _ *corev1.Pod, scores framework.NodeScoreList) *framework.Status {
	s, err := framework.ReadState[*preScoreState](cycleState, preScoreStateKey)
	if err != nil {
		return framework.AsStatus(fmt.Errorf("failed to read %q from cycleState: %w", preScoreStateKey, err))
	}
	if len(s.topologyScore) == 0 {
		return nil
	}
	var minCount int64 = math.MaxInt64
	var maxCount int64 = math.MinInt64
	for i := range scores {
		maxCount = max(maxCount, scores[i].Score)
		minCount = min(minCount, scores[i].Score)
	}
	diff := maxCount - minCount
	for i := range scores {
		f := float64(0)
		if diff > 0 {
			f = float64(framework.MaxNodeScore) * (float64(scores[i].Score-minCount) / float64(diff))
		}
		scores[i].Score = int64(f)
	}
	return nil
}
