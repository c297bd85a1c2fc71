package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/gantryhq/gantry/store"
)

// waitTimeout bounds every wait of the suite; a backend that needs more is
// broken, not slow.
const waitTimeout = 20 * time.Second

var cmpOpts = cmp.Options{cmpopts.EquateEmpty()}

func mustCreate(t testing.TB, s store.Store, key, value string) int64 {
	t.Helper()
	rev, err := s.Create(context.Background(), key, []byte(value))
	if err != nil {
		t.Fatalf("Create(%q): %v", key, err)
	}
	return rev
}

func mustUpdate(t testing.TB, s store.Store, key, value string) int64 {
	t.Helper()
	rev, err := s.Update(context.Background(), key, []byte(value), 0)
	if err != nil {
		t.Fatalf("Update(%q): %v", key, err)
	}
	return rev
}

func mustDelete(t testing.TB, s store.Store, key string) int64 {
	t.Helper()
	_, rev, err := s.Delete(context.Background(), key, 0)
	if err != nil {
		t.Fatalf("Delete(%q): %v", key, err)
	}
	return rev
}

func mustWatch(t testing.TB, s store.Store, ctx context.Context, prefix string, from int64) store.Watch {
	t.Helper()
	w, err := s.Watch(ctx, prefix, from)
	if err != nil {
		t.Fatalf("Watch(%q, %d): %v", prefix, from, err)
	}
	return w
}

func mustList(t testing.TB, s store.Store, prefix string, opts store.ListOptions) store.ListResult {
	t.Helper()
	res, err := s.List(context.Background(), prefix, opts)
	if err != nil {
		t.Fatalf("List(%q, %+v): %v", prefix, opts, err)
	}
	return res
}

// collect receives n events from w, failing the test if the watch ends or
// the events do not come in time.
func collect(t testing.TB, w store.Watch, n int) []store.Event {
	t.Helper()
	evs := make([]store.Event, 0, n)
	timer := time.NewTimer(waitTimeout)
	defer timer.Stop()
	for len(evs) < n {
		select {
		case ev, ok := <-w.Events():
			if !ok {
				t.Fatalf("watch ended after %d of %d events: %v", len(evs), n, w.Err())
			}
			evs = append(evs, ev)
		case <-timer.C:
			t.Fatalf("got %d of %d events in %v", len(evs), n, waitTimeout)
		}
	}
	return evs
}

// expectNoEvent fails if w delivers an event within a short time.
func expectNoEvent(t testing.TB, w store.Watch) {
	t.Helper()
	select {
	case ev, ok := <-w.Events():
		if ok {
			t.Fatalf("unexpected event %+v", ev)
		}
		t.Fatalf("watch ended unexpectedly: %v", w.Err())
	case <-time.After(50 * time.Millisecond):
	}
}

// waitEnded waits for w's Events channel to close, discarding events, and
// returns w.Err().
func waitEnded(t testing.TB, w store.Watch) error {
	t.Helper()
	timer := time.NewTimer(waitTimeout)
	defer timer.Stop()
	for {
		select {
		case _, ok := <-w.Events():
			if !ok {
				return w.Err()
			}
		case <-timer.C:
			t.Fatalf("watch did not end within %v", waitTimeout)
		}
	}
}

// checkErr checks that err wraps want (a store sentinel) and class (an
// error class), or is nil when want is nil.
func checkErr(t testing.TB, what string, err, want, class error) {
	t.Helper()
	switch {
	case want == nil && err != nil:
		t.Fatalf("%s: unexpected error %v", what, err)
	case want == nil:
	case !errors.Is(err, want):
		t.Fatalf("%s: error %v, want one wrapping %q", what, err, want)
	case class != nil && !errors.Is(err, class):
		t.Fatalf("%s: error %v is not of class %v", what, err, class)
	}
}

func kv(key, value string, create, mod int64) store.KV {
	return store.KV{Key: key, Value: []byte(value), CreateRevision: create, ModRevision: mod}
}

func kvp(key, value string, create, mod int64) *store.KV {
	k := kv(key, value, create, mod)
	return &k
}
