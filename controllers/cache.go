package controllers

import (
	"github.com/gantryhq/gantry/sdk/api/labels"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/client"
)

// Cache is a typed, read-only view of the manager's shared cache of kind
// T (the same informer the controllers' sources use). Objects are shared:
// never modify one, deep-copy it first.
type Cache[T meta.Object] struct {
	inf *client.Informer[meta.Object]
}

// CacheFor returns the typed view of the manager's cache of T. The cache
// fills once the manager has started; a reconciler that reads it may rely
// on it having synced (controllers wait for their sources' caches, and a
// cache read by a reconciler should be one of its sources or be waited on).
func CacheFor[T meta.Object](mgr *Manager) (*Cache[T], error) {
	k, err := KindOf[T](mgr)
	if err != nil {
		return nil, err
	}
	return &Cache[T]{inf: mgr.InformerForKind(k)}, nil
}

// Get returns the cached object ns/name (ns empty for cluster-scoped kinds).
func (c *Cache[T]) Get(ns, name string) (T, bool) {
	key := name
	if ns != "" {
		key = ns + "/" + name
	}
	if o, ok := c.inf.Get(key); ok {
		if obj, ok := o.(T); ok {
			return obj, true
		}
	}
	var zero T
	return zero, false
}

// List returns the cached objects of namespace ns ("" for all) that match
// sel (nil for all), sorted by namespace and name.
func (c *Cache[T]) List(ns string, sel labels.Selector) []T {
	var objs []meta.Object
	if ns == "" {
		objs = c.inf.List(sel)
	} else {
		all, _ := c.inf.ByIndex(client.NamespaceIndex, ns)
		objs = all[:0:0]
		for _, o := range all {
			if sel == nil || sel.Empty() || sel.Matches(labels.Set(o.GetObjectMeta().Labels)) {
				objs = append(objs, o)
			}
		}
	}
	out := make([]T, 0, len(objs))
	for _, o := range objs {
		if obj, ok := o.(T); ok {
			out = append(out, obj)
		}
	}
	return out
}

// HasSynced reports whether the cache has been filled by its first list.
func (c *Cache[T]) HasSynced() bool { return c.inf.HasSynced() }

// Informer returns the underlying shared informer.
func (c *Cache[T]) Informer() *client.Informer[meta.Object] { return c.inf }
