package cache

import (
	"context"
	"fmt"
	"maps"
	"sync"
	"time"

	"github.com/gantryhq/gantry/scheduler/framework"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
)

// DefaultAssumedPodTTL is how long an assumed pod whose binding finished
// stays in the cache without the informer confirming it.
const DefaultAssumedPodTTL = 15 * time.Minute

// cleanupPeriod is how often Run expires assumed pods.
const cleanupPeriod = time.Second

// Options configure a Cache. Zero values mean defaults.
type Options struct {
	// AssumedPodTTL bounds how long an assumed pod whose binding finished
	// waits for confirmation before it expires. Default
	// DefaultAssumedPodTTL; negative never expires.
	AssumedPodTTL time.Duration
	// Now is the clock. Default time.Now.
	Now func() time.Time
}

// nodeItem is a NodeInfo in the cache's recency list (most recently
// changed first).
type nodeItem struct {
	info       *framework.NodeInfo
	prev, next *nodeItem
}

// podState is a pod the cache knows.
type podState struct {
	info *framework.PodInfo
	// deadline is when an assumed pod expires; set by FinishBinding.
	deadline        time.Time
	bindingFinished bool
}

// imageState is one image name across nodes.
type imageState struct {
	summary *framework.ImageStateSummary
	nodes   map[string]struct{}
}

// Cache is the scheduler's cache of nodes and the pods bound or assumed to
// them. See the package documentation.
type Cache struct {
	ttl time.Duration
	now func() time.Time

	mu         sync.RWMutex
	nodes      map[string]*nodeItem
	head       *nodeItem
	tree       nodeTree
	treeGen    int64
	pods       map[string]*podState
	assumed    map[string]struct{}
	images     map[string]*imageState
	generation int64
	// namespaces is copy-on-write: snapshots share the map.
	namespaces map[string]map[string]string
	nsGen      int64
}

// New returns an empty cache.
func New(opts Options) *Cache {
	if opts.AssumedPodTTL == 0 {
		opts.AssumedPodTTL = DefaultAssumedPodTTL
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Cache{
		ttl:        opts.AssumedPodTTL,
		now:        opts.Now,
		nodes:      map[string]*nodeItem{},
		tree:       newNodeTree(),
		pods:       map[string]*podState{},
		assumed:    map[string]struct{}{},
		images:     map[string]*imageState{},
		namespaces: map[string]map[string]string{},
	}
}

// Run expires assumed pods every second until ctx ends.
func (c *Cache) Run(ctx context.Context) {
	t := time.NewTicker(cleanupPeriod)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			c.Cleanup()
		}
	}
}

// PodKey is the cache's key of a pod: its UID, or namespace/name when it
// has none (pods fed to an in-process scheduler).
func PodKey(p *corev1.Pod) string {
	if p.UID != "" {
		return string(p.UID)
	}
	return p.Namespace + "/" + p.Name
}

func (c *Cache) nextGeneration() int64 {
	c.generation++
	return c.generation
}

// touch gives item a new generation and moves it to the list head.
func (c *Cache) touch(item *nodeItem) {
	item.info.Generation = c.nextGeneration()
	if c.head == item {
		return
	}
	if item.prev != nil {
		item.prev.next = item.next
	}
	if item.next != nil {
		item.next.prev = item.prev
	}
	item.prev = nil
	item.next = c.head
	if c.head != nil {
		c.head.prev = item
	}
	c.head = item
}

func (c *Cache) unlink(item *nodeItem) {
	if item.prev != nil {
		item.prev.next = item.next
	}
	if item.next != nil {
		item.next.prev = item.prev
	}
	if c.head == item {
		c.head = item.next
	}
	item.prev, item.next = nil, nil
}

func (c *Cache) item(nodeName string) *nodeItem {
	it, ok := c.nodes[nodeName]
	if !ok {
		it = &nodeItem{info: framework.NewNodeInfo()}
		c.nodes[nodeName] = it
	}
	return it
}

