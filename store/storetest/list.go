package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/store"
)

// testValueOwnership checks the value contract: the store takes the
// caller's buffer (it may keep it rather than copy it), serves exactly its
// contents, and never modifies it; one unmodified buffer may be given to
// several writes.
func testValueOwnership(t *testing.T, s store.Store) {
	buf := []byte("original")
	rev1, err := s.Create(t.Context(), "/c", buf)
	if err != nil {
		t.Fatal(err)
	}
	rev2, err := s.Create(t.Context(), "/d", buf)
	if err != nil {
		t.Fatal(err)
	}
	rev3, err := s.Update(t.Context(), "/c", buf, rev1)
	if err != nil {
		t.Fatal(err)
	}
	if string(buf) != "original" {
		t.Errorf("the store modified the caller's value: %q", buf)
	}
	for _, want := range []store.KV{kv("/c", "original", rev1, rev3), kv("/d", "original", rev2, rev2)} {
		got, err := s.Get(t.Context(), want.Key)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
			t.Errorf("Get(%q) (-want +got):\n%s", want.Key, diff)
		}
	}
}

func testListPrefix(t *testing.T, s store.Store) {
	keys := []string{"/a", "/a/b", "/a/b/c", "/a/b/d", "/a/bc", "/a/b\xff", "/b/x"}
	for _, k := range keys {
		mustCreate(t, s, k, "v"+k)
	}
	tests := []struct {
		prefix string
		want   []string
	}{
		{"", []string{"/a", "/a/b", "/a/b/c", "/a/b/d", "/a/bc", "/a/b\xff", "/b/x"}},
		{"/a/b/", []string{"/a/b/c", "/a/b/d"}},
		{"/a/b", []string{"/a/b", "/a/b/c", "/a/b/d", "/a/bc", "/a/b\xff"}},
		{"/a/b/c", []string{"/a/b/c"}},
		{"/a/b\xff", []string{"/a/b\xff"}},
		{"/b/", []string{"/b/x"}},
		{"/z", nil},
		{"/", keys},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("prefix=%q", tt.prefix), func(t *testing.T) {
			res := mustList(t, s, tt.prefix, store.ListOptions{})
			var got []string
			for _, kv := range res.KVs {
				got = append(got, kv.Key)
				if string(kv.Value) != "v"+kv.Key {
					t.Errorf("value of %q = %q, want %q", kv.Key, kv.Value, "v"+kv.Key)
				}
			}
			if diff := cmp.Diff(tt.want, got, cmpOpts); diff != "" {
				t.Errorf("keys (-want +got):\n%s", diff)
			}
			if res.Revision != int64(len(keys)) || res.Continue != "" || res.RemainingCount != 0 {
				t.Errorf("Revision, Continue, RemainingCount = %d, %q, %d; want %d, \"\", 0", res.Revision, res.Continue, res.RemainingCount, len(keys))
			}
		})
	}
}

func testListAtRevision(t *testing.T, s store.Store) {
	mustCreate(t, s, "/r/a", "a1") // 1
	mustCreate(t, s, "/r/b", "b1") // 2
	mustUpdate(t, s, "/r/a", "a2") // 3
	mustDelete(t, s, "/r/b")       // 4
	mustCreate(t, s, "/r/c", "c1") // 5
	mustCreate(t, s, "/r/b", "b2") // 6
	mustCreate(t, s, "/x", "x")    // 7 (outside the prefix)
	tests := []struct {
		rev     int64
		want    []store.KV
		wantRev int64
		wantErr error
	}{
		{rev: 1, want: []store.KV{kv("/r/a", "a1", 1, 1)}, wantRev: 1},
		{rev: 2, want: []store.KV{kv("/r/a", "a1", 1, 1), kv("/r/b", "b1", 2, 2)}, wantRev: 2},
		{rev: 3, want: []store.KV{kv("/r/a", "a2", 1, 3), kv("/r/b", "b1", 2, 2)}, wantRev: 3},
		{rev: 4, want: []store.KV{kv("/r/a", "a2", 1, 3)}, wantRev: 4},
		{rev: 5, want: []store.KV{kv("/r/a", "a2", 1, 3), kv("/r/c", "c1", 5, 5)}, wantRev: 5},
		{rev: 6, want: []store.KV{kv("/r/a", "a2", 1, 3), kv("/r/b", "b2", 6, 6), kv("/r/c", "c1", 5, 5)}, wantRev: 6},
		{rev: 0, want: []store.KV{kv("/r/a", "a2", 1, 3), kv("/r/b", "b2", 6, 6), kv("/r/c", "c1", 5, 5)}, wantRev: 7},
		{rev: 8, wantErr: store.ErrFutureRevision},
		{rev: -1, wantErr: store.ErrInvalidArgument},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("rev=%d", tt.rev), func(t *testing.T) {
			res, err := s.List(t.Context(), "/r/", store.ListOptions{Revision: tt.rev})
			checkErr(t, "List", err, tt.wantErr, nil)
			if err != nil {
				return
			}
			if diff := cmp.Diff(tt.want, res.KVs, cmpOpts); diff != "" {
				t.Errorf("KVs (-want +got):\n%s", diff)
			}
			if res.Revision != tt.wantRev {
				t.Errorf("Revision = %d, want %d", res.Revision, tt.wantRev)
			}
		})
	}
}

