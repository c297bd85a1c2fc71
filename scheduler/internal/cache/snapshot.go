package cache

import (
	"github.com/gantryhq/gantry/scheduler/framework"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
)

// Snapshot is the view of the cluster one scheduling cycle reads. It
// implements framework.SharedLister, framework.NodeInfoLister and
// framework.NamespaceLister. Cache.UpdateSnapshot refreshes it in place;
// it must not be read while it is being updated.
type Snapshot struct {
	nodeInfoMap      map[string]*framework.NodeInfo
	nodeInfoList     []*framework.NodeInfo
	withAffinity     []*framework.NodeInfo
	withRequiredAnti []*framework.NodeInfo
	namespaces       map[string]map[string]string
	generation       int64
	treeGen          int64
	nsGen            int64
}

var (
	_ framework.SharedLister    = (*Snapshot)(nil)
	_ framework.NodeInfoLister  = (*Snapshot)(nil)
	_ framework.NamespaceLister = (*Snapshot)(nil)
)

// NewEmptySnapshot returns a snapshot to be filled by Cache.UpdateSnapshot.
func NewEmptySnapshot() *Snapshot {
	return &Snapshot{nodeInfoMap: map[string]*framework.NodeInfo{}, treeGen: -1}
}

// NewSnapshot builds a standalone snapshot of nodes with pods (placed by
// spec.nodeName) and namespaces, for tests of plugins.
func NewSnapshot(pods []*corev1.Pod, nodes []*corev1.Node, namespaces ...*corev1.Namespace) *Snapshot {
	c := New(Options{})
	for _, n := range nodes {
		c.AddNode(n)
	}
	for _, p := range pods {
		if p.Spec.NodeName != "" {
			c.AddPod(p)
		}
	}
	for _, ns := range namespaces {
		c.SetNamespace(ns)
	}
	s := NewEmptySnapshot()
	c.UpdateSnapshot(s)
	return s
}

func (s *Snapshot) rebuildLists(order []string, all bool) {
	if all {
		s.nodeInfoList = s.nodeInfoList[:0]
		for _, name := range order {
			if ni, ok := s.nodeInfoMap[name]; ok {
				s.nodeInfoList = append(s.nodeInfoList, ni)
			}
		}
	}
	s.withAffinity = s.withAffinity[:0]
	s.withRequiredAnti = s.withRequiredAnti[:0]
	for _, ni := range s.nodeInfoList {
		if len(ni.PodsWithAffinity) > 0 {
			s.withAffinity = append(s.withAffinity, ni)
		}
		if len(ni.PodsWithRequiredAntiAffinity) > 0 {
			s.withRequiredAnti = append(s.withRequiredAnti, ni)
		}
	}
}

// NodeInfos returns the snapshot itself.
func (s *Snapshot) NodeInfos() framework.NodeInfoLister { return s }

// Namespaces returns the snapshot itself.
func (s *Snapshot) Namespaces() framework.NamespaceLister { return s }

// NumNodes returns the number of nodes.
func (s *Snapshot) NumNodes() int { return len(s.nodeInfoList) }

// List returns every node in the cache's zone-interleaved order. The
// slice is shared: do not modify it.
func (s *Snapshot) List() []*framework.NodeInfo { return s.nodeInfoList }

// HavePodsWithAffinityList returns the nodes with pods that have affinity terms.
func (s *Snapshot) HavePodsWithAffinityList() []*framework.NodeInfo { return s.withAffinity }

// HavePodsWithRequiredAntiAffinityList returns the nodes with pods that
// have required anti-affinity terms.
func (s *Snapshot) HavePodsWithRequiredAntiAffinityList() []*framework.NodeInfo {
	return s.withRequiredAnti
}

// Get returns a node by name, or framework.ErrNodeNotFound.
func (s *Snapshot) Get(name string) (*framework.NodeInfo, error) {
	if ni, ok := s.nodeInfoMap[name]; ok && ni.Node() != nil {
		return ni, nil
	}
	return nil, framework.ErrNodeNotFound
}

// Labels returns a namespace's labels (nil for an unknown namespace).
func (s *Snapshot) Labels(namespace string) map[string]string { return s.namespaces[namespace] }
