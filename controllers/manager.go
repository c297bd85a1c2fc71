package controllers

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"reflect"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	coordinationv1 "github.com/gantryhq/gantry/sdk/api/coordination/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
	"github.com/gantryhq/gantry/sdk/client"
	"github.com/gantryhq/gantry/sdk/client/leaderelection"
)

// Options configure a Manager. Zero values mean the documented defaults.
type Options struct {
	// Client talks to the API server (over HTTP or a loopback transport).
	// Required. Its registry is the set of kinds the manager knows.
	Client *client.Client
	// Logger receives the manager's and controllers' logs. Default slog.Default().
	Logger *slog.Logger
	// Resync, when positive, redelivers every cached object to the
	// controllers' sources as an update this often. Default 0: none;
	// controllers converge from events and their own RequeueAfter.
	Resync time.Duration
	// LeaderElection, when set, makes the manager campaign for a Lease and
	// run its controllers only while it holds it. Default nil: no election,
	// the controllers run as soon as Start is called.
	LeaderElection *LeaderElectionOptions
	// MetricsRegistry receives the manager's metrics. Default a new registry
	// (never Prometheus' global one).
	MetricsRegistry *prometheus.Registry
	// CacheSyncTimeout bounds the wait for a controller's caches before its
	// workers start; a controller whose caches do not sync in time makes
	// Start fail. Default 2 minutes.
	CacheSyncTimeout time.Duration
}

// LeaderElectionOptions configure the manager's leader election over a
// coordination.k8s.io/v1 Lease.
type LeaderElectionOptions struct {
	// Namespace of the Lease. Default "kube-system".
	Namespace string
	// Name of the Lease. Default "gantry-controller-manager".
	Name string
	// Identity of this replica. Default the host name and a random suffix.
	Identity string
	// LeaseDuration, RenewDeadline and RetryPeriod have
	// leaderelection.Config's meaning and defaults (15 s, 10 s, 2 s).
	LeaseDuration, RenewDeadline, RetryPeriod time.Duration
}

// Runnable is a component the manager runs while it leads; every
// controller is one. Start runs until ctx ends and returns nil then; an
// error stops the manager. With leader election, Start is called again
// each time the manager regains leadership after losing it.
type Runnable interface {
	Start(ctx context.Context) error
}

// RunnableFunc adapts a function to a Runnable.
type RunnableFunc func(ctx context.Context) error

// Start calls f.
func (f RunnableFunc) Start(ctx context.Context) error { return f(ctx) }

// Manager runs controllers: it holds the client, a shared informer factory
// (one cache per kind for all its controllers), an event recorder, metrics
// and optional leader election.
//
// Lifecycle: NewManager; add controllers (Build(...).Complete, or a
// Registry's AddTo) and other Runnables; Start, which blocks until its
// context ends, then stops every controller, waits for their goroutines
// and the informers', and returns. A Manager starts once. Its methods are
// safe for concurrent use.
type Manager struct {
	opts    Options
	c       *client.Client
	reg     *registry.Registry
	log     *slog.Logger
	factory *client.Factory
	metrics *metrics
	events  *broadcaster

	mu        sync.Mutex
	runnables []Runnable
	names     map[string]bool
	byType    map[reflect.Type]*registry.Kind

	started atomic.Bool
	leading atomic.Bool
}

