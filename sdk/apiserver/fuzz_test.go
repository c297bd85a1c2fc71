package apiserver_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gantryhq/gantry/sdk/admission/plugins"
	"github.com/gantryhq/gantry/sdk/api/builtin"
	"github.com/gantryhq/gantry/sdk/apiserver"
	"github.com/gantryhq/gantry/store/memory"
)

// fuzzServer is one in-process server shared by a fuzz target's runs.
func fuzzServer(f *testing.F) http.Handler {
	reg, err := builtin.NewRegistry()
	if err != nil {
		f.Fatal(err)
	}
	st := memory.New(memory.Options{})
	srv, err := apiserver.New(apiserver.Config{Registry: reg, Store: st, CompactionInterval: -1,
		AdmissionRegistry: plugins.NewRegistry(), AdmissionPlugins: plugins.Default()})
	if err != nil {
		f.Fatal(err)
	}
	if err := srv.Start(context.Background()); err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { srv.Stop(); st.Close() })
	return srv.Handler()
}

// check sends one request and fails on a server error: bad input must get
// a 4xx Status, never a 5xx or a panic.
func check(t *testing.T, h http.Handler, method, path, ct string, body []byte) {
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
	req.Header.Set("Content-Type", ct)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code >= 500 {
		t.Fatalf("%s %s with %q: %d %s", method, path, body, rec.Code, rec.Body)
	}
}

func FuzzCreateRequest(f *testing.F) {
	h := fuzzServer(f)
	f.Add([]byte(`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"x"}]}}`), uint8(0))
	f.Add([]byte(`{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"generateName":"d-"},"spec":{"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"x"}]}}}}`), uint8(1))
	f.Add([]byte("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: b\n"), uint8(2))
	f.Add([]byte(`{"metadata":{"name":"x","resourceVersion":"5"}}`), uint8(3))
	paths := []string{
		"/api/v1/namespaces/default/pods",
		"/apis/apps/v1/namespaces/default/deployments",
		"/api/v1/namespaces/default/configmaps",
		"/api/v1/namespaces",
		"/api/v1/namespaces/default/services?fieldValidation=Strict",
		"/apis/batch/v1/namespaces/default/cronjobs?dryRun=All",
	}
	f.Fuzz(func(t *testing.T, body []byte, which uint8) {
		ct := "application/json"
		if which&0x80 != 0 {
			ct = "application/yaml"
		}
		check(t, h, http.MethodPost, paths[int(which)%len(paths)], ct, body)
	})
}

func FuzzPatchRequest(f *testing.F) {
	h := fuzzServer(f)
	seed := httptest.NewRequest(http.MethodPost, "/api/v1/namespaces/default/configmaps",
		bytes.NewReader([]byte(`{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"target","labels":{"a":"b"}},"data":{"k":"v"}}`)))
	seed.Header.Set("Content-Type", "application/json")
	h.ServeHTTP(httptest.NewRecorder(), seed)
	f.Add([]byte(`{"metadata":{"labels":{"x":"y"}}}`), uint8(0))
	f.Add([]byte(`[{"op":"add","path":"/data/n","value":"1"}]`), uint8(1))
	f.Add([]byte(`{"data":{"$patch":"replace","z":"1"}}`), uint8(2))
	f.Add([]byte(`{"metadata":{"resourceVersion":"1"}}`), uint8(0))
	types := []string{"application/merge-patch+json", "application/json-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml"}
	f.Fuzz(func(t *testing.T, body []byte, which uint8) {
		check(t, h, http.MethodPatch, "/api/v1/namespaces/default/configmaps/target", types[int(which)%len(types)], body)
	})
}
