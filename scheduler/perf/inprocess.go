package perf

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/gantryhq/gantry/scheduler"
	"github.com/gantryhq/gantry/scheduler/framework"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
)

// cluster is the in-process stand-in for the API server: the nodes and
// pods the harness gave the scheduler, with the bindings applied.
type cluster struct {
	s *scheduler.Scheduler

	mu    sync.Mutex
	nodes map[string]*corev1.Node
	pods  map[string]*corev1.Pod

	logs map[string]*bindLog // by phase
}

// bindPlugin binds by handing the scheduler the bound copy of the pod, as
// its pod informer would after the API server persisted the binding.
type bindPlugin struct{ c *cluster }

func (b bindPlugin) Name() string { return "PerfBinder" }

func (b bindPlugin) Bind(_ context.Context, _ *framework.CycleState, pod *corev1.Pod, node string) *framework.Status {
	c := b.c
	c.mu.Lock()
	old, ok := c.pods[podKey(pod)]
	if !ok || old.Spec.NodeName != "" {
		c.mu.Unlock()
		return framework.AsStatus(fmt.Errorf("pod %s is gone or already bound", podKey(pod)))
	}
	bound := old.DeepCopy()
	bound.Spec.NodeName = node
	c.pods[podKey(pod)] = bound
	c.mu.Unlock()
	c.s.UpdatePod(old, bound)
	if l := c.logs[phaseOf(pod)]; l != nil {
		l.add(podKey(pod), time.Now())
	}
	return nil
}

// victimHandle deletes preemption victims: in process there is no client,
// so the Preempted Event DefaultPreemption records for each victim is
// taken as the deletion the API server would have made.
type victimHandle struct {
	framework.Handle
	c *cluster
}

func (h victimHandle) EventRecorder() framework.EventRecorder { return victimRecorder{h.c} }

type victimRecorder struct{ c *cluster }

func (r victimRecorder) Eventf(obj *corev1.Pod, _, reason, _ string, _ ...any) {
	if reason != "Preempted" {
		return
	}
	r.c.deletePod(podKey(obj))
}

func (c *cluster) deletePod(key string) {
	c.mu.Lock()
	p, ok := c.pods[key]
	delete(c.pods, key)
	c.mu.Unlock()
	if ok {
		c.s.DeletePod(p)
	}
}

func (c *cluster) addNode(n *corev1.Node) {
	n.UID = uidFor("node", n.Name)
	c.mu.Lock()
	c.nodes[n.Name] = n
	c.mu.Unlock()
	c.s.AddNode(n)
}

func (c *cluster) deleteNode(name string) {
	c.mu.Lock()
	n, ok := c.nodes[name]
	delete(c.nodes, name)
	c.mu.Unlock()
	if ok {
		c.s.DeleteNode(n)
	}
}

func (c *cluster) addPod(w Workload, p *corev1.Pod) {
	p.UID = uidFor("pod", podKey(p))
	p.CreationTimestamp.Time = time.Now()
	resolvePriority(w, p)
	c.mu.Lock()
	c.pods[podKey(p)] = p
	c.mu.Unlock()
	c.s.AddPod(p)
}

func (c *cluster) state() ([]*corev1.Node, []*corev1.Pod) {
	c.mu.Lock()
	defer c.mu.Unlock()
	nodes := make([]*corev1.Node, 0, len(c.nodes))
	for _, n := range c.nodes {
		nodes = append(nodes, n)
	}
	pods := make([]*corev1.Pod, 0, len(c.pods))
	for _, p := range c.pods {
		pods = append(pods, p)
	}
	return nodes, pods
}

func runInProcess(ctx context.Context, w Workload, scale Scale, opts Options, res Result) (Result, error) {
	c := &cluster{
		nodes: make(map[string]*corev1.Node, scale.Nodes),
		pods:  make(map[string]*corev1.Pod, scale.InitPods+scale.MeasurePods),
		logs: map[string]*bindLog{
			phaseInit:    newBindLog(scale.InitPods),
			phaseMeasure: newBindLog(scale.MeasurePods),
		},
	}
	reg, added := pluginRegistry(func(h framework.Handle) framework.Handle { return victimHandle{h, c} })
	res.Plugins = added
	s, err := scheduler.New(scheduler.Config{
		Registry: reg,
		Profiles: []framework.Profile{profile(reg)},
		Binder:   bindPlugin{c},
		Logger:   opts.Logger,
	})
	if err != nil {
		return res, err
	}
	c.s = s
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	defer func() { cancel(); <-done }()

	setup := time.Now()
	for i := range scale.Nodes {
		c.addNode(w.Node(i))
	}
	go func() { s.Run(ctx); close(done) }()
	for i := range scale.InitPods {
		c.addPod(w, w.InitPod(i))
	}
	if err := c.logs[phaseInit].wait(ctx, opts.Timeout, "the initial pods"); err != nil {
		return res, err
	}
	res.Setup = time.Since(setup)
	opts.progress("  %s/%s: %d nodes and %d initial pods ready in %v", w.Name, opts.Variant, scale.Nodes, scale.InitPods, res.Setup.Round(time.Millisecond))

	if opts.OnMeasureStart != nil {
		opts.OnMeasureStart()
	}
	start := time.Now()
	stopChurn := runChurn(ctx, w.Churn, churnOps{
		addPod:     func(_ context.Context, p *corev1.Pod) error { c.addPod(w, p); return nil },
		addNode:    func(_ context.Context, n *corev1.Node) error { c.addNode(n); return nil },
		deleteNode: func(_ context.Context, name string) error { c.deleteNode(name); return nil },
	})
	for i := range scale.MeasurePods {
		c.addPod(w, w.MeasurePod(i))
	}
	err = c.logs[phaseMeasure].wait(ctx, opts.Timeout, "the measured pods")
	if opts.OnMeasureEnd != nil {
		opts.OnMeasureEnd()
	}
	churned := stopChurn()
	if err != nil {
		return res, err
	}
	if churned.err != nil {
		return res, churned.err
	}
	res.Unschedulable, res.NodesChurned = churned.pods, churned.nodes
	c.logs[phaseMeasure].finish(&res, start)
	nodes, pods := c.state()
	return res, Check(w, scale, nodes, pods)
}
