package v1

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/gantryhq/gantry/sdk/api/registry"
)

const nameDescription = "Name must be unique within a namespace."
const ageDescription = "CreationTimestamp is a timestamp representing the server time when this object was created."

var ingressColumns = []registry.Column{
	{Name: "Name", Type: "string", Format: "name", Description: nameDescription},
	{Name: "Class", Type: "string", Description: "The name of the IngressClass resource that should be used for additional configuration"},
	{Name: "Hosts", Type: "string", Description: "Hosts that incoming requests are matched against before the ingress rule"},
	{Name: "Address", Type: "string", Description: "Address is a list containing ingress points for the load-balancer"},
	{Name: "Ports", Type: "string", Description: "Ports of TLS configurations that open"},
	{Name: "Age", Type: "string", Description: ageDescription},
}

func ingressCells(ing *Ingress, now time.Time) []any {
	class := "<none>"
	if ing.Spec.IngressClassName != nil {
		class = *ing.Spec.IngressClassName
	}
	ports := "80"
	if len(ing.Spec.TLS) != 0 {
		ports = "80, 443"
	}
	return []any{ing.Name, class, FormatIngressHosts(ing.Spec.Rules), IngressAddress(ing), ports,
		registry.Age(ing.CreationTimestamp, now)}
}

// FormatIngressHosts renders the HOSTS column as kubectl does: at most
// three hosts, then " + N more...", or "*" when no rule names a host.
func FormatIngressHosts(rules []IngressRule) string {
	const max = 3
	var list []string
	more := false
	for _, rule := range rules {
		if len(list) == max {
			more = true
		}
		if !more && len(rule.Host) != 0 {
			list = append(list, rule.Host)
		}
	}
	if len(list) == 0 {
		return "*"
	}
	ret := strings.Join(list, ",")
	if more {
		return fmt.Sprintf("%s + %d more...", ret, len(rules)-max)
	}
	return ret
}

// IngressAddress renders the ADDRESS column: the sorted set of the load
// balancer's IPs (or hostnames), comma separated.
func IngressAddress(ing *Ingress) string {
	set := map[string]bool{}
	for _, lb := range ing.Status.LoadBalancer.Ingress {
		if lb.IP != "" {
			set[lb.IP] = true
		} else if lb.Hostname != "" {
			set[lb.Hostname] = true
		}
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

var ingressClassColumns = []registry.Column{
	{Name: "Name", Type: "string", Format: "name", Description: nameDescription},
	{Name: "Controller", Type: "string", Description: "Controller that is responsible for handling this class"},
	{Name: "Parameters", Type: "string", Description: "A reference to a resource with additional parameters"},
	{Name: "Age", Type: "string", Description: ageDescription},
}

func ingressClassCells(ic *IngressClass, now time.Time) []any {
	params := "<none>"
	if p := ic.Spec.Parameters; p != nil {
		params = p.Kind
		if p.APIGroup != nil {
			params += "." + *p.APIGroup
		}
		params += "/" + p.Name
	}
	return []any{ic.Name, ic.Spec.Controller, params, registry.Age(ic.CreationTimestamp, now)}
}
