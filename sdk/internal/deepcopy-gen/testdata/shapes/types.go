package shapes

import (
	"encoding/json"
	"time"

	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/internal/deepcopy-gen/testdata/ext"
)

// Widget is a kind: it gets DeepCopyObject.
type Widget struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata,omitempty"`
	Spec            WidgetSpec   `json:"spec,omitempty"`
	Status          WidgetStatus `json:"status,omitempty"`
}

// WidgetList is a list kind.
type WidgetList struct {
	meta.TypeMeta `json:",inline"`
	meta.ListMeta `json:"metadata,omitempty"`
	Items         []Widget `json:"items"`
}

// ResourceName names a resource.
type ResourceName string

// ResourceList is a named map whose values copy themselves.
type ResourceList map[ResourceName]ext.Quantity

// Tags is a named slice of strings.
type Tags []string

// Index is a named map of a named slice.
type Index map[string]Tags

// Matrix is a named slice of slices.
type Matrix [][]int

// Inner is a small struct with references.
type Inner struct {
	Name  string
	Ptr   *int32
	Items []string
}

// Flat has no reference: its DeepCopyInto is one assignment.
type Flat struct {
	A int
	B string
	C [3]int
	D ext.Plain
	T time.Time
}

// inner is unexported and still gets methods.
type inner struct {
	m map[string]int
}

// Opaque holds an interface and copies itself by hand.
//
// +gantry:deepcopy-gen=false
type Opaque struct {
	Value any
}

// DeepCopyInto copies o into out; the value is shared.
func (o *Opaque) DeepCopyInto(out *Opaque) { *out = *o }

// Skipped is marked false and has no DeepCopyInto; it holds no reference,
// so it may still be used as a field.
//
// +gantry:deepcopy-gen=false
type Skipped struct {
	N int
}

// Node refers to itself.
type Node struct {
	Value    int
	Next     *Node
	Children []Node
}

// WidgetSpec has every shape of field.
type WidgetSpec struct {
	Replicas      *int32
	Label         *string
	Flag          *bool
	PtrPtr        **int
	PtrSlice      *[]string
	PtrMap        *map[string]int
	InnerPtr      *Inner
	InnerVal      Inner
	Strings       []string
	Empty         []string
	Inners        []Inner
	InnerPtrs     []*Inner
	Nested        [][]string
	Labels        map[string]string
	MapOfSlices   map[string][]string
	MapOfStructs  map[string]Inner
	MapOfPtrs     map[string]*Inner
	MapOfMaps     map[string]map[string]int
	Raw           json.RawMessage
	Bytes         []byte
	Resources     ResourceList
	ResourcesPtr  *ResourceList
	ResourceSlice []ResourceList
	Quantity      ext.Quantity
	QuantityPtr   *ext.Quantity
	QuantityMap   map[string]ext.Quantity
	Plain         ext.Plain
	Blob          ext.Blob
	Tags          Tags
	Index         Index
	Matrix        Matrix
	Array         [2]*int
	ArrayOfInner  [2]Inner
	Anonymous     struct {
		P *int
		S []string
		N int
	}
	Flat      Flat
	FlatPtr   *Flat
	Unexp     inner
	Opaque    Opaque
	OpaquePtr *Opaque
	Skipped   Skipped
	Node      *Node
	Time      meta.Time
	TimePtr   *meta.Time
	GoTime    time.Time
	Selector  *meta.LabelSelector
	Duration  meta.Duration
	*Embedded
}

// Embedded is embedded by pointer.
type Embedded struct {
	E *string
}

// WidgetStatus has conditions.
type WidgetStatus struct {
	Conditions []meta.Condition
	Observed   int64
}

// SetUnexported sets the unexported field, for tests in other packages.
func (s *WidgetSpec) SetUnexported(m map[string]int) { s.Unexp.m = m }

// UnexportedMap returns the unexported field, for tests in other packages.
func (s *WidgetSpec) UnexportedMap() map[string]int { return s.Unexp.m }
