package main

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/internal/deepcopy-gen/testdata/ext"
	"github.com/gantryhq/gantry/sdk/internal/deepcopy-gen/testdata/shapes"
)

func ptr[T any](v T) *T { return &v }

// cmpOpts compare unexported fields too (shapes has an unexported type).
var cmpOpts = []cmp.Option{cmp.Exporter(func(reflect.Type) bool { return true })}

// fullWidget returns a Widget with every field of every shape set.
func fullWidget() *shapes.Widget {
	ts := meta.NewTime(time.Date(2026, 11, 25, 13, 20, 52, 0, time.UTC))
	pp := ptr(7)
	spec := shapes.WidgetSpec{
		Replicas:      ptr(int32(3)),
		Label:         ptr("label"),
		Flag:          ptr(true),
		PtrPtr:        &pp,
		PtrSlice:      &[]string{"a", "b"},
		PtrMap:        &map[string]int{"a": 1},
		InnerPtr:      &shapes.Inner{Name: "p", Ptr: ptr(int32(1)), Items: []string{"x"}},
		InnerVal:      shapes.Inner{Name: "v", Ptr: ptr(int32(2)), Items: []string{"y"}},
		Strings:       []string{"s1", "s2"},
		Empty:         []string{},
		Inners:        []shapes.Inner{{Name: "i0", Ptr: ptr(int32(4)), Items: []string{"z"}}},
		InnerPtrs:     []*shapes.Inner{{Name: "ip0", Items: []string{"w"}}, nil},
		Nested:        [][]string{{"n00", "n01"}, nil, {}},
		Labels:        map[string]string{"a": "b"},
		MapOfSlices:   map[string][]string{"a": {"1", "2"}, "nil": nil, "empty": {}},
		MapOfStructs:  map[string]shapes.Inner{"a": {Name: "ms", Ptr: ptr(int32(5)), Items: []string{"q"}}},
		MapOfPtrs:     map[string]*shapes.Inner{"a": {Name: "mp", Ptr: ptr(int32(6))}, "nil": nil},
		MapOfMaps:     map[string]map[string]int{"a": {"b": 1}, "nil": nil},
		Raw:           json.RawMessage(`{"a":1}`),
		Bytes:         []byte("bytes"),
		Resources:     shapes.ResourceList{"cpu": {Value: ptr(int64(100)), Unit: "m"}},
		ResourcesPtr:  &shapes.ResourceList{"memory": {Value: ptr(int64(64)), Unit: "Mi"}},
		ResourceSlice: []shapes.ResourceList{{"cpu": {Value: ptr(int64(1))}}, nil},
		Quantity:      ext.Quantity{Value: ptr(int64(2)), Unit: "Gi"},
		QuantityPtr:   &ext.Quantity{Value: ptr(int64(3))},
		QuantityMap:   map[string]ext.Quantity{"a": {Value: ptr(int64(4))}},
		Plain:         ext.Plain{A: "a", B: 1, C: [2]float64{1, 2}},
		Blob:          ext.Blob("blob"),
		Tags:          shapes.Tags{"t1"},
		Index:         shapes.Index{"a": {"i1", "i2"}, "nil": nil},
		Matrix:        shapes.Matrix{{1, 2}, {3}},
		Array:         [2]*int{ptr(1), nil},
		ArrayOfInner:  [2]shapes.Inner{{Items: []string{"a0"}}, {Ptr: ptr(int32(9))}},
		Flat:          shapes.Flat{A: 1, B: "b", C: [3]int{1, 2, 3}, D: ext.Plain{A: "d"}, T: ts.Time},
		FlatPtr:       &shapes.Flat{A: 2},
		Opaque:        shapes.Opaque{Value: "shared"},
		OpaquePtr:     &shapes.Opaque{Value: 1},
		Skipped:       shapes.Skipped{N: 1},
		Node: &shapes.Node{Value: 1, Next: &shapes.Node{Value: 2},
			Children: []shapes.Node{{Value: 3, Next: &shapes.Node{Value: 4}}}},
		Time:    ts,
		TimePtr: &ts,
		GoTime:  ts.Time,
		Selector: &meta.LabelSelector{
			MatchLabels:      map[string]string{"app": "x"},
			MatchExpressions: []meta.LabelSelectorRequirement{{Key: "k", Operator: meta.LabelSelectorOpIn, Values: []string{"v"}}},
		},
		Duration: meta.Duration{Duration: time.Minute},
		Embedded: &shapes.Embedded{E: ptr("e")},
	}
	spec.Anonymous.P = ptr(11)
	spec.Anonymous.S = []string{"anon"}
	spec.Anonymous.N = 12
	spec.SetUnexported(map[string]int{"u": 1})
	return &shapes.Widget{
		TypeMeta: meta.TypeMeta{Kind: "Widget", APIVersion: "test/v1"},
		ObjectMeta: meta.ObjectMeta{
			Name: "w", Namespace: "ns", Labels: map[string]string{"l": "1"},
			Annotations:       map[string]string{"a": "1"},
			CreationTimestamp: ts, DeletionTimestamp: &ts, DeletionGracePeriodSeconds: ptr(int64(30)),
			OwnerReferences: []meta.OwnerReference{{Name: "o", Controller: ptr(true)}},
			Finalizers:      []string{"f"},
			ManagedFields:   []meta.ManagedFieldsEntry{{Manager: "m", Time: &ts, FieldsV1: &meta.FieldsV1{Raw: []byte(`{}`)}}},
		},
		Spec: spec,
		Status: shapes.WidgetStatus{
			Conditions: []meta.Condition{{Type: "Ready", Status: meta.ConditionTrue, LastTransitionTime: ts}},
			Observed:   1,
		},
	}
}

