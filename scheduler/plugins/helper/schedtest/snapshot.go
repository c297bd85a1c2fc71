package schedtest

import (
	"context"

	"github.com/gantryhq/gantry/scheduler/framework"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/client"
)

// NodeInfos builds one NodeInfo per node, with the pods whose
// spec.nodeName names it, and the image states as the scheduler cache
// keeps them (every image name, its size and how many nodes have it).
func NodeInfos(nodes []*corev1.Node, pods []*corev1.Pod) []*framework.NodeInfo {
	out := make([]*framework.NodeInfo, len(nodes))
	byName := make(map[string]*framework.NodeInfo, len(nodes))
	counts := map[string]int{}
	for _, n := range nodes {
		for _, img := range n.Status.Images {
			for _, name := range img.Names {
				counts[name]++
			}
		}
	}
	for i, n := range nodes {
		ni := framework.NewNodeInfo()
		ni.SetNode(n)
		for _, img := range n.Status.Images {
			for _, name := range img.Names {
				ni.ImageStates[name] = &framework.ImageStateSummary{Size: img.SizeBytes, NumNodes: counts[name]}
			}
		}
		out[i] = ni
		byName[n.Name] = ni
	}
	for _, p := range pods {
		if ni, ok := byName[p.Spec.NodeName]; ok {
			ni.AddPod(p)
		}
	}
	return out
}

// Snapshot is a framework.SharedLister over fixed NodeInfos.
type Snapshot struct {
	nodes      []*framework.NodeInfo
	byName     map[string]*framework.NodeInfo
	namespaces map[string]map[string]string
}

var (
	_ framework.SharedLister   = (*Snapshot)(nil)
	_ framework.NodeInfoLister = (*Snapshot)(nil)
)

// NewSnapshot returns a snapshot of nodes and the pods on them.
func NewSnapshot(nodes []*corev1.Node, pods []*corev1.Pod) *Snapshot {
	return NewSnapshotFromNodeInfos(NodeInfos(nodes, pods))
}

// NewSnapshotFromNodeInfos returns a snapshot of infos.
func NewSnapshotFromNodeInfos(infos []*framework.NodeInfo) *Snapshot {
	s := &Snapshot{nodes: infos, byName: make(map[string]*framework.NodeInfo, len(infos))}
	for _, ni := range infos {
		if n := ni.Node(); n != nil {
			s.byName[n.Name] = ni
		}
	}
	return s
}

// SetNamespaceLabels sets a namespace's labels.
func (s *Snapshot) SetNamespaceLabels(ns string, l map[string]string) {
	if s.namespaces == nil {
		s.namespaces = map[string]map[string]string{}
	}
	s.namespaces[ns] = l
}

// NodeInfos returns s.
func (s *Snapshot) NodeInfos() framework.NodeInfoLister { return s }

// Namespaces returns s's namespace labels.
func (s *Snapshot) Namespaces() framework.NamespaceLister { return nsLister(s.namespaces) }

// List returns every NodeInfo.
func (s *Snapshot) List() []*framework.NodeInfo { return s.nodes }

// HavePodsWithAffinityList returns the NodeInfos with pods with affinity.
func (s *Snapshot) HavePodsWithAffinityList() []*framework.NodeInfo {
	var out []*framework.NodeInfo
	for _, ni := range s.nodes {
		if len(ni.PodsWithAffinity) > 0 {
			out = append(out, ni)
		}
	}
	return out
}

// HavePodsWithRequiredAntiAffinityList returns the NodeInfos with pods
// with required anti-affinity.
func (s *Snapshot) HavePodsWithRequiredAntiAffinityList() []*framework.NodeInfo {
	var out []*framework.NodeInfo
	for _, ni := range s.nodes {
		if len(ni.PodsWithRequiredAntiAffinity) > 0 {
			out = append(out, ni)
		}
	}
	return out
}

// Get returns a NodeInfo by node name.
func (s *Snapshot) Get(name string) (*framework.NodeInfo, error) {
	if ni, ok := s.byName[name]; ok {
		return ni, nil
	}
	return nil, framework.ErrNodeNotFound
}

type nsLister map[string]map[string]string

func (l nsLister) Labels(ns string) map[string]string { return l[ns] }

// Handle is a framework.Handle serving a Snapshot and an optional client;
// the other methods do nothing.
type Handle struct {
	Snapshot *Snapshot
	API      *client.Client
}

var _ framework.Handle = (*Handle)(nil)

// SnapshotSharedLister returns h.Snapshot.
func (h *Handle) SnapshotSharedLister() framework.SharedLister { return h.Snapshot }

// Client returns h.API.
func (h *Handle) Client() *client.Client { return h.API }

// EventRecorder returns nil.
func (h *Handle) EventRecorder() framework.EventRecorder { return nil }

// Parallelizer runs the pieces sequentially.
func (h *Handle) Parallelizer() framework.Parallelizer { return sequential{} }

// PodNominator returns nil.
func (h *Handle) PodNominator() framework.PodNominator { return nil }

// GetWaitingPod returns nil.
func (h *Handle) GetWaitingPod(string) framework.WaitingPod { return nil }

// IterateOverWaitingPods does nothing.
func (h *Handle) IterateOverWaitingPods(func(framework.WaitingPod)) {}

// RunFilterPluginsWithNominatedPods returns nil.
func (h *Handle) RunFilterPluginsWithNominatedPods(context.Context, *framework.CycleState, *corev1.Pod, *framework.NodeInfo) *framework.Status {
	return nil
}

// RunPreFilterExtensionAddPod returns nil.
func (h *Handle) RunPreFilterExtensionAddPod(context.Context, *framework.CycleState, *corev1.Pod, *framework.PodInfo, *framework.NodeInfo) *framework.Status {
	return nil
}

// RunPreFilterExtensionRemovePod returns nil.
func (h *Handle) RunPreFilterExtensionRemovePod(context.Context, *framework.CycleState, *corev1.Pod, *framework.PodInfo, *framework.NodeInfo) *framework.Status {
	return nil
}

type sequential struct{}

func (sequential) Until(ctx context.Context, pieces int, work func(int)) {
	for i := 0; i < pieces && ctx.Err() == nil; i++ {
		work(i)
	}
}
