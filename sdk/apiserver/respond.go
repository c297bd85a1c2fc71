package apiserver

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"sigs.k8s.io/yaml"

	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

const (
	mediaJSON           = "application/json"
	mediaYAML           = "application/yaml"
	mediaJSONPatch      = "application/json-patch+json"
	mediaMergePatch     = "application/merge-patch+json"
	mediaStrategicPatch = "application/strategic-merge-patch+json"
	mediaApplyPatch     = "application/apply-patch+yaml"
)

// output says how a response is rendered.
type output struct {
	table         bool   // meta.k8s.io/v1 Table
	includeObject string // for tables: None, Metadata (default), Object
	yaml          bool
	pretty        bool
}

// negotiate reads the Accept header. It fails with 406 when none of the
// accepted types can be served.
func negotiate(r *http.Request) (output, error) {
	var out output
	out.pretty = isTrue(r.URL.Query().Get("pretty"))
	out.includeObject = r.URL.Query().Get("includeObject")
	accept := r.Header.Get("Accept")
	if accept == "" {
		return out, nil
	}
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch mt {
		case "application/json", "*/*", "application/*":
			if params["as"] == "Table" {
				if params["g"] == "meta.k8s.io" && (params["v"] == "v1" || params["v"] == "v1beta1") {
					out.table = true
					return out, nil
				}
				continue
			}
			if params["as"] != "" {
				// PartialObjectMetadata and other conversions are not served; try the next type.
				continue
			}
			return out, nil
		case "application/yaml":
			if params["as"] != "" {
				continue
			}
			out.yaml = true
			return out, nil
		}
	}
	return out, apierrors.FromStatus(meta.Status{
		TypeMeta: meta.TypeMeta{Kind: "Status", APIVersion: "v1"},
		Status:   meta.StatusFailure,
		Message:  fmt.Sprintf("only the following media types are accepted: application/json, application/yaml, application/json;as=Table;v=v1;g=meta.k8s.io (got %q)", accept),
		Reason:   meta.StatusReasonNotAcceptable,
		Code:     http.StatusNotAcceptable,
	})
}

// writeJSON writes body (raw JSON bytes or a value) with code.
func writeJSON(w http.ResponseWriter, code int, out output, body any) {
	var b []byte
	switch v := body.(type) {
	case []byte:
		b = v
	case json.RawMessage:
		b = v
	default:
		var err error
		b, err = json.Marshal(v)
		if err != nil {
			writeError(w, apierrors.NewInternal(err))
			return
		}
	}
	ct := mediaJSON
	if out.yaml {
		y, err := yaml.JSONToYAML(b)
		if err == nil {
			b, ct = y, mediaYAML
		}
	} else if out.pretty {
		if ib, err := indentJSON(b); err == nil {
			b = ib
		}
	}
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("Content-Length", strconv.Itoa(len(b)+1))
	w.WriteHeader(code)
	_, _ = w.Write(b)
	_, _ = w.Write([]byte{'\n'})
}

func indentJSON(b []byte) ([]byte, error) {
	var v json.RawMessage = b
	return json.MarshalIndent(v, "", "  ")
}

// writeError writes err as a Kubernetes Status.
func writeError(w http.ResponseWriter, err error) {
	st := apierrors.ToStatus(err)
	if st.Code == 0 {
		st.Code = http.StatusInternalServerError
	}
	if st.Details != nil && st.Details.RetryAfterSeconds > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(st.Details.RetryAfterSeconds)))
	}
	b, _ := json.Marshal(st)
	h := w.Header()
	h.Set("Content-Type", mediaJSON)
	h.Set("Content-Length", strconv.Itoa(len(b)+1))
	w.WriteHeader(int(st.Code))
	_, _ = w.Write(b)
	_, _ = w.Write([]byte{'\n'})
}

// addWarnings adds Warning headers as Kubernetes does (299 code).
func addWarnings(w http.ResponseWriter, warnings []string) {
	for _, msg := range warnings {
		w.Header().Add("Warning", "299 - "+strconv.Quote(msg))
	}
}

// readBody reads at most limit bytes of the request body.
func readBody(r *http.Request, limit int64) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	if r.ContentLength > limit {
		return nil, apierrors.NewRequestTooLarge(fmt.Sprintf("the request body is %d bytes, over the limit of %d", r.ContentLength, limit))
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		return nil, apierrors.NewBadRequest(fmt.Sprintf("reading the request body: %v", err))
	}
	if int64(len(b)) > limit {
		return nil, apierrors.NewRequestTooLarge(fmt.Sprintf("the request body is over the limit of %d bytes", limit))
	}
	return b, nil
}

// bodyToJSON converts a YAML body to JSON when its content type says so.
func bodyToJSON(r *http.Request, body []byte) ([]byte, error) {
	ct := r.Header.Get("Content-Type")
	mt, _, _ := mime.ParseMediaType(ct)
	switch mt {
	case "", mediaJSON:
		return body, nil
	case mediaYAML, "application/x-yaml", "text/yaml":
		j, err := yaml.YAMLToJSONStrict(body)
		if err != nil {
			return nil, apierrors.NewBadRequest(fmt.Sprintf("the body is not valid YAML: %v", err))
		}
		return j, nil
	default:
		return nil, apierrors.FromStatus(meta.Status{
			TypeMeta: meta.TypeMeta{Kind: "Status", APIVersion: "v1"},
			Status:   meta.StatusFailure,
			Message:  fmt.Sprintf("the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf (got %q)", ct),
			Reason:   meta.StatusReasonUnsupportedMediaType,
			Code:     http.StatusUnsupportedMediaType,
		})
	}
}
