package protobuf_test

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"

	autoscalingv1 "github.com/gantryhq/gantry/sdk/api/autoscaling/v1"
	"github.com/gantryhq/gantry/sdk/api/builtin"
	"github.com/gantryhq/gantry/sdk/api/codec/protobuf"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
	policyv1 "github.com/gantryhq/gantry/sdk/api/policy/v1"
)

// TestRoundTripBuiltinKinds fills every field of every built-in kind (and
// its list) and checks that Marshal then Unmarshal gives the object back.
func TestRoundTripBuiltinKinds(t *testing.T) {
	reg, err := builtin.NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	objs := map[string]any{
		"autoscaling/v1 Scale":     &autoscalingv1.Scale{},
		"policy/v1 Eviction":       &policyv1.Eviction{},
		"core/v1 Binding":          &corev1.Binding{},
		"meta DeleteOptions":       &meta.DeleteOptions{},
		"meta Status":              &meta.Status{},
		"meta PartialObjectMeta":   &meta.PartialObjectMetadata{},
		"meta APIResourceList":     &meta.APIResourceList{},
		"meta APIGroupDiscoveries": &meta.APIGroupDiscoveryList{},
	}
	for _, k := range reg.Kinds() {
		objs[k.APIVersion()+" "+k.GVK().Kind] = k.New()
		objs[k.APIVersion()+" "+k.ListKind()] = k.NewList()
	}
	if len(objs) < 40 {
		t.Fatalf("only %d types to test; the built-in registry looks empty", len(objs))
	}
	for name, obj := range objs {
		t.Run(name, func(t *testing.T) {
			v := reflect.ValueOf(obj).Elem()
			v.SetZero() // drop the apiVersion and kind New sets: protobuf carries them in the envelope
			(&filler{}).fill(v, 0)
			data, err := protobuf.Marshal(obj)
			if err != nil {
				t.Fatalf("Marshal: %v", err)
			}
			got := reflect.New(v.Type()).Interface()
			if err := protobuf.Unmarshal(data, got); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			if diff := cmp.Diff(obj, got, cmpOpts...); diff != "" {
				t.Errorf("round trip (-want +got):\n%s", diff)
			}
			again, err := protobuf.Marshal(got)
			if err != nil {
				t.Fatalf("Marshal again: %v", err)
			}
			if !bytes.Equal(data, again) {
				t.Errorf("second Marshal differs:\n%q\n%q", data, again)
			}
		})
	}
}

// TestUnmarshalResets checks that Unmarshal replaces what obj held.
func TestUnmarshalResets(t *testing.T) {
	data, err := protobuf.Marshal(&corev1.ConfigMap{Data: map[string]string{"a": "1"}})
	if err != nil {
		t.Fatal(err)
	}
	cm := &corev1.ConfigMap{
		ObjectMeta: meta.ObjectMeta{Name: "old"},
		Data:       map[string]string{"stale": "x"},
	}
	if err := protobuf.Unmarshal(data, cm); err != nil {
		t.Fatal(err)
	}
	want := &corev1.ConfigMap{Data: map[string]string{"a": "1"}}
	if diff := cmp.Diff(want, cm, cmpOpts...); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestUnsupportedTypes(t *testing.T) {
	type withFunc struct {
		F func() `protobuf:"bytes,1,opt,name=f"`
	}
	type dupNumbers struct {
		A string `protobuf:"bytes,1,opt,name=a"`
		B string `protobuf:"bytes,1,opt,name=b"`
	}
	type badTag struct {
		A string `protobuf:"bytes,x,opt,name=a"`
	}
	for name, obj := range map[string]any{
		"func field":   &withFunc{},
		"duplicate":    &dupNumbers{},
		"bad tag":      &badTag{},
		"not a struct": new(int),
		"nil pointer":  (*corev1.Pod)(nil),
		"slice of slice": &struct {
			S [][]string `protobuf:"bytes,1,rep,name=s"`
		}{},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := protobuf.Marshal(obj); err == nil {
				t.Errorf("Marshal(%T) succeeded; want an error", obj)
			}
		})
	}
	if err := protobuf.Unmarshal(nil, corev1.Pod{}); err == nil {
		t.Error("Unmarshal into a non-pointer succeeded; want an error")
	}
}
