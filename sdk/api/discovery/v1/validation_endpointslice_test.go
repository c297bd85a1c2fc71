package v1

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	sigsjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"

	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/field"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

const sliceManifest = `
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: example-abc
  namespace: default
  labels:
    kubernetes.io/service-name: example
    endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io
addressType: IPv4
ports:
  - name: http
    protocol: TCP
    port: 80
    appProtocol: http
endpoints:
  - addresses:
      - "10.1.2.3"
    conditions:
      ready: true
      serving: true
      terminating: false
    hostname: pod-1
    nodeName: node-1
    zone: us-west2-a
    targetRef: {kind: Pod, namespace: default, name: example-1, uid: 8e1a0b6c-3f2d-4c5e-9a7b-6d5c4b3a2f10}
    hints:
      forZones: [{name: us-west2-a}]
  - addresses: ["10.1.2.4"]
    conditions: {ready: false}
`

func decodeSlice(t *testing.T, manifest string) *EndpointSlice {
	t.Helper()
	js, err := yaml.YAMLToJSON([]byte(manifest))
	if err != nil {
		t.Fatal(err)
	}
	var s EndpointSlice
	strictErrs, err := sigsjson.UnmarshalStrict(js, &s)
	if err != nil || len(strictErrs) > 0 {
		t.Fatalf("decode: %v %v", err, strictErrs)
	}
	again, _ := json.Marshal(&s)
	var back EndpointSlice
	if err := json.Unmarshal(again, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&s, &back); diff != "" {
		t.Errorf("round trip (-decoded +re-decoded):\n%s", diff)
	}
	return &s
}

func sliceKind(t *testing.T) *registry.Kind {
	t.Helper()
	r := registry.New()
	if err := Register(r); err != nil {
		t.Fatal(err)
	}
	k, ok := r.KindFor(meta.GroupVersionKind{Group: GroupName, Version: Version, Kind: "EndpointSlice"})
	if !ok || !k.Namespaced() || k.Resource() != "endpointslices" {
		t.Fatalf("EndpointSlice kind: %v", k)
	}
	return k
}

func TestEndpointSliceDecodeAndDefaults(t *testing.T) {
	s := decodeSlice(t, sliceManifest)
	if s.Labels[LabelServiceName] != "example" || !s.Endpoints[0].Conditions.IsReady() || s.Endpoints[1].Conditions.IsReady() {
		t.Errorf("decoded slice: %+v", s)
	}
	bare := &EndpointSlice{Ports: []EndpointPort{{Port: ptrTo(int32(53))}}}
	sliceKind(t).Default(bare)
	want := []EndpointPort{{Name: ptrTo(""), Protocol: ptrTo(corev1.ProtocolTCP), Port: ptrTo(int32(53))}}
	if diff := cmp.Diff(want, bare.Ports); diff != "" {
		t.Errorf("defaults (-want +got):\n%s", diff)
	}
}

