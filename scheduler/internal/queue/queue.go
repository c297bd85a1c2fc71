package queue

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"sync"
	"time"

	"github.com/gantryhq/gantry/scheduler/framework"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
)

// Defaults of Options.
const (
	DefaultPodInitialBackoff = time.Second
	DefaultPodMaxBackoff     = 10 * time.Second
	// DefaultMaxInUnschedulable is Kubernetes' podMaxInUnschedulablePodsDuration.
	DefaultMaxInUnschedulable = 5 * time.Minute
	// DefaultSchedulerName is the profile of pods without spec.schedulerName.
	DefaultSchedulerName = "default-scheduler"
)

// Periods of the flushes Run does.
const (
	backoffFlushPeriod       = time.Second
	unschedulableFlushPeriod = 30 * time.Second
)

// ErrClosed is returned by Pop once the queue is closed.
var ErrClosed = errors.New("scheduling queue is closed")

// Events the queue raises itself.
var (
	// UnschedulableTimeout moves pods that stayed in the unschedulable pool too long.
	UnschedulableTimeout = framework.ClusterEvent{Resource: framework.WildCard, ActionType: framework.All, Label: "UnschedulableTimeout"}
	// ForceActivate moves every pod.
	ForceActivate = framework.ClusterEvent{Resource: framework.WildCard, ActionType: framework.All, Label: "ForceActivate"}
)

// HintEntry is one plugin's interest in a cluster event, with its hint.
type HintEntry struct {
	Plugin string
	Event  framework.ClusterEvent
	// Fn may be nil: Queue.
	Fn framework.QueueingHintFn
}

// Options configure a PriorityQueue. Zero values mean defaults.
type Options struct {
	// Less orders the active queue (the QueueSort plugin). Default: FIFO by Timestamp.
	Less func(a, b *framework.QueuedPodInfo) bool
	// PreEnqueue are the PreEnqueue plugins by scheduler name.
	PreEnqueue map[string][]framework.PreEnqueuePlugin
	// Hints are the plugins' registered events by scheduler name.
	Hints map[string][]HintEntry
	// PodInitialBackoff and PodMaxBackoff bound the back-off. Defaults 1s and 10s.
	PodInitialBackoff, PodMaxBackoff time.Duration
	// MaxInUnschedulable is how long a pod stays in the unschedulable pool
	// without an event before it is retried. Default 5 min.
	MaxInUnschedulable time.Duration
	// Now is the clock. Default time.Now.
	Now func() time.Time
	// Nominator keeps nominated pods. Default: a new one.
	Nominator *Nominator
}

type inFlight struct {
	deleted bool
	updated *corev1.Pod
}

// PriorityQueue is the scheduling queue. See the package documentation.
type PriorityQueue struct {
	opts      Options
	nominator *Nominator

	mu               sync.Mutex
	cond             *sync.Cond
	active           *podHeap
	backoff          *podHeap
	unsched          map[string]*framework.QueuedPodInfo
	inFlight         map[string]*inFlight
	schedulingCycle  int64
	moveRequestCycle int64
	closed           bool
}

// New returns an empty queue.
func New(opts Options) *PriorityQueue {
	if opts.PodInitialBackoff <= 0 {
		opts.PodInitialBackoff = DefaultPodInitialBackoff
	}
	if opts.PodMaxBackoff <= 0 {
		opts.PodMaxBackoff = DefaultPodMaxBackoff
	}
	if opts.MaxInUnschedulable <= 0 {
		opts.MaxInUnschedulable = DefaultMaxInUnschedulable
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Less == nil {
		opts.Less = func(a, b *framework.QueuedPodInfo) bool { return a.Timestamp.Before(b.Timestamp) }
	}
	if opts.Nominator == nil {
		opts.Nominator = NewNominator()
	}
	q := &PriorityQueue{
		opts:      opts,
		nominator: opts.Nominator,
		active:    newPodHeap(opts.Less),
		unsched:   map[string]*framework.QueuedPodInfo{},
		inFlight:  map[string]*inFlight{},
	}
	q.backoff = newPodHeap(func(a, b *framework.QueuedPodInfo) bool {
		return q.backoffTime(a).Before(q.backoffTime(b))
	})
	q.cond = sync.NewCond(&q.mu)
	return q
}

func podKey(p *corev1.Pod) string {
	if p.UID != "" {
		return string(p.UID)
	}
	return p.Namespace + "/" + p.Name
}

func schedulerName(p *corev1.Pod) string {
	if p.Spec.SchedulerName == "" {
		return DefaultSchedulerName
	}
	return p.Spec.SchedulerName
}

// Nominator returns the queue's nominator.
func (q *PriorityQueue) Nominator() *Nominator { return q.nominator }

// Run flushes the back-off queue every second and the unschedulable pool
// every 30 s until ctx ends.
func (q *PriorityQueue) Run(ctx context.Context) {
	bt := time.NewTicker(backoffFlushPeriod)
	defer bt.Stop()
	ut := time.NewTicker(unschedulableFlushPeriod)
	defer ut.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-bt.C:
			q.FlushBackoffQCompleted()
		case <-ut.C:
			q.FlushUnschedulablePodsLeftover()
		}
	}
}

