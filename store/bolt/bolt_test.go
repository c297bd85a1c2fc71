package bolt_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/gantryhq/gantry/store"
	storebolt "github.com/gantryhq/gantry/store/bolt"
	"github.com/gantryhq/gantry/store/storetest"
)

func open(t testing.TB, path string) *storebolt.DB {
	t.Helper()
	db, err := storebolt.Open(path, storebolt.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		return open(t, filepath.Join(t.TempDir(), "store.db"))
	})
}

func BenchmarkStore(b *testing.B) {
	storetest.Bench(b, func(b *testing.B) store.Store {
		return open(b, filepath.Join(b.TempDir(), "store.db"))
	})
}

func TestReopenKeepsData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "store.db")
	db := open(t, path)
	ctx := t.Context()
	if _, err := db.Create(ctx, "/a", []byte("1")); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Update(ctx, "/a", []byte("2"), 0); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = open(t, path)
	kv, err := db.Get(ctx, "/a")
	if err != nil || string(kv.Value) != "2" || kv.ModRevision != 2 || kv.CreateRevision != 1 {
		t.Fatalf("Get after reopen = %+v, %v", kv, err)
	}
	if rev, _ := db.CurrentRevision(ctx); rev != 2 {
		t.Fatalf("CurrentRevision after reopen = %d, want 2", rev)
	}
	// History survives too.
	w, err := db.Watch(ctx, "/", 0+1)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	select {
	case ev := <-w.Events():
		if ev.Type != store.Modified || string(ev.PrevKV.Value) != "1" {
			t.Fatalf("replayed event %+v", ev)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no replayed event")
	}
	if err := db.Check(ctx); err != nil {
		t.Fatalf("Check: %v", err)
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name    string
		setup   func(t *testing.T, path string)
		wantMsg []string
	}{
		{
			name: "not a bbolt file",
			setup: func(t *testing.T, path string) {
				os.WriteFile(path, []byte(strings.Repeat("this is not a database\n", 1000)), 0o600)
			},
			wantMsg: []string{"not a Gantry store file"},
		},
		{
			name: "truncated header",
			setup: func(t *testing.T, path string) {
				os.WriteFile(path, []byte("x"), 0o600)
			},
			wantMsg: []string{"open"},
		},
		{
			name: "corrupt pages",
			setup: func(t *testing.T, path string) {
				db, err := storebolt.Open(path, storebolt.Options{})
				if err != nil {
					t.Fatal(err)
				}
				for i := range 200 {
					db.Create(context.Background(), "/k/"+strings.Repeat("x", i), make([]byte, 100))
				}
				db.Close()
				b, _ := os.ReadFile(path)
				for i := 2 * 4096; i < len(b); i++ { // keep the meta pages
					b[i] ^= 0x5a
				}
				os.WriteFile(path, b, 0o600)
			},
			wantMsg: []string{"corrupt"},
		},
		{
			name: "other bbolt database",
			setup: func(t *testing.T, path string) {
				db, err := bolt.Open(path, 0o600, nil)
				if err != nil {
					t.Fatal(err)
				}
				db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("users")); return err })
				db.Close()
			},
			wantMsg: []string{"not a Gantry store file"},
		},
		{
			name: "newer format",
			setup: func(t *testing.T, path string) {
				db, err := storebolt.Open(path, storebolt.Options{})
				if err != nil {
					t.Fatal(err)
				}
				db.Close()
				bdb, err := bolt.Open(path, 0o600, nil)
				if err != nil {
					t.Fatal(err)
				}
				bdb.Update(func(tx *bolt.Tx) error {
					return tx.Bucket([]byte("meta")).Put([]byte("format"), []byte{0, 0, 0, 0, 0, 0, 0, 9})
				})
				bdb.Close()
			},
			wantMsg: []string{"has format version 9; this Gantry supports up to 1"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-")+".db")
			tt.setup(t, path)
			db, err := storebolt.Open(path, storebolt.Options{})
			if err == nil {
				// Corruption beyond the meta pages may only show when read.
				err = db.Check(context.Background())
				db.Close()
			}
			if err == nil {
				t.Fatal("Open and Check succeeded")
			}
			for _, m := range append(tt.wantMsg, path) {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("error %q does not contain %q", err, m)
				}
			}
		})
	}
}

func TestOpenLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "store.db")
	open(t, path)
	start := time.Now()
	_, err := storebolt.Open(path, storebolt.Options{LockTimeout: 100 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "in use") || !strings.Contains(err.Error(), path) {
		t.Fatalf("second Open = %v, want an \"in use\" error naming the file", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("second Open took %v", d)
	}
}

func TestCanceledWriteIsNotApplied(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "store.db"))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := db.Create(ctx, "/a", nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("Create with a canceled context = %v", err)
	}
	if _, err := db.Get(t.Context(), "/a"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Get = %v, want ErrNotFound", err)
	}
}
