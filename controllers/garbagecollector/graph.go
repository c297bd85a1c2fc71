package garbagecollector

import (
	"slices"
	"sync"

	"github.com/gantryhq/gantry/controllers"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
	"github.com/gantryhq/gantry/sdk/client"
)

// identity names one object.
type identity struct {
	kind      *registry.Kind
	namespace string
	name      string
	uid       meta.UID
}

func (id identity) String() string {
	s := id.kind.GVK().Kind + " "
	if id.namespace != "" {
		s += id.namespace + "/"
	}
	return s + id.name + " (uid " + string(id.uid) + ")"
}

// node is what the graph keeps of one object. Nodes are immutable once in
// the graph (an update replaces the node), so copies can be read freely.
type node struct {
	id     identity
	owners []meta.OwnerReference
	// deleting: deletionTimestamp is set. foreground and orphan: it is,
	// and the object has the foregroundDeletion or orphan finalizer.
	deleting, foreground, orphan bool
}

// blocks reports whether n holds a blocking reference to owner.
func (n node) blocks(owner meta.UID) bool {
	for _, r := range n.owners {
		if r.UID == owner && r.BlockOwnerDeletion != nil && *r.BlockOwnerDeletion {
			return true
		}
	}
	return false
}

// interesting reports whether n needs a reconcile at all.
func (n *node) interesting() bool { return len(n.owners) > 0 || n.foreground || n.orphan }

// graph is the owner → dependents graph, by UID. Dependents of an owner
// that is not (or no longer) in the graph are kept: they are the ones to
// collect.
type graph struct {
	mu         sync.RWMutex
	nodes      map[meta.UID]*node
	dependents map[meta.UID]map[meta.UID]bool
	q          controllers.Queue // set when the source is registered
}

func newGraph() *graph {
	return &graph{nodes: map[meta.UID]*node{}, dependents: map[meta.UID]map[meta.UID]bool{}}
}

func (g *graph) node(uid meta.UID) (node, bool) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	n, ok := g.nodes[uid]
	if !ok {
		return node{}, false
	}
	return *n, true
}

func (g *graph) dependentsOf(uid meta.UID) []node {
	g.mu.RLock()
	defer g.mu.RUnlock()
	var out []node
	for d := range g.dependents[uid] {
		if n, ok := g.nodes[d]; ok {
			out = append(out, *n)
		}
	}
	return out
}

func (g *graph) hasDependents(uid meta.UID) bool {
	g.mu.RLock()
	defer g.mu.RUnlock()
	for d := range g.dependents[uid] {
		if _, ok := g.nodes[d]; ok {
			return true
		}
	}
	return false
}

func (g *graph) enqueue(uids ...meta.UID) {
	if g.q == nil {
		return
	}
	for _, u := range uids {
		g.q.Add(controllers.Request{Name: string(u)})
	}
}

func newNode(k *registry.Kind, obj meta.Object) *node {
	m := obj.GetObjectMeta()
	n := &node{
		id:       identity{kind: k, namespace: m.Namespace, name: m.Name, uid: m.UID},
		owners:   slices.Clone(m.OwnerReferences),
		deleting: m.DeletionTimestamp != nil,
	}
	n.foreground = n.deleting && m.HasFinalizer(meta.FinalizerDeleteDependents)
	n.orphan = n.deleting && m.HasFinalizer(meta.FinalizerOrphanDependents)
	return n
}

