package v1

import (
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

// Ingress routes external HTTP(S) traffic to Services by host and path.
// An ingress controller (chosen by spec.ingressClassName) implements it.
type Ingress struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Spec is the desired routing.
	Spec IngressSpec `json:"spec,omitempty" protobuf:"bytes,2,opt,name=spec"`
	// Status is the load balancer state, written through the status subresource.
	Status IngressStatus `json:"status,omitempty" protobuf:"bytes,3,opt,name=status"`
}

// IngressList is a list of Ingresses.
type IngressList struct {
	meta.TypeMeta `json:",inline"`
	meta.ListMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`
	Items         []Ingress `json:"items" protobuf:"bytes,2,rep,name=items"`
}

// IngressSpec describes the routing of an Ingress.
type IngressSpec struct {
	// IngressClassName names the IngressClass of the controller that
	// implements this Ingress; nil means the default class.
	IngressClassName *string `json:"ingressClassName,omitempty" protobuf:"bytes,4,opt,name=ingressClassName"`
	// DefaultBackend receives the requests no rule matches.
	DefaultBackend *IngressBackend `json:"defaultBackend,omitempty" protobuf:"bytes,1,opt,name=defaultBackend"`
	// TLS terminates TLS for the listed hosts with a certificate Secret.
	TLS []IngressTLS `json:"tls,omitempty" protobuf:"bytes,2,rep,name=tls"`
	// Rules route requests by host and path.
	Rules []IngressRule `json:"rules,omitempty" protobuf:"bytes,3,rep,name=rules"`
}

// IngressTLS is the TLS configuration of a set of hosts.
type IngressTLS struct {
	// Hosts are the hosts the certificate covers.
	Hosts []string `json:"hosts,omitempty" protobuf:"bytes,1,rep,name=hosts"`
	// SecretName names a kubernetes.io/tls Secret in the Ingress's namespace.
	SecretName string `json:"secretName,omitempty" protobuf:"bytes,2,opt,name=secretName"`
}

// IngressStatus is the observed state of an Ingress.
type IngressStatus struct {
	// LoadBalancer is the state of the load balancer in front of the Ingress.
	LoadBalancer IngressLoadBalancerStatus `json:"loadBalancer,omitempty" protobuf:"bytes,1,opt,name=loadBalancer"`
}

// IngressLoadBalancerStatus is the state of an Ingress's load balancer.
type IngressLoadBalancerStatus struct {
	// Ingress lists the load balancer's ingress points.
	Ingress []IngressLoadBalancerIngress `json:"ingress,omitempty" protobuf:"bytes,1,rep,name=ingress"`
}

// IngressLoadBalancerIngress is one ingress point of a load balancer.
type IngressLoadBalancerIngress struct {
	// IP is set for IP-based load balancers.
	IP string `json:"ip,omitempty" protobuf:"bytes,1,opt,name=ip"`
	// Hostname is set for DNS-based load balancers.
	Hostname string `json:"hostname,omitempty" protobuf:"bytes,2,opt,name=hostname"`
	// Ports report per-port errors.
	Ports []IngressPortStatus `json:"ports,omitempty" protobuf:"bytes,4,rep,name=ports"`
}

// IngressPortStatus is the state of one port of an Ingress load balancer.
type IngressPortStatus struct {
	Port     int32           `json:"port" protobuf:"varint,1,opt,name=port"`
	Protocol corev1.Protocol `json:"protocol" protobuf:"bytes,2,opt,name=protocol,casttype=Protocol"`
	// Error is a CamelCase error, nil when fine.
	Error *string `json:"error,omitempty" protobuf:"bytes,3,opt,name=error"`
}

// IngressRule routes the requests for one host (or every host).
type IngressRule struct {
	// Host is a DNS name, optionally with a leading "*." wildcard; empty
	// matches every host.
	Host string `json:"host,omitempty" protobuf:"bytes,1,opt,name=host"`
	// IngressRuleValue holds the routes.
	IngressRuleValue `json:",inline,omitempty" protobuf:"bytes,2,opt,name=ingressRuleValue"`
}

// IngressRuleValue holds the routes of a rule; only HTTP exists.
type IngressRuleValue struct {
	HTTP *HTTPIngressRuleValue `json:"http,omitempty" protobuf:"bytes,1,opt,name=http"`
}

// HTTPIngressRuleValue is the HTTP routes of a rule.
type HTTPIngressRuleValue struct {
	// Paths map request paths to backends.
	Paths []HTTPIngressPath `json:"paths" protobuf:"bytes,1,rep,name=paths"`
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
	Path string `json:"path,omitempty" protobuf:"bytes,1,opt,name=path"`
	// PathType is Exact, Prefix or ImplementationSpecific; required.
	PathType *PathType `json:"pathType" protobuf:"bytes,3,opt,name=pathType"`
	// Backend receives the matching requests.
	Backend IngressBackend `json:"backend" protobuf:"bytes,2,opt,name=backend"`
}

// IngressBackend is where requests go: exactly one of a Service port or a resource.
type IngressBackend struct {
	// Service is a Service port in the Ingress's namespace.
	Service *IngressServiceBackend `json:"service,omitempty" protobuf:"bytes,4,opt,name=service"`
	// Resource is another object in the Ingress's namespace (a storage bucket, ...).
	Resource *corev1.TypedLocalObjectReference `json:"resource,omitempty" protobuf:"bytes,3,opt,name=resource"`
}

// IngressServiceBackend is a Service port.
type IngressServiceBackend struct {
	// Name of the Service.
	Name string `json:"name" protobuf:"bytes,1,opt,name=name"`
	// Port of the Service, by name or number.
	Port ServiceBackendPort `json:"port,omitempty" protobuf:"bytes,2,opt,name=port"`
}

// ServiceBackendPort names a Service port by name or number (exactly one).
type ServiceBackendPort struct {
	Name   string `json:"name,omitempty" protobuf:"bytes,1,opt,name=name"`
	Number int32  `json:"number,omitempty" protobuf:"bytes,2,opt,name=number"`
}

// IngressClass names an ingress controller and its parameters. Ingresses
// select one with spec.ingressClassName; the class annotated
// AnnotationIsDefaultIngressClass="true" is the default.
type IngressClass struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Spec is the controller and its parameters.
	Spec IngressClassSpec `json:"spec,omitempty" protobuf:"bytes,2,opt,name=spec"`
}

// IngressClassList is a list of IngressClasses.
type IngressClassList struct {
	meta.TypeMeta `json:",inline"`
	meta.ListMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`
	Items         []IngressClass `json:"items" protobuf:"bytes,2,rep,name=items"`
}

