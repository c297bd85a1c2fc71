package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	sjson "sigs.k8s.io/json"

	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

// PatchType is the content type of a patch.
type PatchType string

// Patch types.
const (
	JSONPatchType           PatchType = "application/json-patch+json"
	MergePatchType          PatchType = "application/merge-patch+json"
	StrategicMergePatchType PatchType = "application/strategic-merge-patch+json"
)

// ListOptions select objects for List, Watch and DeleteCollection.
type ListOptions struct {
	// LabelSelector and FieldSelector are selectors in string form.
	LabelSelector string
	FieldSelector string
	// ResourceVersion and ResourceVersionMatch have Kubernetes' semantics.
	ResourceVersion      string
	ResourceVersionMatch string
	// Limit and Continue paginate a List.
	Limit    int64
	Continue string
	// TimeoutSeconds bounds a Watch.
	TimeoutSeconds int64
	// AllowWatchBookmarks asks for BOOKMARK events.
	AllowWatchBookmarks bool
}

func (o ListOptions) query() url.Values {
	q := url.Values{}
	if o.LabelSelector != "" {
		q.Set("labelSelector", o.LabelSelector)
	}
	if o.FieldSelector != "" {
		q.Set("fieldSelector", o.FieldSelector)
	}
	if o.ResourceVersion != "" {
		q.Set("resourceVersion", o.ResourceVersion)
	}
	if o.ResourceVersionMatch != "" {
		q.Set("resourceVersionMatch", o.ResourceVersionMatch)
	}
	if o.Limit > 0 {
		q.Set("limit", strconv.FormatInt(o.Limit, 10))
	}
	if o.Continue != "" {
		q.Set("continue", o.Continue)
	}
	if o.TimeoutSeconds > 0 {
		q.Set("timeoutSeconds", strconv.FormatInt(o.TimeoutSeconds, 10))
	}
	if o.AllowWatchBookmarks {
		q.Set("allowWatchBookmarks", "true")
	}
	return q
}

// WriteOptions are the options of Create, Update and Patch.
type WriteOptions struct {
	// DryRun runs every step but persisting.
	DryRun bool
	// FieldValidation is Strict, Warn or Ignore ("" is the server's default).
	FieldValidation string
	// FieldManager names the writer.
	FieldManager string
}

func (o WriteOptions) query() url.Values {
	q := url.Values{}
	if o.DryRun {
		q.Set("dryRun", "All")
	}
	if o.FieldValidation != "" {
		q.Set("fieldValidation", o.FieldValidation)
	}
	if o.FieldManager != "" {
		q.Set("fieldManager", o.FieldManager)
	}
	return q
}

// List is a page of objects.
type List[T meta.Object] struct {
	meta.TypeMeta `json:",inline"`
	meta.ListMeta `json:"metadata,omitempty"`
	Items         []T `json:"items"`
}

// Resource is a typed client for one kind, optionally bound to a namespace.
type Resource[T meta.Object] struct {
	c    *Client
	kind *registry.Kind
	ns   string
	// untyped is set by ForKind: T is meta.Object and objects are the
	// kind's own Go values.
	untyped bool
}

// For returns the typed client of kind T (e.g. client.For[*corev1.Pod](c)).
// It panics when T is not registered: that is a programming error.
func For[T meta.Object](c *Client) *Resource[T] {
	r, err := ForErr[T](c)
	if err != nil {
		panic(err)
	}
	return r
}

// ForErr is For returning an error instead of panicking.
func ForErr[T meta.Object](c *Client) (*Resource[T], error) {
	k, err := kindOf[T](c)
	if err != nil {
		return nil, err
	}
	return &Resource[T]{c: c, kind: k}, nil
}

// ForKind returns an untyped client of kind k, for code that handles kinds
// known only at run time (the garbage collector, the namespace controller).
// Objects are decoded into k.New() values, so a type switch or assertion on
// them works as with For.
func ForKind(c *Client, k *registry.Kind) *Resource[meta.Object] {
	return &Resource[meta.Object]{c: c, kind: k, untyped: true}
}

