package perf

import (
	"context"
	"sync"
	"time"

	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
)

// churnOps are the changes churn makes, through the API or in process.
type churnOps struct {
	addPod     func(context.Context, *corev1.Pod) error
	addNode    func(context.Context, *corev1.Node) error
	deleteNode func(context.Context, string) error
}

type churnResult struct {
	pods, nodes int
	err         error
}

// runChurn starts the churn of ch (nil: none); the returned func stops it
// and reports what it did.
func runChurn(ctx context.Context, ch *Churn, ops churnOps) func() churnResult {
	if ch == nil {
		return func() churnResult { return churnResult{} }
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var r churnResult
	fail := func(err error) {
		if ctx.Err() != nil {
			return
		}
		mu.Lock()
		if r.err == nil {
			r.err = err
		}
		mu.Unlock()
	}
	if ch.UnschedulableEvery > 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := time.NewTicker(ch.UnschedulableEvery)
			defer t.Stop()
			for i := 0; ; i++ {
				if err := ops.addPod(ctx, ch.UnschedulablePod(i)); err != nil {
					fail(err)
					return
				}
				mu.Lock()
				r.pods++
				mu.Unlock()
				select {
				case <-ctx.Done():
					return
				case <-t.C:
				}
			}
		}()
	}
	if ch.NodeEvery > 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := time.NewTicker(ch.NodeEvery)
			defer t.Stop()
			prev := ""
			for i := 0; ; i++ {
				if i > 0 {
					select {
					case <-ctx.Done():
						return
					case <-t.C:
					}
				}
				n := ch.Node(i)
				if err := ops.addNode(ctx, n); err != nil {
					fail(err)
					return
				}
				mu.Lock()
				r.nodes++
				mu.Unlock()
				if prev != "" {
					if err := ops.deleteNode(ctx, prev); err != nil {
						fail(err)
						return
					}
				}
				prev = n.Name
			}
		}()
	}
	return func() churnResult {
		cancel()
		wg.Wait()
		mu.Lock()
		defer mu.Unlock()
		return r
	}
}
