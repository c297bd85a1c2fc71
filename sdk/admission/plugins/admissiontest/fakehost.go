package admissiontest

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"sync"

	"github.com/gantryhq/gantry/sdk/admission"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/labels"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

// Resources the built-in plugins read, for use with FakeHost.Add.
var (
	Namespaces      = meta.GroupVersionResource{Version: "v1", Resource: "namespaces"}
	Pods            = meta.GroupVersionResource{Version: "v1", Resource: "pods"}
	Services        = meta.GroupVersionResource{Version: "v1", Resource: "services"}
	ConfigMaps      = meta.GroupVersionResource{Version: "v1", Resource: "configmaps"}
	Secrets         = meta.GroupVersionResource{Version: "v1", Resource: "secrets"}
	ServiceAccounts = meta.GroupVersionResource{Version: "v1", Resource: "serviceaccounts"}
	LimitRanges     = meta.GroupVersionResource{Version: "v1", Resource: "limitranges"}
	ResourceQuotas  = meta.GroupVersionResource{Version: "v1", Resource: "resourcequotas"}
	PriorityClasses = meta.GroupVersionResource{Group: "scheduling.k8s.io", Version: "v1", Resource: "priorityclasses"}
)

type key struct {
	gvr       meta.GroupVersionResource
	namespace string
	name      string
}

// FakeHost is an in-memory admission.Reader and admission.Writer. Every
// write gets a new global revision that becomes the object's
// resourceVersion, as in the API server. Objects are deep-copied on the way
// in and out, so neither the test nor the plugin can change stored state
// behind the other's back. It is safe for concurrent use.
//
// The zero value is not usable; call NewFakeHost.
type FakeHost struct {
	// Registry is passed to plugins in Host().Registry; nil unless set.
	Registry *registry.Registry

	mu      sync.Mutex
	rev     uint64
	objects map[key]meta.Object
	// frozen, when non-nil, is what reads see (a lagging cache).
	frozen map[key]meta.Object

	getErr, listErr, updateErr error

	updates   int
	conflicts int
}

// Compile-time guards.
var (
	_ admission.Reader = (*FakeHost)(nil)
	_ admission.Writer = (*FakeHost)(nil)
)

// NewFakeHost returns an empty FakeHost.
func NewFakeHost() *FakeHost {
	return &FakeHost{objects: map[key]meta.Object{}}
}

// Host returns the admission.Host to build plugins with: h as Reader and
// Writer, and h.Registry.
func (h *FakeHost) Host() admission.Host {
	return admission.Host{Registry: h.Registry, Reader: h, Writer: h}
}

func keyOf(gvr meta.GroupVersionResource, obj meta.Object) key {
	m := obj.GetObjectMeta()
	return key{gvr: gvr, namespace: m.Namespace, name: m.Name}
}

// Add stores objects of resource gvr (replacing any with the same namespace
// and name), giving each a new resourceVersion. It panics on an object
// without a name, which is a bug in the test.
func (h *FakeHost) Add(gvr meta.GroupVersionResource, objs ...meta.Object) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, obj := range objs {
		if obj.GetObjectMeta().Name == "" {
			panic(fmt.Sprintf("admissiontest: object of %s without a name", gvr.Resource))
		}
		h.rev++
		c := obj.DeepCopyObject()
		c.GetObjectMeta().ResourceVersion = strconv.FormatUint(h.rev, 10)
		h.objects[keyOf(gvr, c)] = c
	}
}

// Delete removes an object; it reports whether there was one.
func (h *FakeHost) Delete(gvr meta.GroupVersionResource, namespace, name string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	k := key{gvr: gvr, namespace: namespace, name: name}
	_, ok := h.objects[k]
	delete(h.objects, k)
	return ok
}

// Object returns a copy of the stored object (not the frozen view), or nil.
func (h *FakeHost) Object(gvr meta.GroupVersionResource, namespace, name string) meta.Object {
	h.mu.Lock()
	defer h.mu.Unlock()
	o, ok := h.objects[key{gvr: gvr, namespace: namespace, name: name}]
	if !ok {
		return nil
	}
	return o.DeepCopyObject()
}

