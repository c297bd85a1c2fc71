package workqueue_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/sdk/client/workqueue"
)

func TestDedupAndProcessing(t *testing.T) {
	q := workqueue.New(workqueue.Options[string]{})
	defer q.ShutDown()
	q.Add("a")
	q.Add("b")
	q.Add("a") // already waiting: dropped
	if got := q.Len(); got != 2 {
		t.Fatalf("Len %d, want 2", got)
	}
	item, _ := q.Get()
	if item != "a" {
		t.Fatalf("Get %q, want a", item)
	}
	q.Add("a") // added while processing: queued again on Done, not before
	if got := q.Len(); got != 1 {
		t.Fatalf("Len %d while a is processed, want 1", got)
	}
	q.Done("a")
	var got []string
	for q.Len() > 0 {
		item, _ := q.Get()
		got = append(got, item)
		q.Done(item)
	}
	if diff := cmp.Diff([]string{"b", "a"}, got); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
}

func TestAddAfterAndRateLimit(t *testing.T) {
	q := workqueue.New(workqueue.Options[string]{RateLimiter: workqueue.NewExponentialRateLimiter[string](time.Millisecond, time.Second)})
	defer q.ShutDown()
	q.AddAfter("later", 20*time.Millisecond)
	if q.Len() != 0 {
		t.Fatal("a delayed item is waiting already")
	}
	item, _ := q.Get() // blocks until the delay has passed
	if item != "later" {
		t.Fatalf("got %q", item)
	}
	q.Done(item)
	for i := 1; i <= 3; i++ {
		q.AddRateLimited("x")
		item, _ := q.Get()
		q.Done(item)
		if n := q.NumRequeues("x"); n != i {
			t.Fatalf("NumRequeues %d, want %d", n, i)
		}
	}
	q.Forget("x")
	if n := q.NumRequeues("x"); n != 0 {
		t.Fatalf("NumRequeues after Forget %d", n)
	}
}

func TestRunRetriesAndStops(t *testing.T) {
	q := workqueue.New(workqueue.Options[string]{RateLimiter: workqueue.NewExponentialRateLimiter[string](time.Millisecond, 10*time.Millisecond)})
	var mu sync.Mutex
	calls := map[string]int{}
	done := make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		defer close(done)
		q.Run(ctx, 2, func(_ context.Context, item string) error {
			mu.Lock()
			defer mu.Unlock()
			calls[item]++
			if item == "flaky" && calls[item] < 3 {
				return errors.New("again")
			}
			return nil
		})
	}()
	q.Add("ok")
	q.Add("flaky")
	deadline := time.Now().Add(10 * time.Second)
	for {
		mu.Lock()
		n := calls["flaky"]
		mu.Unlock()
		if n == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("flaky processed %d times, want 3", n)
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	<-done
	if !q.ShuttingDown() {
		t.Error("Run returned without shutting the queue down")
	}
	q.Add("ignored")
	if _, shutdown := q.Get(); !shutdown {
		t.Error("Get after shutdown returned an item")
	}
}
