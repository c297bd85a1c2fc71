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
	"github.com/gantryhq/gantry/sdk/api/intstr"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

// Helpers shared by the tests of the namespace, service, config, event and
// quota kinds.

// svcDecodeStrict decodes a YAML manifest into out, failing on unknown or
// duplicate fields, and checks that re-encoding gives the same JSON.
func svcDecodeStrict(t *testing.T, manifest string, out any) {
	t.Helper()
	js, err := yaml.YAMLToJSON([]byte(manifest))
	if err != nil {
		t.Fatalf("YAMLToJSON: %v", err)
	}
	strictErrs, err := sigsjson.UnmarshalStrict(js, out)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	if len(strictErrs) > 0 {
		t.Fatalf("strict decode: %v", strictErrs)
	}
	again, err := json.Marshal(out)
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	var want, got any
	if err := json.Unmarshal(js, &want); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(again, &got); err != nil {
		t.Fatal(err)
	}
	// Go's encoder, like Kubernetes', writes zero structs and null times
	// the manifest left out ("creationTimestamp": null, "status": {});
	// those are not differences.
	got = svcPruneEmpty(want, got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("re-encoded JSON differs (-manifest +encoded):\n%s", diff)
	}
}

// svcPruneEmpty drops from got the empty values (null, 0, "", false, {},
// []) that want does not have.
func svcPruneEmpty(want, got any) any {
	switch g := got.(type) {
	case map[string]any:
		w, _ := want.(map[string]any)
		for k, v := range g {
			wv, ok := w[k]
			if !ok && svcIsEmpty(v) {
				delete(g, k)
				continue
			}
			g[k] = svcPruneEmpty(wv, v)
		}
	case []any:
		w, _ := want.([]any)
		for i := range g {
			var wv any
			if i < len(w) {
				wv = w[i]
			}
			g[i] = svcPruneEmpty(wv, g[i])
		}
	}
	return got
}

func svcIsEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case float64:
		return x == 0
	case string:
		return x == ""
	case bool:
		return !x
	case []any:
		return len(x) == 0
	case map[string]any:
		for _, e := range x {
			if !svcIsEmpty(e) {
				return false
			}
		}
		return true
	}
	return false
}

// svcErrStrings renders errs as their messages.
func svcErrStrings(errs field.ErrorList) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return out
}

