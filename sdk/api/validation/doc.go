// Package validation holds the validators shared by every kind: names
// (DNS-1123 labels and subdomains), label keys and values, annotations,
// ports, ObjectMeta and label selectors. The string checks return the same
// messages as Kubernetes so that users see the errors they know.
package validation
