package storetest

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/store"
)

// Run runs the conformance suite. newStore returns a new, empty store for
// each subtest; Run closes it when the subtest ends (Close is idempotent, so
// newStore may also register its own cleanup).
func Run(t *testing.T, newStore func(t *testing.T) store.Store) {
	open := func(t *testing.T) store.Store {
		t.Helper()
		s := newStore(t)
		t.Cleanup(func() { s.Close() })
		return s
	}
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"Revisions", testRevisions},
		{"Writes", nil}, // needs a store per case
		{"ValueOwnership", testValueOwnership},
		{"ListPrefix", testListPrefix},
		{"ListAtRevision", testListAtRevision},
		{"Pagination", testPagination},
		{"PaginationErrors", testPaginationErrors},
		{"PaginationUnderWrites", testPaginationUnderWrites},
		{"ConcurrentCAS", testConcurrentCAS},
		{"WatchOrderUnderWrites", testWatchOrderUnderWrites},
		{"WatchReplay", testWatchReplay},
		{"WatchFromNowAndFuture", testWatchFromNowAndFuture},
		{"WatchPrefix", testWatchPrefix},
		{"Compaction", testCompaction},
		{"LargeValues", testLargeValues},
		{"WatchContextCancel", testWatchContextCancel},
		{"WatchStop", testWatchStop},
		{"SlowWatcher", testSlowWatcher},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.fn == nil {
				testWrites(t, open)
				return
			}
			tt.fn(t, open(t))
		})
	}
	t.Run("Close", func(t *testing.T) { testClose(t, newStore) })
}

func testRevisions(t *testing.T, s store.Store) {
	ctx := t.Context()
	if rev, err := s.CurrentRevision(ctx); err != nil || rev != 0 {
		t.Fatalf("CurrentRevision of an empty store = %d, %v; want 0", rev, err)
	}
	revs := []int64{
		mustCreate(t, s, "/a", "1"),
		mustCreate(t, s, "/b", "1"),
		mustUpdate(t, s, "/a", "2"),
		mustDelete(t, s, "/b"),
		mustCreate(t, s, "/b", "2"),
	}
	if diff := cmp.Diff([]int64{1, 2, 3, 4, 5}, revs); diff != "" {
		t.Errorf("write revisions (-want +got):\n%s", diff)
	}
	if rev, err := s.CurrentRevision(ctx); err != nil || rev != 5 {
		t.Errorf("CurrentRevision = %d, %v; want 5", rev, err)
	}
	got, err := s.Get(ctx, "/b")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(kv("/b", "2", 5, 5), got, cmpOpts); diff != "" {
		t.Errorf("Get of a re-created key (-want +got):\n%s", diff)
	}
}

