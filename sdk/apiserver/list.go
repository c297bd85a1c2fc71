package apiserver

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/fields"
	"github.com/gantryhq/gantry/sdk/api/labels"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
	"github.com/gantryhq/gantry/sdk/apiserver/cache"
	"github.com/gantryhq/gantry/store"
)

// selection is a parsed label and field selector.
type selection struct {
	labels labels.Selector
	fields fields.Selector
}

func (sel selection) empty() bool { return sel.labels.Empty() && sel.fields.Empty() }

// objectFields exposes an object's field-selector values without building a map.
type objectFields struct {
	kind *registry.Kind
	obj  meta.Object
}

func (f objectFields) Has(name string) bool { _, ok := f.kind.FieldValue(f.obj, name); return ok }
func (f objectFields) Get(name string) string {
	v, _ := f.kind.FieldValue(f.obj, name)
	return v
}

func (sel selection) matches(k *registry.Kind, obj meta.Object) bool {
	if !sel.labels.Empty() && !sel.labels.Matches(labels.Set(obj.GetObjectMeta().Labels)) {
		return false
	}
	if !sel.fields.Empty() && !sel.fields.Matches(objectFields{k, obj}) {
		return false
	}
	return true
}

// matchFunc returns a cache filter, or nil when everything matches.
func (sel selection) matchFunc(k *registry.Kind) func(*cache.Entry) bool {
	if sel.empty() {
		return nil
	}
	return func(e *cache.Entry) bool { return sel.matches(k, e.Object) }
}

// parseSelection parses labelSelector and fieldSelector, checking field names.
func parseSelection(res *resource, q map[string][]string) (selection, error) {
	get := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	ls, err := labels.Parse(get("labelSelector"))
	if err != nil {
		return selection{}, apierrors.NewBadRequest(fmt.Sprintf("unable to parse requirement: %v", strings.TrimPrefix(err.Error(), "unable to parse requirement: ")))
	}
	fs, err := fields.Parse(get("fieldSelector"))
	if err != nil {
		return selection{}, apierrors.NewBadRequest(err.Error())
	}
	if err := fields.ValidateFields(fs, res.kind.SupportsField); err != nil {
		return selection{}, apierrors.NewBadRequest(fmt.Sprintf("%s: %v", fs.String(), err))
	}
	return selection{labels: ls, fields: fs}, nil
}

// continueToken is the API's continue token: the store's token plus the
// selection it was made for.
type continueToken struct {
	Store string `json:"s"`
	RV    int64  `json:"rv"`
}

func encodeContinue(t continueToken) string {
	b, _ := json.Marshal(t)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeContinue(s string) (continueToken, error) {
	var t continueToken
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		err = json.Unmarshal(b, &t)
	}
	if err != nil || t.Store == "" {
		return t, apierrors.NewBadRequest(fmt.Sprintf("invalid continue token %q: it must come from a previous list response", s))
	}
	return t, nil
}

// listResult is one page of a list.
type listResult struct {
	items     []meta.Object
	raws      [][]byte // raw JSON per item when known
	rv        int64
	cont      string
	remaining *int64
}

// list lists the objects of res in ns.
func (res *resource) list(ctx context.Context, ns string, sel selection, rv, rvMatch string, limit int64, cont string) (*listResult, error) {
	switch rvMatch {
	case "", "NotOlderThan", "Exact":
	default:
		return nil, apierrors.NewBadRequest(fmt.Sprintf("invalid resourceVersionMatch %q: supported values: \"Exact\", \"NotOlderThan\"", rvMatch))
	}
	if rvMatch != "" && rv == "" {
		return nil, apierrors.NewBadRequest("resourceVersionMatch is forbidden unless resourceVersion is provided")
	}
	if cont != "" {
		if rv != "" && rv != "0" {
			return nil, apierrors.NewBadRequest("specifying resource version is not allowed when using continue")
		}
		t, err := decodeContinue(cont)
		if err != nil {
			return nil, err
		}
		return res.listFromStore(ctx, ns, sel, store.ListOptions{Limit: limit, Continue: t.Store})
	}
	if rvMatch == "Exact" {
		n, err := strconv.ParseInt(rv, 10, 64)
		if err != nil || n <= 0 {
			return nil, apierrors.NewBadRequest(fmt.Sprintf("invalid resource version %q for resourceVersionMatch=Exact", rv))
		}
		return res.listFromStore(ctx, ns, sel, store.ListOptions{Limit: limit, Revision: n})
	}
	if err := res.waitForRV(ctx, rv); err != nil {
		return nil, err
	}
	entries, crev := res.cache.List(res.listPrefix(ns), sel.matchFunc(res.kind))
	if limit > 0 && int64(len(entries)) > limit && rv != "0" {
		// More than one page: serve a consistent snapshot from the store.
		return res.listFromStore(ctx, ns, sel, store.ListOptions{Limit: limit})
	}
	out := &listResult{rv: crev, items: make([]meta.Object, len(entries)), raws: make([][]byte, len(entries))}
	for i, e := range entries {
		out.items[i], out.raws[i] = e.Object, e.Raw
	}
	return out, nil
}

