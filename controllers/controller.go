package controllers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"github.com/gantryhq/gantry/sdk/client"
	"github.com/gantryhq/gantry/sdk/client/workqueue"
)

// Queue is where sources put requests. Requests added while the controller
// is not running (before Start, or while another replica leads) are
// dropped: the controller replays its sources when it starts.
type Queue interface {
	// Add queues req unless it is already waiting.
	Add(req Request)
	// AddAfter queues req after d.
	AddAfter(req Request, d time.Duration)
}

// Source feeds a controller's queue from the cluster's state. For, Owns,
// Watches and WatchesKind build the common ones; a product may write its
// own (the garbage collector's object graph is one).
//
// Lifecycle: Register once, when the controller is built (usually before
// the manager starts); then, each time the controller starts, the
// controller waits for HasSynced and calls Replay.
type Source interface {
	// Register hooks the source to its informers; events become requests in q.
	Register(mgr *Manager, q Queue) error
	// HasSynced reports whether the source's caches hold a complete view.
	HasSynced() bool
	// Replay queues a request for every object the source knows, so that
	// the controller converges from the current state after a restart or
	// a change of leader (level-triggered).
	Replay(q Queue)
}

// Controller runs one Reconciler over a work queue fed by Sources. Build
// one with Build(...).Complete; the manager starts it while it leads.
type Controller struct {
	name        string
	mgr         *Manager
	r           Reconciler
	workers     int
	sources     []Source
	rateLimiter workqueue.RateLimiter[Request]
	log         *slog.Logger

	mu sync.Mutex
	q  *workqueue.Queue[Request] // the running term's queue; nil when stopped
}

var (
	_ Runnable = (*Controller)(nil)
	_ Queue    = (*Controller)(nil)
)

// Name returns the controller's name.
func (c *Controller) Name() string { return c.name }

func (c *Controller) queue() *workqueue.Queue[Request] {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.q
}

// Add queues req; it is dropped while the controller is not running.
func (c *Controller) Add(req Request) {
	if q := c.queue(); q != nil {
		c.mgr.metrics.adds.WithLabelValues(c.name).Inc()
		q.Add(req)
	}
}

// AddAfter queues req after d; it is dropped while the controller is not running.
func (c *Controller) AddAfter(req Request, d time.Duration) {
	if q := c.queue(); q != nil {
		c.mgr.metrics.adds.WithLabelValues(c.name).Inc()
		q.AddAfter(req, d)
	}
}

func (c *Controller) depth() float64 {
	if q := c.queue(); q != nil {
		return float64(q.Len())
	}
	return 0
}

// Start runs the controller until ctx ends: it waits for its sources'
// caches, replays them, and runs its workers. It returns an error when the
// caches do not sync within the manager's CacheSyncTimeout.
func (c *Controller) Start(ctx context.Context) error {
	q := workqueue.New(workqueue.Options[Request]{RateLimiter: c.rateLimiter})
	c.mu.Lock()
	if c.q != nil {
		c.mu.Unlock()
		q.ShutDown()
		return fmt.Errorf("controllers: controller %q is already running", c.name)
	}
	c.q = q
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		c.q = nil
		c.mu.Unlock()
		q.ShutDown()
	}()

	synced := make([]func() bool, 0, len(c.sources))
	for _, s := range c.sources {
		synced = append(synced, s.HasSynced)
	}
	sctx, cancel := context.WithTimeout(ctx, c.mgr.opts.CacheSyncTimeout)
	ok := client.WaitForCacheSync(sctx, synced...)
	cancel()
	if !ok {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("controllers: controller %q: caches did not sync within %v", c.name, c.mgr.opts.CacheSyncTimeout)
	}
	for _, s := range c.sources {
		s.Replay(c)
	}
	c.log.Debug("controller started", "workers", c.workers)

	var wg sync.WaitGroup
	for range c.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				req, shutdown := q.Get()
				if shutdown {
					return
				}
				c.process(ctx, q, req)
				q.Done(req)
			}
		}()
	}
	<-ctx.Done()
	q.ShutDown()
	wg.Wait()
	return nil
}

// process reconciles one request and decides whether it comes back.
func (c *Controller) process(ctx context.Context, q *workqueue.Queue[Request], req Request) {
	if ctx.Err() != nil {
		return
	}
	log := c.log.With("request", req.String())
	start := time.Now()
	res, err := c.reconcile(withLogger(ctx, log), req)
	m := c.mgr.metrics
	m.reconcileTime.WithLabelValues(c.name).Observe(time.Since(start).Seconds())
	switch {
	case err != nil && IsTerminal(err):
		q.Forget(req)
		m.reconcileTotal.WithLabelValues(c.name, "error").Inc()
		m.reconcileErrors.WithLabelValues(c.name).Inc()
		m.terminalErrors.WithLabelValues(c.name).Inc()
		log.Error("reconcile failed; not retrying", "err", err)
	case err != nil:
		m.reconcileTotal.WithLabelValues(c.name, "error").Inc()
		m.reconcileErrors.WithLabelValues(c.name).Inc()
		if ctx.Err() != nil {
			// Stopping: the error is most likely the cancellation.
			return
		}
		m.retries.WithLabelValues(c.name).Inc()
		q.AddRateLimited(req)
		log.Info("reconcile failed; retrying", "err", err, "failures", q.NumRequeues(req))
	case res.RequeueAfter > 0:
		q.Forget(req)
		m.reconcileTotal.WithLabelValues(c.name, "requeue_after").Inc()
		m.retries.WithLabelValues(c.name).Inc()
		q.AddAfter(req, res.RequeueAfter)
	case res.Requeue:
		m.reconcileTotal.WithLabelValues(c.name, "requeue").Inc()
		m.retries.WithLabelValues(c.name).Inc()
		q.AddRateLimited(req)
	default:
		q.Forget(req)
		m.reconcileTotal.WithLabelValues(c.name, "success").Inc()
	}
}

// reconcile calls the reconciler, turning a panic into an error.
func (c *Controller) reconcile(ctx context.Context, req Request) (res Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic in reconcile of %s: %v\n%s", req, p, debug.Stack())
		}
	}()
	res, err = c.r.Reconcile(ctx, req)
	if err == nil && res.RequeueAfter < 0 {
		return Result{}, TerminalError(errors.New("negative RequeueAfter"))
	}
	return res, err
}
