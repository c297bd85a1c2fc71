// Package alwaysadmit is the AlwaysAdmit admission plugin: it admits every
// request unchanged, for every operation. As in Kubernetes it exists for
// tests and for explicitly documenting an open configuration.
package alwaysadmit
