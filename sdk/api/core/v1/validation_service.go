package v1

import (
	"fmt"
	"net"
	"strings"

	"github.com/gantryhq/gantry/sdk/api/field"
	"github.com/gantryhq/gantry/sdk/api/intstr"
	"github.com/gantryhq/gantry/sdk/api/validation"
)

var (
	serviceProtocols          = []Protocol{ProtocolSCTP, ProtocolTCP, ProtocolUDP}
	serviceSessionAffinities  = []ServiceAffinity{ServiceAffinityClientIP, ServiceAffinityNone}
	serviceTypes              = []ServiceType{ServiceTypeClusterIP, ServiceTypeExternalName, ServiceTypeLoadBalancer, ServiceTypeNodePort}
	serviceInternalPolicies   = []ServiceInternalTrafficPolicy{ServiceInternalTrafficPolicyCluster, ServiceInternalTrafficPolicyLocal}
	serviceExternalPolicies   = []ServiceExternalTrafficPolicy{ServiceExternalTrafficPolicyCluster, ServiceExternalTrafficPolicyLocal}
	serviceIPFamilies         = []IPFamily{IPv4Protocol, IPv6Protocol}
	serviceIPFamilyPolicies   = []IPFamilyPolicy{IPFamilyPolicyPreferDualStack, IPFamilyPolicyRequireDualStack, IPFamilyPolicySingleStack}
	serviceLoadBalancerIPMode = []LoadBalancerIPMode{LoadBalancerIPModeProxy, LoadBalancerIPModeVIP}
)

func memberOf[T comparable](v T, set []T) bool {
	for _, s := range set {
		if v == s {
			return true
		}
	}
	return false
}