// NewManager checks opts and returns a Manager.
func NewManager(opts Options) (*Manager, error) {
	if opts.Client == nil {
		return nil, errors.New("controllers: Options.Client is required")
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.MetricsRegistry == nil {
		opts.MetricsRegistry = prometheus.NewRegistry()
	}
	if opts.CacheSyncTimeout <= 0 {
		opts.CacheSyncTimeout = 2 * time.Minute
	}
	if le := opts.LeaderElection; le != nil {
		cp := *le
		if cp.Namespace == "" {
			cp.Namespace = "kube-system"
		}
		if cp.Name == "" {
			cp.Name = "gantry-controller-manager"
		}
		if cp.Identity == "" {
			host, _ := os.Hostname()
			var b [4]byte
			_, _ = rand.Read(b[:])
			cp.Identity = host + "_" + hex.EncodeToString(b[:])
		}
		opts.LeaderElection = &cp
	}
	m := &Manager{
		opts:    opts,
		c:       opts.Client,
		reg:     opts.Client.Registry(),
		log:     opts.Logger,
		factory: client.NewFactory(opts.Client, "", opts.Resync),
		names:   map[string]bool{},
		byType:  map[reflect.Type]*registry.Kind{},
	}
	met, err := newMetrics(opts.MetricsRegistry, m.leading.Load)
	if err != nil {
		return nil, err
	}
	m.metrics = met
	m.events = newBroadcaster(m.c, m.log)
	return m, nil
}

// Client returns the manager's API client.
func (m *Manager) Client() *client.Client { return m.c }

// Registry returns the kinds the manager knows (its client's registry).
func (m *Manager) Registry() *registry.Registry { return m.reg }

// Factory returns the shared informer factory. Controllers read through
// CacheFor and InformerForKind, which use its untyped informers: calling
// client.InformerFor on it builds a second cache of the same kind.
func (m *Manager) Factory() *client.Factory { return m.factory }

// Logger returns the manager's logger.
func (m *Manager) Logger() *slog.Logger { return m.log }

// InformerForKind returns the shared informer of kind k, creating it. It
// may be called before or after Start.
func (m *Manager) InformerForKind(k *registry.Kind) *client.Informer[meta.Object] {
	return m.factory.InformerForKind(k)
}

// KindOf returns the registered kind whose objects have T's Go type.
func KindOf[T meta.Object](m *Manager) (*registry.Kind, error) {
	return m.kindOfType(reflect.TypeFor[T]())
}

func (m *Manager) kindOfType(t reflect.Type) (*registry.Kind, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if k, ok := m.byType[t]; ok {
		return k, nil
	}
	for _, k := range m.reg.Kinds() {
		if reflect.TypeOf(k.New()) == t {
			m.byType[t] = k
			return k, nil
		}
	}
	return nil, fmt.Errorf("controllers: type %v is not a registered kind: register it with registry.Add before building the client", t)
}

// MetricsRegistry returns the registry holding the manager's metrics.
func (m *Manager) MetricsRegistry() *prometheus.Registry { return m.opts.MetricsRegistry }

// Metrics returns an HTTP handler serving the manager's metrics in the
// Prometheus exposition format.
func (m *Manager) Metrics() http.Handler {
	return promhttp.HandlerFor(m.opts.MetricsRegistry, promhttp.HandlerOpts{})
}

// EventRecorderFor returns a recorder whose events name component as
// their source (source.component and reportingComponent).
func (m *Manager) EventRecorderFor(component string) EventRecorder {
	return &recorder{b: m.events, component: component, kindOf: m.kindOfType, now: time.Now}
}

// IsLeader reports whether the manager is running its controllers: always
// true after Start without leader election, true while it holds the Lease
// with it.
func (m *Manager) IsLeader() bool { return m.leading.Load() }

// Add adds a Runnable. It fails after Start.
func (m *Manager) Add(r Runnable) error {
	if m.started.Load() {
		return errors.New("controllers: cannot add a runnable to a started manager")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.runnables = append(m.runnables, r)
	return nil
}

// claimName reserves a controller name; names are unique in a manager.
func (m *Manager) claimName(name string) error {
	if name == "" {
		return errors.New("controllers: a controller needs a name")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.names[name] {
		return fmt.Errorf("controllers: a controller named %q already exists in this manager", name)
	}
	m.names[name] = true
	return nil
}

// Start runs the informers and, while the manager leads (always, without
// leader election), every Runnable. It blocks until ctx ends or a Runnable
// fails, then stops everything, waits for every goroutine it started and
// returns (nil when ctx ended). A Manager starts once.
func (m *Manager) Start(ctx context.Context) error {
	if !m.started.CompareAndSwap(false, true) {
		return errors.New("controllers: the manager was already started")
	}
	ctx, cancel := context.WithCancel(ctx)
	m.events.start()
	m.factory.Start(ctx)
	var err error
	if m.opts.LeaderElection == nil {
		err = m.runTerm(ctx)
	} else {
		err = m.campaign(ctx)
	}
	cancel()
	m.factory.Shutdown()
	m.events.stop()
	return err
}

// runTerm runs every Runnable until ctx ends or one fails.
func (m *Manager) runTerm(ctx context.Context) error {
	m.mu.Lock()
	rs := append([]Runnable(nil), m.runnables...)
	m.mu.Unlock()
	m.leading.Store(true)
	defer m.leading.Store(false)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg       sync.WaitGroup
		errOnce  sync.Once
		firstErr error
	)
	for _, r := range rs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := r.Start(ctx); err != nil {
				errOnce.Do(func() { firstErr = err })
				cancel()
			}
		}()
	}
	wg.Wait()
	if firstErr == nil {
		// Runnables that ended early (or none at all) do not end the term.
		<-ctx.Done()
	}
	return firstErr
}

// campaign runs terms while it holds the Lease, and campaigns again after
// losing it, until ctx ends or a term fails.
func (m *Manager) campaign(ctx context.Context) error {
	le := m.opts.LeaderElection
	for ctx.Err() == nil {
		cctx, ccancel := context.WithCancel(ctx)
		var termErr error
		el, err := leaderelection.New(leaderelection.Config{
			Leases:        client.For[*coordinationv1.Lease](m.c),
			Namespace:     le.Namespace,
			Name:          le.Name,
			Identity:      le.Identity,
			LeaseDuration: le.LeaseDuration,
			RenewDeadline: le.RenewDeadline,
			RetryPeriod:   le.RetryPeriod,
			OnStartedLeading: func(lctx context.Context) {
				m.log.Info("became leader", "lease", le.Namespace+"/"+le.Name, "identity", le.Identity)
				if err := m.runTerm(lctx); err != nil {
					termErr = err
					ccancel()
				}
			},
			OnStoppedLeading: func() {
				m.log.Info("stopped leading", "lease", le.Namespace+"/"+le.Name, "identity", le.Identity)
			},
			OnNewLeader: func(id string) { m.log.Info("new leader observed", "identity", id) },
		})
		if err != nil {
			ccancel()
			return fmt.Errorf("controllers: leader election: %w", err)
		}
		el.Run(cctx)
		ccancel()
		if termErr != nil {
			return termErr
		}
	}
	return nil
}
