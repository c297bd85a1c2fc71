package validation

import (
	"fmt"
	"net"
	"regexp"
	"strings"

	"github.com/gantryhq/gantry/sdk/api/field"
)

// Validators for network addresses and DNS names shared by the service,
// endpoint and ingress kinds. Messages match Kubernetes'.

// IsValidIPv4Address checks an IPv4 address.
func IsValidIPv4Address(value string) []string {
	ip := net.ParseIP(value)
	if ip == nil || ip.To4() == nil {
		return []string{"must be a valid IPv4 address"}
	}
	return nil
}

// IsValidIPv6Address checks an IPv6 address.
func IsValidIPv6Address(value string) []string {
	ip := net.ParseIP(value)
	if ip == nil || ip.To4() != nil {
		return []string{"must be a valid IPv6 address"}
	}
	return nil
}

// ValidateNonSpecialIP checks that ip is a valid address that is neither
// unspecified, loopback nor link-local: endpoints and external IPs may not
// be such addresses.
func ValidateNonSpecialIP(ipAddress string, path *field.Path) field.ErrorList {
	ip := net.ParseIP(ipAddress)
	if ip == nil {
		return field.ErrorList{field.Invalid(path, ipAddress, "must be a valid IP address")}
	}
	var errs field.ErrorList
	if ip.IsUnspecified() {
		errs = append(errs, field.Invalid(path, ipAddress, fmt.Sprintf("may not be unspecified (%v)", ipAddress)))
	}
	if ip.IsLoopback() {
		errs = append(errs, field.Invalid(path, ipAddress, "may not be in the loopback range (127.0.0.0/8, ::1/128)"))
	}
	if ip.IsLinkLocalUnicast() {
		errs = append(errs, field.Invalid(path, ipAddress, "may not be in the link-local range (169.254.0.0/16, fe80::/10)"))
	}
	if ip.IsLinkLocalMulticast() {
		errs = append(errs, field.Invalid(path, ipAddress, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"))
	}
	return errs
}

const wildcardDNS1123SubdomainFmt = "\\*\\." + dns1123SubdomainFmt
const wildcardDNS1123SubdomainErrMsg = "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character"

var wildcardDNS1123SubdomainRegexp = regexp.MustCompile("^" + wildcardDNS1123SubdomainFmt + "$")

// IsWildcardDNS1123Subdomain checks a wildcard DNS name ("*.example.com").
func IsWildcardDNS1123Subdomain(value string) []string {
	var errs []string
	if len(value) > DNS1123SubdomainMaxLength {
		errs = append(errs, MaxLenError(DNS1123SubdomainMaxLength))
	}
	if !wildcardDNS1123SubdomainRegexp.MatchString(value) {
		errs = append(errs, RegexError(wildcardDNS1123SubdomainErrMsg, wildcardDNS1123SubdomainFmt, "*.example.com"))
	}
	return errs
}

// ValidateFullyQualifiedDomainName checks a domain name of at least two
// labels, with an optional trailing dot ("example.com.").
func ValidateFullyQualifiedDomainName(name string, path *field.Path) field.ErrorList {
	if len(name) == 0 {
		return field.ErrorList{field.Required(path, "")}
	}
	name = strings.TrimSuffix(name, ".")
	if errs := IsDNS1123Subdomain(name); len(errs) > 0 {
		return field.ErrorList{field.Invalid(path, name, strings.Join(errs, ","))}
	}
	labels := strings.Split(name, ".")
	if len(labels) < 2 {
		return field.ErrorList{field.Invalid(path, name, "should be a domain with at least two segments separated by dots")}
	}
	for _, label := range labels {
		if errs := IsDNS1123Label(label); len(errs) > 0 {
			return field.ErrorList{field.Invalid(path, label, strings.Join(errs, ","))}
		}
	}
	return nil
}

const httpPathFmt = `[A-Za-z0-9/\-._~%!$&'()*+,;=:]+`

var httpPathRegexp = regexp.MustCompile("^" + httpPathFmt + "$")

// ValidateDomainPrefixedPath checks a domain-prefixed path such as
// "example.com/ingress-controller" (IngressClass controllers).
func ValidateDomainPrefixedPath(value string, path *field.Path) field.ErrorList {
	if len(value) == 0 {
		return field.ErrorList{field.Required(path, "")}
	}
	segments := strings.SplitN(value, "/", 2)
	if len(segments) != 2 || len(segments[0]) == 0 || len(segments[1]) == 0 {
		return field.ErrorList{field.Invalid(path, value, `must be a domain-prefixed path (such as "acme.io/foo")`)}
	}
	var errs field.ErrorList
	host := segments[0]
	for _, msg := range IsDNS1123Subdomain(host) {
		errs = append(errs, field.Invalid(path, host, msg))
	}
	if p := segments[1]; !httpPathRegexp.MatchString(p) {
		errs = append(errs, field.Invalid(path, p, RegexError("Invalid path", httpPathFmt)))
	}
	return errs
}

// ValidateQualifiedName checks a qualified name (an optional DNS subdomain
// prefix and "/", then a name), reporting each problem at path.
func ValidateQualifiedName(value string, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	for _, msg := range IsQualifiedName(value) {
		errs = append(errs, field.Invalid(path, value, msg))
	}
	return errs
}

// ValidateDNS1123Label checks a DNS-1123 label, reporting each problem at path.
func ValidateDNS1123Label(value string, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	for _, msg := range IsDNS1123Label(value) {
		errs = append(errs, field.Invalid(path, value, msg))
	}
	return errs
}

// ValidateDNS1123Subdomain checks a DNS-1123 subdomain, reporting each problem at path.
func ValidateDNS1123Subdomain(value string, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	for _, msg := range IsDNS1123Subdomain(value) {
		errs = append(errs, field.Invalid(path, value, msg))
	}
	return errs
}
