package openapi

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gantryhq/gantry/sdk/api/meta"
)

// Handler serves a Spec over HTTP, as Kubernetes' API server does:
//
//   - GET /openapi/v3: the root discovery document, which lists each group
//     version's document with its hash.
//   - GET /openapi/v3/api/v1, /openapi/v3/apis/<group>/<version>: a group
//     version's document, as application/json. Its ETag is the hash; a
//     request whose hash query matches gets Cache-Control "public,
//     immutable" (the URL names those bytes forever), one whose hash is
//     stale is redirected (301) to the current URL, and If-None-Match with
//     the current ETag gets 304 Not Modified. A request that accepts only
//     other types (the protobuf form) gets 406.
//   - /openapi/v2: 404. Gantry does not serve the OpenAPI v2 document:
//     kubectl 1.32 uses v3 for explain, apply and field validation, and
//     looks for v2 only when v3 is missing or fails.
//
// Mount it on the API server's mux for "/openapi/"; it answers 404 for any
// other path and 405 for methods other than GET and HEAD. It is safe for
// concurrent use; SetSpec swaps the documents while serving.
type Handler struct {
	spec atomic.Pointer[Spec]
}

var _ http.Handler = (*Handler)(nil)

// NewHandler returns a Handler serving s, which must not be nil.
func NewHandler(s *Spec) *Handler {
	h := &Handler{}
	h.spec.Store(s)
	return h
}

// SetSpec makes h serve s, which must not be nil, from now on: after a
// kind was added, build a new Spec and set it. Clients holding an old
// document URL are redirected to the new one.
func (h *Handler) SetSpec(s *Spec) { h.spec.Store(s) }

// Spec returns the Spec h serves.
func (h *Handler) Spec() *Spec { return h.spec.Load() }

// ServeHTTP serves the root and group-version documents.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	const v3 = "/openapi/v3"
	if p != v3 && !strings.HasPrefix(p, v3+"/") {
		writeStatus(w, http.StatusNotFound, meta.StatusReasonNotFound, "the server serves no document at "+p+"; the OpenAPI documents are under /openapi/v3")
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeStatus(w, http.StatusMethodNotAllowed, meta.StatusReasonMethodNotAllowed, r.Method+" is not allowed on "+p+": use GET or HEAD")
		return
	}
	s := h.spec.Load()
	if p == v3 {
		w.Header().Set("Content-Type", contentJSON)
		w.Header().Set("Etag", strconv.Quote(s.rootHash))
		http.ServeContent(w, r, "", s.built, bytes.NewReader(s.root))
		return
	}
	key := strings.TrimPrefix(p, v3+"/")
	doc, ok := s.docs[key]
	if !ok {
		writeStatus(w, http.StatusNotFound, meta.StatusReasonNotFound, "no OpenAPI document for "+strconv.Quote(key)+": /openapi/v3 lists the group versions served")
		return
	}
	w.Header().Add("Vary", "Accept")
	if !acceptsJSON(r.Header.Values("Accept")) {
		writeStatus(w, http.StatusNotAcceptable, meta.StatusReasonNotAcceptable, "the OpenAPI documents are served only as "+contentJSON)
		return
	}
	w.Header().Set("Content-Type", contentJSON)
	w.Header().Set("Etag", strconv.Quote(doc.hash))
	if hash := r.URL.Query().Get("hash"); hash != "" {
		if hash != doc.hash {
			http.Redirect(w, r, serverRelativeURL(key, doc.hash), http.StatusMovedPermanently)
			return
		}
		// The URL names these bytes for good.
		w.Header().Set("Cache-Control", "public, immutable")
		w.Header().Set("Expires", time.Now().AddDate(1, 0, 0).UTC().Format(http.TimeFormat))
	}
	http.ServeContent(w, r, "", s.built, bytes.NewReader(doc.data))
}

// acceptsJSON reports whether an Accept header admits application/json;
// no header admits anything.
func acceptsJSON(values []string) bool {
	if len(values) == 0 {
		return true
	}
	for _, v := range values {
		for _, clause := range strings.Split(v, ",") {
			mt, params, _ := strings.Cut(clause, ";")
			switch strings.ToLower(strings.TrimSpace(mt)) {
			case contentJSON, "application/*", "*/*":
			default:
				continue
			}
			if q, ok := qValue(params); ok && q == 0 {
				continue
			}
			return true
		}
	}
	return false
}

// qValue returns the q parameter of a media range's parameters.
func qValue(params string) (float64, bool) {
	for _, p := range strings.Split(params, ";") {
		k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
		if strings.EqualFold(k, "q") {
			q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return q, err == nil
		}
	}
	return 0, false
}

// writeStatus writes an error as a Kubernetes Status object.
func writeStatus(w http.ResponseWriter, code int, reason meta.StatusReason, message string) {
	st := meta.Status{
		TypeMeta: meta.TypeMeta{Kind: "Status", APIVersion: "v1"},
		Status:   meta.StatusFailure,
		Message:  message,
		Reason:   reason,
		Code:     int32(code),
	}
	body, _ := json.Marshal(st)
	w.Header().Set("Content-Type", contentJSON)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(code)
	_, _ = w.Write(body)
}
