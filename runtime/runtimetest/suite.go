package runtimetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gantryhq/gantry/runtime"
	"github.com/gantryhq/gantry/runtime/images"
	"github.com/gantryhq/gantry/runtime/logs"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
)

// ContainerSpec is what one of the suite's containers runs. Its image must
// be present in every runtime newRuntime returns.
type ContainerSpec struct {
	Image   string
	Command []string
	Args    []string
}

// Options describes the containers and commands the suite uses. Fields
// without a default must be set.
type Options struct {
	// Forever runs until stopped and exits on SIGTERM.
	Forever ContainerSpec
	// IgnoreTerm runs until stopped and ignores SIGTERM: only SIGKILL ends it.
	IgnoreTerm ContainerSpec
	// Exit exits by itself soon after it starts, with ExitCode (not 0).
	Exit     ContainerSpec
	ExitCode int
	// Complete exits by itself soon after it starts, with 0.
	Complete ContainerSpec
	// Logs prints the line LogStdout to stdout, then LogStderr to stderr,
	// then exits 0.
	Logs      ContainerSpec
	LogStdout string
	LogStderr string
	// OOM, if set, goes over its memory limit (OOMMemoryLimit bytes) and is
	// killed by the OOM killer.
	OOM            *ContainerSpec
	OOMMemoryLimit int64
	// ExecEcho, run in Forever, prints ExecEchoOutput (with its newline) to
	// stdout and exits 0.
	ExecEcho       []string
	ExecEchoOutput string
	// ExecFail, run in Forever, exits ExecFailCode (not 0).
	ExecFail     []string
	ExecFailCode int
	// ExecSlow, run in Forever, runs longer than ExecTimeout.
	ExecSlow []string
	// ExecCat, if set, run in Forever copies stdin to stdout.
	ExecCat []string
	// StopTimeout is the grace period of the stop tests (default 1s), and
	// ExecTimeout the timeout given to ExecSlow (default 1s).
	StopTimeout time.Duration
	ExecTimeout time.Duration
	// WaitTimeout bounds every wait for a container to change state
	// (default 30s).
	WaitTimeout time.Duration
	// PodCIDR, if set, must hold every sandbox IP.
	PodCIDR string
	// HostNetworkSandboxes runs the sandboxes on the host network (for
	// runtimes tested without CNI); their IPs are then not checked.
	HostNetworkSandboxes bool
}

// BusyboxOptions returns Options for a runtime that runs real containers
// from image, a busybox image (docker.io/library/busybox or the one
// examples/images builds).
func BusyboxOptions(image string) Options {
	sh := func(script string) ContainerSpec {
		return ContainerSpec{Image: image, Command: []string{"sh", "-c", script}}
	}
	return Options{
		Forever:        sh(`trap "exit 0" TERM; while true; do sleep 0.1; done`),
		IgnoreTerm:     sh(`trap "" TERM; while true; do sleep 0.1; done`),
		Exit:           sh(`sleep 0.2; exit 3`),
		ExitCode:       3,
		Complete:       sh(`sleep 0.2`),
		Logs:           sh(`echo hello stdout; sleep 0.05; echo hello stderr >&2`),
		LogStdout:      "hello stdout",
		LogStderr:      "hello stderr",
		OOM:            &ContainerSpec{Image: image, Command: []string{"sh", "-c", `x=a; while true; do x="$x$x"; done`}},
		OOMMemoryLimit: 16 << 20,
		ExecEcho:       []string{"echo", "hello exec"},
		ExecEchoOutput: "hello exec",
		ExecFail:       []string{"sh", "-c", "exit 7"},
		ExecFailCode:   7,
		ExecSlow:       []string{"sleep", "30"},
		ExecCat:        []string{"cat"},
	}
}

func (o *Options) defaults() {
	if o.StopTimeout <= 0 {
		o.StopTimeout = time.Second
	}
	if o.ExecTimeout <= 0 {
		o.ExecTimeout = time.Second
	}
	if o.WaitTimeout <= 0 {
		o.WaitTimeout = 30 * time.Second
	}
}

type suite struct {
	opts Options
	new  func(t *testing.T) runtime.Runtime
}

// Run runs the conformance suite. newRuntime returns a fresh runtime for one
// subtest (closing it, if needed, with t.Cleanup); the runtimes may share
// state on the machine, the suite names its sandboxes uniquely. The runtime
// must run on the wall clock: the suite waits for containers in real time.
func Run(t *testing.T, newRuntime func(t *testing.T) runtime.Runtime, opts Options) {
	opts.defaults()
	s := &suite{opts: opts, new: newRuntime}
	t.Run("VersionAndStatus", s.testVersionAndStatus)
	t.Run("SandboxLifecycle", s.testSandboxLifecycle)
	t.Run("ContainerLifecycle", s.testContainerLifecycle)
	t.Run("ExitCodes", s.testExitCodes)
	t.Run("OOMKilled", s.testOOM)
	t.Run("StopTimeout", s.testStopTimeout)
	t.Run("Logs", s.testLogs)
	t.Run("ExecSync", s.testExecSync)
	t.Run("Exec", s.testExec)
	t.Run("Stats", s.testStats)
	t.Run("ListFilters", s.testListFilters)
	t.Run("Images", s.testImages)
	t.Run("NotFound", s.testNotFound)
	t.Run("RemoveSandboxRemovesContainers", s.testRemoveSandboxRemovesContainers)
	t.Run("ConcurrentCreates", s.testConcurrent)
}

