package v1

import (
	"fmt"

	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/field"
	"github.com/gantryhq/gantry/sdk/api/validation"
)

// Limits of an EndpointSlice, as in Kubernetes.
const (
	MaxEndpoints         = 1000
	MaxAddresses         = 100
	MaxPorts             = 20000
	maxTopologyLabels    = 16
	maxZoneHints         = 8
	maxNodeHints         = 8
	reservedTopologyZone = corev1.LabelTopologyZone
)

var (
	addressTypes  = []AddressType{AddressTypeFQDN, AddressTypeIPv4, AddressTypeIPv6}
	portProtocols = []corev1.Protocol{corev1.ProtocolSCTP, corev1.ProtocolTCP, corev1.ProtocolUDP}
)

// ValidateEndpointSlice checks an EndpointSlice as Kubernetes does: the
// address type is IPv4, IPv6 or FQDN; at most 1000 endpoints of 1 to 100
// addresses valid for the type (non-special IPs, or fully qualified
// names); hostnames are DNS labels; at most 20000 ports with unique names
// that are DNS labels and a supported protocol; hints are bounded and unique.
func ValidateEndpointSlice(s *EndpointSlice) field.ErrorList {
	var errs field.ErrorList
	switch {
	case s.AddressType == "":
		errs = append(errs, field.Required(field.NewPath("addressType"), ""))
	case !validAddressType(s.AddressType):
		errs = append(errs, field.NotSupported(field.NewPath("addressType"), string(s.AddressType), addressTypes))
	}
	errs = append(errs, validateEndpoints(s.Endpoints, s.AddressType, field.NewPath("endpoints"))...)
	return append(errs, validatePorts(s.Ports, field.NewPath("ports"))...)
}

// ValidateEndpointSliceUpdate checks an update: the new slice is valid and
// its address type did not change.
func ValidateEndpointSliceUpdate(s, old *EndpointSlice) field.ErrorList {
	errs := ValidateEndpointSlice(s)
	return append(errs, validation.ValidateImmutableField(string(s.AddressType), string(old.AddressType), field.NewPath("addressType"))...)
}

func validAddressType(t AddressType) bool {
	for _, a := range addressTypes {
		if t == a {
			return true
		}
	}
	return false
}

func validateEndpoints(endpoints []Endpoint, addrType AddressType, path *field.Path) field.ErrorList {
	if len(endpoints) > MaxEndpoints {
		return field.ErrorList{field.TooMany(path, len(endpoints), MaxEndpoints)}
	}
	var errs field.ErrorList
	for i := range endpoints {
		ep := &endpoints[i]
		p := path.Index(i)
		addrPath := p.Child("addresses")
		if len(ep.Addresses) == 0 {
			errs = append(errs, field.Required(addrPath, "must contain at least 1 address"))
		} else if len(ep.Addresses) > MaxAddresses {
			errs = append(errs, field.TooMany(addrPath, len(ep.Addresses), MaxAddresses))
		}
		for j, addr := range ep.Addresses {
			ap := addrPath.Index(j)
			// Unknown address types were reported above; their addresses are not checked.
			switch addrType {
			case AddressTypeIPv4:
				if msgs := validation.IsValidIPv4Address(addr); len(msgs) > 0 {
					for _, msg := range msgs {
						errs = append(errs, field.Invalid(ap, addr, msg))
					}
				} else {
					errs = append(errs, validation.ValidateNonSpecialIP(addr, ap)...)
				}
			case AddressTypeIPv6:
				if msgs := validation.IsValidIPv6Address(addr); len(msgs) > 0 {
					for _, msg := range msgs {
						errs = append(errs, field.Invalid(ap, addr, msg))
					}
				} else {
					errs = append(errs, validation.ValidateNonSpecialIP(addr, ap)...)
				}
			case AddressTypeFQDN:
				errs = append(errs, validation.ValidateFullyQualifiedDomainName(addr, ap)...)
			}
		}
		if ep.NodeName != nil {
			for _, msg := range validation.NameIsDNSSubdomain(*ep.NodeName, false) {
				errs = append(errs, field.Invalid(p.Child("nodeName"), *ep.NodeName, msg))
			}
		}
		topoPath := p.Child("deprecatedTopology")
		if len(ep.DeprecatedTopology) > maxTopologyLabels {
			errs = append(errs, field.TooMany(topoPath, len(ep.DeprecatedTopology), maxTopologyLabels))
		}
		errs = append(errs, validation.ValidateLabels(ep.DeprecatedTopology, topoPath)...)
		if _, found := ep.DeprecatedTopology[reservedTopologyZone]; found {
			errs = append(errs, field.InternalError(topoPath.Key(reservedTopologyZone), fmt.Errorf("reserved field, must not be set")))
		}
		if ep.Hostname != nil {
			errs = append(errs, validation.ValidateDNS1123Label(*ep.Hostname, p.Child("hostname"))...)
		}
		if ep.Hints != nil {
			errs = append(errs, validateHints(ep.Hints, p.Child("hints"))...)
		}
	}
	return errs
}