// AnnotationIsDefaultIngressClass, set to "true" on an IngressClass, makes
// it the class of Ingresses that name none.
const AnnotationIsDefaultIngressClass = "ingressclass.kubernetes.io/is-default-class"

// IngressClassSpec describes an IngressClass.
type IngressClassSpec struct {
	// Controller is a domain-prefixed path naming the controller
	// ("example.com/ingress-controller"); immutable.
	Controller string `json:"controller,omitempty" protobuf:"bytes,1,opt,name=controller"`
	// Parameters point at a resource configuring the controller.
	Parameters *IngressClassParametersReference `json:"parameters,omitempty" protobuf:"bytes,2,opt,name=parameters"`
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
	APIGroup *string `json:"apiGroup,omitempty" protobuf:"bytes,1,opt,name=aPIGroup"`
	// Kind of the resource.
	Kind string `json:"kind" protobuf:"bytes,2,opt,name=kind"`
	// Name of the resource.
	Name string `json:"name" protobuf:"bytes,3,opt,name=name"`
	// Scope is Cluster (the default) or Namespace.
	Scope *string `json:"scope" protobuf:"bytes,4,opt,name=scope"`
	// Namespace of the resource; required with scope Namespace, forbidden with Cluster.
	Namespace *string `json:"namespace,omitempty" protobuf:"bytes,5,opt,name=namespace"`
}
