package leaderelection

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	coordinationv1 "github.com/gantryhq/gantry/sdk/api/coordination/v1"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/client"
)

// Config configures an Elector. Zero durations mean Kubernetes' defaults.
type Config struct {
	// Leases is the typed client of Lease objects.
	Leases *client.Resource[*coordinationv1.Lease]
	// Namespace and Name name the Lease.
	Namespace, Name string
	// Identity is this replica's unique identity (e.g. hostname + random suffix).
	Identity string
	// LeaseDuration is how long others wait after the last renewal before
	// taking over. Default 15 s.
	LeaseDuration time.Duration
	// RenewDeadline is how long the leader retries renewing before it gives up. Default 10 s.
	RenewDeadline time.Duration
	// RetryPeriod is the time between attempts. Default 2 s.
	RetryPeriod time.Duration
	// OnStartedLeading runs when this replica becomes leader; its context
	// ends when leadership is lost.
	OnStartedLeading func(ctx context.Context)
	// OnStoppedLeading runs when leadership is lost (or Run ends while leading).
	OnStoppedLeading func()
	// OnNewLeader runs when another identity is observed as leader. May be nil.
	OnNewLeader func(identity string)
	// Now returns the current time. Default time.Now.
	Now func() time.Time
}

// Elector runs one election.
type Elector struct {
	cfg Config

	// observed, observedTime and observedRV are written by Run's goroutine
	// only; mu orders those writes with IsLeader's reads.
	mu           sync.Mutex
	observed     string
	observedTime time.Time
	observedRV   string
}

// New checks cfg and returns an Elector.
func New(cfg Config) (*Elector, error) {
	if cfg.Leases == nil || cfg.Name == "" || cfg.Identity == "" || cfg.OnStartedLeading == nil {
		return nil, errors.New("leaderelection: Leases, Name, Identity and OnStartedLeading are required")
	}
	if cfg.LeaseDuration <= 0 {
		cfg.LeaseDuration = 15 * time.Second
	}
	if cfg.RenewDeadline <= 0 {
		cfg.RenewDeadline = 10 * time.Second
	}
	if cfg.RetryPeriod <= 0 {
		cfg.RetryPeriod = 2 * time.Second
	}
	if cfg.RenewDeadline >= cfg.LeaseDuration {
		return nil, fmt.Errorf("leaderelection: RenewDeadline (%v) must be shorter than LeaseDuration (%v)", cfg.RenewDeadline, cfg.LeaseDuration)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Elector{cfg: cfg}, nil
}

// Run campaigns until ctx ends: it acquires the lease, runs
// OnStartedLeading, renews, and returns when leadership is lost or ctx
// ends. Callers that want to lead again call Run again.
func (e *Elector) Run(ctx context.Context) {
	if !e.acquire(ctx) {
		return
	}
	lctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		e.cfg.OnStartedLeading(lctx)
	}()
	e.renew(lctx)
	cancel()
	<-done
	e.observe("", e.cfg.Now(), "")
	if e.cfg.OnStoppedLeading != nil {
		e.cfg.OnStoppedLeading()
	}
	// Release the lease so another replica takes over at once.
	rctx, rcancel := context.WithTimeout(context.Background(), e.cfg.RetryPeriod)
	defer rcancel()
	e.release(rctx)
}

func (e *Elector) acquire(ctx context.Context) bool {
	t := time.NewTicker(e.cfg.RetryPeriod)
	defer t.Stop()
	for {
		if ok, _ := e.tryAcquireOrRenew(ctx); ok {
			return true
		}
		select {
		case <-ctx.Done():
			return false
		case <-t.C:
		}
	}
}

func (e *Elector) renew(ctx context.Context) {
	t := time.NewTicker(e.cfg.RetryPeriod)
	defer t.Stop()
	last := e.cfg.Now()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		ok, err := e.tryAcquireOrRenew(ctx)
		if ok {
			last = e.cfg.Now()
			continue
		}
		if err == nil || e.cfg.Now().Sub(last) > e.cfg.RenewDeadline {
			// Someone else holds the lease, or renewals failed for too long.
			return
		}
	}
}

