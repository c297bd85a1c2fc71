package scheduler

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/gantryhq/gantry/scheduler/framework"
	"github.com/gantryhq/gantry/scheduler/framework/runtime"
	"github.com/gantryhq/gantry/scheduler/internal/cache"
	"github.com/gantryhq/gantry/scheduler/internal/queue"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/client"
)

// DefaultSchedulerName is the profile of pods without spec.schedulerName.
const DefaultSchedulerName = "default-scheduler"

// DefaultBinderName is the name of the bind plugin Config.Binder replaces.
const DefaultBinderName = "DefaultBinder"

// Config configures a Scheduler. Zero values mean defaults.
type Config struct {
	// Client is the API client. With it the scheduler runs informers on
	// nodes, pods and namespaces, binds through pods/binding and reports
	// failures (PodScheduled condition, FailedScheduling Events). Nil: no
	// informers; feed the scheduler with AddNode/UpdateNode/DeleteNode/
	// AddPod/UpdatePod/DeletePod (in-process use) and set Binder.
	Client *client.Client
	// Registry holds the plugin factories. Default NewDefaultRegistry().
	Registry framework.Registry
	// Profiles are the scheduling profiles, selected by spec.schedulerName.
	// Each profile's Plugins are changes to DefaultPlugins() (see
	// runtime.MergePlugins). Default: one "default-scheduler" profile with
	// the default plugins. Every profile must use the same QueueSort plugin.
	Profiles []framework.Profile
	// PercentageOfNodesToScore bounds how many feasible nodes are searched
	// for (see numFeasibleNodesToFind). Default (nil or 0): Kubernetes'
	// adaptive 50 - nodes/125 %, at least 5 %, at least 100 nodes.
	PercentageOfNodesToScore *int32
	// Parallelism is the number of workers of Filter and Score. Default 16.
	Parallelism int
	// PodInitialBackoff and PodMaxBackoff bound the per-pod back-off.
	// Defaults 1s and 10s.
	PodInitialBackoff, PodMaxBackoff time.Duration
	// Binder, when set, replaces the DefaultBinder plugin in every profile.
	Binder framework.BindPlugin
	// Now is the clock of the queue and cache. Default time.Now.
	Now func() time.Time
	// Logger is the logger. Default slog.Default().
	Logger *slog.Logger
}

// Scheduler assigns pods to nodes. Build it with New and Run it.
type Scheduler struct {
	cfg        Config
	log        *slog.Logger
	cache      *cache.Cache
	queue      *queue.PriorityQueue
	snapshot   *cache.Snapshot
	profiles   map[string]*runtime.Framework
	par        *runtime.Parallelizer
	recorder   *eventRecorder
	status     *statusUpdater
	percentage int32

	// Scheduling-cycle state, owned by the scheduling goroutine.
	nextStartNodeIndex int
	posState           []uint8
	statusBuf          []*framework.Status
	totals             []int64

	bindWG  sync.WaitGroup
	runOnce sync.Once
}

