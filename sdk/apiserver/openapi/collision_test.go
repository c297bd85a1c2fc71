package openapi_test

import (
	"strings"
	"testing"

	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
	"github.com/gantryhq/gantry/sdk/apiserver/openapi"
)

// WidgetSpec has the name of a type of package openapi's tests.
type WidgetSpec struct{ X int }

type Twin struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata,omitempty"`
	Mine            WidgetSpec         `json:"mine"`
	Theirs          openapi.WidgetSpec `json:"theirs"`
}

func (t *Twin) DeepCopyObject() meta.Object { c := *t; return &c }

type TwinList struct {
	meta.TypeMeta `json:",inline"`
	meta.ListMeta `json:"metadata,omitempty"`
	Items         []Twin `json:"items"`
}

func (l *TwinList) DeepCopyObject() meta.ListObject { c := *l; return &c }

// Two packages given the same prefix make two types share a name: Build
// must refuse rather than describe one of them wrongly.
func TestNameCollision(t *testing.T) {
	r := registry.New()
	if err := registry.Add(r, registry.Type[*Twin]{Group: "example.com", Version: "v1", Kind: "Twin",
		New: func() *Twin { return &Twin{} }, NewList: func() meta.ListObject { return &TwinList{} }}); err != nil {
		t.Fatal(err)
	}
	if _, err := openapi.Build(r); err != nil {
		t.Fatalf("Build with distinct package names: %v", err)
	}
	b := &openapi.Builder{PackageNames: map[string]string{
		"github.com/gantryhq/gantry/sdk/apiserver/openapi":      "io.example.v1",
		"github.com/gantryhq/gantry/sdk/apiserver/openapi_test": "io.example.v1",
	}}
	_, err := b.Build(r)
	if err == nil || !strings.Contains(err.Error(), `"io.example.v1.WidgetSpec"`) || !strings.Contains(err.Error(), "PackageNames") {
		t.Fatalf("Build = %v, want an error naming the shared schema name and PackageNames", err)
	}
}
