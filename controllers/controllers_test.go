package controllers_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/controllers"
	"github.com/gantryhq/gantry/controllers/builtin"
	"github.com/gantryhq/gantry/controllers/garbagecollector"
	"github.com/gantryhq/gantry/controllers/internal/controllertest"
	sdkbuiltin "github.com/gantryhq/gantry/sdk/api/builtin"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/client"
	"github.com/gantryhq/gantry/sdk/client/workqueue"
)

const wait = 20 * time.Second

// A product's own kind gets its controller the way built-in kinds do, and
// the built-in garbage collector handles its ownership too.
func TestCustomKindController(t *testing.T) {
	controllertest.CheckGoroutines(t)
	reg, err := sdkbuiltin.NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	if err := addWidget(reg); err != nil {
		t.Fatal(err)
	}
	env := controllertest.NewEnv(t, reg)
	ctx := context.Background()
	mgr := env.StartManager(t, func(mgr *controllers.Manager) error {
		if err := garbagecollector.Add(mgr, garbagecollector.Config{}); err != nil {
			return err
		}
		return addWidgetController(mgr)
	})

	widgets := client.For[*Widget](env.Client).Namespace("default")
	cms := client.For[*corev1.ConfigMap](env.Client).Namespace("default")
	w, err := widgets.Create(ctx, &Widget{ObjectMeta: meta.ObjectMeta{Name: "w1"}, Spec: WidgetSpec{Color: "blue"}}, client.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	color := func(want string) func() error {
		return func() error {
			cm, err := cms.Get(ctx, "widget-w1")
			if err != nil {
				return err
			}
			if cm.Data["color"] != want || !meta.IsControlledBy(&cm.ObjectMeta, w.UID) {
				return fmt.Errorf("config map %v, owners %v; want color %s", cm.Data, cm.OwnerReferences, want)
			}
			return nil
		}
	}
	controllertest.Eventually(t, wait, color("blue"))
	controllertest.Eventually(t, wait, func() error {
		got, err := widgets.Get(ctx, "w1")
		if err != nil {
			return err
		}
		if got.Status.ConfigMap != "widget-w1" {
			return fmt.Errorf("status %+v", got.Status)
		}
		return nil
	})

	// Owns: a change of the owned config map brings its Widget back.
	cm, err := cms.Get(ctx, "widget-w1")
	if err != nil {
		t.Fatal(err)
	}
	cm.Data["color"] = "red"
	if _, err := cms.Update(ctx, cm, client.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	controllertest.Eventually(t, wait, color("blue"))

	// Events: the controller recorded what it did about the Widget.
	controllertest.Eventually(t, wait, func() error {
		l, err := client.For[*corev1.Event](env.Client).Namespace("default").List(ctx, client.ListOptions{})
		if err != nil {
			return err
		}
		var got []string
		for _, e := range l.Items {
			if e.InvolvedObject.Kind == "Widget" && e.InvolvedObject.UID == w.UID {
				got = append(got, fmt.Sprintf("%s %s %s %s/%s count=%d", e.Type, e.Reason, e.Source.Component, e.InvolvedObject.APIVersion, e.InvolvedObject.Name, e.Count))
			}
		}
		want := []string{
			"Normal ConfigMapCreated widget-controller example.com/v1/w1 count=1",
			"Normal ConfigMapUpdated widget-controller example.com/v1/w1 count=1",
		}
		if diff := cmp.Diff(want, got); diff != "" {
			return fmt.Errorf("events (-want +got):\n%s", diff)
		}
		return nil
	})

	// Metrics.
	rec := httptest.NewRecorder()
	mgr.Metrics().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	for _, want := range []string{
		`gantry_controller_reconcile_total{controller="widget",result="success"}`,
		`gantry_controller_reconcile_time_seconds_count{controller="widget"}`,
		`gantry_workqueue_adds_total{name="widget"}`,
		`gantry_workqueue_depth{name="garbagecollector"}`,
		`gantry_controller_manager_leader 1`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("metrics lack %s", want)
		}
	}

	// The garbage collector deletes the config map with its Widget.
	if err := widgets.Delete(ctx, "w1", nil); err != nil {
		t.Fatal(err)
	}
	controllertest.Eventually(t, wait, func() error {
		if _, err := cms.Get(ctx, "widget-w1"); !apierrors.IsNotFound(err) {
			return fmt.Errorf("config map still there: %v", err)
		}
		return nil
	})
}

// countingReconciler records calls per request and answers from a script.
type countingReconciler struct {
	mu     sync.Mutex
	calls  map[string]int
	script func(name string, call int) (controllers.Result, error)
}

func (r *countingReconciler) Reconcile(_ context.Context, req controllers.Request) (controllers.Result, error) {
	r.mu.Lock()
	r.calls[req.Name]++
	n := r.calls[req.Name]
	r.mu.Unlock()
	return r.script(req.Name, n)
}

func (r *countingReconciler) count(name string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.calls[name]
}

func TestReconcileResults(t *testing.T) {
	controllertest.CheckGoroutines(t)
	env := controllertest.NewEnv(t, nil)
	ctx := context.Background()
	r := &countingReconciler{calls: map[string]int{}, script: func(name string, call int) (controllers.Result, error) {
		switch {
		case name == "terminal":
			return controllers.Result{}, controllers.TerminalError(errors.New("bad spec"))
		case name == "flaky" && call < 3:
			return controllers.Result{}, errors.New("try again")
		case name == "panics" && call == 1:
			panic("boom")
		case name == "requeue-after" && call < 3:
			return controllers.Result{RequeueAfter: 10 * time.Millisecond}, nil
		case name == "requeue" && call < 3:
			return controllers.Result{Requeue: true}, nil
		}
		return controllers.Result{}, nil
	}}
	env.StartManager(t, func(mgr *controllers.Manager) error {
		return controllers.Build(mgr, "script",
			controllers.For(controllers.Predicate[*corev1.ConfigMap]{
				Create: func(cm *corev1.ConfigMap) bool { return cm.Namespace == "default" },
			}),
			controllers.WithRateLimiter(workqueue.NewExponentialRateLimiter[controllers.Request](time.Millisecond, 50*time.Millisecond)),
		).Complete(r)
	})
	cms := client.For[*corev1.ConfigMap](env.Client).Namespace("default")
	for _, name := range []string{"terminal", "flaky", "panics", "requeue-after", "requeue", "ok"} {
		if _, err := cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: meta.ObjectMeta{Name: name}}, client.WriteOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]int{"terminal": 1, "flaky": 3, "panics": 2, "requeue-after": 3, "requeue": 3, "ok": 1}
	controllertest.Eventually(t, wait, func() error {
		got := map[string]int{}
		for name := range want {
			got[name] = r.count(name)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			return fmt.Errorf("calls (-want +got):\n%s", diff)
		}
		return nil
	})
	// Nothing more comes: the terminal error is not retried.
	time.Sleep(100 * time.Millisecond)
	if n := r.count("terminal"); n != 1 {
		t.Errorf("terminal error retried: %d calls", n)
	}
}

