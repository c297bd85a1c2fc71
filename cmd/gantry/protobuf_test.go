package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestKubectlCreateProtobuf drives the kubectl create generators, whose
// typed clients send their bodies as Kubernetes protobuf
// (application/vnd.kubernetes.protobuf), and reads every object back as
// JSON.
func TestKubectlCreateProtobuf(t *testing.T) {
	requireKubectl(t)
	s := startServer(t, "")

	// kubectl really sends protobuf: its request log says so.
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	out, errOut, err := s.kubectl(ctx, "", "create", "namespace", "x", "-v=8")
	if err != nil {
		t.Fatalf("kubectl create namespace x: %v\nstdout:\n%s\nstderr:\n%s", err, out, errOut)
	}
	if !strings.Contains(errOut, "Content-Type: application/vnd.kubernetes.protobuf") {
		t.Fatalf("kubectl create namespace did not send a protobuf body; request log:\n%s", errOut)
	}

	for _, args := range [][]string{
		{"create", "configmap", "c", "--from-literal=a=b", "-n", "x"},
		{"create", "secret", "generic", "s", "--from-literal=k=v", "-n", "x"},
		{"create", "deployment", "d", "--image=nginx:1.27", "--replicas=2", "-n", "x"},
		{"create", "service", "clusterip", "svc", "--tcp=80:8080", "-n", "x"},
		{"create", "job", "j", "--image=busybox", "-n", "x"},
		{"create", "cronjob", "cj", "--image=busybox", "--schedule=*/5 * * * *", "-n", "x"},
		{"create", "quota", "q", "--hard=pods=10", "-n", "x"},
		{"create", "priorityclass", "pc", "--value=1000"},
	} {
		s.mustKubectl(t, args...)
	}

	tests := []struct {
		get  []string
		want map[string]any // JSON path -> value
	}{
		{[]string{"namespace", "x"}, map[string]any{"metadata.name": "x", "status.phase": "Active"}},
		{[]string{"configmap", "c", "-n", "x"}, map[string]any{"data.a": "b"}},
		{[]string{"secret", "s", "-n", "x"}, map[string]any{"data.k": "dg==", "type": "Opaque"}}, // "v" in base64
		{[]string{"deployment", "d", "-n", "x"}, map[string]any{
			"spec.replicas":                         2.0,
			"spec.selector.matchLabels.app":         "d",
			"spec.template.metadata.labels.app":     "d",
			"spec.template.spec.containers.0.name":  "nginx",
			"spec.template.spec.containers.0.image": "nginx:1.27",
		}},
		{[]string{"service", "svc", "-n", "x"}, map[string]any{
			"spec.type":                  "ClusterIP",
			"spec.selector.app":          "svc",
			"spec.ports.0.name":          "80-8080",
			"spec.ports.0.port":          80.0,
			"spec.ports.0.targetPort":    8080.0,
			"spec.ports.0.protocol":      "TCP",
			"metadata.creationTimestamp": nonEmpty{},
		}},
		{[]string{"job", "j", "-n", "x"}, map[string]any{
			"spec.template.spec.containers.0.image": "busybox",
			"spec.template.spec.restartPolicy":      "Never",
		}},
		{[]string{"cronjob", "cj", "-n", "x"}, map[string]any{
			"spec.schedule": "*/5 * * * *",
			"spec.jobTemplate.spec.template.spec.containers.0.image": "busybox",
		}},
		{[]string{"resourcequota", "q", "-n", "x"}, map[string]any{"spec.hard.pods": "10"}},
		{[]string{"priorityclass", "pc"}, map[string]any{"value": 1000.0, "metadata.name": "pc"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.get[:2], "/"), func(t *testing.T) {
			out := s.mustKubectl(t, append([]string{"get", "-o", "json"}, tt.get...)...)
			var obj map[string]any
			if err := json.Unmarshal([]byte(out), &obj); err != nil {
				t.Fatalf("kubectl get -o json: %v\n%s", err, out)
			}
			for path, want := range tt.want {
				got, ok := jsonPath(obj, path)
				if _, any := want.(nonEmpty); any {
					if !ok || got == "" || got == nil {
						t.Errorf("%s is empty; want a value\n%s", path, out)
					}
					continue
				}
				if !ok || got != want {
					t.Errorf("%s = %v (found %v); want %v\n%s", path, got, ok, want, out)
				}
			}
		})
	}
}

// nonEmpty in a want map asks only for a non-empty value.
type nonEmpty struct{}

// jsonPath follows a dot-separated path of map keys and list indexes.
func jsonPath(v any, path string) (any, bool) {
	for _, p := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[p]; !ok {
				return nil, false
			}
		case []any:
			var i int
			if _, err := fmt.Sscan(p, &i); err != nil || i < 0 || i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}
