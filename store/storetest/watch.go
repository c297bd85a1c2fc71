package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/store"
)

// testConcurrentCAS increments a counter from many goroutines with
// compare-and-swap updates: the count must be exact, and each revision must
// have exactly one winner.
func testConcurrentCAS(t *testing.T, s store.Store) {
	const (
		goroutines = 32
		increments = 20
	)
	ctx := t.Context()
	base := mustCreate(t, s, "/counter", "0")
	w := mustWatch(t, s, ctx, "/counter", base)
	defer w.Stop()
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		wins     []int64
		failed   atomic.Value
		conflict atomic.Int64
	)
	for range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for done := 0; done < increments; {
				cur, err := s.Get(ctx, "/counter")
				if err != nil {
					failed.Store(err)
					return
				}
				n, _ := strconv.Atoi(string(cur.Value))
				rev, err := s.Update(ctx, "/counter", []byte(strconv.Itoa(n+1)), cur.ModRevision)
				if errors.Is(err, store.ErrConflict) {
					if !errors.Is(err, apierrors.ErrConflict) {
						failed.Store(fmt.Errorf("conflict %v is not of class Conflict", err))
						return
					}
					conflict.Add(1)
					continue
				}
				if err != nil {
					failed.Store(err)
					return
				}
				mu.Lock()
				wins = append(wins, rev)
				mu.Unlock()
				done++
			}
		}()
	}
	wg.Wait()
	if err, _ := failed.Load().(error); err != nil {
		t.Fatal(err)
	}
	const total = goroutines * increments
	got, err := s.Get(ctx, "/counter")
	if err != nil {
		t.Fatal(err)
	}
	if string(got.Value) != strconv.Itoa(total) {
		t.Errorf("counter = %s, want %d", got.Value, total)
	}
	// Failed updates take no revision: the winners hold exactly the
	// revisions after base.
	sort.Slice(wins, func(i, j int) bool { return wins[i] < wins[j] })
	for i, rev := range wins {
		if rev != base+1+int64(i) {
			t.Fatalf("winning revisions are not exactly %d..%d: index %d has %d", base+1, base+total, i, rev)
		}
	}
	// The watch sees each increment once, in order.
	evs := collect(t, w, total)
	for i, ev := range evs {
		if want := strconv.Itoa(i + 1); string(ev.KV.Value) != want || ev.KV.ModRevision != base+1+int64(i) {
			t.Fatalf("event %d: value %s at revision %d, want %s at %d", i, ev.KV.Value, ev.KV.ModRevision, want, base+1+int64(i))
		}
	}
	t.Logf("%d conflicts for %d increments", conflict.Load(), total)
}

func eventWrite(ev store.Event) write {
	return write{Rev: ev.KV.ModRevision, Type: ev.Type, Key: ev.KV.Key, Value: string(ev.KV.Value), Created: ev.KV.CreateRevision}
}

