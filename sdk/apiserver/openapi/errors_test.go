package openapi

import (
	"strings"
	"testing"

	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

type Pipe struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata,omitempty"`
	Spec            PipeSpec `json:"spec"`
}

func (p *Pipe) DeepCopyObject() meta.Object { c := *p; return &c }

type PipeSpec struct {
	Flow chan int `json:"flow"`
}

type Keyed struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata,omitempty"`
	ByPoint         map[struct{ X, Y int }]string `json:"byPoint"`
}

func (k *Keyed) DeepCopyObject() meta.Object { c := *k; return &c }

type emptyList struct {
	meta.TypeMeta `json:",inline"`
	meta.ListMeta `json:"metadata,omitempty"`
}

func (l *emptyList) DeepCopyObject() meta.ListObject { c := *l; return &c }

func TestBuildErrors(t *testing.T) {
	tests := []struct {
		name string
		add  func(r *registry.Registry) error
		want []string // substrings of the error
	}{
		{
			name: "channel field",
			add: func(r *registry.Registry) error {
				return registry.Add(r, registry.Type[*Pipe]{Group: "example.com", Version: "v1", Kind: "Pipe",
					New: func() *Pipe { return &Pipe{} }, NewList: func() meta.ListObject { return &emptyList{} }})
			},
			want: []string{"example.com/v1, Kind=Pipe", "chan int", "field Flow of github.com/gantryhq/gantry/sdk/apiserver/openapi.PipeSpec"},
		},
		{
			name: "struct map key",
			add: func(r *registry.Registry) error {
				return registry.Add(r, registry.Type[*Keyed]{Group: "example.com", Version: "v1", Kind: "Keyed",
					New: func() *Keyed { return &Keyed{} }, NewList: func() meta.ListObject { return &emptyList{} }})
			},
			want: []string{"map key type", "field ByPoint"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := registry.New()
			if err := tc.add(r); err != nil {
				t.Fatal(err)
			}
			_, err := Build(r)
			if err == nil {
				t.Fatal("Build succeeded, want an error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestPackageNames(t *testing.T) {
	s, err := (&Builder{PackageNames: map[string]string{
		"github.com/gantryhq/gantry/sdk/apiserver/openapi": "io.example.test.v1",
	}}).Build(testRegistry(t))
	if err != nil {
		t.Fatal(err)
	}
	doc := decode(t, s, "apis/example.com/v1")
	for _, name := range []string{"io.example.test.v1.Widget", "io.example.test.v1.WidgetSpec", "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"} {
		if get(doc, "components", "schemas", name) == nil {
			t.Errorf("no schema %s", name)
		}
	}
}

func TestPackagePrefix(t *testing.T) {
	tests := []struct{ pkg, want string }{
		{"github.com/gantryhq/gantry/sdk/api/core/v1", "io.k8s.api.core.v1"},
		{"github.com/gantryhq/gantry/sdk/api/apps/v1", "io.k8s.api.apps.v1"},
		{"github.com/gantryhq/gantry/sdk/api/autoscaling/v1", "io.k8s.api.autoscaling.v1"},
		{"github.com/gantryhq/gantry/sdk/api/meta", "io.k8s.apimachinery.pkg.apis.meta.v1"},
		{"github.com/gantryhq/gantry/sdk/api/resource", "io.k8s.apimachinery.pkg.api.resource"},
		{"github.com/gantryhq/gantry/sdk/api/intstr", "io.k8s.apimachinery.pkg.util.intstr"},
		{"github.com/gantryhq/gantry/sdk/api/gantry/v1alpha1", "com.github.gantryhq.gantry.sdk.api.gantry.v1alpha1"},
		{"github.com/acme/edge/api/v1", "com.github.acme.edge.api.v1"},
		{"gopkg.in/yaml.v3", "in.gopkg.yaml.v3"},
		{"example/kinds", "example.kinds"},
		{"main", "main"},
	}
	for _, tc := range tests {
		if got := packagePrefix(tc.pkg, nil); got != tc.want {
			t.Errorf("packagePrefix(%q) = %q, want %q", tc.pkg, got, tc.want)
		}
	}
}

func TestGroupID(t *testing.T) {
	tests := []struct{ group, version, id, tag string }{
		{"", "v1", "CoreV1", "core_v1"},
		{"apps", "v1", "AppsV1", "apps_v1"},
		{"rbac.authorization.k8s.io", "v1", "RbacAuthorizationV1", "rbacAuthorization_v1"},
		{"cert-manager.io", "v1alpha2", "CertManagerIoV1alpha2", "certManagerIo_v1alpha2"},
	}
	for _, tc := range tests {
		if id, tag := groupID(tc.group, tc.version), groupTag(tc.group, tc.version); id != tc.id || tag != tc.tag {
			t.Errorf("group %q version %q: id %q tag %q, want %q %q", tc.group, tc.version, id, tag, tc.id, tc.tag)
		}
	}
}