// Only the leader runs its controllers; when it stops, another replica
// takes over and converges from the current state.
func TestLeaderElection(t *testing.T) {
	controllertest.CheckGoroutines(t)
	env := controllertest.NewEnv(t, nil)
	ctx := context.Background()
	var running [2]atomic.Int32 // reconciles in flight per replica
	var overlap atomic.Bool
	var seen [2]atomic.Int32 // reconciles per replica
	mgrs := make([]*controllers.Manager, 2)
	stops := make([]func(), 2)
	for i := range mgrs {
		mgrs[i] = env.NewManager(t, controllers.Options{LeaderElection: &controllers.LeaderElectionOptions{
			Identity: fmt.Sprintf("replica-%d", i), LeaseDuration: 3 * time.Second, RenewDeadline: 2 * time.Second, RetryPeriod: 50 * time.Millisecond,
		}})
		err := controllers.Build(mgrs[i], "probe", controllers.For[*corev1.ConfigMap]()).Complete(controllers.ReconcilerFunc(
			func(context.Context, controllers.Request) (controllers.Result, error) {
				running[i].Add(1)
				defer running[i].Add(-1)
				if mgrs[1-i].IsLeader() {
					overlap.Store(true)
				}
				seen[i].Add(1)
				return controllers.Result{}, nil
			}))
		if err != nil {
			t.Fatal(err)
		}
		stops[i] = controllertest.Run(t, mgrs[i])
	}
	cms := client.For[*corev1.ConfigMap](env.Client).Namespace("default")
	if _, err := cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: meta.ObjectMeta{Name: "one"}}, client.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	var leader int
	controllertest.Eventually(t, wait, func() error {
		switch {
		case mgrs[0].IsLeader() && !mgrs[1].IsLeader() && seen[0].Load() > 0:
			leader = 0
		case mgrs[1].IsLeader() && !mgrs[0].IsLeader() && seen[1].Load() > 0:
			leader = 1
		default:
			return fmt.Errorf("leaders %v %v, reconciles %d %d", mgrs[0].IsLeader(), mgrs[1].IsLeader(), seen[0].Load(), seen[1].Load())
		}
		return nil
	})
	if n := seen[1-leader].Load(); n != 0 {
		t.Errorf("the replica that does not lead reconciled %d times", n)
	}
	stops[leader]()
	other := 1 - leader
	controllertest.Eventually(t, wait, func() error {
		if !mgrs[other].IsLeader() || seen[other].Load() == 0 {
			return fmt.Errorf("replica-%d has not taken over", other)
		}
		return nil
	})
	if overlap.Load() {
		t.Error("both replicas ran controllers at once")
	}
}