// testWatchOrderUnderWrites checks that a watch sees exactly the acknowledged
// writes under its prefix, in revision order.
func testWatchOrderUnderWrites(t *testing.T, s store.Store) {
	const (
		writers = 16
		perKey  = 4 // create, update, update, delete
		keys    = 10
	)
	mustCreate(t, s, "/before", "x")
	w := mustWatch(t, s, t.Context(), "/w/", 0)
	defer w.Stop()
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		acked  []write
		failed atomic.Value
	)
	for g := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			record := func(wr write, err error) bool {
				if err != nil {
					failed.Store(fmt.Errorf("%s %q: %w", wr.Type, wr.Key, err))
					return false
				}
				mu.Lock()
				acked = append(acked, wr)
				mu.Unlock()
				return true
			}
			for k := range keys {
				key := fmt.Sprintf("/w/%02d/%02d", g, k)
				rev, err := s.Create(ctx, key, []byte("c"))
				if !record(write{rev, store.Added, key, "c", rev}, err) {
					return
				}
				created := rev
				for u := range perKey - 2 {
					val := fmt.Sprintf("u%d", u)
					rev, err = s.Update(ctx, key, []byte(val), rev)
					if !record(write{rev, store.Modified, key, val, created}, err) {
						return
					}
				}
				// Writes outside the prefix interleave.
				if _, err := s.Create(ctx, fmt.Sprintf("/x/%02d/%02d", g, k), nil); err != nil {
					failed.Store(err)
					return
				}
				_, rev, err = s.Delete(ctx, key, rev)
				if !record(write{rev, store.Deleted, key, "u1", created}, err) {
					return
				}
			}
		}()
	}
	wg.Wait()
	if err, _ := failed.Load().(error); err != nil {
		t.Fatal(err)
	}
	evs := collect(t, w, len(acked))
	got := make([]write, len(evs))
	for i, ev := range evs {
		got[i] = eventWrite(ev)
		if i > 0 && got[i].Rev <= got[i-1].Rev {
			t.Fatalf("event %d has revision %d after %d", i, got[i].Rev, got[i-1].Rev)
		}
	}
	sort.Slice(acked, func(i, j int) bool { return acked[i].Rev < acked[j].Rev })
	if diff := cmp.Diff(acked, got); diff != "" {
		t.Errorf("events differ from the acknowledged writes (-want +got):\n%s", diff)
	}
	expectNoEvent(t, w)
}

func testWatchReplay(t *testing.T, s store.Store) {
	mustCreate(t, s, "/r/a", "a1") // 1
	mustCreate(t, s, "/r/b", "b1") // 2
	mustUpdate(t, s, "/r/a", "a2") // 3
	mustDelete(t, s, "/r/b")       // 4
	mustCreate(t, s, "/other", "") // 5
	all := []store.Event{
		{Type: store.Added, KV: kv("/r/a", "a1", 1, 1)},
		{Type: store.Added, KV: kv("/r/b", "b1", 2, 2)},
		{Type: store.Modified, KV: kv("/r/a", "a2", 1, 3), PrevKV: kvp("/r/a", "a1", 1, 1)},
		{Type: store.Deleted, KV: kv("/r/b", "b1", 2, 4), PrevKV: kvp("/r/b", "b1", 2, 2)},
	}
	live := []store.Event{
		{Type: store.Modified, KV: kv("/r/a", "a3", 1, 6), PrevKV: kvp("/r/a", "a2", 1, 3)},
		{Type: store.Added, KV: kv("/r/b", "b2", 7, 7)},
	}
	for from := int64(0); from <= 5; from++ {
		t.Run(fmt.Sprintf("from=%d", from), func(t *testing.T) {
			w := mustWatch(t, s, t.Context(), "/r/", from)
			defer w.Stop()
			var want []store.Event
			for _, ev := range all {
				if from > 0 && ev.KV.ModRevision > from {
					want = append(want, ev)
				}
			}
			got := collect(t, w, len(want))
			if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
				t.Errorf("replayed events (-want +got):\n%s", diff)
			}
		})
	}
	w := mustWatch(t, s, t.Context(), "/r/", 2)
	defer w.Stop()
	mustUpdate(t, s, "/r/a", "a3") // 6
	mustCreate(t, s, "/r/b", "b2") // 7
	want := append(append([]store.Event(nil), all[2:]...), live...)
	if diff := cmp.Diff(want, collect(t, w, len(want)), cmpOpts); diff != "" {
		t.Errorf("replayed then live events (-want +got):\n%s", diff)
	}
	expectNoEvent(t, w)
}

