package memory

import (
	"testing"

	"github.com/gantryhq/gantry/store"
)

func TestEventLog(t *testing.T) {
	var l eventLog
	const n = 3*logChunk + 17
	for i := range n {
		l.append(store.Event{KV: store.KV{ModRevision: int64(i + 1)}})
	}
	dropped := 0
	for _, d := range []int{5, logChunk, logChunk - 5, 1000} {
		l.dropFront(d)
		dropped += d
		if l.n != n-dropped {
			t.Fatalf("after dropping %d: n = %d, want %d", dropped, l.n, n-dropped)
		}
		for i := range l.n {
			if got := l.at(i).KV.ModRevision; got != int64(dropped+i+1) {
				t.Fatalf("after dropping %d: event %d has revision %d, want %d", dropped, i, got, dropped+i+1)
			}
		}
	}
	l.append(store.Event{KV: store.KV{ModRevision: n + 1}})
	if got := l.at(l.n - 1).KV.ModRevision; got != n+1 {
		t.Fatalf("last event has revision %d, want %d", got, n+1)
	}
}
