package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// gantryBin is the gantry binary built once for the end-to-end tests.
var gantryBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "gantry-e2e-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	gantryBin = filepath.Join(dir, "gantry")
	build := exec.Command("go", "build", "-o", gantryBin, ".")
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building gantry:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// testServer is a `gantry server` process.
type testServer struct {
	url        string
	dataDir    string
	kubeconfig string
	cmd        *exec.Cmd
	logs       *bytes.Buffer
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startServer starts `gantry server` on a fresh data folder (or dataDir
// when given) and stops it when the test ends.
func startServer(t *testing.T, dataDir string, extraArgs ...string) *testServer {
	t.Helper()
	if dataDir == "" {
		dataDir = t.TempDir()
	}
	addr := freePort(t)
	s := &testServer{url: "http://" + addr, dataDir: dataDir, logs: &bytes.Buffer{}}
	args := append([]string{"server", "--data-dir", dataDir, "--listen", addr}, extraArgs...)
	s.cmd = exec.Command(gantryBin, args...)
	s.cmd.Stdout, s.cmd.Stderr = s.logs, s.logs
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.stop(t) })
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get(s.url + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("gantry server did not become ready: %v\nlogs:\n%s", err, s.logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
	var kc bytes.Buffer
	if err := writeKubeconfig(&kc, s.url, "gantry-e2e"); err != nil {
		t.Fatal(err)
	}
	s.kubeconfig = filepath.Join(t.TempDir(), "kubeconfig")
	if err := os.WriteFile(s.kubeconfig, kc.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return s
}

func (s *testServer) stop(t *testing.T) {
	if s.cmd.ProcessState != nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
		t.Errorf("gantry server did not stop within 10s of SIGTERM")
	}
	if t.Failed() {
		t.Logf("gantry server logs:\n%s", s.logs)
	}
}

// kubectl runs kubectl against s and returns stdout, stderr and the error.
func (s *testServer) kubectl(ctx context.Context, stdin string, args ...string) (string, string, error) {
	args = append([]string{"--kubeconfig", s.kubeconfig}, args...)
	cmd := exec.CommandContext(ctx, "kubectl", args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	cmd.Env = append(os.Environ(), "HOME="+filepath.Dir(s.kubeconfig), "KUBECTL_KUBERC=false")
	err := cmd.Run()
	return out.String(), errb.String(), err
}

// mustKubectl runs kubectl and fails the test on error.
func (s *testServer) mustKubectl(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	out, errOut, err := s.kubectl(ctx, "", args...)
	if err != nil {
		t.Fatalf("kubectl %s: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), err, out, errOut)
	}
	return out
}

// failKubectl runs kubectl expecting failure and returns stderr.
func (s *testServer) failKubectl(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	out, errOut, err := s.kubectl(ctx, "", args...)
	if err == nil {
		t.Fatalf("kubectl %s succeeded, want an error\nstdout:\n%s", strings.Join(args, " "), out)
	}
	return errOut
}

func requireKubectl(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("kubectl"); err != nil {
		t.Skip("kubectl is not on PATH: this end-to-end test drives the real kubectl 1.32")
	}
}

func TestServerRefusesNonLoopback(t *testing.T) {
	for _, tc := range []struct {
		listen string
		ok     bool
	}{
		{"127.0.0.1:6443", true}, {"localhost:6443", true}, {"[::1]:6443", true},
		{"0.0.0.0:6443", false}, {":6443", false}, {"10.0.0.1:6443", false}, {"nonsense", false},
	} {
		err := checkLoopback(tc.listen)
		if (err == nil) != tc.ok {
			t.Errorf("checkLoopback(%q) = %v, want ok=%v", tc.listen, err, tc.ok)
		}
	}
	out, err := exec.Command(gantryBin, "server", "--data-dir", t.TempDir(), "--listen", "0.0.0.0:0").CombinedOutput()
	if err == nil || !strings.Contains(string(out), "refusing to listen") {
		t.Errorf("gantry server on 0.0.0.0: err %v, output %q", err, out)
	}
}
