package perf

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gantryhq/gantry/scheduler"
	"github.com/gantryhq/gantry/scheduler/framework"
	"github.com/gantryhq/gantry/scheduler/plugins/defaultpreemption"
	"github.com/gantryhq/gantry/scheduler/plugins/podtopologyspread"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

// Variant is how the scheduler is driven.
type Variant string

// Variants.
const (
	// E2E runs a real API server on the bbolt store with the default
	// admission chain; pods and nodes are created and bindings written
	// through the API.
	E2E Variant = "e2e"
	// InProcess feeds the scheduler directly (no client) and binds by
	// handing it the bound copy of the pod: the scheduler alone.
	InProcess Variant = "inprocess"
)

// Transports of the end-to-end variant.
const (
	// TransportTCP serves the API server on a 127.0.0.1 listener.
	TransportTCP = "tcp"
	// TransportLoopback calls the API server's handler in process.
	TransportLoopback = "loopback"
)

// Options configures Run. Zero values mean defaults.
type Options struct {
	// Variant is E2E (default) or InProcess.
	Variant Variant
	// Scale overrides the workload's Full scale.
	Scale *Scale
	// Transport is TransportTCP (default) or TransportLoopback (E2E only).
	Transport string
	// CreateWorkers is the number of goroutines creating pods and nodes
	// through the API. Default 128 (below the API server's 200
	// mutating requests in flight).
	CreateWorkers int
	// Timeout bounds each waiting phase. Default 10 minutes.
	Timeout time.Duration
	// Dir is where the bbolt file's temporary folder is made. Default os.TempDir().
	Dir string
	// Logger receives the scheduler's and the API server's logs. Default: discarded.
	Logger *slog.Logger
	// OnMeasureStart and OnMeasureEnd are called around the measured
	// phase (e.g. to start and stop a CPU profile).
	OnMeasureStart, OnMeasureEnd func()
	// Progress, when set, receives one line per phase.
	Progress io.Writer
}

func (o *Options) defaults() {
	if o.Variant == "" {
		o.Variant = E2E
	}
	if o.Transport == "" {
		o.Transport = TransportTCP
	}
	if o.CreateWorkers <= 0 {
		o.CreateWorkers = 128
	}
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Minute
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
}

func (o *Options) progress(format string, args ...any) {
	if o.Progress != nil {
		fmt.Fprintf(o.Progress, format+"\n", args...)
	}
}

// Result is one run's figures.
type Result struct {
	Workload string
	Variant  Variant
	Scale    Scale
	// Duration is from the first measured pod created to the last
	// measured binding seen (persisted, end to end).
	Duration time.Duration
	// PodsPerSec is MeasurePods / Duration: scheduler_perf's
	// SchedulingThroughput Average.
	PodsPerSec float64
	// Perc50 and Perc99 are percentiles of the per-second throughput
	// (whole seconds of the measured phase; 0 when it lasted under 2 s).
	Perc50, Perc99 float64
	// CreatePerSec is how fast the measured pods were created (E2E).
	CreatePerSec float64
	// Setup is the time spent creating nodes and initial pods.
	Setup time.Duration
	// Unschedulable is the number of churn pods that fit nowhere.
	Unschedulable int
	// NodesChurned is the number of churn nodes created.
	NodesChurned int
	// Plugins lists the plugins the harness added to the default registry
	// because NewDefaultRegistry lacked them.
	Plugins []string
}

func (r Result) String() string {
	s := fmt.Sprintf("%s/%s (%s): %.0f pods/s (per-second p50 %.0f, p99 %.0f) in %v, setup %v",
		r.Workload, r.Variant, r.Scale, r.PodsPerSec, r.Perc50, r.Perc99, r.Duration.Round(time.Millisecond), r.Setup.Round(time.Millisecond))
	if r.Unschedulable > 0 || r.NodesChurned > 0 {
		s += fmt.Sprintf(", churn: %d unschedulable pods, %d nodes", r.Unschedulable, r.NodesChurned)
	}
	return s
}

// Run runs one workload once and checks the placements; a violated
// invariant is an error.
func Run(ctx context.Context, w Workload, opts Options) (Result, error) {
	opts.defaults()
	scale := w.Full
	if opts.Scale != nil {
		scale = *opts.Scale
	}
	res := Result{Workload: w.Name, Variant: opts.Variant, Scale: scale}
	switch opts.Variant {
	case E2E:
		return runE2E(ctx, w, scale, opts, res)
	case InProcess:
		return runInProcess(ctx, w, scale, opts, res)
	}
	return res, fmt.Errorf("perf: unknown variant %q; want %q or %q", opts.Variant, E2E, InProcess)
}