// svcRegistry returns a registry holding the kinds of these files.
func svcRegistry(t *testing.T) *registry.Registry {
	t.Helper()
	r := registry.New()
	for _, add := range []func(*registry.Registry) error{
		addNamespace, addService, addEndpoints, addConfigMap, addSecret,
		addServiceAccount, addEvent, addLimitRange, addResourceQuota,
	} {
		if err := add(r); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

func svcKind(t *testing.T, kind string) *registry.Kind {
	t.Helper()
	k, ok := svcRegistry(t).KindFor(meta.GroupVersionKind{Version: "v1", Kind: kind})
	if !ok {
		t.Fatalf("kind %s not registered", kind)
	}
	return k
}

var svcNow = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

func svcCreated(ago time.Duration) meta.ObjectMeta {
	return meta.ObjectMeta{CreationTimestamp: meta.NewTime(svcNow.Add(-ago))}
}

func ptrTo[T any](v T) *T { return &v }

func TestServiceDecodeManifests(t *testing.T) {
	manifests := map[string]string{
		"clusterip": `
apiVersion: v1
kind: Service
metadata:
  name: my-service
  namespace: default
  labels: {app.kubernetes.io/name: proxy}
spec:
  selector:
    app.kubernetes.io/name: proxy
  ports:
  - name: http
    protocol: TCP
    port: 80
    targetPort: http-web-svc
    appProtocol: http
`,
		"nodeport": `
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: NodePort
  selector: {app: web}
  ports:
  - port: 80
    targetPort: 8080
    nodePort: 30007
  externalTrafficPolicy: Local
  sessionAffinity: ClientIP
  sessionAffinityConfig:
    clientIP: {timeoutSeconds: 600}
`,
		"loadbalancer as stored": `
apiVersion: v1
kind: Service
metadata:
  name: lb
  namespace: prod
  uid: 0c2e6f3c-1d5e-4a8e-9d0e-2b4f1f5c7a10
  resourceVersion: "4211"
  creationTimestamp: "2026-11-25T10:00:00Z"
spec:
  type: LoadBalancer
  clusterIP: 10.43.12.7
  clusterIPs: [10.43.12.7]
  ipFamilies: [IPv4]
  ipFamilyPolicy: SingleStack
  allocateLoadBalancerNodePorts: true
  loadBalancerClass: example.com/lb
  loadBalancerSourceRanges: [203.0.113.0/24]
  externalTrafficPolicy: Local
  healthCheckNodePort: 31200
  internalTrafficPolicy: Cluster
  trafficDistribution: PreferClose
  publishNotReadyAddresses: true
  externalIPs: [198.51.100.7]
  loadBalancerIP: 203.0.113.10
  selector: {app: lb}
  sessionAffinity: None
  ports:
  - {name: https, port: 443, protocol: TCP, targetPort: 8443, nodePort: 31443}
  - {name: dns, port: 53, protocol: UDP, targetPort: 53, nodePort: 31053}
status:
  loadBalancer:
    ingress:
    - ip: 203.0.113.10
      ipMode: VIP
      ports:
      - {port: 53, protocol: UDP, error: MixedProtocolNotSupported}
    - hostname: lb.example.com
  conditions:
  - type: LoadBalancerPortsError
    status: "True"
    reason: LoadBalancerMixedProtocolNotSupported
    message: mixed protocols
    lastTransitionTime: "2026-11-25T10:00:05Z"
`,
		"headless": `
apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{port: 5432}]
`,
		"externalname": `
apiVersion: v1
kind: Service
metadata: {name: my-database, namespace: prod}
spec:
  type: ExternalName
  externalName: my.database.example.com
`,
	}
	for name, m := range manifests {
		t.Run(name, func(t *testing.T) {
			var svc Service
			svcDecodeStrict(t, m, &svc)
		})
	}

	t.Run("unknown field", func(t *testing.T) {
		js, _ := yaml.YAMLToJSON([]byte("kind: Service\nspec:\n  clusterIp: 10.0.0.1\n"))
		var svc Service
		strictErrs, err := sigsjson.UnmarshalStrict(js, &svc)
		if err == nil && len(strictErrs) == 0 {
			t.Fatal("decoding spec.clusterIp (wrong case) succeeded, want an error")
		}
	})
}

func TestServiceDefaults(t *testing.T) {
	single, dual := IPFamilyPolicySingleStack, IPFamilyPolicyRequireDualStack
	cluster := ServiceInternalTrafficPolicyCluster
	tests := []struct {
		name string
		in   ServiceSpec
		want ServiceSpec
	}{{
		name: "clusterip",
		in:   ServiceSpec{Ports: []ServicePort{{Port: 80}, {Port: 53, Protocol: ProtocolUDP, TargetPort: intstr.FromString("dns")}}},
		want: ServiceSpec{
			Ports: []ServicePort{
				{Port: 80, Protocol: ProtocolTCP, TargetPort: intstr.FromInt32(80)},
				{Port: 53, Protocol: ProtocolUDP, TargetPort: intstr.FromString("dns")},
			},
			Type: ServiceTypeClusterIP, SessionAffinity: ServiceAffinityNone,
			InternalTrafficPolicy: &cluster, IPFamilyPolicy: &single, IPFamilies: []IPFamily{IPv4Protocol},
		},
	}, {
		name: "loadbalancer with client IP affinity",
		in:   ServiceSpec{Type: ServiceTypeLoadBalancer, SessionAffinity: ServiceAffinityClientIP, Ports: []ServicePort{{Port: 443, TargetPort: intstr.FromInt32(8443)}}},
		want: ServiceSpec{
			Type: ServiceTypeLoadBalancer, Ports: []ServicePort{{Port: 443, Protocol: ProtocolTCP, TargetPort: intstr.FromInt32(8443)}},
			SessionAffinity:       ServiceAffinityClientIP,
			SessionAffinityConfig: &SessionAffinityConfig{ClientIP: &ClientIPConfig{TimeoutSeconds: ptrTo(int32(10800))}},
			ExternalTrafficPolicy: ServiceExternalTrafficPolicyCluster,
			InternalTrafficPolicy: &cluster, AllocateLoadBalancerNodePorts: ptrTo(true),
			IPFamilyPolicy: &single, IPFamilies: []IPFamily{IPv4Protocol},
		},
	}, {
		name: "affinity None drops the config",
		in:   ServiceSpec{SessionAffinityConfig: &SessionAffinityConfig{ClientIP: &ClientIPConfig{TimeoutSeconds: ptrTo(int32(5))}}},
		want: ServiceSpec{Type: ServiceTypeClusterIP, SessionAffinity: ServiceAffinityNone,
			InternalTrafficPolicy: &cluster, IPFamilyPolicy: &single, IPFamilies: []IPFamily{IPv4Protocol}},
	}, {
		name: "clusterip with external IPs gets an external traffic policy",
		in:   ServiceSpec{ExternalIPs: []string{"198.51.100.1"}},
		want: ServiceSpec{Type: ServiceTypeClusterIP, SessionAffinity: ServiceAffinityNone, ExternalIPs: []string{"198.51.100.1"},
			ExternalTrafficPolicy: ServiceExternalTrafficPolicyCluster,
			InternalTrafficPolicy: &cluster, IPFamilyPolicy: &single, IPFamilies: []IPFamily{IPv4Protocol}},
	}, {
		name: "IPv6 cluster IP",
		in:   ServiceSpec{ClusterIP: "fd00::10"},
		want: ServiceSpec{ClusterIP: "fd00::10", Type: ServiceTypeClusterIP, SessionAffinity: ServiceAffinityNone,
			InternalTrafficPolicy: &cluster, IPFamilyPolicy: &single, IPFamilies: []IPFamily{IPv6Protocol}},
	}, {
		name: "headless without selector",
		in:   ServiceSpec{ClusterIP: ClusterIPNone},
		want: ServiceSpec{ClusterIP: ClusterIPNone, Type: ServiceTypeClusterIP, SessionAffinity: ServiceAffinityNone,
			InternalTrafficPolicy: &cluster, IPFamilyPolicy: &dual, IPFamilies: []IPFamily{IPv4Protocol}},
	}, {
		name: "externalname",
		in:   ServiceSpec{Type: ServiceTypeExternalName, ExternalName: "example.com"},
		want: ServiceSpec{Type: ServiceTypeExternalName, ExternalName: "example.com", SessionAffinity: ServiceAffinityNone},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc := &Service{Spec: tt.in}
			SetObjectDefaults_Service(svc)
			if diff := cmp.Diff(tt.want, svc.Spec); diff != "" {
				t.Errorf("defaults (-want +got):\n%s", diff)
			}
		})
	}

	t.Run("ingress ipMode", func(t *testing.T) {
		svc := &Service{Spec: ServiceSpec{Type: ServiceTypeLoadBalancer},
			Status: ServiceStatus{LoadBalancer: LoadBalancerStatus{Ingress: []LoadBalancerIngress{{IP: "203.0.113.1"}, {Hostname: "lb.example.com"}}}}}
		SetObjectDefaults_Service(svc)
		want := []LoadBalancerIngress{{IP: "203.0.113.1", IPMode: ptrTo(LoadBalancerIPModeVIP)}, {Hostname: "lb.example.com"}}
		if diff := cmp.Diff(want, svc.Status.LoadBalancer.Ingress); diff != "" {
			t.Errorf("ingress (-want +got):\n%s", diff)
		}
	})
}

// validService returns a defaulted, prepared ClusterIP service that passes validation.
func validService(mutate func(*Service)) *Service {
	svc := &Service{
		ObjectMeta: meta.ObjectMeta{Name: "web", Namespace: "default"},
		Spec: ServiceSpec{
			Selector: map[string]string{"app": "web"},
			Ports:    []ServicePort{{Name: "http", Port: 80, TargetPort: intstr.FromString("http")}},
		},
	}
	if mutate != nil {
		mutate(svc)
	}
	SetObjectDefaults_Service(svc)
	PrepareServiceForCreate(svc)
	return svc
}

func TestValidateService(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*Service)
		after  func(*Service) // after defaulting
		want   []string
	}{
		{name: "valid clusterip"},
		{name: "valid headless without ports", mutate: func(s *Service) { s.Spec.ClusterIP = ClusterIPNone; s.Spec.Ports = nil }},
		{name: "valid nodeport", mutate: func(s *Service) { s.Spec.Type = ServiceTypeNodePort; s.Spec.Ports[0].NodePort = 30080 }},
		{name: "valid loadbalancer", mutate: func(s *Service) {
			s.Spec.Type = ServiceTypeLoadBalancer
			s.Spec.LoadBalancerSourceRanges = []string{"10.0.0.0/8", " 192.168.0.0/16 "}
			s.Spec.LoadBalancerClass = ptrTo("example.com/lb")
			s.Spec.ExternalTrafficPolicy = ServiceExternalTrafficPolicyLocal
			s.Spec.HealthCheckNodePort = 31000
		}},
		{name: "valid externalname with trailing dot", mutate: func(s *Service) {
			s.Spec = ServiceSpec{Type: ServiceTypeExternalName, ExternalName: "db.example.com."}
		}},
		{name: "valid dual-stack cluster IPs", mutate: func(s *Service) {
			s.Spec.ClusterIP = "10.43.0.10"
			s.Spec.ClusterIPs = []string{"10.43.0.10", "fd00::10"}
			s.Spec.IPFamilies = []IPFamily{IPv4Protocol, IPv6Protocol}
			s.Spec.IPFamilyPolicy = ptrTo(IPFamilyPolicyRequireDualStack)
		}},
		{
			name:   "ports required",
			mutate: func(s *Service) { s.Spec.Ports = nil },
			want:   []string{"spec.ports: Required value"},
		},
		{
			name: "port names required and unique with several ports",
			mutate: func(s *Service) {
				s.Spec.Ports = []ServicePort{{Port: 80}, {Name: "a", Port: 81}, {Name: "a", Port: 82}}
			},
			want: []string{
				"spec.ports[0].name: Required value",
				`spec.ports[2].name: Duplicate value: "a"`,
			},
		},
		{
			name:   "port name is a DNS label",
			mutate: func(s *Service) { s.Spec.Ports[0].Name = "HTTP" },
			want:   []string{`spec.ports[0].name: Invalid value: "HTTP": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`},
		},
		{
			name:   "port range",
			mutate: func(s *Service) { s.Spec.Ports[0].Port = 70000; s.Spec.Ports[0].TargetPort = intstr.FromInt32(0) },
			after:  func(s *Service) { s.Spec.Ports[0].TargetPort = intstr.FromInt32(0) },
			want: []string{
				"spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive",
				"spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive",
			},
		},
		{
			name:   "target port name is an IANA service name",
			mutate: func(s *Service) { s.Spec.Ports[0].TargetPort = intstr.FromString("web--port") },
			want:   []string{`spec.ports[0].targetPort: Invalid value: "web--port": must not contain consecutive hyphens`},
		},
		{
			name:   "protocol",
			mutate: func(s *Service) { s.Spec.Ports[0].Protocol = "ICMP" },
			want:   []string{`spec.ports[0].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"`},
		},
		{
			name:   "duplicate port and protocol",
			mutate: func(s *Service) { s.Spec.Ports = append(s.Spec.Ports, ServicePort{Name: "alt", Port: 80}) },
			want:   []string{`spec.ports[1]: Duplicate value: "80/TCP"`},
		},
		{
			name:   "node port on ClusterIP",
			mutate: func(s *Service) { s.Spec.Ports[0].NodePort = 30080 },
			want:   []string{"spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"},
		},
		{
			name: "duplicate node port",
			mutate: func(s *Service) {
				s.Spec.Type = ServiceTypeNodePort
				s.Spec.Ports = []ServicePort{{Name: "a", Port: 80, NodePort: 30080}, {Name: "b", Port: 81, NodePort: 30080}}
			},
			want: []string{"spec.ports[1].nodePort: Duplicate value: 30080"},
		},
		{
			name:   "headless NodePort",
			mutate: func(s *Service) { s.Spec.Type = ServiceTypeNodePort; s.Spec.ClusterIP = ClusterIPNone },
			want:   []string{`spec.clusterIPs[0]: Invalid value: "None": may not be set to 'None' for NodePort services`},
		},
		{
			name:   "externalname needs a name",
			mutate: func(s *Service) { s.Spec = ServiceSpec{Type: ServiceTypeExternalName} },
			want:   []string{"spec.externalName: Required value"},
		},
		{
			name: "externalname is a DNS subdomain and has no cluster IP",
			mutate: func(s *Service) {
				s.Spec = ServiceSpec{Type: ServiceTypeExternalName, ExternalName: "Bad_Name", ClusterIP: "10.43.0.1"}
			},
			want: []string{
				"spec.clusterIPs: Forbidden: may not be set for ExternalName services",
				`spec.externalName: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
			},
		},
		{
			name:   "session affinity enum",
			mutate: func(s *Service) { s.Spec.SessionAffinity = "Cookie" },
			want:   []string{`spec.sessionAffinity: Unsupported value: "Cookie": supported values: "ClientIP", "None"`},
		},
		{
			name: "affinity timeout range",
			mutate: func(s *Service) {
				s.Spec.SessionAffinity = ServiceAffinityClientIP
				s.Spec.SessionAffinityConfig = &SessionAffinityConfig{ClientIP: &ClientIPConfig{TimeoutSeconds: ptrTo(int32(86401))}}
			},
			want: []string{"spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 86401: must be greater than 0 and less than 86400"},
		},
		{
			name:  "affinity config only with ClientIP",
			after: func(s *Service) { s.Spec.SessionAffinityConfig = &SessionAffinityConfig{} },
			want:  []string{"spec.sessionAffinityConfig: Forbidden: must not be set when session affinity is None"},
		},
		{
			name:  "external traffic policy only for externally reachable services",
			after: func(s *Service) { s.Spec.ExternalTrafficPolicy = ServiceExternalTrafficPolicyLocal },
			want:  []string{`spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services`},
		},
		{
			name:   "external traffic policy enum",
			mutate: func(s *Service) { s.Spec.Type = ServiceTypeNodePort; s.Spec.ExternalTrafficPolicy = "Nearby" },
			want:   []string{`spec.externalTrafficPolicy: Unsupported value: "Nearby": supported values: "Cluster", "Local"`},
		},
		{
			name:   "health check node port only for LoadBalancer with Local",
			mutate: func(s *Service) { s.Spec.Type = ServiceTypeNodePort; s.Spec.HealthCheckNodePort = 31000 },
			want:   []string{"spec.healthCheckNodePort: Invalid value: 31000: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"},
		},
		{
			name:   "source ranges are CIDRs for LoadBalancer only",
			mutate: func(s *Service) { s.Spec.LoadBalancerSourceRanges = []string{"10.0.0.0/33"} },
			want: []string{
				"spec.loadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'",
				`spec.loadBalancerSourceRanges[0]: Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)`,
			},
		},
		{
			name:   "load balancer class only for LoadBalancer",
			mutate: func(s *Service) { s.Spec.LoadBalancerClass = ptrTo("example.com/lb") },
			want:   []string{"spec.loadBalancerClass: Forbidden: may only be used when `type` is 'LoadBalancer'"},
		},
		{
			name:   "allocateLoadBalancerNodePorts only for LoadBalancer",
			mutate: func(s *Service) { s.Spec.AllocateLoadBalancerNodePorts = ptrTo(false) },
			want:   []string{"spec.allocateLoadBalancerNodePorts: Forbidden: may only be used when `type` is 'LoadBalancer'"},
		},
		{
			name:   "external IPs are valid and not special",
			mutate: func(s *Service) { s.Spec.ExternalIPs = []string{"1.2.3", "127.0.0.1"} },
			want: []string{
				`spec.externalIPs[0]: Invalid value: "1.2.3": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)`,
				`spec.externalIPs[1]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)`,
			},
		},
		{
			name:   "cluster IP is an IP",
			mutate: func(s *Service) { s.Spec.ClusterIP = "10.43.0.300" },
			want:   []string{`spec.clusterIPs[0]: Invalid value: "10.43.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)`},
		},
		{
			name:  "clusterIPs[0] matches clusterIP",
			after: func(s *Service) { s.Spec.ClusterIP = "10.43.0.1"; s.Spec.ClusterIPs = []string{"10.43.0.2"} },
			want:  []string{`spec.clusterIPs: Invalid value: []string{"10.43.0.2"}: first value must match ` + "`clusterIP`"},
		},
		{
			name:  "cluster IP family matches ipFamilies",
			after: func(s *Service) { s.Spec.ClusterIP = "fd00::1"; s.Spec.ClusterIPs = []string{"fd00::1"} },
			want:  []string{`spec.clusterIPs[0]: Invalid value: "fd00::1": expected an IPv4 value as indicated by ` + "`ipFamilies[0]`"},
		},
		{
			name: "two addresses of one family",
			after: func(s *Service) {
				s.Spec.ClusterIP = "10.43.0.1"
				s.Spec.ClusterIPs = []string{"10.43.0.1", "10.43.0.2"}
			},
			want: []string{`spec.clusterIPs: Invalid value: []string{"10.43.0.1", "10.43.0.2"}: may specify no more than one IP for each IP family`},
		},
		{
			name:   "type enum",
			mutate: func(s *Service) { s.Spec.Type = "Ingress" },
			want:   []string{`spec.type: Unsupported value: "Ingress": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"`},
		},
		{
			name:   "selector labels",
			mutate: func(s *Service) { s.Spec.Selector = map[string]string{"app": "-bad"} },
			want:   []string{`spec.selector[app]: Invalid value: "-bad": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`},
		},
		{
			name:   "traffic distribution",
			mutate: func(s *Service) { s.Spec.TrafficDistribution = ptrTo("Anywhere") },
			want:   []string{`spec.trafficDistribution: Unsupported value: "Anywhere": supported values: "PreferClose"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc := validService(tt.mutate)
			if tt.after != nil {
				tt.after(svc)
			}
			got := svcErrStrings(ValidateService(svc))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestServiceNameIsDNS1035Label(t *testing.T) {
	k := svcKind(t, "Service")
	svc := validService(nil)
	svc.Name = "1web"
	got := svcErrStrings(k.Validate(svc))
	want := []string{`metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

func TestServiceUpdate(t *testing.T) {
	allocated := func(mutate func(*Service)) *Service {
		svc := validService(mutate)
		if svc.Spec.Type != ServiceTypeExternalName && svc.Spec.ClusterIP == "" {
			svc.Spec.ClusterIP = "10.43.0.10"
			svc.Spec.ClusterIPs = []string{"10.43.0.10"}
		}
		svc.ResourceVersion = "7"
		return svc
	}
	// update applies the server's update path to a copy of old changed by change.
	update := func(old *Service, change func(*Service)) (*Service, []string) {
		svc := old.DeepCopy()
		change(svc)
		SetObjectDefaults_Service(svc)
		PrepareServiceForUpdate(svc, old)
		return svc, svcErrStrings(ValidateServiceUpdate(svc, old))
	}
	tests := []struct {
		name   string
		old    *Service
		change func(*Service)
		check  func(*testing.T, *Service)
		want   []string
	}{{
		name:   "cluster IP is immutable",
		old:    allocated(nil),
		change: func(s *Service) { s.Spec.ClusterIP = "10.43.0.11" },
		want:   []string{`spec.clusterIPs[0]: Invalid value: []string{"10.43.0.11"}: may not change once set`},
	}, {
		name: "a PUT without clusterIP keeps the allocated one",
		old:  allocated(func(s *Service) { s.Spec.ClusterIP = "fd00::10" }),
		change: func(s *Service) {
			s.Spec.ClusterIP = ""
			s.Spec.ClusterIPs = nil
			s.Spec.IPFamilies = nil
			s.Spec.Ports[0].Port = 8080
		},
		check: func(t *testing.T, s *Service) {
			if s.Spec.ClusterIP != "fd00::10" || !cmp.Equal(s.Spec.ClusterIPs, []string{"fd00::10"}) || !cmp.Equal(s.Spec.IPFamilies, []IPFamily{IPv6Protocol}) {
				t.Errorf("clusterIP %q clusterIPs %v families %v, want the allocated IPv6 address kept", s.Spec.ClusterIP, s.Spec.ClusterIPs, s.Spec.IPFamilies)
			}
		},
	}, {
		name: "node ports are kept when omitted",
		old: allocated(func(s *Service) {
			s.Spec.Type = ServiceTypeNodePort
			s.Spec.Ports[0].NodePort = 30080
		}),
		change: func(s *Service) { s.Spec.Ports[0].NodePort = 0 },
		check: func(t *testing.T, s *Service) {
			if s.Spec.Ports[0].NodePort != 30080 {
				t.Errorf("nodePort = %d, want 30080", s.Spec.Ports[0].NodePort)
			}
		},
	}, {
		name:   "to ExternalName drops the cluster IPs and families",
		old:    allocated(nil),
		change: func(s *Service) { s.Spec.Type = ServiceTypeExternalName; s.Spec.ExternalName = "db.example.com" },
		check: func(t *testing.T, s *Service) {
			if s.Spec.ClusterIP != "" || s.Spec.ClusterIPs != nil || s.Spec.IPFamilies != nil || s.Spec.IPFamilyPolicy != nil {
				t.Errorf("spec kept cluster IP fields: %+v", s.Spec)
			}
		},
	}, {
		name: "from ExternalName may set a cluster IP",
		old:  allocated(func(s *Service) { s.Spec = ServiceSpec{Type: ServiceTypeExternalName, ExternalName: "db.example.com"} }),
		change: func(s *Service) {
			s.Spec = ServiceSpec{Type: ServiceTypeClusterIP, ClusterIP: "10.43.0.99", Ports: []ServicePort{{Port: 80}}}
		},
	}, {
		name: "NodePort to ClusterIP drops node ports and traffic policy",
		old: allocated(func(s *Service) {
			s.Spec.Type = ServiceTypeNodePort
			s.Spec.Ports[0].NodePort = 30080
		}),
		change: func(s *Service) { s.Spec.Type = ServiceTypeClusterIP },
		check: func(t *testing.T, s *Service) {
			if s.Spec.Ports[0].NodePort != 0 || s.Spec.ExternalTrafficPolicy != "" {
				t.Errorf("nodePort %d, externalTrafficPolicy %q; want both cleared", s.Spec.Ports[0].NodePort, s.Spec.ExternalTrafficPolicy)
			}
		},
	}, {
		name: "load balancer class is immutable",
		old: allocated(func(s *Service) {
			s.Spec.Type = ServiceTypeLoadBalancer
			s.Spec.LoadBalancerClass = ptrTo("example.com/a")
		}),
		change: func(s *Service) { s.Spec.LoadBalancerClass = ptrTo("example.com/b") },
		want:   []string{`spec.loadBalancerClass: Invalid value: "example.com/b": may not change once set`},
	}, {
		name:   "primary family is immutable",
		old:    allocated(nil),
		change: func(s *Service) { s.Spec.IPFamilies = []IPFamily{IPv6Protocol} },
		want: []string{
			`spec.ipFamilies[0]: Invalid value: []v1.IPFamily{"IPv6"}: may not change once set`,
			`spec.clusterIPs[0]: Invalid value: "10.43.0.10": expected an IPv6 value as indicated by ` + "`ipFamilies[0]`",
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, got := update(tt.old, tt.change)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
			if tt.check != nil {
				tt.check(t, svc)
			}
		})
	}
}

func TestServiceStrategy(t *testing.T) {
	k := svcKind(t, "Service")
	if !k.HasStatus() || k.Resource() != "services" || !cmp.Equal(k.ShortNames(), []string{"svc"}) || !cmp.Equal(k.Categories(), []string{"all"}) {
		t.Fatalf("kind: status %v resource %q short %v categories %v", k.HasStatus(), k.Resource(), k.ShortNames(), k.Categories())
	}
	svc := &Service{ObjectMeta: meta.ObjectMeta{Name: "web", Namespace: "default"},
		Spec:   ServiceSpec{ClusterIP: "10.43.0.5", Ports: []ServicePort{{Port: 80}}},
		Status: ServiceStatus{LoadBalancer: LoadBalancerStatus{Ingress: []LoadBalancerIngress{{IP: "1.2.3.4"}}}}}
	k.Default(svc)
	k.PrepareForCreate(svc)
	if errs := k.Validate(svc); len(errs) != 0 {
		t.Fatalf("Validate: %v", errs.ToAggregate())
	}
	if len(svc.Status.LoadBalancer.Ingress) != 0 || svc.Generation != 1 || !cmp.Equal(svc.Spec.ClusterIPs, []string{"10.43.0.5"}) {
		t.Errorf("after create: status %+v generation %d clusterIPs %v", svc.Status, svc.Generation, svc.Spec.ClusterIPs)
	}

	// A main update keeps the stored status and bumps the generation on spec changes.
	old := svc.DeepCopy()
	old.Status.LoadBalancer.Ingress = []LoadBalancerIngress{{IP: "1.2.3.4"}}
	upd := old.DeepCopy()
	upd.Status = ServiceStatus{}
	upd.Spec.Ports[0].Port = 8080
	k.Default(upd)
	k.PrepareForUpdate(upd, old)
	if upd.Generation != 2 || len(upd.Status.LoadBalancer.Ingress) != 1 {
		t.Errorf("after update: generation %d, status %+v", upd.Generation, upd.Status)
	}

	// A status update keeps the stored spec.
	st := old.DeepCopy()
	st.Spec.Ports[0].Port = 9999
	st.Status.LoadBalancer.Ingress = nil
	k.PrepareForStatusUpdate(st, old)
	if st.Spec.Ports[0].Port != 80 || st.Status.LoadBalancer.Ingress != nil {
		t.Errorf("after status update: port %d status %+v", st.Spec.Ports[0].Port, st.Status)
	}

	for field, want := range map[string]string{"spec.clusterIP": "10.43.0.5", "spec.type": "ClusterIP", "metadata.namespace": "default"} {
		if got, ok := k.FieldValue(svc, field); !ok || got != want {
			t.Errorf("field %s = %q, %v; want %q", field, got, ok, want)
		}
	}
}

func TestValidateServiceStatus(t *testing.T) {
	svc := validService(func(s *Service) { s.Spec.Type = ServiceTypeLoadBalancer })
	svc.Status.LoadBalancer.Ingress = []LoadBalancerIngress{
		{IP: "203.0.113.1", IPMode: ptrTo(LoadBalancerIPModeVIP)},
		{IP: "203.0.113.2"},
		{Hostname: "10.0.0.1", IPMode: ptrTo(LoadBalancerIPModeProxy)},
	}
	want := []string{
		"status.loadBalancer.ingress[1].ipMode: Required value: must be specified when `ip` is set",
		"status.loadBalancer.ingress[2].ipMode: Forbidden: may not be specified when `ip` is not set",
		`status.loadBalancer.ingress[2].hostname: Invalid value: "10.0.0.1": must be a DNS name, not an IP address`,
	}
	if diff := cmp.Diff(want, svcErrStrings(ValidateServiceStatus(svc))); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	svc.Spec.Type = ServiceTypeClusterIP
	want = []string{"status.loadBalancer.ingress: Forbidden: may only be used when `spec.type` is 'LoadBalancer'"}
	if diff := cmp.Diff(want, svcErrStrings(ValidateServiceStatus(svc))); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

func TestServiceCells(t *testing.T) {
	base := func(spec ServiceSpec) *Service {
		return &Service{ObjectMeta: meta.ObjectMeta{Name: "web", CreationTimestamp: meta.NewTime(svcNow.Add(-3 * time.Hour))}, Spec: spec}
	}
	lb := base(ServiceSpec{Type: ServiceTypeLoadBalancer, ClusterIPs: []string{"10.43.0.9"},
		Ports: []ServicePort{{Port: 443, NodePort: 31443, Protocol: ProtocolTCP}}, Selector: map[string]string{"app": "web", "tier": "fe"}})
	lbReady := lb.DeepCopy()
	lbReady.Status.LoadBalancer.Ingress = []LoadBalancerIngress{{Hostname: "b.example.com"}, {IP: "203.0.113.9"}, {IP: "203.0.113.9"}}
	lbReady.Spec.ExternalIPs = []string{"198.51.100.1"}
	tests := []struct {
		name string
		svc  *Service
		want []any
	}{
		{"clusterip", base(ServiceSpec{Type: ServiceTypeClusterIP, ClusterIPs: []string{"10.43.0.1"},
			Ports: []ServicePort{{Port: 80, Protocol: ProtocolTCP}, {Port: 53, Protocol: ProtocolUDP}}}),
			[]any{"web", "ClusterIP", "10.43.0.1", "<none>", "80/TCP,53/UDP", "3h", "<none>"}},
		{"nodeport with external IP", base(ServiceSpec{Type: ServiceTypeNodePort, ClusterIPs: []string{"10.43.0.2"}, ExternalIPs: []string{"198.51.100.1", "198.51.100.2"},
			Ports: []ServicePort{{Port: 80, NodePort: 30080, Protocol: ProtocolTCP}}}),
			[]any{"web", "NodePort", "10.43.0.2", "198.51.100.1,198.51.100.2", "80:30080/TCP", "3h", "<none>"}},
		{"loadbalancer pending", lb, []any{"web", "LoadBalancer", "10.43.0.9", "<pending>", "443:31443/TCP", "3h", "app=web,tier=fe"}},
		{"loadbalancer ready", lbReady, []any{"web", "LoadBalancer", "10.43.0.9", "203.0.113.9,b.example.com,198.51.100.1", "443:31443/TCP", "3h", "app=web,tier=fe"}},
		{"headless without ports", base(ServiceSpec{Type: ServiceTypeClusterIP, ClusterIPs: []string{"None"}}),
			[]any{"web", "ClusterIP", "None", "<none>", "<none>", "3h", "<none>"}},
		{"externalname", base(ServiceSpec{Type: ServiceTypeExternalName, ExternalName: "db.example.com"}),
			[]any{"web", "ExternalName", "<none>", "db.example.com", "<none>", "3h", "<none>"}},
	}
	k := svcKind(t, "Service")
	var names []string
	for _, c := range k.Columns() {
		names = append(names, strings.ToUpper(c.Name))
	}
	if diff := cmp.Diff([]string{"NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE", "SELECTOR"}, names); diff != "" {
		t.Errorf("columns (-want +got):\n%s", diff)
	}
	if k.Columns()[6].Priority != 1 {
		t.Error("SELECTOR is not a wide column")
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, k.Cells(tt.svc, svcNow)); diff != "" {
				t.Errorf("cells (-want +got):\n%s", diff)
			}
		})
	}
}

