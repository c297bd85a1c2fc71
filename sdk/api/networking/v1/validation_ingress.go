package v1

import (
	"fmt"
	"net"
	"strings"

	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/field"
	"github.com/gantryhq/gantry/sdk/api/validation"
)

// AnnotationIngressClass is the pre-field way to pick an ingress class;
// when set with spec.ingressClassName the two must agree.
const AnnotationIngressClass = "kubernetes.io/ingress.class"

const maxLenIngressClassController = 250

var (
	ingressPathTypes         = []PathType{PathTypeExact, PathTypeImplementationSpecific, PathTypePrefix}
	ingressParameterScopes   = []string{IngressClassParametersReferenceScopeCluster, IngressClassParametersReferenceScopeNamespace}
	ingressInvalidPathSeqs   = []string{"//", "/./", "/../", "%2f", "%2F"}
	ingressInvalidPathSuffix = []string{"/..", "/."}
)

// ValidateIngress checks a new Ingress as Kubernetes does: either rules or
// a default backend; hosts are DNS subdomains (or "*." wildcards), not IPs;
// every path has a pathType, Exact and Prefix paths are absolute and
// clean; every backend is exactly one of a Service port (by name or
// number) or a resource; TLS hosts and secret names are valid; the
// ingressClassName agrees with the kubernetes.io/ingress.class annotation.
func ValidateIngress(ing *Ingress) field.ErrorList {
	errs := ValidateIngressSpec(&ing.Spec, field.NewPath("spec"))
	if v, ok := ing.Annotations[AnnotationIngressClass]; ok && ing.Spec.IngressClassName != nil && v != *ing.Spec.IngressClassName {
		errs = append(errs, field.Invalid(field.NewPath("annotations").Key(AnnotationIngressClass), v, "must match `ingressClassName` when both are specified"))
	}
	return errs
}

// ValidateIngressUpdate checks an update of an Ingress: the new spec and status.
func ValidateIngressUpdate(ing, old *Ingress) field.ErrorList {
	errs := ValidateIngressSpec(&ing.Spec, field.NewPath("spec"))
	return append(errs, ValidateIngressStatus(&ing.Status, field.NewPath("status"))...)
}

// ValidateIngressSpec checks the spec of an Ingress.
func ValidateIngressSpec(spec *IngressSpec, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	if len(spec.Rules) == 0 && spec.DefaultBackend == nil {
		errs = append(errs, field.Invalid(path, field.OmitValue, "either `defaultBackend` or `rules` must be specified"))
	}
	if spec.DefaultBackend != nil {
		errs = append(errs, validateIngressBackend(spec.DefaultBackend, path.Child("defaultBackend"))...)
	}
	for i, rule := range spec.Rules {
		p := path.Child("rules").Index(i)
		if len(rule.Host) > 0 {
			errs = append(errs, validateIngressHost(rule.Host, p.Child("host"))...)
			if net.ParseIP(rule.Host) != nil {
				errs = append(errs, field.Invalid(p.Child("host"), rule.Host, "must be a DNS name, not an IP address"))
			}
		}
		if rule.HTTP != nil {
			hp := p.Child("http")
			if len(rule.HTTP.Paths) == 0 {
				errs = append(errs, field.Required(hp.Child("paths"), ""))
			}
			for j := range rule.HTTP.Paths {
				errs = append(errs, validateHTTPIngressPath(&rule.HTTP.Paths[j], hp.Child("paths").Index(j))...)
			}
		}
	}
	for i, tls := range spec.TLS {
		p := path.Child("tls").Index(i)
		for j, host := range tls.Hosts {
			errs = append(errs, validateIngressHost(host, p.Child("hosts").Index(j))...)
		}
		if tls.SecretName != "" {
			for _, msg := range validation.NameIsDNSSubdomain(tls.SecretName, false) {
				errs = append(errs, field.Invalid(p.Child("secretName"), tls.SecretName, msg))
			}
		}
	}
	if spec.IngressClassName != nil {
		for _, msg := range validation.NameIsDNSSubdomain(*spec.IngressClassName, false) {
			errs = append(errs, field.Invalid(path.Child("ingressClassName"), *spec.IngressClassName, msg))
		}
	}
	return errs
}

