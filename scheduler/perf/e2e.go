package perf

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/gantryhq/gantry/scheduler"
	"github.com/gantryhq/gantry/scheduler/framework"
	admissionplugins "github.com/gantryhq/gantry/sdk/admission/plugins"
	"github.com/gantryhq/gantry/sdk/api/builtin"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
	schedulingv1 "github.com/gantryhq/gantry/sdk/api/scheduling/v1"
	"github.com/gantryhq/gantry/sdk/apiserver"
	"github.com/gantryhq/gantry/sdk/client"
	"github.com/gantryhq/gantry/store/bolt"
)

// apiEnv is an API server on a bbolt store in a temporary folder.
type apiEnv struct {
	dir  string
	db   *bolt.DB
	srv  *apiserver.Server
	http *httptest.Server
	reg  *registry.Registry
	opts Options
}

func startAPI(ctx context.Context, opts Options) (_ *apiEnv, err error) {
	e := &apiEnv{opts: opts}
	defer func() {
		if err != nil {
			e.close()
		}
	}()
	if e.dir, err = os.MkdirTemp(opts.Dir, "schedperf-"); err != nil {
		return e, err
	}
	if e.db, err = bolt.Open(filepath.Join(e.dir, "gantry.db"), bolt.Options{}); err != nil {
		return e, err
	}
	if e.reg, err = builtin.NewRegistry(); err != nil {
		return e, err
	}
	e.srv, err = apiserver.New(apiserver.Config{
		Registry:          e.reg,
		Store:             e.db,
		AdmissionPlugins:  admissionplugins.Default(),
		AdmissionRegistry: admissionplugins.NewRegistry(),
		Logger:            opts.Logger,
	})
	if err != nil {
		return e, err
	}
	if err = e.srv.Start(ctx); err != nil {
		e.srv = nil
		return e, err
	}
	if opts.Transport == TransportTCP {
		e.http = httptest.NewServer(e.srv.Handler())
	}
	return e, nil
}

// client returns a new client (each with its own connection pool, as the
// scheduler and scheduler_perf's pod creators have their own clientsets).
func (e *apiEnv) client() (*client.Client, error) {
	cfg := client.Config{Timeout: 5 * time.Minute}
	switch e.opts.Transport {
	case TransportTCP:
		cfg.Host = e.http.URL
	case TransportLoopback:
		cfg.Transport = client.NewLoopbackTransport(e.srv.Handler())
	default:
		return nil, fmt.Errorf("perf: unknown transport %q; want %q or %q", e.opts.Transport, TransportTCP, TransportLoopback)
	}
	return client.New(cfg, e.reg)
}

func (e *apiEnv) close() {
	if e.http != nil {
		e.http.CloseClientConnections()
		e.http.Close()
	}
	if e.srv != nil {
		e.srv.Stop()
	}
	if e.db != nil {
		_ = e.db.Close()
	}
	if e.dir != "" {
		_ = os.RemoveAll(e.dir)
	}
}

// watchBindings records in l the first time each pod of the phase is seen
// bound, relisting when its watch ends, until ctx ends. It returns once
// the watch is established.
func watchBindings(ctx context.Context, c *client.Client, phase string, l *bindLog) (stop func(), err error) {
	pods := client.For[*corev1.Pod](c)
	sel := PhaseLabel + "=" + phase
	ctx, cancel := context.WithCancel(ctx)
	listWatch := func() (*client.Watcher[*corev1.Pod], error) {
		list, err := pods.List(ctx, client.ListOptions{LabelSelector: sel})
		if err != nil {
			return nil, err
		}
		now := time.Now()
		for _, p := range list.Items {
			if p.Spec.NodeName != "" {
				l.add(podKey(p), now)
			}
		}
		return pods.Watch(ctx, client.ListOptions{LabelSelector: sel, ResourceVersion: list.ResourceVersion})
	}
	w, err := listWatch()
	if err != nil {
		cancel()
		return nil, err
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			for ev := range w.Events() {
				if ev.Type != client.Added && ev.Type != client.Modified {
					continue
				}
				if ev.Object.Spec.NodeName != "" {
					l.add(podKey(ev.Object), time.Now())
				}
			}
			w.Stop()
			for ctx.Err() == nil {
				if w, err = listWatch(); err == nil {
					break
				}
				time.Sleep(100 * time.Millisecond)
			}
			if ctx.Err() != nil {
				return
			}
		}
	}()
	return func() { cancel(); <-done }, nil
}

// createAll creates n objects built by mk through r with workers goroutines.
func createAll[T meta.Object](ctx context.Context, workers, n int, mk func(i int) T, create func(context.Context, T) error) error {
	return parallel(ctx, workers, n, func(ctx context.Context, i int) error { return create(ctx, mk(i)) })
}

// retry429 retries fn while the API server answers 429 Too Many Requests
// (as client-go does; sdk/client does not retry).
func retry429(ctx context.Context, fn func() error) error {
	for attempt := 0; ; attempt++ {
		err := fn()
		if err == nil || !apierrors.IsTooManyRequests(err) || attempt == 20 {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(attempt+1) * 5 * time.Millisecond):
		}
	}
}

