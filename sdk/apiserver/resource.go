package apiserver

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync"

	sjson "sigs.k8s.io/json"

	"github.com/gantryhq/gantry/sdk/admission"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
	"github.com/gantryhq/gantry/sdk/apiserver/cache"
	"github.com/gantryhq/gantry/store"
)

// maxConflictRetries bounds the retries of unconditional writes that lose a
// compare-and-swap race.
const maxConflictRetries = 64

// resource serves one kind over the store and the watch cache.
type resource struct {
	s      *Server
	kind   *registry.Kind
	gvr    meta.GroupVersionResource
	errRes apierrors.Resource
	prefix string
	cache  *cache.Resource

	// written holds, by key, the values this server is writing to the
	// store: their encoding is current, so the watch cache can make an
	// entry's JSON by inserting the resourceVersion instead of encoding
	// the decoded object again (see decodeEntry).
	writtenMu sync.Mutex
	written   map[string][]byte
}

func newResource(s *Server, k *registry.Kind, prefix string) *resource {
	r := &resource{
		s:       s,
		kind:    k,
		gvr:     k.GVR(),
		errRes:  apierrors.Resource{Group: k.GVK().Group, Resource: k.Resource()},
		prefix:  prefix,
		written: map[string][]byte{},
	}
	r.cache = s.cache.AddResource(prefix, r.decodeEntry)
	return r
}

// writeOptions carry what a write request says beyond its object.
type writeOptions struct {
	user          admission.UserInfo
	dryRun        bool
	skipAdmission bool
	// skipUpdateValidation is for server-internal writes that change fields
	// clients may not (pods/binding sets spec.nodeName).
	skipUpdateValidation bool
	subresource          string
}

func (r *resource) key(ns, name string) string {
	if r.kind.Namespaced() {
		return r.prefix + ns + "/" + name
	}
	return r.prefix + name
}

// listPrefix is the key prefix of every object in ns ("" for all namespaces).
func (r *resource) listPrefix(ns string) string {
	if r.kind.Namespaced() && ns != "" {
		return r.prefix + ns + "/"
	}
	return r.prefix
}

// decodeObject decodes a stored value and sets its resourceVersion.
func (r *resource) decodeObject(kv store.KV) (meta.Object, error) {
	obj := r.kind.New()
	if err := sjson.UnmarshalCaseSensitivePreserveInts(kv.Value, obj); err != nil {
		return nil, fmt.Errorf("decoding %s: %w", kv.Key, err)
	}
	obj.GetTypeMeta().SetGroupVersionKind(r.kind.GVK())
	obj.GetObjectMeta().ResourceVersion = strconv.FormatInt(kv.ModRevision, 10)
	return obj, nil
}

// decodeEntry is the watch cache's decoder.
func (r *resource) decodeEntry(kv store.KV) (*cache.Entry, error) {
	obj, err := r.decodeObject(kv)
	if err != nil {
		return nil, err
	}
	var raw []byte
	if r.takeWritten(kv.Key, kv.Value) {
		raw, _ = withResourceVersion(kv.Value, kv.ModRevision)
	}
	if raw == nil {
		if raw, err = json.Marshal(obj); err != nil {
			return nil, err
		}
	}
	return &cache.Entry{Key: kv.Key, Rev: kv.ModRevision, Object: obj, Raw: raw}, nil
}

// expectWritten records that value, encoded by encodeForStore, is being
// written under key. The returned func forgets it (when the cache has not
// taken it already).
func (r *resource) expectWritten(key string, value []byte) func() {
	r.writtenMu.Lock()
	r.written[key] = value
	r.writtenMu.Unlock()
	return func() {
		r.writtenMu.Lock()
		if v, ok := r.written[key]; ok && len(v) > 0 && len(value) > 0 && &v[0] == &value[0] {
			delete(r.written, key)
		}
		r.writtenMu.Unlock()
	}
}

// takeWritten reports whether value is what this server is writing under
// key, and forgets it.
func (r *resource) takeWritten(key string, value []byte) bool {
	r.writtenMu.Lock()
	defer r.writtenMu.Unlock()
	v, ok := r.written[key]
	if !ok || !bytes.Equal(v, value) {
		return false
	}
	delete(r.written, key)
	return true
}