func testWatchFromNowAndFuture(t *testing.T, s store.Store) {
	mustCreate(t, s, "/f/a", "1") // 1
	now := mustWatch(t, s, t.Context(), "/f/", 0)
	defer now.Stop()
	future := mustWatch(t, s, t.Context(), "/f/", 3)
	defer future.Stop()
	mustUpdate(t, s, "/f/a", "2") // 2
	mustUpdate(t, s, "/f/a", "3") // 3
	mustUpdate(t, s, "/f/a", "4") // 4
	revs := func(evs []store.Event) []int64 {
		var r []int64
		for _, ev := range evs {
			r = append(r, ev.KV.ModRevision)
		}
		return r
	}
	if diff := cmp.Diff([]int64{2, 3, 4}, revs(collect(t, now, 3))); diff != "" {
		t.Errorf("watch from now (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int64{4}, revs(collect(t, future, 1))); diff != "" {
		t.Errorf("watch from the future (-want +got):\n%s", diff)
	}
	if _, err := s.Watch(t.Context(), "/f/", -1); !errors.Is(err, store.ErrInvalidArgument) {
		t.Errorf("Watch from -1: %v, want ErrInvalidArgument", err)
	}
}

func testWatchPrefix(t *testing.T, s store.Store) {
	ws := map[string]store.Watch{}
	for _, p := range []string{"/a/b/", "/a/b", ""} {
		ws[p] = mustWatch(t, s, t.Context(), p, 0)
		defer ws[p].Stop()
	}
	for _, k := range []string{"/a/b/c", "/a/bc", "/z"} {
		mustCreate(t, s, k, "")
	}
	want := map[string][]string{
		"/a/b/": {"/a/b/c"},
		"/a/b":  {"/a/b/c", "/a/bc"},
		"":      {"/a/b/c", "/a/bc", "/z"},
	}
	for p, w := range ws {
		var got []string
		for _, ev := range collect(t, w, len(want[p])) {
			got = append(got, ev.KV.Key)
		}
		if diff := cmp.Diff(want[p], got); diff != "" {
			t.Errorf("watch of %q (-want +got):\n%s", p, diff)
		}
		expectNoEvent(t, w)
	}
}

func testCompaction(t *testing.T, s store.Store) {
	ctx := t.Context()
	mustCreate(t, s, "/c/a", "a1") // 1
	mustCreate(t, s, "/c/b", "b1") // 2
	mustUpdate(t, s, "/c/a", "a2") // 3
	mustCreate(t, s, "/c/d", "d1") // 4
	mustDelete(t, s, "/c/b")       // 5
	mustCreate(t, s, "/c/e", "e1") // 6
	oldPage := mustList(t, s, "/c/", store.ListOptions{Limit: 1, Revision: 2})
	if oldPage.Continue == "" {
		t.Fatal("no continue token for the first page at revision 2")
	}
	if err := s.Compact(ctx, 4); err != nil {
		t.Fatalf("Compact(4): %v", err)
	}
	isCompacted := func(t *testing.T, what string, err error) {
		t.Helper()
		checkErr(t, what, err, store.ErrCompacted, apierrors.ErrGone)
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrWatchTooSlow) || errors.Is(err, store.ErrFutureRevision) {
			t.Errorf("%s: ErrCompacted %v is not distinct", what, err)
		}
	}
	t.Run("list below", func(t *testing.T) {
		_, err := s.List(ctx, "/c/", store.ListOptions{Revision: 3})
		isCompacted(t, "List at 3", err)
	})
	t.Run("continue token from before", func(t *testing.T) {
		_, err := s.List(ctx, "/c/", store.ListOptions{Limit: 1, Continue: oldPage.Continue})
		isCompacted(t, "List continuing at 2", err)
	})
	t.Run("watch below", func(t *testing.T) {
		_, err := s.Watch(ctx, "/c/", 3)
		isCompacted(t, "Watch from 3", err)
	})
	t.Run("list at compacted revision", func(t *testing.T) {
		res := mustList(t, s, "/c/", store.ListOptions{Revision: 4})
		want := []store.KV{kv("/c/a", "a2", 1, 3), kv("/c/b", "b1", 2, 2), kv("/c/d", "d1", 4, 4)}
		if diff := cmp.Diff(want, res.KVs, cmpOpts); diff != "" {
			t.Errorf("List at 4 (-want +got):\n%s", diff)
		}
		got, _ := listAll(t, s, "/c/", 1, nil)
		want = []store.KV{kv("/c/a", "a2", 1, 3), kv("/c/d", "d1", 4, 4), kv("/c/e", "e1", 6, 6)}
		if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
			t.Errorf("paged List at the latest (-want +got):\n%s", diff)
		}
	})
	t.Run("watch from compacted revision", func(t *testing.T) {
		w := mustWatch(t, s, ctx, "/c/", 4)
		defer w.Stop()
		want := []store.Event{
			{Type: store.Deleted, KV: kv("/c/b", "b1", 2, 5), PrevKV: kvp("/c/b", "b1", 2, 2)},
			{Type: store.Added, KV: kv("/c/e", "e1", 6, 6)},
		}
		if diff := cmp.Diff(want, collect(t, w, 2), cmpOpts); diff != "" {
			t.Errorf("events (-want +got):\n%s", diff)
		}
	})
	t.Run("compact again", func(t *testing.T) {
		if err := s.Compact(ctx, 2); err != nil {
			t.Errorf("Compact(2) below the compacted revision: %v, want nil", err)
		}
		checkErr(t, "Compact(100)", s.Compact(ctx, 100), store.ErrFutureRevision, nil)
		mustUpdate(t, s, "/c/a", "a3") // 7
		mustCreate(t, s, "/c/b", "b2") // 8
		if err := s.Compact(ctx, 8); err != nil {
			t.Fatalf("Compact(8): %v", err)
		}
		want := []store.KV{kv("/c/a", "a3", 1, 7), kv("/c/b", "b2", 8, 8), kv("/c/d", "d1", 4, 4), kv("/c/e", "e1", 6, 6)}
		res := mustList(t, s, "/c/", store.ListOptions{Revision: 8})
		if diff := cmp.Diff(want, res.KVs, cmpOpts); diff != "" {
			t.Errorf("List at 8 (-want +got):\n%s", diff)
		}
		got, err := s.Get(ctx, "/c/d")
		if err != nil || !cmp.Equal(kv("/c/d", "d1", 4, 4), got, cmpOpts) {
			t.Errorf("Get(/c/d) after compaction = %+v, %v", got, err)
		}
		_, err = s.List(ctx, "/c/", store.ListOptions{Revision: 7})
		isCompacted(t, "List at 7", err)
		w := mustWatch(t, s, ctx, "/c/", 8)
		defer w.Stop()
		mustDelete(t, s, "/c/d") // 9
		want2 := []store.Event{{Type: store.Deleted, KV: kv("/c/d", "d1", 4, 9), PrevKV: kvp("/c/d", "d1", 4, 4)}}
		if diff := cmp.Diff(want2, collect(t, w, 1), cmpOpts); diff != "" {
			t.Errorf("events (-want +got):\n%s", diff)
		}
	})
}

