package fake_test

import (
	"context"
	"errors"
	"fmt"
	goruntime "runtime"
	"testing"
	"time"

	"github.com/gantryhq/gantry/runtime"
	"github.com/gantryhq/gantry/runtime/fake"
	"github.com/gantryhq/gantry/runtime/logs"
	"github.com/gantryhq/gantry/runtime/runtimetest"
)

const (
	imgForever = "gantry.local/test/forever:1"
	imgTerm    = "gantry.local/test/ignoreterm:1"
	imgExit    = "gantry.local/test/exit:1"
	imgDone    = "gantry.local/test/complete:1"
	imgLogs    = "gantry.local/test/logs:1"
	imgOOM     = "gantry.local/test/oom:1"
)

func suiteScripts() map[string]fake.Script {
	return map[string]fake.Script{
		imgForever: {Exec: map[string]fake.ExecResult{
			"echo hello exec": {Stdout: "hello exec\n"},
			"sh -c exit 7":    {ExitCode: 7},
			"sleep 30":        {Duration: 30 * time.Second},
			"cat":             {EchoStdin: true},
		}, MemoryBytes: 1 << 20},
		imgTerm: {IgnoreSIGTERM: true},
		imgExit: {ExitAfter: 50 * time.Millisecond, ExitCode: 3},
		imgDone: {ExitAfter: 50 * time.Millisecond},
		imgLogs: {ExitAfter: 50 * time.Millisecond, Logs: []fake.LogLine{{Text: "hello stdout"}, {Stream: logs.Stderr, Text: "hello stderr"}}},
		imgOOM:  {ExitAfter: 20 * time.Millisecond, OOM: true},
	}
}

