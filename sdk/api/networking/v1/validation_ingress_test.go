package v1

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	sigsjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"

	"github.com/gantryhq/gantry/sdk/api/field"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

func decodeStrict(t *testing.T, manifest string, out any) {
	t.Helper()
	js, err := yaml.YAMLToJSON([]byte(manifest))
	if err != nil {
		t.Fatal(err)
	}
	strictErrs, err := sigsjson.UnmarshalStrict(js, out)
	if err != nil || len(strictErrs) > 0 {
		t.Fatalf("decode: %v %v", err, strictErrs)
	}
	// Re-encoding and decoding again gives the same object.
	again, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	fresh := newLike(out)
	if err := json.Unmarshal(again, fresh); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(out, fresh); diff != "" {
		t.Errorf("round trip (-decoded +re-decoded):\n%s", diff)
	}
}

func newLike(v any) any {
	switch v.(type) {
	case *Ingress:
		return &Ingress{}
	case *IngressClass:
		return &IngressClass{}
	}
	panic("unexpected type")
}

func errStrings(errs field.ErrorList) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return out
}

func ptrTo[T any](v T) *T { return &v }

var now = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

func kindFor(t *testing.T, kind string) *registry.Kind {
	t.Helper()
	r := registry.New()
	if err := Register(r); err != nil {
		t.Fatal(err)
	}
	k, ok := r.KindFor(meta.GroupVersionKind{Group: GroupName, Version: Version, Kind: kind})
	if !ok {
		t.Fatalf("%s not registered", kind)
	}
	return k
}

const ingressManifest = `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: minimal-ingress
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /
spec:
  ingressClassName: nginx-example
  tls:
  - hosts: [https-example.foo.com]
    secretName: testsecret-tls
  defaultBackend:
    resource:
      apiGroup: k8s.example.com
      kind: StorageBucket
      name: static-assets
  rules:
  - host: "foo.bar.com"
    http:
      paths:
      - pathType: Prefix
        path: "/bar"
        backend:
          service:
            name: service1
            port:
              number: 80
  - host: "*.foo.com"
    http:
      paths:
      - pathType: Exact
        path: "/foo"
        backend:
          service:
            name: service2
            port:
              name: http
  - http:
      paths:
      - pathType: ImplementationSpecific
        backend:
          service: {name: service3, port: {number: 8080}}
status:
  loadBalancer:
    ingress:
    - ip: 203.0.113.5
      ports: [{port: 443, protocol: TCP}]
`

func TestIngressDecode(t *testing.T) {
	var ing Ingress
	decodeStrict(t, ingressManifest, &ing)
	if ing.Spec.Rules[1].HTTP.Paths[0].Backend.Service.Port.Name != "http" {
		t.Errorf("inline rule value not decoded: %+v", ing.Spec.Rules[1])
	}
	var ic IngressClass
	decodeStrict(t, `
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: external-lb
  annotations: {ingressclass.kubernetes.io/is-default-class: "true"}
spec:
  controller: example.com/ingress-controller
  parameters:
    apiGroup: k8s.example.com
    kind: IngressParameters
    name: external-lb
    scope: Namespace
    namespace: external-configuration
`, &ic)
}

func validIngress(t *testing.T) *Ingress {
	var ing Ingress
	decodeStrict(t, ingressManifest, &ing)
	ing.Namespace = "default"
	return &ing
}