// validateIngressHost checks a DNS subdomain, or a wildcard one ("*.example.com").
func validateIngressHost(host string, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	check := validation.IsDNS1123Subdomain
	if strings.Contains(host, "*") {
		check = validation.IsWildcardDNS1123Subdomain
	}
	for _, msg := range check(host) {
		errs = append(errs, field.Invalid(path, host, msg))
	}
	return errs
}

func validateHTTPIngressPath(p *HTTPIngressPath, path *field.Path) field.ErrorList {
	if p.PathType == nil {
		return field.ErrorList{field.Required(path.Child("pathType"), "pathType must be specified")}
	}
	var errs field.ErrorList
	switch *p.PathType {
	case PathTypeExact, PathTypePrefix:
		if !strings.HasPrefix(p.Path, "/") {
			errs = append(errs, field.Invalid(path.Child("path"), p.Path, "must be an absolute path"))
		}
		if len(p.Path) > 0 {
			for _, seq := range ingressInvalidPathSeqs {
				if strings.Contains(p.Path, seq) {
					errs = append(errs, field.Invalid(path.Child("path"), p.Path, fmt.Sprintf("must not contain '%s'", seq)))
				}
			}
			for _, suffix := range ingressInvalidPathSuffix {
				if strings.HasSuffix(p.Path, suffix) {
					errs = append(errs, field.Invalid(path.Child("path"), p.Path, fmt.Sprintf("cannot end with '%s'", suffix)))
				}
			}
		}
	case PathTypeImplementationSpecific:
		if len(p.Path) > 0 && !strings.HasPrefix(p.Path, "/") {
			errs = append(errs, field.Invalid(path.Child("path"), p.Path, "must be an absolute path"))
		}
	default:
		errs = append(errs, field.NotSupported(path.Child("pathType"), string(*p.PathType), ingressPathTypes))
	}
	return append(errs, validateIngressBackend(&p.Backend, path.Child("backend"))...)
}

func validateIngressBackend(b *IngressBackend, path *field.Path) field.ErrorList {
	switch {
	case b.Resource != nil && b.Service != nil:
		return field.ErrorList{field.Invalid(path, "", "cannot set both resource and service backends")}
	case b.Resource != nil:
		return validateTypedLocalObjectReference(b.Resource.APIGroup, b.Resource.Kind, b.Resource.Name, path.Child("resource"))
	case b.Service == nil:
		return field.ErrorList{field.Invalid(path, "", "resource or service backend is required")}
	}
	var errs field.ErrorList
	svc := b.Service
	if len(svc.Name) == 0 {
		errs = append(errs, field.Required(path.Child("service", "name"), ""))
	} else {
		for _, msg := range validation.NameIsDNS1035Label(svc.Name, false) {
			errs = append(errs, field.Invalid(path.Child("service", "name"), svc.Name, msg))
		}
	}
	hasName, hasNumber := len(svc.Port.Name) > 0, svc.Port.Number != 0
	switch {
	case hasName && hasNumber:
		errs = append(errs, field.Invalid(path, "", "cannot set both port name & port number"))
	case hasName:
		for _, msg := range validation.IsValidPortName(svc.Port.Name) {
			errs = append(errs, field.Invalid(path.Child("service", "port", "name"), svc.Port.Name, msg))
		}
	case hasNumber:
		for _, msg := range validation.IsValidPortNum(int(svc.Port.Number)) {
			errs = append(errs, field.Invalid(path.Child("service", "port", "number"), svc.Port.Number, msg))
		}
	default:
		errs = append(errs, field.Required(path, "port name or number is required"))
	}
	return errs
}

func validateTypedLocalObjectReference(apiGroup *string, kind, name string, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	if apiGroup != nil {
		for _, msg := range validation.IsDNS1123Subdomain(*apiGroup) {
			errs = append(errs, field.Invalid(path.Child("apiGroup"), *apiGroup, msg))
		}
	}
	if kind == "" {
		errs = append(errs, field.Required(path.Child("kind"), "kind is required"))
	} else {
		for _, msg := range validation.ValidatePathSegmentName(kind, false) {
			errs = append(errs, field.Invalid(path.Child("kind"), kind, msg))
		}
	}
	if name == "" {
		errs = append(errs, field.Required(path.Child("name"), "name is required"))
	} else {
		for _, msg := range validation.ValidatePathSegmentName(name, false) {
			errs = append(errs, field.Invalid(path.Child("name"), name, msg))
		}
	}
	return errs
}

