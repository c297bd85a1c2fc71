package apiserver_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	appsv1 "github.com/gantryhq/gantry/sdk/api/apps/v1"
	"github.com/gantryhq/gantry/sdk/api/builtin"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/apiserver"
	"github.com/gantryhq/gantry/sdk/client"
	"github.com/gantryhq/gantry/store"
	"github.com/gantryhq/gantry/store/memory"
)

type testEnv struct {
	srv  *apiserver.Server
	st   store.Store
	http *httptest.Server
	c    *client.Client
	now  *fakeNow
}

type fakeNow struct {
	mu sync.Mutex
	t  time.Time
}

func (f *fakeNow) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.t
}

func newEnv(t *testing.T, mod ...func(*apiserver.Config)) *testEnv {
	t.Helper()
	reg, err := builtin.NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	st := memory.New(memory.Options{})
	now := &fakeNow{t: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)}
	cfg := apiserver.Config{Registry: reg, Store: st, Now: now.Now, CompactionInterval: -1, WatchWindow: 64}
	for _, m := range mod {
		m(&cfg)
	}
	srv, err := apiserver.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	c, err := client.New(client.Config{Host: hs.URL}, reg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		srv.Stop()
		hs.Close()
		st.Close()
	})
	return &testEnv{srv: srv, st: st, http: hs, c: c, now: now}
}

func (e *testEnv) do(t *testing.T, method, path, contentType, body string, hdr ...string) (int, []byte, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, e.http.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b, resp.Header
}

func pod(ns, name string) *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: meta.ObjectMeta{Namespace: ns, Name: name, Labels: map[string]string{"app": "web"}},
		Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "c", Image: "busybox"}}},
	}
}

func TestCreateGetUpdateDelete(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	pods := client.For[*corev1.Pod](e.c).Namespace("default")

	created, err := pods.Create(ctx, pod("default", "p1"), client.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if created.UID == "" || created.ResourceVersion == "" || created.CreationTimestamp.IsZero() {
		t.Errorf("server fields not set: %+v", created.ObjectMeta)
	}
	if created.Status.Phase != corev1.PodPending || created.Spec.RestartPolicy != corev1.RestartPolicyAlways {
		t.Errorf("defaults/strategy not applied: phase %q restartPolicy %q", created.Status.Phase, created.Spec.RestartPolicy)
	}
	_, err = pods.Create(ctx, pod("default", "p1"), client.WriteOptions{})
	if !apierrors.IsAlreadyExists(err) {
		t.Fatalf("second create: got %v, want AlreadyExists", err)
	}
	got, err := pods.Get(ctx, "p1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(created.ObjectMeta, got.ObjectMeta); diff != "" {
		t.Errorf("get (-want +got):\n%s", diff)
	}
	got.Labels["tier"] = "front"
	updated, err := pods.Update(ctx, got, client.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if updated.ResourceVersion == got.ResourceVersion {
		t.Errorf("update did not change the resourceVersion")
	}
	// A stale update is a conflict.
	got.Labels["tier"] = "back"
	if _, err := pods.Update(ctx, got, client.WriteOptions{}); !apierrors.IsConflict(err) {
		t.Fatalf("stale update: got %v, want Conflict", err)
	}
	// Never bound: deleted at once.
	if err := pods.Delete(ctx, "p1", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := pods.Get(ctx, "p1"); !apierrors.IsNotFound(err) {
		t.Fatalf("get after delete: got %v, want NotFound", err)
	}
}

func TestGenerateNameAndValidation(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	cms := client.For[*corev1.ConfigMap](e.c).Namespace("default")
	cm, err := cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: meta.ObjectMeta{GenerateName: "cfg-"}}, client.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(cm.Name, "cfg-") || len(cm.Name) != len("cfg-")+5 {
		t.Errorf("generated name %q", cm.Name)
	}
	_, err = cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: meta.ObjectMeta{Name: "Bad_Name"}}, client.WriteOptions{})
	var se *apierrors.StatusError
	if !errors.As(err, &se) || se.Status.Code != 422 || se.Status.Details == nil || len(se.Status.Details.Causes) == 0 ||
		se.Status.Details.Causes[0].Field != "metadata.name" {
		t.Fatalf("invalid name: got %#v", err)
	}
}

