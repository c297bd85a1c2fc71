// Package runtimetest is the conformance suite of runtime.Runtime. Every
// implementation runs it from its own tests:
//
//	func TestConformance(t *testing.T) {
//		runtimetest.Run(t, func(t *testing.T) runtime.Runtime { return newRuntime(t) }, opts)
//	}
//
// The suite's containers are described by Options, so that a real runtime
// runs busybox commands (BusyboxOptions) where the fake runs scripts.
package runtimetest
