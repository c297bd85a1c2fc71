package controllertest

import (
	"context"
	"io"
	"log/slog"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gantryhq/gantry/controllers"
	"github.com/gantryhq/gantry/sdk/admission/plugins"
	"github.com/gantryhq/gantry/sdk/api/builtin"
	"github.com/gantryhq/gantry/sdk/api/registry"
	"github.com/gantryhq/gantry/sdk/apiserver"
	"github.com/gantryhq/gantry/sdk/apiserver/apiservertest"
	"github.com/gantryhq/gantry/sdk/client"
)

// Env is an API server running in process with a loopback client.
type Env struct {
	Server   *apiserver.Server
	Client   *client.Client
	Registry *registry.Registry
}

// Logger returns a logger for tests: silent unless GANTRY_TEST_LOG is set.
func Logger() *slog.Logger {
	if os.Getenv("GANTRY_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// NewEnv starts an API server with the default admission plugins over reg
// (the built-in kinds when nil) and stops it when the test ends.
func NewEnv(t testing.TB, reg *registry.Registry) *Env {
	t.Helper()
	if reg == nil {
		var err error
		if reg, err = builtin.NewRegistry(); err != nil {
			t.Fatal(err)
		}
	}
	e := apiservertest.Start(t, apiserver.Config{
		Registry:          reg,
		Logger:            Logger(),
		AdmissionRegistry: plugins.NewRegistry(),
		AdmissionPlugins:  plugins.Default(),
	})
	return &Env{Server: e.Server, Client: e.Client, Registry: reg}
}

// NewManager returns a manager over the env's client with a test logger.
func (e *Env) NewManager(t testing.TB, opts controllers.Options) *controllers.Manager {
	t.Helper()
	opts.Client = e.Client
	if opts.Logger == nil {
		opts.Logger = Logger()
	}
	if opts.CacheSyncTimeout == 0 {
		opts.CacheSyncTimeout = 20 * time.Second
	}
	mgr, err := controllers.NewManager(opts)
	if err != nil {
		t.Fatal(err)
	}
	return mgr
}

// Run starts mgr and returns a stop function that cancels it and waits for
// Start to return (reporting its error); stop also runs when the test ends.
func Run(t testing.TB, mgr *controllers.Manager) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- mgr.Start(ctx) }()
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("manager: %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Errorf("the manager did not stop within 30 s")
		}
	}
	t.Cleanup(stop)
	return stop
}

// StartManager builds a manager, lets add add controllers to it, and runs it.
func (e *Env) StartManager(t testing.TB, add func(mgr *controllers.Manager) error) *controllers.Manager {
	t.Helper()
	mgr := e.NewManager(t, controllers.Options{})
	if err := add(mgr); err != nil {
		t.Fatal(err)
	}
	Run(t, mgr)
	return mgr
}

// Eventually polls cond every 20 ms until it returns nil; it fails the test
// with cond's last error after timeout (a guard against hangs, not a
// timing goal).
func Eventually(t testing.TB, timeout time.Duration, cond func() error) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		err := cond()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("condition not met after %v: %v", timeout, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// CheckGoroutines records the number of goroutines and, when the test
// ends (after every cleanup registered later), waits up to 10 s for it to
// come back, failing with the goroutines' stacks otherwise. Call it first.
func CheckGoroutines(t testing.TB) {
	t.Helper()
	before := runtime.NumGoroutine()
	t.Cleanup(func() {
		deadline := time.Now().Add(10 * time.Second)
		for {
			now := runtime.NumGoroutine()
			if now <= before {
				return
			}
			if time.Now().After(deadline) {
				buf := make([]byte, 1<<20)
				n := runtime.Stack(buf, true)
				t.Errorf("goroutine leak: %d goroutines before the test, %d after it\n%s", before, now, filterStacks(string(buf[:n])))
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
}

// filterStacks drops the testing framework's own goroutines.
func filterStacks(all string) string {
	var keep []string
	for _, g := range strings.Split(all, "\n\n") {
		if strings.Contains(g, "testing.(*T).Run") || strings.Contains(g, "testing.tRunner") && !strings.Contains(g, "gantry") {
			continue
		}
		keep = append(keep, g)
	}
	return strings.Join(keep, "\n\n")
}
