// Package plugins assembles Gantry's built-in admission plugins, each in its
// own sub-package exporting Name and New:
//
//	NamespaceLifecycle        namespacelifecycle
//	LimitRanger               limitranger
//	ServiceAccount            serviceaccount
//	Priority                  priority
//	DefaultTolerationSeconds  defaulttolerationseconds
//	ResourceQuota             resourcequota
//	AlwaysAdmit               alwaysadmit
//	AlwaysDeny                alwaysdeny
//
// NewRegistry returns a registry of all of them (a product merges its own
// plugins into it, or registers the built-ins into its own registry with
// Register), and Default the plugins enabled by default, in Kubernetes'
// recommended order. The API server builds the chain with
// Registry.NewChain(host, Default()).
//
// The admissiontest sub-package has a fake Host for plugin tests.
package plugins