func TestRegistry(t *testing.T) {
	r := builtin.NewDefaultRegistry()
	if diff := cmp.Diff([]string{"garbagecollector", "namespace", "serviceaccount", "resourcequota", "replicaset", "replicationcontroller", "deployment"}, r.Names()); diff != "" {
		t.Errorf("names (-want +got):\n%s", diff)
	}
	if err := r.Register("namespace", func(*controllers.Manager, []byte) error { return nil }); err == nil {
		t.Error("duplicate Register: want an error")
	}
	env := controllertest.NewEnv(t, nil)
	var got []string
	own := controllers.NewRegistry()
	type cfg struct {
		Size int `json:"size"`
	}
	for _, name := range []string{"a", "b"} {
		if err := own.Register(name, controllers.Typed(func(_ *controllers.Manager, c cfg) error {
			got = append(got, fmt.Sprintf("%s:%d", name, c.Size))
			return nil
		})); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name    string
		cfg     controllers.Config
		want    []string
		wantErr string
	}{
		{name: "defaults", want: []string{"a:0", "b:0"}},
		{name: "disabled", cfg: controllers.Config{Disabled: []string{"a"}}, want: []string{"b:0"}},
		{name: "settings", cfg: controllers.Config{Settings: map[string]json.RawMessage{"b": json.RawMessage(`{"size": 3}`)}}, want: []string{"a:0", "b:3"}},
		{name: "unknown disabled", cfg: controllers.Config{Disabled: []string{"c"}}, wantErr: `unknown controller(s) ["c"]`},
		{name: "unknown field", cfg: controllers.Config{Settings: map[string]json.RawMessage{"a": json.RawMessage(`{"sise": 3}`)}}, wantErr: `unknown field "sise"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got = nil
			err := own.AddTo(env.NewManager(t, controllers.Options{}), tc.cfg)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("added (-want +got):\n%s", diff)
			}
		})
	}
}

func TestBuildErrors(t *testing.T) {
	env := controllertest.NewEnv(t, nil)
	mgr := env.NewManager(t, controllers.Options{})
	nop := controllers.ReconcilerFunc(func(context.Context, controllers.Request) (controllers.Result, error) {
		return controllers.Result{}, nil
	})
	for _, tc := range []struct {
		name    string
		opts    []controllers.Option
		wantErr string
	}{
		{name: "no source", wantErr: "no source"},
		{name: "owns without for", opts: []controllers.Option{controllers.Owns[*corev1.Pod]()}, wantErr: "needs For"},
		{name: "unregistered kind", opts: []controllers.Option{controllers.For[*Widget]()}, wantErr: "not a registered kind"},
		{name: "two fors", opts: []controllers.Option{controllers.For[*corev1.Pod](), controllers.For[*corev1.Node]()}, wantErr: "For is given twice"},
		{name: "bad concurrency", opts: []controllers.Option{controllers.For[*corev1.Pod](), controllers.Concurrency(0)}, wantErr: "want at least 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := controllers.Build(mgr, tc.name, tc.opts...).Complete(nop)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
			}
		})
	}
	if err := controllers.Build(mgr, "x", controllers.For[*corev1.Pod]()).Complete(nop); err != nil {
		t.Fatal(err)
	}
	if err := controllers.Build(mgr, "x", controllers.For[*corev1.Pod]()).Complete(nop); err == nil {
		t.Fatal("a second controller named x: want an error")
	}
}

func TestEventRecorder(t *testing.T) {
	controllertest.CheckGoroutines(t)
	env := controllertest.NewEnv(t, nil)
	ctx := context.Background()
	mgr := env.NewManager(t, controllers.Options{})
	rec := mgr.EventRecorderFor("tester")
	stop := controllertest.Run(t, mgr)
	node := &corev1.Node{ObjectMeta: meta.ObjectMeta{Name: "node-1", UID: "u-1"}}
	for range 3 {
		rec.Event(node, corev1.EventTypeWarning, "Flapping", "went away")
	}
	// Twelve different messages of one reason: past ten they are combined.
	for i := range 12 {
		rec.Eventf(node, corev1.EventTypeNormal, "Step", "step %d", i)
	}
	rec.Event(node, "Bogus", "Ignored", "an invalid type is dropped")
	stop() // flushes the backlog
	l, err := client.For[*corev1.Event](env.Client).Namespace("default").List(ctx, client.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int32{}
	for _, e := range l.Items {
		if e.InvolvedObject.Name != "node-1" || e.InvolvedObject.Kind != "Node" || e.Source.Component != "tester" {
			t.Errorf("unexpected event %+v", e)
		}
		got[e.Type+" "+e.Reason+": "+e.Message] = e.Count
	}
	want := map[string]int32{"Warning Flapping: went away": 3}
	for i := range 9 {
		want[fmt.Sprintf("Normal Step: step %d", i)] = 1
	}
	// The 10th, 11th and 12th distinct messages update one combined event.
	want["Normal Step: (combined from similar events): step 11"] = 3
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
}