// ValidateService checks a Service as Kubernetes' ValidateService does
// (metadata, including the DNS-1035 name, is checked by the registry). It
// expects a defaulted object: sessionAffinity, type, port protocols and
// the traffic policies set.
func ValidateService(svc *Service) field.ErrorList {
	var errs field.ErrorList
	specPath := field.NewPath("spec")
	spec := &svc.Spec
	headless := isHeadlessServiceSpec(spec)

	if len(spec.Ports) == 0 && !headless && spec.Type != ServiceTypeExternalName {
		errs = append(errs, field.Required(specPath.Child("ports"), ""))
	}
	switch spec.Type {
	case ServiceTypeLoadBalancer:
		if headless {
			errs = append(errs, field.Invalid(specPath.Child("clusterIPs").Index(0), spec.ClusterIPs[0], "may not be set to 'None' for LoadBalancer services"))
		}
	case ServiceTypeNodePort:
		if headless {
			errs = append(errs, field.Invalid(specPath.Child("clusterIPs").Index(0), spec.ClusterIPs[0], "may not be set to 'None' for NodePort services"))
		}
	case ServiceTypeExternalName:
		// PrepareForCreate/Update copy clusterIP into clusterIPs; report
		// clusterIP itself only when it was not copied.
		if spec.ClusterIP != "" && len(spec.ClusterIPs) == 0 {
			errs = append(errs, field.Forbidden(specPath.Child("clusterIP"), "may not be set for ExternalName services"))
		}
		if len(spec.ClusterIPs) > 0 {
			errs = append(errs, field.Forbidden(specPath.Child("clusterIPs"), "may not be set for ExternalName services"))
		}
		if len(spec.IPFamilies) > 0 {
			errs = append(errs, field.Forbidden(specPath.Child("ipFamilies"), "may not be set for ExternalName services"))
		}
		if spec.IPFamilyPolicy != nil {
			errs = append(errs, field.Forbidden(specPath.Child("ipFamilyPolicy"), "may not be set for ExternalName services"))
		}
		// The name (a CNAME) may end with a dot to mark it fully qualified.
		if cname := strings.TrimSuffix(spec.ExternalName, "."); len(cname) > 0 {
			errs = append(errs, validation.ValidateDNS1123Subdomain(cname, specPath.Child("externalName"))...)
		} else {
			errs = append(errs, field.Required(specPath.Child("externalName"), ""))
		}
	}

	portsPath := specPath.Child("ports")
	names := map[string]bool{}
	for i := range spec.Ports {
		errs = append(errs, validateServicePort(&spec.Ports[i], len(spec.Ports) > 1, names, portsPath.Index(i))...)
	}

	if spec.Selector != nil {
		errs = append(errs, validation.ValidateLabels(spec.Selector, specPath.Child("selector"))...)
	}

	switch {
	case spec.SessionAffinity == "":
		errs = append(errs, field.Required(specPath.Child("sessionAffinity"), ""))
	case !memberOf(spec.SessionAffinity, serviceSessionAffinities):
		errs = append(errs, field.NotSupported(specPath.Child("sessionAffinity"), string(spec.SessionAffinity), serviceSessionAffinities))
	}
	switch spec.SessionAffinity {
	case ServiceAffinityClientIP:
		errs = append(errs, validateClientIPAffinityConfig(spec.SessionAffinityConfig, specPath.Child("sessionAffinityConfig"))...)
	case ServiceAffinityNone:
		if spec.SessionAffinityConfig != nil {
			errs = append(errs, field.Forbidden(specPath.Child("sessionAffinityConfig"), fmt.Sprintf("must not be set when session affinity is %s", ServiceAffinityNone)))
		}
	}

	errs = append(errs, validateServiceClusterIPsRelatedFields(svc)...)

	ipPath := specPath.Child("externalIPs")
	for i, ip := range spec.ExternalIPs {
		p := ipPath.Index(i)
		if msgs := validation.IsValidIP(ip); len(msgs) != 0 {
			for _, msg := range msgs {
				errs = append(errs, field.Invalid(p, ip, msg))
			}
		} else {
			errs = append(errs, validation.ValidateNonSpecialIP(ip, p)...)
		}
	}

	switch {
	case spec.Type == "":
		errs = append(errs, field.Required(specPath.Child("type"), ""))
	case !memberOf(spec.Type, serviceTypes):
		errs = append(errs, field.NotSupported(specPath.Child("type"), string(spec.Type), serviceTypes))
	}

	if spec.Type == ServiceTypeClusterIP || spec.Type == ServiceTypeExternalName {
		for i := range spec.Ports {
			if spec.Ports[i].NodePort != 0 {
				errs = append(errs, field.Forbidden(portsPath.Index(i).Child("nodePort"),
					fmt.Sprintf("may not be used when `type` is '%s'", spec.Type)))
			}
		}
	}

	// Node ports and ports are unique per protocol.
	type protoPort struct {
		proto Protocol
		port  int32
	}
	nodePorts := map[protoPort]bool{}
	for i, p := range spec.Ports {
		if p.NodePort == 0 {
			continue
		}
		key := protoPort{p.Protocol, p.NodePort}
		if nodePorts[key] {
			errs = append(errs, field.Duplicate(portsPath.Index(i).Child("nodePort"), p.NodePort))
		}
		nodePorts[key] = true
	}
	ports := map[protoPort]bool{}
	for i, p := range spec.Ports {
		key := protoPort{p.Protocol, p.Port}
		if ports[key] {
			errs = append(errs, field.Duplicate(portsPath.Index(i), fmt.Sprintf("%d/%s", p.Port, p.Protocol)))
		}
		ports[key] = true
	}

	if len(spec.LoadBalancerSourceRanges) > 0 {
		p := specPath.Child("loadBalancerSourceRanges")
		if spec.Type != ServiceTypeLoadBalancer {
			errs = append(errs, field.Forbidden(p, "may only be used when `type` is 'LoadBalancer'"))
		}
		for i, cidr := range spec.LoadBalancerSourceRanges {
			// Kubernetes tolerates spaces around the values.
			cidr = strings.TrimSpace(cidr)
			for _, msg := range validation.IsValidCIDR(cidr) {
				errs = append(errs, field.Invalid(p.Index(i), cidr, msg))
			}
		}
	}

	if spec.AllocateLoadBalancerNodePorts != nil && spec.Type != ServiceTypeLoadBalancer {
		errs = append(errs, field.Forbidden(specPath.Child("allocateLoadBalancerNodePorts"), "may only be used when `type` is 'LoadBalancer'"))
	}
	if spec.Type == ServiceTypeLoadBalancer && spec.AllocateLoadBalancerNodePorts == nil {
		errs = append(errs, field.Required(specPath.Child("allocateLoadBalancerNodePorts"), ""))
	}

	errs = append(errs, validateLoadBalancerClass(nil, svc)...)
	errs = append(errs, validateServiceExternalTrafficPolicy(svc)...)

	if spec.InternalTrafficPolicy == nil {
		// Not required for ExternalName, for compatibility with stored objects.
		if spec.Type == ServiceTypeNodePort || spec.Type == ServiceTypeLoadBalancer || spec.Type == ServiceTypeClusterIP {
			errs = append(errs, field.Required(specPath.Child("internalTrafficPolicy"), ""))
		}
	} else if !memberOf(*spec.InternalTrafficPolicy, serviceInternalPolicies) {
		errs = append(errs, field.NotSupported(specPath.Child("internalTrafficPolicy"), string(*spec.InternalTrafficPolicy), serviceInternalPolicies))
	}

	if spec.TrafficDistribution != nil && *spec.TrafficDistribution != ServiceTrafficDistributionPreferClose {
		errs = append(errs, field.NotSupported(specPath.Child("trafficDistribution"), *spec.TrafficDistribution, []string{ServiceTrafficDistributionPreferClose}))
	}
	return errs
}

