package podtopologyspread

import (
	"context"
	"fmt"
	"runtime"

	"github.com/gantryhq/gantry/scheduler/framework"
	"github.com/gantryhq/gantry/scheduler/plugins/helper"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/labels"
)

// constraint is a parsed TopologySpreadConstraint.
type constraint struct {
	maxSkew            int32
	topologyKey        string
	selector           labels.Selector
	minDomains         int32
	nodeAffinityPolicy corev1.NodeInclusionPolicy
	nodeTaintsPolicy   corev1.NodeInclusionPolicy
	// group indexes the distinct selectors of a constraint list: pods are
	// matched once per group.
	group int
}

// filterConstraints parses the constraints with action, merging the
// pod's values of matchLabelKeys into the selector.
func filterConstraints(cs []corev1.TopologySpreadConstraint, podLabels map[string]string, action corev1.UnsatisfiableConstraintAction) ([]constraint, error) {
	var out []constraint
	var keys []string
	for i := range cs {
		c := &cs[i]
		if c.WhenUnsatisfiable != action {
			continue
		}
		sel, err := labels.FromLabelSelector(c.LabelSelector)
		if err != nil {
			return nil, err
		}
		key := sel.String()
		if c.LabelSelector == nil {
			key = "\x00nothing"
		}
		if len(c.MatchLabelKeys) > 0 {
			matchLabels := labels.Set{}
			for _, k := range c.MatchLabelKeys {
				if v, ok := podLabels[k]; ok {
					matchLabels[k] = v
				}
			}
			if len(matchLabels) > 0 {
				sel = mergeLabelSetWithSelector(matchLabels, sel)
				key += "|" + matchLabels.String()
			}
		}
		tc := constraint{
			maxSkew:            c.MaxSkew,
			topologyKey:        c.TopologyKey,
			selector:           sel,
			minDomains:         1,
			nodeAffinityPolicy: corev1.NodeInclusionPolicyHonor,
			nodeTaintsPolicy:   corev1.NodeInclusionPolicyIgnore,
		}
		if c.MinDomains != nil {
			tc.minDomains = *c.MinDomains
		}
		if c.NodeAffinityPolicy != nil {
			tc.nodeAffinityPolicy = *c.NodeAffinityPolicy
		}
		if c.NodeTaintsPolicy != nil {
			tc.nodeTaintsPolicy = *c.NodeTaintsPolicy
		}
		tc.group = len(keys)
		for g, k := range keys {
			if k == key {
				tc.group = g
				break
			}
		}
		if tc.group == len(keys) {
			keys = append(keys, key)
		}
		out = append(out, tc)
	}
	return out, nil
}

func mergeLabelSetWithSelector(matchLabels labels.Set, s labels.Selector) labels.Selector {
	merged := labels.SelectorFromSet(matchLabels)
	reqs, ok := s.Requirements()
	if !ok {
		return s
	}
	return merged.Add(reqs...)
}

// groups returns the number of selector groups of cs.
func groups(cs []constraint) int {
	n := 0
	for i := range cs {
		n = max(n, cs[i].group+1)
	}
	return n
}

// nodeInclusion holds the pod's node affinity and tolerations for the
// nodeAffinityPolicy / nodeTaintsPolicy checks.
type nodeInclusion struct {
	pod      *corev1.Pod
	affinity helper.RequiredNodeAffinity
}

func newNodeInclusion(pod *corev1.Pod) *nodeInclusion {
	return &nodeInclusion{pod: pod, affinity: helper.GetRequiredNodeAffinity(pod)}
}

// match reports whether c counts node under its inclusion policies.
func (ni *nodeInclusion) match(c *constraint, node *corev1.Node) bool {
	if c.nodeAffinityPolicy == corev1.NodeInclusionPolicyHonor {
		// Parse errors are ignored, as Kubernetes does.
		if ok, _ := ni.affinity.Match(node); !ok {
			return false
		}
	}
	if c.nodeTaintsPolicy == corev1.NodeInclusionPolicyHonor {
		if _, untolerated := helper.FindMatchingUntoleratedTaint(node.Spec.Taints, ni.pod.Spec.Tolerations, helper.DoNotScheduleTaintsFilterFunc()); untolerated {
			return false
		}
	}
	return true
}

