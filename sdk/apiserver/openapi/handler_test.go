package openapi

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/sdk/api/meta"
)

func TestHandler(t *testing.T) {
	s := build(t)
	h := NewHandler(s)
	doc, hash, _ := s.Document("apis/example.com/v1")
	etag := strconv.Quote(hash)
	docURL := "/openapi/v3/apis/example.com/v1?hash=" + hash

	tests := []struct {
		name     string
		method   string
		url      string
		header   http.Header
		code     int
		body     []byte            // nil: not checked
		headers  map[string]string // "" means the header must be absent
		location string
	}{
		{
			name: "root", url: "/openapi/v3", code: http.StatusOK, body: s.Root(),
			headers: map[string]string{"Content-Type": "application/json", "Etag": strconv.Quote(s.rootHash), "Cache-Control": ""},
		},
		{
			name: "document by its current hash", url: docURL, code: http.StatusOK, body: doc,
			headers: map[string]string{"Content-Type": "application/json", "Etag": etag, "Cache-Control": "public, immutable", "Vary": "Accept"},
		},
		{
			name: "document without a hash", url: "/openapi/v3/apis/example.com/v1", code: http.StatusOK, body: doc,
			headers: map[string]string{"Etag": etag, "Cache-Control": "", "Expires": ""},
		},
		{
			name: "document as kubectl asks for it", url: docURL, header: http.Header{"Accept": {"application/json"}},
			code: http.StatusOK, body: doc,
		},
		{
			name: "any type with protobuf preferred", url: docURL,
			header: http.Header{"Accept": {"application/com.github.proto-openapi.spec.v3.v1.0+protobuf, */*;q=0.5"}},
			code:   http.StatusOK, body: doc,
		},
		{
			name: "core document", url: "/openapi/v3/api/v1", code: http.StatusOK,
			headers: map[string]string{"Content-Type": "application/json"},
		},
		{
			name: "stale hash redirects to the current URL", url: "/openapi/v3/apis/example.com/v1?hash=0123", code: http.StatusMovedPermanently,
			location: docURL,
		},
		{
			name: "if-none-match with the current etag", url: docURL, header: http.Header{"If-None-Match": {etag}},
			code: http.StatusNotModified, body: []byte{}, headers: map[string]string{"Etag": etag},
		},
		{
			name: "if-none-match with another etag", url: docURL, header: http.Header{"If-None-Match": {`"0123"`}},
			code: http.StatusOK, body: doc,
		},
		{
			name: "if-none-match on the root", url: "/openapi/v3", header: http.Header{"If-None-Match": {strconv.Quote(s.rootHash)}},
			code: http.StatusNotModified,
		},
		{
			name: "head", method: http.MethodHead, url: docURL, code: http.StatusOK, body: []byte{},
			headers: map[string]string{"Etag": etag, "Content-Length": strconv.Itoa(len(doc))},
		},
		{
			name: "protobuf only", url: docURL, header: http.Header{"Accept": {"application/com.github.proto-openapi.spec.v3.v1.0+protobuf"}},
			code: http.StatusNotAcceptable,
		},
		{name: "unknown group version", url: "/openapi/v3/apis/nope/v1", code: http.StatusNotFound},
		{name: "trailing slash", url: "/openapi/v3/", code: http.StatusNotFound},
		{name: "openapi v2 is not served", url: "/openapi/v2", code: http.StatusNotFound},
		{name: "post", method: http.MethodPost, url: "/openapi/v3", code: http.StatusMethodNotAllowed, headers: map[string]string{"Allow": "GET, HEAD"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			method := tc.method
			if method == "" {
				method = http.MethodGet
			}
			req := httptest.NewRequest(method, tc.url, nil)
			for k, v := range tc.header {
				req.Header[k] = v
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			res := rec.Result()
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != tc.code {
				t.Fatalf("status = %d, want %d; body: %s", res.StatusCode, tc.code, body)
			}
			if tc.body != nil {
				if diff := cmp.Diff(string(tc.body), string(body)); diff != "" {
					t.Errorf("body (-want +got):\n%s", diff)
				}
			}
			for k, want := range tc.headers {
				if got := res.Header.Get(k); got != want {
					t.Errorf("header %s = %q, want %q", k, got, want)
				}
			}
			if tc.location != "" {
				if got := res.Header.Get("Location"); got != tc.location {
					t.Errorf("Location = %q, want %q", got, tc.location)
				}
			}
			if tc.code >= 400 {
				var st meta.Status
				if err := json.Unmarshal(body, &st); err != nil || st.Kind != "Status" || st.Code != int32(tc.code) || st.Message == "" {
					t.Errorf("error body is not a Status with code %d: %s", tc.code, body)
				}
			}
		})
	}
}

func TestHandlerSetSpec(t *testing.T) {
	a := build(t)
	b, err := (&Builder{Title: "Other"}).Build(testRegistry(t))
	if err != nil {
		t.Fatal(err)
	}
	h := NewHandler(a)

	// Readers see one whole Spec or the other while it is swapped.
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/openapi/v3", nil))
				if body := rec.Body.String(); body != string(a.Root()) && body != string(b.Root()) {
					t.Errorf("root during SetSpec is neither Spec's: %s", body)
				}
			}
		}()
	}
	h.SetSpec(b)
	wg.Wait()
	if h.Spec() != b {
		t.Fatal("Spec() does not return the Spec given to SetSpec")
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/openapi/v3", nil))
	if rec.Body.String() != string(b.Root()) {
		t.Errorf("root after SetSpec = %s, want %s", rec.Body, b.Root())
	}
	_, oldHash, _ := a.Document("api/v1")
	_, newHash, _ := b.Document("api/v1")
	if oldHash == newHash {
		t.Fatal("a different title gave the same hash")
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/openapi/v3/api/v1?hash="+oldHash, nil))
	if rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != "/openapi/v3/api/v1?hash="+newHash {
		t.Errorf("old hash after SetSpec: %d Location %q, want 301 to the new hash", rec.Code, rec.Header().Get("Location"))
	}
}

func BenchmarkHandler(b *testing.B) {
	s, err := Build(builtinRegistry(b))
	if err != nil {
		b.Fatal(err)
	}
	h := NewHandler(s)
	_, hash, _ := s.Document("apis/apps/v1")
	req := httptest.NewRequest(http.MethodGet, "/openapi/v3/apis/apps/v1?hash="+hash, nil)
	req.Header.Set("Accept", "application/json")
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatal(rec.Code)
		}
	}
}
