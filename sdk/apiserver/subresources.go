package apiserver

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"reflect"
	"sync"

	autoscalingv1 "github.com/gantryhq/gantry/sdk/api/autoscaling/v1"
	"github.com/gantryhq/gantry/sdk/api/codec"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/apiserver/patch"
)

// SubresourceHandler serves a custom subresource (pods/binding, pods/log, ...).
type SubresourceHandler func(w http.ResponseWriter, r *http.Request, req SubresourceRequest)

// SubresourceRequest is what a SubresourceHandler is given.
type SubresourceRequest struct {
	Namespace string
	Name      string
	DryRun    bool
}

func (s *Server) serveSubresource(w http.ResponseWriter, r *http.Request, res *resource, ri requestInfo, out output, o writeOptions) {
	ctx := r.Context()
	switch {
	case ri.subresource == "status" && res.kind.HasStatus():
		switch ri.verb {
		case verbGet:
			e, err := res.get(ctx, ri.namespace, ri.name, r.URL.Query().Get("resourceVersion"))
			if err != nil {
				writeError(w, err)
				return
			}
			s.writeObject(w, http.StatusOK, out, res, e.Object, e.Raw)
		case verbUpdate:
			obj, warnings, err := s.decodeBody(r, res)
			addWarnings(w, warnings)
			if err != nil {
				writeError(w, err)
				return
			}
			updated, _, err := res.replace(ctx, ri.namespace, ri.name, obj, o)
			if err != nil {
				writeError(w, err)
				return
			}
			s.writeObject(w, http.StatusOK, out, res, updated, nil)
		case verbPatch:
			s.servePatch(w, r, res, ri, out, o)
		default:
			writeError(w, apierrors.NewMethodNotSupported(res.errRes, ri.verb+" on status"))
		}
		return
	case ri.subresource == "scale" && res.kind.HasScale():
		s.serveScale(w, r, res, ri, out, o)
		return
	}
	if h := s.subresourceHandlers[res.gvr][ri.subresource]; h != nil {
		h(w, r, SubresourceRequest{Namespace: ri.namespace, Name: ri.name, DryRun: o.dryRun})
		return
	}
	writeError(w, apierrors.FromStatus(meta.Status{
		TypeMeta: meta.TypeMeta{Kind: "Status", APIVersion: "v1"}, Status: meta.StatusFailure,
		Message: fmt.Sprintf("the server could not find the requested resource (%s %s/%s)", ri.verb, res.kind.Resource(), ri.subresource),
		Reason:  meta.StatusReasonNotFound, Code: http.StatusNotFound,
	}))
}

// schemaCache holds strategic-merge-patch schemas per Go type.
var schemaCache sync.Map // reflect.Type → patch.Schema

func schemaFor(v any) patch.Schema {
	t := reflect.TypeOf(v)
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if s, ok := schemaCache.Load(t); ok {
		return s.(patch.Schema)
	}
	s := patch.SchemaFromType(t)
	schemaCache.Store(t, s)
	return s
}

func patchType(r *http.Request) (string, error) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		mt = r.Header.Get("Content-Type")
	}
	switch mt {
	case mediaJSONPatch, mediaMergePatch, mediaStrategicPatch, mediaApplyPatch:
		return mt, nil
	}
	return "", apierrors.FromStatus(meta.Status{
		TypeMeta: meta.TypeMeta{Kind: "Status", APIVersion: "v1"}, Status: meta.StatusFailure,
		Message: fmt.Sprintf("the body of the request was in an unknown format - accepted media types include: %s, %s, %s, %s",
			mediaJSONPatch, mediaMergePatch, mediaStrategicPatch, mediaApplyPatch),
		Reason: meta.StatusReasonUnsupportedMediaType, Code: http.StatusUnsupportedMediaType,
	})
}