// TestDeepCopyMutations mutates the copy at every depth and checks that the
// original does not change.
func TestDeepCopyMutations(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(w *shapes.Widget)
	}{
		{"pointer to int32", func(w *shapes.Widget) { *w.Spec.Replicas = 99 }},
		{"pointer to string", func(w *shapes.Widget) { *w.Spec.Label = "changed" }},
		{"pointer to bool", func(w *shapes.Widget) { *w.Spec.Flag = false }},
		{"pointer to pointer", func(w *shapes.Widget) { **w.Spec.PtrPtr = 99 }},
		{"pointer to slice", func(w *shapes.Widget) { (*w.Spec.PtrSlice)[0] = "changed" }},
		{"pointer to map", func(w *shapes.Widget) { (*w.Spec.PtrMap)["a"] = 99 }},
		{"pointer to struct", func(w *shapes.Widget) { w.Spec.InnerPtr.Items[0] = "changed" }},
		{"pointer in pointed struct", func(w *shapes.Widget) { *w.Spec.InnerPtr.Ptr = 99 }},
		{"nested struct slice", func(w *shapes.Widget) { w.Spec.InnerVal.Items[0] = "changed" }},
		{"slice of strings", func(w *shapes.Widget) { w.Spec.Strings[0] = "changed" }},
		{"slice of structs", func(w *shapes.Widget) { w.Spec.Inners[0].Items[0] = "changed" }},
		{"pointer in slice of structs", func(w *shapes.Widget) { *w.Spec.Inners[0].Ptr = 99 }},
		{"slice of pointers", func(w *shapes.Widget) { w.Spec.InnerPtrs[0].Name = "changed" }},
		{"slice of slices", func(w *shapes.Widget) { w.Spec.Nested[0][0] = "changed" }},
		{"map of strings", func(w *shapes.Widget) { w.Spec.Labels["a"] = "changed" }},
		{"map of slices", func(w *shapes.Widget) { w.Spec.MapOfSlices["a"][0] = "changed" }},
		{"map of structs", func(w *shapes.Widget) { w.Spec.MapOfStructs["a"].Items[0] = "changed" }},
		{"pointer in map of structs", func(w *shapes.Widget) { *w.Spec.MapOfStructs["a"].Ptr = 99 }},
		{"map of pointers", func(w *shapes.Widget) { w.Spec.MapOfPtrs["a"].Name = "changed" }},
		{"map of maps", func(w *shapes.Widget) { w.Spec.MapOfMaps["a"]["b"] = 99 }},
		{"json.RawMessage", func(w *shapes.Widget) { w.Spec.Raw[0] = '[' }},
		{"[]byte", func(w *shapes.Widget) { w.Spec.Bytes[0] = 'B' }},
		{"named map of hand-copied values", func(w *shapes.Widget) { *w.Spec.Resources["cpu"].Value = 99 }},
		{"pointer to named map", func(w *shapes.Widget) { *(*w.Spec.ResourcesPtr)["memory"].Value = 99 }},
		{"slice of named maps", func(w *shapes.Widget) { *w.Spec.ResourceSlice[0]["cpu"].Value = 99 }},
		{"external type with DeepCopyInto", func(w *shapes.Widget) { *w.Spec.Quantity.Value = 99 }},
		{"pointer to external type", func(w *shapes.Widget) { *w.Spec.QuantityPtr.Value = 99 }},
		{"map of external type", func(w *shapes.Widget) { *w.Spec.QuantityMap["a"].Value = 99 }},
		{"external named slice", func(w *shapes.Widget) { w.Spec.Blob[0] = 'B' }},
		{"named slice", func(w *shapes.Widget) { w.Spec.Tags[0] = "changed" }},
		{"named map of named slice", func(w *shapes.Widget) { w.Spec.Index["a"][0] = "changed" }},
		{"named slice of slices", func(w *shapes.Widget) { w.Spec.Matrix[0][0] = 99 }},
		{"array of pointers", func(w *shapes.Widget) { *w.Spec.Array[0] = 99 }},
		{"array of structs", func(w *shapes.Widget) { w.Spec.ArrayOfInner[0].Items[0] = "changed" }},
		{"anonymous struct pointer", func(w *shapes.Widget) { *w.Spec.Anonymous.P = 99 }},
		{"anonymous struct slice", func(w *shapes.Widget) { w.Spec.Anonymous.S[0] = "changed" }},
		{"pointer to flat struct", func(w *shapes.Widget) { w.Spec.FlatPtr.A = 99 }},
		{"unexported type", func(w *shapes.Widget) { w.Spec.UnexportedMap()["u"] = 99 }},
		{"hand-written type behind pointer", func(w *shapes.Widget) { w.Spec.OpaquePtr.Value = "changed" }},
		{"recursive type", func(w *shapes.Widget) { w.Spec.Node.Next.Value = 99 }},
		{"recursive type in slice", func(w *shapes.Widget) { w.Spec.Node.Children[0].Next.Value = 99 }},
		{"pointer to meta.Time", func(w *shapes.Widget) { w.Spec.TimePtr.Time = time.Time{} }},
		{"meta.LabelSelector map", func(w *shapes.Widget) { w.Spec.Selector.MatchLabels["app"] = "changed" }},
		{"meta.LabelSelector requirement values", func(w *shapes.Widget) { w.Spec.Selector.MatchExpressions[0].Values[0] = "changed" }},
		{"embedded pointer", func(w *shapes.Widget) { *w.Spec.E = "changed" }},
		{"condition in status", func(w *shapes.Widget) { w.Status.Conditions[0].Message = "changed" }},
		{"metadata labels", func(w *shapes.Widget) { w.Labels["l"] = "changed" }},
		{"metadata deletion timestamp", func(w *shapes.Widget) { w.DeletionTimestamp.Time = time.Time{} }},
		{"metadata owner reference", func(w *shapes.Widget) { *w.OwnerReferences[0].Controller = false }},
		{"metadata managed fields", func(w *shapes.Widget) { w.ManagedFields[0].FieldsV1.Raw[0] = '[' }},
		{"append to slice", func(w *shapes.Widget) { w.Spec.Strings = append(w.Spec.Strings[:1], "appended") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			orig := fullWidget()
			cp := orig.DeepCopy()
			if diff := cmp.Diff(orig, cp, cmpOpts...); diff != "" {
				t.Fatalf("copy differs from original (-orig +copy):\n%s", diff)
			}
			tt.mutate(cp)
			if diff := cmp.Diff(fullWidget(), orig, cmpOpts...); diff != "" {
				t.Errorf("mutating the copy changed the original (-want +got):\n%s", diff)
			}
			if cmp.Equal(orig, cp, cmpOpts...) {
				t.Errorf("mutation did not change the copy; the test case is broken")
			}
		})
	}
}