// Close makes Pop return ErrClosed.
func (q *PriorityQueue) Close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Broadcast()
}

func (q *PriorityQueue) newQueuedPodInfo(pod *corev1.Pod) *framework.QueuedPodInfo {
	return &framework.QueuedPodInfo{PodInfo: framework.NewPodInfo(pod), Timestamp: q.opts.Now()}
}

// runPreEnqueue reports whether p passes the PreEnqueue plugins; when it
// does not, p is marked Gated with the gating plugin as its rejector.
func (q *PriorityQueue) runPreEnqueue(p *framework.QueuedPodInfo) bool {
	for _, pl := range q.opts.PreEnqueue[schedulerName(p.Pod)] {
		if s := pl.PreEnqueue(context.Background(), p.Pod); !s.IsSuccess() {
			p.Gated = true
			p.UnschedulablePlugins = map[string]struct{}{pl.Name(): {}}
			p.PendingPlugins = nil
			return false
		}
	}
	p.Gated = false
	return true
}

// Add adds a new unscheduled pod (an update when it is already queued).
func (q *PriorityQueue) Add(pod *corev1.Pod) {
	q.mu.Lock()
	defer q.mu.Unlock()
	key := podKey(pod)
	if q.queuedLocked(key) != nil || q.inFlight[key] != nil {
		q.updateLocked(nil, pod)
		return
	}
	p := q.newQueuedPodInfo(pod)
	q.nominator.AddNominatedPod(p.PodInfo, "")
	if !q.runPreEnqueue(p) {
		q.unsched[key] = p
		return
	}
	q.active.push(key, p)
	q.cond.Broadcast()
}

func (q *PriorityQueue) queuedLocked(key string) *framework.QueuedPodInfo {
	if p, ok := q.active.get(key); ok {
		return p
	}
	if p, ok := q.backoff.get(key); ok {
		return p
	}
	return q.unsched[key]
}

// Pop blocks until a pod is active (or the queue is closed) and returns
// it, counting an attempt. The pod is in flight until Done.
func (q *PriorityQueue) Pop() (*framework.QueuedPodInfo, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for q.active.Len() == 0 && !q.closed {
		q.cond.Wait()
	}
	if q.closed {
		return nil, ErrClosed
	}
	p := q.active.pop()
	p.Attempts++
	if p.InitialAttemptTimestamp == nil {
		now := q.opts.Now()
		p.InitialAttemptTimestamp = &now
	}
	q.schedulingCycle++
	q.inFlight[podKey(p.Pod)] = &inFlight{}
	return p, nil
}

// SchedulingCycle returns the number of pods popped so far.
func (q *PriorityQueue) SchedulingCycle() int64 {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.schedulingCycle
}

// Done ends pod's flight (its scheduling succeeded or it was re-queued).
func (q *PriorityQueue) Done(pod *corev1.Pod) {
	q.mu.Lock()
	delete(q.inFlight, podKey(pod))
	q.mu.Unlock()
}

// AddUnschedulableIfNotPresent re-queues a pod whose scheduling attempt
// (started in podSchedulingCycle) failed. It goes to the back-off queue
// when it has no rejecting plugin (an error) or when a move request came
// during its attempt; otherwise to the unschedulable pool. A pod deleted
// during the attempt is dropped; one updated during it is re-queued with
// its new spec.
func (q *PriorityQueue) AddUnschedulableIfNotPresent(p *framework.QueuedPodInfo, podSchedulingCycle int64) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	key := podKey(p.Pod)
	fl := q.inFlight[key]
	delete(q.inFlight, key)
	if fl != nil && fl.deleted {
		return nil
	}
	if q.queuedLocked(key) != nil {
		return fmt.Errorf("pod %s/%s is already in the scheduling queue", p.Pod.Namespace, p.Pod.Name)
	}
	updated := false
	if fl != nil && fl.updated != nil {
		p.PodInfo = framework.NewPodInfo(fl.updated)
		updated = true
	}
	p.Timestamp = q.opts.Now()
	p.Gated = false
	if updated || q.moveRequestCycle >= podSchedulingCycle || (len(p.UnschedulablePlugins) == 0 && len(p.PendingPlugins) == 0) {
		q.backoff.push(key, p)
		return nil
	}
	q.unsched[key] = p
	return nil
}