// New builds a scheduler: its profiles' plugins, cache and queue.
func New(cfg Config) (*Scheduler, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Parallelism <= 0 {
		cfg.Parallelism = runtime.DefaultParallelism
	}
	reg := framework.Registry{}
	if cfg.Registry == nil {
		cfg.Registry = NewDefaultRegistry()
	}
	for name, f := range cfg.Registry {
		reg[name] = f
	}
	if cfg.Binder != nil {
		b := cfg.Binder
		reg[DefaultBinderName] = func(context.Context, json.RawMessage, framework.Handle) (framework.Plugin, error) { return b, nil }
	}
	profiles := cfg.Profiles
	if len(profiles) == 0 {
		profiles = []framework.Profile{{SchedulerName: DefaultSchedulerName}}
	}
	s := &Scheduler{
		cfg:      cfg,
		log:      cfg.Logger,
		cache:    cache.New(cache.Options{Now: cfg.Now}),
		snapshot: cache.NewEmptySnapshot(),
		profiles: map[string]*runtime.Framework{},
		par:      runtime.NewParallelizer(cfg.Parallelism),
	}
	if p := cfg.PercentageOfNodesToScore; p != nil {
		if *p < 0 || *p > 100 {
			s.par.Close()
			return nil, fmt.Errorf("scheduler: percentageOfNodesToScore %d is out of range; want 0 (adaptive) to 100", *p)
		}
		s.percentage = *p
	}
	if cfg.Client != nil {
		s.recorder = newEventRecorder(cfg.Client, DefaultSchedulerName, cfg.Logger)
		s.status = newStatusUpdater(cfg.Client, s.cache, cfg.Logger)
	}
	nominator := queue.NewNominator()
	var recorder framework.EventRecorder
	if s.recorder != nil {
		recorder = s.recorder
	}
	ctx := context.Background()
	qopts := queue.Options{
		PreEnqueue:        map[string][]framework.PreEnqueuePlugin{},
		Hints:             map[string][]queue.HintEntry{},
		PodInitialBackoff: cfg.PodInitialBackoff,
		PodMaxBackoff:     cfg.PodMaxBackoff,
		Now:               cfg.Now,
		Nominator:         nominator,
	}
	queueSortName := ""
	fail := func(err error) (*Scheduler, error) {
		s.close()
		return nil, err
	}
	for i := range profiles {
		p := profiles[i]
		if p.SchedulerName == "" {
			p.SchedulerName = DefaultSchedulerName
		}
		if _, dup := s.profiles[p.SchedulerName]; dup {
			return fail(fmt.Errorf("scheduler: two profiles are named %q", p.SchedulerName))
		}
		p.Plugins = runtime.MergePlugins(DefaultPlugins(), p.Plugins)
		fwk, err := runtime.NewFramework(ctx, reg, &p, runtime.Options{
			Client:               cfg.Client,
			EventRecorder:        recorder,
			SnapshotSharedLister: s.snapshot,
			Parallelizer:         s.par,
			PodNominator:         nominator,
			Logger:               cfg.Logger,
		})
		if err != nil {
			return fail(fmt.Errorf("scheduler: %w", err))
		}
		s.profiles[p.SchedulerName] = fwk
		qs := fwk.ExtensionPoints()["QueueSort"][0]
		if queueSortName == "" {
			queueSortName = qs
			qopts.Less = fwk.QueueSortFunc()
		} else if qs != queueSortName {
			return fail(fmt.Errorf("scheduler: profile %q uses queue sort plugin %q but the others use %q; all profiles must share one", p.SchedulerName, qs, queueSortName))
		}
		qopts.PreEnqueue[p.SchedulerName] = fwk.PreEnqueuePlugins()
		events, err := fwk.PluginEvents(ctx)
		if err != nil {
			return fail(fmt.Errorf("scheduler: profile %q: %w", p.SchedulerName, err))
		}
		for name, evs := range events {
			for _, e := range evs {
				qopts.Hints[p.SchedulerName] = append(qopts.Hints[p.SchedulerName], queue.HintEntry{Plugin: name, Event: e.Event, Fn: e.QueueingHintFn})
			}
		}
	}
	s.queue = queue.New(qopts)
	return s, nil
}

func (s *Scheduler) close() {
	for _, f := range s.profiles {
		if err := f.Close(); err != nil {
			s.log.Error("closing profile", "profile", f.ProfileName(), "err", err)
		}
	}
	s.par.Close()
}

// Run schedules pods until ctx ends, then stops cleanly: it waits for the
// bindings in flight and closes the plugins. With a Client it first starts
// the informers and waits for their caches. Run may be called once.
func (s *Scheduler) Run(ctx context.Context) {
	ran := false
	s.runOnce.Do(func() { ran = true })
	if !ran {
		s.log.Error("scheduler: Run called twice")
		return
	}
	var wg sync.WaitGroup
	defer func() {
		s.queue.Close()
		wg.Wait()
		s.bindWG.Wait()
		s.close()
	}()
	goRun := func(fn func(context.Context)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(ctx)
		}()
	}
	if s.cfg.Client != nil {
		synced := s.startInformers(ctx, goRun)
		if !client.WaitForCacheSync(ctx, synced...) {
			return
		}
		goRun(s.recorder.run)
		goRun(s.status.run)
	}
	goRun(s.queue.Run)
	goRun(s.cache.Run)
	goRun(func(ctx context.Context) {
		<-ctx.Done()
		s.queue.Close()
	})
	for s.scheduleOne(ctx) {
	}
}

func schedulerName(p *corev1.Pod) string {
	if p.Spec.SchedulerName == "" {
		return DefaultSchedulerName
	}
	return p.Spec.SchedulerName
}

func (s *Scheduler) responsibleFor(p *corev1.Pod) bool {
	_, ok := s.profiles[schedulerName(p)]
	return ok
}

func isTerminal(p *corev1.Pod) bool {
	return p.Status.Phase == corev1.PodSucceeded || p.Status.Phase == corev1.PodFailed
}

