package v1

import (
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

// EndpointSlice is a subset of the endpoints of a Service (at most 1000
// endpoints of one address type and one set of ports). The Service it
// belongs to is named by the LabelServiceName label.
type EndpointSlice struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata,omitempty"`

	// AddressType is IPv4, IPv6 or FQDN; immutable.
	AddressType AddressType `json:"addressType"`
	// Endpoints are the endpoints of the slice, at most 1000.
	Endpoints []Endpoint `json:"endpoints"`
	// Ports are the ports every endpoint exposes. Nil means ports do not
	// apply; empty means no port is currently served.
	Ports []EndpointPort `json:"ports"`
}

// EndpointSliceList is a list of EndpointSlices.
type EndpointSliceList struct {
	meta.TypeMeta `json:",inline"`
	meta.ListMeta `json:"metadata,omitempty"`
	Items         []EndpointSlice `json:"items"`
}

// AddressType is the type of the addresses of an EndpointSlice.
type AddressType string

// Address types.
const (
	AddressTypeIPv4 = AddressType(corev1.IPv4Protocol)
	AddressTypeIPv6 = AddressType(corev1.IPv6Protocol)
	// AddressTypeFQDN is a fully qualified domain name.
	AddressTypeFQDN = AddressType("FQDN")
)

// Well-known labels of EndpointSlices.
const (
	// LabelServiceName names the Service a slice belongs to.
	LabelServiceName = "kubernetes.io/service-name"
	// LabelManagedBy names the controller or entity that manages a slice.
	LabelManagedBy = "endpointslice.kubernetes.io/managed-by"
	// LabelSkipMirror, set to "true" on Endpoints, keeps the mirroring
	// controller from making slices for them.
	LabelSkipMirror = "endpointslice.kubernetes.io/skip-mirror"
)

// Endpoint is one backend of a Service.
type Endpoint struct {
	// Addresses of the endpoint, of the slice's address type; 1 to 100,
	// all considered fungible (usually exactly one).
	Addresses []string `json:"addresses"`
	// Conditions are the state of the endpoint.
	Conditions EndpointConditions `json:"conditions,omitempty"`
	// Hostname of the endpoint, a DNS label, published by cluster DNS.
	Hostname *string `json:"hostname,omitempty"`
	// TargetRef is the object (usually a Pod) providing the endpoint.
	TargetRef *corev1.ObjectReference `json:"targetRef,omitempty"`
	// DeprecatedTopology holds topology labels (deprecated; use NodeName and Zone).
	DeprecatedTopology map[string]string `json:"deprecatedTopology,omitempty"`
	// NodeName is the node hosting the endpoint.
	NodeName *string `json:"nodeName,omitempty"`
	// Zone is the zone of the endpoint.
	Zone *string `json:"zone,omitempty"`
	// Hints help topology-aware routing.
	Hints *EndpointHints `json:"hints,omitempty"`
}

// EndpointConditions is the state of an endpoint. Nil means unknown.
type EndpointConditions struct {
	// Ready means the endpoint should take new traffic (serving and not terminating).
	Ready *bool `json:"ready,omitempty"`
	// Serving means the endpoint passes its readiness checks, terminating or not.
	Serving *bool `json:"serving,omitempty"`
	// Terminating means the endpoint is shutting down.
	Terminating *bool `json:"terminating,omitempty"`
}

// EndpointHints are topology hints for routing.
type EndpointHints struct {
	// ForZones are the zones that should use this endpoint.
	ForZones []ForZone `json:"forZones,omitempty"`
	// ForNodes are the nodes that should use this endpoint.
	ForNodes []ForNode `json:"forNodes,omitempty"`
}

// ForZone names a zone that should use an endpoint.
type ForZone struct {
	Name string `json:"name"`
}

// ForNode names a node that should use an endpoint.
type ForNode struct {
	Name string `json:"name"`
}

// EndpointPort is one port of an EndpointSlice.
type EndpointPort struct {
	// Name matches the ServicePort's name; "" by default, unique in the slice.
	Name *string `json:"name,omitempty"`
	// Protocol is TCP (the default), UDP or SCTP.
	Protocol *corev1.Protocol `json:"protocol,omitempty"`
	// Port is the port number; nil means all ports.
	Port *int32 `json:"port,omitempty"`
	// AppProtocol is a hint of the application protocol.
	AppProtocol *string `json:"appProtocol,omitempty"`
}

// IsReady reports whether the endpoint is ready: ready nil counts as ready,
// as Kubernetes' consumers treat it.
func (c EndpointConditions) IsReady() bool { return c.Ready == nil || *c.Ready }
