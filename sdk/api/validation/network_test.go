package validation

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/sdk/api/field"
)

func TestNetworkValidators(t *testing.T) {
	p := field.NewPath("f")
	msgs := func(errs field.ErrorList) []string {
		var out []string
		for _, e := range errs {
			out = append(out, e.Error())
		}
		return out
	}
	tests := []struct {
		name string
		got  []string
		want []string
	}{
		{"IPv4 ok", IsValidIPv4Address("10.0.0.1"), nil},
		{"IPv4 given IPv6", IsValidIPv4Address("fd00::1"), []string{"must be a valid IPv4 address"}},
		{"IPv6 ok", IsValidIPv6Address("fd00::1"), nil},
		{"IPv6 given IPv4", IsValidIPv6Address("10.0.0.1"), []string{"must be a valid IPv6 address"}},
		{"non-special ok", msgs(ValidateNonSpecialIP("10.42.0.5", p)), nil},
		{"unspecified", msgs(ValidateNonSpecialIP("::", p)), []string{`f: Invalid value: "::": may not be unspecified (::)`}},
		{"link-local multicast", msgs(ValidateNonSpecialIP("224.0.0.1", p)), []string{`f: Invalid value: "224.0.0.1": may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)`}},
		{"not an IP", msgs(ValidateNonSpecialIP("x", p)), []string{`f: Invalid value: "x": must be a valid IP address`}},
		{"wildcard ok", IsWildcardDNS1123Subdomain("*.example.com"), nil},
		{"wildcard inside", IsWildcardDNS1123Subdomain("a.*.com"), []string{
			`a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\*\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
		}},
		{"fqdn ok", msgs(ValidateFullyQualifiedDomainName("db.example.com.", p)), nil},
		{"fqdn one label", msgs(ValidateFullyQualifiedDomainName("db", p)), []string{`f: Invalid value: "db": should be a domain with at least two segments separated by dots`}},
		{"fqdn empty", msgs(ValidateFullyQualifiedDomainName("", p)), []string{"f: Required value"}},
		{"domain path ok", msgs(ValidateDomainPrefixedPath("example.com/ingress", p)), nil},
		{"domain path without path", msgs(ValidateDomainPrefixedPath("example.com/", p)), []string{`f: Invalid value: "example.com/": must be a domain-prefixed path (such as "acme.io/foo")`}},
		{"domain path bad chars", msgs(ValidateDomainPrefixedPath("example.com/a b", p)), []string{`f: Invalid value: "a b": Invalid path (regex used for validation is '[A-Za-z0-9/\-._~%!$&'()*+,;=:]+')`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
