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
	meta.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// AddressType is IPv4, IPv6 or FQDN; immutable.
	AddressType AddressType `json:"addressType" protobuf:"bytes,4,rep,name=addressType"`
	// Endpoints are the endpoints of the slice, at most 1000.
	Endpoints []Endpoint `json:"endpoints" protobuf:"bytes,2,rep,name=endpoints"`
	// Ports are the ports every endpoint exposes. Nil means ports do not
	// apply; empty means no port is currently served.
	Ports []EndpointPort `json:"ports" protobuf:"bytes,3,rep,name=ports"`
}

// EndpointSliceList is a list of EndpointSlices.
type EndpointSliceList struct {
	meta.TypeMeta `json:",inline"`
	meta.ListMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`
	Items         []EndpointSlice `json:"items" protobuf:"bytes,2,rep,name=items"`
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
	Addresses []string `json:"addresses" protobuf:"bytes,1,rep,name=addresses"`
	// Conditions are the state of the endpoint.
	Conditions EndpointConditions `json:"conditions,omitempty" protobuf:"bytes,2,opt,name=conditions"`
	// Hostname of the endpoint, a DNS label, published by cluster DNS.
	Hostname *string `json:"hostname,omitempty" protobuf:"bytes,3,opt,name=hostname"`
	// TargetRef is the object (usually a Pod) providing the endpoint.
	TargetRef *corev1.ObjectReference `json:"targetRef,omitempty" protobuf:"bytes,4,opt,name=targetRef"`
	// DeprecatedTopology holds topology labels (deprecated; use NodeName and Zone).
	DeprecatedTopology map[string]string `json:"deprecatedTopology,omitempty" protobuf:"bytes,5,opt,name=deprecatedTopology"`
	// NodeName is the node hosting the endpoint.
	NodeName *string `json:"nodeName,omitempty" protobuf:"bytes,6,opt,name=nodeName"`
	// Zone is the zone of the endpoint.
	Zone *string `json:"zone,omitempty" protobuf:"bytes,7,opt,name=zone"`
	// Hints help topology-aware routing.
	Hints *EndpointHints `json:"hints,omitempty" protobuf:"bytes,8,opt,name=hints"`
}

// EndpointConditions is the state of an endpoint. Nil means unknown.
type EndpointConditions struct {
	// Ready means the endpoint should take new traffic (serving and not terminating).
	Ready *bool `json:"ready,omitempty" protobuf:"bytes,1,name=ready"`
	// Serving means the endpoint passes its readiness checks, terminating or not.
	Serving *bool `json:"serving,omitempty" protobuf:"bytes,2,name=serving"`
	// Terminating means the endpoint is shutting down.
	Terminating *bool `json:"terminating,omitempty" protobuf:"bytes,3,name=terminating"`
}

// EndpointHints are topology hints for routing.
type EndpointHints struct {
	// ForZones are the zones that should use this endpoint.
	ForZones []ForZone `json:"forZones,omitempty" protobuf:"bytes,1,name=forZones"`
	// ForNodes are the nodes that should use this endpoint.
	ForNodes []ForNode `json:"forNodes,omitempty" protobuf:"bytes,2,name=forNodes"`
}

// ForZone names a zone that should use an endpoint.
type ForZone struct {
	Name string `json:"name" protobuf:"bytes,1,name=name"`
}

// ForNode names a node that should use an endpoint.
type ForNode struct {
	Name string `json:"name" protobuf:"bytes,1,name=name"`
}

// EndpointPort is one port of an EndpointSlice.
type EndpointPort struct {
	// Name matches the ServicePort's name; "" by default, unique in the slice.
	Name *string `json:"name,omitempty" protobuf:"bytes,1,name=name"`
	// Protocol is TCP (the default), UDP or SCTP.
	Protocol *corev1.Protocol `json:"protocol,omitempty" protobuf:"bytes,2,name=protocol"`
	// Port is the port number; nil means all ports.
	Port *int32 `json:"port,omitempty" protobuf:"bytes,3,opt,name=port"`
	// AppProtocol is a hint of the application protocol.
	AppProtocol *string `json:"appProtocol,omitempty" protobuf:"bytes,4,name=appProtocol"`
}

// IsReady reports whether the endpoint is ready: ready nil counts as ready,
// as Kubernetes' consumers treat it.
func (c EndpointConditions) IsReady() bool { return c.Ready == nil || *c.Ready }