// nodeLabelsMatchSpreadConstraints reports whether the node has every
// constraint's topology key.
func nodeLabelsMatchSpreadConstraints(nodeLabels map[string]string, cs []constraint) bool {
	for i := range cs {
		if _, ok := nodeLabels[cs[i].topologyKey]; !ok {
			return false
		}
	}
	return true
}

// countPodsMatchSelector counts the non-terminating pods of ns matching
// selector (0 for an empty selector, as Kubernetes).
func countPodsMatchSelector(pods []*framework.PodInfo, selector labels.Selector, ns string) int {
	if selector.Empty() {
		return 0
	}
	n := 0
	for _, p := range pods {
		if p.Pod.DeletionTimestamp != nil || p.Pod.Namespace != ns {
			continue
		}
		if selector.Matches(labels.Set(p.Pod.Labels)) {
			n++
		}
	}
	return n
}

// countGroups counts, for each selector group, the matching pods into
// out (len groups), walking the pods once.
func countGroups(pods []*framework.PodInfo, cs []constraint, ns string, out []int) {
	clear(out)
	for g := range out {
		// Find the selector of group g.
		for i := range cs {
			if cs[i].group == g {
				out[g] = countPodsMatchSelector(pods, cs[i].selector, ns)
				break
			}
		}
	}
}

// podLabelsMatchSpreadConstraints reports whether any constraint selects podLabels.
func podLabelsMatchSpreadConstraints(cs []constraint, podLabels map[string]string) bool {
	for i := range cs {
		if cs[i].selector.Matches(labels.Set(podLabels)) {
			return true
		}
	}
	return false
}

// getConstraints returns the pod's DoNotSchedule constraints, or the
// defaults ones when it has none.
func (pl *PodTopologySpread) getConstraints(pod *corev1.Pod, action corev1.UnsatisfiableConstraintAction) ([]constraint, error) {
	if len(pod.Spec.TopologySpreadConstraints) > 0 {
		cs, err := filterConstraints(pod.Spec.TopologySpreadConstraints, pod.Labels, action)
		if err != nil {
			return nil, fmt.Errorf("obtaining pod's %s topology spread constraints: %w", hardness(action), err)
		}
		return cs, nil
	}
	cs, err := pl.buildDefaultConstraints(pod, action)
	if err != nil {
		return nil, fmt.Errorf("setting default %s topology spread constraints: %w", hardness(action), err)
	}
	return cs, nil
}

func hardness(a corev1.UnsatisfiableConstraintAction) string {
	if a == corev1.DoNotSchedule {
		return "hard"
	}
	return "soft"
}

// buildDefaultConstraints applies the default constraints with the
// selector of the pod's Services and controller.
func (pl *PodTopologySpread) buildDefaultConstraints(pod *corev1.Pod, action corev1.UnsatisfiableConstraintAction) ([]constraint, error) {
	cs, err := filterConstraints(pl.defaultConstraints, pod.Labels, action)
	if err != nil || len(cs) == 0 {
		return nil, err
	}
	if pl.selectors == nil {
		return nil, nil
	}
	sel := pl.selectors.defaultSelector(pod)
	if sel.Empty() {
		return nil, nil
	}
	for i := range cs {
		cs[i].selector = sel
		cs[i].group = 0
	}
	return cs, nil
}

// parallelChunks splits [0, n) into contiguous chunks run in parallel on
// p (sequentially without one, or for small n).
func parallelChunks(ctx context.Context, p framework.Parallelizer, n int, fn func(lo, hi int)) {
	if n == 0 {
		return
	}
	chunks := min(n, 4*runtime.GOMAXPROCS(0))
	if n < 64 || p == nil {
		chunks = 1
	}
	size := (n + chunks - 1) / chunks
	chunks = (n + size - 1) / size
	if chunks == 1 {
		fn(0, n)
		return
	}
	p.Until(ctx, chunks, func(c int) {
		lo := c * size
		fn(lo, min(lo+size, n))
	})
}
