// Package fields implements field selectors ("spec.nodeName=node-1,
// status.phase!=Running") with the syntax, escaping, canonical form and
// error messages of Kubernetes' k8s.io/apimachinery/pkg/fields.
//
// A field selector is a conjunction of terms field=value, field==value and
// field!=value. In a value, "\," "\=" and "\\" stand for a literal comma,
// equals sign and backslash; field names are not escaped. Which fields may
// be selected depends on the kind: the registry checks a parsed selector
// with ValidateFields. Selectors are immutable and safe for concurrent use.
package fields