// metaStringsBeforeRV are the fields of ObjectMeta that encoding/json
// writes before resourceVersion; all are strings.
var metaStringsBeforeRV = [...]string{"name", "generateName", "namespace", "selfLink", "uid"}

// withResourceVersion returns a copy of b, the encoding of an object
// without a resourceVersion (as encodeForStore writes it), with
// metadata.resourceVersion set to rev, exactly as encoding/json would have
// written it. It returns false when b does not have the expected shape.
func withResourceVersion(b []byte, rev int64) ([]byte, bool) {
	off, end, ok := topLevelSpan(b, "metadata")
	if !ok || end-off < 2 || b[off] != '{' {
		return nil, false
	}
	// Skip the string fields that precede resourceVersion.
	at, fields := off+1, 0
	for k := 0; at < end && b[at] == '"'; {
		kend := skipString(b, at)
		if kend < 0 || kend >= len(b) || b[kend] != ':' {
			return nil, false
		}
		key := string(b[at+1 : kend-1])
		for k < len(metaStringsBeforeRV) && metaStringsBeforeRV[k] != key {
			k++
		}
		if k == len(metaStringsBeforeRV) {
			if key == "resourceVersion" {
				return nil, false
			}
			break
		}
		if kend+1 >= len(b) || b[kend+1] != '"' {
			return nil, false
		}
		vend := skipString(b, kend+1)
		if vend < 0 {
			return nil, false
		}
		at, fields = vend, fields+1
		if at < len(b) && b[at] == ',' {
			at++
		}
	}
	out := make([]byte, 0, len(b)+40)
	var field []byte
	field = append(field, `"resourceVersion":"`...)
	field = strconv.AppendInt(field, rev, 10)
	field = append(field, '"')
	switch {
	case fields > 0 && b[at-1] == ',':
		// Insert before the next field: `...,` + field + `,` + next.
		out = append(out, b[:at]...)
		out = append(out, field...)
		out = append(out, ',')
	case fields > 0:
		// The string fields were the last ones: `..."x"` + `,` + field.
		out = append(out, b[:at]...)
		out = append(out, ',')
		out = append(out, field...)
	default:
		out = append(out, b[:at]...)
		out = append(out, field...)
		if b[at] != '}' {
			out = append(out, ',')
		}
	}
	return append(out, b[at:]...), true
}

// encodeForStore encodes obj without its resourceVersion (the store's
// revision is the resourceVersion).
func encodeForStore(obj meta.Object) ([]byte, error) {
	m := obj.GetObjectMeta()
	rv := m.ResourceVersion
	m.ResourceVersion = ""
	b, err := json.Marshal(obj)
	m.ResourceVersion = rv
	return b, err
}

func setRV(obj meta.Object, rev int64) {
	obj.GetObjectMeta().ResourceVersion = strconv.FormatInt(rev, 10)
}

// newUID returns a random RFC 4122 version 4 UUID.
func newUID() meta.UID {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = (b[6] & 0x0f) | 0x40
	b[8] = (b[8] & 0x3f) | 0x80
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:], b[10:])
	return meta.UID(s[:])
}

// generateName appends 5 random characters to base as Kubernetes does
// (consonants and digits, base truncated to 58 characters).
func generateName(base string) string {
	const alphabet = "bcdfghjklmnpqrstvwxz2456789"
	const maxBase = 63 - 5
	if len(base) > maxBase {
		base = base[:maxBase]
	}
	var b [5]byte
	_, _ = rand.Read(b[:])
	out := []byte(base)
	for _, c := range b {
		out = append(out, alphabet[int(c)%len(alphabet)])
	}
	return string(out)
}

func (r *resource) attrs(op admission.Operation, ns, name string, obj, old meta.Object, o writeOptions) *admission.Attributes {
	return &admission.Attributes{
		Operation:   op,
		Kind:        r.kind.GVK(),
		Resource:    r.gvr,
		Subresource: o.subresource,
		Namespace:   ns,
		Name:        name,
		Object:      obj,
		OldObject:   old,
		User:        o.user,
		DryRun:      o.dryRun,
	}
}