// testWrites runs the write semantics table: each case starts from a store
// holding "/k" = "v1" at revision 1.
func testWrites(t *testing.T, open func(t *testing.T) store.Store) {
	type result writeResult
	tests := []struct {
		name      string
		do        func(ctx context.Context, s store.Store) (writeResult, error)
		want      writeResult
		wantErr   error // a store sentinel
		wantClass error // its apierrors class
		errKey    string
		after     []store.KV // the store's contents afterwards
	}{
		{
			name:  "create new key",
			do:    create("/k2", "x"),
			want:  writeResult{Rev: 2},
			after: []store.KV{kv("/k", "v1", 1, 1), kv("/k2", "x", 2, 2)},
		},
		{
			name:    "create existing key",
			do:      create("/k", "v2"),
			wantErr: store.ErrAlreadyExists, wantClass: apierrors.ErrAlreadyExists, errKey: "/k",
			after: []store.KV{kv("/k", "v1", 1, 1)},
		},
		{
			name: "create with nil value",
			do: func(ctx context.Context, s store.Store) (writeResult, error) {
				r, err := s.Create(ctx, "/n", nil)
				return writeResult{Rev: r}, err
			},
			want:  writeResult{Rev: 2},
			after: []store.KV{kv("/k", "v1", 1, 1), kv("/n", "", 2, 2)},
		},
		{
			name:  "update unconditional",
			do:    update("/k", "v2", 0),
			want:  writeResult{Rev: 2},
			after: []store.KV{kv("/k", "v2", 1, 2)},
		},
		{
			name:  "update with matching revision",
			do:    update("/k", "v2", 1),
			want:  writeResult{Rev: 2},
			after: []store.KV{kv("/k", "v2", 1, 2)},
		},
		{
			name:    "update with stale revision",
			do:      update("/k", "v2", 7),
			wantErr: store.ErrConflict, wantClass: apierrors.ErrConflict, errKey: "/k",
			after: []store.KV{kv("/k", "v1", 1, 1)},
		},
		{
			name:    "update missing key",
			do:      update("/nope", "v2", 0),
			wantErr: store.ErrNotFound, wantClass: apierrors.ErrNotFound, errKey: "/nope",
			after: []store.KV{kv("/k", "v1", 1, 1)},
		},
		{
			name:    "update missing key with precondition",
			do:      update("/nope", "v2", 1),
			wantErr: store.ErrNotFound, wantClass: apierrors.ErrNotFound, errKey: "/nope",
			after: []store.KV{kv("/k", "v1", 1, 1)},
		},
		{
			name:    "update with negative revision",
			do:      update("/k", "v2", -1),
			wantErr: store.ErrInvalidArgument, wantClass: apierrors.ErrBadRequest,
			after: []store.KV{kv("/k", "v1", 1, 1)},
		},
		{
			name:  "delete unconditional",
			do:    del("/k", 0),
			want:  writeResult{Rev: 2, Prev: kv("/k", "v1", 1, 1)},
			after: nil,
		},
		{
			name:  "delete with matching revision",
			do:    del("/k", 1),
			want:  writeResult{Rev: 2, Prev: kv("/k", "v1", 1, 1)},
			after: nil,
		},
		{
			name:    "delete with stale revision",
			do:      del("/k", 3),
			wantErr: store.ErrConflict, wantClass: apierrors.ErrConflict, errKey: "/k",
			after: []store.KV{kv("/k", "v1", 1, 1)},
		},
		{
			name:    "delete missing key",
			do:      del("/nope", 0),
			wantErr: store.ErrNotFound, wantClass: apierrors.ErrNotFound, errKey: "/nope",
			after: []store.KV{kv("/k", "v1", 1, 1)},
		},
		{
			name:    "delete missing key with precondition",
			do:      del("/nope", 1),
			wantErr: store.ErrNotFound, wantClass: apierrors.ErrNotFound, errKey: "/nope",
			after: []store.KV{kv("/k", "v1", 1, 1)},
		},
		{
			name: "delete twice",
			do: func(ctx context.Context, s store.Store) (writeResult, error) {
				if _, _, err := s.Delete(ctx, "/k", 0); err != nil {
					return writeResult{}, err
				}
				return del("/k", 0)(ctx, s)
			},
			wantErr: store.ErrNotFound, wantClass: apierrors.ErrNotFound, errKey: "/k",
			after: nil,
		},
		{
			name: "create after delete gets a new create revision",
			do: func(ctx context.Context, s store.Store) (writeResult, error) {
				if _, _, err := s.Delete(ctx, "/k", 0); err != nil {
					return writeResult{}, err
				}
				return create("/k", "v3")(ctx, s)
			},
			want:  writeResult{Rev: 3},
			after: []store.KV{kv("/k", "v3", 3, 3)},
		},
		{
			name: "update after delete",
			do: func(ctx context.Context, s store.Store) (writeResult, error) {
				if _, _, err := s.Delete(ctx, "/k", 0); err != nil {
					return writeResult{}, err
				}
				return update("/k", "v3", 0)(ctx, s)
			},
			wantErr: store.ErrNotFound, wantClass: apierrors.ErrNotFound, errKey: "/k",
			after: nil,
		},
		{
			name:    "create empty key",
			do:      create("", "x"),
			wantErr: store.ErrInvalidArgument, wantClass: apierrors.ErrBadRequest,
			after: []store.KV{kv("/k", "v1", 1, 1)},
		},
		{
			name:    "update empty key",
			do:      update("", "x", 0),
			wantErr: store.ErrInvalidArgument, wantClass: apierrors.ErrBadRequest,
			after: []store.KV{kv("/k", "v1", 1, 1)},
		},
		{
			name:    "delete empty key",
			do:      del("", 0),
			wantErr: store.ErrInvalidArgument, wantClass: apierrors.ErrBadRequest,
			after: []store.KV{kv("/k", "v1", 1, 1)},
		},
		{
			name: "get missing key",
			do: func(ctx context.Context, s store.Store) (writeResult, error) {
				_, err := s.Get(ctx, "/nope")
				return writeResult{}, err
			},
			wantErr: store.ErrNotFound, wantClass: apierrors.ErrNotFound, errKey: "/nope",
			after: []store.KV{kv("/k", "v1", 1, 1)},
		},
		{
			name: "get empty key",
			do: func(ctx context.Context, s store.Store) (writeResult, error) {
				_, err := s.Get(ctx, "")
				return writeResult{}, err
			},
			wantErr: store.ErrInvalidArgument, wantClass: apierrors.ErrBadRequest,
			after: []store.KV{kv("/k", "v1", 1, 1)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			ctx := t.Context()
			mustCreate(t, s, "/k", "v1")
			got, err := tt.do(ctx, s)
			checkErr(t, tt.name, err, tt.wantErr, tt.wantClass)
			if err != nil && tt.errKey != "" && !strings.Contains(err.Error(), strconv.Quote(tt.errKey)) {
				t.Errorf("error %q does not name the key %q", err, tt.errKey)
			}
			if err == nil {
				if diff := cmp.Diff(tt.want, got, cmpOpts); diff != "" {
					t.Errorf("result (-want +got):\n%s", diff)
				}
			}
			res := mustList(t, s, "", store.ListOptions{})
			if diff := cmp.Diff(tt.after, res.KVs, cmpOpts); diff != "" {
				t.Errorf("contents afterwards (-want +got):\n%s", diff)
			}
			for _, want := range tt.after {
				got, err := s.Get(ctx, want.Key)
				if err != nil {
					t.Fatalf("Get(%q): %v", want.Key, err)
				}
				if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
					t.Errorf("Get(%q) (-want +got):\n%s", want.Key, diff)
				}
			}
		})
	}
}

func create(key, value string) func(context.Context, store.Store) (writeResult, error) {
	return func(ctx context.Context, s store.Store) (writeResult, error) {
		rev, err := s.Create(ctx, key, []byte(value))
		return writeResult{Rev: rev}, err
	}
}

func update(key, value string, expected int64) func(context.Context, store.Store) (writeResult, error) {
	return func(ctx context.Context, s store.Store) (writeResult, error) {
		rev, err := s.Update(ctx, key, []byte(value), expected)
		return writeResult{Rev: rev}, err
	}
}

func del(key string, expected int64) func(context.Context, store.Store) (writeResult, error) {
	return func(ctx context.Context, s store.Store) (writeResult, error) {
		prev, rev, err := s.Delete(ctx, key, expected)
		return writeResult{Rev: rev, Prev: prev}, err
	}
}

// writeResult is what a write returns.
type writeResult struct {
	Rev  int64
	Prev store.KV
}