// Update handles a change of an unscheduled pod.
func (q *PriorityQueue) Update(old, pod *corev1.Pod) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.updateLocked(old, pod)
}

func (q *PriorityQueue) updateLocked(old, pod *corev1.Pod) {
	key := podKey(pod)
	if fl, ok := q.inFlight[key]; ok {
		fl.updated = pod
		return
	}
	if p, ok := q.active.get(key); ok {
		p = q.replaced(p, old, pod)
		q.active.push(key, p)
		return
	}
	if p, ok := q.backoff.get(key); ok {
		p = q.replaced(p, old, pod)
		q.backoff.push(key, p)
		return
	}
	if p, ok := q.unsched[key]; ok {
		if old == nil {
			old = p.Pod
		}
		p = q.replaced(p, old, pod)
		q.unsched[key] = p
		if p.Gated {
			if q.runPreEnqueue(p) {
				delete(q.unsched, key)
				q.active.push(key, p)
				q.cond.Broadcast()
			}
			return
		}
		ev, changed := podSchedulingPropertiesChange(old, pod)
		if changed && q.worthRequeuing(p, ev, old, pod) {
			delete(q.unsched, key)
			q.requeueLocked(key, p)
		}
		return
	}
	// Unknown: a new pod.
	p := q.newQueuedPodInfo(pod)
	q.nominator.AddNominatedPod(p.PodInfo, "")
	if !q.runPreEnqueue(p) {
		q.unsched[key] = p
		return
	}
	q.active.push(key, p)
	q.cond.Broadcast()
}

// replaced returns a copy of p for the new pod: PodInfos are never
// changed in place because the nominator shares them.
func (q *PriorityQueue) replaced(p *framework.QueuedPodInfo, old, pod *corev1.Pod) *framework.QueuedPodInfo {
	cp := *p
	cp.PodInfo = framework.NewPodInfo(pod)
	if old == nil {
		old = p.Pod
	}
	q.nominator.UpdateNominatedPod(old, cp.PodInfo)
	return &cp
}

// Delete removes a pod.
func (q *PriorityQueue) Delete(pod *corev1.Pod) {
	q.mu.Lock()
	defer q.mu.Unlock()
	key := podKey(pod)
	q.nominator.DeleteNominatedPodIfExists(pod)
	if fl, ok := q.inFlight[key]; ok {
		fl.deleted = true
	}
	q.active.remove(key)
	q.backoff.remove(key)
	delete(q.unsched, key)
}

// AddNominatedPod nominates pi to nodeName.
func (q *PriorityQueue) AddNominatedPod(pi *framework.PodInfo, nodeName string) {
	q.nominator.AddNominatedPod(pi, nodeName)
}

// DeleteNominatedPodIfExists forgets pod's nomination.
func (q *PriorityQueue) DeleteNominatedPodIfExists(pod *corev1.Pod) {
	q.nominator.DeleteNominatedPodIfExists(pod)
}

// MoveAllToActiveOrBackoffQueue moves the unschedulable pods that event
// (oldObj → newObj) may help, per the rejecting plugins' hints, to the
// active queue (or the back-off queue while they back off). preCheck, when
// not nil, filters the pods considered.
func (q *PriorityQueue) MoveAllToActiveOrBackoffQueue(event framework.ClusterEvent, oldObj, newObj any, preCheck func(*corev1.Pod) bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.moveRequestCycle = q.schedulingCycle
	if len(q.unsched) == 0 {
		return
	}
	moved := false
	for key, p := range q.unsched {
		if preCheck != nil && !preCheck(p.Pod) {
			continue
		}
		if !q.worthRequeuing(p, event, oldObj, newObj) {
			continue
		}
		if p.Gated && !q.runPreEnqueue(p) {
			continue
		}
		delete(q.unsched, key)
		q.requeueLocked(key, p)
		moved = true
	}
	if moved {
		q.cond.Broadcast()
	}
}

// requeueLocked puts a pod leaving the unschedulable pool into backoffQ
// or activeQ.
func (q *PriorityQueue) requeueLocked(key string, p *framework.QueuedPodInfo) {
	if q.isBackingOff(p) {
		q.backoff.push(key, p)
		return
	}
	q.active.push(key, p)
	q.cond.Broadcast()
}