func (c *Cache) addPodLocked(pi *framework.PodInfo) {
	it := c.item(pi.Pod.Spec.NodeName)
	it.info.AddPodInfo(pi)
	c.touch(it)
}

func (c *Cache) removePodLocked(pod *corev1.Pod) {
	it, ok := c.nodes[pod.Spec.NodeName]
	if !ok {
		return
	}
	if it.info.RemovePod(pod) {
		if len(it.info.Pods) == 0 && it.info.Node() == nil {
			c.unlink(it)
			delete(c.nodes, pod.Spec.NodeName)
			return
		}
		c.touch(it)
	}
}

// AssumePod adds pi (whose pod has spec.nodeName set) to its node as if it
// were bound. It fails when the pod is already in the cache.
func (c *Cache) AssumePod(pi *framework.PodInfo) error {
	key := PodKey(pi.Pod)
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.pods[key]; ok {
		return fmt.Errorf("scheduler cache: pod %s/%s is already in the cache, so it cannot be assumed", pi.Pod.Namespace, pi.Pod.Name)
	}
	c.addPodLocked(pi)
	c.pods[key] = &podState{info: pi}
	c.assumed[key] = struct{}{}
	return nil
}

// FinishBinding starts the expiry clock of an assumed pod.
func (c *Cache) FinishBinding(pod *corev1.Pod) {
	key := PodKey(pod)
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.pods[key]; ok {
		if _, assumed := c.assumed[key]; assumed {
			st.bindingFinished = true
			st.deadline = c.now().Add(c.ttl)
		}
	}
}

// ForgetPod removes an assumed pod (its binding failed).
func (c *Cache) ForgetPod(pod *corev1.Pod) error {
	key := PodKey(pod)
	c.mu.Lock()
	defer c.mu.Unlock()
	st, ok := c.pods[key]
	if !ok {
		return nil
	}
	if st.info.Pod.Spec.NodeName != pod.Spec.NodeName {
		return fmt.Errorf("scheduler cache: pod %s/%s was assumed on node %q but forgotten on %q", pod.Namespace, pod.Name, st.info.Pod.Spec.NodeName, pod.Spec.NodeName)
	}
	if _, assumed := c.assumed[key]; !assumed {
		return fmt.Errorf("scheduler cache: pod %s/%s is bound, not assumed: it cannot be forgotten", pod.Namespace, pod.Name)
	}
	c.removePodLocked(st.info.Pod)
	delete(c.pods, key)
	delete(c.assumed, key)
	return nil
}

// AddPod adds a bound pod seen by the informer; for an assumed pod it
// confirms the assumption (moving the pod if it was bound elsewhere).
func (c *Cache) AddPod(pod *corev1.Pod) {
	key := PodKey(pod)
	c.mu.Lock()
	defer c.mu.Unlock()
	st, ok := c.pods[key]
	if ok {
		// Assumed (or added twice): replace with the informer's object.
		c.removePodLocked(st.info.Pod)
	}
	pi := framework.NewPodInfo(pod)
	c.addPodLocked(pi)
	c.pods[key] = &podState{info: pi}
	delete(c.assumed, key)
}

// UpdatePod replaces a bound pod.
func (c *Cache) UpdatePod(old, pod *corev1.Pod) {
	key := PodKey(pod)
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.pods[key]; ok {
		c.removePodLocked(st.info.Pod)
	} else {
		c.removePodLocked(old)
	}
	pi := framework.NewPodInfo(pod)
	c.addPodLocked(pi)
	c.pods[key] = &podState{info: pi}
	delete(c.assumed, key)
}

// RemovePod removes a pod (deleted, or terminal).
func (c *Cache) RemovePod(pod *corev1.Pod) {
	key := PodKey(pod)
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.pods[key]; ok {
		c.removePodLocked(st.info.Pod)
		delete(c.pods, key)
		delete(c.assumed, key)
		return
	}
	c.removePodLocked(pod)
}

