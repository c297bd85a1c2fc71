package interpodaffinity

import (
	"context"
	"sync"

	"github.com/gantryhq/gantry/scheduler/framework"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

// snapshot is a test SharedLister over pods placed by spec.nodeName.
type snapshot struct {
	nodes  []*framework.NodeInfo
	byName map[string]*framework.NodeInfo
	ns     map[string]map[string]string
}

func newSnapshot(pods []*corev1.Pod, nodes []*corev1.Node) *snapshot {
	s := &snapshot{byName: map[string]*framework.NodeInfo{}, ns: map[string]map[string]string{}}
	for _, n := range nodes {
		ni := framework.NewNodeInfo()
		ni.SetNode(n)
		s.nodes = append(s.nodes, ni)
		s.byName[n.Name] = ni
	}
	for _, p := range pods {
		if ni := s.byName[p.Spec.NodeName]; ni != nil {
			ni.AddPod(p)
		}
	}
	return s
}

func (s *snapshot) NodeInfos() framework.NodeInfoLister   { return s }
func (s *snapshot) Namespaces() framework.NamespaceLister { return s }
func (s *snapshot) Labels(ns string) map[string]string    { return s.ns[ns] }
func (s *snapshot) List() []*framework.NodeInfo           { return s.nodes }
func (s *snapshot) HavePodsWithAffinityList() []*framework.NodeInfo {
	var out []*framework.NodeInfo
	for _, n := range s.nodes {
		if len(n.PodsWithAffinity) > 0 {
			out = append(out, n)
		}
	}
	return out
}
func (s *snapshot) HavePodsWithRequiredAntiAffinityList() []*framework.NodeInfo {
	var out []*framework.NodeInfo
	for _, n := range s.nodes {
		if len(n.PodsWithRequiredAntiAffinity) > 0 {
			out = append(out, n)
		}
	}
	return out
}
func (s *snapshot) Get(name string) (*framework.NodeInfo, error) {
	if n, ok := s.byName[name]; ok {
		return n, nil
	}
	return nil, framework.ErrNodeNotFound
}

// parallelizer runs pieces on goroutines.
type parallelizer struct{}

func (parallelizer) Until(_ context.Context, pieces int, work func(int)) {
	var wg sync.WaitGroup
	for i := range pieces {
		wg.Add(1)
		go func() { defer wg.Done(); work(i) }()
	}
	wg.Wait()
}

// handle is a test Handle: only the snapshot and parallelizer work.
type handle struct {
	framework.Handle
	snap *snapshot
}

func (h *handle) SnapshotSharedLister() framework.SharedLister { return h.snap }
func (h *handle) Parallelizer() framework.Parallelizer         { return parallelizer{} }

// Builders.

func makeNode(name string, labels map[string]string) *corev1.Node {
	return &corev1.Node{ObjectMeta: meta.ObjectMeta{Name: name, Labels: labels}}
}

type podOpt func(*corev1.Pod)

func makePod(name, ns, node string, labels map[string]string, opts ...podOpt) *corev1.Pod {
	p := &corev1.Pod{ObjectMeta: meta.ObjectMeta{Name: name, Namespace: ns, UID: meta.UID(ns + "/" + name), Labels: labels}}
	p.Spec.NodeName = node
	for _, o := range opts {
		o(p)
	}
	return p
}

func ensureAffinity(p *corev1.Pod) *corev1.Affinity {
	if p.Spec.Affinity == nil {
		p.Spec.Affinity = &corev1.Affinity{}
	}
	return p.Spec.Affinity
}

func withAffinity(terms ...corev1.PodAffinityTerm) podOpt {
	return func(p *corev1.Pod) {
		a := ensureAffinity(p)
		if a.PodAffinity == nil {
			a.PodAffinity = &corev1.PodAffinity{}
		}
		a.PodAffinity.RequiredDuringSchedulingIgnoredDuringExecution = append(a.PodAffinity.RequiredDuringSchedulingIgnoredDuringExecution, terms...)
	}
}

func withAntiAffinity(terms ...corev1.PodAffinityTerm) podOpt {
	return func(p *corev1.Pod) {
		a := ensureAffinity(p)
		if a.PodAntiAffinity == nil {
			a.PodAntiAffinity = &corev1.PodAntiAffinity{}
		}
		a.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution = append(a.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution, terms...)
	}
}

func withPreferredAffinity(weight int32, t corev1.PodAffinityTerm) podOpt {
	return func(p *corev1.Pod) {
		a := ensureAffinity(p)
		if a.PodAffinity == nil {
			a.PodAffinity = &corev1.PodAffinity{}
		}
		a.PodAffinity.PreferredDuringSchedulingIgnoredDuringExecution = append(a.PodAffinity.PreferredDuringSchedulingIgnoredDuringExecution, corev1.WeightedPodAffinityTerm{Weight: weight, PodAffinityTerm: t})
	}
}

func withPreferredAntiAffinity(weight int32, t corev1.PodAffinityTerm) podOpt {
	return func(p *corev1.Pod) {
		a := ensureAffinity(p)
		if a.PodAntiAffinity == nil {
			a.PodAntiAffinity = &corev1.PodAntiAffinity{}
		}
		a.PodAntiAffinity.PreferredDuringSchedulingIgnoredDuringExecution = append(a.PodAntiAffinity.PreferredDuringSchedulingIgnoredDuringExecution, corev1.WeightedPodAffinityTerm{Weight: weight, PodAffinityTerm: t})
	}
}

// term builds a PodAffinityTerm.
func term(topologyKey string, sel *meta.LabelSelector, namespaces ...string) corev1.PodAffinityTerm {
	return corev1.PodAffinityTerm{LabelSelector: sel, TopologyKey: topologyKey, Namespaces: namespaces}
}

func nsSelTerm(topologyKey string, sel, nsSel *meta.LabelSelector) corev1.PodAffinityTerm {
	return corev1.PodAffinityTerm{LabelSelector: sel, TopologyKey: topologyKey, NamespaceSelector: nsSel}
}

func expr(key string, op meta.LabelSelectorOperator, values ...string) meta.LabelSelectorRequirement {
	return meta.LabelSelectorRequirement{Key: key, Operator: op, Values: values}
}

func sel(reqs ...meta.LabelSelectorRequirement) *meta.LabelSelector {
	return &meta.LabelSelector{MatchExpressions: reqs}
}

const (
	opIn       = meta.LabelSelectorOpIn
	opNotIn    = meta.LabelSelectorOpNotIn
	opExists   = meta.LabelSelectorOpExists
	opNotExist = meta.LabelSelectorOpDoesNotExist
)
