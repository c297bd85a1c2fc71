package registry

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/gantryhq/gantry/sdk/api/meta"
)

// Registry holds kinds by group/version/kind and by resource. It is safe for
// concurrent use; kinds are normally all added before the server starts.
type Registry struct {
	mu         sync.RWMutex
	byGVK      map[meta.GroupVersionKind]*Kind
	byResource map[meta.GroupVersionResource]*Kind
	kinds      []*Kind
}

// New returns an empty Registry.
func New() *Registry {
	return &Registry{
		byGVK:      make(map[meta.GroupVersionKind]*Kind),
		byResource: make(map[meta.GroupVersionResource]*Kind),
	}
}

// AddKind adds an untyped kind. Most callers use Add, which builds the Kind
// from a typed description. It returns an error on a duplicate kind,
// resource or short name within the group, or a kind missing required parts.
func (r *Registry) AddKind(k *Kind) error {
	if err := k.complete(); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.byGVK[k.gvk]; dup {
		return fmt.Errorf("registry: kind %s is already registered", k.gvk)
	}
	gvr := k.GVR()
	if _, dup := r.byResource[gvr]; dup {
		return fmt.Errorf("registry: resource %q in %s is already registered", k.resource, k.gvk.GroupVersion())
	}
	for _, other := range r.kinds {
		if other.gvk.Group != k.gvk.Group {
			continue
		}
		for _, s := range k.shortNames {
			for _, o := range other.shortNames {
				if s == o {
					return fmt.Errorf("registry: short name %q of %s is already used by %s", s, k.gvk, other.gvk)
				}
			}
		}
	}
	r.byGVK[k.gvk] = k
	r.byResource[gvr] = k
	r.kinds = append(r.kinds, k)
	return nil
}

// Merge adds every kind of other to r; it fails on the first duplicate.
func (r *Registry) Merge(other *Registry) error {
	for _, k := range other.Kinds() {
		if err := r.AddKind(k); err != nil {
			return err
		}
	}
	return nil
}

// KindFor returns the kind with the given group, version and kind.
func (r *Registry) KindFor(gvk meta.GroupVersionKind) (*Kind, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	k, ok := r.byGVK[gvk]
	return k, ok
}

// KindForResource returns the kind serving a resource (plural, lower case).
func (r *Registry) KindForResource(gvr meta.GroupVersionResource) (*Kind, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	k, ok := r.byResource[gvr]
	return k, ok
}

// KindForObject returns the kind of obj by its TypeMeta.
func (r *Registry) KindForObject(obj meta.Object) (*Kind, bool) {
	return r.KindFor(obj.GetTypeMeta().GroupVersionKind())
}

// Kinds returns every kind in registration order.
func (r *Registry) Kinds() []*Kind {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return append([]*Kind(nil), r.kinds...)
}

// GroupVersions returns every group version with at least one kind, the core
// group first, then groups sorted by name.
func (r *Registry) GroupVersions() []meta.GroupVersion {
	r.mu.RLock()
	defer r.mu.RUnlock()
	seen := map[meta.GroupVersion]bool{}
	var out []meta.GroupVersion
	for _, k := range r.kinds {
		gv := k.gvk.GroupVersion()
		if !seen[gv] {
			seen[gv] = true
			out = append(out, gv)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if (out[i].Group == "") != (out[j].Group == "") {
			return out[i].Group == ""
		}
		return out[i].Group < out[j].Group
	})
	return out
}

// KindsIn returns the kinds of one group version, sorted by resource.
func (r *Registry) KindsIn(gv meta.GroupVersion) []*Kind {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var out []*Kind
	for _, k := range r.kinds {
		if k.gvk.GroupVersion() == gv {
			out = append(out, k)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].resource < out[j].resource })
	return out
}

// Lookup finds a kind by any name a user may type: plural, singular, short
// name or kind, optionally qualified by group ("deployments.apps"), case-insensitively.
func (r *Registry) Lookup(name string) (*Kind, bool) {
	name = strings.ToLower(name)
	group := ""
	hasGroup := false
	if i := strings.IndexByte(name, '.'); i >= 0 {
		name, group, hasGroup = name[:i], name[i+1:], true
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	for _, k := range r.kinds {
		if hasGroup && k.gvk.Group != group {
			continue
		}
		if k.resource == name || k.singular == name || strings.ToLower(k.gvk.Kind) == name {
			return k, true
		}
		for _, s := range k.shortNames {
			if s == name {
				return k, true
			}
		}
	}
	return nil, false
}