func TestConformance(t *testing.T) {
	spec := func(image string) runtimetest.ContainerSpec { return runtimetest.ContainerSpec{Image: image} }
	opts := runtimetest.Options{
		Forever:        spec(imgForever),
		IgnoreTerm:     spec(imgTerm),
		Exit:           spec(imgExit),
		ExitCode:       3,
		Complete:       spec(imgDone),
		Logs:           spec(imgLogs),
		LogStdout:      "hello stdout",
		LogStderr:      "hello stderr",
		OOM:            &runtimetest.ContainerSpec{Image: imgOOM},
		ExecEcho:       []string{"echo", "hello exec"},
		ExecEchoOutput: "hello exec",
		ExecFail:       []string{"sh", "-c", "exit 7"},
		ExecFailCode:   7,
		ExecSlow:       []string{"sleep", "30"},
		ExecCat:        []string{"cat"},
		StopTimeout:    200 * time.Millisecond,
		ExecTimeout:    100 * time.Millisecond,
		PodCIDR:        "10.88.0.0/16",
	}
	runtimetest.Run(t, func(t *testing.T) runtime.Runtime {
		rt, err := fake.New(fake.Options{
			PodCIDR: "10.88.0.0/16",
			Images:  []string{imgForever, imgTerm, imgExit, imgDone, imgLogs, imgOOM},
			Scripts: suiteScripts(),
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { rt.Close() })
		return rt
	}, opts)
}

var t0 = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

func newManual(t testing.TB, scripts map[string]fake.Script) (*fake.Runtime, *fake.ManualClock, string) {
	t.Helper()
	clock := fake.NewManualClock(t0)
	rt, err := fake.New(fake.Options{Clock: clock, Images: []string{"app"}, Scripts: scripts, PodCIDR: "10.1.0.0/24"})
	if err != nil {
		t.Fatal(err)
	}
	sb, err := rt.RunPodSandbox(context.Background(), &runtime.SandboxConfig{Name: "pod", Namespace: "default", UID: "u1"})
	if err != nil {
		t.Fatal(err)
	}
	return rt, clock, sb
}

func run(t *testing.T, rt *fake.Runtime, sb, name string) string {
	t.Helper()
	id, err := rt.CreateContainer(context.Background(), sb, &runtime.ContainerConfig{Name: name, Image: "app"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := rt.StartContainer(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	return id
}

func state(t *testing.T, rt *fake.Runtime, id string) *runtime.ContainerStatus {
	t.Helper()
	st, err := rt.ContainerStatus(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestScripts(t *testing.T) {
	tests := []struct {
		name    string
		script  fake.Script
		advance time.Duration
		before  runtime.ContainerState // state before advance
		after   runtime.ContainerState
		code    int32
		reason  string
	}{
		{"runs forever", fake.Script{}, time.Hour, runtime.ContainerRunning, runtime.ContainerRunning, 0, ""},
		{"exit after", fake.Script{ExitAfter: 10 * time.Second, ExitCode: 2}, 10 * time.Second, runtime.ContainerRunning, runtime.ContainerExited, 2, runtime.ReasonError},
		{"completes", fake.Script{ExitAfter: time.Second}, time.Second, runtime.ContainerRunning, runtime.ContainerExited, 0, runtime.ReasonCompleted},
		{"not yet", fake.Script{ExitAfter: 10 * time.Second, ExitCode: 2}, 9 * time.Second, runtime.ContainerRunning, runtime.ContainerRunning, 0, ""},
		{"crash loop", fake.Script{CrashLoop: true, ExitCode: 1}, 0, runtime.ContainerExited, runtime.ContainerExited, 1, runtime.ReasonError},
		{"slow start", fake.Script{StartDelay: 5 * time.Second}, 5 * time.Second, runtime.ContainerCreated, runtime.ContainerRunning, 0, ""},
		{"slow start then exit", fake.Script{StartDelay: 5 * time.Second, ExitAfter: time.Second, ExitCode: 4}, 6 * time.Second, runtime.ContainerCreated, runtime.ContainerExited, 4, runtime.ReasonError},
		{"oom", fake.Script{ExitAfter: 3 * time.Second, OOM: true}, 3 * time.Second, runtime.ContainerRunning, runtime.ContainerExited, 137, runtime.ReasonOOMKilled},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rt, clock, sb := newManual(t, map[string]fake.Script{"app": tc.script})
			id := run(t, rt, sb, "c")
			if st := state(t, rt, id); st.State != tc.before {
				t.Fatalf("before advancing: %s, want %s", st.State, tc.before)
			}
			clock.Advance(tc.advance)
			st := state(t, rt, id)
			if st.State != tc.after || st.ExitCode != tc.code || st.Reason != tc.reason {
				t.Errorf("after %s: %s code %d reason %q, want %s %d %q", tc.advance, st.State, st.ExitCode, st.Reason, tc.after, tc.code, tc.reason)
			}
			if st.State == runtime.ContainerExited && tc.before != runtime.ContainerExited && !st.FinishedAt.Equal(t0.Add(tc.advance)) {
				t.Errorf("FinishedAt %v, want %v (the manual clock's time of exit)", st.FinishedAt, t0.Add(tc.advance))
			}
		})
	}
}

func TestScriptByContainerNameWins(t *testing.T) {
	rt, _, sb := newManual(t, map[string]fake.Script{"app": {}, "crasher": {CrashLoop: true, ExitCode: 9}})
	if st := state(t, rt, run(t, rt, sb, "crasher")); st.ExitCode != 9 {
		t.Errorf("container named crasher exited %d, want 9 from its name's script", st.ExitCode)
	}
	if st := state(t, rt, run(t, rt, sb, "other")); st.State != runtime.ContainerRunning {
		t.Errorf("container other is %s, want Running from the image's script", st.State)
	}
}

func TestStopIgnoringSIGTERMWithManualClock(t *testing.T) {
	rt, clock, sb := newManual(t, map[string]fake.Script{"app": {IgnoreSIGTERM: true}})
	id := run(t, rt, sb, "c")
	done := make(chan error, 1)
	before := clock.Pending()
	go func() { done <- rt.StopContainer(context.Background(), id, 30*time.Second) }()
	for clock.Pending() == before {
		time.Sleep(time.Millisecond)
	}
	clock.Advance(29 * time.Second)
	if st := state(t, rt, id); st.State != runtime.ContainerRunning {
		t.Fatalf("before the grace period ended: %s, want Running", st.State)
	}
	clock.Advance(time.Second)
	if err := <-done; err != nil {
		t.Fatalf("StopContainer: %v", err)
	}
	st := state(t, rt, id)
	if st.ExitCode != 137 || !st.FinishedAt.Equal(t0.Add(30*time.Second)) {
		t.Errorf("stopped with code %d at %v, want 137 at %v", st.ExitCode, st.FinishedAt, t0.Add(30*time.Second))
	}
}

func TestStopContextEnds(t *testing.T) {
	rt, _, sb := newManual(t, map[string]fake.Script{"app": {IgnoreSIGTERM: true}})
	id := run(t, rt, sb, "c")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := rt.StopContainer(ctx, id, time.Minute); !errors.Is(err, context.Canceled) {
		t.Errorf("StopContainer with a cancelled context: %v, want context.Canceled", err)
	}
}

func TestSandboxIPs(t *testing.T) {
	ctx := context.Background()
	rt, err := fake.New(fake.Options{PodCIDR: "10.9.0.0/29"})
	if err != nil {
		t.Fatal(err)
	}
	var ips []string
	var ids []string
	for i := range 5 {
		id, err := rt.RunPodSandbox(ctx, &runtime.SandboxConfig{Name: fmt.Sprint(i)})
		if err != nil {
			t.Fatalf("sandbox %d: %v", i, err)
		}
		st, _ := rt.PodSandboxStatus(ctx, id)
		ips = append(ips, st.IP)
		ids = append(ids, id)
	}
	want := []string{"10.9.0.2", "10.9.0.3", "10.9.0.4", "10.9.0.5", "10.9.0.6"}
	if fmt.Sprint(ips) != fmt.Sprint(want) {
		t.Errorf("IPs %v, want %v", ips, want)
	}
	if _, err := rt.RunPodSandbox(ctx, &runtime.SandboxConfig{Name: "full"}); !errors.Is(err, runtime.ErrUnavailable) {
		t.Errorf("sandbox in a full CIDR: %v, want ErrUnavailable", err)
	}
	if err := rt.RemovePodSandbox(ctx, ids[1]); err != nil {
		t.Fatal(err)
	}
	id, err := rt.RunPodSandbox(ctx, &runtime.SandboxConfig{Name: "again"})
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := rt.PodSandboxStatus(ctx, id); st.IP != "10.9.0.3" {
		t.Errorf("reused IP %s, want 10.9.0.3", st.IP)
	}
	if _, err := fake.New(fake.Options{PodCIDR: "10.0.0.1/32"}); !errors.Is(err, runtime.ErrInvalid) {
		t.Errorf("New with a /32: %v, want ErrInvalid", err)
	}
}

func TestDeterministicIDs(t *testing.T) {
	ids := func() []string {
		rt, _, sb := newManual(t, nil)
		return []string{sb, run(t, rt, sb, "a"), run(t, rt, sb, "b")}
	}
	if a, b := ids(), ids(); fmt.Sprint(a) != fmt.Sprint(b) {
		t.Errorf("two runs gave ids %v and %v", a, b)
	}
}

func TestShortImageNames(t *testing.T) {
	ctx := context.Background()
	rt, err := fake.New(fake.Options{Images: []string{"busybox"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, ref := range []string{"busybox", "busybox:latest", "docker.io/library/busybox:latest", "library/busybox"} {
		if _, err := rt.ImageStatus(ctx, ref); err != nil {
			t.Errorf("ImageStatus(%s): %v", ref, err)
		}
	}
	if _, err := rt.PullImage(ctx, "nginx", nil); !errors.Is(err, runtime.ErrNotSupported) {
		t.Errorf("PullImage of an absent image: %v, want ErrNotSupported", err)
	}
}

// BenchmarkCreateStart100k creates and starts 100,000 containers (10 per
// sandbox) in one fake runtime and reports the time and the heap memory per
// container. Run with -benchtime=1x.
func BenchmarkCreateStart100k(b *testing.B) {
	const n, perSandbox = 100_000, 10
	ctx := context.Background()
	for b.Loop() {
		goruntime.GC()
		var before, after goruntime.MemStats
		goruntime.ReadMemStats(&before)
		rt, err := fake.New(fake.Options{Images: []string{"app"}, Scripts: map[string]fake.Script{"app": {ExitAfter: time.Hour}}})
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		var sb string
		sbCfg := &runtime.SandboxConfig{Namespace: "bench"}
		cfg := &runtime.ContainerConfig{Image: "app", Labels: map[string]string{"app": "bench"}}
		for i := range n {
			if i%perSandbox == 0 {
				sbCfg.Name = fmt.Sprint("pod-", i)
				if sb, err = rt.RunPodSandbox(ctx, sbCfg); err != nil {
					b.Fatal(err)
				}
			}
			cfg.Name = fmt.Sprint("c", i%perSandbox)
			id, err := rt.CreateContainer(ctx, sb, cfg, sbCfg)
			if err != nil {
				b.Fatal(err)
			}
			if err := rt.StartContainer(ctx, id); err != nil {
				b.Fatal(err)
			}
		}
		elapsed := time.Since(start)
		goruntime.GC()
		goruntime.ReadMemStats(&after)
		b.ReportMetric(float64(elapsed.Nanoseconds())/n, "ns/container")
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/n, "B/container")
		b.ReportMetric(float64(goruntime.NumGoroutine()), "goroutines")
		goruntime.KeepAlive(rt)
		rt.Close()
	}
}

func TestChurnDoesNotGrowTheEventHeap(t *testing.T) {
	ctx := context.Background()
	rt, _, sb := newManual(t, map[string]fake.Script{"app": {ExitAfter: time.Hour}})
	for i := range 5000 {
		id := run(t, rt, sb, fmt.Sprint("c", i))
		if err := rt.RemoveContainer(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	if n := fake.PendingEvents(rt); n > 100 {
		t.Errorf("%d events pending after 5,000 containers were created and removed, want at most 100", n)
	}
}
