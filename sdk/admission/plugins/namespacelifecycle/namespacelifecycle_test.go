package namespacelifecycle_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/sdk/admission"
	"github.com/gantryhq/gantry/sdk/admission/plugins/admissiontest"
	"github.com/gantryhq/gantry/sdk/admission/plugins/namespacelifecycle"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

func namespace(name string, phase corev1.NamespacePhase) *corev1.Namespace {
	return &corev1.Namespace{ObjectMeta: meta.ObjectMeta{Name: name}, Status: corev1.NamespaceStatus{Phase: phase}}
}

func pod(ns, name string) *corev1.Pod {
	return &corev1.Pod{ObjectMeta: meta.ObjectMeta{Namespace: ns, Name: name}}
}

func newHost() *admissiontest.FakeHost {
	h := admissiontest.NewFakeHost()
	now := meta.Now()
	deleting := namespace("deleting", corev1.NamespaceActive)
	deleting.DeletionTimestamp = &now
	h.Add(admissiontest.Namespaces,
		namespace("team-a", corev1.NamespaceActive),
		namespace("gone", corev1.NamespaceTerminating),
		deleting,
	)
	return h
}

func TestAdmit(t *testing.T) {
	pods := admissiontest.Pods
	nodes := meta.GroupVersionResource{Version: "v1", Resource: "nodes"}
	lsar := meta.GroupVersionResource{Group: "authorization.k8s.io", Version: "v1", Resource: "localsubjectaccessreviews"}
	nsObj := func(name string) *corev1.Namespace { return namespace(name, corev1.NamespaceActive) }
	subresource := func(a *admission.Attributes, sub string) *admission.Attributes {
		a.Subresource = sub
		return a
	}
	terminatingMsg := "pods \"web\" is forbidden: unable to create new content in namespace gone because it is being terminated"

	tests := []struct {
		name string
		a    *admission.Attributes
		want admissiontest.Outcome
	}{
		{"create in active namespace", admissiontest.Create(pods, "Pod", pod("team-a", "web")), admissiontest.Outcome{}},
		{"create in missing namespace", admissiontest.Create(pods, "Pod", pod("nowhere", "web")),
			admissiontest.Outcome{Code: 404, Reason: meta.StatusReasonNotFound, Message: `namespaces "nowhere" not found`}},
		{"update in missing namespace", admissiontest.Update(pods, "Pod", pod("nowhere", "web"), pod("nowhere", "web")),
			admissiontest.Outcome{Code: 404, Reason: meta.StatusReasonNotFound, Message: `namespaces "nowhere" not found`}},
		{"delete in missing namespace", admissiontest.Delete(pods, "Pod", pod("nowhere", "web")), admissiontest.Outcome{}},
		{"create in terminating namespace", admissiontest.Create(pods, "Pod", pod("gone", "web")), admissiontest.Forbidden(terminatingMsg)},
		{"create in namespace with deletionTimestamp", admissiontest.Create(pods, "Pod", pod("deleting", "web")),
			admissiontest.Forbidden("pods \"web\" is forbidden: unable to create new content in namespace deleting because it is being terminated")},
		{"create with generateName uses the object's name", func() *admission.Attributes {
			a := admissiontest.Create(pods, "Pod", pod("gone", "web"))
			a.Name = ""
			return a
		}(), admissiontest.Forbidden(terminatingMsg)},
		{"update in terminating namespace", admissiontest.Update(pods, "Pod", pod("gone", "web"), pod("gone", "web")), admissiontest.Outcome{}},
		{"status update in terminating namespace", subresource(admissiontest.Update(pods, "Pod", pod("gone", "web"), pod("gone", "web")), "status"), admissiontest.Outcome{}},
		{"subresource create in terminating namespace", subresource(admissiontest.Create(pods, "Pod", pod("gone", "web")), "binding"), admissiontest.Forbidden(terminatingMsg)},
		{"delete in terminating namespace", admissiontest.Delete(pods, "Pod", pod("gone", "web")), admissiontest.Outcome{}},
		{"create namespace", admissiontest.Create(admissiontest.Namespaces, "Namespace", nsObj("new")), admissiontest.Outcome{}},
		{"update terminating namespace", admissiontest.Update(admissiontest.Namespaces, "Namespace", nsObj("gone"), nsObj("gone")), admissiontest.Outcome{}},
		{"delete ordinary namespace", admissiontest.Delete(admissiontest.Namespaces, "Namespace", nsObj("team-a")), admissiontest.Outcome{}},
		{"delete default", admissiontest.Delete(admissiontest.Namespaces, "Namespace", nsObj("default")),
			admissiontest.Forbidden(`namespaces "default" is forbidden: this namespace may not be deleted`)},
		{"delete kube-system", admissiontest.Delete(admissiontest.Namespaces, "Namespace", nsObj("kube-system")),
			admissiontest.Forbidden(`namespaces "kube-system" is forbidden: this namespace may not be deleted`)},
		{"delete kube-public", admissiontest.Delete(admissiontest.Namespaces, "Namespace", nsObj("kube-public")),
			admissiontest.Forbidden(`namespaces "kube-public" is forbidden: this namespace may not be deleted`)},
		{"delete gantry-system", admissiontest.Delete(admissiontest.Namespaces, "Namespace", nsObj("gantry-system")),
			admissiontest.Forbidden(`namespaces "gantry-system" is forbidden: this namespace may not be deleted`)},
		{"delete kube-node-lease", admissiontest.Delete(admissiontest.Namespaces, "Namespace", nsObj("kube-node-lease")), admissiontest.Outcome{}},
		{"cluster-scoped object", admissiontest.Create(nodes, "Node", &corev1.Node{ObjectMeta: meta.ObjectMeta{Name: "n1"}}), admissiontest.Outcome{}},
		{"access review in missing namespace", func() *admission.Attributes {
			a := admissiontest.Create(lsar, "LocalSubjectAccessReview", pod("nowhere", "x"))
			a.Kind.Group = "authorization.k8s.io"
			return a
		}(), admissiontest.Outcome{}},
	}
	p, err := namespacelifecycle.New(newHost().Host(), nil)
	if err != nil {
		t.Fatal(err)
	}
	m := p.(admission.Mutator)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if h, ok := p.(admission.Handler); ok && !h.Handles(tt.a.Operation) {
				t.Fatalf("plugin does not handle %s", tt.a.Operation)
			}
			got := admissiontest.OutcomeOf(m.Admit(context.Background(), tt.a))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Admit (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTerminatingCause(t *testing.T) {
	p, err := namespacelifecycle.New(newHost().Host(), nil)
	if err != nil {
		t.Fatal(err)
	}
	err = p.(admission.Mutator).Admit(context.Background(), admissiontest.Create(admissiontest.Pods, "Pod", pod("gone", "web")))
	if !apierrors.IsForbidden(err) {
		t.Fatalf("got %v, want Forbidden", err)
	}
	want := &meta.StatusDetails{Name: "web", Kind: "pods", Causes: []meta.StatusCause{{
		Type: corev1.NamespaceTerminatingCause, Message: "namespace gone is being terminated", Field: "metadata.namespace",
	}}}
	if diff := cmp.Diff(want, apierrors.ToStatus(err).Details); diff != "" {
		t.Errorf("details (-want +got):\n%s", diff)
	}
}

func TestNotFoundClass(t *testing.T) {
	p, _ := namespacelifecycle.New(newHost().Host(), nil)
	err := p.(admission.Mutator).Admit(context.Background(), admissiontest.Create(admissiontest.Pods, "Pod", pod("nowhere", "web")))
	if !errors.Is(err, apierrors.ErrNotFound) {
		t.Errorf("got %v, want class ErrNotFound", err)
	}
}

func TestReaderError(t *testing.T) {
	h := newHost()
	h.FailGet(errors.New("cache not ready"))
	p, _ := namespacelifecycle.New(h.Host(), nil)
	err := p.(admission.Mutator).Admit(context.Background(), admissiontest.Create(admissiontest.Pods, "Pod", pod("team-a", "web")))
	if !apierrors.IsInternal(err) {
		t.Errorf("got %v, want an Internal error", err)
	}
}

func TestHandles(t *testing.T) {
	p, _ := namespacelifecycle.New(newHost().Host(), nil)
	h := p.(admission.Handler)
	got := map[admission.Operation]bool{}
	for _, op := range []admission.Operation{admission.Create, admission.Update, admission.Delete, admission.Connect} {
		got[op] = h.Handles(op)
	}
	want := map[admission.Operation]bool{admission.Create: true, admission.Update: true, admission.Delete: true, admission.Connect: false}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Handles (-want +got):\n%s", diff)
	}
}

func TestNew(t *testing.T) {
	tests := []struct {
		name    string
		host    admission.Host
		config  string
		wantErr string
	}{
		{"no config", newHost().Host(), "", ""},
		{"empty object", newHost().Host(), "{}", ""},
		{"config given", newHost().Host(), `{"x":1}`, `NamespaceLifecycle takes no configuration, got "{\"x\":1}"`},
		{"no reader", admission.Host{}, "", "NamespaceLifecycle: host has no Reader"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := namespacelifecycle.New(tt.host, []byte(tt.config))
			got := ""
			if err != nil {
				got = err.Error()
			}
			if diff := cmp.Diff(tt.wantErr, got); diff != "" {
				t.Errorf("New error (-want +got):\n%s", diff)
			}
		})
	}
}