// listAll pages through prefix with limit, checking each page, and returns
// the KVs of all pages and the revision of the first.
func listAll(t testing.TB, s store.Store, prefix string, limit int64, between func()) ([]store.KV, int64) {
	t.Helper()
	var all []store.KV
	opts := store.ListOptions{Limit: limit}
	var rev int64
	for page := 0; ; page++ {
		res := mustList(t, s, prefix, opts)
		if page == 0 {
			rev = res.Revision
		} else if res.Revision != rev {
			t.Fatalf("page %d has revision %d, the first page %d", page, res.Revision, rev)
		}
		if limit > 0 && int64(len(res.KVs)) > limit {
			t.Fatalf("page %d has %d KVs, limit %d", page, len(res.KVs), limit)
		}
		all = append(all, res.KVs...)
		if res.Continue == "" {
			if res.RemainingCount != 0 {
				t.Fatalf("last page has RemainingCount %d", res.RemainingCount)
			}
			return all, rev
		}
		if len(res.KVs) == 0 {
			t.Fatalf("page %d is empty but has a continue token", page)
		}
		opts.Continue = res.Continue
		if page > 10000 {
			t.Fatal("too many pages")
		}
		if between != nil {
			between()
		}
	}
}

func testPagination(t *testing.T, s store.Store) {
	var want []store.KV
	for i := range 10 {
		key := fmt.Sprintf("/p/%02d", i)
		rev := mustCreate(t, s, key, "v")
		want = append(want, kv(key, "v", rev, rev))
	}
	mustCreate(t, s, "/q", "outside")
	for _, limit := range []int64{0, 1, 3, 9, 10, 11, 100} {
		t.Run(fmt.Sprintf("limit=%d", limit), func(t *testing.T) {
			got, rev := listAll(t, s, "/p/", limit, nil)
			if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
				t.Errorf("pages (-want +got):\n%s", diff)
			}
			if rev != 11 {
				t.Errorf("revision %d, want 11", rev)
			}
		})
	}
	t.Run("remaining count", func(t *testing.T) {
		res := mustList(t, s, "/p/", store.ListOptions{Limit: 4})
		if res.RemainingCount != 6 || len(res.KVs) != 4 {
			t.Fatalf("first page: %d KVs, RemainingCount %d; want 4, 6", len(res.KVs), res.RemainingCount)
		}
		// Deletes after the first page do not change the next page.
		mustDelete(t, s, "/p/05")
		mustCreate(t, s, "/p/04a", "new")
		res = mustList(t, s, "/p/", store.ListOptions{Limit: 4, Continue: res.Continue})
		var keys []string
		for _, kv := range res.KVs {
			keys = append(keys, kv.Key)
		}
		if diff := cmp.Diff([]string{"/p/04", "/p/05", "/p/06", "/p/07"}, keys); diff != "" {
			t.Errorf("second page (-want +got):\n%s", diff)
		}
		if res.RemainingCount != 2 {
			t.Errorf("RemainingCount %d, want 2", res.RemainingCount)
		}
	})
}

func testPaginationErrors(t *testing.T, s store.Store) {
	for i := range 3 {
		mustCreate(t, s, fmt.Sprintf("/p/%d", i), "v")
	}
	first := mustList(t, s, "/p/", store.ListOptions{Limit: 1})
	tests := []struct {
		name    string
		prefix  string
		opts    store.ListOptions
		wantErr error
	}{
		{"garbage token", "/p/", store.ListOptions{Continue: "not a token"}, store.ErrInvalidContinue},
		{"token of another prefix", "/q/", store.ListOptions{Continue: first.Continue}, store.ErrInvalidContinue},
		{"revision differs from token", "/p/", store.ListOptions{Continue: first.Continue, Revision: 1}, store.ErrInvalidContinue},
		{"same revision as token", "/p/", store.ListOptions{Continue: first.Continue, Revision: first.Revision}, nil},
		{"negative limit", "/p/", store.ListOptions{Limit: -1}, store.ErrInvalidArgument},
		{"token from the future", "/p/", store.ListOptions{Continue: store.EncodeContinue(99, "/p/0")}, store.ErrFutureRevision},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.List(t.Context(), tt.prefix, tt.opts)
			var class error
			if tt.wantErr == store.ErrInvalidContinue || tt.wantErr == store.ErrInvalidArgument {
				class = apierrors.ErrBadRequest
			}
			checkErr(t, "List", err, tt.wantErr, class)
		})
	}
}

