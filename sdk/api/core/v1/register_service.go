package v1

import (
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
	"github.com/gantryhq/gantry/sdk/api/validation"
)

// addService registers Service: DNS-1035 label names, status subresource,
// short name "svc", category "all", field selectors spec.clusterIP and
// spec.type.
func addService(r *registry.Registry) error {
	return registry.Add(r, registry.Type[*Service]{
		Group:            GroupName,
		Version:          Version,
		Kind:             "Service",
		Resource:         "services",
		ShortNames:       []string{"svc"},
		Categories:       []string{"all"},
		Namespaced:       true,
		New:              func() *Service { return &Service{} },
		NewList:          func() meta.ListObject { return &ServiceList{} },
		NameFunc:         validation.NameIsDNS1035Label,
		Default:          SetObjectDefaults_Service,
		Validate:         ValidateService,
		ValidateUpdate:   ValidateServiceUpdate,
		Spec:             func(s *Service) any { return &s.Spec },
		ResetStatus:      func(s *Service) { s.Status = ServiceStatus{} },
		CopyStatus:       func(dst, src *Service) { dst.Status = *src.Status.DeepCopy() },
		CopySpec:         func(dst, src *Service) { dst.Spec = *src.Spec.DeepCopy() },
		PrepareForCreate: PrepareServiceForCreate,
		PrepareForUpdate: PrepareServiceForUpdate,
		Fields: map[string]func(*Service) string{
			"spec.clusterIP": func(s *Service) string { return s.Spec.ClusterIP },
			"spec.type":      func(s *Service) string { return string(s.Spec.Type) },
		},
		Columns: serviceColumns,
		Cells:   serviceCells,
	})
}

// PrepareServiceForCreate initialises clusterIPs from clusterIP, as
// Kubernetes' service strategy does for clients that only set the latter.
func PrepareServiceForCreate(svc *Service) {
	if len(svc.Spec.ClusterIP) > 0 && len(svc.Spec.ClusterIPs) == 0 {
		svc.Spec.ClusterIPs = []string{svc.Spec.ClusterIP}
	}
}

// PrepareServiceForUpdate does what Kubernetes' service update does before
// validation:
//   - values the API server allocated (cluster IPs and their families, node
//     ports, the health check node port) that the update leaves empty are
//     kept from old, so that a client can PUT a manifest without them;
//   - clusterIP and clusterIPs are kept in step when the client changed
//     only the former;
//   - fields that no longer apply after a type change, and that the client
//     did not change, are cleared (cluster IPs and families when changing
//     to ExternalName, node ports when leaving NodePort/LoadBalancer, ...).
func PrepareServiceForUpdate(svc, old *Service) {
	patchServiceAllocatedValues(svc, old)
	// Keep clusterIP and clusterIPs in step for clients that set only clusterIP.
	if old.Spec.ClusterIP != svc.Spec.ClusterIP && stringsEqual(old.Spec.ClusterIPs, svc.Spec.ClusterIPs) {
		if svc.Spec.ClusterIP == "" {
			svc.Spec.ClusterIPs = nil
		} else {
			svc.Spec.ClusterIPs = []string{svc.Spec.ClusterIP}
		}
	}
	dropServiceTypeDependentFields(svc, old)
}

func needsClusterIP(s *Service) bool { return s.Spec.Type != ServiceTypeExternalName }

func needsNodePort(s *Service) bool {
	return s.Spec.Type == ServiceTypeNodePort || s.Spec.Type == ServiceTypeLoadBalancer
}

