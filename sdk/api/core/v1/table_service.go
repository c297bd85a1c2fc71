package v1

import (
	"fmt"
	"net"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gantryhq/gantry/sdk/api/labels"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

const ageDescription = "CreationTimestamp is a timestamp representing the server time when this object was created."
const nameDescription = "Name must be unique within a namespace."

var serviceColumns = []registry.Column{
	{Name: "Name", Type: "string", Format: "name", Description: nameDescription},
	{Name: "Type", Type: "string", Description: "type determines how the Service is exposed."},
	{Name: "Cluster-IP", Type: "string", Description: "clusterIP is the IP address of the service and is usually assigned randomly."},
	{Name: "External-IP", Type: "string", Description: "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service."},
	{Name: "Port(s)", Type: "string", Description: "The list of ports that are exposed by this service."},
	{Name: "Age", Type: "string", Description: ageDescription},
	{Name: "Selector", Type: "string", Priority: 1, Description: "Route service traffic to pods with label keys and values matching this selector."},
}

// serviceCells renders a Service as kubectl's server-side printer does
// (always in its wide form; kubectl hides priority-1 columns).
func serviceCells(svc *Service, now time.Time) []any {
	internalIP := "<none>"
	if len(svc.Spec.ClusterIPs) > 0 {
		internalIP = svc.Spec.ClusterIPs[0]
	}
	ports := FormatServicePorts(svc.Spec.Ports)
	if ports == "" {
		ports = "<none>"
	}
	return []any{svc.Name, string(svc.Spec.Type), internalIP, ServiceExternalIP(svc), ports,
		registry.Age(svc.CreationTimestamp, now), labels.FormatLabels(svc.Spec.Selector)}
}

// FormatServicePorts renders ports as kubectl does: "80/TCP", "80:30080/TCP", comma separated.
func FormatServicePorts(ports []ServicePort) string {
	pieces := make([]string, len(ports))
	for i, p := range ports {
		if p.NodePort > 0 {
			pieces[i] = fmt.Sprintf("%d:%d/%s", p.Port, p.NodePort, p.Protocol)
		} else {
			pieces[i] = fmt.Sprintf("%d/%s", p.Port, p.Protocol)
		}
	}
	return strings.Join(pieces, ",")
}

// ServiceExternalIP renders the EXTERNAL-IP column as kubectl does: the
// external IPs, the load balancer's addresses ("<pending>" before it has
// any), the external name, or "<none>".
func ServiceExternalIP(svc *Service) string {
	switch svc.Spec.Type {
	case ServiceTypeClusterIP, ServiceTypeNodePort:
		if len(svc.Spec.ExternalIPs) > 0 {
			return strings.Join(svc.Spec.ExternalIPs, ",")
		}
		return "<none>"
	case ServiceTypeLoadBalancer:
		lbIPs := loadBalancerStatusString(svc.Status.LoadBalancer)
		if len(svc.Spec.ExternalIPs) > 0 {
			var out []string
			if lbIPs != "" {
				out = append(out, strings.Split(lbIPs, ",")...)
			}
			return strings.Join(append(out, svc.Spec.ExternalIPs...), ",")
		}
		if lbIPs != "" {
			return lbIPs
		}
		return "<pending>"
	case ServiceTypeExternalName:
		return svc.Spec.ExternalName
	}
	return "<unknown>"
}

// loadBalancerStatusString is the sorted set of ingress IPs (or hostnames).
func loadBalancerStatusString(s LoadBalancerStatus) string {
	set := map[string]bool{}
	for _, ing := range s.Ingress {
		if ing.IP != "" {
			set[ing.IP] = true
		} else if ing.Hostname != "" {
			set[ing.Hostname] = true
		}
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

var endpointsColumns = []registry.Column{
	{Name: "Name", Type: "string", Format: "name", Description: nameDescription},
	{Name: "Endpoints", Type: "string", Description: "The set of all endpoints is the union of all subsets."},
	{Name: "Age", Type: "string", Description: ageDescription},
}

func endpointsCells(ep *Endpoints, now time.Time) []any {
	return []any{ep.Name, FormatEndpoints(ep), registry.Age(ep.CreationTimestamp, now)}
}

// FormatEndpoints renders ready endpoints as kubectl does: at most three
// "ip:port" entries, then " + N more...", or "<none>".
func FormatEndpoints(ep *Endpoints) string {
	if len(ep.Subsets) == 0 {
		return "<none>"
	}
	const max = 3
	var list []string
	more := false
	count := 0
	for i := range ep.Subsets {
		ss := &ep.Subsets[i]
		if len(ss.Ports) == 0 {
			// Headless services may have no ports.
			count += len(ss.Addresses)
			for _, a := range ss.Addresses {
				if len(list) == max {
					more = true
					break
				}
				list = append(list, a.IP)
			}
			continue
		}
		for _, port := range ss.Ports {
			count += len(ss.Addresses)
			for _, a := range ss.Addresses {
				if len(list) == max {
					more = true
					break
				}
				list = append(list, net.JoinHostPort(a.IP, strconv.Itoa(int(port.Port))))
			}
		}
	}
	ret := strings.Join(list, ",")
	if more {
		return fmt.Sprintf("%s + %d more...", ret, count-max)
	}
	if ret == "" {
		ret = "<none>"
	}
	return ret
}