func TestServiceHelpers(t *testing.T) {
	svc := validService(func(s *Service) {
		s.Spec.Ports = []ServicePort{{Name: "http", Port: 80}, {Name: "dns", Port: 53, Protocol: ProtocolUDP}}
	})
	if p := svc.PortByName("dns"); p == nil || p.Port != 53 {
		t.Errorf("PortByName(dns) = %+v", p)
	}
	if p := svc.PortByName("grpc"); p != nil {
		t.Errorf("PortByName(grpc) = %+v, want nil", p)
	}
	if p := svc.PortByNumber(53, ProtocolUDP); p == nil || p.Name != "dns" {
		t.Errorf("PortByNumber(53/UDP) = %+v", p)
	}
	if svc.IsHeadless() {
		t.Error("IsHeadless() = true for a ClusterIP service")
	}
	if !(&Service{Spec: ServiceSpec{ClusterIP: ClusterIPNone}}).IsHeadless() {
		t.Error("IsHeadless() = false for clusterIP None")
	}
}

func TestEndpoints(t *testing.T) {
	t.Run("decode", func(t *testing.T) {
		var ep Endpoints
		svcDecodeStrict(t, `
apiVersion: v1
kind: Endpoints
metadata:
  name: web
  namespace: default
  annotations: {endpoints.kubernetes.io/last-change-trigger-time: "2026-11-25T10:00:00Z"}
subsets:
- addresses:
  - ip: 10.42.0.5
    nodeName: node-1
    targetRef: {kind: Pod, namespace: default, name: web-1, uid: 3b1c9a54-2d7e-4f7a-8d55-1c2b3a4d5e6f}
  - ip: 10.42.0.6
    hostname: web-2
  notReadyAddresses:
  - ip: 10.42.1.7
  ports:
  - {name: http, port: 8080, protocol: TCP, appProtocol: http}
`, &ep)
	})

	valid := func() *Endpoints {
		ep := &Endpoints{ObjectMeta: meta.ObjectMeta{Name: "web", Namespace: "default"}, Subsets: []EndpointSubset{{
			Addresses: []EndpointAddress{{IP: "10.42.0.5", NodeName: ptrTo("node-1")}},
			Ports:     []EndpointPort{{Name: "http", Port: 80}, {Name: "grpc", Port: 9090}},
		}}}
		SetObjectDefaults_Endpoints(ep)
		return ep
	}
	tests := []struct {
		name   string
		mutate func(*Endpoints)
		want   []string
	}{
		{name: "valid"},
		{name: "no addresses", mutate: func(e *Endpoints) { e.Subsets[0].Addresses = nil },
			want: []string{"subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`"}},
		{name: "bad IPs", mutate: func(e *Endpoints) {
			e.Subsets[0].Addresses = []EndpointAddress{{IP: "10.42.0"}, {IP: "169.254.1.1"}}
			e.Subsets[0].NotReadyAddresses = []EndpointAddress{{IP: "0.0.0.0", Hostname: "Web"}}
		}, want: []string{
			`subsets[0].addresses[0].ip: Invalid value: "10.42.0": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)`,
			`subsets[0].addresses[1].ip: Invalid value: "169.254.1.1": may not be in the link-local range (169.254.0.0/16, fe80::/10)`,
			`subsets[0].notReadyAddresses[0].hostname: Invalid value: "Web": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
			`subsets[0].notReadyAddresses[0].ip: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)`,
		}},
		{name: "ports", mutate: func(e *Endpoints) {
			e.Subsets[0].Ports = []EndpointPort{{Port: 0, Protocol: ProtocolTCP}, {Name: "a", Port: 80, Protocol: "HTTP"}, {Name: "a", Port: 81, Protocol: ProtocolTCP}}
		}, want: []string{
			"subsets[0].ports[0].name: Required value",
			"subsets[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
			`subsets[0].ports[1].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"`,
			`subsets[0].ports[2].name: Duplicate value: "a"`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ep := valid()
			if tt.mutate != nil {
				tt.mutate(ep)
			}
			if diff := cmp.Diff(tt.want, svcErrStrings(ValidateEndpoints(ep))); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}

	t.Run("cells", func(t *testing.T) {
		addrs := func(ips ...string) []EndpointAddress {
			var out []EndpointAddress
			for _, ip := range ips {
				out = append(out, EndpointAddress{IP: ip})
			}
			return out
		}
		k := svcKind(t, "Endpoints")
		if !k.AllowCreateOnUpdate() || k.Resource() != "endpoints" || k.ListKind() != "EndpointsList" {
			t.Errorf("kind: createOnUpdate %v resource %q list %q", k.AllowCreateOnUpdate(), k.Resource(), k.ListKind())
		}
		cases := []struct {
			name    string
			subsets []EndpointSubset
			want    string
		}{
			{"none", nil, "<none>"},
			{"not ready only", []EndpointSubset{{NotReadyAddresses: addrs("10.42.0.5"), Ports: []EndpointPort{{Port: 80}}}}, "<none>"},
			{"two", []EndpointSubset{{Addresses: addrs("10.42.0.5", "10.42.0.6"), Ports: []EndpointPort{{Port: 80}}}}, "10.42.0.5:80,10.42.0.6:80"},
			{"more", []EndpointSubset{{Addresses: addrs("10.42.0.5", "10.42.0.6", "10.42.0.7"), Ports: []EndpointPort{{Port: 80}, {Port: 443}}}},
				"10.42.0.5:80,10.42.0.6:80,10.42.0.7:80 + 3 more..."},
			{"headless without ports", []EndpointSubset{{Addresses: addrs("10.42.0.5", "fd00::5")}}, "10.42.0.5,fd00::5"},
			{"IPv6", []EndpointSubset{{Addresses: addrs("fd00::5"), Ports: []EndpointPort{{Port: 80}}}}, "[fd00::5]:80"},
		}
		for _, c := range cases {
			ep := &Endpoints{ObjectMeta: svcCreated(90 * time.Second), Subsets: c.subsets}
			ep.Name = "web"
			want := []any{"web", c.want, "90s"}
			if diff := cmp.Diff(want, k.Cells(ep, svcNow)); diff != "" {
				t.Errorf("%s: cells (-want +got):\n%s", c.name, diff)
			}
		}
	})
}