func patchServiceAllocatedValues(svc, old *Service) {
	if needsClusterIP(old) && needsClusterIP(svc) {
		patched := false
		if svc.Spec.ClusterIP == "" {
			svc.Spec.ClusterIP = old.Spec.ClusterIP
			patched = old.Spec.ClusterIP != ""
		}
		if len(svc.Spec.ClusterIPs) == 0 && len(old.Spec.ClusterIPs) > 0 {
			svc.Spec.ClusterIPs = append([]string(nil), old.Spec.ClusterIPs...)
			patched = true
		}
		// Defaulting guessed the family from an empty clusterIP; once the
		// allocated addresses are back, so are their families (the
		// primary family cannot change anyway).
		if patched && len(old.Spec.IPFamilies) > 0 &&
			(len(svc.Spec.IPFamilies) == 0 || (len(svc.Spec.IPFamilies) == 1 && svc.Spec.IPFamilies[0] != old.Spec.IPFamilies[0])) {
			svc.Spec.IPFamilies = append([]IPFamily(nil), old.Spec.IPFamilies...)
		}
	}
	if needsNodePort(old) && needsNodePort(svc) {
		for i := range svc.Spec.Ports {
			p := &svc.Spec.Ports[i]
			if p.NodePort != 0 {
				continue
			}
			if op := old.PortByNumber(p.Port, p.Protocol); op != nil {
				p.NodePort = op.NodePort
			}
		}
	}
	if old.NeedsHealthCheck() && svc.NeedsHealthCheck() && svc.Spec.HealthCheckNodePort == 0 {
		svc.Spec.HealthCheckNodePort = old.Spec.HealthCheckNodePort
	}
}

func dropServiceTypeDependentFields(svc, old *Service) {
	if needsClusterIP(old) && !needsClusterIP(svc) {
		if svc.Spec.ClusterIP == old.Spec.ClusterIP && stringsEqual(svc.Spec.ClusterIPs, old.Spec.ClusterIPs) {
			svc.Spec.ClusterIP = ""
			svc.Spec.ClusterIPs = nil
		}
		if ipFamiliesEqual(svc.Spec.IPFamilies, old.Spec.IPFamilies) {
			svc.Spec.IPFamilies = nil
		}
		if ipFamilyPolicyEqual(svc.Spec.IPFamilyPolicy, old.Spec.IPFamilyPolicy) {
			svc.Spec.IPFamilyPolicy = nil
		}
	}
	if needsNodePort(old) && !needsNodePort(svc) && sameNodePorts(svc, old) {
		for i := range svc.Spec.Ports {
			svc.Spec.Ports[i].NodePort = 0
		}
	}
	if old.NeedsHealthCheck() && !svc.NeedsHealthCheck() && svc.Spec.HealthCheckNodePort == old.Spec.HealthCheckNodePort {
		svc.Spec.HealthCheckNodePort = 0
	}
	if svc.Spec.Type != ServiceTypeLoadBalancer {
		svc.Spec.AllocateLoadBalancerNodePorts = nil
	}
	if old.IsExternallyAccessible() && !svc.IsExternallyAccessible() && svc.Spec.ExternalTrafficPolicy == old.Spec.ExternalTrafficPolicy {
		svc.Spec.ExternalTrafficPolicy = ""
	}
	if old.Spec.Type == ServiceTypeLoadBalancer && svc.Spec.Type != ServiceTypeLoadBalancer &&
		strPtrEqual(svc.Spec.LoadBalancerClass, old.Spec.LoadBalancerClass) {
		svc.Spec.LoadBalancerClass = nil
	}
}

// sameNodePorts reports whether every port of svc that also exists in old
// kept old's node port.
func sameNodePorts(svc, old *Service) bool {
	for _, p := range svc.Spec.Ports {
		op := old.PortByNumber(p.Port, p.Protocol)
		if op == nil || op.NodePort != p.NodePort {
			if p.NodePort != 0 {
				return false
			}
		}
	}
	return true
}

func stringsEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func ipFamiliesEqual(a, b []IPFamily) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func ipFamilyPolicyEqual(a, b *IPFamilyPolicy) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// addEndpoints registers Endpoints: short name "ep"; a PUT may create them.
func addEndpoints(r *registry.Registry) error {
	return registry.Add(r, registry.Type[*Endpoints]{
		Group:               GroupName,
		Version:             Version,
		Kind:                "Endpoints",
		ListKind:            "EndpointsList",
		Resource:            "endpoints",
		Singular:            "endpoints",
		ShortNames:          []string{"ep"},
		Namespaced:          true,
		New:                 func() *Endpoints { return &Endpoints{} },
		NewList:             func() meta.ListObject { return &EndpointsList{} },
		Default:             SetObjectDefaults_Endpoints,
		Validate:            ValidateEndpoints,
		AllowCreateOnUpdate: true,
		Columns:             endpointsColumns,
		Cells:               endpointsCells,
	})
}
