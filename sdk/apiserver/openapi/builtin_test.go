package openapi

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	appsv1 "github.com/gantryhq/gantry/sdk/api/apps/v1"
	batchv1 "github.com/gantryhq/gantry/sdk/api/batch/v1"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

// builtinRegistry returns a registry of real built-in kinds. It uses the
// groups whose registration compiles today; sdk/api/builtin.NewRegistry
// replaces it once every built-in group is in.
func builtinRegistry(t testing.TB) *registry.Registry {
	t.Helper()
	r := registry.New()
	for _, add := range []func(*registry.Registry) error{appsv1.Register, batchv1.Register} {
		if err := add(r); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

func TestBuiltinKinds(t *testing.T) {
	s, err := Build(builtinRegistry(t))
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	if diff := cmp.Diff([]string{"apis/apps/v1", "apis/batch/v1"}, s.Paths()); diff != "" {
		t.Errorf("Paths() (-want +got):\n%s", diff)
	}
	apps := decode(t, s, "apis/apps/v1")
	schemas := get(apps, "components", "schemas")
	for _, name := range []string{
		"io.k8s.api.apps.v1.Deployment", "io.k8s.api.apps.v1.DeploymentList", "io.k8s.api.apps.v1.DeploymentSpec",
		"io.k8s.api.apps.v1.StatefulSet", "io.k8s.api.apps.v1.DaemonSet", "io.k8s.api.apps.v1.ReplicaSet",
		"io.k8s.api.core.v1.PodTemplateSpec", "io.k8s.api.core.v1.PodSpec", "io.k8s.api.core.v1.Container",
		"io.k8s.api.autoscaling.v1.Scale", "io.k8s.apimachinery.pkg.api.resource.Quantity",
		"io.k8s.apimachinery.pkg.util.intstr.IntOrString", "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
		"io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector", "io.k8s.apimachinery.pkg.apis.meta.v1.Time",
	} {
		if get(schemas, name) == nil {
			t.Errorf("apps/v1 document has no schema %s", name)
		}
	}
	checks := []struct {
		name string
		path []string
		want string
	}{
		{"Deployment GVK", []string{"io.k8s.api.apps.v1.Deployment", "x-kubernetes-group-version-kind"},
			`[{"group": "apps", "version": "v1", "kind": "Deployment"}]`},
		{"maxSurge is int-or-string", []string{"io.k8s.api.apps.v1.RollingUpdateDeployment", "properties", "maxSurge"},
			`{"allOf": [{"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString"}]}`},
		{"resource limits are quantities", []string{"io.k8s.api.core.v1.ResourceRequirements", "properties", "limits", "additionalProperties"},
			`{"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity"}`},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if diff := cmp.Diff(jsonValue(t, c.want), get(schemas, c.path...)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	t.Run("scale subresource", func(t *testing.T) {
		op := get(apps, "paths", "/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale", "patch")
		if diff := cmp.Diff(jsonValue(t, `{"group": "autoscaling", "version": "v1", "kind": "Scale"}`), get(op, "x-kubernetes-group-version-kind")); diff != "" {
			t.Errorf("scale patch GVK (-want +got):\n%s", diff)
		}
	})
	t.Run("batch", func(t *testing.T) {
		batch := decode(t, s, "apis/batch/v1")
		for _, p := range []string{"/apis/batch/v1/namespaces/{namespace}/jobs/{name}/status", "/apis/batch/v1/namespaces/{namespace}/cronjobs"} {
			if get(batch, "paths", p) == nil {
				t.Errorf("batch/v1 document has no path %s", p)
			}
		}
	})
}
