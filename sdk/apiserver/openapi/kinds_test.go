package openapi

import (
	"encoding/json"
	"strconv"
	"testing"

	"github.com/gantryhq/gantry/sdk/api/intstr"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
	"github.com/gantryhq/gantry/sdk/api/resource"
)

// The test kinds: Sprocket (core v1, namespaced, status), Widget
// (example.com/v1, namespaced, status and scale) and Gadget
// (example.com/v1, cluster-scoped).

const testPkg = "com.github.gantryhq.gantry.sdk.apiserver.openapi."

type Sprocket struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata,omitempty"`
	Spec            SprocketSpec   `json:"spec,omitempty"`
	Status          SprocketStatus `json:"status,omitempty"`
}

func (Sprocket) SwaggerDoc() map[string]string {
	return map[string]string{
		"":       "Sprocket is a test kind of the core group.",
		"spec":   "Spec is the desired state of the sprocket.",
		"status": "Status is the observed state of the sprocket.",
	}
}

func (s *Sprocket) DeepCopyObject() meta.Object { c := *s; return &c }

type SprocketSpec struct {
	Teeth int32  `json:"teeth,omitempty"`
	Shape string `json:"shape,omitempty"`
}

func (SprocketSpec) SwaggerDoc() map[string]string {
	return map[string]string{"teeth": "Teeth is the number of teeth.", "shape": "Shape of the teeth."}
}

type SprocketStatus struct {
	Turning bool `json:"turning,omitempty"`
}

type SprocketList struct {
	meta.TypeMeta `json:",inline"`
	meta.ListMeta `json:"metadata,omitempty"`
	Items         []Sprocket `json:"items"`
}

func (l *SprocketList) DeepCopyObject() meta.ListObject { c := *l; return &c }

type Widget struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata,omitempty"`
	Spec            WidgetSpec   `json:"spec,omitempty"`
	Status          WidgetStatus `json:"status,omitempty"`
}

func (w *Widget) DeepCopyObject() meta.Object { c := *w; return &c }

// WidgetSpec has a field of every shape the schema generator knows.
type WidgetSpec struct {
	Replicas   *int32            `json:"replicas,omitempty"`
	Color      string            `json:"color"`
	Ports      []WidgetPort      `json:"ports,omitempty" patchStrategy:"merge" patchMergeKey:"port"`
	Tags       []string          `json:"tags,omitempty" patchStrategy:"merge"`
	Strategy   *WidgetStrategy   `json:"strategy,omitempty" patchStrategy:"retainKeys"`
	Labels     map[string]string `json:"labels,omitempty"`
	Limits     map[string]resource.Quantity
	Data       []byte             `json:"data,omitempty"`
	Raw        json.RawMessage    `json:"raw,omitempty"`
	Timeout    meta.Duration      `json:"timeout,omitempty"`
	Started    meta.Time          `json:"started,omitempty"`
	Precise    *meta.MicroTime    `json:"precise,omitempty"`
	Fields     *meta.FieldsV1     `json:"fields,omitempty"`
	Size       float64            `json:"size,omitempty"`
	Weight     float32            `json:"weight,omitempty"`
	Enabled    bool               `json:"enabled,omitempty"`
	Count      int64              `json:"count,string"`
	Small      uint8              `json:"small,omitempty"`
	Hidden     string             `json:"-"`
	Dash       string             `json:"-,"`
	internal   string             //nolint:unused // an unexported field is not encoded
	Tree       *Node              `json:"tree,omitempty"`
	Anything   any                `json:"anything,omitempty"`
	Anon       struct{ A int }    `json:"anon"`
	Code       textCode           `json:"code,omitempty"`
	Typed      typedNumber        `json:"typed,omitempty"`
	Port       intstr.IntOrString `json:"port,omitempty"`
	Selector   *meta.LabelSelector
	Matrix     [][]int16        `json:"matrix,omitempty"`
	widgetBase                  // unexported embedded struct: its fields are promoted
	*Extra     `json:",inline"` // embedded pointer: promoted too
}