// Cluster events the scheduler raises from informer changes.
var (
	nodeAdd         = framework.ClusterEvent{Resource: framework.NodeResource, ActionType: framework.Add, Label: "NodeAdd"}
	assignedPodAdd  = framework.ClusterEvent{Resource: framework.AssignedPod, ActionType: framework.Add, Label: "AssignedPodAdd"}
	assignedPodDel  = framework.ClusterEvent{Resource: framework.AssignedPod, ActionType: framework.Delete, Label: "AssignedPodDelete"}
	namespaceAdd    = framework.ClusterEvent{Resource: framework.NamespaceResource, ActionType: framework.Add, Label: "NamespaceAdd"}
	namespaceUpdate = framework.ClusterEvent{Resource: framework.NamespaceResource, ActionType: framework.Update, Label: "NamespaceUpdate"}
	errNoNodesAvail = errors.New("no nodes available to schedule pods")
	errBindAllSkip  = errors.New("no bind plugin bound the pod: all of them returned Skip")
)

// AddNode adds a node.
func (s *Scheduler) AddNode(node *corev1.Node) {
	s.cache.AddNode(node)
	s.queue.MoveAllToActiveOrBackoffQueue(nodeAdd, nil, node, nil)
}

// UpdateNode updates a node; pods waiting for a change of the kind that
// happened are retried.
func (s *Scheduler) UpdateNode(old, node *corev1.Node) {
	s.cache.UpdateNode(old, node)
	if ev, ok := nodeUpdateEvent(old, node); ok {
		s.queue.MoveAllToActiveOrBackoffQueue(ev, old, node, nil)
	}
}

// DeleteNode removes a node.
func (s *Scheduler) DeleteNode(node *corev1.Node) { s.cache.RemoveNode(node) }

// AddPod adds a pod: a bound one to the cache, an unbound one of one of the
// scheduler's profiles to the queue. Terminal pods are ignored.
func (s *Scheduler) AddPod(pod *corev1.Pod) {
	if isTerminal(pod) {
		return
	}
	if pod.Spec.NodeName != "" {
		s.cache.AddPod(pod)
		s.queue.MoveAllToActiveOrBackoffQueue(assignedPodAdd, nil, pod, nil)
		return
	}
	if s.responsibleFor(pod) {
		s.queue.Add(pod)
	}
}

// UpdatePod handles a pod change (including its binding).
func (s *Scheduler) UpdatePod(old, pod *corev1.Pod) {
	switch {
	case pod.Spec.NodeName != "" && old.Spec.NodeName == "":
		s.queue.Delete(old)
		if isTerminal(pod) {
			s.cache.RemovePod(pod)
			return
		}
		s.cache.AddPod(pod)
		s.queue.MoveAllToActiveOrBackoffQueue(assignedPodAdd, nil, pod, nil)
	case pod.Spec.NodeName != "":
		if isTerminal(pod) {
			s.cache.RemovePod(pod)
			s.queue.MoveAllToActiveOrBackoffQueue(assignedPodDel, pod, nil, nil)
			return
		}
		s.cache.UpdatePod(old, pod)
		if ev, ok := assignedPodUpdateEvent(old, pod); ok {
			s.queue.MoveAllToActiveOrBackoffQueue(ev, old, pod, nil)
		}
	case s.responsibleFor(pod):
		if isTerminal(pod) {
			s.DeletePod(pod)
			return
		}
		s.queue.Update(old, pod)
	}
}

// DeletePod removes a pod.
func (s *Scheduler) DeletePod(pod *corev1.Pod) {
	if pod.Spec.NodeName != "" {
		s.cache.RemovePod(pod)
		s.queue.MoveAllToActiveOrBackoffQueue(assignedPodDel, pod, nil, nil)
		return
	}
	s.queue.Delete(pod)
	if fwk := s.profiles[schedulerName(pod)]; fwk != nil {
		fwk.RejectWaitingPod(string(pod.UID))
	}
}

func (s *Scheduler) addNamespace(ns *corev1.Namespace) {
	s.cache.SetNamespace(ns)
	s.queue.MoveAllToActiveOrBackoffQueue(namespaceAdd, nil, ns, nil)
}

func (s *Scheduler) updateNamespace(old, ns *corev1.Namespace) {
	s.cache.SetNamespace(ns)
	if !equalStringMaps(old.Labels, ns.Labels) {
		s.queue.MoveAllToActiveOrBackoffQueue(namespaceUpdate, old, ns, nil)
	}
}

func (s *Scheduler) deleteNamespace(ns *corev1.Namespace) { s.cache.RemoveNamespace(ns) }
