package podtopologyspread

import (
	"context"
	"fmt"
	"math"
	"sync/atomic"

	"github.com/gantryhq/gantry/scheduler/framework"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
)

const preScoreStateKey framework.StateKey = "PreScore" + Name

// invalidScore marks ignored nodes during NormalizeScore.
const invalidScore = -1

// preScoreState is computed by PreScore and read by Score and NormalizeScore.
type preScoreState struct {
	constraints []constraint
	// ignoredNodes are feasible nodes missing a topology key (only when all
	// keys are required); nil when there are none.
	ignoredNodes map[string]struct{}
	// domainIndex maps, per constraint, a domain of the feasible nodes to
	// its slot in podCounts; hostname constraints are counted in Score.
	domainIndex []map[string]int
	podCounts   [][]int64
	// topologyNormalizingWeight is log(domains + 2) per constraint.
	topologyNormalizingWeight []float64
	namespace                 string
}

// Clone returns s: the state is not changed after PreScore.
func (s *preScoreState) Clone() framework.StateData { return s }

func (s *preScoreState) ignored(name string) bool {
	if len(s.ignoredNodes) == 0 {
		return false
	}
	_, ok := s.ignoredNodes[name]
	return ok
}

// initPreScoreState finds the soft constraints, the domains of the
// feasible nodes and the normalizing weights.
func (pl *PodTopologySpread) initPreScoreState(s *preScoreState, pod *corev1.Pod, filtered []*framework.NodeInfo, requireAllTopologies bool) error {
	var err error
	s.constraints, err = pl.getConstraints(pod, corev1.ScheduleAnyway)
	if err != nil || len(s.constraints) == 0 {
		return err
	}
	n := len(s.constraints)
	s.domainIndex = make([]map[string]int, n)
	for i := range s.domainIndex {
		s.domainIndex[i] = map[string]int{}
	}
	for _, ni := range filtered {
		node := ni.Node()
		if requireAllTopologies && !nodeLabelsMatchSpreadConstraints(node.Labels, s.constraints) {
			if s.ignoredNodes == nil {
				s.ignoredNodes = map[string]struct{}{}
			}
			s.ignoredNodes[node.Name] = struct{}{}
			continue
		}
		for i := range s.constraints {
			if s.constraints[i].topologyKey == corev1.LabelHostname {
				continue
			}
			v := node.Labels[s.constraints[i].topologyKey]
			if _, ok := s.domainIndex[i][v]; !ok {
				s.domainIndex[i][v] = len(s.domainIndex[i])
			}
		}
	}
	s.podCounts = make([][]int64, n)
	s.topologyNormalizingWeight = make([]float64, n)
	for i := range s.constraints {
		s.podCounts[i] = make([]int64, len(s.domainIndex[i]))
		size := len(s.domainIndex[i])
		if s.constraints[i].topologyKey == corev1.LabelHostname {
			size = len(filtered) - len(s.ignoredNodes)
		}
		s.topologyNormalizingWeight[i] = topologyNormalizingWeight(size)
	}
	return nil
}

// PreScore counts the matching pods of every domain of the feasible nodes
// for the soft constraints. It returns Skip for a pod without any.
func (pl *PodTopologySpread) PreScore(ctx context.Context, cycleState *framework.CycleState, pod *corev1.Pod, filtered []*framework.NodeInfo) *framework.Status {
	all := pl.h.SnapshotSharedLister().NodeInfos().List()
	if len(all) == 0 {
		return framework.NewStatus(framework.Skip)
	}
	s := &preScoreState{namespace: pod.Namespace}
	// Only non-default constraints require every topology key: nodes
	// without a zone still get hostname spreading from the System defaults.
	requireAllTopologies := len(pod.Spec.TopologySpreadConstraints) > 0 || !pl.systemDefaulted
	if err := pl.initPreScoreState(s, pod, filtered, requireAllTopologies); err != nil {
		return framework.AsStatus(fmt.Errorf("calculating preScoreState: %w", err))
	}
	if len(s.constraints) == 0 {
		return framework.NewStatus(framework.Skip)
	}
	inclusion := newNodeInclusion(pod)
	ng := groups(s.constraints)
	parallelChunks(ctx, pl.h.Parallelizer(), len(all), func(lo, hi int) {
		groupCounts := make([]int, ng)
		for _, ni := range all[lo:hi] {
			node := ni.Node()
			if node == nil {
				continue
			}
			if requireAllTopologies && !nodeLabelsMatchSpreadConstraints(node.Labels, s.constraints) {
				continue
			}
			counted := false
			for i := range s.constraints {
				c := &s.constraints[i]
				if !inclusion.match(c, node) {
					continue
				}
				idx, ok := s.domainIndex[i][node.Labels[c.topologyKey]]
				if !ok {
					continue
				}
				if !counted {
					countGroups(ni.Pods, s.constraints, pod.Namespace, groupCounts)
					counted = true
				}
				atomic.AddInt64(&s.podCounts[i][idx], int64(groupCounts[c.group]))
			}
		}
	})
	cycleState.Write(preScoreStateKey, s)
	return nil
}

