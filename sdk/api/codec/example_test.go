package codec_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/gantryhq/gantry/sdk/api/codec"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

// exampleRegistry registers the Widget kind of the tests.
func exampleRegistry() *registry.Registry {
	r := registry.New()
	err := registry.Add(r, registry.Type[*Widget]{
		Group: "example.gantry.dev", Version: "v1", Kind: "Widget", Namespaced: true,
		New:     func() *Widget { return &Widget{} },
		NewList: func() meta.ListObject { return &WidgetList{} },
	})
	if err != nil {
		panic(err)
	}
	return r
}

func ExampleDecode() {
	r := exampleRegistry()
	obj, err := codec.Decode(r, []byte(`
apiVersion: example.gantry.dev/v1
kind: Widget
metadata:
  name: hello
spec:
  replicas: 2
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	w := obj.(*Widget)
	fmt.Println(w.Name, *w.Spec.Replicas)

	_, err = codec.Decode(r, []byte(`{"apiVersion":"example.gantry.dev/v1","kind":"Widget","spec":{"replicaz":2}}`))
	fmt.Println(err)
	fmt.Println(errors.Is(err, codec.ErrStrict))
	// Output:
	// hello 2
	// Widget in version "example.gantry.dev/v1" cannot be handled as a Widget: strict decoding error: unknown field "spec.replicaz"
	// true
}

func ExampleDecodeWithOptions() {
	r := exampleRegistry()
	obj, warnings, err := codec.DecodeWithOptions(r,
		[]byte(`{"apiVersion":"example.gantry.dev/v1","kind":"Widget","metadata":{"name":"a"},"spec":{"replicaz":2}}`),
		codec.DecodeOptions{FieldValidation: codec.Warn})
	fmt.Println(obj.GetObjectMeta().Name, warnings, err)
	// Output:
	// a [unknown field "spec.replicaz"] <nil>
}

func ExampleDecodeAll() {
	r := exampleRegistry()
	objs, err := codec.DecodeAll(r, []byte(`
apiVersion: example.gantry.dev/v1
kind: Widget
metadata: {name: one}
--- # a List is expanded into its items
apiVersion: v1
kind: List
items:
- apiVersion: example.gantry.dev/v1
  kind: Widget
  metadata: {name: two}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, o := range objs {
		fmt.Println(o.GetTypeMeta().Kind, o.GetObjectMeta().Name)
	}
	// Output:
	// Widget one
	// Widget two
}

func ExampleDecodeInto() {
	var cfg struct {
		Listen string `json:"listen"`
	}
	_, err := codec.DecodeInto([]byte("listen: :6443\nlisten_addr: x\n"), &cfg, true)
	fmt.Println(err)
	// Output:
	// strict decoding error: unknown field "listen_addr"
}

func ExampleEncodeJSON() {
	r := exampleRegistry()
	w := &Widget{ObjectMeta: meta.ObjectMeta{Name: "a"}} // apiVersion and kind left empty
	b, err := codec.EncodeJSON(r, w)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(b))
	fmt.Printf("%q\n", w.Kind) // unchanged
	// Output:
	// {"kind":"Widget","apiVersion":"example.gantry.dev/v1","metadata":{"name":"a","creationTimestamp":null},"spec":{"template":{"spec":{}}}}
	// ""
}

func ExampleNewYAMLReader() {
	yr := codec.NewYAMLReader(strings.NewReader("a: 1\n--- # second\nb: 2\n---\n"))
	for {
		doc, err := yr.Read()
		if err != nil {
			break // io.EOF
		}
		fmt.Printf("%q\n", doc)
	}
	// Output:
	// "a: 1\n"
	// "b: 2\n"
}
