package apiserver

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gantryhq/gantry/sdk/api/codec"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/field"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

// serveResource serves one resource request.
func (s *Server) serveResource(w http.ResponseWriter, r *http.Request, ri requestInfo) {
	res, err := s.resourceFor(ri)
	if err != nil {
		writeError(w, err)
		return
	}
	if !res.kind.Namespaced() && ri.namespace != "" {
		writeError(w, apierrors.NewNotFound(res.errRes, ri.name))
		return
	}
	out, err := negotiate(r)
	if err != nil {
		writeError(w, err)
		return
	}
	ctx := r.Context()
	q := r.URL.Query()
	o := writeOptions{user: s.cfg.User, subresource: ri.subresource}
	if dr := q["dryRun"]; len(dr) > 0 {
		for _, v := range dr {
			if v != "All" {
				writeError(w, apierrors.NewBadRequest(fmt.Sprintf("invalid dry run option %q: supported values: \"All\"", v)))
				return
			}
		}
		o.dryRun = true
	}

	if ri.subresource != "" {
		s.serveSubresource(w, r, res, ri, out, o)
		return
	}
	switch ri.verb {
	case verbGet:
		e, err := res.get(ctx, ri.namespace, ri.name, q.Get("resourceVersion"))
		if err != nil {
			writeError(w, err)
			return
		}
		s.writeObject(w, http.StatusOK, out, res, e.Object, e.Raw)
	case verbList:
		s.serveList(w, r, res, ri, out)
	case verbWatch:
		s.serveWatch(w, r, res, ri, out)
	case verbCreate:
		if ri.name != "" {
			writeError(w, apierrors.NewMethodNotSupported(res.errRes, "create on a named object"))
			return
		}
		obj, warnings, err := s.decodeBody(r, res)
		addWarnings(w, warnings)
		if err != nil {
			writeError(w, err)
			return
		}
		created, err := res.create(ctx, ri.namespace, obj, o)
		if err != nil {
			writeError(w, err)
			return
		}
		s.writeObject(w, http.StatusCreated, out, res, created, nil)
	case verbUpdate:
		obj, warnings, err := s.decodeBody(r, res)
		addWarnings(w, warnings)
		if err != nil {
			writeError(w, err)
			return
		}
		updated, created, err := res.replace(ctx, ri.namespace, ri.name, obj, o)
		if err != nil {
			writeError(w, err)
			return
		}
		code := http.StatusOK
		if created {
			code = http.StatusCreated
		}
		s.writeObject(w, code, out, res, updated, nil)
	case verbPatch:
		s.servePatch(w, r, res, ri, out, o)
	case verbDelete:
		opts, err := deleteOptions(r, s.cfg.MaxRequestBodyBytes)
		if err != nil {
			writeError(w, err)
			return
		}
		if len(opts.DryRun) > 0 {
			o.dryRun = true
		}
		dr, err := res.delete(ctx, ri.namespace, ri.name, opts, o)
		if err != nil {
			writeError(w, err)
			return
		}
		code := http.StatusOK
		if !dr.deleted {
			code = http.StatusAccepted
		}
		s.writeObject(w, code, output{pretty: out.pretty, yaml: out.yaml}, res, dr.obj, nil)
	case verbDeleteCollection:
		s.serveDeleteCollection(w, r, res, ri, out, o)
	default:
		writeError(w, apierrors.NewMethodNotSupported(res.errRes, ri.verb))
	}
}

// writeObject writes one object (raw, when already encoded).
func (s *Server) writeObject(w http.ResponseWriter, code int, out output, res *resource, obj meta.Object, raw []byte) {
	if out.table {
		t, err := s.toTable(res, []meta.Object{obj}, out, "", "")
		if err != nil {
			writeError(w, err)
			return
		}
		writeJSON(w, code, out, t)
		return
	}
	if raw != nil {
		writeJSON(w, code, out, raw)
		return
	}
	writeJSON(w, code, out, obj)
}