func TestStrictFieldValidation(t *testing.T) {
	e := newEnv(t)
	body := `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"dataa":{"a":"b"}}`
	code, b, _ := e.do(t, "POST", "/api/v1/namespaces/default/configmaps?fieldValidation=Strict", "application/json", body)
	if code != 400 || !strings.Contains(string(b), `unknown field \"dataa\"`) {
		t.Fatalf("strict: %d %s", code, b)
	}
	code, _, hdr := e.do(t, "POST", "/api/v1/namespaces/default/configmaps", "application/json", body)
	if code != 201 || !strings.Contains(hdr.Get("Warning"), "dataa") {
		t.Fatalf("warn (default): %d warning %q", code, hdr.Get("Warning"))
	}
}

func TestStatusSubresourceStrategy(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	deps := client.For[*appsv1.Deployment](e.c).Namespace("default")
	replicas := int32(2)
	d := &appsv1.Deployment{
		ObjectMeta: meta.ObjectMeta{Name: "web"},
		Spec: appsv1.DeploymentSpec{
			Replicas: &replicas,
			Selector: &meta.LabelSelector{MatchLabels: map[string]string{"app": "web"}},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: meta.ObjectMeta{Labels: map[string]string{"app": "web"}},
				Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "c", Image: "nginx"}}},
			},
		},
		Status: appsv1.DeploymentStatus{Replicas: 99},
	}
	got, err := deps.Create(ctx, d, client.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Status.Replicas != 0 || got.Generation != 1 {
		t.Errorf("create: status %+v generation %d; want status reset and generation 1", got.Status, got.Generation)
	}
	// A status write through the main resource is ignored; spec changes bump generation.
	got.Status.Replicas = 5
	got.Spec.MinReadySeconds = 3
	got, err = deps.Update(ctx, got, client.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Status.Replicas != 0 || got.Generation != 2 {
		t.Errorf("update: status.replicas %d generation %d; want 0 and 2", got.Status.Replicas, got.Generation)
	}
	// The status subresource writes status only.
	got.Status.Replicas = 5
	got.Spec.MinReadySeconds = 9
	got, err = deps.UpdateStatus(ctx, got, client.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Status.Replicas != 5 || got.Spec.MinReadySeconds != 3 || got.Generation != 2 {
		t.Errorf("status update: status.replicas %d minReadySeconds %d generation %d", got.Status.Replicas, got.Spec.MinReadySeconds, got.Generation)
	}
	// Scale subresource.
	code, b, _ := e.do(t, "GET", "/apis/apps/v1/namespaces/default/deployments/web/scale", "", "")
	if code != 200 || !strings.Contains(string(b), `"replicas":2`) || !strings.Contains(string(b), `"selector":"app=web"`) {
		t.Fatalf("get scale: %d %s", code, b)
	}
	code, b, _ = e.do(t, "PATCH", "/apis/apps/v1/namespaces/default/deployments/web/scale", "application/merge-patch+json", `{"spec":{"replicas":7}}`)
	if code != 200 || !strings.Contains(string(b), `"replicas":7`) {
		t.Fatalf("patch scale: %d %s", code, b)
	}
	got, _ = deps.Get(ctx, "web")
	if *got.Spec.Replicas != 7 || got.Generation != 3 {
		t.Errorf("after scale: replicas %d generation %d", *got.Spec.Replicas, got.Generation)
	}
}

func TestBindingAndGracefulDeletion(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	pods := client.For[*corev1.Pod](e.c).Namespace("default")
	if _, err := pods.Create(ctx, pod("default", "p"), client.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	binding := corev1.Binding{ObjectMeta: meta.ObjectMeta{Name: "p"}, Target: corev1.ObjectReference{Kind: "Node", Name: "n1"}}
	if _, err := pods.CreateSubresource(ctx, "p", "binding", binding); err != nil {
		t.Fatal(err)
	}
	if _, err := pods.CreateSubresource(ctx, "p", "binding", binding); !apierrors.IsConflict(err) {
		t.Fatalf("second binding: got %v, want Conflict", err)
	}
	got, _ := pods.Get(ctx, "p")
	if got.Spec.NodeName != "n1" {
		t.Fatalf("nodeName %q", got.Spec.NodeName)
	}
	// Bound pod: graceful deletion marks it terminating.
	if err := pods.Delete(ctx, "p", nil); err != nil {
		t.Fatal(err)
	}
	got, err := pods.Get(ctx, "p")
	if err != nil {
		t.Fatalf("pod removed at once; want it terminating: %v", err)
	}
	if got.DeletionTimestamp == nil || got.DeletionGracePeriodSeconds == nil || *got.DeletionGracePeriodSeconds != 30 {
		t.Fatalf("terminating pod: %+v", got.ObjectMeta)
	}
	// The node confirms with grace period 0: removed.
	zero := int64(0)
	if err := pods.Delete(ctx, "p", &meta.DeleteOptions{GracePeriodSeconds: &zero}); err != nil {
		t.Fatal(err)
	}
	if _, err := pods.Get(ctx, "p"); !apierrors.IsNotFound(err) {
		t.Fatalf("after confirmation: %v", err)
	}
}

func TestFinalizersAndPropagation(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	cms := client.For[*corev1.ConfigMap](e.c).Namespace("default")
	cm := &corev1.ConfigMap{ObjectMeta: meta.ObjectMeta{Name: "f", Finalizers: []string{"example.com/hold"}}}
	if _, err := cms.Create(ctx, cm, client.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	fg := meta.DeletePropagationForeground
	if err := cms.Delete(ctx, "f", &meta.DeleteOptions{PropagationPolicy: &fg}); err != nil {
		t.Fatal(err)
	}
	got, err := cms.Get(ctx, "f")
	if err != nil {
		t.Fatal(err)
	}
	if got.DeletionTimestamp == nil || !got.HasFinalizer(meta.FinalizerDeleteDependents) {
		t.Fatalf("foreground delete: %+v", got.ObjectMeta)
	}
	// Removing the finalizers completes the deletion.
	got.Finalizers = nil
	if _, err := cms.Update(ctx, got, client.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := cms.Get(ctx, "f"); !apierrors.IsNotFound(err) {
		t.Fatalf("after removing finalizers: %v", err)
	}
}

func TestListSelectorsAndPagination(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	pods := client.For[*corev1.Pod](e.c).Namespace("default")
	for i := 0; i < 25; i++ {
		p := pod("default", fmt.Sprintf("p%02d", i))
		if i%2 == 0 {
			p.Labels["even"] = "true"
		}
		if _, err := pods.Create(ctx, p, client.WriteOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	l, err := pods.List(ctx, client.ListOptions{LabelSelector: "even=true"})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Items) != 13 {
		t.Errorf("label selector: %d items, want 13", len(l.Items))
	}
	l, err = pods.List(ctx, client.ListOptions{FieldSelector: "metadata.name=p03"})
	if err != nil || len(l.Items) != 1 {
		t.Fatalf("field selector: %v %v", err, l)
	}
	if _, err := pods.List(ctx, client.ListOptions{FieldSelector: "spec.bogus=x"}); !apierrors.IsBadRequest(err) {
		t.Fatalf("unsupported field: %v", err)
	}
	var names []string
	opts := client.ListOptions{Limit: 10}
	pages := 0
	for {
		l, err := pods.List(ctx, opts)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, p := range l.Items {
			names = append(names, p.Name)
		}
		// A write between pages does not change the snapshot.
		if pages == 1 {
			if _, err := pods.Create(ctx, pod("default", "p00a"), client.WriteOptions{}); err != nil {
				t.Fatal(err)
			}
		}
		if l.Continue == "" {
			break
		}
		opts.Continue = l.Continue
	}
	if pages != 3 || len(names) != 25 {
		t.Errorf("pagination: %d pages, %d names", pages, len(names))
	}
}

func TestWatchAndGone(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	cms := client.For[*corev1.ConfigMap](e.c).Namespace("default")
	first, err := cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: meta.ObjectMeta{Name: "a"}}, client.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	w, err := cms.Watch(ctx, client.ListOptions{ResourceVersion: first.ResourceVersion})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	if _, err := cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: meta.ObjectMeta{Name: "b"}}, client.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := cms.Delete(ctx, "a", nil); err != nil {
		t.Fatal(err)
	}
	var got []string
	for len(got) < 2 {
		select {
		case ev := <-w.Events():
			got = append(got, string(ev.Type)+" "+ev.Object.Name)
		case <-time.After(5 * time.Second):
			t.Fatalf("timed out; got %v", got)
		}
	}
	if diff := cmp.Diff([]string{"ADDED b", "DELETED a"}, got); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	// Push the first revision out of the 64-event window: 410 Gone.
	for i := 0; i < 80; i++ {
		if _, err := cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: meta.ObjectMeta{Name: fmt.Sprintf("x%d", i)}}, client.WriteOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	w2, err := cms.Watch(ctx, client.ListOptions{ResourceVersion: first.ResourceVersion})
	if err == nil {
		for range w2.Events() {
		}
		err = w2.Err()
	}
	if !apierrors.IsGone(err) {
		t.Fatalf("watch from a revision out of the window: %v, want Gone", err)
	}
}

func TestTableOutput(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	if _, err := client.For[*corev1.Pod](e.c).Namespace("default").Create(ctx, pod("default", "p"), client.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	code, b, _ := e.do(t, "GET", "/api/v1/namespaces/default/pods", "", "", "Accept", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json")
	if code != 200 {
		t.Fatalf("%d %s", code, b)
	}
	var tbl meta.Table
	if err := json.Unmarshal(b, &tbl); err != nil {
		t.Fatal(err)
	}
	var cols []string
	for _, c := range tbl.ColumnDefinitions {
		cols = append(cols, c.Name)
	}
	want := []string{"Name", "Ready", "Status", "Restarts", "Age", "IP", "Node", "Nominated Node", "Readiness Gates"}
	if diff := cmp.Diff(want, cols); diff != "" {
		t.Errorf("pod columns (-want +got):\n%s", diff)
	}
	if len(tbl.Rows) != 1 || tbl.Rows[0].Cells[0] != "p" || tbl.Rows[0].Cells[2] != "Pending" {
		t.Errorf("rows: %+v", tbl.Rows)
	}
}

func TestDiscovery(t *testing.T) {
	e := newEnv(t)
	code, b, _ := e.do(t, "GET", "/apis", "", "", "Accept", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json")
	if code != 200 || !strings.Contains(string(b), `"APIGroupDiscoveryList"`) || !strings.Contains(string(b), `"deployments"`) {
		t.Fatalf("aggregated /apis: %d %.300s", code, b)
	}
	code, b, _ = e.do(t, "GET", "/api/v1", "", "")
	if code != 200 || !strings.Contains(string(b), `"pods/binding"`) || !strings.Contains(string(b), `"shortNames":["po"]`) {
		t.Fatalf("/api/v1: %d %.300s", code, b)
	}
	code, b, _ = e.do(t, "GET", "/version", "", "")
	if code != 200 || !strings.Contains(string(b), `"major": "1"`) {
		t.Fatalf("/version: %d %s", code, b)
	}
}

func TestBodyLimitAndDryRun(t *testing.T) {
	e := newEnv(t, func(c *apiserver.Config) { c.MaxRequestBodyBytes = 1024 })
	big := `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"big"},"data":{"a":"` + strings.Repeat("x", 2048) + `"}}`
	code, b, _ := e.do(t, "POST", "/api/v1/namespaces/default/configmaps", "application/json", big)
	if code != 413 {
		t.Fatalf("oversized body: %d %s", code, b)
	}
	small := `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dry"}}`
	code, b, _ = e.do(t, "POST", "/api/v1/namespaces/default/configmaps?dryRun=All", "application/json", small)
	if code != 201 {
		t.Fatalf("dry run: %d %s", code, b)
	}
	code, _, _ = e.do(t, "GET", "/api/v1/namespaces/default/configmaps/dry", "", "")
	if code != 404 {
		t.Fatalf("dry run persisted the object: %d", code)
	}
}

func TestConcurrentCreates(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	cms := client.For[*corev1.ConfigMap](e.c).Namespace("default")
	var wg sync.WaitGroup
	errs := make(chan error, 200)
	for i := 0; i < 200; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, err := cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: meta.ObjectMeta{Name: fmt.Sprintf("c%d", i)}}, client.WriteOptions{})
			if err != nil {
				errs <- err
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	// The client retries 429 answers, so every create succeeds.
	for err := range errs {
		t.Fatal(err)
	}
	l, err := cms.List(ctx, client.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	revs := map[string]bool{}
	for _, cm := range l.Items {
		revs[cm.ResourceVersion] = true
	}
	if len(l.Items) != 200 || len(revs) != 200 {
		t.Fatalf("listed %d configmaps with %d distinct resourceVersions, want 200 and 200", len(l.Items), len(revs))
	}
}