// TestNoAliasing walks the original and the copy and fails on any pointer,
// slice or map they share (besides the values deliberately shared).
func TestNoAliasing(t *testing.T) {
	orig := fullWidget()
	cp := orig.DeepCopy()
	checkNoAlias(t, "Widget", reflect.ValueOf(orig).Elem(), reflect.ValueOf(cp).Elem())
}

func checkNoAlias(t *testing.T, path string, a, b reflect.Value) {
	t.Helper()
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				t.Errorf("%s: nil-ness differs", path)
			}
			return
		}
		if a.Type() == reflect.TypeOf((*time.Location)(nil)) {
			return // shared on purpose: time.Time is copied by value
		}
		if a.Pointer() == b.Pointer() {
			t.Errorf("%s: pointer shared", path)
		}
		checkNoAlias(t, "(*"+path+")", a.Elem(), b.Elem())
	case reflect.Slice:
		if a.IsNil() != b.IsNil() {
			t.Errorf("%s: nil-ness differs", path)
		}
		if a.Cap() > 0 && a.Pointer() == b.Pointer() {
			t.Errorf("%s: backing array shared", path)
		}
		for i := 0; i < a.Len(); i++ {
			checkNoAlias(t, path+"[i]", a.Index(i), b.Index(i))
		}
	case reflect.Map:
		if a.IsNil() != b.IsNil() {
			t.Errorf("%s: nil-ness differs", path)
		}
		if !a.IsNil() && a.Pointer() == b.Pointer() {
			t.Errorf("%s: map shared", path)
		}
		for _, k := range a.MapKeys() {
			checkNoAlias(t, path+"[key]", a.MapIndex(k), b.MapIndex(k))
		}
	case reflect.Array:
		for i := 0; i < a.Len(); i++ {
			checkNoAlias(t, path+"[i]", a.Index(i), b.Index(i))
		}
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			checkNoAlias(t, path+"."+a.Type().Field(i).Name, a.Field(i), b.Field(i))
		}
	case reflect.Interface:
		// Opaque.Value: shared on purpose by its hand-written DeepCopyInto.
	}
}