var sandboxSeq struct {
	sync.Mutex
	n int
}

func (s *suite) sandboxConfig(t *testing.T) *runtime.SandboxConfig {
	sandboxSeq.Lock()
	sandboxSeq.n++
	n := sandboxSeq.n
	sandboxSeq.Unlock()
	cfg := &runtime.SandboxConfig{
		Name:         fmt.Sprintf("rtt-%d-%d", os.Getpid(), n),
		Namespace:    "runtimetest",
		UID:          fmt.Sprintf("uid-%d-%d", os.Getpid(), n),
		LogDirectory: t.TempDir(),
		Labels:       map[string]string{"suite": "runtimetest"},
	}
	if s.opts.HostNetworkSandboxes {
		cfg.Linux = &runtime.LinuxSandboxConfig{HostNetwork: true}
	}
	return cfg
}

func (s *suite) runSandbox(t *testing.T, rt runtime.Runtime) (string, *runtime.SandboxConfig) {
	t.Helper()
	cfg := s.sandboxConfig(t)
	id, err := rt.RunPodSandbox(context.Background(), cfg)
	if err != nil {
		t.Fatalf("RunPodSandbox: %v", err)
	}
	t.Cleanup(func() { _ = rt.RemovePodSandbox(context.Background(), id) })
	return id, cfg
}

func containerConfig(name string, spec ContainerSpec) *runtime.ContainerConfig {
	return &runtime.ContainerConfig{
		Name:    name,
		Image:   spec.Image,
		Command: slices.Clone(spec.Command),
		Args:    slices.Clone(spec.Args),
		LogPath: logs.RelPath(name, 0),
		Labels:  map[string]string{"container": name},
	}
}

func (s *suite) create(t *testing.T, rt runtime.Runtime, sbID string, sbCfg *runtime.SandboxConfig, cfg *runtime.ContainerConfig) string {
	t.Helper()
	id, err := rt.CreateContainer(context.Background(), sbID, cfg, sbCfg)
	if err != nil {
		t.Fatalf("CreateContainer %s: %v", cfg.Name, err)
	}
	return id
}

func (s *suite) start(t *testing.T, rt runtime.Runtime, id string) {
	t.Helper()
	if err := rt.StartContainer(context.Background(), id); err != nil {
		t.Fatalf("StartContainer: %v", err)
	}
}

func status(t *testing.T, rt runtime.Runtime, id string) *runtime.ContainerStatus {
	t.Helper()
	st, err := rt.ContainerStatus(context.Background(), id)
	if err != nil {
		t.Fatalf("ContainerStatus: %v", err)
	}
	return st
}

