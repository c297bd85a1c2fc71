package v1

import (
	"github.com/gantryhq/gantry/sdk/api/intstr"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

// Service is a named set of pods (chosen by a label selector) behind one
// stable virtual IP and DNS name; the service proxy spreads connections to
// the Service's ports over the ready endpoints.
type Service struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Spec is the desired behaviour of the service.
	Spec ServiceSpec `json:"spec,omitempty" protobuf:"bytes,2,opt,name=spec"`
	// Status is the load balancer state, written through the status subresource.
	Status ServiceStatus `json:"status,omitempty" protobuf:"bytes,3,opt,name=status"`
}

// ServiceList is a list of Services.
type ServiceList struct {
	meta.TypeMeta `json:",inline"`
	meta.ListMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`
	Items         []Service `json:"items" protobuf:"bytes,2,rep,name=items"`
}

// ClusterIPNone as spec.clusterIP makes a headless service: no virtual IP,
// DNS answers with the endpoints' addresses.
const ClusterIPNone = "None"

// ServiceType says how a Service is exposed.
type ServiceType string

// Service types.
const (
	// ServiceTypeClusterIP exposes the service on a cluster-internal virtual IP.
	ServiceTypeClusterIP ServiceType = "ClusterIP"
	// ServiceTypeNodePort also exposes each port on a port of every node.
	ServiceTypeNodePort ServiceType = "NodePort"
	// ServiceTypeLoadBalancer also asks for an external load balancer.
	ServiceTypeLoadBalancer ServiceType = "LoadBalancer"
	// ServiceTypeExternalName is a DNS alias (CNAME) of spec.externalName; no proxying.
	ServiceTypeExternalName ServiceType = "ExternalName"
)

// ServiceAffinity is the session affinity of a Service.
type ServiceAffinity string

// Session affinities.
const (
	// ServiceAffinityClientIP sends a client's connections to the same endpoint.
	ServiceAffinityClientIP ServiceAffinity = "ClientIP"
	// ServiceAffinityNone picks an endpoint per connection.
	ServiceAffinityNone ServiceAffinity = "None"
)

// DefaultClientIPServiceAffinitySeconds is the default ClientIP affinity timeout (3 hours).
const DefaultClientIPServiceAffinitySeconds int32 = 10800

// MaxClientIPServiceAffinitySeconds is the longest ClientIP affinity timeout (1 day).
const MaxClientIPServiceAffinitySeconds int32 = 86400

// ServiceInternalTrafficPolicy says how nodes route traffic to the cluster IP.
type ServiceInternalTrafficPolicy string

// Internal traffic policies.
const (
	// ServiceInternalTrafficPolicyCluster routes to all endpoints.
	ServiceInternalTrafficPolicyCluster ServiceInternalTrafficPolicy = "Cluster"
	// ServiceInternalTrafficPolicyLocal routes only to endpoints on the client's node.
	ServiceInternalTrafficPolicyLocal ServiceInternalTrafficPolicy = "Local"
)

// ServiceExternalTrafficPolicy says how nodes route traffic received on
// node ports, external IPs and load balancer IPs.
type ServiceExternalTrafficPolicy string

// External traffic policies.
const (
	// ServiceExternalTrafficPolicyCluster routes to all endpoints (source NAT).
	ServiceExternalTrafficPolicyCluster ServiceExternalTrafficPolicy = "Cluster"
	// ServiceExternalTrafficPolicyLocal routes only to endpoints on the
	// receiving node, keeping the client's source IP.
	ServiceExternalTrafficPolicyLocal ServiceExternalTrafficPolicy = "Local"
)

// ServiceTrafficDistributionPreferClose is the only spec.trafficDistribution
// value of Kubernetes 1.32: prefer endpoints topologically close to the client.
const ServiceTrafficDistributionPreferClose = "PreferClose"

// Service condition types and reasons.
const (
	// LoadBalancerPortsError reports a problem with the load balancer's ports.
	LoadBalancerPortsError = "LoadBalancerPortsError"
	// LoadBalancerPortsErrorReason is the reason of LoadBalancerPortsError
	// when the load balancer cannot mix protocols.
	LoadBalancerPortsErrorReason = "LoadBalancerMixedProtocolNotSupported"
	// MixedProtocolNotSupported is a PortStatus error.
	MixedProtocolNotSupported = "MixedProtocolNotSupported"
)

// IPFamily is an IP address family.
type IPFamily string

// IP families.
const (
	IPv4Protocol IPFamily = "IPv4"
	IPv6Protocol IPFamily = "IPv6"
	// IPFamilyUnknown is the family of an unparsable address.
	IPFamilyUnknown IPFamily = ""
)

// IPFamilyPolicy is the dual-stack-ness a Service asks for.
type IPFamilyPolicy string

// IP family policies.
const (
	// IPFamilyPolicySingleStack gives the service one IP family.
	IPFamilyPolicySingleStack IPFamilyPolicy = "SingleStack"
	// IPFamilyPolicyPreferDualStack gives it two families on a dual-stack cluster, else one.
	IPFamilyPolicyPreferDualStack IPFamilyPolicy = "PreferDualStack"
	// IPFamilyPolicyRequireDualStack fails on a single-stack cluster.
	IPFamilyPolicyRequireDualStack IPFamilyPolicy = "RequireDualStack"
)

// ServiceSpec is the desired behaviour of a Service.
type ServiceSpec struct {
	// Ports are the ports the service exposes; required unless the
	// service is headless or ExternalName.
	Ports []ServicePort `json:"ports,omitempty" patchStrategy:"merge" patchMergeKey:"port" protobuf:"bytes,1,rep,name=ports"`
	// Selector picks the pods behind the service. When empty, endpoints are
	// managed by someone else. Ignored for ExternalName.
	Selector map[string]string `json:"selector,omitempty" protobuf:"bytes,2,rep,name=selector"`
	// ClusterIP is the virtual IP, allocated by the API server when empty;
	// "None" makes the service headless. Immutable once set, except when
	// changing the type to or from ExternalName.
	ClusterIP string `json:"clusterIP,omitempty" protobuf:"bytes,3,opt,name=clusterIP"`
	// ClusterIPs are the virtual IPs, one per IP family; clusterIPs[0] is
	// clusterIP. Initialised from clusterIP when unset.
	ClusterIPs []string `json:"clusterIPs,omitempty" protobuf:"bytes,18,opt,name=clusterIPs"`
	// Type is ClusterIP (the default), NodePort, LoadBalancer or ExternalName.
	Type ServiceType `json:"type,omitempty" protobuf:"bytes,4,opt,name=type,casttype=ServiceType"`
	// ExternalIPs are addresses (not managed by Gantry) on which nodes also
	// accept the service's traffic.
	ExternalIPs []string `json:"externalIPs,omitempty" protobuf:"bytes,5,rep,name=externalIPs"`
	// SessionAffinity is None (the default) or ClientIP.
	SessionAffinity ServiceAffinity `json:"sessionAffinity,omitempty" protobuf:"bytes,7,opt,name=sessionAffinity,casttype=ServiceAffinity"`
	// LoadBalancerIP asks the load balancer for an address (deprecated in Kubernetes).
	LoadBalancerIP string `json:"loadBalancerIP,omitempty" protobuf:"bytes,8,opt,name=loadBalancerIP"`
	// LoadBalancerSourceRanges restrict load balancer clients to these CIDRs.
	LoadBalancerSourceRanges []string `json:"loadBalancerSourceRanges,omitempty" protobuf:"bytes,9,opt,name=loadBalancerSourceRanges"`
	// ExternalName is the DNS name an ExternalName service aliases.
	ExternalName string `json:"externalName,omitempty" protobuf:"bytes,10,opt,name=externalName"`
	// ExternalTrafficPolicy is Cluster (the default for externally
	// reachable services) or Local.
	ExternalTrafficPolicy ServiceExternalTrafficPolicy `json:"externalTrafficPolicy,omitempty" protobuf:"bytes,11,opt,name=externalTrafficPolicy"`
	// HealthCheckNodePort serves node health to load balancers of
	// LoadBalancer services with externalTrafficPolicy Local; allocated when unset.
	HealthCheckNodePort int32 `json:"healthCheckNodePort,omitempty" protobuf:"bytes,12,opt,name=healthCheckNodePort"`
	// PublishNotReadyAddresses makes endpoints of not-ready pods count as ready.
	PublishNotReadyAddresses bool `json:"publishNotReadyAddresses,omitempty" protobuf:"varint,13,opt,name=publishNotReadyAddresses"`
	// SessionAffinityConfig configures ClientIP affinity.
	SessionAffinityConfig *SessionAffinityConfig `json:"sessionAffinityConfig,omitempty" protobuf:"bytes,14,opt,name=sessionAffinityConfig"`
	// IPFamilies are the families of clusterIPs, in order.
	IPFamilies []IPFamily `json:"ipFamilies,omitempty" protobuf:"bytes,19,opt,name=ipFamilies,casttype=IPFamily"`
	// IPFamilyPolicy is SingleStack (the default), PreferDualStack or RequireDualStack.
	IPFamilyPolicy *IPFamilyPolicy `json:"ipFamilyPolicy,omitempty" protobuf:"bytes,17,opt,name=ipFamilyPolicy,casttype=IPFamilyPolicy"`
	// AllocateLoadBalancerNodePorts says whether LoadBalancer services get
	// node ports; defaults to true for LoadBalancer, forbidden for other types.
	AllocateLoadBalancerNodePorts *bool `json:"allocateLoadBalancerNodePorts,omitempty" protobuf:"bytes,20,opt,name=allocateLoadBalancerNodePorts"`
	// LoadBalancerClass picks the load balancer implementation; LoadBalancer only, immutable.
	LoadBalancerClass *string `json:"loadBalancerClass,omitempty" protobuf:"bytes,21,opt,name=loadBalancerClass"`
	// InternalTrafficPolicy is Cluster (the default) or Local.
	InternalTrafficPolicy *ServiceInternalTrafficPolicy `json:"internalTrafficPolicy,omitempty" protobuf:"bytes,22,opt,name=internalTrafficPolicy"`
	// TrafficDistribution is a routing preference hint ("PreferClose").
	TrafficDistribution *string `json:"trafficDistribution,omitempty" protobuf:"bytes,23,opt,name=trafficDistribution"`
}

// ServicePort is one port a Service exposes.
type ServicePort struct {
	// Name is a DNS label; required and unique when the service has more
	// than one port. It matches the name of the EndpointPort.
	Name string `json:"name,omitempty" protobuf:"bytes,1,opt,name=name"`
	// Protocol is TCP (the default), UDP or SCTP.
	Protocol Protocol `json:"protocol,omitempty" protobuf:"bytes,2,opt,name=protocol,casttype=Protocol"`
	// AppProtocol is a hint of the application protocol ("http", "kubernetes.io/h2c").
	AppProtocol *string `json:"appProtocol,omitempty" protobuf:"bytes,6,opt,name=appProtocol"`
	// Port is the port the service exposes.
	Port int32 `json:"port" protobuf:"varint,3,opt,name=port"`
	// TargetPort is the pods' port: a number, or the name of a container
	// port. Defaults to Port.
	TargetPort intstr.IntOrString `json:"targetPort,omitempty" protobuf:"bytes,4,opt,name=targetPort"`
	// NodePort is the port on every node for NodePort and LoadBalancer
	// services; allocated when unset.
	NodePort int32 `json:"nodePort,omitempty" protobuf:"varint,5,opt,name=nodePort"`
}

// SessionAffinityConfig configures session affinity.
type SessionAffinityConfig struct {
	// ClientIP configures ClientIP affinity.
	ClientIP *ClientIPConfig `json:"clientIP,omitempty" protobuf:"bytes,1,opt,name=clientIP"`
}

// ClientIPConfig configures ClientIP session affinity.
type ClientIPConfig struct {
	// TimeoutSeconds is the affinity's lifetime, 1-86400; defaults to 10800.
	TimeoutSeconds *int32 `json:"timeoutSeconds,omitempty" protobuf:"varint,1,opt,name=timeoutSeconds"`
}

// ServiceStatus is the observed state of a Service.
type ServiceStatus struct {
	// LoadBalancer is the state of the external load balancer, if any.
	LoadBalancer LoadBalancerStatus `json:"loadBalancer,omitempty" protobuf:"bytes,1,opt,name=loadBalancer"`
	// Conditions are the current conditions of the service.
	Conditions []meta.Condition `json:"conditions,omitempty" patchStrategy:"merge" patchMergeKey:"type" protobuf:"bytes,2,rep,name=conditions"`
}

// LoadBalancerStatus is the state of a load balancer.
type LoadBalancerStatus struct {
	// Ingress lists the load balancer's ingress points.
	Ingress []LoadBalancerIngress `json:"ingress,omitempty" protobuf:"bytes,1,rep,name=ingress"`
}

// LoadBalancerIPMode says how traffic to a load balancer IP reaches the node.
type LoadBalancerIPMode string

// Load balancer IP modes.
const (
	// LoadBalancerIPModeVIP delivers traffic with the load balancer's IP as destination.
	LoadBalancerIPModeVIP LoadBalancerIPMode = "VIP"
	// LoadBalancerIPModeProxy delivers traffic to the node's or pod's IP and port.
	LoadBalancerIPModeProxy LoadBalancerIPMode = "Proxy"
)

// LoadBalancerIngress is one ingress point of a load balancer.
type LoadBalancerIngress struct {
	// IP is set for IP-based load balancers.
	IP string `json:"ip,omitempty" protobuf:"bytes,1,opt,name=ip"`
	// Hostname is set for DNS-based load balancers.
	Hostname string `json:"hostname,omitempty" protobuf:"bytes,2,opt,name=hostname"`
	// IPMode is VIP or Proxy; only with IP. Defaults to VIP.
	IPMode *LoadBalancerIPMode `json:"ipMode,omitempty" protobuf:"bytes,3,opt,name=ipMode"`
	// Ports report per-port errors.
	Ports []PortStatus `json:"ports,omitempty" protobuf:"bytes,4,rep,name=ports"`
}

// PortStatus is the state of one service port on a load balancer.
type PortStatus struct {
	Port     int32    `json:"port" protobuf:"varint,1,opt,name=port"`
	Protocol Protocol `json:"protocol" protobuf:"bytes,2,opt,name=protocol,casttype=Protocol"`
	// Error is a CamelCase error ("MixedProtocolNotSupported"), nil when fine.
	Error *string `json:"error,omitempty" protobuf:"bytes,3,opt,name=error"`
}

// Endpoints lists the addresses and ports behind a Service, grouped in
// subsets; the endpoints controller writes it from the ready pods
// matching the Service's selector. Kubernetes keeps it as a legacy API
// beside EndpointSlices.
type Endpoints struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Subsets are groups of addresses sharing the same ports; the
	// endpoints are the union over subsets of addresses × ports.
	Subsets []EndpointSubset `json:"subsets,omitempty" protobuf:"bytes,2,rep,name=subsets"`
}

// EndpointsList is a list of Endpoints.
type EndpointsList struct {
	meta.TypeMeta `json:",inline"`
	meta.ListMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`
	Items         []Endpoints `json:"items" protobuf:"bytes,2,rep,name=items"`
}

