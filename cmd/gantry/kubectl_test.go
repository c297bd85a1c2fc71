package main

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestKubectlSession drives kubectl 1.32 through a whole session against
// `gantry server`, as a user would.
func TestKubectlSession(t *testing.T) {
	requireKubectl(t)
	s := startServer(t, "")

	// Namespaces, and the defaults that exist after the first start.
	out := s.mustKubectl(t, "get", "namespaces")
	for _, ns := range []string{"default", "gantry-system", "kube-system"} {
		if !strings.Contains(out, ns) {
			t.Errorf("kubectl get namespaces: %q missing in\n%s", ns, out)
		}
	}
	s.mustKubectl(t, "create", "namespace", "shop")

	// Apply a Deployment manifest written for Kubernetes.
	out = s.mustKubectl(t, "apply", "-n", "shop", "-f", "testdata/nginx-deployment.yaml")
	if !strings.Contains(out, "deployment.apps/nginx-deployment created") {
		t.Errorf("apply: got %q", out)
	}

	// get -o json: defaults applied as Kubernetes does.
	var dep struct {
		Metadata struct {
			Generation  int64             `json:"generation"`
			Annotations map[string]string `json:"annotations"`
		} `json:"metadata"`
		Spec struct {
			Replicas             int32 `json:"replicas"`
			RevisionHistoryLimit int32 `json:"revisionHistoryLimit"`
			Strategy             struct {
				Type          string `json:"type"`
				RollingUpdate struct {
					MaxSurge string `json:"maxSurge"`
				} `json:"rollingUpdate"`
			} `json:"strategy"`
		} `json:"spec"`
	}
	out = s.mustKubectl(t, "get", "deployment", "nginx-deployment", "-n", "shop", "-o", "json")
	if err := json.Unmarshal([]byte(out), &dep); err != nil {
		t.Fatalf("-o json: %v\n%s", err, out)
	}
	if dep.Spec.Replicas != 3 || dep.Spec.RevisionHistoryLimit != 10 || dep.Spec.Strategy.Type != "RollingUpdate" ||
		dep.Spec.Strategy.RollingUpdate.MaxSurge != "25%" || dep.Metadata.Generation != 1 {
		t.Errorf("defaults: got %+v", dep)
	}
	if _, ok := dep.Metadata.Annotations["kubectl.kubernetes.io/last-applied-configuration"]; !ok {
		t.Errorf("apply did not store last-applied-configuration: %v", dep.Metadata.Annotations)
	}
	out = s.mustKubectl(t, "get", "deploy", "nginx-deployment", "-n", "shop", "-o", "yaml")
	if !strings.Contains(out, "kind: Deployment") || !strings.Contains(out, "image: nginx:1.14.2") {
		t.Errorf("-o yaml:\n%s", out)
	}
	out = s.mustKubectl(t, "get", "deployments", "-n", "shop", "-o", "wide")
	for _, col := range []string{"NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE", "CONTAINERS", "IMAGES", "SELECTOR", "nginx:1.14.2", "app=nginx"} {
		if !strings.Contains(out, col) {
			t.Errorf("-o wide: %q missing in\n%s", col, out)
		}
	}

	// Label, annotate, scale.
	s.mustKubectl(t, "label", "deployment", "nginx-deployment", "-n", "shop", "tier=web")
	s.mustKubectl(t, "annotate", "deployment", "nginx-deployment", "-n", "shop", "owner=team-a")
	s.mustKubectl(t, "scale", "deployment", "nginx-deployment", "-n", "shop", "--replicas=5")
	out = s.mustKubectl(t, "get", "deployment", "nginx-deployment", "-n", "shop",
		"-o", "jsonpath={.metadata.labels.tier} {.metadata.annotations.owner} {.spec.replicas}")
	if out != "web team-a 5" {
		t.Errorf("after label/annotate/scale: got %q", out)
	}

	// Patch with each patch type.
	s.mustKubectl(t, "patch", "deployment", "nginx-deployment", "-n", "shop", "--type=strategic",
		"-p", `{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.15.0"}]}}}}`)
	s.mustKubectl(t, "patch", "deployment", "nginx-deployment", "-n", "shop", "--type=merge",
		"-p", `{"spec":{"minReadySeconds":5}}`)
	s.mustKubectl(t, "patch", "deployment", "nginx-deployment", "-n", "shop", "--type=json",
		"-p", `[{"op":"replace","path":"/spec/replicas","value":4}]`)
	out = s.mustKubectl(t, "get", "deployment", "nginx-deployment", "-n", "shop",
		"-o", "jsonpath={.spec.template.spec.containers[0].image} {.spec.minReadySeconds} {.spec.replicas} {.spec.template.spec.containers[0].env[0].value}")
	if out != "nginx:1.15.0 5 4 blue" {
		t.Errorf("after patches: got %q", out)
	}

	// Apply a changed manifest: image changes, an env var is removed.
	out = s.mustKubectl(t, "apply", "-n", "shop", "-f", "testdata/nginx-deployment-v2.yaml")
	if !strings.Contains(out, "configured") {
		t.Errorf("re-apply: got %q", out)
	}
	out = s.mustKubectl(t, "get", "deployment", "nginx-deployment", "-n", "shop",
		"-o", "jsonpath={.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].env[*].name} {.spec.replicas} {.metadata.generation}")
	if !strings.HasPrefix(out, "nginx:1.16.1 MODE 3 ") {
		t.Errorf("after re-apply: got %q, want image nginx:1.16.1, env MODE only, replicas 3", out)
	}

	// Watch with get -w: a change made meanwhile shows up.
	t.Run("watch", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, "kubectl", "--kubeconfig", s.kubeconfig, "get", "configmaps", "-n", "shop", "-w", "--output-watch-events")
		cmd.Env = append(os.Environ(), "HOME="+filepath.Dir(s.kubeconfig))
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
		lines := make(chan string, 16)
		go func() {
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		time.Sleep(500 * time.Millisecond)
		s.mustKubectl(t, "create", "configmap", "watched", "-n", "shop", "--from-literal=a=b")
		s.mustKubectl(t, "delete", "configmap", "watched", "-n", "shop")
		var seen []string
		for len(seen) < 2 {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("kubectl get -w ended early; saw %q", seen)
				}
				if strings.Contains(l, "watched") {
					seen = append(seen, l)
				}
			case <-ctx.Done():
				t.Fatalf("kubectl get -w: timed out; saw %q", seen)
			}
		}
		if !strings.HasPrefix(seen[0], "ADDED") || !strings.HasPrefix(seen[1], "DELETED") {
			t.Errorf("get -w events: %q", seen)
		}
	})

	t.Run("errors", func(t *testing.T) {
		// A misspelled field fails naming the field.
		errOut := s.failKubectl(t, "apply", "-n", "shop", "-f", "testdata/misspelled.yaml")
		if !strings.Contains(errOut, `unknown field "spec.template.spec.containers[0].imagePullPolicyy"`) {
			t.Errorf("misspelled field: stderr %q does not name the field", errOut)
		}
		// An object in a missing namespace fails with NotFound.
		errOut = s.failKubectl(t, "create", "configmap", "x", "-n", "nowhere", "--from-literal=a=b")
		if !strings.Contains(errOut, `namespaces "nowhere" not found`) {
			t.Errorf("missing namespace: stderr %q", errOut)
		}
		// A stale update fails with Conflict.
		stale := s.mustKubectl(t, "get", "deployment", "nginx-deployment", "-n", "shop", "-o", "json")
		s.mustKubectl(t, "label", "deployment", "nginx-deployment", "-n", "shop", "bump=1")
		f := filepath.Join(t.TempDir(), "stale.json")
		if err := os.WriteFile(f, []byte(stale), 0o600); err != nil {
			t.Fatal(err)
		}
		errOut = s.failKubectl(t, "replace", "-f", f)
		if !strings.Contains(errOut, "the object has been modified; please apply your changes to the latest version and try again") {
			t.Errorf("stale update: stderr %q", errOut)
		}
	})

	t.Run("delete cascade modes", func(t *testing.T) {
		for _, mode := range []string{"background", "foreground", "orphan"} {
			name := "cm-" + mode
			s.mustKubectl(t, "create", "configmap", name, "-n", "shop", "--from-literal=a=b")
			s.mustKubectl(t, "delete", "configmap", name, "-n", "shop", "--cascade="+mode, "--timeout=30s")
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			_, errOut, err := s.kubectl(ctx, "", "get", "configmap", name, "-n", "shop")
			cancel()
			if err == nil || !strings.Contains(errOut, "NotFound") {
				t.Errorf("--cascade=%s: the configmap still exists (stderr %q)", mode, errOut)
			}
		}
		s.mustKubectl(t, "delete", "deployment", "nginx-deployment", "-n", "shop")
	})
}