func validateServicePort(sp *ServicePort, requireName bool, names map[string]bool, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	if requireName && len(sp.Name) == 0 {
		errs = append(errs, field.Required(path.Child("name"), ""))
	} else if len(sp.Name) != 0 {
		errs = append(errs, validation.ValidateDNS1123Label(sp.Name, path.Child("name"))...)
		if names[sp.Name] {
			errs = append(errs, field.Duplicate(path.Child("name"), sp.Name))
		}
		names[sp.Name] = true
	}
	for _, msg := range validation.IsValidPortNum(int(sp.Port)) {
		errs = append(errs, field.Invalid(path.Child("port"), sp.Port, msg))
	}
	switch {
	case len(sp.Protocol) == 0:
		errs = append(errs, field.Required(path.Child("protocol"), ""))
	case !memberOf(sp.Protocol, serviceProtocols):
		errs = append(errs, field.NotSupported(path.Child("protocol"), string(sp.Protocol), serviceProtocols))
	}
	errs = append(errs, validateServiceTargetPort(sp.TargetPort, path.Child("targetPort"))...)
	if sp.AppProtocol != nil {
		errs = append(errs, validation.ValidateQualifiedName(*sp.AppProtocol, path.Child("appProtocol"))...)
	}
	if sp.NodePort != 0 {
		for _, msg := range validation.IsValidPortNum(int(sp.NodePort)) {
			errs = append(errs, field.Invalid(path.Child("nodePort"), sp.NodePort, msg))
		}
	}
	return errs
}

// validateServiceTargetPort checks a port number (1-65535) or an IANA
// service name, as Kubernetes' ValidatePortNumOrName.
func validateServiceTargetPort(port intstr.IntOrString, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	switch port.Type {
	case intstr.Int:
		for _, msg := range validation.IsValidPortNum(int(port.IntVal)) {
			errs = append(errs, field.Invalid(path, port.IntVal, msg))
		}
	case intstr.String:
		for _, msg := range validation.IsValidPortName(port.StrVal) {
			errs = append(errs, field.Invalid(path, port.StrVal, msg))
		}
	default:
		errs = append(errs, field.InternalError(path, fmt.Errorf("unknown type: %v", port.Type)))
	}
	return errs
}

func validateClientIPAffinityConfig(config *SessionAffinityConfig, path *field.Path) field.ErrorList {
	detail := fmt.Sprintf("when session affinity type is %s", ServiceAffinityClientIP)
	switch {
	case config == nil:
		return field.ErrorList{field.Required(path, detail)}
	case config.ClientIP == nil:
		return field.ErrorList{field.Required(path.Child("clientIP"), detail)}
	case config.ClientIP.TimeoutSeconds == nil:
		return field.ErrorList{field.Required(path.Child("clientIP", "timeoutSeconds"), detail)}
	}
	if t := *config.ClientIP.TimeoutSeconds; t <= 0 || t > MaxClientIPServiceAffinitySeconds {
		return field.ErrorList{field.Invalid(path.Child("clientIP", "timeoutSeconds"), t,
			fmt.Sprintf("must be greater than 0 and less than %d", MaxClientIPServiceAffinitySeconds))}
	}
	return nil
}