// tryAcquireOrRenew takes or renews the lease. ok is true when this replica holds it.
func (e *Elector) tryAcquireOrRenew(ctx context.Context) (ok bool, err error) {
	now := e.cfg.Now()
	nowMicro := meta.NewMicroTime(now)
	dur := int32(e.cfg.LeaseDuration / time.Second)
	leases := e.cfg.Leases.Namespace(e.cfg.Namespace)
	lease, err := leases.Get(ctx, e.cfg.Name)
	if apierrors.IsNotFound(err) {
		id := e.cfg.Identity
		zero := int32(0)
		l := &coordinationv1.Lease{
			ObjectMeta: meta.ObjectMeta{Name: e.cfg.Name, Namespace: e.cfg.Namespace},
			Spec: coordinationv1.LeaseSpec{HolderIdentity: &id, LeaseDurationSeconds: &dur,
				AcquireTime: &nowMicro, RenewTime: &nowMicro, LeaseTransitions: &zero},
		}
		if _, err := leases.Create(ctx, l, client.WriteOptions{}); err != nil {
			return false, err
		}
		e.observe(id, now, "")
		return true, nil
	}
	if err != nil {
		return false, err
	}
	holder := ""
	if lease.Spec.HolderIdentity != nil {
		holder = *lease.Spec.HolderIdentity
	}
	if lease.ResourceVersion != e.observedRV {
		e.observe(holder, now, lease.ResourceVersion)
	}
	leaseDur := e.cfg.LeaseDuration
	if lease.Spec.LeaseDurationSeconds != nil {
		leaseDur = time.Duration(*lease.Spec.LeaseDurationSeconds) * time.Second
	}
	if holder != "" && holder != e.cfg.Identity && now.Before(e.observedTime.Add(leaseDur)) {
		return false, nil
	}
	if holder != e.cfg.Identity {
		trans := int32(0)
		if lease.Spec.LeaseTransitions != nil {
			trans = *lease.Spec.LeaseTransitions
		}
		trans++
		lease.Spec.LeaseTransitions = &trans
		lease.Spec.AcquireTime = &nowMicro
	}
	id := e.cfg.Identity
	lease.Spec.HolderIdentity = &id
	lease.Spec.LeaseDurationSeconds = &dur
	lease.Spec.RenewTime = &nowMicro
	updated, err := leases.Update(ctx, lease, client.WriteOptions{})
	if err != nil {
		return false, err
	}
	e.observe(id, now, updated.ResourceVersion)
	return true, nil
}

func (e *Elector) observe(holder string, now time.Time, rv string) {
	if holder != e.observed && holder != "" && holder != e.cfg.Identity && e.cfg.OnNewLeader != nil {
		e.cfg.OnNewLeader(holder)
	}
	e.mu.Lock()
	e.observed, e.observedTime, e.observedRV = holder, now, rv
	e.mu.Unlock()
}

func (e *Elector) release(ctx context.Context) {
	leases := e.cfg.Leases.Namespace(e.cfg.Namespace)
	lease, err := leases.Get(ctx, e.cfg.Name)
	if err != nil || lease.Spec.HolderIdentity == nil || *lease.Spec.HolderIdentity != e.cfg.Identity {
		return
	}
	empty := ""
	one := int32(1)
	lease.Spec.HolderIdentity = &empty
	lease.Spec.LeaseDurationSeconds = &one
	_, _ = leases.Update(ctx, lease, client.WriteOptions{})
}

// IsLeader reports whether the last observation saw this replica holding
// the lease; it is false once Run has returned. It is safe to call from
// any goroutine.
func (e *Elector) IsLeader() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.observed == e.cfg.Identity
}
