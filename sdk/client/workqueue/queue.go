package workqueue

import (
	"container/heap"
	"context"
	"math"
	"sync"
	"time"
)

// RateLimiter decides how long an item waits before it is re-queued.
type RateLimiter[T comparable] interface {
	// When returns the delay before item's next processing; each call counts a failure.
	When(item T) time.Duration
	// Forget clears item's failure history.
	Forget(item T)
	// NumRequeues returns how many failures item has had.
	NumRequeues(item T) int
}

// Options configure a Queue. Zero values mean defaults.
type Options[T comparable] struct {
	// RateLimiter is used by AddRateLimited. Default DefaultRateLimiter.
	RateLimiter RateLimiter[T]
	// Now returns the current time; tests pass a fake clock. Default time.Now.
	Now func() time.Time
}

// Queue is a deduplicating, delaying, rate-limited work queue. It is safe
// for concurrent use.
type Queue[T comparable] struct {
	mu         sync.Mutex
	cond       *sync.Cond
	queue      []T
	dirty      map[T]struct{}
	processing map[T]struct{}
	shutdown   bool

	limiter RateLimiter[T]
	now     func() time.Time

	waiting  waitHeap[T]
	waitIdx  map[T]*waitItem[T]
	wake     chan struct{}
	stopWait chan struct{}
	waitDone chan struct{}
}

// New returns a running queue.
func New[T comparable](opts Options[T]) *Queue[T] {
	if opts.RateLimiter == nil {
		opts.RateLimiter = DefaultRateLimiter[T]()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	q := &Queue[T]{
		dirty:      map[T]struct{}{},
		processing: map[T]struct{}{},
		limiter:    opts.RateLimiter,
		now:        opts.Now,
		waitIdx:    map[T]*waitItem[T]{},
		wake:       make(chan struct{}, 1),
		stopWait:   make(chan struct{}),
		waitDone:   make(chan struct{}),
	}
	q.cond = sync.NewCond(&q.mu)
	go q.waitLoop()
	return q
}

// Add queues item unless it is already waiting to be processed.
func (q *Queue[T]) Add(item T) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.addLocked(item)
}

func (q *Queue[T]) addLocked(item T) {
	if q.shutdown {
		return
	}
	if _, ok := q.dirty[item]; ok {
		return
	}
	q.dirty[item] = struct{}{}
	if _, ok := q.processing[item]; ok {
		return
	}
	q.queue = append(q.queue, item)
	q.cond.Signal()
}

// Len returns the number of items waiting to be processed (not delayed ones).
func (q *Queue[T]) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.queue)
}

// Get blocks until an item is available and returns it; shutdown is true
// when the queue has been shut down and is empty. The caller must call
// Done(item) when it has processed it.
func (q *Queue[T]) Get() (item T, shutdown bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.queue) == 0 && !q.shutdown {
		q.cond.Wait()
	}
	if len(q.queue) == 0 {
		var zero T
		return zero, true
	}
	item = q.queue[0]
	var zero T
	q.queue[0] = zero
	q.queue = q.queue[1:]
	q.processing[item] = struct{}{}
	delete(q.dirty, item)
	return item, false
}

// Done marks item processed; if it was added meanwhile it is queued again.
func (q *Queue[T]) Done(item T) {
	q.mu.Lock()
	defer q.mu.Unlock()
	delete(q.processing, item)
	if _, ok := q.dirty[item]; ok {
		q.queue = append(q.queue, item)
		q.cond.Signal()
	}
}

// ShutDown stops the queue: Add is ignored, Get returns shutdown once the
// queue is empty, delayed items are dropped.
func (q *Queue[T]) ShutDown() {
	q.mu.Lock()
	if q.shutdown {
		q.mu.Unlock()
		return
	}
	q.shutdown = true
	q.cond.Broadcast()
	q.mu.Unlock()
	close(q.stopWait)
	<-q.waitDone
}

// ShuttingDown reports whether ShutDown was called.
func (q *Queue[T]) ShuttingDown() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.shutdown
}

// AddAfter queues item after d (at once when d <= 0). Of several delayed
// adds of one item, the earliest wins.
func (q *Queue[T]) AddAfter(item T, d time.Duration) {
	if d <= 0 {
		q.Add(item)
		return
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.shutdown {
		return
	}
	at := q.now().Add(d)
	if w, ok := q.waitIdx[item]; ok {
		if at.Before(w.at) {
			w.at = at
			heap.Fix(&q.waiting, w.index)
		}
	} else {
		w := &waitItem[T]{item: item, at: at}
		q.waitIdx[item] = w
		heap.Push(&q.waiting, w)
	}
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// AddRateLimited queues item after the rate limiter's delay.
func (q *Queue[T]) AddRateLimited(item T) { q.AddAfter(item, q.limiter.When(item)) }

// Forget clears item's rate-limit history (call it when processing succeeded).
func (q *Queue[T]) Forget(item T) { q.limiter.Forget(item) }

// NumRequeues returns how many times item was rate-limited since its last Forget.
func (q *Queue[T]) NumRequeues(item T) int { return q.limiter.NumRequeues(item) }

func (q *Queue[T]) waitLoop() {
	defer close(q.waitDone)
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		q.mu.Lock()
		now := q.now()
		next := time.Duration(math.MaxInt64)
		for q.waiting.Len() > 0 {
			w := q.waiting[0]
			if w.at.After(now) {
				next = w.at.Sub(now)
				break
			}
			heap.Pop(&q.waiting)
			delete(q.waitIdx, w.item)
			q.addLocked(w.item)
		}
		q.mu.Unlock()
		if next > time.Hour {
			next = time.Hour
		}
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
		timer.Reset(next)
		select {
		case <-q.stopWait:
			return
		case <-q.wake:
		case <-timer.C:
		}
	}
}

// Tick re-examines delayed items now; tests with a fake clock call it after advancing the clock.
func (q *Queue[T]) Tick() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

type waitItem[T comparable] struct {
	item  T
	at    time.Time
	index int
}

type waitHeap[T comparable] []*waitItem[T]

func (h waitHeap[T]) Len() int           { return len(h) }
func (h waitHeap[T]) Less(i, j int) bool { return h[i].at.Before(h[j].at) }
func (h waitHeap[T]) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}
func (h *waitHeap[T]) Push(x any) {
	w := x.(*waitItem[T])
	w.index = len(*h)
	*h = append(*h, w)
}
func (h *waitHeap[T]) Pop() any {
	old := *h
	n := len(old)
	w := old[n-1]
	old[n-1] = nil
	*h = old[:n-1]
	return w
}

// Run starts workers that call process for each item until ctx ends, then
// shuts the queue down. An error re-queues the item rate-limited; nil
// forgets it.
func (q *Queue[T]) Run(ctx context.Context, workers int, process func(context.Context, T) error) {
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				item, shutdown := q.Get()
				if shutdown {
					return
				}
				if err := process(ctx, item); err != nil {
					q.AddRateLimited(item)
				} else {
					q.Forget(item)
				}
				q.Done(item)
			}
		}()
	}
	<-ctx.Done()
	q.ShutDown()
	wg.Wait()
}