// worthRequeuing reports whether event may make p schedulable.
func (q *PriorityQueue) worthRequeuing(p *framework.QueuedPodInfo, event framework.ClusterEvent, oldObj, newObj any) bool {
	if len(p.UnschedulablePlugins) == 0 && len(p.PendingPlugins) == 0 {
		return true
	}
	if event.Resource == framework.WildCard && event.ActionType == framework.All {
		return true
	}
	for _, h := range q.opts.Hints[schedulerName(p.Pod)] {
		_, rejected := p.UnschedulablePlugins[h.Plugin]
		_, pending := p.PendingPlugins[h.Plugin]
		if !rejected && !pending {
			continue
		}
		if !h.Event.Match(event) {
			continue
		}
		if h.Fn == nil {
			return true
		}
		hint, err := h.Fn(p.Pod, oldObj, newObj)
		if err != nil || hint == framework.Queue {
			return true
		}
	}
	return false
}

func (q *PriorityQueue) backoffDuration(p *framework.QueuedPodInfo) time.Duration {
	if p.Attempts == 0 {
		return 0
	}
	d := q.opts.PodInitialBackoff
	for i := 1; i < p.Attempts; i++ {
		if d > q.opts.PodMaxBackoff-d {
			return q.opts.PodMaxBackoff
		}
		d += d
	}
	return d
}

func (q *PriorityQueue) backoffTime(p *framework.QueuedPodInfo) time.Time {
	return p.Timestamp.Add(q.backoffDuration(p))
}

func (q *PriorityQueue) isBackingOff(p *framework.QueuedPodInfo) bool {
	return q.backoffTime(p).After(q.opts.Now())
}

// FlushBackoffQCompleted moves the pods whose back-off ended to activeQ.
func (q *PriorityQueue) FlushBackoffQCompleted() {
	q.mu.Lock()
	defer q.mu.Unlock()
	moved := false
	for {
		p := q.backoff.peek()
		if p == nil || q.isBackingOff(p) {
			break
		}
		q.backoff.pop()
		q.active.push(podKey(p.Pod), p)
		moved = true
	}
	if moved {
		q.cond.Broadcast()
	}
}

// FlushUnschedulablePodsLeftover retries the pods that stayed in the
// unschedulable pool longer than MaxInUnschedulable.
func (q *PriorityQueue) FlushUnschedulablePodsLeftover() {
	q.mu.Lock()
	defer q.mu.Unlock()
	now := q.opts.Now()
	moved := false
	for key, p := range q.unsched {
		if now.Sub(p.Timestamp) <= q.opts.MaxInUnschedulable {
			continue
		}
		if p.Gated && !q.runPreEnqueue(p) {
			continue
		}
		delete(q.unsched, key)
		q.requeueLocked(key, p)
		moved = true
	}
	if moved {
		q.cond.Broadcast()
	}
}

// Counts returns the number of pods in activeQ, backoffQ and the
// unschedulable pool (gated pods included).
func (q *PriorityQueue) Counts() (active, backoff, unschedulable int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.active.Len(), q.backoff.Len(), len(q.unsched)
}

// podSchedulingPropertiesChange classifies an update of an unscheduled
// pod; changed is false when nothing that scheduling reads changed (e.g.
// only the status, which the scheduler itself writes).
func podSchedulingPropertiesChange(old, pod *corev1.Pod) (framework.ClusterEvent, bool) {
	var action framework.ActionType
	if !maps.Equal(old.Labels, pod.Labels) {
		action |= framework.UpdatePodLabel
	}
	if !reflect.DeepEqual(old.Spec.Tolerations, pod.Spec.Tolerations) {
		action |= framework.UpdatePodTolerations
	}
	if len(old.Spec.SchedulingGates) > 0 && len(pod.Spec.SchedulingGates) == 0 {
		action |= framework.UpdatePodSchedulingGatesEliminated
	}
	if scaledDown(old, pod) {
		action |= framework.UpdatePodScaleDown
	}
	if action == 0 {
		if reflect.DeepEqual(old.Spec, pod.Spec) && maps.Equal(old.Annotations, pod.Annotations) {
			return framework.ClusterEvent{}, false
		}
		action = framework.Update
	}
	return framework.ClusterEvent{Resource: framework.UnscheduledPod, ActionType: action, Label: "UnscheduledPodUpdate"}, true
}

func scaledDown(old, pod *corev1.Pod) bool {
	o, n := framework.PodRequests(old, false), framework.PodRequests(pod, false)
	if n.MilliCPU < o.MilliCPU || n.Memory < o.Memory || n.EphemeralStorage < o.EphemeralStorage {
		return true
	}
	for k, v := range n.ScalarResources {
		if v < o.ScalarResources[k] {
			return true
		}
	}
	return false
}
