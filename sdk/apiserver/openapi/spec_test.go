package openapi

import (
	"bytes"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/sdk/api/meta"
)

func build(t *testing.T) *Spec {
	t.Helper()
	s, err := Build(testRegistry(t))
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return s
}

// decode returns the document at path, decoded into generic JSON values.
func decode(t *testing.T, s *Spec, path string) map[string]any {
	t.Helper()
	data, _, ok := s.Document(path)
	if !ok {
		t.Fatalf("no document %q; have %q", path, s.Paths())
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("document %q is not JSON: %v", path, err)
	}
	return doc
}

// get walks a decoded document by keys.
func get(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func jsonValue(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("bad JSON in test: %v: %s", err, s)
	}
	return v
}

func TestRootListsEveryGroupVersion(t *testing.T) {
	s := build(t)
	if diff := cmp.Diff([]string{"api/v1", "apis/example.com/v1"}, s.Paths()); diff != "" {
		t.Errorf("Paths() (-want +got):\n%s", diff)
	}
	want := map[string]map[string]map[string]string{"paths": {}}
	for _, p := range s.Paths() {
		data, hash, _ := s.Document(p)
		sum := sha512.Sum512(data)
		if h := strings.ToUpper(hex.EncodeToString(sum[:])); hash != h {
			t.Errorf("hash of %s = %s, want the upper-case hex SHA-512 of the document %s", p, hash, h)
		}
		want["paths"][p] = map[string]string{"serverRelativeURL": "/openapi/v3/" + p + "?hash=" + hash}
	}
	var got map[string]map[string]map[string]string
	if err := json.Unmarshal(s.Root(), &got); err != nil {
		t.Fatalf("root is not a discovery document: %v\n%s", err, s.Root())
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("root document (-want +got):\n%s", diff)
	}
}

func TestBuildIsDeterministic(t *testing.T) {
	a, b := build(t), build(t)
	if !bytes.Equal(a.Root(), b.Root()) {
		t.Fatalf("two builds of one registry differ:\n%s\n%s", a.Root(), b.Root())
	}
}

func TestDocumentsAreSelfContained(t *testing.T) {
	s := build(t)
	for _, p := range s.Paths() {
		t.Run(p, func(t *testing.T) {
			doc := decode(t, s, p)
			if v := doc["openapi"]; v != "3.0.0" {
				t.Errorf("openapi = %v, want 3.0.0", v)
			}
			if title := get(doc, "info", "title"); title != "Gantry" {
				t.Errorf("info.title = %v, want Gantry", title)
			}
			schemas, _ := get(doc, "components", "schemas").(map[string]any)
			var refs []string
			var walk func(v any)
			walk = func(v any) {
				switch v := v.(type) {
				case map[string]any:
					if r, ok := v["$ref"].(string); ok {
						refs = append(refs, r)
					}
					for _, e := range v {
						walk(e)
					}
				case []any:
					for _, e := range v {
						walk(e)
					}
				}
			}
			walk(doc)
			if len(refs) == 0 {
				t.Fatal("document has no $ref")
			}
			for _, r := range refs {
				name, ok := strings.CutPrefix(r, "#/components/schemas/")
				if !ok || schemas[name] == nil {
					t.Errorf("$ref %q does not resolve within the document", r)
				}
			}
		})
	}
}

