package openapi

import (
	"reflect"
	"strings"
)

// gantryAPI is the import path of Gantry's object model.
const gantryAPI = "github.com/gantryhq/gantry/sdk/api/"

// kubernetesPackages maps the packages of Gantry's object model that mirror
// a Kubernetes API package to that package's schema name prefix, so that the
// built-in kinds are named as Kubernetes names them ("io.k8s.api.core.v1.Pod").
var kubernetesPackages = map[string]string{
	gantryAPI + "meta":     "io.k8s.apimachinery.pkg.apis.meta.v1",
	gantryAPI + "resource": "io.k8s.apimachinery.pkg.api.resource",
	gantryAPI + "intstr":   "io.k8s.apimachinery.pkg.util.intstr",
}

// kubernetesGroups are the Kubernetes API groups (by the folder Gantry keeps
// them in, sdk/api/<group>/<version>) whose types Kubernetes names
// io.k8s.api.<group>.<version>.<Type>.
var kubernetesGroups = map[string]bool{
	"admissionregistration": true, "apps": true, "authentication": true, "authorization": true,
	"autoscaling": true, "batch": true, "certificates": true, "coordination": true, "core": true,
	"discovery": true, "events": true, "flowcontrol": true, "networking": true, "node": true,
	"policy": true, "rbac": true, "scheduling": true, "storage": true,
}

// packagePrefix returns the schema name prefix of the types of Go package
// pkgPath: the Kubernetes name for the packages that mirror Kubernetes ones,
// the override from names if any, else the path with its host reversed
// and slashes turned into dots, as Kubernetes derives its own names
// ("github.com/acme/edge/api/v1" → "com.github.acme.edge.api.v1").
func packagePrefix(pkgPath string, names map[string]string) string {
	if p, ok := names[pkgPath]; ok {
		return p
	}
	if p, ok := kubernetesPackages[pkgPath]; ok {
		return p
	}
	if rest, ok := strings.CutPrefix(pkgPath, gantryAPI); ok {
		if group, version, ok := strings.Cut(rest, "/"); ok && kubernetesGroups[group] && !strings.Contains(version, "/") {
			return "io.k8s.api." + group + "." + version
		}
	}
	host, rest, _ := strings.Cut(pkgPath, "/")
	var parts []string
	if strings.Contains(host, ".") {
		hp := strings.Split(host, ".")
		for i := len(hp) - 1; i >= 0; i-- {
			parts = append(parts, hp[i])
		}
	} else {
		parts = append(parts, host)
	}
	if rest != "" {
		parts = append(parts, strings.Split(rest, "/")...)
	}
	return sanitizeName(strings.Join(parts, "."))
}

// sanitizeName keeps a schema name usable in a "#/components/schemas/<name>"
// reference: letters, digits and "._-" stay, anything else (the brackets,
// slashes and commas of a generic instantiation) becomes "_".
func sanitizeName(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '_', r == '-':
			return r
		}
		return '_'
	}, s)
}

// typeName returns the schema name of a named type.
func typeName(t reflect.Type, names map[string]string) string {
	if n, ok := knownNames[t]; ok {
		return n
	}
	return packagePrefix(t.PkgPath(), names) + "." + sanitizeName(t.Name())
}

// groupID turns a group and version into the CamelCase form Kubernetes uses
// in operation IDs: "" → "CoreV1", "apps" → "AppsV1", "rbac.authorization.k8s.io"
// → "RbacAuthorizationV1", "cert-manager.io" → "CertManagerIoV1".
func groupID(group, version string) string {
	if group == "" {
		group = "core"
	}
	group = strings.TrimSuffix(group, ".k8s.io")
	var b strings.Builder
	for _, p := range strings.FieldsFunc(group, func(r rune) bool { return r == '.' || r == '-' }) {
		b.WriteString(upperFirst(p))
	}
	b.WriteString(upperFirst(version))
	return b.String()
}

// groupTag returns the tag of a group version's operations: "core_v1",
// "apps_v1", "rbacAuthorization_v1".
func groupTag(group, version string) string {
	id := groupID(group, "")
	return strings.ToLower(id[:1]) + id[1:] + "_" + version
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