// write is one acknowledged write, as seen by the writer.
type write struct {
	Rev     int64
	Type    store.EventType
	Key     string
	Value   string
	Created int64
}

// testPaginationUnderWrites pages through a prefix while writers change it,
// and checks that the pages together are exactly the snapshot at the first
// page's revision, rebuilt from the acknowledged writes.
func testPaginationUnderWrites(t *testing.T, s store.Store) {
	const (
		initial = 200
		writers = 4
	)
	var initWrites []write
	for i := range initial {
		key := fmt.Sprintf("/p/%04d", i)
		rev := mustCreate(t, s, key, "init")
		initWrites = append(initWrites, write{rev, store.Added, key, "init", rev})
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		acked    = append([]write(nil), initWrites...)
		maxAcked atomic.Int64
		failed   atomic.Value
	)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 1))
			exists := map[string]int64{} // key -> create revision
			for i := w; i < initial; i += writers {
				exists[fmt.Sprintf("/p/%04d", i)] = int64(i + 1)
			}
			for n := 0; ctx.Err() == nil; n++ {
				key := fmt.Sprintf("/p/%04d", w+writers*rng.IntN(initial/writers))
				if rng.IntN(5) == 0 {
					key = fmt.Sprintf("/p/%04d-new-%d", w, n) // lands between existing keys
				}
				if rng.IntN(7) == 0 {
					key = fmt.Sprintf("/other/%d-%d", w, n)
				}
				val := fmt.Sprintf("w%d-%d", w, n)
				var wr write
				var err error
				if created, ok := exists[key]; ok {
					if rng.IntN(2) == 0 {
						wr = write{Type: store.Modified, Key: key, Value: val, Created: created}
						wr.Rev, err = s.Update(context.Background(), key, []byte(val), 0)
					} else {
						wr = write{Type: store.Deleted, Key: key}
						_, wr.Rev, err = s.Delete(context.Background(), key, 0)
						delete(exists, key)
					}
				} else {
					wr = write{Type: store.Added, Key: key, Value: val}
					wr.Rev, err = s.Create(context.Background(), key, []byte(val))
					wr.Created = wr.Rev
					exists[key] = wr.Rev
				}
				if err != nil {
					failed.Store(fmt.Errorf("%s %q: %w", wr.Type, key, err))
					return
				}
				mu.Lock()
				acked = append(acked, wr)
				mu.Unlock()
				for {
					m := maxAcked.Load()
					if wr.Rev <= m || maxAcked.CompareAndSwap(m, wr.Rev) {
						break
					}
				}
			}
		}()
	}
	// Let writes happen between pages: wait for a few after each page.
	between := func() {
		target := maxAcked.Load() + 5
		deadline := time.Now().Add(waitTimeout)
		for maxAcked.Load() < target && failed.Load() == nil && time.Now().Before(deadline) {
			time.Sleep(100 * time.Microsecond)
		}
	}
	got, rev := listAll(t, s, "/p/", 7, between)
	cancel()
	wg.Wait()
	if err, _ := failed.Load().(error); err != nil {
		t.Fatalf("writer: %v", err)
	}
	if maxAcked.Load() <= rev {
		t.Fatalf("no write happened after the first page (revision %d)", rev)
	}
	sort.Slice(acked, func(i, j int) bool { return acked[i].Rev < acked[j].Rev })
	state := map[string]store.KV{}
	for _, wr := range acked {
		if wr.Rev > rev {
			break
		}
		if len(wr.Key) < 3 || wr.Key[:3] != "/p/" {
			continue
		}
		if wr.Type == store.Deleted {
			delete(state, wr.Key)
			continue
		}
		state[wr.Key] = kv(wr.Key, wr.Value, wr.Created, wr.Rev)
	}
	want := make([]store.KV, 0, len(state))
	for _, kv := range state {
		want = append(want, kv)
	}
	sort.Slice(want, func(i, j int) bool { return want[i].Key < want[j].Key })
	if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
		t.Errorf("pages at revision %d differ from the snapshot (-want +got):\n%s", rev, diff)
	}
}