func TestSchemasCarryGVK(t *testing.T) {
	gvkList := func(triples ...string) any {
		var out []any
		for _, tr := range triples {
			p := strings.Split(tr, "/")
			out = append(out, map[string]any{"group": p[0], "version": p[1], "kind": p[2]})
		}
		return out
	}
	s := build(t)
	tests := []struct {
		doc, schema string
		want        any // nil: the schema must have no GVK
	}{
		{"api/v1", testPkg + "Sprocket", gvkList("/v1/Sprocket")},
		{"api/v1", testPkg + "SprocketList", gvkList("/v1/SprocketList")},
		{"api/v1", testPkg + "SprocketSpec", nil},
		{"api/v1", "io.k8s.apimachinery.pkg.apis.meta.v1.Status", gvkList("/v1/Status")},
		{"api/v1", "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions", gvkList("/v1/DeleteOptions")},
		{"api/v1", "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent", gvkList("/v1/WatchEvent")},
		{"api/v1", "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", nil},
		{"apis/example.com/v1", testPkg + "Widget", gvkList("example.com/v1/Widget")},
		{"apis/example.com/v1", testPkg + "WidgetList", gvkList("example.com/v1/WidgetList")},
		{"apis/example.com/v1", testPkg + "Gadget", gvkList("example.com/v1/Gadget")},
		{"apis/example.com/v1", testPkg + "GadgetList", gvkList("example.com/v1/GadgetList")},
		{"apis/example.com/v1", "io.k8s.api.autoscaling.v1.Scale", gvkList("autoscaling/v1/Scale")},
		{"apis/example.com/v1", "io.k8s.apimachinery.pkg.apis.meta.v1.Status", gvkList("/v1/Status")},
		{"apis/example.com/v1", "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions", gvkList("/v1/DeleteOptions", "example.com/v1/DeleteOptions")},
		{"apis/example.com/v1", "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent", gvkList("/v1/WatchEvent", "example.com/v1/WatchEvent")},
	}
	for _, tc := range tests {
		t.Run(tc.doc+"/"+tc.schema, func(t *testing.T) {
			sch := get(decode(t, s, tc.doc), "components", "schemas", tc.schema)
			if sch == nil {
				t.Fatalf("no schema %s", tc.schema)
			}
			if diff := cmp.Diff(tc.want, get(sch, "x-kubernetes-group-version-kind")); diff != "" {
				t.Errorf("x-kubernetes-group-version-kind (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("no scale schema without a scale subresource", func(t *testing.T) {
		if sch := get(decode(t, s, "api/v1"), "components", "schemas", "io.k8s.api.autoscaling.v1.Scale"); sch != nil {
			t.Errorf("api/v1 has a Scale schema but no kind with a scale subresource")
		}
	})
}

func TestOperations(t *testing.T) {
	var (
		listParams   = []string{"allowWatchBookmarks", "continue", "fieldSelector", "labelSelector", "limit", "resourceVersion", "resourceVersionMatch", "timeoutSeconds", "watch"}
		writeParams  = []string{"dryRun", "fieldManager", "fieldValidation"}
		patchParams  = []string{"dryRun", "fieldManager", "fieldValidation", "force"}
		deleteParams = []string{"dryRun", "gracePeriodSeconds", "orphanDependents", "propagationPolicy"}
		deleteColl   = []string{"continue", "dryRun", "fieldSelector", "gracePeriodSeconds", "labelSelector", "limit", "orphanDependents", "propagationPolicy", "resourceVersion", "resourceVersionMatch", "timeoutSeconds"}
		sprocket     = map[string]any{"group": "", "version": "v1", "kind": "Sprocket"}
		widget       = map[string]any{"group": "example.com", "version": "v1", "kind": "Widget"}
		gadget       = map[string]any{"group": "example.com", "version": "v1", "kind": "Gadget"}
		scale        = map[string]any{"group": "autoscaling", "version": "v1", "kind": "Scale"}
		ex           = "/apis/example.com/v1"
	)
	tests := []struct {
		path, method string
		action, id   string
		gvk          map[string]any
		params       []string // the operation's own parameters
		pathParams   []string // the path's parameters
	}{
		{"/api/v1/namespaces/{namespace}/sprockets", "get", "list", "listCoreV1NamespacedSprocket", sprocket, listParams, []string{"namespace", "pretty"}},
		{"/api/v1/namespaces/{namespace}/sprockets", "post", "post", "createCoreV1NamespacedSprocket", sprocket, writeParams, nil},
		{"/api/v1/namespaces/{namespace}/sprockets", "delete", "deletecollection", "deleteCoreV1CollectionNamespacedSprocket", sprocket, deleteColl, nil},
		{"/api/v1/namespaces/{namespace}/sprockets/{name}", "get", "get", "readCoreV1NamespacedSprocket", sprocket, nil, []string{"name", "namespace", "pretty"}},
		{"/api/v1/namespaces/{namespace}/sprockets/{name}", "put", "put", "replaceCoreV1NamespacedSprocket", sprocket, writeParams, nil},
		{"/api/v1/namespaces/{namespace}/sprockets/{name}", "patch", "patch", "patchCoreV1NamespacedSprocket", sprocket, patchParams, nil},
		{"/api/v1/namespaces/{namespace}/sprockets/{name}", "delete", "delete", "deleteCoreV1NamespacedSprocket", sprocket, deleteParams, nil},
		{"/api/v1/namespaces/{namespace}/sprockets/{name}/status", "get", "get", "readCoreV1NamespacedSprocketStatus", sprocket, nil, []string{"name", "namespace", "pretty"}},
		{"/api/v1/namespaces/{namespace}/sprockets/{name}/status", "put", "put", "replaceCoreV1NamespacedSprocketStatus", sprocket, writeParams, nil},
		{"/api/v1/namespaces/{namespace}/sprockets/{name}/status", "patch", "patch", "patchCoreV1NamespacedSprocketStatus", sprocket, patchParams, nil},
		{"/api/v1/sprockets", "get", "list", "listCoreV1SprocketForAllNamespaces", sprocket, listParams, []string{"pretty"}},
		{"/api/v1/watch/sprockets", "get", "watchlist", "watchCoreV1SprocketListForAllNamespaces", sprocket, nil, append([]string{"pretty"}, listParams...)},
		{"/api/v1/watch/namespaces/{namespace}/sprockets", "get", "watchlist", "watchCoreV1NamespacedSprocketList", sprocket, nil, append([]string{"namespace", "pretty"}, listParams...)},
		{"/api/v1/watch/namespaces/{namespace}/sprockets/{name}", "get", "watch", "watchCoreV1NamespacedSprocket", sprocket, nil, append([]string{"name", "namespace", "pretty"}, listParams...)},
		{ex + "/namespaces/{namespace}/widgets/{name}/scale", "get", "get", "readExampleComV1NamespacedWidgetScale", scale, nil, []string{"name", "namespace", "pretty"}},
		{ex + "/namespaces/{namespace}/widgets/{name}/scale", "put", "put", "replaceExampleComV1NamespacedWidgetScale", scale, writeParams, nil},
		{ex + "/namespaces/{namespace}/widgets/{name}/scale", "patch", "patch", "patchExampleComV1NamespacedWidgetScale", scale, patchParams, nil},
		{ex + "/namespaces/{namespace}/widgets/{name}", "patch", "patch", "patchExampleComV1NamespacedWidget", widget, patchParams, nil},
		{ex + "/gadgets", "get", "list", "listExampleComV1Gadget", gadget, listParams, []string{"pretty"}},
		{ex + "/gadgets", "post", "post", "createExampleComV1Gadget", gadget, writeParams, nil},
		{ex + "/gadgets", "delete", "deletecollection", "deleteExampleComV1CollectionGadget", gadget, deleteColl, nil},
		{ex + "/gadgets/{name}", "get", "get", "readExampleComV1Gadget", gadget, nil, []string{"name", "pretty"}},
		{ex + "/gadgets/{name}", "patch", "patch", "patchExampleComV1Gadget", gadget, patchParams, nil},
		{ex + "/gadgets/{name}", "delete", "delete", "deleteExampleComV1Gadget", gadget, deleteParams, nil},
		{ex + "/watch/gadgets", "get", "watchlist", "watchExampleComV1GadgetList", gadget, nil, append([]string{"pretty"}, listParams...)},
		{ex + "/watch/gadgets/{name}", "get", "watch", "watchExampleComV1Gadget", gadget, nil, append([]string{"name", "pretty"}, listParams...)},
	}
	s := build(t)
	docs := map[string]map[string]any{"/api/v1": decode(t, s, "api/v1"), ex: decode(t, s, "apis/example.com/v1")}
	names := func(v any) []string {
		var out []string
		for _, p := range asSlice(v) {
			out = append(out, get(p, "name").(string))
		}
		sort.Strings(out)
		return out
	}
	for _, tc := range tests {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			doc := docs["/api/v1"]
			if strings.HasPrefix(tc.path, ex) {
				doc = docs[ex]
			}
			item := get(doc, "paths", tc.path)
			if item == nil {
				t.Fatalf("no path %s", tc.path)
			}
			op := get(item, tc.method)
			if op == nil {
				t.Fatalf("path %s has no %s operation", tc.path, tc.method)
			}
			if got := get(op, "x-kubernetes-action"); got != tc.action {
				t.Errorf("x-kubernetes-action = %v, want %s", got, tc.action)
			}
			if got := get(op, "operationId"); got != tc.id {
				t.Errorf("operationId = %v, want %s", got, tc.id)
			}
			if diff := cmp.Diff(any(tc.gvk), get(op, "x-kubernetes-group-version-kind")); diff != "" {
				t.Errorf("x-kubernetes-group-version-kind (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.params, names(get(op, "parameters"))); diff != "" {
				t.Errorf("operation parameters (-want +got):\n%s", diff)
			}
			if tc.pathParams != nil {
				want := slices.Clone(tc.pathParams)
				sort.Strings(want)
				if diff := cmp.Diff(want, names(get(item, "parameters"))); diff != "" {
					t.Errorf("path parameters (-want +got):\n%s", diff)
				}
			}
			for _, p := range asSlice(get(item, "parameters")) {
				if get(p, "in") == "path" && get(p, "required") != true {
					t.Errorf("path parameter %v is not required", get(p, "name"))
				}
			}
			if tc.method == "patch" {
				var types []string
				for ct := range get(op, "requestBody", "content").(map[string]any) {
					types = append(types, ct)
				}
				sort.Strings(types)
				want := []string{PatchTypeApply, PatchTypeJSON, PatchTypeMerge, PatchTypeStrategicMerge}
				if diff := cmp.Diff(want, types); diff != "" {
					t.Errorf("patch content types (-want +got):\n%s", diff)
				}
			}
			if get(op, "responses", "200") == nil {
				t.Errorf("no 200 response")
			}
		})
	}
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}

func TestPatchTypesOption(t *testing.T) {
	s, err := (&Builder{PatchTypes: []string{PatchTypeJSON, PatchTypeMerge}}).Build(testRegistry(t))
	if err != nil {
		t.Fatal(err)
	}
	content := get(decode(t, s, "api/v1"), "paths", "/api/v1/namespaces/{namespace}/sprockets/{name}", "patch", "requestBody", "content")
	want := jsonValue(t, `{
		"application/json-patch+json": {"schema": {"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Patch"}},
		"application/merge-patch+json": {"schema": {"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Patch"}}
	}`)
	if diff := cmp.Diff(want, content); diff != "" {
		t.Errorf("patch request body (-want +got):\n%s", diff)
	}
}

func TestFieldSchemas(t *testing.T) {
	const (
		metaV1 = "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1."
		own    = "#/components/schemas/" + testPkg
	)
	tests := []struct {
		field string
		want  string
	}{
		{"replicas", `{"type": "integer", "format": "int32"}`},
		{"color", `{"type": "string"}`},
		{"ports", `{"type": "array", "items": {"allOf": [{"$ref": "` + own + `WidgetPort"}]},
			"x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["port"],
			"x-kubernetes-patch-strategy": "merge", "x-kubernetes-patch-merge-key": "port"}`},
		{"tags", `{"type": "array", "items": {"type": "string"}, "x-kubernetes-list-type": "set", "x-kubernetes-patch-strategy": "merge"}`},
		{"strategy", `{"allOf": [{"$ref": "` + own + `WidgetStrategy"}], "x-kubernetes-patch-strategy": "retainKeys"}`},
		{"labels", `{"type": "object", "additionalProperties": {"type": "string"}}`},
		{"Limits", `{"type": "object", "additionalProperties": {"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity"}}`},
		{"data", `{"type": "string", "format": "byte"}`},
		{"raw", `{"type": "object", "x-kubernetes-preserve-unknown-fields": true}`},
		{"timeout", `{"type": "string"}`},
		{"started", `{"allOf": [{"$ref": "` + metaV1 + `Time"}]}`},
		{"precise", `{"allOf": [{"$ref": "` + metaV1 + `MicroTime"}]}`},
		{"fields", `{"allOf": [{"$ref": "` + metaV1 + `FieldsV1"}]}`},
		{"size", `{"type": "number", "format": "double"}`},
		{"weight", `{"type": "number", "format": "float"}`},
		{"enabled", `{"type": "boolean"}`},
		{"count", `{"type": "string"}`},
		{"small", `{"type": "integer", "format": "int32"}`},
		{"-", `{"type": "string"}`},
		{"tree", `{"allOf": [{"$ref": "` + own + `Node"}]}`},
		{"anything", `{"x-kubernetes-preserve-unknown-fields": true}`},
		{"anon", `{"type": "object", "properties": {"A": {"type": "integer", "format": "int64"}}}`},
		{"code", `{"type": "string"}`},
		{"typed", `{"type": "integer", "format": "int32"}`},
		{"port", `{"allOf": [{"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString"}]}`},
		{"Selector", `{"allOf": [{"$ref": "` + metaV1 + `LabelSelector"}]}`},
		{"matrix", `{"type": "array", "items": {"type": "array", "items": {"type": "integer", "format": "int32"}}}`},
		{"base", `{"type": "string"}`},
		{"extra", `{"type": "string"}`},
		{"replica", `{"type": "string"}`},
	}
	doc := decode(t, build(t), "apis/example.com/v1")
	props, _ := get(doc, "components", "schemas", testPkg+"WidgetSpec", "properties").(map[string]any)
	for _, tc := range tests {
		t.Run(tc.field, func(t *testing.T) {
			if diff := cmp.Diff(jsonValue(t, tc.want), props[tc.field]); diff != "" {
				t.Errorf("schema of %s (-want +got):\n%s", tc.field, diff)
			}
		})
	}
	t.Run("no other fields", func(t *testing.T) {
		for name := range props {
			if !slices.ContainsFunc(tests, func(tc struct{ field, want string }) bool { return tc.field == name }) {
				t.Errorf("unexpected property %q (json:\"-\" and unexported fields are not encoded)", name)
			}
		}
	})
}

func TestSpecialSchemas(t *testing.T) {
	tests := []struct {
		name string
		want string
	}{
		{"io.k8s.apimachinery.pkg.apis.meta.v1.Time", `{"type": "string", "format": "date-time"}`},
		{"io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime", `{"type": "string", "format": "date-time"}`},
		{"io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1", `{"type": "object", "x-kubernetes-preserve-unknown-fields": true}`},
		{"io.k8s.apimachinery.pkg.api.resource.Quantity", `{"oneOf": [{"type": "string"}, {"type": "number"}], "x-kubernetes-int-or-string": true}`},
		{"io.k8s.apimachinery.pkg.util.intstr.IntOrString", `{"format": "int-or-string", "oneOf": [{"type": "integer"}, {"type": "string"}], "x-kubernetes-int-or-string": true}`},
		{"io.k8s.apimachinery.pkg.apis.meta.v1.Patch", `{"type": "object"}`},
	}
	schemas := get(decode(t, build(t), "apis/example.com/v1"), "components", "schemas")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := get(schemas, tc.name).(map[string]any)
			if got == nil {
				t.Fatalf("no schema %s", tc.name)
			}
			if got["description"] == nil || got["description"] == "" {
				t.Errorf("schema %s has no description", tc.name)
			}
			delete(got, "description")
			if diff := cmp.Diff(jsonValue(t, tc.want), any(got)); diff != "" {
				t.Errorf("schema %s (-want +got):\n%s", tc.name, diff)
			}
		})
	}
}

