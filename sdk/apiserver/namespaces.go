package apiserver

import (
	"net/http"

	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

var namespacesGVR = meta.GroupVersionResource{Version: "v1", Resource: "namespaces"}

// installNamespaceExtensions adds what namespaces need beyond the generic
// resource: the finalize subresource. (Deletion itself is handled in
// resource.delete: a namespace with spec.finalizers is marked, not removed.)
func (s *Server) installNamespaceExtensions() {
	res, ok := s.resources[namespacesGVR]
	if !ok {
		return
	}
	if _, ok := res.kind.New().(*corev1.Namespace); !ok {
		return
	}
	s.addSubresource(namespacesGVR, subresource{"finalize", meta.GroupVersionKindRef{Version: "v1", Kind: "Namespace"}, []string{"update"}}, s.serveFinalize)
}

// serveFinalize serves PUT namespaces/{name}/finalize: it changes only
// spec.finalizers; a namespace being deleted whose spec.finalizers and
// metadata.finalizers are then empty is deleted.
func (s *Server) serveFinalize(w http.ResponseWriter, r *http.Request, req SubresourceRequest) {
	if r.Method != http.MethodPut {
		writeError(w, apierrors.NewMethodNotSupported(apierrors.Resource{Resource: "namespaces/finalize"}, r.Method))
		return
	}
	res := s.resources[namespacesGVR]
	obj, warnings, err := s.decodeBody(r, res)
	addWarnings(w, warnings)
	if err != nil {
		writeError(w, err)
		return
	}
	ns := obj.(*corev1.Namespace)
	userRV := ns.ResourceVersion
	o := writeOptions{user: s.cfg.User, subresource: "finalize", dryRun: req.DryRun}
	updated, err := res.update(r.Context(), "", req.Name, func(old meta.Object) (meta.Object, bool, error) {
		if userRV != "" && userRV != old.GetObjectMeta().ResourceVersion {
			return nil, true, res.conflict(req.Name)
		}
		out := ns.DeepCopy()
		corev1.PrepareNamespaceForFinalize(out, old.(*corev1.Namespace))
		if errs := corev1.ValidateNamespaceFinalizeUpdate(out, old.(*corev1.Namespace)); len(errs) > 0 {
			return nil, false, apierrors.NewInvalid("", "Namespace", req.Name, errs)
		}
		return out, userRV != "", nil
	}, o)
	if err != nil {
		writeError(w, err)
		return
	}
	out, _ := negotiate(r)
	s.writeObject(w, http.StatusOK, out, res, updated, nil)
}

// namespaceFinalizing reports whether obj is a namespace that spec.finalizers keep.
func namespaceFinalizing(obj meta.Object) bool {
	ns, ok := obj.(*corev1.Namespace)
	return ok && len(ns.Spec.Finalizers) > 0
}