// Namespace returns a copy of r bound to ns ("" is all namespaces for List and Watch).
func (r *Resource[T]) Namespace(ns string) *Resource[T] {
	cp := *r
	cp.ns = ns
	return &cp
}

// Kind returns the kind r serves.
func (r *Resource[T]) Kind() *registry.Kind { return r.kind }

// path builds the URL path of the collection or of one object.
func (r *Resource[T]) path(ns, name string, sub ...string) string {
	gvk := r.kind.GVK()
	p := "/apis/" + gvk.Group + "/" + gvk.Version
	if gvk.Group == "" {
		p = "/api/" + gvk.Version
	}
	if r.kind.Namespaced() && ns != "" {
		p += "/namespaces/" + url.PathEscape(ns)
	}
	p += "/" + r.kind.Resource()
	if name != "" {
		p += "/" + url.PathEscape(name)
	}
	for _, s := range sub {
		p += "/" + s
	}
	return p
}

func (r *Resource[T]) newObj() T {
	return r.kind.New().(T)
}

func (r *Resource[T]) decode(body []byte) (T, error) {
	obj := r.newObj()
	if err := sjson.UnmarshalCaseSensitivePreserveInts(body, obj); err != nil {
		var zero T
		return zero, fmt.Errorf("client: decoding a %s: %w", r.kind.GVK().Kind, err)
	}
	return obj, nil
}

func (r *Resource[T]) nsOf(obj T) string {
	if ns := obj.GetObjectMeta().Namespace; ns != "" {
		return ns
	}
	return r.ns
}

// Get returns the named object.
func (r *Resource[T]) Get(ctx context.Context, name string) (T, error) {
	body, err := r.c.Do(ctx, Request{Method: http.MethodGet, Path: r.path(r.ns, name)})
	if err != nil {
		var zero T
		return zero, err
	}
	return r.decode(body)
}

// List returns the objects matching opts (one page when opts.Limit is set).
func (r *Resource[T]) List(ctx context.Context, opts ListOptions) (*List[T], error) {
	body, err := r.c.Do(ctx, Request{Method: http.MethodGet, Path: r.path(r.ns, ""), Query: opts.query()})
	if err != nil {
		return nil, err
	}
	var l List[T]
	if r.untyped {
		// Items of an interface type cannot be decoded directly: decode
		// each into a new object of the kind.
		var raw List[*rawItem]
		if err := sjson.UnmarshalCaseSensitivePreserveInts(body, &raw); err != nil {
			return nil, fmt.Errorf("client: decoding a %s: %w", r.kind.ListKind(), err)
		}
		l.TypeMeta, l.ListMeta = raw.TypeMeta, raw.ListMeta
		l.Items = make([]T, 0, len(raw.Items))
		for _, item := range raw.Items {
			obj, err := r.decode(item.raw)
			if err != nil {
				return nil, err
			}
			l.Items = append(l.Items, obj)
		}
		return &l, nil
	}
	if err := sjson.UnmarshalCaseSensitivePreserveInts(body, &l); err != nil {
		return nil, fmt.Errorf("client: decoding a %s: %w", r.kind.ListKind(), err)
	}
	return &l, nil
}

// rawItem keeps one list item undecoded. It implements meta.Object only so
// that List[rawItem] type-checks; its metadata is never read.
type rawItem struct {
	meta.TypeMeta
	meta.ObjectMeta
	raw json.RawMessage
}

func (i *rawItem) UnmarshalJSON(b []byte) error {
	i.raw = append(i.raw[:0], b...)
	return nil
}

func (i *rawItem) DeepCopyObject() meta.Object { cp := *i; return &cp }

// Create creates obj in its namespace (or r's).
func (r *Resource[T]) Create(ctx context.Context, obj T, opts WriteOptions) (T, error) {
	return r.write(ctx, http.MethodPost, r.path(r.nsOf(obj), ""), obj, opts)
}