func validateHints(h *EndpointHints, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	zonesPath := path.Child("forZones")
	if len(h.ForZones) > maxZoneHints {
		errs = append(errs, field.TooMany(zonesPath, len(h.ForZones), maxZoneHints))
	} else {
		seen := map[string]bool{}
		for i, z := range h.ForZones {
			p := zonesPath.Index(i).Child("name")
			if seen[z.Name] {
				errs = append(errs, field.Duplicate(p, z.Name))
			}
			seen[z.Name] = true
			for _, msg := range validation.IsValidLabelValue(z.Name) {
				errs = append(errs, field.Invalid(p, z.Name, msg))
			}
		}
	}
	nodesPath := path.Child("forNodes")
	if len(h.ForNodes) > maxNodeHints {
		errs = append(errs, field.TooMany(nodesPath, len(h.ForNodes), maxNodeHints))
	} else {
		seen := map[string]bool{}
		for i, n := range h.ForNodes {
			p := nodesPath.Index(i).Child("name")
			if seen[n.Name] {
				errs = append(errs, field.Duplicate(p, n.Name))
			}
			seen[n.Name] = true
			for _, msg := range validation.NameIsDNSSubdomain(n.Name, false) {
				errs = append(errs, field.Invalid(p, n.Name, msg))
			}
		}
	}
	return errs
}

func validatePorts(ports []EndpointPort, path *field.Path) field.ErrorList {
	if len(ports) > MaxPorts {
		return field.ErrorList{field.TooMany(path, len(ports), MaxPorts)}
	}
	var errs field.ErrorList
	names := map[string]bool{}
	for i, port := range ports {
		p := path.Index(i)
		name := ""
		if port.Name != nil {
			name = *port.Name
		}
		if len(name) > 0 {
			errs = append(errs, validation.ValidateDNS1123Label(name, p.Child("name"))...)
		}
		if names[name] {
			errs = append(errs, field.Duplicate(p.Child("name"), name))
		}
		names[name] = true
		switch {
		case port.Protocol == nil:
			errs = append(errs, field.Required(p.Child("protocol"), ""))
		case !validProtocol(*port.Protocol):
			errs = append(errs, field.NotSupported(p.Child("protocol"), string(*port.Protocol), portProtocols))
		}
		if port.Port != nil {
			for _, msg := range validation.IsValidPortNum(int(*port.Port)) {
				errs = append(errs, field.Invalid(p.Child("port"), *port.Port, msg))
			}
		}
		if port.AppProtocol != nil {
			errs = append(errs, validation.ValidateQualifiedName(*port.AppProtocol, p.Child("appProtocol"))...)
		}
	}
	return errs
}

func validProtocol(p corev1.Protocol) bool {
	for _, q := range portProtocols {
		if p == q {
			return true
		}
	}
	return false
}
