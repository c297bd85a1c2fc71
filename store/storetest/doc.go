// Package storetest is the conformance suite for store.Store backends, and
// a shared set of benchmarks.
//
// A backend is done when it passes Run:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) store.Store { return memory.New(memory.Options{}) })
//	}
//
// Run checks the semantics of every method, the error classes, consistent
// pagination under concurrent writes, exact compare-and-swap from many
// goroutines, watch ordering without gaps or duplicates, replay from the
// past, compaction, large values, watch cancellation, slow watchers, and that
// Close releases every goroutine. Bench measures create, get, list and watch
// throughput at 1, 16 and 64 concurrent clients.
package storetest
