// Package labels implements label sets and label selectors with the syntax,
// semantics, canonical string form and error messages of Kubernetes'
// k8s.io/apimachinery/pkg/labels, so that selectors written for Kubernetes
// ("app=nginx,tier in (web,api),!canary") mean the same thing here.
//
// A Selector is parsed once (Parse, FromLabelSelector, SelectorFromSet) and
// then matched against many label sets; Matches does not allocate. Selectors
// are immutable values: Add returns a new selector, and every method is safe
// for concurrent use.
package labels