func testLargeValues(t *testing.T, s store.Store) {
	ctx := t.Context()
	big := func(seed byte) []byte {
		b := make([]byte, 1536*1024)
		for i := range b {
			b[i] = seed + byte(i*7)
		}
		return b
	}
	v1, v2 := big(1), big(2)
	w := mustWatch(t, s, ctx, "/big", 0)
	defer w.Stop()
	rev1, err := s.Create(ctx, "/big", v1)
	if err != nil {
		t.Fatal(err)
	}
	rev2, err := s.Update(ctx, "/big", v2, rev1)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, "/big")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(v2, got.Value) || got.ModRevision != rev2 {
		t.Errorf("Get returned %d bytes at revision %d, want the %d bytes written at %d", len(got.Value), got.ModRevision, len(v2), rev2)
	}
	res := mustList(t, s, "/", store.ListOptions{Revision: rev1})
	if len(res.KVs) != 1 || !bytes.Equal(v1, res.KVs[0].Value) {
		t.Errorf("List at revision %d did not return the first large value", rev1)
	}
	evs := collect(t, w, 2)
	if !bytes.Equal(v1, evs[0].KV.Value) || !bytes.Equal(v2, evs[1].KV.Value) || evs[1].PrevKV == nil || !bytes.Equal(v1, evs[1].PrevKV.Value) {
		t.Error("watch events do not carry the large values")
	}
}

