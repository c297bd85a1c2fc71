package v1

import (
	"encoding/json"
	"testing"

	"github.com/gantryhq/gantry/sdk/api/codec"
	"github.com/gantryhq/gantry/sdk/api/field"
	"github.com/gantryhq/gantry/sdk/api/intstr"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

func newRegistry(t *testing.T) *registry.Registry {
	t.Helper()
	r := registry.New()
	if err := Register(r); err != nil {
		t.Fatalf("Register: %v", err)
	}
	return r
}

func kindOf(t *testing.T, r *registry.Registry, kind string) *registry.Kind {
	t.Helper()
	k, ok := r.KindFor(meta.GroupVersionKind{Group: GroupName, Version: Version, Kind: kind})
	if !ok {
		t.Fatalf("kind %s not registered", kind)
	}
	return k
}

// decodeManifest decodes a YAML manifest strictly through the registry and
// checks that re-encoding it keeps every field the manifest had.
func decodeManifest(t *testing.T, r *registry.Registry, manifest string) meta.Object {
	t.Helper()
	obj, err := codec.Decode(r, []byte(manifest))
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	in, err := codec.YAMLToJSON([]byte(manifest))
	if err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(obj)
	if err != nil {
		t.Fatal(err)
	}
	var inV, outV any
	if err := json.Unmarshal(in, &inV); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(out, &outV); err != nil {
		t.Fatal(err)
	}
	if path, ok := jsonSubset(inV, outV, ""); !ok {
		t.Fatalf("re-encoding lost or changed %s:\nin:  %s\nout: %s", path, in, out)
	}
	// The API server takes the namespace from the request path.
	if m := obj.GetObjectMeta(); m.Namespace == "" {
		m.Namespace = "default"
	}
	return obj
}

// jsonSubset reports whether every member of in is in out with the same value.
func jsonSubset(in, out any, path string) (string, bool) {
	switch iv := in.(type) {
	case map[string]any:
		ov, ok := out.(map[string]any)
		if !ok {
			return path, false
		}
		for k, v := range iv {
			o, found := ov[k]
			if !found {
				return path + "." + k, false
			}
			if p, ok := jsonSubset(v, o, path+"."+k); !ok {
				return p, false
			}
		}
		return "", true
	case []any:
		ov, ok := out.([]any)
		if !ok || len(ov) != len(iv) {
			return path, false
		}
		for i := range iv {
			if p, ok := jsonSubset(iv[i], ov[i], path+"[]"); !ok {
				return p, false
			}
		}
		return "", true
	default:
		return path, in == out
	}
}

// toJSONValue returns v as generic JSON, for comparing with a literal.
func toJSONValue(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func parseJSON(t *testing.T, s string) any {
	t.Helper()
	var out any
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		t.Fatalf("bad test JSON: %v\n%s", err, s)
	}
	return out
}

func messages(errs field.ErrorList) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return out
}

// intOrStr parses "3" as an integer and "25%" as a string.
func intOrStr(s string) *intstr.IntOrString {
	v := intstr.Parse(s)
	return &v
}
