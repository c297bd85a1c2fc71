package apiserver

import (
	"net/http"
	"strings"

	"github.com/gantryhq/gantry/sdk/api/meta"
)

// Verbs, as Kubernetes names them.
const (
	verbGet              = "get"
	verbList             = "list"
	verbWatch            = "watch"
	verbCreate           = "create"
	verbUpdate           = "update"
	verbPatch            = "patch"
	verbDelete           = "delete"
	verbDeleteCollection = "deletecollection"
)

// requestInfo is what the URL path and method of a resource request say.
type requestInfo struct {
	gv          meta.GroupVersion
	resource    string
	namespace   string
	name        string
	subresource string
	verb        string
}

// parseResourcePath parses /api/v1/... and /apis/<group>/<version>/...
// into a requestInfo. ok is false for paths that are not resource paths
// (discovery documents are handled before).
func parseResourcePath(r *http.Request) (requestInfo, bool) {
	p := strings.Trim(r.URL.Path, "/")
	parts := strings.Split(p, "/")
	var ri requestInfo
	switch {
	case len(parts) >= 3 && parts[0] == "api":
		ri.gv = meta.GroupVersion{Version: parts[1]}
		parts = parts[2:]
	case len(parts) >= 4 && parts[0] == "apis":
		ri.gv = meta.GroupVersion{Group: parts[1], Version: parts[2]}
		parts = parts[3:]
	default:
		return ri, false
	}
	// namespaces/<ns>/<resource>/... addresses a namespaced resource; the
	// namespace object itself is namespaces/<name>[/<sub>].
	// As in Kubernetes, namespaces/<name>/status and namespaces/<name>/finalize
	// are subresources of the namespace, not resources named "status" or
	// "finalize" in it.
	if len(parts) >= 3 && parts[0] == "namespaces" && !(len(parts) == 3 && (parts[2] == "status" || parts[2] == "finalize")) {
		ri.namespace = parts[1]
		parts = parts[2:]
	}
	for _, s := range parts {
		if s == "" {
			return ri, false
		}
	}
	switch len(parts) {
	case 1:
		ri.resource = parts[0]
	case 2:
		ri.resource, ri.name = parts[0], parts[1]
	case 3:
		ri.resource, ri.name, ri.subresource = parts[0], parts[1], parts[2]
	default:
		return ri, false
	}
	q := r.URL.Query()
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		switch {
		case ri.name == "" && isTrue(q.Get("watch")):
			ri.verb = verbWatch
		case ri.name == "":
			ri.verb = verbList
		case isTrue(q.Get("watch")):
			ri.verb = verbWatch
		default:
			ri.verb = verbGet
		}
	case http.MethodPost:
		ri.verb = verbCreate
	case http.MethodPut:
		ri.verb = verbUpdate
	case http.MethodPatch:
		ri.verb = verbPatch
	case http.MethodDelete:
		if ri.name == "" {
			ri.verb = verbDeleteCollection
		} else {
			ri.verb = verbDelete
		}
	default:
		ri.verb = strings.ToLower(r.Method)
	}
	return ri, true
}

func isTrue(s string) bool { return s == "true" || s == "1" }