func validateServiceExternalTrafficPolicy(svc *Service) field.ErrorList {
	var errs field.ErrorList
	specPath := field.NewPath("spec")
	if !svc.IsExternallyAccessible() {
		if svc.Spec.ExternalTrafficPolicy != "" {
			errs = append(errs, field.Invalid(specPath.Child("externalTrafficPolicy"), string(svc.Spec.ExternalTrafficPolicy),
				"may only be set for externally-accessible services"))
		}
	} else if svc.Spec.ExternalTrafficPolicy == "" {
		errs = append(errs, field.Required(specPath.Child("externalTrafficPolicy"), ""))
	} else if !memberOf(svc.Spec.ExternalTrafficPolicy, serviceExternalPolicies) {
		errs = append(errs, field.NotSupported(specPath.Child("externalTrafficPolicy"), string(svc.Spec.ExternalTrafficPolicy), serviceExternalPolicies))
	}
	// The health check node port is allocated by the API server when it is
	// needed and not set, so it is not required here.
	if !svc.NeedsHealthCheck() {
		if svc.Spec.HealthCheckNodePort != 0 {
			errs = append(errs, field.Invalid(specPath.Child("healthCheckNodePort"), svc.Spec.HealthCheckNodePort,
				"may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"))
		}
	} else if svc.Spec.HealthCheckNodePort != 0 {
		for _, msg := range validation.IsValidPortNum(int(svc.Spec.HealthCheckNodePort)) {
			errs = append(errs, field.Invalid(specPath.Child("healthCheckNodePort"), svc.Spec.HealthCheckNodePort, msg))
		}
	}
	return errs
}

func validateLoadBalancerClass(old, svc *Service) field.ErrorList {
	var errs field.ErrorList
	p := field.NewPath("spec", "loadBalancerClass")
	if old != nil && old.Spec.Type == ServiceTypeLoadBalancer && svc.Spec.Type == ServiceTypeLoadBalancer &&
		!strPtrEqual(old.Spec.LoadBalancerClass, svc.Spec.LoadBalancerClass) {
		errs = append(errs, field.Invalid(p, svc.Spec.LoadBalancerClass, "may not change once set"))
	}
	if svc.Spec.LoadBalancerClass != nil {
		if svc.Spec.Type == ServiceTypeLoadBalancer {
			errs = append(errs, validation.ValidateQualifiedName(*svc.Spec.LoadBalancerClass, p)...)
		} else {
			errs = append(errs, field.Forbidden(p, "may only be used when `type` is 'LoadBalancer'"))
		}
	}
	return errs
}

func strPtrEqual(a, b *string) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// isHeadlessServiceSpec reports a headless spec as Kubernetes' validation
// sees it: clusterIPs exactly ["None"].
func isHeadlessServiceSpec(spec *ServiceSpec) bool {
	return len(spec.ClusterIPs) == 1 && spec.ClusterIPs[0] == ClusterIPNone
}

