package runtime

import (
	"context"
	"math"
	goruntime "runtime"
	"sync"
	"sync/atomic"

	"github.com/gantryhq/gantry/scheduler/framework"
)

// DefaultParallelism is the default number of workers.
const DefaultParallelism = 16

// Parallelizer runs work on a fixed pool of worker goroutines started once
// (no goroutine per call or per node). Until splits the pieces into chunks
// that the caller and idle workers take from a shared counter; when every
// worker is busy (e.g. a nested Until), the caller does the work alone, so
// Until never deadlocks. It implements framework.Parallelizer.
type Parallelizer struct {
	workers int
	tasks   chan *task
	done    chan struct{}
	wg      sync.WaitGroup
	once    sync.Once
}

var _ framework.Parallelizer = (*Parallelizer)(nil)

type task struct {
	ctx    context.Context
	work   func(int)
	pieces int64
	chunk  int64
	next   atomic.Int64
	wg     sync.WaitGroup
}

func (t *task) run() {
	for t.ctx.Err() == nil {
		start := t.next.Add(t.chunk) - t.chunk
		if start >= t.pieces {
			return
		}
		end := min(start+t.chunk, t.pieces)
		for i := start; i < end; i++ {
			t.work(int(i))
		}
	}
}

// NewParallelizer starts a pool of parallelism workers (DefaultParallelism
// when ≤ 0). Helpers beyond GOMAXPROCS-1 are never woken for one call:
// on a small machine extra goroutines only add scheduling overhead.
func NewParallelizer(parallelism int) *Parallelizer {
	if parallelism <= 0 {
		parallelism = DefaultParallelism
	}
	p := &Parallelizer{workers: parallelism, tasks: make(chan *task), done: make(chan struct{})}
	for i := 0; i < parallelism-1; i++ {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			for {
				select {
				case t := <-p.tasks:
					t.run()
					t.wg.Done()
				case <-p.done:
					return
				}
			}
		}()
	}
	return p
}

// Close stops the workers. Until must not be called after Close.
func (p *Parallelizer) Close() {
	p.once.Do(func() { close(p.done) })
	p.wg.Wait()
}

// chunkSize is Kubernetes' chunking: about sqrt(pieces), at most an even share.
func chunkSize(pieces, workers int) int {
	s := int(math.Sqrt(float64(pieces)))
	if r := pieces/workers + 1; r < s {
		s = r
	}
	return max(s, 1)
}

// Until calls work(i) for i in [0, pieces) in parallel and returns when all
// are done or ctx ends.
func (p *Parallelizer) Until(ctx context.Context, pieces int, work func(i int)) {
	if pieces <= 0 {
		return
	}
	helpers := min(p.workers, goruntime.GOMAXPROCS(0)) - 1
	chunk := chunkSize(pieces, helpers+1)
	if helpers <= 0 || pieces <= chunk {
		for i := 0; i < pieces && ctx.Err() == nil; i++ {
			work(i)
		}
		return
	}
	t := &task{ctx: ctx, work: work, pieces: int64(pieces), chunk: int64(chunk)}
	helpers = min(helpers, (pieces+chunk-1)/chunk-1)
	for i := 0; i < helpers; i++ {
		t.wg.Add(1)
		select {
		case p.tasks <- t:
		default:
			t.wg.Done()
			i = helpers
		}
	}
	t.run()
	t.wg.Wait()
}

// errOnce lets exactly one goroutine record the first error.
type errOnce struct{ done atomic.Bool }

func (e *errOnce) first() bool { return e.done.CompareAndSwap(false, true) }
