package runtime

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"sync"

	"github.com/gantryhq/gantry/scheduler/framework"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/client"
)

// DefaultSchedulerName is the profile name used when a Profile has none.
const DefaultSchedulerName = "default-scheduler"

// Options give a Framework what its Handle serves. Zero values mean
// "none" (a nil lister, recorder or nominator) except Parallelizer.
type Options struct {
	// Client is the API client (nil for an in-process scheduler).
	Client *client.Client
	// EventRecorder records Events; default: discards them.
	EventRecorder framework.EventRecorder
	// SnapshotSharedLister is the per-cycle snapshot the scheduler refreshes.
	SnapshotSharedLister framework.SharedLister
	// Parallelizer runs parallel work; default a new pool of DefaultParallelism
	// (closed by Close).
	Parallelizer framework.Parallelizer
	// PodNominator gives the nominated pods.
	PodNominator framework.PodNominator
	// Logger is the logger; default slog.Default().
	Logger *slog.Logger
}

type weightedScorePlugin struct {
	framework.ScorePlugin
	weight int64
	ext    framework.ScoreExtensions
	batch  framework.BatchScorePlugin
}

// Framework runs one profile's plugins at every extension point and is the
// Handle its plugins get. Build it with NewFramework. Its Run methods may be
// called concurrently for different pods.
type Framework struct {
	profileName string
	percentage  *int32
	opts        Options
	ownPar      *Parallelizer

	plugins     map[string]framework.Plugin
	queueSort   framework.QueueSortPlugin
	preEnqueue  []framework.PreEnqueuePlugin
	preFilter   []framework.PreFilterPlugin
	filter      []framework.FilterPlugin
	batchFilter map[string]framework.BatchFilterPlugin
	postFilter  []framework.PostFilterPlugin
	preScore    []framework.PreScorePlugin
	score       []weightedScorePlugin
	reserve     []framework.ReservePlugin
	permit      []framework.PermitPlugin
	preBind     []framework.PreBindPlugin
	bind        []framework.BindPlugin
	postBind    []framework.PostBindPlugin

	waiting   waitingPods
	scorePool sync.Pool
}

var _ framework.Handle = (*Framework)(nil)