// FreezeReads makes Get and List serve the objects as they are now until
// ThawReads, while writes keep going to the store: a watch cache lagging
// behind the store.
func (h *FakeHost) FreezeReads() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.frozen = make(map[key]meta.Object, len(h.objects))
	for k, o := range h.objects {
		h.frozen[k] = o
	}
}

// ThawReads ends FreezeReads.
func (h *FakeHost) ThawReads() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.frozen = nil
}

// FailGet makes every Get fail with err (nil restores normal behaviour).
func (h *FakeHost) FailGet(err error) { h.mu.Lock(); h.getErr = err; h.mu.Unlock() }

// FailList makes every List fail with err (nil restores normal behaviour).
func (h *FakeHost) FailList(err error) { h.mu.Lock(); h.listErr = err; h.mu.Unlock() }

// FailUpdate makes every UpdateStatus fail with err (nil restores normal behaviour).
func (h *FakeHost) FailUpdate(err error) { h.mu.Lock(); h.updateErr = err; h.mu.Unlock() }

// Stats returns the number of successful UpdateStatus calls and of those
// refused with a Conflict.
func (h *FakeHost) Stats() (updates, conflicts int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.updates, h.conflicts
}

func (h *FakeHost) view() map[key]meta.Object {
	if h.frozen != nil {
		return h.frozen
	}
	return h.objects
}

func notFound(gvr meta.GroupVersionResource, name string) error {
	return apierrors.NewNotFound(apierrors.Resource{Group: gvr.Group, Resource: gvr.Resource}, name)
}

// Get returns a copy of the object, or a NotFound error
// (`<resource> "<name>" not found`).
func (h *FakeHost) Get(ctx context.Context, gvr meta.GroupVersionResource, ns, name string) (meta.Object, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.getErr != nil {
		return nil, h.getErr
	}
	o, ok := h.view()[key{gvr: gvr, namespace: ns, name: name}]
	if !ok {
		return nil, notFound(gvr, name)
	}
	return o.DeepCopyObject(), nil
}

// List returns copies of the objects of gvr in ns ("" for every namespace)
// whose labels match sel (nil for all), sorted by namespace and name.
func (h *FakeHost) List(ctx context.Context, gvr meta.GroupVersionResource, ns string, sel labels.Selector) ([]meta.Object, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.listErr != nil {
		return nil, h.listErr
	}
	var keys []key
	for k, o := range h.view() {
		if k.gvr != gvr || (ns != "" && k.namespace != ns) {
			continue
		}
		if sel != nil && !sel.Matches(labels.Set(o.GetObjectMeta().Labels)) {
			continue
		}
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].namespace != keys[j].namespace {
			return keys[i].namespace < keys[j].namespace
		}
		return keys[i].name < keys[j].name
	})
	out := make([]meta.Object, 0, len(keys))
	for _, k := range keys {
		out = append(out, h.view()[k].DeepCopyObject())
	}
	return out, nil
}

// UpdateStatus replaces the stored object with obj when obj's
// resourceVersion is the stored one, giving it a new resourceVersion; it
// fails with NotFound when there is none and with Conflict (Kubernetes'
// message) when obj's resourceVersion is stale. Unlike the server it
// replaces the whole object, not only its status.
func (h *FakeHost) UpdateStatus(ctx context.Context, gvr meta.GroupVersionResource, obj meta.Object) (meta.Object, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.updateErr != nil {
		return nil, h.updateErr
	}
	k := keyOf(gvr, obj)
	cur, ok := h.objects[k]
	if !ok {
		return nil, notFound(gvr, k.name)
	}
	if rv := obj.GetObjectMeta().ResourceVersion; rv != cur.GetObjectMeta().ResourceVersion {
		h.conflicts++
		return nil, apierrors.NewConflict(apierrors.Resource{Group: gvr.Group, Resource: gvr.Resource}, k.name,
			errors.New("the object has been modified; please apply your changes to the latest version and try again"))
	}
	h.rev++
	c := obj.DeepCopyObject()
	c.GetObjectMeta().ResourceVersion = strconv.FormatUint(h.rev, 10)
	h.objects[k] = c
	h.updates++
	return c.DeepCopyObject(), nil
}