func testWatchContextCancel(t *testing.T, s store.Store) {
	mustCreate(t, s, "/x", "1")
	for _, from := range []int64{0, 1} {
		t.Run(fmt.Sprintf("from=%d", from), func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			w := mustWatch(t, s, ctx, "/", from)
			cancel()
			if err := waitEnded(t, w); !errors.Is(err, context.Canceled) {
				t.Errorf("Err() = %v, want context.Canceled", err)
			}
			w.Stop() // still fine
		})
	}
}

func testWatchStop(t *testing.T, s store.Store) {
	w := mustWatch(t, s, t.Context(), "/", 0)
	mustCreate(t, s, "/x", "1")
	w.Stop()
	if err := waitEnded(t, w); err != nil {
		t.Errorf("Err() after Stop = %v, want nil", err)
	}
	w.Stop()
	mustCreate(t, s, "/y", "1") // writers are not affected
}

// testSlowWatcher checks that a watcher that does not read does not block
// writers, and is ended with ErrWatchTooSlow.
func testSlowWatcher(t *testing.T, s store.Store) {
	const (
		writers  = 64
		maxWrite = 500_000
	)
	slow := mustWatch(t, s, t.Context(), "/s/", 0)
	defer slow.Stop()
	var (
		wg      sync.WaitGroup
		n       atomic.Int64
		failed  atomic.Value
		started = time.Now()
	)
	val := make([]byte, 64)
	for g := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; slow.Err() == nil && n.Add(1) <= maxWrite; i++ {
				if time.Since(started) > waitTimeout {
					failed.Store(fmt.Errorf("the slow watch is still running after %d writes", n.Load()))
					return
				}
				if _, err := s.Create(context.Background(), fmt.Sprintf("/s/%d/%d", g, i), val); err != nil {
					failed.Store(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err, _ := failed.Load().(error); err != nil {
		t.Fatal(err)
	}
	err := waitEnded(t, slow)
	checkErr(t, "slow watch", err, store.ErrWatchTooSlow, apierrors.ErrGone)
	t.Logf("slow watch ended after %d writes: %v", n.Load(), err)
}

// testClose checks that Close ends watches with ErrClosed, that every method
// fails with ErrClosed afterwards, and that no goroutine is left behind.
func testClose(t *testing.T, newStore func(t *testing.T) store.Store) {
	before := runtime.NumGoroutine()
	s := newStore(t)
	ctx := t.Context()
	mustCreate(t, s, "/a", "1")
	mustCreate(t, s, "/b", "1")
	watches := []store.Watch{
		mustWatch(t, s, ctx, "/", 0),
		mustWatch(t, s, ctx, "/", 1),
		mustWatch(t, s, ctx, "/zzz", 0),
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	for i, w := range watches {
		if err := waitEnded(t, w); !errors.Is(err, store.ErrClosed) {
			t.Errorf("watch %d ended with %v, want ErrClosed", i, err)
		}
	}
	closedErr := func(what string, err error) {
		t.Helper()
		checkErr(t, what+" after Close", err, store.ErrClosed, apierrors.ErrServiceUnavailable)
	}
	_, err := s.Get(ctx, "/a")
	closedErr("Get", err)
	_, err = s.List(ctx, "/", store.ListOptions{})
	closedErr("List", err)
	_, err = s.Create(ctx, "/c", nil)
	closedErr("Create", err)
	_, err = s.Update(ctx, "/a", nil, 0)
	closedErr("Update", err)
	_, _, err = s.Delete(ctx, "/a", 0)
	closedErr("Delete", err)
	_, err = s.Watch(ctx, "/", 0)
	closedErr("Watch", err)
	_, err = s.CurrentRevision(ctx)
	closedErr("CurrentRevision", err)
	closedErr("Compact", s.Compact(ctx, 1))
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<16)
		buf = buf[:runtime.Stack(buf, true)]
		t.Errorf("%d goroutines after Close, %d before:\n%s", n, before, buf)
	}
}
