package perf

import (
	"errors"
	"fmt"
	"slices"
	"sort"

	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

// maxReported bounds the violations listed in Check's error.
const maxReported = 10

// Check verifies a run's outcome, independently of the scheduler's code:
//
//   - every measured pod is bound, to a node that exists (or to a churn
//     node deleted since), and no churn pod (which fits nowhere) is bound;
//   - no node is overcommitted: the cpu and memory requests and the
//     number of the pods bound to it fit its allocatable;
//   - bound pods' required node affinity matches their node and their
//     node's NoSchedule and NoExecute taints are tolerated;
//   - no two pods violate a required pod anti-affinity term;
//   - DoNotSchedule topology spread constraints of bound pods hold: the
//     matching pods' counts over the domains differ by at most maxSkew.
//
// The error lists the first violations found.
func Check(w Workload, scale Scale, nodes []*corev1.Node, pods []*corev1.Pod) error {
	var errs []error
	report := func(format string, args ...any) {
		if len(errs) < maxReported {
			errs = append(errs, fmt.Errorf(format, args...))
		} else if len(errs) == maxReported {
			errs = append(errs, errors.New("... more violations"))
		}
	}
	byName := make(map[string]*corev1.Node, len(nodes))
	for _, n := range nodes {
		byName[n.Name] = n
	}
	onNode := map[string][]*corev1.Pod{}
	measured := 0
	for _, p := range pods {
		switch phaseOf(p) {
		case phaseMeasure:
			measured++
			if p.Spec.NodeName == "" {
				report("measured pod %s is not bound", podKey(p))
			}
		case phaseChurn:
			if p.Spec.NodeName != "" {
				report("churn pod %s fits no node but is bound to %s", podKey(p), p.Spec.NodeName)
			}
		}
		if p.Spec.NodeName == "" {
			continue
		}
		if _, ok := byName[p.Spec.NodeName]; !ok {
			if w.Churn == nil {
				report("pod %s is bound to node %s, which does not exist", podKey(p), p.Spec.NodeName)
			}
			continue
		}
		onNode[p.Spec.NodeName] = append(onNode[p.Spec.NodeName], p)
	}
	if measured != scale.MeasurePods {
		report("%d measured pods exist, want %d", measured, scale.MeasurePods)
	}

	names := make([]string, 0, len(onNode))
	for n := range onNode {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		n, ps := byName[name], onNode[name]
		var cpu, mem int64
		for _, p := range ps {
			c, m := requests(p)
			cpu, mem = cpu+c, mem+m
			if !matchesRequiredNodeAffinity(p, n) {
				report("pod %s is on node %s, which its required node affinity excludes", podKey(p), name)
			}
			if t, ok := untolerated(p, n); !ok {
				report("pod %s is on node %s, whose taint %s=%s:%s it does not tolerate", podKey(p), name, t.Key, t.Value, t.Effect)
			}
		}
		alloc := n.Status.Allocatable
		if a := alloc.Cpu().MilliValue(); cpu > a {
			report("node %s is overcommitted: %dm cpu requested, %dm allocatable", name, cpu, a)
		}
		if a := alloc.Memory().Value(); mem > a {
			report("node %s is overcommitted: %d bytes of memory requested, %d allocatable", name, mem, a)
		}
		if a := alloc.Pods().Value(); int64(len(ps)) > a {
			report("node %s is overcommitted: %d pods, %d allowed", name, len(ps), a)
		}
	}
	checkAntiAffinity(onNode, byName, report)
	checkSpread(nodes, pods, byName, report)
	return errors.Join(errs...)
}

// requests sums a pod's container requests (the harness's pods have no
// init containers or overhead).
func requests(p *corev1.Pod) (milliCPU, memory int64) {
	for i := range p.Spec.Containers {
		r := p.Spec.Containers[i].Resources.Requests
		milliCPU += r.Cpu().MilliValue()
		memory += r.Memory().Value()
	}
	return milliCPU, memory
}

// matchesRequiredNodeAffinity evaluates nodeSelector and the required
// node affinity terms (In, NotIn, Exists, DoesNotExist on labels).
func matchesRequiredNodeAffinity(p *corev1.Pod, n *corev1.Node) bool {
	for k, v := range p.Spec.NodeSelector {
		if n.Labels[k] != v {
			return false
		}
	}
	a := p.Spec.Affinity
	if a == nil || a.NodeAffinity == nil || a.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution == nil {
		return true
	}
	for _, term := range a.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms {
		ok := len(term.MatchExpressions) > 0
		for _, r := range term.MatchExpressions {
			v, has := n.Labels[r.Key]
			switch r.Operator {
			case corev1.NodeSelectorOpIn:
				ok = ok && has && slices.Contains(r.Values, v)
			case corev1.NodeSelectorOpNotIn:
				ok = ok && !(has && slices.Contains(r.Values, v))
			case corev1.NodeSelectorOpExists:
				ok = ok && has
			case corev1.NodeSelectorOpDoesNotExist:
				ok = ok && !has
			default:
				ok = false
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// untolerated returns a NoSchedule or NoExecute taint of n that p does not tolerate.
func untolerated(p *corev1.Pod, n *corev1.Node) (corev1.Taint, bool) {
	for i := range n.Spec.Taints {
		t := &n.Spec.Taints[i]
		if t.Effect == corev1.TaintEffectPreferNoSchedule {
			continue
		}
		tolerated := false
		for j := range p.Spec.Tolerations {
			if p.Spec.Tolerations[j].ToleratesTaint(t) {
				tolerated = true
				break
			}
		}
		if !tolerated {
			return *t, false
		}
	}
	return corev1.Taint{}, true
}

// selectorMatches evaluates a label selector (matchLabels and
// matchExpressions); nil matches nothing.
func selectorMatches(s *meta.LabelSelector, l map[string]string) bool {
	if s == nil {
		return false
	}
	for k, v := range s.MatchLabels {
		if got, ok := l[k]; !ok || got != v {
			return false
		}
	}
	for _, r := range s.MatchExpressions {
		v, has := l[r.Key]
		switch r.Operator {
		case meta.LabelSelectorOpIn:
			if !has || !slices.Contains(r.Values, v) {
				return false
			}
		case meta.LabelSelectorOpNotIn:
			if has && slices.Contains(r.Values, v) {
				return false
			}
		case meta.LabelSelectorOpExists:
			if !has {
				return false
			}
		case meta.LabelSelectorOpDoesNotExist:
			if has {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// checkAntiAffinity: for every bound pod with required anti-affinity
// terms, no other bound pod in the term's namespaces matching its selector
// shares the term's topology domain.
func checkAntiAffinity(onNode map[string][]*corev1.Pod, byName map[string]*corev1.Node, report func(string, ...any)) {
	// domain -> pods in it, per topology key, built lazily.
	domains := map[string]map[string][]*corev1.Pod{}
	podsIn := func(key string) map[string][]*corev1.Pod {
		if d, ok := domains[key]; ok {
			return d
		}
		d := map[string][]*corev1.Pod{}
		for name, ps := range onNode {
			if v, ok := byName[name].Labels[key]; ok {
				d[v] = append(d[v], ps...)
			}
		}
		domains[key] = d
		return d
	}
	names := make([]string, 0, len(onNode))
	for n := range onNode {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		for _, p := range onNode[name] {
			a := p.Spec.Affinity
			if a == nil || a.PodAntiAffinity == nil {
				continue
			}
			for _, term := range a.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution {
				v, ok := byName[name].Labels[term.TopologyKey]
				if !ok {
					continue
				}
				nss := term.Namespaces
				if len(nss) == 0 && term.NamespaceSelector == nil {
					nss = []string{p.Namespace}
				}
				for _, q := range podsIn(term.TopologyKey)[v] {
					if q == p || !slices.Contains(nss, q.Namespace) || !selectorMatches(term.LabelSelector, q.Labels) {
						continue
					}
					report("pod %s on node %s has required anti-affinity to pod %s on node %s (%s=%s)", podKey(p), name, podKey(q), q.Spec.NodeName, term.TopologyKey, v)
				}
			}
		}
	}
}

// checkSpread: for each distinct DoNotSchedule constraint of the bound
// pods, the counts of matching bound pods of the namespace over the
// domains (every value of the key among the nodes) differ by at most maxSkew.
func checkSpread(nodes []*corev1.Node, pods []*corev1.Pod, byName map[string]*corev1.Node, report func(string, ...any)) {
	seen := map[string]bool{}
	for _, p := range pods {
		if p.Spec.NodeName == "" {
			continue
		}
		for _, c := range p.Spec.TopologySpreadConstraints {
			if c.WhenUnsatisfiable != corev1.DoNotSchedule {
				continue
			}
			id := fmt.Sprintf("%s|%s|%v", p.Namespace, c.TopologyKey, c.LabelSelector)
			if seen[id] {
				continue
			}
			seen[id] = true
			counts := map[string]int{}
			for _, n := range nodes {
				if v, ok := n.Labels[c.TopologyKey]; ok {
					counts[v] += 0
				}
			}
			for _, q := range pods {
				n, ok := byName[q.Spec.NodeName]
				if !ok || q.Namespace != p.Namespace || !selectorMatches(c.LabelSelector, q.Labels) {
					continue
				}
				if v, ok := n.Labels[c.TopologyKey]; ok {
					counts[v]++
				}
			}
			lo, hi := -1, 0
			for _, k := range counts {
				if lo < 0 || k < lo {
					lo = k
				}
				hi = max(hi, k)
			}
			if lo >= 0 && int32(hi-lo) > c.MaxSkew {
				report("topology spread over %s violated: counts %v differ by %d > maxSkew %d", c.TopologyKey, counts, hi-lo, c.MaxSkew)
			}
		}
	}
}