// IsAssumedPod reports whether pod is assumed and not yet confirmed.
func (c *Cache) IsAssumedPod(pod *corev1.Pod) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	_, ok := c.assumed[PodKey(pod)]
	return ok
}

// GetPod returns the cached pod (bound or assumed), or nil.
func (c *Cache) GetPod(pod *corev1.Pod) *corev1.Pod {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if st, ok := c.pods[PodKey(pod)]; ok {
		return st.info.Pod
	}
	return nil
}

// Cleanup expires assumed pods whose binding finished more than the TTL ago.
func (c *Cache) Cleanup() {
	if c.ttl < 0 {
		return
	}
	now := c.now()
	c.mu.Lock()
	defer c.mu.Unlock()
	for key := range c.assumed {
		st := c.pods[key]
		if st.bindingFinished && now.After(st.deadline) {
			c.removePodLocked(st.info.Pod)
			delete(c.pods, key)
			delete(c.assumed, key)
		}
	}
}

// AddNode adds (or replaces) a node.
func (c *Cache) AddNode(node *corev1.Node) {
	c.mu.Lock()
	defer c.mu.Unlock()
	it := c.item(node.Name)
	if old := it.info.Node(); old != nil {
		c.removeNodeImages(old)
		if c.tree.update(old, node) {
			c.treeGen++
		}
	} else if c.tree.add(node) {
		c.treeGen++
	}
	it.info.SetNode(node)
	c.addNodeImages(node, it.info)
	c.touch(it)
}

// UpdateNode replaces a node.
func (c *Cache) UpdateNode(_, node *corev1.Node) { c.AddNode(node) }

// RemoveNode removes a node; its pods stay until they are removed.
func (c *Cache) RemoveNode(node *corev1.Node) {
	c.mu.Lock()
	defer c.mu.Unlock()
	it, ok := c.nodes[node.Name]
	if !ok {
		return
	}
	if old := it.info.Node(); old != nil {
		c.removeNodeImages(old)
	}
	it.info.RemoveNode()
	if len(it.info.Pods) == 0 {
		c.unlink(it)
		delete(c.nodes, node.Name)
	} else {
		c.touch(it)
	}
	if c.tree.remove(node) {
		c.treeGen++
	}
}

func (c *Cache) addNodeImages(node *corev1.Node, ni *framework.NodeInfo) {
	sums := make(map[string]*framework.ImageStateSummary, len(node.Status.Images))
	for _, img := range node.Status.Images {
		for _, name := range img.Names {
			st, ok := c.images[name]
			if !ok {
				st = &imageState{summary: &framework.ImageStateSummary{Size: img.SizeBytes}, nodes: map[string]struct{}{}}
				c.images[name] = st
			}
			st.nodes[node.Name] = struct{}{}
			st.summary.NumNodes = len(st.nodes)
			sums[name] = st.summary
		}
	}
	ni.ImageStates = sums
}

func (c *Cache) removeNodeImages(node *corev1.Node) {
	for _, img := range node.Status.Images {
		for _, name := range img.Names {
			if st, ok := c.images[name]; ok {
				delete(st.nodes, node.Name)
				st.summary.NumNodes = len(st.nodes)
				if len(st.nodes) == 0 {
					delete(c.images, name)
				}
			}
		}
	}
}

// SetNamespace records a namespace's labels (for namespaceSelector terms).
func (c *Cache) SetNamespace(ns *corev1.Namespace) {
	c.mu.Lock()
	defer c.mu.Unlock()
	next := maps.Clone(c.namespaces)
	next[ns.Name] = ns.Labels
	c.namespaces = next
	c.nsGen++
}

// RemoveNamespace forgets a namespace.
func (c *Cache) RemoveNamespace(ns *corev1.Namespace) {
	c.mu.Lock()
	defer c.mu.Unlock()
	next := maps.Clone(c.namespaces)
	delete(next, ns.Name)
	c.namespaces = next
	c.nsGen++
}

// NodeCount returns the number of nodes.
func (c *Cache) NodeCount() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.tree.numNodes
}