// EndpointSubset is a set of addresses with a common set of ports.
type EndpointSubset struct {
	// Addresses are ready to take traffic.
	Addresses []EndpointAddress `json:"addresses,omitempty" protobuf:"bytes,1,rep,name=addresses"`
	// NotReadyAddresses offer the ports but are not ready.
	NotReadyAddresses []EndpointAddress `json:"notReadyAddresses,omitempty" protobuf:"bytes,2,rep,name=notReadyAddresses"`
	// Ports are available on every address.
	Ports []EndpointPort `json:"ports,omitempty" protobuf:"bytes,3,rep,name=ports"`
}

// EndpointAddress is one endpoint IP.
type EndpointAddress struct {
	// IP may not be unspecified, loopback or link-local.
	IP string `json:"ip" protobuf:"bytes,1,opt,name=ip"`
	// Hostname of the endpoint (a DNS label), published by cluster DNS for
	// headless services.
	Hostname string `json:"hostname,omitempty" protobuf:"bytes,3,opt,name=hostname"`
	// NodeName is the node hosting the endpoint.
	NodeName *string `json:"nodeName,omitempty" protobuf:"bytes,4,opt,name=nodeName"`
	// TargetRef is the object (usually a Pod) providing the endpoint.
	TargetRef *ObjectReference `json:"targetRef,omitempty" protobuf:"bytes,2,opt,name=targetRef"`
}