// waitState polls the container until it is in state.
func (s *suite) waitState(t *testing.T, rt runtime.Runtime, id string, state runtime.ContainerState) *runtime.ContainerStatus {
	t.Helper()
	deadline := time.Now().Add(s.opts.WaitTimeout)
	for {
		st := status(t, rt, id)
		if st.State == state {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("container %s is still %s after %s, want %s", id, st.State, s.opts.WaitTimeout, state)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (s *suite) testVersionAndStatus(t *testing.T) {
	rt := s.new(t)
	v, err := rt.Version(context.Background())
	if err != nil {
		t.Fatalf("Version: %v", err)
	}
	if v.RuntimeName == "" || v.RuntimeVersion == "" {
		t.Errorf("Version = %+v, want a name and a version", v)
	}
	st, err := rt.Status(context.Background())
	if err != nil {
		t.Fatalf("Status: %v", err)
	}
	for _, c := range []string{runtime.RuntimeReady, runtime.NetworkReady} {
		if cond := st.Condition(c); cond == nil || !cond.Status {
			t.Errorf("Status condition %s = %+v, want true", c, cond)
		}
	}
}

func (s *suite) testSandboxLifecycle(t *testing.T) {
	ctx := context.Background()
	rt := s.new(t)
	cfg := s.sandboxConfig(t)
	id, err := rt.RunPodSandbox(ctx, cfg)
	if err != nil {
		t.Fatalf("RunPodSandbox: %v", err)
	}
	t.Cleanup(func() { _ = rt.RemovePodSandbox(ctx, id) })
	if _, err := rt.RunPodSandbox(ctx, cfg); !errors.Is(err, runtime.ErrAlreadyExists) || !apierrors.IsAlreadyExists(err) {
		t.Errorf("RunPodSandbox of the same name twice: %v, want ErrAlreadyExists", err)
	}
	st, err := rt.PodSandboxStatus(ctx, id)
	if err != nil {
		t.Fatalf("PodSandboxStatus: %v", err)
	}
	if st.ID != id || st.State != runtime.SandboxReady || st.Name != cfg.Name || st.Namespace != cfg.Namespace || st.UID != cfg.UID {
		t.Errorf("PodSandboxStatus = %+v, want ready %s named %s/%s", st, id, cfg.Namespace, cfg.Name)
	}
	if st.CreatedAt.IsZero() {
		t.Error("PodSandboxStatus: CreatedAt is zero")
	}
	if st.Labels["suite"] != "runtimetest" {
		t.Errorf("PodSandboxStatus labels %v, want suite=runtimetest", st.Labels)
	}
	if !s.opts.HostNetworkSandboxes {
		ip, err := netip.ParseAddr(st.IP)
		if err != nil {
			t.Errorf("sandbox IP %q: %v", st.IP, err)
		} else if s.opts.PodCIDR != "" && !netip.MustParsePrefix(s.opts.PodCIDR).Contains(ip) {
			t.Errorf("sandbox IP %s not in the pod CIDR %s", ip, s.opts.PodCIDR)
		}
		// A second sandbox gets another IP.
		id2, _ := s.runSandbox(t, rt)
		st2, err := rt.PodSandboxStatus(ctx, id2)
		if err != nil {
			t.Fatal(err)
		}
		if st2.IP == st.IP {
			t.Errorf("two sandboxes share the IP %s", st.IP)
		}
	}
	list, err := rt.ListPodSandbox(ctx, &runtime.SandboxFilter{ID: id})
	if err != nil || len(list) != 1 || list[0].ID != id {
		t.Errorf("ListPodSandbox by id = %v, %v; want the sandbox", list, err)
	}
	for i := range 2 {
		if err := rt.StopPodSandbox(ctx, id); err != nil {
			t.Fatalf("StopPodSandbox (call %d): %v", i+1, err)
		}
	}
	if st, err := rt.PodSandboxStatus(ctx, id); err != nil || st.State != runtime.SandboxNotReady {
		t.Errorf("status after stop = %+v, %v; want NotReady", st, err)
	}
	if _, err := rt.CreateContainer(ctx, id, containerConfig("late", s.opts.Forever), cfg); err == nil {
		t.Error("CreateContainer in a stopped sandbox succeeded")
	}
	for i := range 2 {
		if err := rt.RemovePodSandbox(ctx, id); err != nil {
			t.Fatalf("RemovePodSandbox (call %d): %v", i+1, err)
		}
	}
	if _, err := rt.PodSandboxStatus(ctx, id); !errors.Is(err, runtime.ErrNotFound) || !apierrors.IsNotFound(err) {
		t.Errorf("PodSandboxStatus after remove: %v, want ErrNotFound", err)
	}
	if err := rt.StopPodSandbox(ctx, id); err != nil {
		t.Errorf("StopPodSandbox of a removed sandbox: %v, want success", err)
	}
	// The name is free again.
	id3, err := rt.RunPodSandbox(ctx, cfg)
	if err != nil {
		t.Fatalf("RunPodSandbox after remove: %v", err)
	}
	_ = rt.RemovePodSandbox(ctx, id3)
}

func (s *suite) testContainerLifecycle(t *testing.T) {
	ctx := context.Background()
	rt := s.new(t)
	sbID, sbCfg := s.runSandbox(t, rt)
	cfg := containerConfig("app", s.opts.Forever)
	cfg.Annotations = map[string]string{"note": "kept"}
	id := s.create(t, rt, sbID, sbCfg, cfg)
	if _, err := rt.CreateContainer(ctx, sbID, cfg, sbCfg); !errors.Is(err, runtime.ErrAlreadyExists) {
		t.Errorf("CreateContainer of the same name and attempt: %v, want ErrAlreadyExists", err)
	}
	st := status(t, rt, id)
	if st.State != runtime.ContainerCreated || st.SandboxID != sbID || st.Name != "app" || st.Image != cfg.Image || st.CreatedAt.IsZero() {
		t.Errorf("status after create = %+v, want Created in %s", st, sbID)
	}
	if st.ImageRef == "" {
		t.Error("status: empty ImageRef")
	}
	if st.Annotations["note"] != "kept" {
		t.Errorf("annotations %v, want note=kept", st.Annotations)
	}
	if err := rt.StopContainer(ctx, id, 0); err != nil {
		t.Errorf("StopContainer of a created container: %v, want success", err)
	}
	s.start(t, rt, id)
	st = s.waitState(t, rt, id, runtime.ContainerRunning)
	if st.StartedAt.IsZero() || st.PID <= 0 {
		t.Errorf("running status = %+v, want StartedAt and a PID", st)
	}
	if err := rt.StartContainer(ctx, id); !errors.Is(err, runtime.ErrFailedPrecondition) {
		t.Errorf("StartContainer twice: %v, want ErrFailedPrecondition", err)
	}
	if err := rt.StopContainer(ctx, id, s.opts.StopTimeout); err != nil {
		t.Fatalf("StopContainer: %v", err)
	}
	st = status(t, rt, id)
	if st.State != runtime.ContainerExited || st.FinishedAt.IsZero() || st.FinishedAt.Before(st.StartedAt) {
		t.Errorf("status after stop = %+v, want Exited with FinishedAt", st)
	}
	if err := rt.StopContainer(ctx, id, s.opts.StopTimeout); err != nil {
		t.Errorf("StopContainer of an exited container: %v, want success", err)
	}
	if err := rt.StartContainer(ctx, id); !errors.Is(err, runtime.ErrFailedPrecondition) {
		t.Errorf("StartContainer of an exited container: %v, want ErrFailedPrecondition", err)
	}
	for i := range 2 {
		if err := rt.RemoveContainer(ctx, id); err != nil {
			t.Fatalf("RemoveContainer (call %d): %v", i+1, err)
		}
	}
	if _, err := rt.ContainerStatus(ctx, id); !errors.Is(err, runtime.ErrNotFound) {
		t.Errorf("ContainerStatus after remove: %v, want ErrNotFound", err)
	}
	// Removing a running container kills it.
	id2 := s.create(t, rt, sbID, sbCfg, containerConfig("app2", s.opts.Forever))
	s.start(t, rt, id2)
	if err := rt.RemoveContainer(ctx, id2); err != nil {
		t.Errorf("RemoveContainer of a running container: %v", err)
	}
	if _, err := rt.ContainerStatus(ctx, id2); !errors.Is(err, runtime.ErrNotFound) {
		t.Errorf("ContainerStatus after removing a running container: %v, want ErrNotFound", err)
	}
}

func (s *suite) testExitCodes(t *testing.T) {
	rt := s.new(t)
	sbID, sbCfg := s.runSandbox(t, rt)
	tests := []struct {
		name   string
		spec   ContainerSpec
		code   int32
		reason string
	}{
		{"error", s.opts.Exit, int32(s.opts.ExitCode), runtime.ReasonError},
		{"completed", s.opts.Complete, 0, runtime.ReasonCompleted},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			id := s.create(t, rt, sbID, sbCfg, containerConfig("exit-"+tc.name, tc.spec))
			s.start(t, rt, id)
			st := s.waitState(t, rt, id, runtime.ContainerExited)
			if st.ExitCode != tc.code || st.Reason != tc.reason {
				t.Errorf("exited with code %d reason %q, want %d %q", st.ExitCode, st.Reason, tc.code, tc.reason)
			}
			if st.StartedAt.IsZero() || st.FinishedAt.Before(st.StartedAt) {
				t.Errorf("times: started %v finished %v", st.StartedAt, st.FinishedAt)
			}
			if st.PID != 0 {
				t.Errorf("exited container reports PID %d, want 0", st.PID)
			}
		})
	}
}

func (s *suite) testOOM(t *testing.T) {
	if s.opts.OOM == nil {
		t.Skip("Options.OOM not set")
	}
	rt := s.new(t)
	sbID, sbCfg := s.runSandbox(t, rt)
	cfg := containerConfig("oom", *s.opts.OOM)
	if s.opts.OOMMemoryLimit > 0 {
		cfg.Linux = &runtime.LinuxContainerConfig{Resources: &runtime.LinuxResources{MemoryLimitInBytes: s.opts.OOMMemoryLimit}}
	}
	id := s.create(t, rt, sbID, sbCfg, cfg)
	s.start(t, rt, id)
	st := s.waitState(t, rt, id, runtime.ContainerExited)
	if st.ExitCode != 137 || st.Reason != runtime.ReasonOOMKilled {
		t.Errorf("OOM container exited with code %d reason %q, want 137 OOMKilled", st.ExitCode, st.Reason)
	}
}

func (s *suite) testStopTimeout(t *testing.T) {
	ctx := context.Background()
	rt := s.new(t)
	sbID, sbCfg := s.runSandbox(t, rt)
	t.Run("SIGTERM", func(t *testing.T) {
		id := s.create(t, rt, sbID, sbCfg, containerConfig("term", s.opts.Forever))
		s.start(t, rt, id)
		s.waitState(t, rt, id, runtime.ContainerRunning)
		if err := rt.StopContainer(ctx, id, s.opts.WaitTimeout); err != nil {
			t.Fatalf("StopContainer: %v", err)
		}
		if st := status(t, rt, id); st.State != runtime.ContainerExited || st.ExitCode == 137 {
			t.Errorf("after SIGTERM: %s with code %d, want Exited by SIGTERM (not killed)", st.State, st.ExitCode)
		}
	})
	t.Run("SIGKILLAfterTimeout", func(t *testing.T) {
		id := s.create(t, rt, sbID, sbCfg, containerConfig("ignoreterm", s.opts.IgnoreTerm))
		s.start(t, rt, id)
		s.waitState(t, rt, id, runtime.ContainerRunning)
		// Give a shell time to install its trap.
		time.Sleep(200 * time.Millisecond)
		begin := time.Now()
		if err := rt.StopContainer(ctx, id, s.opts.StopTimeout); err != nil {
			t.Fatalf("StopContainer: %v", err)
		}
		if took := time.Since(begin); took < s.opts.StopTimeout {
			t.Errorf("StopContainer returned after %s, before the %s timeout: SIGTERM should have been ignored", took, s.opts.StopTimeout)
		}
		st := status(t, rt, id)
		if st.State != runtime.ContainerExited || st.ExitCode != 137 {
			t.Errorf("after the timeout: %s with code %d, want Exited 137 (SIGKILL)", st.State, st.ExitCode)
		}
	})
	t.Run("ZeroTimeoutKills", func(t *testing.T) {
		id := s.create(t, rt, sbID, sbCfg, containerConfig("zero", s.opts.IgnoreTerm))
		s.start(t, rt, id)
		s.waitState(t, rt, id, runtime.ContainerRunning)
		if err := rt.StopContainer(ctx, id, 0); err != nil {
			t.Fatalf("StopContainer: %v", err)
		}
		if st := status(t, rt, id); st.State != runtime.ContainerExited || st.ExitCode != 137 {
			t.Errorf("after a zero-timeout stop: %s with code %d, want Exited 137", st.State, st.ExitCode)
		}
	})
}

func (s *suite) testLogs(t *testing.T) {
	ctx := context.Background()
	rt := s.new(t)
	sbID, sbCfg := s.runSandbox(t, rt)
	cfg := containerConfig("logs", s.opts.Logs)
	id := s.create(t, rt, sbID, sbCfg, cfg)
	begin := time.Now().Add(-time.Second)
	s.start(t, rt, id)

	// Follow the log while the container runs.
	var followed bytes.Buffer
	st := status(t, rt, id)
	wantPath := filepath.Join(sbCfg.LogDirectory, cfg.LogPath)
	if st.LogPath != wantPath {
		t.Fatalf("status LogPath %q, want %q", st.LogPath, wantPath)
	}
	running := func() bool {
		st, err := rt.ContainerStatus(ctx, id)
		return err == nil && st.State != runtime.ContainerExited
	}
	followCtx, cancel := context.WithTimeout(ctx, s.opts.WaitTimeout)
	defer cancel()
	for {
		if _, err := os.Stat(st.LogPath); err == nil || !running() {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := logs.Read(followCtx, st.LogPath, logs.ReadOptions{Follow: true, Running: running, PollInterval: 10 * time.Millisecond}, &followed, &followed); err != nil {
		t.Fatalf("following the log: %v", err)
	}
	want := s.opts.LogStdout + "\n" + s.opts.LogStderr + "\n"
	if followed.String() != want {
		t.Errorf("followed log %q, want %q", followed.String(), want)
	}
	s.waitState(t, rt, id, runtime.ContainerExited)

	entries, err := logs.ReadEntries(st.LogPath)
	if err != nil {
		t.Fatalf("the log is not in the CRI format: %v", err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, string(e.Stream)+" "+string(e.Text))
		if e.Time.Before(begin) || e.Time.After(time.Now().Add(time.Second)) {
			t.Errorf("entry %q has time %v, not during the test", e.Text, e.Time)
		}
	}
	if wantEntries := []string{"stdout " + s.opts.LogStdout, "stderr " + s.opts.LogStderr}; !slices.Equal(got, wantEntries) {
		t.Errorf("log entries %q, want %q", got, wantEntries)
	}

	var out, errs bytes.Buffer
	if err := logs.Read(ctx, st.LogPath, logs.ReadOptions{Tail: 1}, &out, &errs); err != nil {
		t.Fatal(err)
	}
	if out.String() != "" || errs.String() != s.opts.LogStderr+"\n" {
		t.Errorf("tail 1: stdout %q stderr %q, want only the stderr line", out.String(), errs.String())
	}
	out.Reset()
	errs.Reset()
	if err := logs.Read(ctx, st.LogPath, logs.ReadOptions{Since: entries[1].Time}, &out, &errs); err != nil {
		t.Fatal(err)
	}
	if errs.String() != s.opts.LogStderr+"\n" {
		t.Errorf("since the last entry: stderr %q, want %q", errs.String(), s.opts.LogStderr+"\n")
	}
	if !entries[0].Time.Equal(entries[1].Time) && out.String() != "" {
		t.Errorf("since the last entry: stdout %q, want nothing", out.String())
	}
}

func (s *suite) runningForever(t *testing.T, rt runtime.Runtime, name string) string {
	t.Helper()
	sbID, sbCfg := s.runSandbox(t, rt)
	id := s.create(t, rt, sbID, sbCfg, containerConfig(name, s.opts.Forever))
	s.start(t, rt, id)
	s.waitState(t, rt, id, runtime.ContainerRunning)
	return id
}

func (s *suite) testExecSync(t *testing.T) {
	ctx := context.Background()
	rt := s.new(t)
	id := s.runningForever(t, rt, "exec")
	res, err := rt.ExecSync(ctx, id, s.opts.ExecEcho, s.opts.WaitTimeout)
	if err != nil {
		t.Fatalf("ExecSync %q: %v", s.opts.ExecEcho, err)
	}
	if string(res.Stdout) != s.opts.ExecEchoOutput+"\n" || res.ExitCode != 0 {
		t.Errorf("ExecSync %q = stdout %q code %d, want %q and 0", s.opts.ExecEcho, res.Stdout, res.ExitCode, s.opts.ExecEchoOutput+"\n")
	}
	res, err = rt.ExecSync(ctx, id, s.opts.ExecFail, s.opts.WaitTimeout)
	if err != nil {
		t.Fatalf("ExecSync %q: %v", s.opts.ExecFail, err)
	}
	if res.ExitCode != s.opts.ExecFailCode {
		t.Errorf("ExecSync %q exit code %d, want %d", s.opts.ExecFail, res.ExitCode, s.opts.ExecFailCode)
	}
	begin := time.Now()
	_, err = rt.ExecSync(ctx, id, s.opts.ExecSlow, s.opts.ExecTimeout)
	if !errors.Is(err, runtime.ErrTimeout) || !errors.Is(err, apierrors.ErrTimeout) {
		t.Errorf("ExecSync %q with timeout %s: %v, want ErrTimeout", s.opts.ExecSlow, s.opts.ExecTimeout, err)
	}
	if took := time.Since(begin); took > s.opts.WaitTimeout {
		t.Errorf("ExecSync with timeout %s took %s", s.opts.ExecTimeout, took)
	}
	// The container is still running after the timed-out exec.
	if st := status(t, rt, id); st.State != runtime.ContainerRunning {
		t.Errorf("container is %s after a timed-out exec, want Running", st.State)
	}
	if err := rt.StopContainer(ctx, id, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := rt.ExecSync(ctx, id, s.opts.ExecEcho, s.opts.WaitTimeout); err == nil {
		t.Error("ExecSync in an exited container succeeded")
	}
}

func (s *suite) testExec(t *testing.T) {
	ctx := context.Background()
	rt := s.new(t)
	id := s.runningForever(t, rt, "exec-stream")
	var out, errs bytes.Buffer
	code, err := rt.Exec(ctx, id, runtime.ExecRequest{Cmd: s.opts.ExecEcho, Stdout: &out, Stderr: &errs})
	if err != nil || code != 0 || out.String() != s.opts.ExecEchoOutput+"\n" {
		t.Errorf("Exec %q = %d, %v, stdout %q; want 0 and %q", s.opts.ExecEcho, code, err, out.String(), s.opts.ExecEchoOutput+"\n")
	}
	code, err = rt.Exec(ctx, id, runtime.ExecRequest{Cmd: s.opts.ExecFail, Stdout: &out, Stderr: &errs})
	if err != nil || code != s.opts.ExecFailCode {
		t.Errorf("Exec %q = %d, %v; want %d", s.opts.ExecFail, code, err, s.opts.ExecFailCode)
	}
	if s.opts.ExecCat != nil {
		out.Reset()
		code, err = rt.Exec(ctx, id, runtime.ExecRequest{Cmd: s.opts.ExecCat, Stdin: strings.NewReader("piped\n"), Stdout: &out, Stderr: &errs})
		if err != nil || code != 0 || out.String() != "piped\n" {
			t.Errorf("Exec %q with stdin = %d, %v, stdout %q; want 0 and %q", s.opts.ExecCat, code, err, out.String(), "piped\n")
		}
	}
}

func (s *suite) testStats(t *testing.T) {
	rt := s.new(t)
	id := s.runningForever(t, rt, "stats")
	st, err := rt.ContainerStats(context.Background(), id)
	if err != nil {
		t.Fatalf("ContainerStats: %v", err)
	}
	if st.ID != id || st.Timestamp.IsZero() {
		t.Errorf("ContainerStats = %+v, want the container's id and a timestamp", st)
	}
}

func (s *suite) testListFilters(t *testing.T) {
	ctx := context.Background()
	rt := s.new(t)
	sb1, cfg1 := s.runSandbox(t, rt)
	sb2, cfg2 := s.runSandbox(t, rt)
	a := s.create(t, rt, sb1, cfg1, containerConfig("a", s.opts.Forever))
	b := s.create(t, rt, sb1, cfg1, containerConfig("b", s.opts.Forever))
	c := s.create(t, rt, sb2, cfg2, containerConfig("c", s.opts.Forever))
	s.start(t, rt, b)
	s.waitState(t, rt, b, runtime.ContainerRunning)
	ids := func(f *runtime.ContainerFilter) []string {
		t.Helper()
		list, err := rt.ListContainers(ctx, f)
		if err != nil {
			t.Fatalf("ListContainers(%+v): %v", f, err)
		}
		var out []string
		for _, c := range list {
			if c.SandboxID == sb1 || c.SandboxID == sb2 {
				out = append(out, c.ID)
			}
		}
		slices.Sort(out)
		return out
	}
	sorted := func(s ...string) []string { slices.Sort(s); return s }
	tests := []struct {
		name   string
		filter *runtime.ContainerFilter
		want   []string
	}{
		{"all", nil, sorted(a, b, c)},
		{"by id", &runtime.ContainerFilter{ID: c}, []string{c}},
		{"by sandbox", &runtime.ContainerFilter{SandboxID: sb1}, sorted(a, b)},
		{"by state", &runtime.ContainerFilter{State: runtime.ContainerRunning}, []string{b}},
		{"by label", &runtime.ContainerFilter{LabelSelector: map[string]string{"container": "a"}}, []string{a}},
		{"by sandbox and state", &runtime.ContainerFilter{SandboxID: sb2, State: runtime.ContainerRunning}, nil},
		{"unknown id", &runtime.ContainerFilter{ID: "0000"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ids(tc.filter); !slices.Equal(got, tc.want) {
				t.Errorf("ListContainers = %v, want %v", got, tc.want)
			}
		})
	}
	if err := rt.StopPodSandbox(ctx, sb2); err != nil {
		t.Fatal(err)
	}
	list, err := rt.ListPodSandbox(ctx, &runtime.SandboxFilter{State: runtime.SandboxReady, LabelSelector: map[string]string{"suite": "runtimetest"}})
	if err != nil {
		t.Fatal(err)
	}
	var ready []string
	for _, sb := range list {
		if sb.ID == sb1 || sb.ID == sb2 {
			ready = append(ready, sb.ID)
		}
	}
	if !slices.Equal(ready, []string{sb1}) {
		t.Errorf("ready sandboxes %v, want [%s]", ready, sb1)
	}
	list, err = rt.ListPodSandbox(ctx, &runtime.SandboxFilter{LabelSelector: map[string]string{"suite": "other"}})
	if err != nil || len(list) != 0 {
		t.Errorf("ListPodSandbox with a label nobody has = %v, %v; want none", list, err)
	}
}

// packImage returns an image archive made with runtime/images.
func packImage(t *testing.T, name string) []byte {
	t.Helper()
	file := filepath.Join(t.TempDir(), "hello.txt")
	if err := os.WriteFile(file, []byte("hello from "+name+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := images.Pack(images.PackOptions{Name: name, From: file, Entrypoint: []string{"/hello.txt"}, ExposedPorts: []string{"8080"}}, &buf); err != nil {
		t.Fatalf("Pack: %v", err)
	}
	return buf.Bytes()
}

func (s *suite) testImages(t *testing.T) {
	ctx := context.Background()
	rt := s.new(t)
	name := fmt.Sprintf("gantry.local/runtimetest/hello:%d", os.Getpid())
	imported, err := rt.ImportImage(ctx, bytes.NewReader(packImage(t, name)))
	if err != nil {
		t.Fatalf("ImportImage: %v", err)
	}
	if len(imported) != 1 || !slices.Contains(imported[0].RepoTags, name) || !strings.HasPrefix(imported[0].ID, "sha256:") {
		t.Fatalf("ImportImage = %+v, want one image tagged %s", imported, name)
	}
	id := imported[0].ID
	t.Cleanup(func() { _ = rt.RemoveImage(ctx, id) })
	list, err := rt.ListImages(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, img := range list {
		found = found || img.ID == id
	}
	if !found {
		t.Errorf("ListImages does not have the imported image %s", id)
	}
	if list, err := rt.ListImages(ctx, &runtime.ImageFilter{Ref: name}); err != nil || len(list) != 1 || list[0].ID != id {
		t.Errorf("ListImages by ref = %v, %v; want the imported image", list, err)
	}
	for _, ref := range []string{name, id} {
		img, err := rt.ImageStatus(ctx, ref)
		if err != nil {
			t.Fatalf("ImageStatus(%s): %v", ref, err)
		}
		if img.ID != id || !slices.Contains(img.Config.Entrypoint, "/hello.txt") || !slices.Contains(img.Config.ExposedPorts, "8080/tcp") {
			t.Errorf("ImageStatus(%s) = %+v, want id %s, entrypoint /hello.txt and port 8080/tcp", ref, img, id)
		}
	}
	// Importing twice is idempotent.
	if _, err := rt.ImportImage(ctx, bytes.NewReader(packImage(t, name))); err != nil {
		t.Errorf("ImportImage twice: %v", err)
	}
	if _, err := rt.ImportImage(ctx, strings.NewReader("not an archive")); err == nil {
		t.Error("ImportImage of garbage succeeded")
	}
	if id2, err := rt.PullImage(ctx, name, nil); err == nil && id2 != id {
		t.Errorf("PullImage of a present image = %s, want %s", id2, id)
	}
	for i := range 2 {
		if err := rt.RemoveImage(ctx, name); err != nil {
			t.Fatalf("RemoveImage (call %d): %v", i+1, err)
		}
	}
	if _, err := rt.ImageStatus(ctx, name); !errors.Is(err, runtime.ErrNotFound) {
		t.Errorf("ImageStatus after remove: %v, want ErrNotFound", err)
	}
}

func (s *suite) testNotFound(t *testing.T) {
	ctx := context.Background()
	rt := s.new(t)
	const unknown = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	check := func(op string, err error) {
		t.Helper()
		if !errors.Is(err, runtime.ErrNotFound) || !apierrors.IsNotFound(err) {
			t.Errorf("%s of an unknown id: %v, want ErrNotFound", op, err)
		} else if !strings.Contains(err.Error(), unknown) && !strings.Contains(err.Error(), "unknown-image") {
			t.Errorf("%s: error %q does not name the id", op, err)
		}
	}
	_, err := rt.PodSandboxStatus(ctx, unknown)
	check("PodSandboxStatus", err)
	_, err = rt.CreateContainer(ctx, unknown, containerConfig("x", s.opts.Forever), s.sandboxConfig(t))
	check("CreateContainer", err)
	check("StartContainer", rt.StartContainer(ctx, unknown))
	check("StopContainer", rt.StopContainer(ctx, unknown, 0))
	_, err = rt.ContainerStatus(ctx, unknown)
	check("ContainerStatus", err)
	_, err = rt.ExecSync(ctx, unknown, s.opts.ExecEcho, time.Second)
	check("ExecSync", err)
	_, err = rt.Exec(ctx, unknown, runtime.ExecRequest{Cmd: s.opts.ExecEcho})
	check("Exec", err)
	_, err = rt.ContainerStats(ctx, unknown)
	check("ContainerStats", err)
	_, err = rt.ImageStatus(ctx, "gantry.local/unknown-image:0")
	check("ImageStatus", err)
	sbID, sbCfg := s.runSandbox(t, rt)
	_, err = rt.CreateContainer(ctx, sbID, &runtime.ContainerConfig{Name: "x", Image: "gantry.local/unknown-image:0"}, sbCfg)
	check("CreateContainer with an unknown image", err)
	for op, err := range map[string]error{
		"RemoveContainer":  rt.RemoveContainer(ctx, unknown),
		"StopPodSandbox":   rt.StopPodSandbox(ctx, unknown),
		"RemovePodSandbox": rt.RemovePodSandbox(ctx, unknown),
		"RemoveImage":      rt.RemoveImage(ctx, "gantry.local/unknown-image:0"),
	} {
		if err != nil {
			t.Errorf("%s of an unknown id: %v, want success", op, err)
		}
	}
	if _, err := rt.RunPodSandbox(ctx, nil); !errors.Is(err, runtime.ErrInvalid) {
		t.Errorf("RunPodSandbox(nil): %v, want ErrInvalid", err)
	}
}

func (s *suite) testRemoveSandboxRemovesContainers(t *testing.T) {
	ctx := context.Background()
	rt := s.new(t)
	sbID, sbCfg := s.runSandbox(t, rt)
	a := s.create(t, rt, sbID, sbCfg, containerConfig("a", s.opts.Forever))
	b := s.create(t, rt, sbID, sbCfg, containerConfig("b", s.opts.Forever))
	s.start(t, rt, a)
	s.waitState(t, rt, a, runtime.ContainerRunning)
	if err := rt.StopPodSandbox(ctx, sbID); err != nil {
		t.Fatal(err)
	}
	if st := status(t, rt, a); st.State != runtime.ContainerExited {
		t.Errorf("container of a stopped sandbox is %s, want Exited", st.State)
	}
	if err := rt.RemovePodSandbox(ctx, sbID); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{a, b} {
		if _, err := rt.ContainerStatus(ctx, id); !errors.Is(err, runtime.ErrNotFound) {
			t.Errorf("container %s after its sandbox was removed: %v, want ErrNotFound", id, err)
		}
	}
}

func (s *suite) testConcurrent(t *testing.T) {
	ctx := context.Background()
	rt := s.new(t)
	const workers, perSandbox = 8, 3
	type result struct {
		sb  string
		ids []string
	}
	results := make([]result, workers)
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		cfg := s.sandboxConfig(t)
		wg.Add(1)
		go func() {
			defer wg.Done()
			sb, err := rt.RunPodSandbox(ctx, cfg)
			if err != nil {
				errs <- err
				return
			}
			results[w].sb = sb
			for i := range perSandbox {
				id, err := rt.CreateContainer(ctx, sb, containerConfig(fmt.Sprintf("c%d", i), s.opts.Forever), cfg)
				if err != nil {
					errs <- err
					return
				}
				if err := rt.StartContainer(ctx, id); err != nil {
					errs <- err
					return
				}
				results[w].ids = append(results[w].ids, id)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent create: %v", err)
	}
	seen := map[string]bool{}
	for _, r := range results {
		if r.sb == "" {
			continue
		}
		t.Cleanup(func() { _ = rt.RemovePodSandbox(ctx, r.sb) })
		list, err := rt.ListContainers(ctx, &runtime.ContainerFilter{SandboxID: r.sb})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != perSandbox {
			t.Errorf("sandbox %s has %d containers, want %d", r.sb, len(list), perSandbox)
		}
		for _, id := range r.ids {
			if seen[id] {
				t.Errorf("container id %s given twice", id)
			}
			seen[id] = true
		}
	}
}
