package apiserver

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/http"

	"github.com/gantryhq/gantry/sdk/api/codec/protobuf"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

// mediaProtobuf is the media type of Kubernetes protobuf bodies, which
// client-go's typed clients (and so kubectl create, drain, the scheduler's
// bindings) send for built-in kinds. Responses stay JSON: those clients
// accept JSON too.
const mediaProtobuf = protobuf.ContentType

// isProtobuf reports whether the request body is Kubernetes protobuf.
func isProtobuf(r *http.Request) bool {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return mt == mediaProtobuf
}

func badProtobuf(err error) error {
	return apierrors.NewBadRequest(fmt.Sprintf("the request body is not valid %s: %v", mediaProtobuf, err))
}

// decodeProtobufObject decodes a protobuf body into a new object of res's
// kind, checking the apiVersion and kind its envelope names as
// decodeObject does for JSON. As in Kubernetes, protobuf has no strict
// field validation: unknown fields are dropped.
func (s *Server) decodeProtobufObject(res *resource, body []byte) (meta.Object, []string, error) {
	apiVersion, kind, raw, err := protobuf.DecodeEnvelope(body)
	if err != nil {
		return nil, nil, badProtobuf(err)
	}
	gvk := res.kind.GVK()
	if apiVersion != "" && apiVersion != res.kind.APIVersion() {
		return nil, nil, apierrors.NewBadRequest(fmt.Sprintf("the API version in the data (%s) does not match the expected API version (%s)", apiVersion, res.kind.APIVersion()))
	}
	if kind != "" && kind != gvk.Kind {
		return nil, nil, apierrors.NewBadRequest(fmt.Sprintf("the kind in the data (%s) does not match the expected kind (%s)", kind, gvk.Kind))
	}
	obj := res.kind.New()
	if err := protobuf.Unmarshal(raw, obj); err != nil {
		return nil, nil, badProtobuf(err)
	}
	obj.GetTypeMeta().SetGroupVersionKind(gvk)
	return obj, nil, nil
}

// bodyToJSONAs is bodyToJSON for bodies that are not objects of a
// resource (Binding, Eviction, Scale, DeleteOptions): a protobuf body is
// decoded into into, whose kind its envelope must name, and re-encoded as
// JSON for the JSON decoding that follows.
func bodyToJSONAs(r *http.Request, body []byte, into interface{ GetTypeMeta() *meta.TypeMeta }, kind string) ([]byte, error) {
	if !isProtobuf(r) || len(body) == 0 {
		return bodyToJSON(r, body)
	}
	apiVersion, k, raw, err := protobuf.DecodeEnvelope(body)
	if err != nil {
		return nil, badProtobuf(err)
	}
	if k != "" && k != kind {
		return nil, apierrors.NewBadRequest(fmt.Sprintf("the kind in the data (%s) does not match the expected kind (%s)", k, kind))
	}
	if err := protobuf.Unmarshal(raw, into); err != nil {
		return nil, badProtobuf(err)
	}
	*into.GetTypeMeta() = meta.TypeMeta{APIVersion: apiVersion, Kind: k}
	return json.Marshal(into)
}
