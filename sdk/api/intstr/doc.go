// Package intstr provides IntOrString, the type of fields that take either
// a number or a string, such as a container port ("8080" or "http") or a
// rollout budget (3 or "25%"). Its JSON form, string form and percentage
// arithmetic are those of Kubernetes' k8s.io/apimachinery/pkg/util/intstr.
package intstr