// TestNilAndEmpty checks that nil stays nil and empty stays empty.
func TestNilAndEmpty(t *testing.T) {
	tests := []struct {
		name string
		in   *shapes.Widget
	}{
		{"zero", &shapes.Widget{}},
		{"empty collections", &shapes.Widget{
			ObjectMeta: meta.ObjectMeta{Labels: map[string]string{}, Finalizers: []string{}},
			Spec: shapes.WidgetSpec{
				Strings: []string{}, Inners: []shapes.Inner{}, InnerPtrs: []*shapes.Inner{},
				Labels: map[string]string{}, MapOfSlices: map[string][]string{}, Raw: json.RawMessage{},
				Bytes: []byte{}, Resources: shapes.ResourceList{}, Tags: shapes.Tags{}, Index: shapes.Index{},
				PtrSlice: &[]string{}, PtrMap: &map[string]int{}, ResourcesPtr: &shapes.ResourceList{},
			},
		}},
		{"nil inside pointers", &shapes.Widget{Spec: shapes.WidgetSpec{
			PtrSlice: new([]string), PtrMap: new(map[string]int), ResourcesPtr: new(shapes.ResourceList),
			PtrPtr: new(*int),
		}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// cmp.Diff tells nil from empty slices and maps.
			if diff := cmp.Diff(tt.in, tt.in.DeepCopy(), cmpOpts...); diff != "" {
				t.Errorf("DeepCopy (-want +got):\n%s", diff)
			}
			var out shapes.Widget
			out.Spec.Strings = []string{"stale"}
			tt.in.DeepCopyInto(&out)
			if diff := cmp.Diff(tt.in, &out, cmpOpts...); diff != "" {
				t.Errorf("DeepCopyInto over a used value (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNamedTypes(t *testing.T) {
	var nilList shapes.ResourceList
	if got := nilList.DeepCopy(); got != nil {
		t.Errorf("nil ResourceList.DeepCopy() = %v, want nil", got)
	}
	out := shapes.ResourceList{"stale": {}}
	nilList.DeepCopyInto(&out)
	if out != nil {
		t.Errorf("nil ResourceList.DeepCopyInto = %v, want nil", out)
	}
	if got := (shapes.Tags{}).DeepCopy(); got == nil || len(got) != 0 {
		t.Errorf("empty Tags.DeepCopy() = %#v, want empty non-nil", got)
	}
	var nilWidget *shapes.Widget
	if got := nilWidget.DeepCopy(); got != nil {
		t.Errorf("nil *Widget.DeepCopy() = %v, want nil", got)
	}
	if got := nilWidget.DeepCopyObject(); got != nil {
		t.Errorf("nil *Widget.DeepCopyObject() = %#v, want a nil interface", got)
	}
}

func TestDeepCopyObject(t *testing.T) {
	var obj meta.Object = fullWidget()
	cp := obj.DeepCopyObject()
	w, ok := cp.(*shapes.Widget)
	if !ok {
		t.Fatalf("DeepCopyObject returned %T, want *shapes.Widget", cp)
	}
	if diff := cmp.Diff(obj, meta.Object(w), cmpOpts...); diff != "" {
		t.Errorf("DeepCopyObject (-want +got):\n%s", diff)
	}
	w.Labels["l"] = "changed"
	if obj.GetObjectMeta().Labels["l"] != "1" {
		t.Error("mutating the DeepCopyObject copy changed the original")
	}
}

// TestMetaDeepCopy exercises the generated code of package meta.
func TestMetaDeepCopy(t *testing.T) {
	ts := meta.Now()
	orig := &meta.Status{
		TypeMeta: meta.TypeMeta{Kind: "Status", APIVersion: "v1"},
		ListMeta: meta.ListMeta{RemainingItemCount: ptr(int64(1))},
		Details:  &meta.StatusDetails{Name: "x", Causes: []meta.StatusCause{{Field: "spec"}}},
	}
	cp := orig.DeepCopy()
	*cp.RemainingItemCount = 2
	cp.Details.Causes[0].Field = "changed"
	if *orig.RemainingItemCount != 1 || orig.Details.Causes[0].Field != "spec" {
		t.Errorf("mutating a Status copy changed the original: %+v", orig)
	}
	om := &meta.ObjectMeta{DeletionTimestamp: &ts, Labels: map[string]string{"a": "b"}}
	omc := om.DeepCopy()
	omc.DeletionTimestamp.Time = time.Time{}
	omc.Labels["a"] = "c"
	if om.DeletionTimestamp.IsZero() || om.Labels["a"] != "b" {
		t.Errorf("mutating an ObjectMeta copy changed the original: %+v", om)
	}
}
