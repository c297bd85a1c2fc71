package v1

import (
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

// Ingress routes external HTTP(S) traffic to Services by host and path.
// An ingress controller (chosen by spec.ingressClassName) implements it.
type Ingress struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata,omitempty"`

	// Spec is the desired routing.
	Spec IngressSpec `json:"spec,omitempty"`
	// Status is the load balancer state, written through the status subresource.
	Status IngressStatus `json:"status,omitempty"`
}

// IngressList is a list of Ingresses.
type IngressList struct {
	meta.TypeMeta `json:",inline"`
	meta.ListMeta `json:"metadata,omitempty"`
	Items         []Ingress `json:"items"`
}

// IngressSpec describes the routing of an Ingress.
type IngressSpec struct {
	// IngressClassName names the IngressClass of the controller that
	// implements this Ingress; nil means the default class.
	IngressClassName *string `json:"ingressClassName,omitempty"`
	// DefaultBackend receives the requests no rule matches.
	DefaultBackend *IngressBackend `json:"defaultBackend,omitempty"`
	// TLS terminates TLS for the listed hosts with a certificate Secret.
	TLS []IngressTLS `json:"tls,omitempty"`
	// Rules route requests by host and path.
	Rules []IngressRule `json:"rules,omitempty"`
}

// IngressTLS is the TLS configuration of a set of hosts.
type IngressTLS struct {
	// Hosts are the hosts the certificate covers.
	Hosts []string `json:"hosts,omitempty"`
	// SecretName names a kubernetes.io/tls Secret in the Ingress's namespace.
	SecretName string `json:"secretName,omitempty"`
}

// IngressStatus is the observed state of an Ingress.
type IngressStatus struct {
	// LoadBalancer is the state of the load balancer in front of the Ingress.
	LoadBalancer IngressLoadBalancerStatus `json:"loadBalancer,omitempty"`
}

// IngressLoadBalancerStatus is the state of an Ingress's load balancer.
type IngressLoadBalancerStatus struct {
	// Ingress lists the load balancer's ingress points.
	Ingress []IngressLoadBalancerIngress `json:"ingress,omitempty"`
}

// IngressLoadBalancerIngress is one ingress point of a load balancer.
type IngressLoadBalancerIngress struct {
	// IP is set for IP-based load balancers.
	IP string `json:"ip,omitempty"`
	// Hostname is set for DNS-based load balancers.
	Hostname string `json:"hostname,omitempty"`
	// Ports report per-port errors.
	Ports []IngressPortStatus `json:"ports,omitempty"`
}

// IngressPortStatus is the state of one port of an Ingress load balancer.
type IngressPortStatus struct {
	Port     int32           `json:"port"`
	Protocol corev1.Protocol `json:"protocol"`
	// Error is a CamelCase error, nil when fine.
	Error *string `json:"error,omitempty"`
}

// IngressRule routes the requests for one host (or every host).
type IngressRule struct {
	// Host is a DNS name, optionally with a leading "*." wildcard; empty
	// matches every host.
	Host string `json:"host,omitempty"`
	// IngressRuleValue holds the routes.
	IngressRuleValue `json:",inline,omitempty"`
}

// IngressRuleValue holds the routes of a rule; only HTTP exists.
type IngressRuleValue struct {
	HTTP *HTTPIngressRuleValue `json:"http,omitempty"`
}

// HTTPIngressRuleValue is the HTTP routes of a rule.
type HTTPIngressRuleValue struct {
	// Paths map request paths to backends.
	Paths []HTTPIngressPath `json:"paths"`
}

// PathType says how an Ingress path matches request paths.
type PathType string

// Path types.
const (
	// PathTypeExact matches the URL path exactly (case-sensitive).
	PathTypeExact PathType = "Exact"
	// PathTypePrefix matches by '/'-separated path elements ("/foo" matches
	// "/foo/bar" but not "/foobar").
	PathTypePrefix PathType = "Prefix"
	// PathTypeImplementationSpecific leaves the matching to the controller.
	PathTypeImplementationSpecific PathType = "ImplementationSpecific"
)

// HTTPIngressPath maps a path to a backend.
type HTTPIngressPath struct {
	// Path must begin with '/' for Exact and Prefix.
	Path string `json:"path,omitempty"`
	// PathType is Exact, Prefix or ImplementationSpecific; required.
	PathType *PathType `json:"pathType"`
	// Backend receives the matching requests.
	Backend IngressBackend `json:"backend"`
}

// IngressBackend is where requests go: exactly one of a Service port or a resource.
type IngressBackend struct {
	// Service is a Service port in the Ingress's namespace.
	Service *IngressServiceBackend `json:"service,omitempty"`
	// Resource is another object in the Ingress's namespace (a storage bucket, ...).
	Resource *corev1.TypedLocalObjectReference `json:"resource,omitempty"`
}

// IngressServiceBackend is a Service port.
type IngressServiceBackend struct {
	// Name of the Service.
	Name string `json:"name"`
	// Port of the Service, by name or number.
	Port ServiceBackendPort `json:"port,omitempty"`
}

// ServiceBackendPort names a Service port by name or number (exactly one).
type ServiceBackendPort struct {
	Name   string `json:"name,omitempty"`
	Number int32  `json:"number,omitempty"`
}

// IngressClass names an ingress controller and its parameters. Ingresses
// select one with spec.ingressClassName; the class annotated
// AnnotationIsDefaultIngressClass="true" is the default.
type IngressClass struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata,omitempty"`

	// Spec is the controller and its parameters.
	Spec IngressClassSpec `json:"spec,omitempty"`
}

// IngressClassList is a list of IngressClasses.
type IngressClassList struct {
	meta.TypeMeta `json:",inline"`
	meta.ListMeta `json:"metadata,omitempty"`
	Items         []IngressClass `json:"items"`
}

// AnnotationIsDefaultIngressClass, set to "true" on an IngressClass, makes
// it the class of Ingresses that name none.
const AnnotationIsDefaultIngressClass = "ingressclass.kubernetes.io/is-default-class"

// IngressClassSpec describes an IngressClass.
type IngressClassSpec struct {
	// Controller is a domain-prefixed path naming the controller
	// ("example.com/ingress-controller"); immutable.
	Controller string `json:"controller,omitempty"`
	// Parameters point at a resource configuring the controller.
	Parameters *IngressClassParametersReference `json:"parameters,omitempty"`
}

// Parameter reference scopes.
const (
	// IngressClassParametersReferenceScopeNamespace refers to a namespaced resource.
	IngressClassParametersReferenceScopeNamespace = "Namespace"
	// IngressClassParametersReferenceScopeCluster refers to a cluster-scoped resource.
	IngressClassParametersReferenceScopeCluster = "Cluster"
)

// IngressClassParametersReference points at the parameters of an IngressClass.
type IngressClassParametersReference struct {
	// APIGroup of the resource; nil means the core group.
	APIGroup *string `json:"apiGroup,omitempty"`
	// Kind of the resource.
	Kind string `json:"kind"`
	// Name of the resource.
	Name string `json:"name"`
	// Scope is Cluster (the default) or Namespace.
	Scope *string `json:"scope"`
	// Namespace of the resource; required with scope Namespace, forbidden with Cluster.
	Namespace *string `json:"namespace,omitempty"`
}