// Update replaces obj; its resourceVersion, when set, is a precondition.
func (r *Resource[T]) Update(ctx context.Context, obj T, opts WriteOptions) (T, error) {
	return r.write(ctx, http.MethodPut, r.path(r.nsOf(obj), obj.GetObjectMeta().Name), obj, opts)
}

// UpdateStatus replaces obj's status through the status subresource.
func (r *Resource[T]) UpdateStatus(ctx context.Context, obj T, opts WriteOptions) (T, error) {
	return r.write(ctx, http.MethodPut, r.path(r.nsOf(obj), obj.GetObjectMeta().Name, "status"), obj, opts)
}

func (r *Resource[T]) write(ctx context.Context, method, path string, obj T, opts WriteOptions) (T, error) {
	var zero T
	tm := obj.GetTypeMeta()
	if tm.Kind == "" {
		tm.SetGroupVersionKind(r.kind.GVK())
	}
	b, err := json.Marshal(obj)
	if err != nil {
		return zero, fmt.Errorf("client: encoding: %w", err)
	}
	body, err := r.c.Do(ctx, Request{Method: method, Path: path, Query: opts.query(), Body: b})
	if err != nil {
		return zero, err
	}
	return r.decode(body)
}

// Patch patches the named object (or its subresource, e.g. "status").
func (r *Resource[T]) Patch(ctx context.Context, name string, pt PatchType, data []byte, opts WriteOptions, subresource ...string) (T, error) {
	body, err := r.c.Do(ctx, Request{Method: http.MethodPatch, Path: r.path(r.ns, name, subresource...), Query: opts.query(), Body: data, ContentType: string(pt)})
	if err != nil {
		var zero T
		return zero, err
	}
	return r.decode(body)
}

// Delete deletes the named object with opts (nil for defaults).
func (r *Resource[T]) Delete(ctx context.Context, name string, opts *meta.DeleteOptions) error {
	var b []byte
	if opts != nil {
		opts.Kind, opts.APIVersion = "DeleteOptions", "v1"
		b, _ = json.Marshal(opts)
	}
	_, err := r.c.Do(ctx, Request{Method: http.MethodDelete, Path: r.path(r.ns, name), Body: b})
	return err
}

// DeleteCollection deletes every object matching sel.
func (r *Resource[T]) DeleteCollection(ctx context.Context, opts *meta.DeleteOptions, sel ListOptions) error {
	var b []byte
	if opts != nil {
		opts.Kind, opts.APIVersion = "DeleteOptions", "v1"
		b, _ = json.Marshal(opts)
	}
	_, err := r.c.Do(ctx, Request{Method: http.MethodDelete, Path: r.path(r.ns, ""), Query: sel.query(), Body: b})
	return err
}

// Create POSTs sub (a subresource such as "binding" or "eviction") of the
// named object with body, returning the raw response.
func (r *Resource[T]) CreateSubresource(ctx context.Context, name, sub string, body any) ([]byte, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	return r.c.Do(ctx, Request{Method: http.MethodPost, Path: r.path(r.ns, name, sub), Body: b})
}

// GetSubresource GETs sub of the named object into out.
func (r *Resource[T]) GetSubresource(ctx context.Context, name, sub string, out any) error {
	b, err := r.c.Do(ctx, Request{Method: http.MethodGet, Path: r.path(r.ns, name, sub)})
	if err != nil {
		return err
	}
	return json.Unmarshal(b, out)
}

// UpdateSubresource PUTs body to sub of the named object and decodes the answer into out.
func (r *Resource[T]) UpdateSubresource(ctx context.Context, name, sub string, body, out any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	resp, err := r.c.Do(ctx, Request{Method: http.MethodPut, Path: r.path(r.ns, name, sub), Body: b})
	if err != nil {
		return err
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(resp, out)
}