// fieldValidation reads the fieldValidation query parameter: Strict, Warn
// (the default, as in Kubernetes) or Ignore.
func fieldValidation(q url.Values) (string, error) {
	v := q.Get("fieldValidation")
	switch v {
	case "":
		return "Warn", nil
	case "Strict", "Warn", "Ignore":
		return v, nil
	}
	return "", apierrors.NewBadRequest(fmt.Sprintf("fieldValidation parameter unsupported: %s; supported values: \"Ignore\", \"Warn\", \"Strict\"", v))
}

// decodeBody decodes the request body into a new object of res's kind.
func (s *Server) decodeBody(r *http.Request, res *resource) (meta.Object, []string, error) {
	mode, err := fieldValidation(r.URL.Query())
	if err != nil {
		return nil, nil, err
	}
	body, err := readBody(r, s.cfg.MaxRequestBodyBytes)
	if err != nil {
		return nil, nil, err
	}
	if len(body) == 0 {
		return nil, nil, apierrors.NewBadRequest("the request body is empty: an object is required")
	}
	if isProtobuf(r) {
		return s.decodeProtobufObject(res, body)
	}
	body, err = bodyToJSON(r, body)
	if err != nil {
		return nil, nil, err
	}
	return s.decodeObject(res, body, mode)
}

// decodeObject decodes JSON into a new object of res's kind with the given
// field validation mode, checking apiVersion and kind.
func (s *Server) decodeObject(res *resource, body []byte, mode string) (meta.Object, []string, error) {
	obj := res.kind.New()
	tm := obj.GetTypeMeta()
	*tm = meta.TypeMeta{}
	warnings, err := codec.DecodeInto(body, obj, mode == "Strict")
	if err != nil {
		return nil, nil, err
	}
	if mode == "Ignore" {
		warnings = nil
	}
	gvk := res.kind.GVK()
	if tm.APIVersion != "" && tm.APIVersion != res.kind.APIVersion() {
		return nil, warnings, apierrors.NewBadRequest(fmt.Sprintf("the API version in the data (%s) does not match the expected API version (%s)", tm.APIVersion, res.kind.APIVersion()))
	}
	if tm.Kind != "" && tm.Kind != gvk.Kind {
		return nil, warnings, apierrors.NewBadRequest(fmt.Sprintf("the kind in the data (%s) does not match the expected kind (%s)", tm.Kind, gvk.Kind))
	}
	tm.SetGroupVersionKind(gvk)
	return obj, warnings, nil
}

// deleteOptions reads DeleteOptions from the body and the query.
func deleteOptions(r *http.Request, limit int64) (*meta.DeleteOptions, error) {
	opts := &meta.DeleteOptions{}
	body, err := readBody(r, limit)
	if err != nil {
		return nil, err
	}
	if len(body) > 0 {
		body, err = bodyToJSONAs(r, body, &meta.DeleteOptions{}, "DeleteOptions")
		if err != nil {
			return nil, err
		}
		if _, err := codec.DecodeInto(body, opts, true); err != nil {
			return nil, err
		}
	}
	q := r.URL.Query()
	if v := q.Get("gracePeriodSeconds"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, apierrors.NewBadRequest(fmt.Sprintf("invalid gracePeriodSeconds %q: must be an integer", v))
		}
		opts.GracePeriodSeconds = &n
	}
	if v := q.Get("propagationPolicy"); v != "" {
		p := meta.DeletionPropagation(v)
		opts.PropagationPolicy = &p
	}
	if v := q.Get("orphanDependents"); v != "" {
		b := isTrue(v)
		opts.OrphanDependents = &b
	}
	if len(q["dryRun"]) > 0 {
		opts.DryRun = q["dryRun"]
	}
	return opts, nil
}

func fieldList(path string, value any, detail string) field.ErrorList {
	return field.ErrorList{field.Invalid(field.NewPath(path), value, detail)}
}

// statusSuccess is the Status returned by operations without an object.
func statusSuccess(details *meta.StatusDetails) meta.Status {
	return meta.Status{TypeMeta: meta.TypeMeta{Kind: "Status", APIVersion: "v1"}, Status: meta.StatusSuccess, Details: details}
}
