package v1

import (
	"net"

	"github.com/gantryhq/gantry/sdk/api/intstr"
)

// SetObjectDefaults_Service applies the defaults of a Service, as
// Kubernetes' defaulting does: type ClusterIP, session affinity None (and a
// 10800 s timeout for ClientIP), port protocol TCP, targetPort = port,
// externalTrafficPolicy Cluster for externally reachable services,
// internalTrafficPolicy Cluster, allocateLoadBalancerNodePorts true for
// LoadBalancer, ipMode VIP on load balancer ingress IPs, and — for every
// type but ExternalName — ipFamilyPolicy SingleStack (RequireDualStack for
// a headless service without selector, as Kubernetes) with ipFamilies taken
// from clusterIPs (IPv4 when no address is known yet: Gantry's service
// network is single-stack IPv4 by default). The cluster IP and node ports
// are filled later by the API server's allocators.
func SetObjectDefaults_Service(obj *Service) {
	SetDefaults_Service(obj)
}

// SetDefaults_Service applies the defaults of a Service.
func SetDefaults_Service(obj *Service) {
	spec := &obj.Spec
	if spec.SessionAffinity == "" {
		spec.SessionAffinity = ServiceAffinityNone
	}
	if spec.SessionAffinity == ServiceAffinityNone {
		spec.SessionAffinityConfig = nil
	}
	if spec.SessionAffinity == ServiceAffinityClientIP {
		if c := spec.SessionAffinityConfig; c == nil || c.ClientIP == nil || c.ClientIP.TimeoutSeconds == nil {
			timeout := DefaultClientIPServiceAffinitySeconds
			spec.SessionAffinityConfig = &SessionAffinityConfig{ClientIP: &ClientIPConfig{TimeoutSeconds: &timeout}}
		}
	}
	if spec.Type == "" {
		spec.Type = ServiceTypeClusterIP
	}
	for i := range spec.Ports {
		sp := &spec.Ports[i]
		if sp.Protocol == "" {
			sp.Protocol = ProtocolTCP
		}
		if sp.TargetPort == intstr.FromInt32(0) || sp.TargetPort == intstr.FromString("") {
			sp.TargetPort = intstr.FromInt32(sp.Port)
		}
	}
	if obj.IsExternallyAccessible() && spec.ExternalTrafficPolicy == "" {
		spec.ExternalTrafficPolicy = ServiceExternalTrafficPolicyCluster
	}
	if spec.InternalTrafficPolicy == nil {
		switch spec.Type {
		case ServiceTypeClusterIP, ServiceTypeNodePort, ServiceTypeLoadBalancer:
			p := ServiceInternalTrafficPolicyCluster
			spec.InternalTrafficPolicy = &p
		}
	}
	if spec.Type == ServiceTypeLoadBalancer {
		if spec.AllocateLoadBalancerNodePorts == nil {
			t := true
			spec.AllocateLoadBalancerNodePorts = &t
		}
		for i, ing := range obj.Status.LoadBalancer.Ingress {
			if ing.IP != "" && ing.IPMode == nil {
				mode := LoadBalancerIPModeVIP
				obj.Status.LoadBalancer.Ingress[i].IPMode = &mode
			}
		}
	}
	if spec.Type != ServiceTypeExternalName {
		if spec.IPFamilyPolicy == nil {
			// A headless service without selector has its endpoints
			// managed by the user, who may publish both families.
			p := IPFamilyPolicySingleStack
			if spec.ClusterIP == ClusterIPNone && len(spec.Selector) == 0 {
				p = IPFamilyPolicyRequireDualStack
			}
			spec.IPFamilyPolicy = &p
		}
		if len(spec.IPFamilies) == 0 {
			spec.IPFamilies = []IPFamily{serviceIPFamily(spec)}
		}
	}
}

// serviceIPFamily is the family of the service's first cluster IP, IPv4
// when it has none (or is headless): Gantry's default service network is
// single-stack IPv4.
func serviceIPFamily(spec *ServiceSpec) IPFamily {
	ip := spec.ClusterIP
	if len(spec.ClusterIPs) > 0 {
		ip = spec.ClusterIPs[0]
	}
	return IPFamilyOf(ip)
}

// IPFamilyOf returns IPv6 for an IPv6 address and IPv4 for anything else
// (an IPv4 address, "", "None").
func IPFamilyOf(ip string) IPFamily {
	if p := net.ParseIP(ip); p != nil && p.To4() == nil {
		return IPv6Protocol
	}
	return IPv4Protocol
}

// SetObjectDefaults_Endpoints applies the defaults of Endpoints: port protocol TCP.
func SetObjectDefaults_Endpoints(obj *Endpoints) {
	SetDefaults_Endpoints(obj)
}

// SetDefaults_Endpoints defaults the protocol of every port to TCP.
func SetDefaults_Endpoints(obj *Endpoints) {
	for i := range obj.Subsets {
		ss := &obj.Subsets[i]
		for j := range ss.Ports {
			if ss.Ports[j].Protocol == "" {
				ss.Ports[j].Protocol = ProtocolTCP
			}
		}
	}
}