// EndpointPort is one port of an EndpointSubset.
type EndpointPort struct {
	// Name matches the ServicePort's name; required with more than one port.
	Name string `json:"name,omitempty" protobuf:"bytes,1,opt,name=name"`
	// Port is the port number.
	Port int32 `json:"port" protobuf:"varint,2,opt,name=port"`
	// Protocol is TCP (the default), UDP or SCTP.
	Protocol Protocol `json:"protocol,omitempty" protobuf:"bytes,3,opt,name=protocol,casttype=Protocol"`
	// AppProtocol is a hint of the application protocol.
	AppProtocol *string `json:"appProtocol,omitempty" protobuf:"bytes,4,opt,name=appProtocol"`
}

// EndpointsLastChangeTriggerTime is the annotation of Endpoints holding
// when the last pod or service change that triggered an update happened.
const EndpointsLastChangeTriggerTime = "endpoints.kubernetes.io/last-change-trigger-time"

// EndpointsOverCapacity is the annotation the endpoints controller sets on
// Endpoints it truncated to 1000 addresses (value "truncated").
const EndpointsOverCapacity = "endpoints.kubernetes.io/over-capacity"

// IsHeadless reports whether s is a headless service (spec.clusterIP "None").
func (s *Service) IsHeadless() bool {
	if len(s.Spec.ClusterIPs) > 0 {
		return len(s.Spec.ClusterIPs) == 1 && s.Spec.ClusterIPs[0] == ClusterIPNone
	}
	return s.Spec.ClusterIP == ClusterIPNone
}

