package codec_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/sdk/api/codec"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

func TestEncodeJSON(t *testing.T) {
	tests := []struct {
		name    string
		obj     meta.Object
		want    string
		wantErr bool
	}{
		{
			name: "apiVersion and kind set",
			obj:  widget("a"),
			want: `{"kind":"Widget","apiVersion":"example.gantry.dev/v1","metadata":{"name":"a","creationTimestamp":null},"spec":{"template":{"spec":{}}}}`,
		},
		{
			name: "apiVersion and kind filled in from the registry",
			obj:  &Widget{ObjectMeta: meta.ObjectMeta{Name: "a"}, Spec: WidgetSpec{Size: 9007199254740993}},
			want: `{"kind":"Widget","apiVersion":"example.gantry.dev/v1","metadata":{"name":"a","creationTimestamp":null},"spec":{"size":9007199254740993,"template":{"spec":{}}}}`,
		},
		{
			name: "only apiVersion filled in",
			obj:  &Widget{TypeMeta: meta.TypeMeta{Kind: "Widget"}},
			want: `{"kind":"Widget","apiVersion":"example.gantry.dev/v1","metadata":{"creationTimestamp":null},"spec":{"template":{"spec":{}}}}`,
		},
		{
			name: "a set apiVersion is kept",
			obj:  &Widget{TypeMeta: meta.TypeMeta{APIVersion: "example.gantry.dev/v1beta1"}},
			want: `{"kind":"Widget","apiVersion":"example.gantry.dev/v1beta1","metadata":{"creationTimestamp":null},"spec":{"template":{"spec":{}}}}`,
		},
		{
			name:    "unregistered type",
			obj:     &Gadget{},
			wantErr: true,
		},
	}
	r := newRegistry(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := tt.obj.DeepCopyObject()
			got, err := codec.EncodeJSON(r, tt.obj)
			if tt.wantErr {
				if !apierrors.IsInternal(err) {
					t.Errorf("error = %v, want class Internal", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, string(got)); diff != "" {
				t.Errorf("EncodeJSON (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(before, tt.obj); diff != "" {
				t.Errorf("EncodeJSON modified its argument (-before +after):\n%s", diff)
			}
		})
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	r := newRegistry(t)
	in := &Widget{
		ObjectMeta: meta.ObjectMeta{Name: "a", Namespace: "ns", Labels: map[string]string{"app": "x"}},
		Spec: WidgetSpec{Replicas: ptr(int32(2)), Size: -9223372036854775808,
			Template: Template{Spec: PodSpec{Containers: []Container{{Name: "c", Image: "busybox"}}}}},
	}
	want := in.DeepCopyObject().(*Widget)
	want.TypeMeta = meta.TypeMeta{APIVersion: apiVersion, Kind: "Widget"}

	js, err := codec.EncodeJSON(r, in)
	if err != nil {
		t.Fatal(err)
	}
	y, err := codec.EncodeYAML(r, in)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"JSON": js, "YAML": y} {
		got, err := codec.Decode(r, data)
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, data)
		}
		if diff := cmp.Diff(meta.Object(want), got); diff != "" {
			t.Errorf("%s round trip (-want +got):\n%s", name, diff)
		}
	}
	if !strings.HasPrefix(string(y), "apiVersion: example.gantry.dev/v1\nkind: Widget\nmetadata:\n") {
		t.Errorf("EncodeYAML does not start with apiVersion, kind and metadata:\n%s", y)
	}
}

func TestEncodeList(t *testing.T) {
	r := newRegistry(t)
	list := &WidgetList{ListMeta: meta.ListMeta{ResourceVersion: "7"}, Items: []Widget{*widget("a")}}
	before := list.DeepCopyObject()
	got, err := codec.EncodeListJSON(r, list)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"kind":"WidgetList","apiVersion":"example.gantry.dev/v1","metadata":{"resourceVersion":"7"},"items":[{"kind":"Widget","apiVersion":"example.gantry.dev/v1","metadata":{"name":"a","creationTimestamp":null},"spec":{"template":{"spec":{}}}}]}`
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("EncodeListJSON (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(before, meta.ListObject(list)); diff != "" {
		t.Errorf("EncodeListJSON modified its argument (-before +after):\n%s", diff)
	}
	y, err := codec.EncodeListYAML(r, list)
	if err != nil {
		t.Fatal(err)
	}
	objs, err := codec.DecodeAll(r, y)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]meta.Object{widget("a")}, objs); diff != "" {
		t.Errorf("DecodeAll of EncodeListYAML (-want +got):\n%s", diff)
	}
}

// TestEncodeConcurrent encodes one object from many goroutines; under
// -race it shows that encoding does not write to the object.
func TestEncodeConcurrent(t *testing.T) {
	r := newRegistry(t)
	obj := &Widget{ObjectMeta: meta.ObjectMeta{Name: "a"}}
	done := make(chan error)
	for range 8 {
		go func() {
			_, err := codec.EncodeJSON(r, obj)
			done <- err
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