type widgetBase struct {
	Base string `json:"base,omitempty"`
}

// Extra has a field that conflicts with WidgetSpec's; the shallower wins.
type Extra struct {
	Color   int    `json:"color"`
	Extra   string `json:"extra,omitempty"`
	Replica string `json:"replica,omitempty"`
}

type WidgetPort struct {
	Port int32  `json:"port"`
	Name string `json:"name,omitempty"`
}

type WidgetStrategy struct {
	Type string `json:"type,omitempty"`
}

// Node is recursive, directly and through a slice.
type Node struct {
	Name     string `json:"name"`
	Parent   *Node  `json:"parent,omitempty"`
	Children []Node `json:"children,omitempty"`
}

// textCode has a MarshalText method: encoding/json writes it as a string.
type textCode int

func (c textCode) MarshalText() ([]byte, error) { return []byte(strconv.Itoa(int(c))), nil }

// typedNumber has a MarshalJSON method and says which type it writes.
type typedNumber struct{ n int }

func (t typedNumber) MarshalJSON() ([]byte, error) { return []byte(strconv.Itoa(t.n)), nil }
func (typedNumber) OpenAPISchemaType() []string    { return []string{"integer"} }
func (typedNumber) OpenAPISchemaFormat() string    { return "int32" }

type WidgetStatus struct {
	Replicas   int32            `json:"replicas,omitempty"`
	Conditions []meta.Condition `json:"conditions,omitempty" patchStrategy:"merge" patchMergeKey:"type"`
}

type WidgetList struct {
	meta.TypeMeta `json:",inline"`
	meta.ListMeta `json:"metadata,omitempty"`
	Items         []Widget `json:"items"`
}

func (l *WidgetList) DeepCopyObject() meta.ListObject { c := *l; return &c }

type Gadget struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata,omitempty"`
	Volts           int `json:"volts,omitempty"`
}

func (g *Gadget) DeepCopyObject() meta.Object { c := *g; return &c }

type GadgetList struct {
	meta.TypeMeta `json:",inline"`
	meta.ListMeta `json:"metadata,omitempty"`
	Items         []Gadget `json:"items"`
}

func (l *GadgetList) DeepCopyObject() meta.ListObject { c := *l; return &c }

// testRegistry returns a registry of the test kinds.
func testRegistry(t testing.TB) *registry.Registry {
	t.Helper()
	r := registry.New()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(registry.Add(r, registry.Type[*Sprocket]{
		Version: "v1", Kind: "Sprocket", Namespaced: true, ShortNames: []string{"spr"},
		New:        func() *Sprocket { return &Sprocket{} },
		NewList:    func() meta.ListObject { return &SprocketList{} },
		CopyStatus: func(dst, src *Sprocket) { dst.Status = src.Status },
		CopySpec:   func(dst, src *Sprocket) { dst.Spec = src.Spec },
	}))
	must(registry.Add(r, registry.Type[*Widget]{
		Group: "example.com", Version: "v1", Kind: "Widget", Namespaced: true,
		New:        func() *Widget { return &Widget{} },
		NewList:    func() meta.ListObject { return &WidgetList{} },
		CopyStatus: func(dst, src *Widget) { dst.Status = src.Status },
		CopySpec:   func(dst, src *Widget) { dst.Spec = src.Spec },
		Scale: &registry.Scale[*Widget]{
			SpecReplicas:    func(o *Widget) int32 { return 0 },
			SetSpecReplicas: func(o *Widget, n int32) {},
			StatusReplicas:  func(o *Widget) int32 { return o.Status.Replicas },
			Selector:        func(o *Widget) string { return "" },
		},
	}))
	must(registry.Add(r, registry.Type[*Gadget]{
		Group: "example.com", Version: "v1", Kind: "Gadget",
		New:     func() *Gadget { return &Gadget{} },
		NewList: func() meta.ListObject { return &GadgetList{} },
	}))
	return r
}