func TestValidateEndpointSlice(t *testing.T) {
	k := sliceKind(t)
	many := func(n int) []Endpoint {
		out := make([]Endpoint, n)
		for i := range out {
			out[i] = Endpoint{Addresses: []string{fmt.Sprintf("10.1.%d.%d", i/250, i%250+1)}}
		}
		return out
	}
	tests := []struct {
		name   string
		mutate func(*EndpointSlice)
		want   []string
	}{
		{name: "valid"},
		{name: "address type required", mutate: func(s *EndpointSlice) { s.AddressType = "" }, want: []string{"addressType: Required value"}},
		{name: "address type enum", mutate: func(s *EndpointSlice) { s.AddressType = "IP" },
			want: []string{`addressType: Unsupported value: "IP": supported values: "FQDN", "IPv4", "IPv6"`}},
		{name: "addresses for the type", mutate: func(s *EndpointSlice) {
			s.Endpoints[0].Addresses = []string{"fd00::1", "127.0.0.1"}
		}, want: []string{
			`endpoints[0].addresses[0]: Invalid value: "fd00::1": must be a valid IPv4 address`,
			`endpoints[0].addresses[1]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)`,
		}},
		{name: "IPv6", mutate: func(s *EndpointSlice) {
			s.AddressType = AddressTypeIPv6
			s.Endpoints = []Endpoint{{Addresses: []string{"fd00::1"}}, {Addresses: []string{"10.0.0.1"}}}
		}, want: []string{`endpoints[1].addresses[0]: Invalid value: "10.0.0.1": must be a valid IPv6 address`}},
		{name: "FQDN", mutate: func(s *EndpointSlice) {
			s.AddressType = AddressTypeFQDN
			s.Endpoints = []Endpoint{{Addresses: []string{"db.example.com."}}, {Addresses: []string{"localhost"}}}
		}, want: []string{`endpoints[1].addresses[0]: Invalid value: "localhost": should be a domain with at least two segments separated by dots`}},
		{name: "at least one address", mutate: func(s *EndpointSlice) { s.Endpoints[1].Addresses = nil },
			want: []string{"endpoints[1].addresses: Required value: must contain at least 1 address"}},
		{name: "at most 100 addresses", mutate: func(s *EndpointSlice) {
			s.Endpoints = []Endpoint{{}}
			for i := 0; i < 101; i++ {
				s.Endpoints[0].Addresses = append(s.Endpoints[0].Addresses, fmt.Sprintf("10.2.0.%d", i+1))
			}
		}, want: []string{"endpoints[0].addresses: Too many: 101: must have at most 100 items"}},
		{name: "at most 1000 endpoints", mutate: func(s *EndpointSlice) { s.Endpoints = many(1001) },
			want: []string{"endpoints: Too many: 1001: must have at most 1000 items"}},
		{name: "1000 endpoints", mutate: func(s *EndpointSlice) { s.Endpoints = many(1000) }},
		{name: "hostname and node name", mutate: func(s *EndpointSlice) {
			s.Endpoints[0].Hostname = ptrTo("Pod_1")
			s.Endpoints[0].NodeName = ptrTo("node 1")
		}, want: []string{
			`endpoints[0].nodeName: Invalid value: "node 1": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
			`endpoints[0].hostname: Invalid value: "Pod_1": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
		}},
		{name: "hints", mutate: func(s *EndpointSlice) {
			s.Endpoints[0].Hints = &EndpointHints{ForZones: []ForZone{{Name: "a"}, {Name: "a"}}}
		}, want: []string{`endpoints[0].hints.forZones[1].name: Duplicate value: "a"`}},
		{name: "ports", mutate: func(s *EndpointSlice) {
			s.Ports = []EndpointPort{
				{Name: ptrTo("http"), Protocol: ptrTo(corev1.ProtocolTCP), Port: ptrTo(int32(80))},
				{Name: ptrTo("http"), Protocol: ptrTo(corev1.Protocol("QUIC")), Port: ptrTo(int32(0))},
				{Name: ptrTo("Web"), AppProtocol: ptrTo("a/b/c")},
			}
		}, want: []string{
			`ports[1].name: Duplicate value: "http"`,
			`ports[1].protocol: Unsupported value: "QUIC": supported values: "SCTP", "TCP", "UDP"`,
			"ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive",
			`ports[2].name: Invalid value: "Web": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
			"ports[2].protocol: Required value",
			`ports[2].appProtocol: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := decodeSlice(t, sliceManifest)
			if tt.mutate != nil {
				tt.mutate(s)
			}
			if diff := cmp.Diff(tt.want, errStrings(k.Validate(s))); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEndpointSliceUpdate(t *testing.T) {
	k := sliceKind(t)
	old := decodeSlice(t, sliceManifest)
	k.PrepareForCreate(old)
	if old.Generation != 1 {
		t.Fatalf("generation after create = %d", old.Generation)
	}

	// Changing endpoints bumps the generation; changing labels does not.
	s := old.DeepCopy()
	s.Labels["x"] = "y"
	k.PrepareForUpdate(s, old)
	if s.Generation != 1 {
		t.Errorf("generation after a label change = %d, want 1", s.Generation)
	}
	s = old.DeepCopy()
	s.Endpoints[1].Conditions.Ready = ptrTo(true)
	k.PrepareForUpdate(s, old)
	if s.Generation != 2 {
		t.Errorf("generation after an endpoint change = %d, want 2", s.Generation)
	}

	s.AddressType = AddressTypeFQDN
	s.Endpoints = []Endpoint{{Addresses: []string{"a.example.com"}}}
	want := []string{`addressType: Invalid value: "FQDN": field is immutable`}
	if diff := cmp.Diff(want, errStrings(k.ValidateUpdate(s, old))); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

func TestEndpointSliceCells(t *testing.T) {
	k := sliceKind(t)
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	s := decodeSlice(t, sliceManifest)
	s.CreationTimestamp = meta.NewTime(now.Add(-7 * time.Minute))
	if diff := cmp.Diff([]any{"example-abc", "IPv4", "80", "10.1.2.3,10.1.2.4", "7m"}, k.Cells(s, now)); diff != "" {
		t.Errorf("cells (-want +got):\n%s", diff)
	}
	tests := []struct {
		ports     []EndpointPort
		endpoints []Endpoint
		wantPorts string
		wantEps   string
	}{
		{nil, nil, "<unset>", "<unset>"},
		{[]EndpointPort{{Name: ptrTo("dns")}, {}, {Port: ptrTo(int32(1))}, {Port: ptrTo(int32(2))}, {Port: ptrTo(int32(3))}},
			[]Endpoint{{Addresses: []string{"a", "b"}}, {Addresses: []string{"c", "d", "e"}}},
			"dns,*,1 + 2 more...", "a,b,c + 2 more..."},
	}
	for _, tt := range tests {
		if got := FormatPorts(tt.ports); got != tt.wantPorts {
			t.Errorf("FormatPorts = %q, want %q", got, tt.wantPorts)
		}
		if got := FormatEndpoints(tt.endpoints); got != tt.wantEps {
			t.Errorf("FormatEndpoints = %q, want %q", got, tt.wantEps)
		}
	}
}

func errStrings(errs field.ErrorList) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return out
}

func ptrTo[T any](v T) *T { return &v }
