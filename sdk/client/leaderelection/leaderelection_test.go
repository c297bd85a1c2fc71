package leaderelection_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	coordinationv1 "github.com/gantryhq/gantry/sdk/api/coordination/v1"
	"github.com/gantryhq/gantry/sdk/apiserver"
	"github.com/gantryhq/gantry/sdk/apiserver/apiservertest"
	"github.com/gantryhq/gantry/sdk/client"
	"github.com/gantryhq/gantry/sdk/client/leaderelection"
)

func leases(t *testing.T) *client.Resource[*coordinationv1.Lease] {
	t.Helper()
	c := apiservertest.Start(t, apiserver.Config{}).Client
	return client.For[*coordinationv1.Lease](c)
}

// One of two candidates leads; when it stops it releases the lease and
// the other takes over at once. IsLeader may be read from any goroutine.
func TestFailover(t *testing.T) {
	l := leases(t)
	var leading atomic.Int32
	var both atomic.Bool
	type candidate struct {
		el     *leaderelection.Elector
		cancel context.CancelFunc
		done   chan struct{}
		led    atomic.Bool
	}
	cands := make([]*candidate, 2)
	for i := range cands {
		c := &candidate{done: make(chan struct{})}
		el, err := leaderelection.New(leaderelection.Config{
			Leases: l, Namespace: "kube-system", Name: "test", Identity: fmt.Sprintf("c%d", i),
			LeaseDuration: 3 * time.Second, RenewDeadline: 2 * time.Second, RetryPeriod: 20 * time.Millisecond,
			OnStartedLeading: func(ctx context.Context) {
				if leading.Add(1) > 1 {
					both.Store(true)
				}
				c.led.Store(true)
				<-ctx.Done()
				leading.Add(-1)
			},
		})
		if err != nil {
			t.Fatal(err)
		}
		c.el = el
		ctx, cancel := context.WithCancel(context.Background())
		c.cancel = cancel
		go func() {
			defer close(c.done)
			el.Run(ctx)
		}()
		cands[i] = c
	}
	t.Cleanup(func() {
		for _, c := range cands {
			c.cancel()
			<-c.done
		}
	})
	var wg sync.WaitGroup
	stopReading := make(chan struct{})
	wg.Add(1)
	go func() { // concurrent readers of IsLeader (run with -race)
		defer wg.Done()
		for {
			select {
			case <-stopReading:
				return
			default:
				_ = cands[0].el.IsLeader() || cands[1].el.IsLeader()
			}
		}
	}()
	defer func() {
		close(stopReading)
		wg.Wait()
	}()

	first := -1
	deadline := time.Now().Add(10 * time.Second)
	for first < 0 {
		for i, c := range cands {
			if c.led.Load() && c.el.IsLeader() {
				first = i
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("nobody leads")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cands[first].cancel()
	<-cands[first].done
	if cands[first].el.IsLeader() {
		t.Error("IsLeader is true after Run returned")
	}
	second := cands[1-first]
	for !second.led.Load() {
		if time.Now().After(deadline) {
			t.Fatal("the second candidate did not take over")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if both.Load() {
		t.Error("two leaders at once")
	}
}
