package openapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

// fakeAPIServer serves what kubectl needs besides the OpenAPI documents:
// /version, legacy discovery for the registry, and an object store just
// good enough for kubectl create and apply, which records every write so
// that the test can see what kubectl sent.
type fakeAPIServer struct {
	reg     *registry.Registry
	openapi http.Handler

	mu       sync.Mutex
	requests []string // "GET /openapi/v3", ...
	writes   []write
	objects  map[string]map[string]any // by path
}

// write is a POST or PATCH the fake server received.
type write struct{ method, path, contentType, query string }

func (f *fakeAPIServer) object(path string) map[string]any {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.objects[path]
}

func (f *fakeAPIServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.requests = append(f.requests, r.Method+" "+r.URL.Path)
	f.mu.Unlock()
	switch p := r.URL.Path; {
	case strings.HasPrefix(p, "/openapi/"):
		f.openapi.ServeHTTP(w, r)
	case p == "/version":
		writeJSON(w, http.StatusOK, meta.VersionInfo{Major: "1", Minor: "32", GitVersion: "v1.32.0", Platform: "linux/amd64"})
	case p == "/api":
		writeJSON(w, http.StatusOK, meta.APIVersions{
			TypeMeta: meta.TypeMeta{Kind: "APIVersions"},
			Versions: []string{"v1"},
			ServerAddressByClientCIDRs: []meta.ServerAddressByClientCIDR{
				{ClientCIDR: "0.0.0.0/0", ServerAddress: r.Host},
			},
		})
	case p == "/apis":
		list := meta.APIGroupList{TypeMeta: meta.TypeMeta{Kind: "APIGroupList", APIVersion: "v1"}, Groups: []meta.APIGroup{}}
		for _, gv := range f.reg.GroupVersions() {
			if gv.Group == "" {
				continue
			}
			v := meta.GroupVersionForDiscovery{GroupVersion: gv.String(), Version: gv.Version}
			list.Groups = append(list.Groups, meta.APIGroup{Name: gv.Group, Versions: []meta.GroupVersionForDiscovery{v}, PreferredVersion: v})
		}
		writeJSON(w, http.StatusOK, list)
	case p == "/api/v1" || strings.Count(p, "/") == 3 && strings.HasPrefix(p, "/apis/"):
		gv := meta.ParseGroupVersion(strings.TrimPrefix(strings.TrimPrefix(p, "/api/"), "/apis/"))
		list := meta.APIResourceList{TypeMeta: meta.TypeMeta{Kind: "APIResourceList", APIVersion: "v1"}, GroupVersion: gv.String()}
		for _, k := range f.reg.KindsIn(gv) {
			list.APIResources = append(list.APIResources, meta.APIResource{
				Name: k.Resource(), SingularName: k.Singular(), Namespaced: k.Namespaced(), Kind: k.GVK().Kind,
				ShortNames: k.ShortNames(),
				Verbs:      []string{"create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"},
			})
			if k.HasStatus() {
				list.APIResources = append(list.APIResources, meta.APIResource{
					Name: k.Resource() + "/status", Namespaced: k.Namespaced(), Kind: k.GVK().Kind, Verbs: []string{"get", "patch", "update"},
				})
			}
		}
		if len(list.APIResources) == 0 {
			http.NotFound(w, r)
			return
		}
		writeJSON(w, http.StatusOK, list)
	case r.Method == http.MethodPost:
		var obj map[string]any
		if err := json.NewDecoder(r.Body).Decode(&obj); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		name, _ := get(obj, "metadata", "name").(string)
		f.mu.Lock()
		f.writes = append(f.writes, write{r.Method, p, r.Header.Get("Content-Type"), r.URL.RawQuery})
		f.objects[p+"/"+name] = obj
		f.mu.Unlock()
		writeJSON(w, http.StatusCreated, obj)
	case r.Method == http.MethodPatch:
		f.mu.Lock()
		f.writes = append(f.writes, write{r.Method, p, r.Header.Get("Content-Type"), r.URL.RawQuery})
		obj := f.objects[p]
		f.mu.Unlock()
		writeJSON(w, http.StatusOK, obj)
	case r.Method == http.MethodGet && f.object(p) != nil:
		writeJSON(w, http.StatusOK, f.object(p))
	default:
		writeJSON(w, http.StatusNotFound, meta.Status{
			TypeMeta: meta.TypeMeta{Kind: "Status", APIVersion: "v1"}, Status: meta.StatusFailure,
			Reason: meta.StatusReasonNotFound, Code: http.StatusNotFound, Message: "the server could not find the requested resource",
		})
	}
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// TestKubectl runs the real kubectl against a server that serves the
// documents of the test registry: kubectl explain must find the kinds'
// schemas through the operations' and schemas' GVK extensions, and kubectl
// create must see the fieldValidation parameter and send
// fieldValidation=Strict instead of validating on its own.
func TestKubectl(t *testing.T) {
	kubectl, err := exec.LookPath("kubectl")
	if err != nil {
		t.Skip("kubectl is not on PATH; install kubectl 1.32 to run this test")
	}
	reg := testRegistry(t)
	if err := reg.Merge(builtinRegistry(t)); err != nil {
		t.Fatal(err)
	}
	spec, err := Build(reg)
	if err != nil {
		t.Fatal(err)
	}
	fake := &fakeAPIServer{reg: reg, openapi: NewHandler(spec), objects: map[string]map[string]any{}}
	srv := httptest.NewServer(fake)
	defer srv.Close()

	dir := t.TempDir()
	kubeconfig := filepath.Join(dir, "kubeconfig")
	config := fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: test
  cluster:
    server: %s
contexts:
- name: test
  context:
    cluster: test
    user: test
    namespace: default
current-context: test
users:
- name: test
  user:
    token: test
`, srv.URL)
	if err := os.WriteFile(kubeconfig, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	run := func(t *testing.T, stdin string, args ...string) string {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		args = append([]string{"--kubeconfig", kubeconfig, "--cache-dir", filepath.Join(dir, "cache")}, args...)
		cmd := exec.CommandContext(ctx, kubectl, args...)
		cmd.Env = append(os.Environ(), "HOME="+dir, "KUBECONFIG="+kubeconfig)
		cmd.Stdin = strings.NewReader(stdin)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("kubectl %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}

	t.Log(run(t, "", "version", "-o", "json"))

	explains := []struct {
		name string
		args []string
		want []string
	}{
		{
			name: "core kind",
			args: []string{"explain", "sprockets"},
			want: []string{"KIND:       Sprocket", "VERSION:    v1", "Sprocket is a test kind of the core group.",
				"metadata\t<ObjectMeta>", "spec\t<SprocketSpec>", "Spec is the desired state of the sprocket."},
		},
		{
			name: "field of a core kind",
			args: []string{"explain", "spr.spec.teeth"},
			want: []string{"FIELD: teeth <integer>", "Teeth is the number of teeth."},
		},
		{
			name: "group kind, recursive",
			args: []string{"explain", "widgets.example.com", "--recursive"},
			want: []string{"GROUP:      example.com", "KIND:       Widget", "ports\t<[]WidgetPort>", "started\t<string>",
				"conditions\t<[]Condition>", "tree\t<Node>", "parent\t<Node>", "creationTimestamp\t<string>"},
		},
		{
			name: "built-in kind",
			args: []string{"explain", "deployments.spec.strategy.rollingUpdate.maxSurge"},
			want: []string{"GROUP:      apps", "KIND:       Deployment", "FIELD: maxSurge <IntOrString>"},
		},
		{
			name: "meta field",
			args: []string{"explain", "gadgets.metadata.labels"},
			want: []string{"KIND:       Gadget", "FIELD: labels <map[string]string>", "Labels are identifying key/value pairs"},
		},
	}
	for _, tc := range explains {
		t.Run("explain/"+tc.name, func(t *testing.T) {
			out := run(t, "", tc.args...)
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("kubectl %s: output lacks %q:\n%s", strings.Join(tc.args, " "), w, out)
				}
			}
		})
	}

	// lastWrite returns the last write kubectl sent and checks that kubectl
	// left field validation to the server and never fell back to OpenAPI v2.
	lastWrite := func(t *testing.T) write {
		t.Helper()
		fake.mu.Lock()
		defer fake.mu.Unlock()
		for _, r := range fake.requests {
			if strings.HasPrefix(r, "GET /openapi/v2") {
				t.Errorf("kubectl fell back to OpenAPI v2 (%s); requests: %q", r, fake.requests)
			}
		}
		if len(fake.writes) == 0 {
			t.Fatalf("kubectl sent no write; requests: %q", fake.requests)
		}
		w := fake.writes[len(fake.writes)-1]
		if !strings.Contains(w.query, "fieldValidation=Strict") {
			t.Errorf("kubectl sent %s %s?%s, want fieldValidation=Strict", w.method, w.path, w.query)
		}
		return w
	}
	t.Run("create sends fieldValidation=Strict", func(t *testing.T) {
		out := run(t, "apiVersion: v1\nkind: Sprocket\nmetadata:\n  name: s1\nspec:\n  teeth: 12\n", "create", "-f", "-")
		if !strings.Contains(out, "sprocket/s1 created") {
			t.Errorf("kubectl create: unexpected output:\n%s", out)
		}
		if w := lastWrite(t); w.method != http.MethodPost || w.path != "/api/v1/namespaces/default/sprockets" {
			t.Errorf("kubectl create sent %s %s", w.method, w.path)
		}
	})
	// kubectl apply of a kind it has never heard of uses a strategic merge
	// patch only when it finds the kind's schema and the patch type in the
	// group version's document; otherwise it sends a JSON merge patch.
	t.Run("apply patches a product kind with a strategic merge patch", func(t *testing.T) {
		const widget = "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w1\nspec:\n  color: red\n  ports:\n  - port: 80\n"
		if out := run(t, widget, "apply", "-f", "-"); !strings.Contains(out, "widget.example.com/w1 created") {
			t.Errorf("first kubectl apply: unexpected output:\n%s", out)
		}
		lastWrite(t)
		out := run(t, strings.Replace(widget, "red", "blue", 1), "apply", "-f", "-")
		if !strings.Contains(out, "widget.example.com/w1 configured") {
			t.Errorf("second kubectl apply: unexpected output:\n%s", out)
		}
		w := lastWrite(t)
		if w.method != http.MethodPatch || w.path != "/apis/example.com/v1/namespaces/default/widgets/w1" || w.contentType != PatchTypeStrategicMerge {
			t.Errorf("second kubectl apply sent %s %s (%s), want a PATCH of the widget as %s", w.method, w.path, w.contentType, PatchTypeStrategicMerge)
		}
	})
}
