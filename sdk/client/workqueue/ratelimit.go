package workqueue

import (
	"math"
	"sync"
	"time"
)

// ExponentialRateLimiter delays an item base·2^failures, capped at max.
type ExponentialRateLimiter[T comparable] struct {
	mu       sync.Mutex
	failures map[T]int
	base     time.Duration
	max      time.Duration
}

// NewExponentialRateLimiter returns a per-item exponential back-off.
func NewExponentialRateLimiter[T comparable](base, max time.Duration) *ExponentialRateLimiter[T] {
	return &ExponentialRateLimiter[T]{failures: map[T]int{}, base: base, max: max}
}

// When counts a failure and returns the delay.
func (r *ExponentialRateLimiter[T]) When(item T) time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := r.failures[item]
	r.failures[item] = n + 1
	d := float64(r.base) * math.Pow(2, float64(n))
	if d > float64(r.max) || math.IsInf(d, 0) {
		return r.max
	}
	return time.Duration(d)
}

// Forget clears item's failures.
func (r *ExponentialRateLimiter[T]) Forget(item T) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.failures, item)
}

// NumRequeues returns item's failures.
func (r *ExponentialRateLimiter[T]) NumRequeues(item T) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.failures[item]
}

// BucketRateLimiter is an overall token bucket: qps with burst.
type BucketRateLimiter[T comparable] struct {
	mu     sync.Mutex
	qps    float64
	burst  float64
	tokens float64
	last   time.Time
	now    func() time.Time
}

// NewBucketRateLimiter returns an overall limiter of qps with burst.
func NewBucketRateLimiter[T comparable](qps float64, burst int) *BucketRateLimiter[T] {
	return &BucketRateLimiter[T]{qps: qps, burst: float64(burst), tokens: float64(burst), last: time.Now(), now: time.Now}
}

// When reserves a token and returns how long to wait for it.
func (r *BucketRateLimiter[T]) When(T) time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	r.tokens = math.Min(r.burst, r.tokens+now.Sub(r.last).Seconds()*r.qps)
	r.last = now
	r.tokens--
	if r.tokens >= 0 {
		return 0
	}
	return time.Duration(-r.tokens / r.qps * float64(time.Second))
}

// Forget does nothing: the bucket has no per-item state.
func (r *BucketRateLimiter[T]) Forget(T) {}

// NumRequeues is always 0.
func (r *BucketRateLimiter[T]) NumRequeues(T) int { return 0 }

// MaxOfRateLimiter returns the longest delay of its limiters.
type MaxOfRateLimiter[T comparable] struct{ limiters []RateLimiter[T] }

// NewMaxOfRateLimiter combines limiters.
func NewMaxOfRateLimiter[T comparable](limiters ...RateLimiter[T]) *MaxOfRateLimiter[T] {
	return &MaxOfRateLimiter[T]{limiters: limiters}
}

// When returns the longest delay.
func (r *MaxOfRateLimiter[T]) When(item T) time.Duration {
	var d time.Duration
	for _, l := range r.limiters {
		d = max(d, l.When(item))
	}
	return d
}

// Forget forgets item in every limiter.
func (r *MaxOfRateLimiter[T]) Forget(item T) {
	for _, l := range r.limiters {
		l.Forget(item)
	}
}

// NumRequeues returns the largest count of its limiters.
func (r *MaxOfRateLimiter[T]) NumRequeues(item T) int {
	n := 0
	for _, l := range r.limiters {
		n = max(n, l.NumRequeues(item))
	}
	return n
}

// DefaultRateLimiter is Kubernetes' controller default: per item 5 ms
// doubling to 1000 s, and overall 10 qps with a burst of 100.
func DefaultRateLimiter[T comparable]() RateLimiter[T] {
	return NewMaxOfRateLimiter[T](
		NewExponentialRateLimiter[T](5*time.Millisecond, 1000*time.Second),
		NewBucketRateLimiter[T](10, 100),
	)
}