// UpdateSnapshot brings s up to date, copying only the NodeInfos changed
// since s was last updated. The NodeInfo pointers of s stay stable for
// unchanged nodes, and s's lists are rebuilt only when nodes come or go or
// their affinity pods change.
func (c *Cache) UpdateSnapshot(s *Snapshot) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	updateAll := s.treeGen != c.treeGen
	updateAffinity, updateAnti := false, false
	for it := c.head; it != nil && it.info.Generation > s.generation; it = it.next {
		n := it.info.Node()
		if n == nil {
			continue
		}
		existing, ok := s.nodeInfoMap[n.Name]
		if !ok {
			updateAll = true
			existing = &framework.NodeInfo{}
			s.nodeInfoMap[n.Name] = existing
		}
		clone := it.info.Clone()
		if len(clone.ImageStates) > 0 {
			imgs := make(map[string]*framework.ImageStateSummary, len(clone.ImageStates))
			for k, v := range clone.ImageStates {
				cp := *v
				imgs[k] = &cp
			}
			clone.ImageStates = imgs
		}
		if (len(existing.PodsWithAffinity) > 0) != (len(clone.PodsWithAffinity) > 0) {
			updateAffinity = true
		}
		if (len(existing.PodsWithRequiredAntiAffinity) > 0) != (len(clone.PodsWithRequiredAntiAffinity) > 0) {
			updateAnti = true
		}
		*existing = *clone
	}
	if c.head != nil {
		s.generation = c.head.info.Generation
	}
	if len(s.nodeInfoMap) > c.tree.numNodes {
		for name := range s.nodeInfoMap {
			if it, ok := c.nodes[name]; !ok || it.info.Node() == nil {
				delete(s.nodeInfoMap, name)
			}
		}
		updateAll = true
	}
	if updateAll || updateAffinity || updateAnti {
		s.rebuildLists(c.tree.list(), updateAll)
	}
	s.treeGen = c.treeGen
	if s.nsGen != c.nsGen {
		s.namespaces = c.namespaces
		s.nsGen = c.nsGen
	}
}

// nodeTree orders nodes interleaving zones, as Kubernetes does, so that
// the first nodes examined spread over zones.
type nodeTree struct {
	zones    map[string][]string
	order    []string
	numNodes int
}

func newNodeTree() nodeTree { return nodeTree{zones: map[string][]string{}} }

func zoneOf(n *corev1.Node) string {
	r, z := n.Labels[corev1.LabelTopologyRegion], n.Labels[corev1.LabelTopologyZone]
	if r == "" && z == "" {
		return ""
	}
	return r + ":\x00:" + z
}

func (t *nodeTree) add(n *corev1.Node) bool {
	z := zoneOf(n)
	names, ok := t.zones[z]
	for _, name := range names {
		if name == n.Name {
			return false
		}
	}
	if !ok {
		t.order = append(t.order, z)
	}
	t.zones[z] = append(names, n.Name)
	t.numNodes++
	return true
}

func (t *nodeTree) remove(n *corev1.Node) bool {
	z := zoneOf(n)
	names := t.zones[z]
	for i, name := range names {
		if name == n.Name {
			t.zones[z] = append(names[:i:i], names[i+1:]...)
			if len(t.zones[z]) == 0 {
				delete(t.zones, z)
				for j, o := range t.order {
					if o == z {
						t.order = append(t.order[:j:j], t.order[j+1:]...)
						break
					}
				}
			}
			t.numNodes--
			return true
		}
	}
	return false
}

func (t *nodeTree) update(old, n *corev1.Node) bool {
	if zoneOf(old) == zoneOf(n) {
		return false
	}
	t.remove(old)
	t.add(n)
	return true
}

// list returns the node names, one per zone in turn.
func (t *nodeTree) list() []string {
	out := make([]string, 0, t.numNodes)
	for i := 0; len(out) < t.numNodes; i++ {
		for _, z := range t.order {
			if names := t.zones[z]; i < len(names) {
				out = append(out, names[i])
			}
		}
	}
	return out
}