// IsExternallyAccessible reports whether s receives traffic from outside
// the cluster: NodePort and LoadBalancer services, and ClusterIP services
// with external IPs. Only those take spec.externalTrafficPolicy.
func (s *Service) IsExternallyAccessible() bool {
	switch s.Spec.Type {
	case ServiceTypeLoadBalancer, ServiceTypeNodePort:
		return true
	case ServiceTypeClusterIP:
		return len(s.Spec.ExternalIPs) > 0
	}
	return false
}

// NeedsHealthCheck reports whether s needs a health check node port: a
// LoadBalancer service with externalTrafficPolicy Local.
func (s *Service) NeedsHealthCheck() bool {
	return s.Spec.Type == ServiceTypeLoadBalancer && s.Spec.ExternalTrafficPolicy == ServiceExternalTrafficPolicyLocal
}

// PortByName returns the port named name, or nil. A single unnamed port
// matches the empty name.
func (s *Service) PortByName(name string) *ServicePort {
	for i := range s.Spec.Ports {
		if s.Spec.Ports[i].Name == name {
			return &s.Spec.Ports[i]
		}
	}
	return nil
}

// PortByNumber returns the port with the given number and protocol, or nil.
func (s *Service) PortByNumber(port int32, protocol Protocol) *ServicePort {
	for i := range s.Spec.Ports {
		if p := &s.Spec.Ports[i]; p.Port == port && p.Protocol == protocol {
			return p
		}
	}
	return nil
}
