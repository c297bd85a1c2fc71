package openapi_test

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
	"github.com/gantryhq/gantry/sdk/apiserver/openapi"
)

// Gizmo is a product's own kind.
type Gizmo struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata,omitempty"`
	Spec            GizmoSpec `json:"spec,omitempty"`
}

// GizmoSpec is the desired state of a Gizmo.
type GizmoSpec struct {
	Size int32 `json:"size,omitempty"`
}

// SwaggerDoc describes Gizmo's fields to kubectl explain.
func (GizmoSpec) SwaggerDoc() map[string]string {
	return map[string]string{"": "GizmoSpec is the desired state of a Gizmo.", "size": "Size of the gizmo, in gadgets."}
}

func (g *Gizmo) DeepCopyObject() meta.Object { c := *g; return &c }

// GizmoList is a list of Gizmos.
type GizmoList struct {
	meta.TypeMeta `json:",inline"`
	meta.ListMeta `json:"metadata,omitempty"`
	Items         []Gizmo `json:"items"`
}

func (l *GizmoList) DeepCopyObject() meta.ListObject { c := *l; return &c }

func gizmoRegistry() *registry.Registry {
	r := registry.New()
	if err := registry.Add(r, registry.Type[*Gizmo]{
		Group: "acme.example", Version: "v1", Kind: "Gizmo", Namespaced: true,
		New:     func() *Gizmo { return &Gizmo{} },
		NewList: func() meta.ListObject { return &GizmoList{} },
	}); err != nil {
		log.Fatal(err)
	}
	return r
}

func ExampleBuild() {
	spec, err := openapi.Build(gizmoRegistry())
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range spec.Paths() {
		data, _, _ := spec.Document(p)
		var doc struct {
			Components struct {
				Schemas map[string]struct {
					GVK []map[string]string `json:"x-kubernetes-group-version-kind"`
				}
			}
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			log.Fatal(err)
		}
		fmt.Println(p)
		fmt.Println(doc.Components.Schemas["com.github.gantryhq.gantry.sdk.apiserver.openapi_test.Gizmo"].GVK)
	}
	// Output:
	// apis/acme.example/v1
	// [map[group:acme.example kind:Gizmo version:v1]]
}

func ExampleHandler() {
	spec, err := openapi.Build(gizmoRegistry())
	if err != nil {
		log.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/openapi/", openapi.NewHandler(spec))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	// A client reads the root document, then a group version's document by
	// the URL the root gives, which it may cache for good.
	var root struct {
		Paths map[string]struct {
			ServerRelativeURL string `json:"serverRelativeURL"`
		} `json:"paths"`
	}
	res, err := http.Get(srv.URL + "/openapi/v3")
	if err != nil {
		log.Fatal(err)
	}
	if err := json.NewDecoder(res.Body).Decode(&root); err != nil {
		log.Fatal(err)
	}
	res.Body.Close()
	u := root.Paths["apis/acme.example/v1"].ServerRelativeURL
	fmt.Println(strings.HasPrefix(u, "/openapi/v3/apis/acme.example/v1?hash="))

	res, err = http.Get(srv.URL + u)
	if err != nil {
		log.Fatal(err)
	}
	res.Body.Close()
	fmt.Println(res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Cache-Control"))
	// Output:
	// true
	// 200 application/json public, immutable
}
