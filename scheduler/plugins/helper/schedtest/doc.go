// Package schedtest holds test builders for scheduler plugin tests: pod
// and node wrappers (MakePod, MakeNode, in the style of Kubernetes'
// scheduler testing package), NodeInfos built from nodes and pods, a
// Snapshot implementing framework.SharedLister and a Handle serving it.
// It is for tests and benchmarks only.
package schedtest
