// Package examples is the home of embedding examples and full cluster
// assemblies, each its own main package in a subfolder.
//
// Status: none yet (issue 8).
package examples
