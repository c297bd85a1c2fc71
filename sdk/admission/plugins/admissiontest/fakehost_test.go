package admissiontest_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/sdk/admission"
	"github.com/gantryhq/gantry/sdk/admission/plugins/admissiontest"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/labels"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

func cm(ns, name string, lbls map[string]string) *corev1.ConfigMap {
	return &corev1.ConfigMap{ObjectMeta: meta.ObjectMeta{Namespace: ns, Name: name, Labels: lbls}}
}

func names(objs []meta.Object) []string {
	var out []string
	for _, o := range objs {
		out = append(out, o.GetObjectMeta().Namespace+"/"+o.GetObjectMeta().Name)
	}
	return out
}

func TestGetList(t *testing.T) {
	ctx := context.Background()
	h := admissiontest.NewFakeHost()
	h.Add(admissiontest.ConfigMaps, cm("b", "x", nil), cm("a", "y", map[string]string{"app": "web"}), cm("a", "x", nil))
	h.Add(admissiontest.Secrets, &corev1.Secret{ObjectMeta: meta.ObjectMeta{Namespace: "a", Name: "x"}})

	o, err := h.Get(ctx, admissiontest.ConfigMaps, "a", "y")
	if err != nil {
		t.Fatal(err)
	}
	if got := o.GetObjectMeta().ResourceVersion; got != "2" {
		t.Errorf("resourceVersion = %q, want 2", got)
	}
	o.GetObjectMeta().Labels["app"] = "changed"
	again, _ := h.Get(ctx, admissiontest.ConfigMaps, "a", "y")
	if again.GetObjectMeta().Labels["app"] != "web" {
		t.Error("Get returned the stored object, not a copy")
	}

	_, err = h.Get(ctx, admissiontest.ConfigMaps, "a", "missing")
	if diff := cmp.Diff(admissiontest.Outcome{Code: 404, Reason: meta.StatusReasonNotFound, Message: `configmaps "missing" not found`}, admissiontest.OutcomeOf(err)); diff != "" {
		t.Errorf("Get missing (-want +got):\n%s", diff)
	}

	all, _ := h.List(ctx, admissiontest.ConfigMaps, "", nil)
	inA, _ := h.List(ctx, admissiontest.ConfigMaps, "a", nil)
	web, _ := h.List(ctx, admissiontest.ConfigMaps, "", labels.SelectorFromSet(labels.Set{"app": "web"}))
	got := [][]string{names(all), names(inA), names(web)}
	want := [][]string{{"a/x", "a/y", "b/x"}, {"a/x", "a/y"}, {"a/y"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("List (-want +got):\n%s", diff)
	}
}

func TestUpdateStatus(t *testing.T) {
	ctx := context.Background()
	h := admissiontest.NewFakeHost()
	h.Add(admissiontest.ConfigMaps, cm("a", "x", nil))
	cur, _ := h.Get(ctx, admissiontest.ConfigMaps, "a", "x")

	out, err := h.UpdateStatus(ctx, admissiontest.ConfigMaps, cur)
	if err != nil {
		t.Fatal(err)
	}
	if out.GetObjectMeta().ResourceVersion != "2" {
		t.Errorf("new resourceVersion = %q, want 2", out.GetObjectMeta().ResourceVersion)
	}
	_, err = h.UpdateStatus(ctx, admissiontest.ConfigMaps, cur) // stale
	want := admissiontest.Outcome{Code: 409, Reason: meta.StatusReasonConflict,
		Message: `Operation cannot be fulfilled on configmaps "x": the object has been modified; please apply your changes to the latest version and try again`}
	if diff := cmp.Diff(want, admissiontest.OutcomeOf(err)); diff != "" {
		t.Errorf("stale update (-want +got):\n%s", diff)
	}
	if _, err := h.UpdateStatus(ctx, admissiontest.ConfigMaps, cm("a", "gone", nil)); !apierrors.IsNotFound(err) {
		t.Errorf("update of a missing object: got %v, want NotFound", err)
	}
	if updates, conflicts := h.Stats(); updates != 1 || conflicts != 1 {
		t.Errorf("Stats = %d, %d; want 1, 1", updates, conflicts)
	}
}

func TestFreezeReads(t *testing.T) {
	ctx := context.Background()
	h := admissiontest.NewFakeHost()
	h.Add(admissiontest.ConfigMaps, cm("a", "x", nil))
	h.FreezeReads()
	cur, _ := h.Get(ctx, admissiontest.ConfigMaps, "a", "x")
	if _, err := h.UpdateStatus(ctx, admissiontest.ConfigMaps, cur); err != nil {
		t.Fatal(err)
	}
	h.Add(admissiontest.ConfigMaps, cm("a", "y", nil))
	frozen, _ := h.List(ctx, admissiontest.ConfigMaps, "a", nil)
	stale, _ := h.Get(ctx, admissiontest.ConfigMaps, "a", "x")
	h.ThawReads()
	thawed, _ := h.List(ctx, admissiontest.ConfigMaps, "a", nil)
	got := []any{names(frozen), stale.GetObjectMeta().ResourceVersion, names(thawed)}
	want := []any{[]string{"a/x"}, "1", []string{"a/x", "a/y"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if o := h.Object(admissiontest.ConfigMaps, "a", "x"); o.GetObjectMeta().ResourceVersion != "2" {
		t.Errorf("Object sees %q, want the store's 2", o.GetObjectMeta().ResourceVersion)
	}
}

func TestFailures(t *testing.T) {
	ctx := context.Background()
	h := admissiontest.NewFakeHost()
	h.Add(admissiontest.ConfigMaps, cm("a", "x", nil))
	boom := errors.New("boom")
	h.FailGet(boom)
	h.FailList(boom)
	h.FailUpdate(boom)
	_, errGet := h.Get(ctx, admissiontest.ConfigMaps, "a", "x")
	_, errList := h.List(ctx, admissiontest.ConfigMaps, "a", nil)
	_, errUpdate := h.UpdateStatus(ctx, admissiontest.ConfigMaps, cm("a", "x", nil))
	for _, err := range []error{errGet, errList, errUpdate} {
		if !errors.Is(err, boom) {
			t.Errorf("got %v, want boom", err)
		}
	}
	h.FailGet(nil)
	if _, err := h.Get(ctx, admissiontest.ConfigMaps, "a", "x"); err != nil {
		t.Errorf("after FailGet(nil): %v", err)
	}
	if !h.Delete(admissiontest.ConfigMaps, "a", "x") || h.Delete(admissiontest.ConfigMaps, "a", "x") {
		t.Error("Delete did not report what it removed")
	}
}

func TestHost(t *testing.T) {
	h := admissiontest.NewFakeHost()
	host := h.Host()
	if host.Reader != admission.Reader(h) || host.Writer != admission.Writer(h) {
		t.Error("Host does not use the FakeHost as Reader and Writer")
	}
}

func TestAttributes(t *testing.T) {
	pod := &corev1.Pod{ObjectMeta: meta.ObjectMeta{Namespace: "a", Name: "p"}}
	got := admissiontest.Delete(admissiontest.Pods, "Pod", pod)
	want := &admission.Attributes{
		Operation: admission.Delete,
		Kind:      meta.GroupVersionKind{Version: "v1", Kind: "Pod"},
		Resource:  admissiontest.Pods,
		Namespace: "a",
		Name:      "p",
		OldObject: pod,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