// create stores a new object. ns is the request's namespace.
func (r *resource) create(ctx context.Context, ns string, obj meta.Object, o writeOptions) (meta.Object, error) {
	obj.GetTypeMeta().SetGroupVersionKind(r.kind.GVK())
	m := obj.GetObjectMeta()
	if r.kind.Namespaced() {
		switch {
		case m.Namespace == "":
			m.Namespace = ns
		case ns != "" && m.Namespace != ns:
			return nil, apierrors.NewBadRequest(fmt.Sprintf("the namespace of the provided object (%s) does not match the namespace sent on the request (%s)", m.Namespace, ns))
		}
	} else {
		m.Namespace = ""
	}
	if m.ResourceVersion != "" {
		return nil, apierrors.NewBadRequest("resourceVersion should not be set on objects to be created")
	}
	m.UID = newUID()
	m.CreationTimestamp = meta.NewTime(r.s.now())
	m.DeletionTimestamp = nil
	m.DeletionGracePeriodSeconds = nil
	m.SelfLink = ""
	m.Generation = 0
	generated := m.Name == "" && m.GenerateName != ""
	if generated {
		m.Name = generateName(m.GenerateName)
	}
	r.kind.Default(obj)
	r.kind.PrepareForCreate(obj)
	if !o.skipAdmission {
		if err := r.s.admission.Admit(ctx, r.attrs(admission.Create, m.Namespace, m.Name, obj, nil, o)); err != nil {
			return nil, err
		}
	}
	if errs := r.kind.Validate(obj); len(errs) > 0 {
		return nil, apierrors.NewInvalid(r.kind.GVK().Group, r.kind.GVK().Kind, m.Name, errs)
	}
	if !o.skipAdmission {
		if err := r.s.admission.Validate(ctx, r.attrs(admission.Create, m.Namespace, m.Name, obj, nil, o)); err != nil {
			return nil, err
		}
	}
	if o.dryRun {
		return obj, nil
	}
	for attempt := 0; ; attempt++ {
		b, err := encodeForStore(obj)
		if err != nil {
			return nil, apierrors.NewInternal(err)
		}
		key := r.key(m.Namespace, m.Name)
		forget := r.expectWritten(key, b)
		rev, err := r.s.st.Create(ctx, key, b)
		forget()
		if err == nil {
			setRV(obj, rev)
			return obj, nil
		}
		if errors.Is(err, store.ErrAlreadyExists) {
			if generated && attempt < 8 {
				m.Name = generateName(m.GenerateName)
				continue
			}
			return nil, apierrors.NewAlreadyExists(r.errRes, m.Name)
		}
		return nil, storeError(err)
	}
}

// storeError maps a store error to an API error.
func storeError(err error) error {
	var se *apierrors.StatusError
	if errors.As(err, &se) {
		return err
	}
	switch {
	case errors.Is(err, store.ErrCompacted):
		return apierrors.NewResourceExpired(err.Error())
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return apierrors.FromStatus(meta.Status{TypeMeta: meta.TypeMeta{Kind: "Status", APIVersion: "v1"}, Status: meta.StatusFailure,
			Message: "the request was cancelled or timed out: " + err.Error(), Reason: meta.StatusReasonTimeout, Code: 504})
	}
	if apierrors.IsBadRequest(err) {
		return apierrors.NewBadRequest(err.Error())
	}
	return apierrors.NewInternal(err)
}

// get returns the object, fresh unless rv is "0".
func (r *resource) get(ctx context.Context, ns, name, rv string) (*cache.Entry, error) {
	if err := r.waitForRV(ctx, rv); err != nil {
		return nil, err
	}
	e, _, ok := r.cache.Get(r.key(ns, name))
	if !ok {
		return nil, apierrors.NewNotFound(r.errRes, name)
	}
	return e, nil
}