// validateServiceClusterIPsRelatedFields checks clusterIP, clusterIPs,
// ipFamilies and ipFamilyPolicy together.
func validateServiceClusterIPsRelatedFields(svc *Service) field.ErrorList {
	spec := &svc.Spec
	// ExternalName services were checked to have none of them.
	if spec.Type == ServiceTypeExternalName {
		return nil
	}
	var errs field.ErrorList
	specPath := field.NewPath("spec")
	clusterIPsPath := specPath.Child("clusterIPs")
	familiesPath := specPath.Child("ipFamilies")

	if len(spec.ClusterIP) != 0 {
		if len(spec.ClusterIPs) == 0 {
			errs = append(errs, field.Required(clusterIPsPath, ""))
		} else if spec.ClusterIPs[0] != spec.ClusterIP {
			errs = append(errs, field.Invalid(clusterIPsPath, spec.ClusterIPs, "first value must match `clusterIP`"))
		}
	} else if len(spec.ClusterIPs) != 0 {
		errs = append(errs, field.Invalid(clusterIPsPath, spec.ClusterIPs, "must be empty when `clusterIP` is not specified"))
	}

	seen := map[IPFamily]bool{}
	for i, f := range spec.IPFamilies {
		if !memberOf(f, serviceIPFamilies) {
			errs = append(errs, field.NotSupported(familiesPath.Index(i), string(f), serviceIPFamilies))
		}
		if seen[f] {
			errs = append(errs, field.Duplicate(familiesPath.Index(i), string(f)))
		}
		seen[f] = true
	}
	if spec.IPFamilyPolicy != nil && !memberOf(*spec.IPFamilyPolicy, serviceIPFamilyPolicies) {
		errs = append(errs, field.NotSupported(specPath.Child("ipFamilyPolicy"), string(*spec.IPFamilyPolicy), serviceIPFamilyPolicies))
	}

	invalidIPs := false
	for i, ip := range spec.ClusterIPs {
		if i == 0 && ip == ClusterIPNone {
			if len(spec.ClusterIPs) > 1 {
				invalidIPs = true
				errs = append(errs, field.Invalid(clusterIPsPath, spec.ClusterIPs, "'None' must be the first and only value"))
			}
			continue
		}
		for _, msg := range validation.IsValidIP(ip) {
			invalidIPs = true
			errs = append(errs, field.Invalid(clusterIPsPath.Index(i), ip, msg))
		}
	}
	if len(spec.ClusterIPs) > 2 {
		errs = append(errs, field.Invalid(clusterIPsPath, spec.ClusterIPs, "may only hold up to 2 values"))
	}
	// Family checks on bad addresses would only repeat the problem.
	if invalidIPs {
		return errs
	}
	if len(spec.ClusterIPs) == 2 && IPFamilyOf(spec.ClusterIPs[0]) == IPFamilyOf(spec.ClusterIPs[1]) {
		errs = append(errs, field.Invalid(clusterIPsPath, spec.ClusterIPs, "may specify no more than one IP for each IP family"))
	}
	if !isHeadlessServiceSpec(spec) {
		for i, ip := range spec.ClusterIPs {
			if i >= len(spec.IPFamilies) {
				break
			}
			is6 := IPFamilyOf(ip) == IPv6Protocol
			if spec.IPFamilies[i] == IPv4Protocol && is6 {
				errs = append(errs, field.Invalid(clusterIPsPath.Index(i), ip, fmt.Sprintf("expected an IPv4 value as indicated by `ipFamilies[%v]`", i)))
			}
			if spec.IPFamilies[i] == IPv6Protocol && !is6 {
				errs = append(errs, field.Invalid(clusterIPsPath.Index(i), ip, fmt.Sprintf("expected an IPv6 value as indicated by `ipFamilies[%v]`", i)))
			}
		}
	}
	return errs
}

// ValidateServiceUpdate checks an update of a Service: the new object must
// be valid; cluster IPs and the primary IP family may not change (unless
// the type changes to or from ExternalName, or the update adds or removes
// the secondary family), nor may loadBalancerClass or an allocated
// healthCheckNodePort.
func ValidateServiceUpdate(svc, old *Service) field.ErrorList {
	var errs field.ErrorList
	errs = append(errs, validateServiceClusterIPsUpdate(old, svc)...)
	errs = append(errs, validateServiceIPFamiliesUpdate(old, svc)...)
	errs = append(errs, validateLoadBalancerClass(old, svc)...)
	if old.NeedsHealthCheck() && svc.NeedsHealthCheck() && svc.Spec.HealthCheckNodePort != old.Spec.HealthCheckNodePort {
		errs = append(errs, field.Forbidden(field.NewPath("spec", "healthCheckNodePort"), "field is immutable"))
	}
	errs = append(errs, ValidateService(svc)...)
	errs = append(errs, ValidateServiceStatus(svc)...)
	return errs
}