// listFromStore serves a page from a store snapshot, filling it up to
// limit matching objects.
func (res *resource) listFromStore(ctx context.Context, ns string, sel selection, opts store.ListOptions) (*listResult, error) {
	out := &listResult{}
	limit := opts.Limit
	for {
		if limit > 0 {
			opts.Limit = limit - int64(len(out.items))
		}
		page, err := res.s.st.List(ctx, res.listPrefix(ns), opts)
		if err != nil {
			if errors.Is(err, store.ErrCompacted) {
				return nil, apierrors.NewResourceExpired("The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.")
			}
			return nil, storeError(err)
		}
		out.rv = page.Revision
		for _, kv := range page.KVs {
			// The watch cache usually holds the same version, decoded
			// and encoded already.
			if e, _, ok := res.cache.Get(kv.Key); ok && e.Rev == kv.ModRevision && e.Object != nil {
				if sel.matches(res.kind, e.Object) {
					out.items = append(out.items, e.Object)
					out.raws = append(out.raws, e.Raw)
				}
				continue
			}
			obj, err := res.decodeObject(kv)
			if err != nil {
				return nil, apierrors.NewInternal(err)
			}
			if sel.matches(res.kind, obj) {
				out.items = append(out.items, obj)
				out.raws = append(out.raws, nil)
			}
		}
		if page.Continue == "" {
			return out, nil
		}
		if limit > 0 && int64(len(out.items)) >= limit {
			out.cont = encodeContinue(continueToken{Store: page.Continue, RV: page.Revision})
			if sel.empty() {
				n := page.RemainingCount
				out.remaining = &n
			}
			return out, nil
		}
		opts = store.ListOptions{Continue: page.Continue}
	}
}

// serveList serves GET on a collection.
func (s *Server) serveList(w http.ResponseWriter, r *http.Request, res *resource, ri requestInfo, out output) {
	q := r.URL.Query()
	sel, err := parseSelection(res, q)
	if err != nil {
		writeError(w, err)
		return
	}
	var limit int64
	if v := q.Get("limit"); v != "" {
		limit, err = strconv.ParseInt(v, 10, 64)
		if err != nil || limit < 0 {
			writeError(w, apierrors.NewBadRequest(fmt.Sprintf("invalid limit %q: must be a non-negative integer", v)))
			return
		}
	}
	lr, err := res.list(r.Context(), ri.namespace, sel, q.Get("resourceVersion"), q.Get("resourceVersionMatch"), limit, q.Get("continue"))
	if err != nil {
		writeError(w, err)
		return
	}
	if out.table {
		body, err := s.encodeTable(res, lr, out)
		if err != nil {
			writeError(w, err)
			return
		}
		writeJSON(w, http.StatusOK, out, body)
		return
	}
	body, err := encodeList(res, lr)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, out, body)
}

// encodeList writes a list without re-encoding cached items.
func encodeList(res *resource, lr *listResult) ([]byte, error) {
	lm := meta.ListMeta{ResourceVersion: strconv.FormatInt(lr.rv, 10), Continue: lr.cont, RemainingItemCount: lr.remaining}
	lmb, err := json.Marshal(lm)
	if err != nil {
		return nil, err
	}
	size := 128 + len(lmb)
	for _, raw := range lr.raws {
		size += len(raw) + 1
	}
	var buf bytes.Buffer
	buf.Grow(size)
	buf.WriteString(`{"kind":`)
	writeJSONString(&buf, res.kind.ListKind())
	buf.WriteString(`,"apiVersion":`)
	writeJSONString(&buf, res.kind.APIVersion())
	buf.WriteString(`,"metadata":`)
	buf.Write(lmb)
	buf.WriteString(`,"items":[`)
	for i, obj := range lr.items {
		if i > 0 {
			buf.WriteByte(',')
		}
		raw := lr.raws[i]
		if raw == nil {
			raw, err = json.Marshal(obj)
			if err != nil {
				return nil, err
			}
		}
		buf.Write(raw)
	}
	buf.WriteString("]}")
	return buf.Bytes(), nil
}

func writeJSONString(buf *bytes.Buffer, s string) {
	b, _ := json.Marshal(s)
	buf.Write(b)
}

// serveDeleteCollection deletes every matching object of a collection.
func (s *Server) serveDeleteCollection(w http.ResponseWriter, r *http.Request, res *resource, ri requestInfo, out output, o writeOptions) {
	q := r.URL.Query()
	sel, err := parseSelection(res, q)
	if err != nil {
		writeError(w, err)
		return
	}
	opts, err := deleteOptions(r, s.cfg.MaxRequestBodyBytes)
	if err != nil {
		writeError(w, err)
		return
	}
	if len(opts.DryRun) > 0 {
		o.dryRun = true
	}
	lr, err := res.list(r.Context(), ri.namespace, sel, "", "", 0, "")
	if err != nil {
		writeError(w, err)
		return
	}
	deleted := &listResult{rv: lr.rv}
	for _, obj := range lr.items {
		m := obj.GetObjectMeta()
		dr, err := res.delete(r.Context(), m.Namespace, m.Name, opts, o)
		if err != nil {
			if apierrors.IsNotFound(err) {
				continue
			}
			writeError(w, err)
			return
		}
		deleted.items = append(deleted.items, dr.obj)
		deleted.raws = append(deleted.raws, nil)
	}
	body, err := encodeList(res, deleted)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, out, body)
}