// pluginRegistry returns the default registry plus the default plugins it lacks
// (while they land), with wrap applied to DefaultPreemption's handle.
func pluginRegistry(wrap func(framework.Handle) framework.Handle) (framework.Registry, []string) {
	reg := scheduler.NewDefaultRegistry()
	var added []string
	if _, ok := reg[podtopologyspread.Name]; !ok {
		reg[podtopologyspread.Name] = framework.Factory(podtopologyspread.New)
		added = append(added, podtopologyspread.Name)
	}
	if _, ok := reg[defaultpreemption.Name]; !ok {
		reg[defaultpreemption.Name] = framework.Factory(defaultpreemption.New)
		added = append(added, defaultpreemption.Name)
	}
	if wrap != nil {
		orig := reg[defaultpreemption.Name]
		reg[defaultpreemption.Name] = func(ctx context.Context, raw json.RawMessage, h framework.Handle) (framework.Plugin, error) {
			return orig(ctx, raw, wrap(h))
		}
	}
	return reg, added
}

// profile disables the default plugins the registry does not have.
func profile(reg framework.Registry) framework.Profile {
	var missing []framework.PluginRef
	for _, ref := range scheduler.DefaultPlugins().MultiPoint.Enabled {
		if _, ok := reg[ref.Name]; !ok {
			missing = append(missing, framework.PluginRef{Name: ref.Name})
		}
	}
	return framework.Profile{Plugins: &framework.Plugins{MultiPoint: framework.PluginSet{Disabled: missing}}}
}

// bindLog records when pods got bound.
type bindLog struct {
	mu     sync.Mutex
	seen   map[string]struct{}
	times  []time.Time
	target int
	done   chan struct{}
}

func newBindLog(target int) *bindLog {
	l := &bindLog{seen: make(map[string]struct{}, target), target: target, done: make(chan struct{})}
	if target == 0 {
		close(l.done)
	}
	return l
}

// add records a binding of key (once) at t.
func (l *bindLog) add(key string, t time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.seen[key]; ok {
		return
	}
	l.seen[key] = struct{}{}
	l.times = append(l.times, t)
	if len(l.times) == l.target {
		close(l.done)
	}
}

func (l *bindLog) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.times)
}

// wait waits for target bindings; on timeout it fails with the count.
func (l *bindLog) wait(ctx context.Context, timeout time.Duration, what string) error {
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-l.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return fmt.Errorf("perf: timed out after %v waiting for %s: %d of %d bound", timeout, what, l.count(), l.target)
	}
}

// finish fills the throughput figures from the bindings after start.
func (l *bindLog) finish(res *Result, start time.Time) {
	l.mu.Lock()
	times := append([]time.Time(nil), l.times...)
	l.mu.Unlock()
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	end := times[len(times)-1]
	res.Duration = end.Sub(start)
	res.PodsPerSec = float64(len(times)) / res.Duration.Seconds()
	secs := int(res.Duration / time.Second)
	if secs < 2 {
		return
	}
	buckets := make([]float64, secs)
	for _, t := range times {
		if b := int(t.Sub(start) / time.Second); b < secs {
			buckets[b]++
		}
	}
	sort.Float64s(buckets)
	res.Perc50 = percentile(buckets, 0.50)
	res.Perc99 = percentile(buckets, 0.99)
}

// percentile of sorted values (nearest rank).
func percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p*float64(len(sorted))+0.5) - 1
	i = max(0, min(i, len(sorted)-1))
	return sorted[i]
}

// Medians summarises several runs of one workload and variant: the
// median pods/s and the spread (min and max).
func Medians(rs []Result) (median, lo, hi float64) {
	if len(rs) == 0 {
		return 0, 0, 0
	}
	v := make([]float64, len(rs))
	for i, r := range rs {
		v[i] = r.PodsPerSec
	}
	sort.Float64s(v)
	if len(v)%2 == 1 {
		median = v[len(v)/2]
	} else {
		median = (v[len(v)/2-1] + v[len(v)/2]) / 2
	}
	return median, v[0], v[len(v)-1]
}

// resolvePriority stands in for the Priority admission plugin in process.
func resolvePriority(w Workload, p *corev1.Pod) {
	if p.Spec.PriorityClassName == "" {
		return
	}
	for _, pc := range w.PriorityClasses {
		if pc.Name == p.Spec.PriorityClassName {
			v := pc.Value
			p.Spec.Priority = &v
			return
		}
	}
}

// parallel runs fn(i) for i in [0, n) on workers goroutines and returns
// the first error.
func parallel(ctx context.Context, workers, n int, fn func(ctx context.Context, i int) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n || ctx.Err() != nil {
					return
				}
				if err := fn(ctx, i); err != nil {
					cancel(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return ctx.Err()
}

func podKey(p *corev1.Pod) string { return p.Namespace + "/" + p.Name }

func phaseOf(p *corev1.Pod) string { return p.Labels[PhaseLabel] }

// uidFor gives in-process objects the UID the API server would.
func uidFor(kind, name string) meta.UID {
	return meta.UID(kind + "-" + strings.ReplaceAll(name, "/", "-"))
}
