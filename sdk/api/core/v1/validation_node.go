package v1

import (
	"fmt"
	"strings"

	"github.com/gantryhq/gantry/sdk/api/field"
	"github.com/gantryhq/gantry/sdk/api/validation"
)

// ValidateNode checks a new Node, as Kubernetes' ValidateNode: taints
// (key a qualified name, value a label value, effect one of NoSchedule,
// PreferNoSchedule, NoExecute, unique by key and effect), pod CIDRs (valid,
// at most one per IP family) and the quantities of capacity and
// allocatable. The name (a DNS-1123 subdomain) is checked by the registry.
func ValidateNode(node *Node) field.ErrorList {
	var errs field.ErrorList
	if len(node.Spec.Taints) > 0 {
		errs = append(errs, validateNodeTaints(node.Spec.Taints, field.NewPath("spec", "taints"))...)
	}
	errs = append(errs, validateNodeResources(node)...)
	if node.Spec.PodCIDR != "" {
		for _, msg := range validation.IsValidCIDR(node.Spec.PodCIDR) {
			errs = append(errs, field.Invalid(field.NewPath("spec", "podCIDR"), node.Spec.PodCIDR, msg))
		}
	}
	if len(node.Spec.PodCIDRs) > 0 {
		p := field.NewPath("spec", "podCIDRs")
		for i, c := range node.Spec.PodCIDRs {
			for _, msg := range validation.IsValidCIDR(c) {
				errs = append(errs, field.Invalid(p.Index(i), c, msg))
			}
		}
		if len(node.Spec.PodCIDRs) > 1 {
			ips := make([]string, len(node.Spec.PodCIDRs))
			for i, c := range node.Spec.PodCIDRs {
				ips[i], _, _ = strings.Cut(c, "/")
			}
			if !isDualStackIPs(ips) || len(ips) > 2 {
				errs = append(errs, field.Invalid(p, node.Spec.PodCIDRs, "may specify no more than one CIDR for each IP family"))
			}
		}
		if node.Spec.PodCIDR != "" && node.Spec.PodCIDR != node.Spec.PodCIDRs[0] {
			errs = append(errs, field.Invalid(field.NewPath("spec", "podCIDR"), node.Spec.PodCIDR, "must be equal to podCIDRs[0]"))
		}
	}
	return errs
}

// ValidateNodeUpdate checks an update of a Node (or of its status), as
// Kubernetes' ValidateNode plus ValidateNodeUpdate: podCIDRs and providerID
// may only be set once, externalID never changes, addresses are unique.
func ValidateNodeUpdate(node, old *Node) field.ErrorList {
	errs := ValidateNode(node)
	addrs := map[NodeAddress]bool{}
	for i, a := range node.Status.Addresses {
		if addrs[a] {
			errs = append(errs, field.Duplicate(field.NewPath("status", "addresses").Index(i), a))
		}
		addrs[a] = true
	}
	const cidrMsg = "node updates may not change podCIDR except from \"\" to valid"
	if len(old.Spec.PodCIDRs) > 0 {
		p := field.NewPath("spec", "podCIDRs")
		if len(old.Spec.PodCIDRs) != len(node.Spec.PodCIDRs) {
			errs = append(errs, field.Forbidden(p, cidrMsg))
		} else {
			for i, v := range old.Spec.PodCIDRs {
				if v != node.Spec.PodCIDRs[i] {
					errs = append(errs, field.Forbidden(p, cidrMsg))
				}
			}
		}
	}
	if len(old.Spec.ProviderID) > 0 && old.Spec.ProviderID != node.Spec.ProviderID {
		errs = append(errs, field.Forbidden(field.NewPath("spec", "providerID"), "node updates may not change providerID except from \"\" to valid"))
	}
	if node.Spec.DoNotUseExternalID != old.Spec.DoNotUseExternalID {
		errs = append(errs, field.Forbidden(field.NewPath("spec", "externalID"), "may not be updated"))
	}
	return errs
}

func validateNodeTaints(taints []Taint, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	seen := map[TaintEffect]map[string]bool{}
	for i, t := range taints {
		ip := p.Index(i)
		errs = append(errs, qualifiedNameErrs(t.Key, ip.Child("key"))...)
		if msgs := validation.IsValidLabelValue(t.Value); len(msgs) != 0 {
			errs = append(errs, field.Invalid(ip.Child("value"), t.Value, strings.Join(msgs, ";")))
		}
		errs = append(errs, validateTaintEffect(t.Effect, false, ip.Child("effect"))...)
		if seen[t.Effect][t.Key] {
			e := field.Duplicate(ip, fmt.Sprintf("%s:%s", t.Key, t.Effect))
			e.Detail = "taints must be unique by key and effect pair"
			errs = append(errs, e)
			continue
		}
		if seen[t.Effect] == nil {
			seen[t.Effect] = map[string]bool{}
		}
		seen[t.Effect][t.Key] = true
	}
	return errs
}

func validateNodeResources(node *Node) field.ErrorList {
	var errs field.ErrorList
	for _, name := range sortedResourceNames(node.Status.Capacity) {
		errs = append(errs, ValidateResourceQuantityValue(name, node.Status.Capacity[name], field.NewPath("status", "capacity", string(name)))...)
	}
	for _, name := range sortedResourceNames(node.Status.Allocatable) {
		errs = append(errs, ValidateResourceQuantityValue(name, node.Status.Allocatable[name], field.NewPath("status", "allocatable", string(name)))...)
	}
	return errs
}