func createPod(c *client.Client) func(context.Context, *corev1.Pod) error {
	return func(ctx context.Context, p *corev1.Pod) error {
		err := retry429(ctx, func() error {
			_, err := client.For[*corev1.Pod](c).Namespace(p.Namespace).Create(ctx, p, client.WriteOptions{})
			return err
		})
		if err != nil {
			return fmt.Errorf("creating pod %s: %w", podKey(p), err)
		}
		return nil
	}
}

func createNode(c *client.Client) func(context.Context, *corev1.Node) error {
	return func(ctx context.Context, n *corev1.Node) error {
		err := retry429(ctx, func() error {
			_, err := client.For[*corev1.Node](c).Create(ctx, n, client.WriteOptions{})
			return err
		})
		if err != nil {
			return fmt.Errorf("creating node %s: %w", n.Name, err)
		}
		return nil
	}
}

func runE2E(ctx context.Context, w Workload, scale Scale, opts Options, res Result) (Result, error) {
	env, err := startAPI(ctx, opts)
	if err != nil {
		return res, err
	}
	defer env.close()
	hc, err := env.client()
	if err != nil {
		return res, err
	}
	sc, err := env.client()
	if err != nil {
		return res, err
	}
	setup := time.Now()
	for _, ns := range w.Namespaces {
		if _, err := client.For[*corev1.Namespace](hc).Create(ctx, &corev1.Namespace{ObjectMeta: meta.ObjectMeta{Name: ns}}, client.WriteOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
			return res, fmt.Errorf("creating namespace %s: %w", ns, err)
		}
	}
	for _, pc := range w.PriorityClasses {
		obj := &schedulingv1.PriorityClass{ObjectMeta: meta.ObjectMeta{Name: pc.Name}, Value: pc.Value}
		if _, err := client.For[*schedulingv1.PriorityClass](hc).Create(ctx, obj, client.WriteOptions{}); err != nil {
			return res, fmt.Errorf("creating priority class %s: %w", pc.Name, err)
		}
	}
	if err := createAll(ctx, opts.CreateWorkers, scale.Nodes, w.Node, createNode(hc)); err != nil {
		return res, err
	}
	// The node's status (capacity, allocatable) must survive creation.
	if n, err := client.For[*corev1.Node](hc).Get(ctx, NodeName(0)); err != nil {
		return res, err
	} else if n.Status.Allocatable.Cpu().MilliValue() == 0 {
		return res, errors.New("perf: the API server dropped the node's status.allocatable on create")
	}

	reg, added := pluginRegistry(nil)
	res.Plugins = added
	s, err := scheduler.New(scheduler.Config{Client: sc, Registry: reg, Profiles: []framework.Profile{profile(reg)}, Logger: opts.Logger})
	if err != nil {
		return res, err
	}
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { s.Run(sctx); close(done) }()
	defer func() { cancel(); <-done }()

	initLog := newBindLog(scale.InitPods)
	stopInit, err := watchBindings(ctx, hc, phaseInit, initLog)
	if err != nil {
		return res, err
	}
	err = createAll(ctx, opts.CreateWorkers, scale.InitPods, w.InitPod, createPod(hc))
	if err == nil {
		err = initLog.wait(ctx, opts.Timeout, "the initial pods")
	}
	stopInit()
	if err != nil {
		return res, err
	}
	res.Setup = time.Since(setup)
	opts.progress("  %s/%s: %d nodes and %d initial pods ready in %v", w.Name, opts.Variant, scale.Nodes, scale.InitPods, res.Setup.Round(time.Millisecond))

	measureLog := newBindLog(scale.MeasurePods)
	stopMeasure, err := watchBindings(ctx, hc, phaseMeasure, measureLog)
	if err != nil {
		return res, err
	}
	var churnMu sync.Mutex
	var churnNodes []string
	ops := churnOps{
		addPod:  createPod(hc),
		addNode: createNode(hc),
		deleteNode: func(ctx context.Context, name string) error {
			churnMu.Lock()
			churnNodes = append(churnNodes, name)
			churnMu.Unlock()
			return client.For[*corev1.Node](hc).Delete(ctx, name, nil)
		},
	}
	if opts.OnMeasureStart != nil {
		opts.OnMeasureStart()
	}
	start := time.Now()
	stopChurn := runChurn(ctx, w.Churn, ops)
	err = createAll(ctx, opts.CreateWorkers, scale.MeasurePods, w.MeasurePod, createPod(hc))
	created := time.Since(start)
	if err == nil {
		err = measureLog.wait(ctx, opts.Timeout, "the measured pods")
	}
	if opts.OnMeasureEnd != nil {
		opts.OnMeasureEnd()
	}
	churned := stopChurn()
	stopMeasure()
	if err != nil {
		return res, err
	}
	if churned.err != nil {
		return res, churned.err
	}
	res.Unschedulable, res.NodesChurned = churned.pods, churned.nodes
	res.CreatePerSec = float64(scale.MeasurePods) / created.Seconds()
	measureLog.finish(&res, start)

	// Check what the API server persisted.
	nodeList, err := client.For[*corev1.Node](hc).List(ctx, client.ListOptions{})
	if err != nil {
		return res, err
	}
	podList, err := client.For[*corev1.Pod](hc).List(ctx, client.ListOptions{})
	if err != nil {
		return res, err
	}
	return res, Check(w, scale, nodeList.Items, podList.Items)
}
