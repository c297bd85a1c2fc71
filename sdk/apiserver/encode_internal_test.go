package apiserver

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/sdk/api/builtin"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/store/memory"
)

func newInternalServer(t *testing.T, mod ...func(*Config)) *Server {
	t.Helper()
	reg, err := builtin.NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	st := memory.New(memory.Options{})
	cfg := Config{Registry: reg, Store: st, CompactionInterval: -1}
	for _, m := range mod {
		m(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Stop(); st.Close() })
	return s
}

// oddPods are pods whose metadata exercises the JSON scanners: escaped
// quotes and braces, HTML characters, unicode, a generated name, managed
// fields, and none of the optional string fields.
func oddPods() []*corev1.Pod {
	c := corev1.PodSpec{Containers: []corev1.Container{{Name: "c", Image: "busybox"}}}
	return []*corev1.Pod{
		{ObjectMeta: meta.ObjectMeta{Name: "plain"}, Spec: c},
		{ObjectMeta: meta.ObjectMeta{GenerateName: "gen-"}, Spec: c},
		{ObjectMeta: meta.ObjectMeta{Name: "odd", Labels: map[string]string{"a": "b"},
			Annotations: map[string]string{"quote": `q"uote}{][\\"`, "html": "<a href='x'>&</a>", "u": "é€😀", "managedFields": "x"}}, Spec: c},
		{ObjectMeta: meta.ObjectMeta{Name: "managed", ManagedFields: []meta.ManagedFieldsEntry{{Manager: "kubectl", Operation: "Update"}}}, Spec: c},
	}
}

func TestWithResourceVersion(t *testing.T) {
	objs := []meta.Object{}
	for _, p := range oddPods() {
		p.Namespace, p.UID = "default", "0b7ac2a5-0c3d-4d5e-9f00-123456789abc"
		objs = append(objs, p)
	}
	objs = append(objs,
		&corev1.Pod{}, // empty metadata
		&corev1.Pod{ObjectMeta: meta.ObjectMeta{Name: "x"}},                           // only a name
		&corev1.Pod{ObjectMeta: meta.ObjectMeta{Labels: map[string]string{"a": "b"}}}, // no string field first
		&corev1.Namespace{ObjectMeta: meta.ObjectMeta{Name: "ns", SelfLink: "/x"}},
	)
	for i, obj := range objs {
		obj.GetTypeMeta().APIVersion, obj.GetTypeMeta().Kind = "v1", "Pod"
		b, err := encodeForStore(obj)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := withResourceVersion(b, 12345)
		if !ok {
			t.Fatalf("object %d: withResourceVersion refused %s", i, b)
		}
		obj.GetObjectMeta().ResourceVersion = "12345"
		want, _ := json.Marshal(obj)
		if string(got) != string(want) {
			t.Errorf("object %d:\n got %s\nwant %s", i, got, want)
		}
	}
	if _, ok := withResourceVersion([]byte(`{"metadata":{"name":"a","resourceVersion":"1"}}`), 2); ok {
		t.Errorf("withResourceVersion accepted an object that has a resourceVersion")
	}
	if _, ok := withResourceVersion([]byte(`[1]`), 2); ok {
		t.Errorf("withResourceVersion accepted a non-object")
	}
}

