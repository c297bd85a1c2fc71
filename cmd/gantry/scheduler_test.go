package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

const schedNodeManifest = `apiVersion: v1
kind: Node
metadata:
  name: %s
  labels:
    kubernetes.io/hostname: %s
status:
  capacity:
    cpu: "4"
    memory: 8Gi
    pods: "110"
  allocatable:
    cpu: "4"
    memory: 8Gi
    pods: "110"
  conditions:
  - type: Ready
    status: "True"
`

const schedPodManifest = `apiVersion: v1
kind: Pod
metadata:
  name: %s
spec:
  containers:
  - name: c
    image: busybox
    resources:
      requests:
        cpu: %s
`

// applyStdin runs kubectl apply -f - with manifest.
func (s *testServer) applyStdin(t *testing.T, manifest string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	out, errOut, err := s.kubectl(ctx, manifest, "apply", "-f", "-")
	if err != nil {
		t.Fatalf("kubectl apply: %v\nstdout:\n%s\nstderr:\n%s", err, out, errOut)
	}
}

// eventually polls fn every 100 ms for up to 30 s.
func eventually(t *testing.T, what string, fn func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	last := ""
	for time.Now().Before(deadline) {
		ok, got := fn()
		if ok {
			return
		}
		last = got
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s: still not true after 30s; last: %q", what, last)
}

func TestSchedulerBindsPodsEndToEnd(t *testing.T) {
	requireKubectl(t)
	s := startServer(t, "")
	nodes := map[string]bool{}
	for i := range 3 {
		name := fmt.Sprintf("fake-node-%d", i)
		nodes[name] = true
		s.applyStdin(t, fmt.Sprintf(schedNodeManifest, name, name))
	}

	s.applyStdin(t, fmt.Sprintf(schedPodManifest, "small", "500m"))
	eventually(t, "pod small bound", func() (bool, string) {
		got := strings.TrimSpace(s.mustKubectl(t, "get", "pod", "small", "-o", "jsonpath={.spec.nodeName}"))
		return nodes[got], got
	})

	s.applyStdin(t, fmt.Sprintf(schedPodManifest, "huge", "1000"))
	wantMsg := "0/3 nodes are available: 3 Insufficient cpu."
	eventually(t, "pod huge PodScheduled=False", func() (bool, string) {
		got := s.mustKubectl(t, "get", "pod", "huge", "-o",
			`jsonpath={.status.conditions[?(@.type=="PodScheduled")].status}/{.status.conditions[?(@.type=="PodScheduled")].reason}/{.status.conditions[?(@.type=="PodScheduled")].message}`)
		return strings.HasPrefix(got, "False/Unschedulable/"+wantMsg), got
	})
	eventually(t, "FailedScheduling event in describe", func() (bool, string) {
		got := s.mustKubectl(t, "describe", "pod", "huge")
		return strings.Contains(got, "FailedScheduling") && strings.Contains(got, wantMsg), got
	})
	if got := strings.TrimSpace(s.mustKubectl(t, "get", "pod", "huge", "-o", "jsonpath={.spec.nodeName}")); got != "" {
		t.Errorf("unschedulable pod bound to %q", got)
	}
}

func TestSchedulerDisabled(t *testing.T) {
	requireKubectl(t)
	s := startServer(t, "", "--disable-scheduler")
	s.applyStdin(t, fmt.Sprintf(schedNodeManifest, "n0", "n0"))
	s.applyStdin(t, fmt.Sprintf(schedPodManifest, "p", "100m"))
	time.Sleep(time.Second)
	if got := strings.TrimSpace(s.mustKubectl(t, "get", "pod", "p", "-o", "jsonpath={.spec.nodeName}")); got != "" {
		t.Errorf("pod bound to %q with --disable-scheduler", got)
	}
}