// ValidateIngressStatus checks the load balancer ingress points of an Ingress.
func ValidateIngressStatus(st *IngressStatus, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	for i, ing := range st.LoadBalancer.Ingress {
		p := path.Child("loadBalancer", "ingress").Index(i)
		if len(ing.IP) > 0 {
			for _, msg := range validation.IsValidIP(ing.IP) {
				errs = append(errs, field.Invalid(p.Child("ip"), ing.IP, msg))
			}
		}
		if len(ing.Hostname) > 0 {
			for _, msg := range validation.IsDNS1123Subdomain(ing.Hostname) {
				errs = append(errs, field.Invalid(p.Child("hostname"), ing.Hostname, msg))
			}
			if net.ParseIP(ing.Hostname) != nil {
				errs = append(errs, field.Invalid(p.Child("hostname"), ing.Hostname, "must be a DNS name, not an IP address"))
			}
		}
		for j, port := range ing.Ports {
			for _, msg := range validation.IsValidPortNum(int(port.Port)) {
				errs = append(errs, field.Invalid(p.Child("ports").Index(j).Child("port"), port.Port, msg))
			}
			switch port.Protocol {
			case corev1.ProtocolTCP, corev1.ProtocolUDP, corev1.ProtocolSCTP:
			default:
				errs = append(errs, field.NotSupported(p.Child("ports").Index(j).Child("protocol"), string(port.Protocol),
					[]corev1.Protocol{corev1.ProtocolSCTP, corev1.ProtocolTCP, corev1.ProtocolUDP}))
			}
		}
	}
	return errs
}

// ValidateIngressClass checks an IngressClass: the controller is a
// domain-prefixed path of at most 250 characters, and the parameters
// reference is complete, with a namespace exactly when its scope is Namespace.
func ValidateIngressClass(ic *IngressClass) field.ErrorList {
	var errs field.ErrorList
	specPath := field.NewPath("spec")
	if len(ic.Spec.Controller) > maxLenIngressClassController {
		errs = append(errs, field.TooLong(specPath.Child("controller"), "", maxLenIngressClassController))
	}
	errs = append(errs, validation.ValidateDomainPrefixedPath(ic.Spec.Controller, specPath.Child("controller"))...)
	if p := ic.Spec.Parameters; p != nil {
		pp := specPath.Child("parameters")
		errs = append(errs, validateTypedLocalObjectReference(p.APIGroup, p.Kind, p.Name, pp)...)
		switch {
		case p.Scope == nil:
			errs = append(errs, field.Required(pp.Child("scope"), ""))
		case *p.Scope == IngressClassParametersReferenceScopeNamespace:
			if p.Namespace == nil {
				errs = append(errs, field.Required(pp.Child("namespace"), "`parameters.scope` is set to 'Namespace'"))
			} else {
				for _, msg := range validation.NameIsDNSLabel(*p.Namespace, false) {
					errs = append(errs, field.Invalid(pp.Child("namespace"), *p.Namespace, msg))
				}
			}
		case *p.Scope == IngressClassParametersReferenceScopeCluster:
			if p.Namespace != nil {
				errs = append(errs, field.Forbidden(pp.Child("namespace"), "`parameters.scope` is set to 'Cluster'"))
			}
		default:
			errs = append(errs, field.NotSupported(pp.Child("scope"), *p.Scope, ingressParameterScopes))
		}
	}
	return errs
}

// ValidateIngressClassUpdate checks an update of an IngressClass: the new
// object is valid and the controller did not change.
func ValidateIngressClassUpdate(ic, old *IngressClass) field.ErrorList {
	errs := ValidateIngressClass(ic)
	return append(errs, validation.ValidateImmutableField(ic.Spec.Controller, old.Spec.Controller, field.NewPath("spec", "controller"))...)
}
