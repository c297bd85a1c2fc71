package cache_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/apiserver/cache"
	"github.com/gantryhq/gantry/store"
	"github.com/gantryhq/gantry/store/memory"
)

// obj is a minimal meta.Object for the cache.
type obj struct {
	meta.TypeMeta
	meta.ObjectMeta
}

func (o *obj) DeepCopyObject() meta.Object { c := *o; return &c }

func decode(kv store.KV) (*cache.Entry, error) {
	if strings.HasSuffix(kv.Key, "/bad") {
		return nil, errors.New("undecodable")
	}
	o := &obj{ObjectMeta: meta.ObjectMeta{Name: kv.Key[strings.LastIndexByte(kv.Key, '/')+1:], Labels: map[string]string{"v": string(kv.Value)}}}
	return &cache.Entry{Key: kv.Key, Rev: kv.ModRevision, Object: o, Raw: kv.Value}, nil
}

func setup(t *testing.T, window int) (store.Store, *cache.Cache, *cache.Resource) {
	t.Helper()
	st := memory.New(memory.Options{})
	ctx := context.Background()
	if _, err := st.Create(ctx, "/r/a/pre", []byte("0")); err != nil {
		t.Fatal(err)
	}
	c := cache.New(st, "/r/", cache.Options{Window: window})
	res := c.AddResource("/r/a/", decode)
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Stop(); st.Close() })
	return st, c, res
}

func next(t *testing.T, w *cache.Watcher) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ds, err := w.Next(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range ds {
		out = append(out, string(d.Type)+" "+d.Entry.Object.GetObjectMeta().Name)
	}
	return out
}

func TestListWatchAndFilters(t *testing.T) {
	st, c, res := setup(t, 16)
	ctx := context.Background()
	w, err := res.Watch(cache.WatchOptions{Prefix: "/r/a/", Match: func(e *cache.Entry) bool {
		return e.Object.GetObjectMeta().Labels["v"] == "yes"
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	rev, _ := st.Create(ctx, "/r/a/x", []byte("yes"))
	if _, err := st.Update(ctx, "/r/a/x", []byte("no"), rev); err != nil {
		t.Fatal(err)
	}
	var got []string
	for len(got) < 2 {
		got = append(got, next(t, w)...)
	}
	// Leaving the selection is a DELETED event.
	if diff := cmp.Diff([]string{"ADDED x", "DELETED x"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if err := c.WaitFresh(ctx); err != nil {
		t.Fatal(err)
	}
	entries, _ := res.List("/r/a/", nil)
	if len(entries) != 2 || entries[0].Key != "/r/a/pre" {
		t.Errorf("list: %v", entries)
	}
}

func TestWatchFromRevisionAndWindow(t *testing.T) {
	st, c, res := setup(t, 4)
	ctx := context.Background()
	first, _ := st.Create(ctx, "/r/a/1", []byte("a"))
	for i := 2; i <= 3; i++ {
		st.Create(ctx, fmt.Sprintf("/r/a/%d", i), []byte("a"))
	}
	if err := c.WaitFresh(ctx); err != nil {
		t.Fatal(err)
	}
	w, err := res.Watch(cache.WatchOptions{FromRevision: first})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"ADDED 2", "ADDED 3"}, next(t, w)); diff != "" {
		t.Errorf("replay (-want +got):\n%s", diff)
	}
	w.Stop()
	for i := 4; i <= 9; i++ {
		st.Create(ctx, fmt.Sprintf("/r/a/%d", i), []byte("a"))
	}
	if err := c.WaitFresh(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := res.Watch(cache.WatchOptions{FromRevision: first}); !errors.Is(err, cache.ErrTooOld) {
		t.Fatalf("watch out of the window: %v, want ErrTooOld", err)
	}
}

func TestSlowWatcherIsEnded(t *testing.T) {
	st := memory.New(memory.Options{})
	defer st.Close()
	c := cache.New(st, "/r/", cache.Options{WatcherQueue: 3})
	res := c.AddResource("/r/a/", decode)
	if err := c.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer c.Stop()
	w, err := res.Watch(cache.WatchOptions{SkipInitial: true})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 10; i++ {
		st.Create(context.Background(), fmt.Sprintf("/r/a/%d", i), []byte("a"))
	}
	c.WaitFresh(context.Background())
	_, err = w.TryNext()
	if !errors.Is(err, cache.ErrTooSlow) {
		t.Fatalf("got %v, want ErrTooSlow", err)
	}
}