// TestWrittenEntries checks that the cache entries of writes made through
// the server (whose JSON is made by inserting the resourceVersion) are the
// same as those decoded and encoded from the store.
func TestWrittenEntries(t *testing.T) {
	s := newInternalServer(t)
	res := s.resources[meta.GroupVersionResource{Version: "v1", Resource: "pods"}]
	ctx := context.Background()
	for _, p := range oddPods() {
		created, err := res.create(ctx, "default", p, writeOptions{user: s.cfg.User, skipAdmission: true})
		if err != nil {
			t.Fatal(err)
		}
		m := created.GetObjectMeta()
		if _, err := res.update(ctx, "default", m.Name, func(old meta.Object) (meta.Object, bool, error) {
			old.GetObjectMeta().Labels = map[string]string{"updated": "yes"}
			return old, false, nil
		}, writeOptions{user: s.cfg.User, skipAdmission: true}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.cache.WaitFresh(ctx); err != nil {
		t.Fatal(err)
	}
	entries, _ := res.cache.List(res.listPrefix("default"), nil)
	if len(entries) != len(oddPods()) {
		t.Fatalf("cache holds %d pods, want %d", len(entries), len(oddPods()))
	}
	for _, e := range entries {
		kv, err := s.st.Get(ctx, e.Key)
		if err != nil {
			t.Fatal(err)
		}
		want, err := json.Marshal(e.Object)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(want), string(e.Raw)); diff != "" {
			t.Errorf("%s: Raw (-want +got):\n%s", e.Key, diff)
		}
		if e.Rev != kv.ModRevision {
			t.Errorf("%s: Rev %d, store %d", e.Key, e.Rev, kv.ModRevision)
		}
	}
	res.writtenMu.Lock()
	n := len(res.written)
	res.writtenMu.Unlock()
	if n != 0 {
		t.Errorf("%d written values left behind", n)
	}
}

// TestEncodeTable checks that encodeTable writes what json.Marshal of
// toTable's Table writes, with and without the cached encodings.
func TestEncodeTable(t *testing.T) {
	s := newInternalServer(t, func(c *Config) {
		c.Now = func() time.Time { return time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC) }
	})
	res := s.resources[meta.GroupVersionResource{Version: "v1", Resource: "pods"}]
	ctx := context.Background()
	for _, p := range oddPods() {
		if _, err := res.create(ctx, "default", p, writeOptions{user: s.cfg.User, skipAdmission: true}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.cache.WaitFresh(ctx); err != nil {
		t.Fatal(err)
	}
	entries, rev := res.cache.List(res.listPrefix("default"), nil)
	remaining := int64(7)
	for _, withRaw := range []bool{true, false} {
		for _, inc := range []string{"", "None", "Metadata", "Object"} {
			t.Run(fmt.Sprintf("raw=%v/includeObject=%q", withRaw, inc), func(t *testing.T) {
				lr := &listResult{rv: rev, cont: "abc", remaining: &remaining}
				for _, e := range entries {
					lr.items = append(lr.items, e.Object)
					if withRaw {
						lr.raws = append(lr.raws, e.Raw)
					} else {
						lr.raws = append(lr.raws, nil)
					}
				}
				out := output{table: true, includeObject: inc}
				tb, err := s.toTable(res, lr.items, out, fmt.Sprint(rev), "abc")
				if err != nil {
					t.Fatal(err)
				}
				tb.RemainingItemCount = &remaining
				want, _ := json.Marshal(tb)
				got, err := s.encodeTable(res, lr, out)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(string(want), string(got)); diff != "" {
					t.Errorf("(-want +got):\n%s", diff)
				}
			})
		}
	}
	if _, err := s.encodeTable(res, &listResult{items: []meta.Object{entries[0].Object}}, output{table: true, includeObject: "Bad"}); err == nil {
		t.Errorf("includeObject=Bad accepted")
	}
}

// TestWatchStreamHijacked checks the HTTP/1.1 watch stream written on the
// hijacked connection: the response header, chunk framing read by a raw
// reader, coalesced events, and the end of the stream when the client goes away.
func TestWatchStreamHijacked(t *testing.T) {
	s := newInternalServer(t, func(c *Config) { c.WatchFlushInterval = 20 * time.Millisecond })
	hs := httptest.NewServer(s.Handler())
	defer hs.Close()
	res := s.resources[meta.GroupVersionResource{Version: "v1", Resource: "pods"}]
	ctx := context.Background()

	resp, err := http.Get(hs.URL + "/api/v1/namespaces/default/pods?watch=1&resourceVersion=0")
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/json" ||
		resp.Header.Get("Cache-Control") != "no-cache, private" || len(resp.TransferEncoding) != 1 || resp.TransferEncoding[0] != "chunked" {
		t.Fatalf("response: %d %v %v", resp.StatusCode, resp.Header, resp.TransferEncoding)
	}
	const n = 50
	go func() {
		for i := range n {
			p := &corev1.Pod{ObjectMeta: meta.ObjectMeta{Name: fmt.Sprint("p", i)}, Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "c", Image: "busybox"}}}}
			if _, err := res.create(ctx, "default", p, writeOptions{user: s.cfg.User, skipAdmission: true}); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 1<<20)
	for i := range n {
		if !sc.Scan() {
			t.Fatalf("event %d: %v", i, sc.Err())
		}
		var ev struct {
			Type   string     `json:"type"`
			Object corev1.Pod `json:"object"`
		}
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			t.Fatalf("event %d: %v: %s", i, err, sc.Bytes())
		}
		if ev.Type != "ADDED" || ev.Object.Name != fmt.Sprint("p", i) {
			t.Fatalf("event %d: %s %s", i, ev.Type, ev.Object.Name)
		}
	}
	resp.Body.Close()
	// The server notices the client left and ends the watch.
	deadline := time.Now().Add(5 * time.Second)
	for {
		res.cache.Len()
		if watchers(res) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the watch did not end after the client closed the connection")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestWatchStreamEnds checks that a hijacked watch that times out ends its
// chunked body properly.
func TestWatchStreamEnds(t *testing.T) {
	s := newInternalServer(t)
	hs := httptest.NewServer(s.Handler())
	defer hs.Close()
	resp, err := http.Get(hs.URL + "/api/v1/namespaces/default/pods?watch=1&timeoutSeconds=1")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading the body: %v (%q)", err, b)
	}
	if strings.TrimSpace(string(b)) != "" {
		t.Errorf("unexpected events: %s", b)
	}
}

func watchers(r *resource) int {
	return r.cache.WatcherCount()
}
