package apiserver_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	appsv1 "github.com/gantryhq/gantry/sdk/api/apps/v1"
	autoscalingv1 "github.com/gantryhq/gantry/sdk/api/autoscaling/v1"
	"github.com/gantryhq/gantry/sdk/api/codec/protobuf"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
	policyv1 "github.com/gantryhq/gantry/sdk/api/policy/v1"
	"github.com/gantryhq/gantry/sdk/client"
)

const mediaProtobuf = "application/vnd.kubernetes.protobuf"

// protoBody frames obj as client-go's protobuf serializer does.
func protoBody(t *testing.T, apiVersion, kind string, obj any) string {
	t.Helper()
	raw, err := protobuf.Marshal(obj)
	if err != nil {
		t.Fatal(err)
	}
	return string(protobuf.EncodeEnvelope(apiVersion, kind, raw))
}

func TestProtobufBodies(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	pods := client.For[*corev1.Pod](e.c).Namespace("default")

	// Create: decoded into the kind's object; the answer is JSON.
	p := pod("default", "p")
	p.Spec.Containers[0].Ports = []corev1.ContainerPort{{Name: "http", ContainerPort: 8080}}
	code, body, hdr := e.do(t, http.MethodPost, "/api/v1/namespaces/default/pods", mediaProtobuf,
		protoBody(t, "v1", "Pod", p), "Accept", mediaProtobuf+",application/json")
	if code != http.StatusCreated {
		t.Fatalf("create: %d %s", code, body)
	}
	if ct := hdr.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("create answered %q; want JSON", ct)
	}
	got, err := pods.Get(ctx, "p")
	if err != nil {
		t.Fatal(err)
	}
	if got.Labels["app"] != "web" || got.Spec.Containers[0].Image != "busybox" || got.Spec.Containers[0].Ports[0].ContainerPort != 8080 {
		t.Errorf("stored pod: %+v", got)
	}

	// Update with a protobuf body.
	got.Labels["tier"] = "front"
	code, body, _ = e.do(t, http.MethodPut, "/api/v1/namespaces/default/pods/p", mediaProtobuf, protoBody(t, "v1", "Pod", got))
	if code != http.StatusOK {
		t.Fatalf("update: %d %s", code, body)
	}
	if got, _ = pods.Get(ctx, "p"); got.Labels["tier"] != "front" {
		t.Errorf("update lost the label: %v", got.Labels)
	}

	// A group kind.
	replicas := int32(2)
	d := &appsv1.Deployment{
		ObjectMeta: meta.ObjectMeta{Name: "d", Labels: map[string]string{"app": "d"}},
		Spec: appsv1.DeploymentSpec{
			Replicas: &replicas,
			Selector: &meta.LabelSelector{MatchLabels: map[string]string{"app": "d"}},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: meta.ObjectMeta{Labels: map[string]string{"app": "d"}},
				Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "nginx", Image: "nginx:1.27"}}},
			},
		},
	}
	code, body, _ = e.do(t, http.MethodPost, "/apis/apps/v1/namespaces/default/deployments", mediaProtobuf, protoBody(t, "apps/v1", "Deployment", d))
	if code != http.StatusCreated {
		t.Fatalf("create deployment: %d %s", code, body)
	}
	var created appsv1.Deployment
	if err := json.Unmarshal(body, &created); err != nil {
		t.Fatal(err)
	}
	if *created.Spec.Replicas != 2 || created.Spec.Template.Spec.Containers[0].Image != "nginx:1.27" || created.Kind != "Deployment" {
		t.Errorf("created deployment: %+v", created)
	}

	// Scale, binding, eviction and DeleteOptions bodies.
	code, body, _ = e.do(t, http.MethodPut, "/apis/apps/v1/namespaces/default/deployments/d/scale", mediaProtobuf,
		protoBody(t, "autoscaling/v1", "Scale", &autoscalingv1.Scale{ObjectMeta: meta.ObjectMeta{Name: "d", Namespace: "default"}, Spec: autoscalingv1.ScaleSpec{Replicas: 5}}))
	if code != http.StatusOK {
		t.Fatalf("scale: %d %s", code, body)
	}
	if dd, _ := client.For[*appsv1.Deployment](e.c).Namespace("default").Get(ctx, "d"); *dd.Spec.Replicas != 5 {
		t.Errorf("replicas after scale: %d", *dd.Spec.Replicas)
	}
	code, body, _ = e.do(t, http.MethodPost, "/api/v1/namespaces/default/pods/p/binding", mediaProtobuf,
		protoBody(t, "v1", "Binding", &corev1.Binding{ObjectMeta: meta.ObjectMeta{Name: "p"}, Target: corev1.ObjectReference{Kind: "Node", Name: "n1"}}))
	if code != http.StatusCreated {
		t.Fatalf("binding: %d %s", code, body)
	}
	if got, _ = pods.Get(ctx, "p"); got.Spec.NodeName != "n1" {
		t.Errorf("nodeName after binding: %q", got.Spec.NodeName)
	}
	grace := int64(7)
	code, body, _ = e.do(t, http.MethodPost, "/api/v1/namespaces/default/pods/p/eviction", mediaProtobuf,
		protoBody(t, "policy/v1", "Eviction", &policyv1.Eviction{ObjectMeta: meta.ObjectMeta{Name: "p"}, DeleteOptions: &meta.DeleteOptions{GracePeriodSeconds: &grace}}))
	if code != http.StatusCreated {
		t.Fatalf("eviction: %d %s", code, body)
	}
	if got, err = pods.Get(ctx, "p"); err != nil || got.DeletionGracePeriodSeconds == nil || *got.DeletionGracePeriodSeconds != 7 {
		t.Fatalf("evicted pod: %v %+v", err, got)
	}
	zero := int64(0)
	code, body, _ = e.do(t, http.MethodDelete, "/api/v1/namespaces/default/pods/p", mediaProtobuf,
		protoBody(t, "meta.k8s.io/v1", "DeleteOptions", &meta.DeleteOptions{GracePeriodSeconds: &zero}))
	if code != http.StatusOK {
		t.Fatalf("delete: %d %s", code, body)
	}
	if _, err := pods.Get(ctx, "p"); !apierrors.IsNotFound(err) {
		t.Errorf("after delete with grace 0: %v", err)
	}
}

