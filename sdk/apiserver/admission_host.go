package apiserver

import (
	"context"

	"github.com/gantryhq/gantry/sdk/admission"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/labels"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

// AdmissionHost returns what admission plugins get from the server: read
// access through the watch cache and status writes through the server's
// own update path.
func (s *Server) AdmissionHost() admission.Host {
	return admission.Host{Registry: s.reg, Reader: serverReader{s}, Writer: serverWriter{s}}
}

type serverReader struct{ s *Server }

// Get reads one object from the watch cache.
func (r serverReader) Get(ctx context.Context, gvr meta.GroupVersionResource, ns, name string) (meta.Object, error) {
	res, err := r.s.resourceByGVR(gvr)
	if err != nil {
		return nil, err
	}
	e, err := res.get(ctx, ns, name, "0")
	if apierrors.IsNotFound(err) {
		// The cache may lag a write made a moment ago: look again once it
		// has caught up with the store.
		e, err = res.get(ctx, ns, name, "")
	}
	if err != nil {
		return nil, err
	}
	return e.Object.DeepCopyObject(), nil
}

// List reads matching objects from the watch cache.
func (r serverReader) List(ctx context.Context, gvr meta.GroupVersionResource, ns string, sel labels.Selector) ([]meta.Object, error) {
	res, err := r.s.resourceByGVR(gvr)
	if err != nil {
		return nil, err
	}
	var match func(meta.Object) bool
	if sel != nil && !sel.Empty() {
		match = func(o meta.Object) bool { return sel.Matches(labels.Set(o.GetObjectMeta().Labels)) }
	}
	entries, _ := res.cache.List(res.listPrefix(ns), nil)
	out := make([]meta.Object, 0, len(entries))
	for _, e := range entries {
		if match == nil || match(e.Object) {
			out = append(out, e.Object.DeepCopyObject())
		}
	}
	return out, nil
}

type serverWriter struct{ s *Server }

// UpdateStatus writes obj through the status subresource (or the main
// resource for kinds without one), with obj's resourceVersion as precondition.
func (w serverWriter) UpdateStatus(ctx context.Context, gvr meta.GroupVersionResource, obj meta.Object) (meta.Object, error) {
	res, err := w.s.resourceByGVR(gvr)
	if err != nil {
		return nil, err
	}
	o := writeOptions{user: w.s.cfg.User, skipAdmission: true}
	if res.kind.HasStatus() {
		o.subresource = "status"
	}
	m := obj.GetObjectMeta()
	out, _, err := res.replace(ctx, m.Namespace, m.Name, obj, o)
	return out, err
}