// upsert records obj and queues what its change may affect.
func (g *graph) upsert(k *registry.Kind, obj meta.Object) {
	n := newNode(k, obj)
	uid := n.id.uid
	var queue []meta.UID
	g.mu.Lock()
	prev := g.nodes[uid]
	g.nodes[uid] = n
	if prev != nil {
		for _, r := range prev.owners {
			g.unlinkLocked(r.UID, uid)
		}
	}
	for _, r := range n.owners {
		if g.dependents[r.UID] == nil {
			g.dependents[r.UID] = map[meta.UID]bool{}
		}
		g.dependents[r.UID][uid] = true
	}
	refsChanged := prev == nil || !slices.EqualFunc(prev.owners, n.owners, sameRef)
	stateChanged := prev == nil || prev.deleting != n.deleting || prev.foreground != n.foreground || prev.orphan != n.orphan
	if (refsChanged || stateChanged) && n.interesting() {
		queue = append(queue, uid)
	}
	if n.foreground && (prev == nil || !prev.foreground) {
		// It now waits for its dependents: they must go.
		for d := range g.dependents[uid] {
			if _, ok := g.nodes[d]; ok {
				queue = append(queue, d)
			}
		}
	}
	if prev != nil && refsChanged {
		// An owner waiting for its dependents may not be blocked any more.
		for _, r := range prev.owners {
			if o := g.nodes[r.UID]; o != nil && o.foreground {
				queue = append(queue, r.UID)
			}
		}
	}
	g.mu.Unlock()
	g.enqueue(queue...)
}

// remove forgets obj and queues its dependents (their owner is gone) and
// its owners waiting for their dependents.
func (g *graph) remove(obj meta.Object) {
	uid := obj.GetObjectMeta().UID
	var queue []meta.UID
	g.mu.Lock()
	if n := g.nodes[uid]; n != nil {
		delete(g.nodes, uid)
		for _, r := range n.owners {
			g.unlinkLocked(r.UID, uid)
			if o := g.nodes[r.UID]; o != nil && o.foreground {
				queue = append(queue, r.UID)
			}
		}
	}
	for d := range g.dependents[uid] {
		if _, ok := g.nodes[d]; ok {
			queue = append(queue, d)
		}
	}
	g.mu.Unlock()
	g.enqueue(queue...)
}

func (g *graph) unlinkLocked(owner, dep meta.UID) {
	if deps := g.dependents[owner]; deps != nil {
		delete(deps, dep)
		if len(deps) == 0 {
			delete(g.dependents, owner)
		}
	}
}

func sameRef(a, b meta.OwnerReference) bool {
	return a.UID == b.UID && a.Name == b.Name && a.Kind == b.Kind && a.APIVersion == b.APIVersion &&
		boolValue(a.Controller) == boolValue(b.Controller) && boolValue(a.BlockOwnerDeletion) == boolValue(b.BlockOwnerDeletion)
}

func boolValue(b *bool) bool { return b != nil && *b }

// graphSource keeps the graph from the shared informers of every kind
// the collector handles, and feeds the collector's queue.
type graphSource struct {
	gc   *GarbageCollector
	infs []*client.Informer[meta.Object]
}

var _ controllers.Source = (*graphSource)(nil)

func (s *graphSource) Register(mgr *controllers.Manager, q controllers.Queue) error {
	g := s.gc.g
	g.q = q
	for _, k := range s.gc.kinds {
		inf := mgr.InformerForKind(k)
		inf.AddEventHandler(client.HandlerFuncs[meta.Object]{
			AddFunc: func(obj meta.Object, _ bool) { g.upsert(k, obj) },
			UpdateFunc: func(old, obj meta.Object) {
				if old.GetObjectMeta().UID != obj.GetObjectMeta().UID {
					// Replaced by a namesake between two observations.
					g.remove(old)
				}
				g.upsert(k, obj)
			},
			DeleteFunc: func(obj meta.Object) { g.remove(obj) },
		})
		s.infs = append(s.infs, inf)
	}
	return nil
}

func (s *graphSource) HasSynced() bool {
	for _, inf := range s.infs {
		if !inf.HasSynced() {
			return false
		}
	}
	return true
}

func (s *graphSource) Replay(q controllers.Queue) {
	g := s.gc.g
	g.mu.RLock()
	var uids []meta.UID
	for uid, n := range g.nodes {
		if n.interesting() {
			uids = append(uids, uid)
		}
	}
	g.mu.RUnlock()
	for _, u := range uids {
		q.Add(controllers.Request{Name: string(u)})
	}
}
