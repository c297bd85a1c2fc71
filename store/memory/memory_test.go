package memory_test

import (
	"testing"

	"github.com/gantryhq/gantry/store"
	"github.com/gantryhq/gantry/store/memory"
	"github.com/gantryhq/gantry/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return memory.New(memory.Options{}) })
}

func BenchmarkStore(b *testing.B) {
	storetest.Bench(b, func(b *testing.B) store.Store { return memory.New(memory.Options{}) })
}
