package patch_test

import (
	"errors"
	"fmt"
	"reflect"

	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/apiserver/patch"
)

// Container and PodSpec carry the struct tags strategic merge patch reads.
type Container struct {
	Name  string `json:"name"`
	Image string `json:"image,omitempty"`
}

type PodSpec struct {
	Containers []Container `json:"containers" patchStrategy:"merge" patchMergeKey:"name"`
	NodeName   string      `json:"nodeName,omitempty"`
}

type Pod struct {
	Name string  `json:"name"`
	Spec PodSpec `json:"spec"`
}

func ExampleApply() {
	pod := []byte(`{"name":"web","spec":{"containers":[{"name":"app","image":"nginx:1.25"},{"name":"log","image":"busybox"}]}}`)

	// A merge patch replaces the list...
	out, _ := patch.Apply(patch.MergePatchType, pod, []byte(`{"spec":{"containers":[{"name":"app","image":"nginx:1.26"}]}}`), nil)
	fmt.Println(string(out))

	// ...a strategic merge patch merges it by name.
	schema := patch.SchemaFromType(reflect.TypeFor[Pod]())
	out, _ = patch.Apply(patch.StrategicMergePatchType, pod, []byte(`{"spec":{"containers":[{"name":"app","image":"nginx:1.26"}]}}`), schema)
	fmt.Println(string(out))

	// Server-side apply is not supported.
	_, err := patch.Apply(patch.ApplyPatchType, pod, []byte("spec: {}"), schema)
	fmt.Println(errors.Is(err, apierrors.ErrUnsupportedMedia), apierrors.IsNotSupported(err))
	// Output:
	// {"name":"web","spec":{"containers":[{"image":"nginx:1.26","name":"app"}]}}
	// {"name":"web","spec":{"containers":[{"image":"nginx:1.26","name":"app"},{"image":"busybox","name":"log"}]}}
	// true true
}

func ExampleStrategicMergePatch() {
	schema := patch.SchemaFromType(reflect.TypeFor[Pod]())
	pod := []byte(`{"name":"web","spec":{"containers":[{"name":"app","image":"nginx:1.25"},{"name":"log","image":"busybox"}]}}`)
	// What `kubectl apply` sends after "log" was removed from the manifest
	// and "app" got a new image.
	p := []byte(`{"spec":{"$setElementOrder/containers":[{"name":"app"}],
		"containers":[{"name":"app","image":"nginx:1.26"},{"name":"log","$patch":"delete"}]}}`)
	out, err := patch.StrategicMergePatch(pod, p, schema)
	fmt.Println(string(out), err)
	// Output:
	// {"name":"web","spec":{"containers":[{"image":"nginx:1.26","name":"app"}]}} <nil>
}

func ExampleJSONPatch() {
	doc := []byte(`{"metadata":{"labels":{"app.kubernetes.io/name":"web"}},"spec":{"replicas":2}}`)
	p := []byte(`[
		{"op":"test","path":"/spec/replicas","value":2},
		{"op":"replace","path":"/spec/replicas","value":3},
		{"op":"remove","path":"/metadata/labels/app.kubernetes.io~1name"}
	]`)
	out, err := patch.JSONPatch(doc, p)
	fmt.Println(string(out), err)

	_, err = patch.JSONPatch(doc, []byte(`[{"op":"test","path":"/spec/replicas","value":5}]`))
	fmt.Println(err)
	fmt.Println(apierrors.IsInvalid(err))
	// Output:
	// {"metadata":{"labels":{}},"spec":{"replicas":3}} <nil>
	// json patch operation 0 (test "/spec/replicas"): test failed: the value is 2, want 5
	// true
}

func ExampleMergePatch() {
	doc := []byte(`{"metadata":{"name":"web","labels":{"app":"web","tier":"fe"}}}`)
	out, err := patch.MergePatch(doc, []byte(`{"metadata":{"labels":{"tier":null,"track":"canary"}}}`))
	fmt.Println(string(out), err)
	// Output:
	// {"metadata":{"labels":{"app":"web","track":"canary"},"name":"web"}} <nil>
}

func ExampleStrategicMergeNotSupported() {
	// The API server refuses a strategic merge patch of a custom kind.
	err := patch.StrategicMergeNotSupported("widgets.example.com")
	st := apierrors.ToStatus(err)
	fmt.Println(st.Code, st.Reason, st.Message)
	// Output:
	// 415 UnsupportedMediaType strategic merge patch is not supported for widgets.example.com; use merge or json patch
}

func ExampleSchemaFromType() {
	schema := patch.SchemaFromType(reflect.TypeFor[Pod]())
	spec, _ := schema.Field("spec")
	containers, _ := spec.Schema.Field("containers")
	fmt.Println(containers.Type, containers.Strategy, containers.MergeKey, containers.Schema.Name())
	// Output:
	// list merge name Container
}