// NewFramework builds the plugins of profile from r. profile.Plugins is
// used as given (apply MergePlugins with the defaults first); MultiPoint
// plugins are expanded to every extension point they implement, unless
// disabled there ("*" disables all) or configured there explicitly (that
// wins). Plugin arguments come from profile.PluginConfig and are decoded
// strictly by each plugin's Factory. Errors name the offending plugin.
func NewFramework(ctx context.Context, r framework.Registry, profile *framework.Profile, opts Options) (*Framework, error) {
	if profile == nil {
		profile = &framework.Profile{}
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	f := &Framework{
		profileName: profile.SchedulerName,
		percentage:  profile.PercentageOfNodesToScore,
		plugins:     map[string]framework.Plugin{},
		batchFilter: map[string]framework.BatchFilterPlugin{},
		waiting:     waitingPods{pods: map[string]*waitingPod{}},
	}
	if f.profileName == "" {
		f.profileName = DefaultSchedulerName
	}
	if opts.Parallelizer == nil {
		f.ownPar = NewParallelizer(DefaultParallelism)
		opts.Parallelizer = f.ownPar
	}
	f.opts = opts
	ok := false
	defer func() {
		if !ok {
			_ = f.Close()
		}
	}()
	plugins := profile.Plugins
	if plugins == nil {
		plugins = &framework.Plugins{}
	}

	args := map[string]json.RawMessage{}
	for _, pc := range profile.PluginConfig {
		if _, dup := args[pc.Name]; dup {
			return nil, fmt.Errorf("profile %q: pluginConfig for plugin %q is given twice", f.profileName, pc.Name)
		}
		if _, known := r[pc.Name]; !known {
			return nil, fmt.Errorf("profile %q: pluginConfig for plugin %q, which is not registered (registered: %v)", f.profileName, pc.Name, r.Names())
		}
		args[pc.Name] = pc.Args
	}

	needed := map[string]bool{}
	for _, set := range allSets(plugins) {
		for _, ref := range set.Enabled {
			needed[ref.Name] = true
		}
	}
	names := make([]string, 0, len(needed))
	for n := range needed {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		factory, known := r[name]
		if !known {
			return nil, fmt.Errorf("profile %q: plugin %q is not registered (registered: %v)", f.profileName, name, r.Names())
		}
		pl, err := factory(ctx, args[name], f)
		if err != nil {
			return nil, fmt.Errorf("profile %q: initializing plugin %q: %w", f.profileName, name, err)
		}
		f.plugins[name] = pl
	}

	mp := plugins.MultiPoint.Enabled
	var err error
	var queueSort []framework.QueueSortPlugin
	if queueSort, err = buildPoint[framework.QueueSortPlugin]("QueueSort", plugins.QueueSort, mp, f.plugins); err != nil {
		return nil, err
	}
	if f.preEnqueue, err = buildPoint[framework.PreEnqueuePlugin]("PreEnqueue", plugins.PreEnqueue, mp, f.plugins); err != nil {
		return nil, err
	}
	if f.preFilter, err = buildPoint[framework.PreFilterPlugin]("PreFilter", plugins.PreFilter, mp, f.plugins); err != nil {
		return nil, err
	}
	if f.filter, err = buildPoint[framework.FilterPlugin]("Filter", plugins.Filter, mp, f.plugins); err != nil {
		return nil, err
	}
	if f.postFilter, err = buildPoint[framework.PostFilterPlugin]("PostFilter", plugins.PostFilter, mp, f.plugins); err != nil {
		return nil, err
	}
	if f.preScore, err = buildPoint[framework.PreScorePlugin]("PreScore", plugins.PreScore, mp, f.plugins); err != nil {
		return nil, err
	}
	var scores []framework.ScorePlugin
	if scores, err = buildPoint[framework.ScorePlugin]("Score", plugins.Score, mp, f.plugins); err != nil {
		return nil, err
	}
	if f.reserve, err = buildPoint[framework.ReservePlugin]("Reserve", plugins.Reserve, mp, f.plugins); err != nil {
		return nil, err
	}
	if f.permit, err = buildPoint[framework.PermitPlugin]("Permit", plugins.Permit, mp, f.plugins); err != nil {
		return nil, err
	}
	if f.preBind, err = buildPoint[framework.PreBindPlugin]("PreBind", plugins.PreBind, mp, f.plugins); err != nil {
		return nil, err
	}
	if f.bind, err = buildPoint[framework.BindPlugin]("Bind", plugins.Bind, mp, f.plugins); err != nil {
		return nil, err
	}
	if f.postBind, err = buildPoint[framework.PostBindPlugin]("PostBind", plugins.PostBind, mp, f.plugins); err != nil {
		return nil, err
	}
	if len(queueSort) != 1 {
		return nil, fmt.Errorf("profile %q: exactly one queue sort plugin is required, got %d", f.profileName, len(queueSort))
	}
	f.queueSort = queueSort[0]
	if len(f.bind) == 0 {
		return nil, fmt.Errorf("profile %q: at least one bind plugin is required", f.profileName)
	}
	for _, pl := range f.filter {
		if b, ok := pl.(framework.BatchFilterPlugin); ok {
			f.batchFilter[pl.Name()] = b
		}
	}

	weights := map[string]int64{}
	for _, ref := range append(append([]framework.PluginRef(nil), plugins.Score.Enabled...), mp...) {
		if _, done := weights[ref.Name]; done {
			continue
		}
		if ref.Weight < 0 {
			return nil, fmt.Errorf("profile %q: score plugin %q has a negative weight %d; weights must be positive (0 means 1)", f.profileName, ref.Name, ref.Weight)
		}
		w := int64(ref.Weight)
		if w == 0 {
			w = 1
		}
		weights[ref.Name] = w
	}
	var total int64
	for _, pl := range scores {
		w := weights[pl.Name()]
		if w == 0 {
			return nil, fmt.Errorf("profile %q: score plugin %q is not configured with a weight", f.profileName, pl.Name())
		}
		total += w * framework.MaxNodeScore
		wp := weightedScorePlugin{ScorePlugin: pl, weight: w, ext: pl.ScoreExtensions()}
		if b, ok := pl.(framework.BatchScorePlugin); ok {
			wp.batch = b
		}
		f.score = append(f.score, wp)
	}
	if total > 1<<53 {
		return nil, fmt.Errorf("profile %q: the total score of the score plugins could overflow", f.profileName)
	}
	ok = true
	return f, nil
}

func allSets(p *framework.Plugins) []framework.PluginSet {
	return []framework.PluginSet{p.PreEnqueue, p.QueueSort, p.PreFilter, p.Filter, p.PostFilter, p.PreScore,
		p.Score, p.Reserve, p.Permit, p.PreBind, p.Bind, p.PostBind, p.MultiPoint}
}

// buildPoint returns the plugins of one extension point: those enabled
// there, then the MultiPoint ones implementing T, in Kubernetes' order
// (explicit overrides of MultiPoint plugins first, then MultiPoint, then
// the other explicit ones).
func buildPoint[T framework.Plugin](point string, set framework.PluginSet, multi []framework.PluginRef, plugins map[string]framework.Plugin) ([]T, error) {
	var enabled []string
	seen := map[string]bool{}
	for _, ref := range set.Enabled {
		pl := plugins[ref.Name]
		if _, ok := pl.(T); !ok {
			return nil, fmt.Errorf("plugin %q does not extend the %s extension point", ref.Name, point)
		}
		if seen[ref.Name] {
			return nil, fmt.Errorf("plugin %q is enabled twice at the %s extension point", ref.Name, point)
		}
		seen[ref.Name] = true
		enabled = append(enabled, ref.Name)
	}
	disabled := map[string]bool{}
	for _, ref := range set.Disabled {
		disabled[ref.Name] = true
	}
	var multiNames []string
	override := map[string]bool{}
	if !disabled["*"] {
		multiSeen := map[string]bool{}
		for _, ref := range multi {
			if _, ok := plugins[ref.Name].(T); !ok || disabled[ref.Name] {
				continue
			}
			if seen[ref.Name] {
				override[ref.Name] = true
				continue
			}
			if multiSeen[ref.Name] {
				return nil, fmt.Errorf("plugin %q is enabled twice in multiPoint", ref.Name)
			}
			multiSeen[ref.Name] = true
			multiNames = append(multiNames, ref.Name)
		}
	}
	out := make([]T, 0, len(enabled)+len(multiNames))
	for _, n := range enabled {
		if override[n] {
			out = append(out, plugins[n].(T))
		}
	}
	for _, n := range multiNames {
		out = append(out, plugins[n].(T))
	}
	for _, n := range enabled {
		if !override[n] {
			out = append(out, plugins[n].(T))
		}
	}
	return out, nil
}

// ProfileName returns the profile's scheduler name.
func (f *Framework) ProfileName() string { return f.profileName }

// PercentageOfNodesToScore returns the profile's override, or nil.
func (f *Framework) PercentageOfNodesToScore() *int32 { return f.percentage }

// QueueSortFunc returns the QueueSort plugin's Less.
func (f *Framework) QueueSortFunc() func(a, b *framework.QueuedPodInfo) bool { return f.queueSort.Less }

// PreEnqueuePlugins returns the PreEnqueue plugins.
func (f *Framework) PreEnqueuePlugins() []framework.PreEnqueuePlugin { return f.preEnqueue }

// HasFilterPlugins reports whether any Filter plugin is enabled.
func (f *Framework) HasFilterPlugins() bool { return len(f.filter) > 0 }

// HasPostFilterPlugins reports whether any PostFilter plugin is enabled.
func (f *Framework) HasPostFilterPlugins() bool { return len(f.postFilter) > 0 }

// HasScorePlugins reports whether any Score plugin is enabled.
func (f *Framework) HasScorePlugins() bool { return len(f.score) > 0 }

// PluginNames returns the names of every plugin built, sorted.
func (f *Framework) PluginNames() []string {
	out := make([]string, 0, len(f.plugins))
	for n := range f.plugins {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// ScoreWeights returns the weight of each Score plugin.
func (f *Framework) ScoreWeights() map[string]int64 {
	out := make(map[string]int64, len(f.score))
	for _, s := range f.score {
		out[s.Name()] = s.weight
	}
	return out
}

// ExtensionPoints returns, per extension point, the plugin names in the
// order they run (for tests and diagnostics).
func (f *Framework) ExtensionPoints() map[string][]string {
	names := func(n int, at func(int) string) []string {
		if n == 0 {
			return nil
		}
		out := make([]string, n)
		for i := range out {
			out[i] = at(i)
		}
		return out
	}
	return map[string][]string{
		"QueueSort":  {f.queueSort.Name()},
		"PreEnqueue": names(len(f.preEnqueue), func(i int) string { return f.preEnqueue[i].Name() }),
		"PreFilter":  names(len(f.preFilter), func(i int) string { return f.preFilter[i].Name() }),
		"Filter":     names(len(f.filter), func(i int) string { return f.filter[i].Name() }),
		"PostFilter": names(len(f.postFilter), func(i int) string { return f.postFilter[i].Name() }),
		"PreScore":   names(len(f.preScore), func(i int) string { return f.preScore[i].Name() }),
		"Score":      names(len(f.score), func(i int) string { return f.score[i].Name() }),
		"Reserve":    names(len(f.reserve), func(i int) string { return f.reserve[i].Name() }),
		"Permit":     names(len(f.permit), func(i int) string { return f.permit[i].Name() }),
		"PreBind":    names(len(f.preBind), func(i int) string { return f.preBind[i].Name() }),
		"Bind":       names(len(f.bind), func(i int) string { return f.bind[i].Name() }),
		"PostBind":   names(len(f.postBind), func(i int) string { return f.postBind[i].Name() }),
	}
}

// PluginEvents returns, for every plugin, the cluster events that may make
// a pod it rejected schedulable. Plugins without EnqueueExtensions are
// interested in every event.
func (f *Framework) PluginEvents(ctx context.Context) (map[string][]framework.ClusterEventWithHint, error) {
	out := map[string][]framework.ClusterEventWithHint{}
	for name, pl := range f.plugins {
		ext, ok := pl.(framework.EnqueueExtensions)
		if !ok {
			out[name] = []framework.ClusterEventWithHint{{Event: framework.ClusterEvent{Resource: framework.WildCard, ActionType: framework.All}}}
			continue
		}
		evs, err := ext.EventsToRegister(ctx)
		if err != nil {
			return nil, fmt.Errorf("plugin %q: events to register: %w", name, err)
		}
		out[name] = evs
	}
	return out, nil
}

// Close closes the plugins implementing io.Closer and the framework's own
// parallelizer.
func (f *Framework) Close() error {
	var errs []error
	for _, name := range f.PluginNames() {
		if c, ok := f.plugins[name].(io.Closer); ok {
			if err := c.Close(); err != nil {
				errs = append(errs, fmt.Errorf("closing plugin %q: %w", name, err))
			}
		}
	}
	if f.ownPar != nil {
		f.ownPar.Close()
	}
	return errors.Join(errs...)
}

// Handle.

// SnapshotSharedLister returns the snapshot of the current cycle.
func (f *Framework) SnapshotSharedLister() framework.SharedLister { return f.opts.SnapshotSharedLister }

// Client returns the API client (nil for an in-process scheduler).
func (f *Framework) Client() *client.Client { return f.opts.Client }

// EventRecorder returns the Event recorder (never nil).
func (f *Framework) EventRecorder() framework.EventRecorder {
	if f.opts.EventRecorder == nil {
		return nopRecorder{}
	}
	return f.opts.EventRecorder
}

type nopRecorder struct{}

func (nopRecorder) Eventf(*corev1.Pod, string, string, string, ...any) {}

// Parallelizer returns the parallelizer.
func (f *Framework) Parallelizer() framework.Parallelizer { return f.opts.Parallelizer }

// PodNominator returns the nominator (may be nil).
func (f *Framework) PodNominator() framework.PodNominator { return f.opts.PodNominator }

// Logger returns the logger.
func (f *Framework) Logger() *slog.Logger { return f.opts.Logger }