// waitForRV makes the cache at least as fresh as rv asks: "" means as fresh
// as the store, "0" means any, a number means not older than it.
func (r *resource) waitForRV(ctx context.Context, rv string) error {
	switch rv {
	case "0":
		return nil
	case "":
		if err := r.s.cache.WaitFresh(ctx); err != nil {
			return storeError(err)
		}
		return nil
	}
	n, err := strconv.ParseInt(rv, 10, 64)
	if err != nil || n < 0 {
		return apierrors.NewBadRequest(fmt.Sprintf("invalid resource version %q: must be a non-negative integer", rv))
	}
	cur, err := r.s.st.CurrentRevision(ctx)
	if err != nil {
		return storeError(err)
	}
	if n > cur {
		return apierrors.NewTooManyRequests(fmt.Sprintf("Too large resource version: %d, current: %d", n, cur), 1)
	}
	if err := r.s.cache.WaitForRevision(ctx, n); err != nil {
		return storeError(err)
	}
	return nil
}

// readStored reads the authoritative stored version from the store.
func (r *resource) readStored(ctx context.Context, ns, name string) (store.KV, meta.Object, error) {
	kv, err := r.s.st.Get(ctx, r.key(ns, name))
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return kv, nil, apierrors.NewNotFound(r.errRes, name)
		}
		return kv, nil, storeError(err)
	}
	obj, err := r.decodeObject(kv)
	if err != nil {
		return kv, nil, apierrors.NewInternal(err)
	}
	return kv, obj, nil
}

func (r *resource) conflict(name string) error {
	return apierrors.NewConflict(r.errRes, name, errors.New("the object has been modified; please apply your changes to the latest version and try again"))
}

// updateFunc computes the new object from the stored one. It returns the
// new object and whether the caller asked for a specific resourceVersion
// (a precondition: a conflict is then reported, not retried).
type updateFunc func(old meta.Object) (obj meta.Object, precondition bool, err error)

// update runs a read-modify-write loop: read the stored object, compute the
// new one, prepare, admit, validate and compare-and-swap; an unconditional
// write that loses a race is retried.
func (r *resource) update(ctx context.Context, ns, name string, fn updateFunc, o writeOptions) (meta.Object, error) {
	for attempt := 0; ; attempt++ {
		kv, old, err := r.readStored(ctx, ns, name)
		if err != nil {
			return nil, err
		}
		obj, precondition, err := fn(old.DeepCopyObject())
		if err != nil {
			return nil, err
		}
		out, b, noop, err := r.prepareUpdate(ctx, kv, old, obj, o)
		if err != nil {
			return nil, err
		}
		if noop || o.dryRun {
			return out, nil
		}
		m := out.GetObjectMeta()
		if shouldDeleteDuringUpdate(m) && !namespaceFinalizing(out) {
			_, rev, err := r.s.st.Delete(ctx, kv.Key, kv.ModRevision)
			if err == nil {
				setRV(out, rev)
				return out, nil
			}
			if errors.Is(err, store.ErrConflict) && !precondition && attempt < maxConflictRetries {
				continue
			}
			if errors.Is(err, store.ErrConflict) {
				return nil, r.conflict(name)
			}
			return nil, storeError(err)
		}
		forget := r.expectWritten(kv.Key, b)
		rev, err := r.s.st.Update(ctx, kv.Key, b, kv.ModRevision)
		forget()
		if err == nil {
			setRV(out, rev)
			return out, nil
		}
		if errors.Is(err, store.ErrConflict) {
			if !precondition && attempt < maxConflictRetries {
				continue
			}
			return nil, r.conflict(name)
		}
		if errors.Is(err, store.ErrNotFound) {
			return nil, apierrors.NewNotFound(r.errRes, name)
		}
		return nil, storeError(err)
	}
}

// shouldDeleteDuringUpdate: an object being deleted whose last finalizer
// was removed, and that waits for no graceful termination, is deleted.
func shouldDeleteDuringUpdate(m *meta.ObjectMeta) bool {
	return m.DeletionTimestamp != nil && len(m.Finalizers) == 0 &&
		(m.DeletionGracePeriodSeconds == nil || *m.DeletionGracePeriodSeconds == 0)
}

