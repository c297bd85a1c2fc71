package codec_test

import (
	"testing"

	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

// Widget is the kind the tests decode, registered as
// example.gantry.dev/v1 Widget.
type Widget struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata,omitempty"`
	Spec            WidgetSpec `json:"spec,omitempty"`
}

// WidgetSpec has nested structs and slices, so that field paths are deep.
type WidgetSpec struct {
	Replicas *int32   `json:"replicas,omitempty"`
	Size     int64    `json:"size,omitempty"`
	Template Template `json:"template,omitempty"`
}

// Template holds a pod-like spec.
type Template struct {
	Spec PodSpec `json:"spec,omitempty"`
}

// PodSpec lists containers.
type PodSpec struct {
	Containers []Container `json:"containers,omitempty"`
}

// Container is one container.
type Container struct {
	Name  string `json:"name"`
	Image string `json:"image,omitempty"`
}

// WidgetList is the list kind of Widget.
type WidgetList struct {
	meta.TypeMeta `json:",inline"`
	meta.ListMeta `json:"metadata,omitempty"`
	Items         []Widget `json:"items"`
}

// DeepCopyObject is written by hand: deepcopy-gen does not read test files.
func (w *Widget) DeepCopyObject() meta.Object {
	if w == nil {
		return nil
	}
	c := *w
	w.ObjectMeta.DeepCopyInto(&c.ObjectMeta)
	if w.Spec.Replicas != nil {
		n := *w.Spec.Replicas
		c.Spec.Replicas = &n
	}
	if w.Spec.Template.Spec.Containers != nil {
		c.Spec.Template.Spec.Containers = append([]Container{}, w.Spec.Template.Spec.Containers...)
	}
	return &c
}

// DeepCopyObject is written by hand: deepcopy-gen does not read test files.
func (l *WidgetList) DeepCopyObject() meta.ListObject {
	if l == nil {
		return nil
	}
	c := *l
	l.ListMeta.DeepCopyInto(&c.ListMeta)
	if l.Items != nil {
		c.Items = make([]Widget, len(l.Items))
		for i := range l.Items {
			c.Items[i] = *l.Items[i].DeepCopyObject().(*Widget)
		}
	}
	return &c
}

// Gadget is an unregistered kind.
type Gadget struct{ Widget }

func newRegistry(tb testing.TB) *registry.Registry {
	tb.Helper()
	r := registry.New()
	err := registry.Add(r, registry.Type[*Widget]{
		Group: "example.gantry.dev", Version: "v1", Kind: "Widget", Namespaced: true,
		New:     func() *Widget { return &Widget{} },
		NewList: func() meta.ListObject { return &WidgetList{} },
	})
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

func ptr[T any](v T) *T { return &v }