func TestProtobufErrors(t *testing.T) {
	e := newEnv(t)
	cm := &corev1.ConfigMap{ObjectMeta: meta.ObjectMeta{Name: "c"}}
	tests := []struct {
		name, path, body string
		wantCode         int
		wantMessage      string
	}{
		{"wrong kind", "/api/v1/namespaces/default/configmaps", protoBody(t, "v1", "Secret", cm),
			http.StatusBadRequest, "the kind in the data (Secret) does not match the expected kind (ConfigMap)"},
		{"wrong apiVersion", "/api/v1/namespaces/default/configmaps", protoBody(t, "v2", "ConfigMap", cm),
			http.StatusBadRequest, "the API version in the data (v2) does not match the expected API version (v1)"},
		{"no magic", "/api/v1/namespaces/default/configmaps", `{"kind":"ConfigMap"}`,
			http.StatusBadRequest, `4-byte prefix`},
		{"malformed object", "/api/v1/namespaces/default/configmaps", string(protobuf.EncodeEnvelope("v1", "ConfigMap", []byte{0x0a, 0x05})),
			http.StatusBadRequest, "metadata"},
		{"wrong kind for a binding", "/api/v1/namespaces/default/pods/p/binding", protoBody(t, "v1", "ConfigMap", cm),
			http.StatusBadRequest, "expected kind (Binding)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body, _ := e.do(t, http.MethodPost, tt.path, mediaProtobuf, tt.body)
			if code != tt.wantCode || !strings.Contains(string(body), tt.wantMessage) {
				t.Errorf("got %d %s; want %d with %q", code, body, tt.wantCode, tt.wantMessage)
			}
		})
	}

	// A client that accepts only protobuf is told 406: answers are JSON.
	code, body, _ := e.do(t, http.MethodGet, "/api/v1/namespaces/default/configmaps", "", "", "Accept", mediaProtobuf)
	if code != http.StatusNotAcceptable {
		t.Errorf("Accept: protobuf only: got %d %s; want 406", code, body)
	}
}