// prepareUpdate turns the client's new object into what is stored: server
// fields kept, strategy applied, admitted and validated; enc is its
// encoding for the store. noop is true when nothing would change.
func (r *resource) prepareUpdate(ctx context.Context, kv store.KV, old, obj meta.Object, o writeOptions) (out meta.Object, enc []byte, noop bool, err error) {
	obj.GetTypeMeta().SetGroupVersionKind(r.kind.GVK())
	m, om := obj.GetObjectMeta(), old.GetObjectMeta()
	if m.Name != om.Name {
		return nil, nil, false, apierrors.NewBadRequest(fmt.Sprintf("the name of the object (%s) does not match the name on the URL (%s)", m.Name, om.Name))
	}
	if r.kind.Namespaced() && m.Namespace != "" && m.Namespace != om.Namespace {
		return nil, nil, false, apierrors.NewBadRequest(fmt.Sprintf("the namespace of the provided object (%s) does not match the namespace sent on the request (%s)", m.Namespace, om.Namespace))
	}
	if m.UID != "" && m.UID != om.UID {
		return nil, nil, false, apierrors.NewConflict(r.errRes, om.Name, fmt.Errorf("Precondition failed: UID in precondition: %v, UID in object meta: %v", m.UID, om.UID))
	}
	m.Namespace = om.Namespace
	m.UID = om.UID
	m.CreationTimestamp = om.CreationTimestamp
	m.DeletionTimestamp = om.DeletionTimestamp
	m.DeletionGracePeriodSeconds = om.DeletionGracePeriodSeconds
	m.SelfLink = ""
	m.Generation = om.Generation
	m.ResourceVersion = om.ResourceVersion
	r.kind.Default(obj)
	switch o.subresource {
	case "status":
		r.kind.PrepareForStatusUpdate(obj, old)
	case "finalize":
		// serveFinalize prepared and validated the object.
	default:
		r.kind.PrepareForUpdate(obj, old)
	}
	if !o.skipAdmission {
		if err := r.s.admission.Admit(ctx, r.attrs(admission.Update, om.Namespace, om.Name, obj, old, o)); err != nil {
			return nil, nil, false, err
		}
	}
	// Server-internal writes (pods/binding, namespaces/finalize) change
	// fields clients may not: their own handlers validate them.
	if !o.skipUpdateValidation && o.subresource != "finalize" {
		if errs := r.kind.ValidateUpdate(obj, old); len(errs) > 0 {
			return nil, nil, false, apierrors.NewInvalid(r.kind.GVK().Group, r.kind.GVK().Kind, om.Name, errs)
		}
	}
	if !o.skipAdmission {
		if err := r.s.admission.Validate(ctx, r.attrs(admission.Update, om.Namespace, om.Name, obj, old, o)); err != nil {
			return nil, nil, false, err
		}
	}
	b, err := encodeForStore(obj)
	if err != nil {
		return nil, nil, false, apierrors.NewInternal(err)
	}
	if bytes.Equal(b, kv.Value) {
		return old, nil, true, nil
	}
	return obj, b, false, nil
}

// replace serves PUT: it checks the client's resourceVersion and creates
// the object when the kind allows it and it is missing.
func (r *resource) replace(ctx context.Context, ns, name string, obj meta.Object, o writeOptions) (meta.Object, bool, error) {
	m := obj.GetObjectMeta()
	if m.Name == "" {
		m.Name = name
	}
	if m.Name != name {
		return nil, false, apierrors.NewBadRequest(fmt.Sprintf("the name of the object (%s) does not match the name on the URL (%s)", m.Name, name))
	}
	if r.kind.Namespaced() {
		if m.Namespace == "" {
			m.Namespace = ns
		} else if m.Namespace != ns {
			return nil, false, apierrors.NewBadRequest(fmt.Sprintf("the namespace of the provided object (%s) does not match the namespace sent on the request (%s)", m.Namespace, ns))
		}
	}
	userRV := m.ResourceVersion
	out, err := r.update(ctx, ns, name, func(old meta.Object) (meta.Object, bool, error) {
		if userRV != "" && userRV != old.GetObjectMeta().ResourceVersion {
			return nil, true, r.conflict(name)
		}
		return obj.DeepCopyObject(), userRV != "", nil
	}, o)
	if err != nil && apierrors.IsNotFound(err) && o.subresource == "" && r.kind.AllowCreateOnUpdate() && userRV == "" {
		created, cerr := r.create(ctx, ns, obj, o)
		return created, true, cerr
	}
	return out, false, err
}