func TestRecursiveType(t *testing.T) {
	doc := decode(t, build(t), "apis/example.com/v1")
	node := get(doc, "components", "schemas", testPkg+"Node")
	want := jsonValue(t, `{"type": "object", "properties": {
		"name": {"type": "string"},
		"parent": {"allOf": [{"$ref": "#/components/schemas/`+testPkg+`Node"}]},
		"children": {"type": "array", "items": {"allOf": [{"$ref": "#/components/schemas/`+testPkg+`Node"}]}}
	}}`)
	if diff := cmp.Diff(want, node); diff != "" {
		t.Errorf("schema of Node (-want +got):\n%s", diff)
	}
}

func TestDescriptions(t *testing.T) {
	schemas := get(decode(t, build(t), "api/v1"), "components", "schemas")
	tests := []struct {
		path []string
		want string
	}{
		{[]string{testPkg + "Sprocket", "description"}, "Sprocket is a test kind of the core group."},
		{[]string{testPkg + "Sprocket", "properties", "spec", "description"}, "Spec is the desired state of the sprocket."},
		{[]string{testPkg + "Sprocket", "properties", "apiVersion", "description"}, docAPIVersion},
		{[]string{testPkg + "Sprocket", "properties", "kind", "description"}, docKind},
		{[]string{testPkg + "Sprocket", "properties", "metadata", "description"}, fieldTypeDocs[reflect.TypeFor[meta.ObjectMeta]()]},
		{[]string{testPkg + "SprocketList", "properties", "items", "description"}, "Items are the Sprocket objects of the list."},
		{[]string{testPkg + "SprocketSpec", "properties", "teeth", "description"}, "Teeth is the number of teeth."},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.path, "."), func(t *testing.T) {
			if got := get(schemas, tc.path...); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func BenchmarkBuild(b *testing.B) {
	r := builtinRegistry(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Build(r); err != nil {
			b.Fatal(err)
		}
	}
}