func validateServiceClusterIPsUpdate(old, svc *Service) field.ErrorList {
	if svc.Spec.Type == ServiceTypeExternalName || old.Spec.Type == ServiceTypeExternalName {
		return nil
	}
	if isHeadlessServiceSpec(&old.Spec) && isHeadlessServiceSpec(&svc.Spec) {
		return nil
	}
	var errs field.ErrorList
	p := field.NewPath("spec", "clusterIPs")
	oldIPs, newIPs := old.Spec.ClusterIPs, svc.Spec.ClusterIPs
	switch {
	case len(oldIPs) == len(newIPs):
		for i, ip := range oldIPs {
			if ip != newIPs[i] {
				errs = append(errs, field.Invalid(p.Index(i), newIPs, "may not change once set"))
			}
		}
	case len(oldIPs) > len(newIPs):
		if len(newIPs) == 0 {
			errs = append(errs, field.Invalid(p.Index(0), newIPs, "primary clusterIP can not be unset"))
		}
		if len(newIPs) > 0 && newIPs[0] != oldIPs[0] {
			errs = append(errs, field.Invalid(p.Index(0), newIPs, "may not change once set"))
		}
		if len(newIPs) == 1 && (svc.Spec.IPFamilyPolicy == nil || *svc.Spec.IPFamilyPolicy != IPFamilyPolicySingleStack) {
			errs = append(errs, field.Invalid(field.NewPath("spec", "ipFamilyPolicy"), policyValue(svc.Spec.IPFamilyPolicy),
				"must be set to 'SingleStack' when releasing the secondary clusterIP"))
		}
	default:
		if len(oldIPs) > 0 && newIPs[0] != oldIPs[0] {
			errs = append(errs, field.Invalid(p.Index(0), newIPs, "may not change once set"))
		}
	}
	return errs
}

func validateServiceIPFamiliesUpdate(old, svc *Service) field.ErrorList {
	if svc.Spec.Type == ServiceTypeExternalName || old.Spec.Type == ServiceTypeExternalName {
		return nil
	}
	oldHeadless, newHeadless := isHeadlessServiceSpec(&old.Spec), isHeadlessServiceSpec(&svc.Spec)
	if oldHeadless || newHeadless {
		// Headless services may change families, and so may services
		// turning headless or back.
		return nil
	}
	var errs field.ErrorList
	p := field.NewPath("spec", "ipFamilies")
	oldF, newF := old.Spec.IPFamilies, svc.Spec.IPFamilies
	switch {
	case len(oldF) == len(newF):
		for i, f := range oldF {
			if f != newF[i] {
				errs = append(errs, field.Invalid(p.Index(0), newF, "may not change once set"))
			}
		}
	case len(oldF) > len(newF):
		if len(newF) == 0 {
			errs = append(errs, field.Invalid(p.Index(0), newF, "primary ipFamily can not be unset"))
		}
		if len(newF) > 0 && newF[0] != oldF[0] {
			errs = append(errs, field.Invalid(p.Index(0), newF, "may not change once set"))
		}
		if len(newF) == 1 && (svc.Spec.IPFamilyPolicy == nil || *svc.Spec.IPFamilyPolicy != IPFamilyPolicySingleStack) {
			errs = append(errs, field.Invalid(field.NewPath("spec", "ipFamilyPolicy"), policyValue(svc.Spec.IPFamilyPolicy),
				"must be set to 'SingleStack' when releasing the secondary ipFamily"))
		}
	default:
		if len(oldF) > 0 && newF[0] != oldF[0] {
			errs = append(errs, field.Invalid(p.Index(0), newF, "may not change once set"))
		}
	}
	return errs
}

// ValidateServiceStatus checks a Service's status (the load balancer ingress points).
func ValidateServiceStatus(svc *Service) field.ErrorList {
	var errs field.ErrorList
	ingPath := field.NewPath("status", "loadBalancer", "ingress")
	if svc.Spec.Type != ServiceTypeLoadBalancer && len(svc.Status.LoadBalancer.Ingress) != 0 {
		return field.ErrorList{field.Forbidden(ingPath, "may only be used when `spec.type` is 'LoadBalancer'")}
	}
	for i, ing := range svc.Status.LoadBalancer.Ingress {
		p := ingPath.Index(i)
		if len(ing.IP) > 0 {
			for _, msg := range validation.IsValidIP(ing.IP) {
				errs = append(errs, field.Invalid(p.Child("ip"), ing.IP, msg))
			}
		}
		switch {
		case ing.IPMode == nil:
			if len(ing.IP) > 0 {
				errs = append(errs, field.Required(p.Child("ipMode"), "must be specified when `ip` is set"))
			}
		case len(ing.IP) == 0:
			errs = append(errs, field.Forbidden(p.Child("ipMode"), "may not be specified when `ip` is not set"))
		case !memberOf(*ing.IPMode, serviceLoadBalancerIPMode):
			errs = append(errs, field.NotSupported(p.Child("ipMode"), string(*ing.IPMode), serviceLoadBalancerIPMode))
		}
		if len(ing.Hostname) > 0 {
			for _, msg := range validation.IsDNS1123Subdomain(ing.Hostname) {
				errs = append(errs, field.Invalid(p.Child("hostname"), ing.Hostname, msg))
			}
			if net.ParseIP(ing.Hostname) != nil {
				errs = append(errs, field.Invalid(p.Child("hostname"), ing.Hostname, "must be a DNS name, not an IP address"))
			}
		}
	}
	return errs
}