// Score sums, over the soft constraints whose topology key the node has,
// count·weight + maxSkew − 1, rounded.
func (pl *PodTopologySpread) Score(_ context.Context, cycleState *framework.CycleState, _ *corev1.Pod, nodeInfo *framework.NodeInfo) (int64, *framework.Status) {
	node := nodeInfo.Node()
	if node == nil {
		return 0, framework.NewStatus(framework.Error, "node not found")
	}
	s, err := framework.ReadState[*preScoreState](cycleState, preScoreStateKey)
	if err != nil {
		return 0, framework.AsStatus(fmt.Errorf("reading %q from cycleState: %w", preScoreStateKey, err))
	}
	if s.ignored(node.Name) {
		return 0, nil
	}
	var score float64
	for i := range s.constraints {
		c := &s.constraints[i]
		v, ok := node.Labels[c.topologyKey]
		if !ok {
			continue
		}
		var cnt int64
		if c.topologyKey == corev1.LabelHostname {
			cnt = int64(countPodsMatchSelector(nodeInfo.Pods, c.selector, s.namespace))
		} else if idx, ok := s.domainIndex[i][v]; ok {
			cnt = s.podCounts[i][idx]
		}
		score += scoreForCount(cnt, c.maxSkew, s.topologyNormalizingWeight[i])
	}
	return int64(math.Round(score)), nil
}

// ScoreExtensions returns the NormalizeScore hook.
func (pl *PodTopologySpread) ScoreExtensions() framework.ScoreExtensions { return pl }

// NormalizeScore gives MaxNodeScore to the lowest sums:
// MaxNodeScore·(max + min − score)/max; ignored nodes get 0.
func (pl *PodTopologySpread) NormalizeScore(_ context.Context, cycleState *framework.CycleState, _ *corev1.Pod, scores framework.NodeScoreList) *framework.Status {
	s, err := framework.ReadState[*preScoreState](cycleState, preScoreStateKey)
	if err != nil {
		return framework.AsStatus(fmt.Errorf("reading %q from cycleState: %w", preScoreStateKey, err))
	}
	var minScore int64 = math.MaxInt64
	var maxScore int64
	for i := range scores {
		if s.ignored(scores[i].Name) {
			scores[i].Score = invalidScore
			continue
		}
		minScore = min(minScore, scores[i].Score)
		maxScore = max(maxScore, scores[i].Score)
	}
	for i := range scores {
		if scores[i].Score == invalidScore {
			scores[i].Score = 0
			continue
		}
		if maxScore == 0 {
			scores[i].Score = framework.MaxNodeScore
			continue
		}
		scores[i].Score = framework.MaxNodeScore * (maxScore + minScore - scores[i].Score) / maxScore
	}
	return nil
}

// topologyNormalizingWeight is log(size+2): the pod counts of topologies
// with few domains are not watered down by those with many.
func topologyNormalizingWeight(size int) float64 {
	return math.Log(float64(size + 2))
}

// scoreForCount is cnt·tpWeight + maxSkew − 1: maxSkew − 1 softens the
// differences between domains.
func scoreForCount(cnt int64, maxSkew int32, tpWeight float64) float64 {
	return float64(cnt)*tpWeight + float64(maxSkew-1)
}