// servePatch serves PATCH on an object or its status.
func (s *Server) servePatch(w http.ResponseWriter, r *http.Request, res *resource, ri requestInfo, out output, o writeOptions) {
	pt, err := patchType(r)
	if err != nil {
		writeError(w, err)
		return
	}
	mode, err := fieldValidation(r.URL.Query())
	if err != nil {
		writeError(w, err)
		return
	}
	body, err := readBody(r, s.cfg.MaxRequestBodyBytes)
	if err != nil {
		writeError(w, err)
		return
	}
	schema := schemaFor(res.kind.New())
	var warnings []string
	updated, err := res.update(r.Context(), ri.namespace, ri.name, func(old meta.Object) (meta.Object, bool, error) {
		orig, err := json.Marshal(old)
		if err != nil {
			return nil, false, apierrors.NewInternal(err)
		}
		patched, err := patch.Apply(pt, orig, body, schema)
		if err != nil {
			return nil, false, err
		}
		obj, ws, err := s.decodeObject(res, patched, mode)
		warnings = ws
		if err != nil {
			return nil, false, err
		}
		if rv := obj.GetObjectMeta().ResourceVersion; rv != old.GetObjectMeta().ResourceVersion {
			return nil, true, res.conflict(ri.name)
		}
		return obj, false, nil
	}, o)
	addWarnings(w, warnings)
	if err != nil {
		writeError(w, err)
		return
	}
	s.writeObject(w, http.StatusOK, out, res, updated, nil)
}

// toScale builds the Scale of obj.
func (res *resource) toScale(obj meta.Object) *autoscalingv1.Scale {
	m := obj.GetObjectMeta()
	spec, _ := res.kind.ScaleSpecReplicas(obj)
	status, sel, _ := res.kind.ScaleStatus(obj)
	return &autoscalingv1.Scale{
		TypeMeta: meta.TypeMeta{Kind: "Scale", APIVersion: "autoscaling/v1"},
		ObjectMeta: meta.ObjectMeta{Name: m.Name, Namespace: m.Namespace, UID: m.UID,
			ResourceVersion: m.ResourceVersion, CreationTimestamp: m.CreationTimestamp},
		Spec:   autoscalingv1.ScaleSpec{Replicas: spec},
		Status: autoscalingv1.ScaleStatus{Replicas: status, Selector: sel},
	}
}

// serveScale serves GET, PUT and PATCH of the scale subresource.
func (s *Server) serveScale(w http.ResponseWriter, r *http.Request, res *resource, ri requestInfo, out output, o writeOptions) {
	ctx := r.Context()
	if ri.verb == verbGet {
		e, err := res.get(ctx, ri.namespace, ri.name, r.URL.Query().Get("resourceVersion"))
		if err != nil {
			writeError(w, err)
			return
		}
		writeJSON(w, http.StatusOK, output{pretty: out.pretty, yaml: out.yaml}, res.toScale(e.Object))
		return
	}
	var (
		body []byte
		pt   string
		err  error
	)
	switch ri.verb {
	case verbUpdate:
		body, err = readBody(r, s.cfg.MaxRequestBodyBytes)
		if err == nil {
			body, err = bodyToJSONAs(r, body, &autoscalingv1.Scale{}, "Scale")
		}
	case verbPatch:
		pt, err = patchType(r)
		if err == nil {
			body, err = readBody(r, s.cfg.MaxRequestBodyBytes)
		}
	default:
		err = apierrors.NewMethodNotSupported(res.errRes, ri.verb+" on scale")
	}
	if err != nil {
		writeError(w, err)
		return
	}
	o.subresource = "scale"
	updated, err := res.update(ctx, ri.namespace, ri.name, func(old meta.Object) (meta.Object, bool, error) {
		cur := res.toScale(old)
		scaleJSON := body
		if pt != "" {
			orig, _ := json.Marshal(cur)
			scaleJSON, err = patch.Apply(pt, orig, body, schemaFor(cur))
			if err != nil {
				return nil, false, err
			}
		}
		var sc autoscalingv1.Scale
		if _, err := codec.DecodeInto(scaleJSON, &sc, true); err != nil {
			return nil, false, err
		}
		if sc.Spec.Replicas < 0 {
			return nil, false, apierrors.NewInvalid("autoscaling", "Scale", ri.name, fieldList("spec.replicas", sc.Spec.Replicas, "must be greater than or equal to 0"))
		}
		precondition := sc.ResourceVersion != "" && pt == ""
		if sc.ResourceVersion != "" && sc.ResourceVersion != cur.ResourceVersion {
			return nil, true, res.conflict(ri.name)
		}
		res.kind.SetScaleSpecReplicas(old, sc.Spec.Replicas)
		return old, precondition, nil
	}, o)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, output{pretty: out.pretty, yaml: out.yaml}, res.toScale(updated))
}