// ValidateEndpoints checks Endpoints (on create and update): every subset
// has addresses, addresses are valid non-special IPs, hostnames are DNS
// labels, ports are 1-65535 with a supported protocol, and port names are
// DNS labels, required and unique when a subset has more than one port.
func ValidateEndpoints(ep *Endpoints) field.ErrorList {
	var errs field.ErrorList
	subsetsPath := field.NewPath("subsets")
	for i := range ep.Subsets {
		ss := &ep.Subsets[i]
		p := subsetsPath.Index(i)
		if len(ss.Addresses) == 0 && len(ss.NotReadyAddresses) == 0 {
			errs = append(errs, field.Required(p, "must specify `addresses` or `notReadyAddresses`"))
		}
		for j := range ss.Addresses {
			errs = append(errs, validateEndpointAddress(&ss.Addresses[j], p.Child("addresses").Index(j))...)
		}
		for j := range ss.NotReadyAddresses {
			errs = append(errs, validateEndpointAddress(&ss.NotReadyAddresses[j], p.Child("notReadyAddresses").Index(j))...)
		}
		names := map[string]bool{}
		for j := range ss.Ports {
			pp := p.Child("ports").Index(j)
			port := &ss.Ports[j]
			errs = append(errs, validateEndpointPort(port, len(ss.Ports) > 1, pp)...)
			if port.Name != "" {
				if names[port.Name] {
					errs = append(errs, field.Duplicate(pp.Child("name"), port.Name))
				}
				names[port.Name] = true
			}
		}
	}
	return errs
}

func validateEndpointAddress(addr *EndpointAddress, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	for _, msg := range validation.IsValidIP(addr.IP) {
		errs = append(errs, field.Invalid(path.Child("ip"), addr.IP, msg))
	}
	if len(addr.Hostname) > 0 {
		errs = append(errs, validation.ValidateDNS1123Label(addr.Hostname, path.Child("hostname"))...)
	}
	if addr.NodeName != nil {
		for _, msg := range validation.NameIsDNSSubdomain(*addr.NodeName, false) {
			errs = append(errs, field.Invalid(path.Child("nodeName"), *addr.NodeName, msg))
		}
	}
	if net.ParseIP(addr.IP) != nil {
		errs = append(errs, validation.ValidateNonSpecialIP(addr.IP, path.Child("ip"))...)
	}
	return errs
}

func validateEndpointPort(port *EndpointPort, requireName bool, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	if requireName && len(port.Name) == 0 {
		errs = append(errs, field.Required(path.Child("name"), ""))
	} else if len(port.Name) != 0 {
		errs = append(errs, validation.ValidateDNS1123Label(port.Name, path.Child("name"))...)
	}
	for _, msg := range validation.IsValidPortNum(int(port.Port)) {
		errs = append(errs, field.Invalid(path.Child("port"), port.Port, msg))
	}
	switch {
	case len(port.Protocol) == 0:
		errs = append(errs, field.Required(path.Child("protocol"), ""))
	case !memberOf(port.Protocol, serviceProtocols):
		errs = append(errs, field.NotSupported(path.Child("protocol"), string(port.Protocol), serviceProtocols))
	}
	if port.AppProtocol != nil {
		errs = append(errs, validation.ValidateQualifiedName(*port.AppProtocol, path.Child("appProtocol"))...)
	}
	return errs
}

// policyValue is the error value of an optional policy: null or its string.
func policyValue(p *IPFamilyPolicy) any {
	if p == nil {
		return nil
	}
	return string(*p)
}