func TestValidateIngress(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*Ingress)
		want   []string
	}{
		{name: "valid"},
		{name: "rules or default backend", mutate: func(i *Ingress) { i.Spec.Rules = nil; i.Spec.DefaultBackend = nil },
			want: []string{"spec: Invalid value: either `defaultBackend` or `rules` must be specified"}},
		{name: "pathType required", mutate: func(i *Ingress) { i.Spec.Rules[0].HTTP.Paths[0].PathType = nil },
			want: []string{"spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified"}},
		{name: "pathType enum", mutate: func(i *Ingress) { i.Spec.Rules[0].HTTP.Paths[0].PathType = ptrTo(PathType("Regex")) },
			want: []string{`spec.rules[0].http.paths[0].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"`}},
		{name: "absolute paths", mutate: func(i *Ingress) {
			i.Spec.Rules[0].HTTP.Paths[0].Path = "bar"
			i.Spec.Rules[2].HTTP.Paths[0].Path = "x"
		}, want: []string{
			`spec.rules[0].http.paths[0].path: Invalid value: "bar": must be an absolute path`,
			`spec.rules[2].http.paths[0].path: Invalid value: "x": must be an absolute path`,
		}},
		{name: "clean paths", mutate: func(i *Ingress) { i.Spec.Rules[0].HTTP.Paths[0].Path = "/a//b/.." }, want: []string{
			`spec.rules[0].http.paths[0].path: Invalid value: "/a//b/..": must not contain '//'`,
			`spec.rules[0].http.paths[0].path: Invalid value: "/a//b/..": cannot end with '/..'`,
		}},
		{name: "hosts", mutate: func(i *Ingress) {
			i.Spec.Rules[0].Host = "10.0.0.1"
			i.Spec.Rules[1].Host = "foo.*.com"
		}, want: []string{
			`spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address`,
			`spec.rules[1].host: Invalid value: "foo.*.com": a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\*\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
		}},
		{name: "both backends", mutate: func(i *Ingress) {
			i.Spec.DefaultBackend.Service = &IngressServiceBackend{Name: "s", Port: ServiceBackendPort{Number: 80}}
		}, want: []string{`spec.defaultBackend: Invalid value: "": cannot set both resource and service backends`}},
		{name: "no backend", mutate: func(i *Ingress) { i.Spec.DefaultBackend = &IngressBackend{} },
			want: []string{`spec.defaultBackend: Invalid value: "": resource or service backend is required`}},
		{name: "service port name or number", mutate: func(i *Ingress) {
			i.Spec.Rules[0].HTTP.Paths[0].Backend.Service.Port = ServiceBackendPort{}
			i.Spec.Rules[1].HTTP.Paths[0].Backend.Service.Port = ServiceBackendPort{Name: "http", Number: 80}
			i.Spec.Rules[2].HTTP.Paths[0].Backend.Service.Port = ServiceBackendPort{Number: 70000}
		}, want: []string{
			"spec.rules[0].http.paths[0].backend: Required value: port name or number is required",
			`spec.rules[1].http.paths[0].backend: Invalid value: "": cannot set both port name & port number`,
			"spec.rules[2].http.paths[0].backend.service.port.number: Invalid value: 70000: must be between 1 and 65535, inclusive",
		}},
		{name: "service name", mutate: func(i *Ingress) { i.Spec.Rules[0].HTTP.Paths[0].Backend.Service.Name = "" },
			want: []string{"spec.rules[0].http.paths[0].backend.service.name: Required value"}},
		{name: "resource backend", mutate: func(i *Ingress) { i.Spec.DefaultBackend.Resource.Kind = "" },
			want: []string{"spec.defaultBackend.resource.kind: Required value: kind is required"}},
		{name: "paths required", mutate: func(i *Ingress) { i.Spec.Rules[0].HTTP.Paths = nil },
			want: []string{"spec.rules[0].http.paths: Required value"}},
		{name: "tls", mutate: func(i *Ingress) { i.Spec.TLS[0].SecretName = "Bad"; i.Spec.TLS[0].Hosts = []string{"*.ok.com", "-bad"} }, want: []string{
			`spec.tls[0].hosts[1]: Invalid value: "-bad": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
			`spec.tls[0].secretName: Invalid value: "Bad": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
		}},
		{name: "class annotation agrees", mutate: func(i *Ingress) { i.Annotations[AnnotationIngressClass] = "other" },
			want: []string{`annotations[kubernetes.io/ingress.class]: Invalid value: "other": must match ` + "`ingressClassName`" + ` when both are specified`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ing := validIngress(t)
			if tt.mutate != nil {
				tt.mutate(ing)
			}
			if diff := cmp.Diff(tt.want, errStrings(ValidateIngress(ing))); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestIngressStrategy(t *testing.T) {
	k := kindFor(t, "Ingress")
	if !k.HasStatus() || !k.Namespaced() || !cmp.Equal(k.ShortNames(), []string{"ing"}) || k.Resource() != "ingresses" {
		t.Fatalf("kind: status %v namespaced %v short %v resource %q", k.HasStatus(), k.Namespaced(), k.ShortNames(), k.Resource())
	}
	ing := validIngress(t)
	k.Default(ing)
	k.PrepareForCreate(ing)
	if errs := k.Validate(ing); len(errs) != 0 {
		t.Fatalf("Validate: %v", errs.ToAggregate())
	}
	if len(ing.Status.LoadBalancer.Ingress) != 0 || ing.Generation != 1 {
		t.Errorf("after create: status %+v generation %d", ing.Status, ing.Generation)
	}
	old := ing.DeepCopy()
	old.Status.LoadBalancer.Ingress = []IngressLoadBalancerIngress{{IP: "203.0.113.5"}}
	upd := old.DeepCopy()
	upd.Status = IngressStatus{}
	upd.Spec.Rules[0].Host = "baz.bar.com"
	k.PrepareForUpdate(upd, old)
	if upd.Generation != 2 || len(upd.Status.LoadBalancer.Ingress) != 1 {
		t.Errorf("after update: generation %d status %+v", upd.Generation, upd.Status)
	}
	st := old.DeepCopy()
	st.Status.LoadBalancer.Ingress = []IngressLoadBalancerIngress{{Hostname: "10.1.1.1"}}
	k.PrepareForStatusUpdate(st, old)
	want := []string{`status.loadBalancer.ingress[0].hostname: Invalid value: "10.1.1.1": must be a DNS name, not an IP address`}
	if diff := cmp.Diff(want, errStrings(k.ValidateUpdate(st, old))); diff != "" {
		t.Errorf("status errors (-want +got):\n%s", diff)
	}
}

func TestIngressCells(t *testing.T) {
	k := kindFor(t, "Ingress")
	var names []string
	for _, c := range k.Columns() {
		names = append(names, strings.ToUpper(c.Name))
	}
	if diff := cmp.Diff([]string{"NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"}, names); diff != "" {
		t.Errorf("columns (-want +got):\n%s", diff)
	}
	ing := validIngress(t)
	ing.CreationTimestamp = meta.NewTime(now.Add(-2 * time.Hour))
	ing.Status.LoadBalancer.Ingress = append(ing.Status.LoadBalancer.Ingress, IngressLoadBalancerIngress{Hostname: "lb.example.com"}, IngressLoadBalancerIngress{IP: "198.51.100.1"})
	want := []any{"minimal-ingress", "nginx-example", "foo.bar.com,*.foo.com", "198.51.100.1,203.0.113.5,lb.example.com", "80, 443", "120m"}
	if diff := cmp.Diff(want, k.Cells(ing, now)); diff != "" {
		t.Errorf("cells (-want +got):\n%s", diff)
	}

	bare := &Ingress{ObjectMeta: meta.ObjectMeta{Name: "bare"}, Spec: IngressSpec{Rules: []IngressRule{{}, {Host: "a"}, {Host: "b"}, {Host: "c"}, {Host: "d"}}}}
	want = []any{"bare", "<none>", "a,b,c + 2 more...", "", "80", "<unknown>"}
	if diff := cmp.Diff(want, k.Cells(bare, now)); diff != "" {
		t.Errorf("cells (-want +got):\n%s", diff)
	}
	if got := FormatIngressHosts([]IngressRule{{}}); got != "*" {
		t.Errorf("hosts of a host-less rule = %q, want *", got)
	}
}

func TestIngressClass(t *testing.T) {
	k := kindFor(t, "IngressClass")
	if k.Namespaced() {
		t.Error("IngressClass is namespaced")
	}
	valid := func() *IngressClass {
		ic := &IngressClass{ObjectMeta: meta.ObjectMeta{Name: "nginx"}, Spec: IngressClassSpec{
			Controller: "k8s.io/ingress-nginx",
			Parameters: &IngressClassParametersReference{APIGroup: ptrTo("k8s.example.com"), Kind: "IngressParameters", Name: "p"},
		}}
		k.Default(ic)
		return ic
	}
	if ic := valid(); ic.Spec.Parameters.Scope == nil || *ic.Spec.Parameters.Scope != "Cluster" {
		t.Errorf("scope not defaulted to Cluster: %+v", ic.Spec.Parameters)
	}
	tests := []struct {
		name   string
		mutate func(*IngressClass)
		want   []string
	}{
		{name: "valid"},
		{name: "controller required", mutate: func(ic *IngressClass) { ic.Spec.Controller = "" }, want: []string{"spec.controller: Required value"}},
		{name: "controller is a domain-prefixed path", mutate: func(ic *IngressClass) { ic.Spec.Controller = "nginx" },
			want: []string{`spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")`}},
		{name: "controller length", mutate: func(ic *IngressClass) { ic.Spec.Controller = "a.io/" + strings.Repeat("x", 250) },
			want: []string{"spec.controller: Too long: may not be more than 250 bytes"}},
		{name: "namespace scope needs a namespace", mutate: func(ic *IngressClass) { ic.Spec.Parameters.Scope = ptrTo("Namespace") },
			want: []string{"spec.parameters.namespace: Required value: `parameters.scope` is set to 'Namespace'"}},
		{name: "cluster scope has no namespace", mutate: func(ic *IngressClass) { ic.Spec.Parameters.Namespace = ptrTo("x") },
			want: []string{"spec.parameters.namespace: Forbidden: `parameters.scope` is set to 'Cluster'"}},
		{name: "scope enum", mutate: func(ic *IngressClass) { ic.Spec.Parameters.Scope = ptrTo("Global") },
			want: []string{`spec.parameters.scope: Unsupported value: "Global": supported values: "Cluster", "Namespace"`}},
		{name: "parameters name", mutate: func(ic *IngressClass) { ic.Spec.Parameters.Name = "a/b" },
			want: []string{`spec.parameters.name: Invalid value: "a/b": may not contain '/'`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ic := valid()
			if tt.mutate != nil {
				tt.mutate(ic)
			}
			if diff := cmp.Diff(tt.want, errStrings(ValidateIngressClass(ic))); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}

	old := valid()
	ic := valid()
	ic.Spec.Controller = "example.com/other"
	want := []string{`spec.controller: Invalid value: "example.com/other": field is immutable`}
	if diff := cmp.Diff(want, errStrings(k.ValidateUpdate(ic, old))); diff != "" {
		t.Errorf("update errors (-want +got):\n%s", diff)
	}
	ic.CreationTimestamp = meta.NewTime(now.Add(-time.Minute))
	if diff := cmp.Diff([]any{"nginx", "example.com/other", "IngressParameters.k8s.example.com/p", "60s"}, k.Cells(ic, now)); diff != "" {
		t.Errorf("cells (-want +got):\n%s", diff)
	}
	ic.Spec.Parameters = nil
	if got := k.Cells(ic, now)[2]; got != "<none>" {
		t.Errorf("parameters cell = %v, want <none>", got)
	}
}
