package defaultpreemption

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gantryhq/gantry/scheduler/framework"
	"github.com/gantryhq/gantry/scheduler/plugins/helper"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/client"
)

// Name is the plugin's name in the registry and in configuration.
const Name = "DefaultPreemption"

// Defaults of DefaultPreemptionArgs.
const (
	DefaultMinCandidateNodesPercentage int32 = 10
	DefaultMinCandidateNodesAbsolute   int32 = 100
)

// DefaultPreemptionArgs are the plugin's arguments (the
// KubeSchedulerConfiguration v1 shape).
type DefaultPreemptionArgs struct {
	// MinCandidateNodesPercentage is the minimum share, in [0, 100], of
	// the nodes to find candidates on before stopping the dry run.
	// Default 10.
	MinCandidateNodesPercentage *int32 `json:"minCandidateNodesPercentage,omitempty"`
	// MinCandidateNodesAbsolute is the minimum number of candidates to
	// find (≥ 0); the larger of the two bounds wins. Default 100. Both may
	// not be 0.
	MinCandidateNodesAbsolute *int32 `json:"minCandidateNodesAbsolute,omitempty"`
}

// Messages of Kubernetes' preemption.
const (
	msgNever              = "not eligible due to preemptionPolicy=Never."
	msgTerminating        = "not eligible due to a terminating pod on the nominated node."
	msgNoVictims          = "No preemption victims found for incoming pod"
	msgNotHelpful         = "Preemption is not helpful for scheduling"
	msgNoCandidate        = "no candidate node for preemption"
	noNodeAvailableFormat = "0/%v nodes are available"
)

// DefaultPreemption is the plugin. Build it with New.
type DefaultPreemption struct {
	h          framework.Handle
	percentage int32
	absolute   int32
	// offset returns the dry run's random starting offset in [0, n).
	offset func(n int32) int32
	// now is the clock for pods without a start time.
	now func() time.Time
}

var _ framework.PostFilterPlugin = (*DefaultPreemption)(nil)

// New builds the plugin; args may be nil (defaults). It fails on
// arguments Kubernetes' validation rejects.
func New(_ context.Context, args *DefaultPreemptionArgs, h framework.Handle) (framework.Plugin, error) {
	if h == nil || h.SnapshotSharedLister() == nil {
		return nil, fmt.Errorf("%s: the framework handle has no snapshot lister", Name)
	}
	pl := &DefaultPreemption{
		h: h, percentage: DefaultMinCandidateNodesPercentage, absolute: DefaultMinCandidateNodesAbsolute,
		offset: rand.Int32N, now: time.Now,
	}
	if args != nil {
		if args.MinCandidateNodesPercentage != nil {
			pl.percentage = *args.MinCandidateNodesPercentage
		}
		if args.MinCandidateNodesAbsolute != nil {
			pl.absolute = *args.MinCandidateNodesAbsolute
		}
	}
	var errs []error
	if pl.percentage < 0 || pl.percentage > 100 {
		errs = append(errs, fmt.Errorf("minCandidateNodesPercentage: Invalid value: %d: not in valid range [0, 100]", pl.percentage))
	}
	if pl.absolute < 0 {
		errs = append(errs, fmt.Errorf("minCandidateNodesAbsolute: Invalid value: %d: not in valid range [0, inf)", pl.absolute))
	}
	if pl.percentage == 0 && pl.absolute == 0 {
		errs = append(errs, errors.New("minCandidateNodesPercentage, minCandidateNodesAbsolute: Invalid value: both cannot be zero"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("%s: %w", Name, err)
	}
	return pl, nil
}

// Name returns Name.
func (pl *DefaultPreemption) Name() string { return Name }

// PostFilter tries to make room for pod by preempting lower-priority pods.
func (pl *DefaultPreemption) PostFilter(ctx context.Context, state *framework.CycleState, pod *corev1.Pod, m framework.NodeToStatusReader) (*framework.PostFilterResult, *framework.Status) {
	res, st := pl.preempt(ctx, state, pod, m)
	if msg := st.Message(); msg != "" {
		return res, framework.NewStatus(st.Code(), "preemption: "+msg)
	}
	return res, st
}

// candidate is a node and the pods to evict there.
type candidate struct {
	node    string
	victims []*corev1.Pod // by decreasing importance
}

func (pl *DefaultPreemption) preempt(ctx context.Context, state *framework.CycleState, pod *corev1.Pod, m framework.NodeToStatusReader) (*framework.PostFilterResult, *framework.Status) {
	// 1) Eligibility.
	if ok, msg := pl.podEligibleToPreemptOthers(pod, m); !ok {
		return nil, framework.NewStatus(framework.Unschedulable, msg)
	}
	// 2) Candidates.
	lister := pl.h.SnapshotSharedLister().NodeInfos()
	all := lister.List()
	if len(all) == 0 {
		return nil, framework.AsStatus(errors.New("no nodes available"))
	}
	// Nodes where preemption might help, in the snapshot's order (as
	// Kubernetes' nodesWherePreemptionMightHelp), so the dry run is stable.
	var potential []*framework.NodeInfo
	for _, ni := range all {
		if n := ni.Node(); n != nil && m.Get(n.Name).Code() == framework.Unschedulable {
			potential = append(potential, ni)
		}
	}
	var (
		candidates []candidate
		statuses   = map[string]*framework.Status{}
		err        error
	)
	if len(potential) == 0 {
		// Preemption cannot help: forget an earlier nomination.
		if err := pl.clearNominatedNodeName(ctx, pod); err != nil {
			_ = err // not critical, as in Kubernetes
		}
	} else {
		offset, num := pl.offsetAndNumCandidates(int32(len(potential)))
		candidates, statuses, err = pl.dryRunPreemption(ctx, state, pod, potential, offset, num)
		if err != nil && len(candidates) == 0 {
			return nil, framework.AsStatus(err)
		}
	}
	if len(candidates) == 0 {
		return &framework.PostFilterResult{}, framework.NewStatus(framework.Unschedulable, fitErrorMessage(len(all), statuses, msgNotHelpful))
	}
	// 3) The best candidate.
	best := pl.selectCandidate(candidates)
	if best == nil || best.node == "" {
		return nil, framework.NewStatus(framework.Unschedulable, msgNoCandidate)
	}
	// 4) Evict.
	if st := pl.prepareCandidate(ctx, best, pod); !st.IsSuccess() {
		return nil, st
	}
	return &framework.PostFilterResult{NominatedNodeName: best.node}, nil
}

// podEligibleToPreemptOthers is Kubernetes' eligibility check.
func (pl *DefaultPreemption) podEligibleToPreemptOthers(pod *corev1.Pod, m framework.NodeToStatusReader) (bool, string) {
	if p := pod.Spec.PreemptionPolicy; p != nil && *p == corev1.PreemptNever {
		return false, msgNever
	}
	nom := pod.Status.NominatedNodeName
	if nom == "" {
		return true, ""
	}
	// The nominated node became unresolvable: preempt again elsewhere.
	if m.Get(nom).Code() == framework.UnschedulableAndUnresolvable {
		return true, ""
	}
	if ni, err := pl.h.SnapshotSharedLister().NodeInfos().Get(nom); err == nil && ni != nil {
		prio := helper.PodPriority(pod)
		for _, p := range ni.Pods {
			if helper.PodPriority(p.Pod) < prio && podTerminatingByPreemption(p.Pod) {
				return false, msgTerminating
			}
		}
	}
	return true, ""
}

func podTerminatingByPreemption(p *corev1.Pod) bool {
	if p.DeletionTimestamp == nil {
		return false
	}
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.DisruptionTarget {
			return c.Status == corev1.ConditionTrue && c.Reason == corev1.PodReasonPreemptionByScheduler
		}
	}
	return false
}

// calculateNumCandidates is max(absolute, percentage% of n), at most n.
func (pl *DefaultPreemption) calculateNumCandidates(n int32) int32 {
	c := n * pl.percentage / 100
	if c < pl.absolute {
		c = pl.absolute
	}
	return min(c, n)
}

func (pl *DefaultPreemption) offsetAndNumCandidates(n int32) (int32, int32) {
	return pl.offset(n), pl.calculateNumCandidates(n)
}

// candidateList collects candidates from parallel workers, up to size.
type candidateList struct {
	idx   atomic.Int32
	items []candidate
}

func newCandidateList(size int32) *candidateList {
	l := &candidateList{items: make([]candidate, size)}
	l.idx.Store(-1)
	return l
}

func (l *candidateList) add(c candidate) {
	if i := l.idx.Add(1); i < int32(len(l.items)) {
		l.items[i] = c
	}
}

func (l *candidateList) size() int32 {
	return min(l.idx.Load()+1, int32(len(l.items)))
}

// dryRunPreemption evaluates the potential nodes from offset on (wrapping)
// until num candidates are found. It returns the candidates, the status of
// every node that is not one, and the internal errors met.
func (pl *DefaultPreemption) dryRunPreemption(ctx context.Context, state *framework.CycleState, pod *corev1.Pod,
	potential []*framework.NodeInfo, offset, num int32) ([]candidate, map[string]*framework.Status, error) {
	list := newCandidateList(num)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var mu sync.Mutex
	statuses := map[string]*framework.Status{}
	var errs []error
	check := func(i int) {
		ni := potential[(int(offset)+i)%len(potential)].Clone()
		name := ni.Node().Name
		victims, st := pl.selectVictimsOnNode(ctx, state.Clone(), pod, ni)
		if st.IsSuccess() && len(victims) != 0 {
			list.add(candidate{node: name, victims: victims})
			if list.size() >= num {
				cancel()
			}
			return
		}
		if st.IsSuccess() {
			st = framework.AsStatus(fmt.Errorf("expected at least one victim pod on node %q", name))
		}
		mu.Lock()
		if st.Code() == framework.Error {
			errs = append(errs, st.AsError())
		}
		statuses[name] = st
		mu.Unlock()
	}
	if p := pl.h.Parallelizer(); p != nil {
		p.Until(ctx, len(potential), check)
	} else {
		for i := range potential {
			if ctx.Err() != nil {
				break
			}
			check(i)
		}
	}
	out := list.items[:list.size()]
	return slices.Clone(out), statuses, errors.Join(errs...)
}

// selectVictimsOnNode finds the fewest lower-priority pods to remove from
// ni (a clone it changes) for pod to fit, reprieving the most important
// first.
func (pl *DefaultPreemption) selectVictimsOnNode(ctx context.Context, state *framework.CycleState, pod *corev1.Pod, ni *framework.NodeInfo) ([]*corev1.Pod, *framework.Status) {
	removePod := func(pi *framework.PodInfo) error {
		ni.RemovePod(pi.Pod)
		return pl.h.RunPreFilterExtensionRemovePod(ctx, state, pod, pi, ni).AsError()
	}
	addPod := func(pi *framework.PodInfo) error {
		ni.AddPodInfo(pi)
		return pl.h.RunPreFilterExtensionAddPod(ctx, state, pod, pi, ni).AsError()
	}
	prio := helper.PodPriority(pod)
	var potential []*framework.PodInfo
	for _, pi := range ni.Pods {
		if helper.PodPriority(pi.Pod) < prio {
			potential = append(potential, pi)
		}
	}
	if len(potential) == 0 {
		return nil, framework.NewStatus(framework.UnschedulableAndUnresolvable, msgNoVictims)
	}
	for _, pi := range potential {
		if err := removePod(pi); err != nil {
			return nil, framework.AsStatus(err)
		}
	}
	// Without every lower-priority pod the pod must fit; affinity to the
	// victims themselves is not considered (as in Kubernetes).
	if st := pl.h.RunFilterPluginsWithNominatedPods(ctx, state, pod, ni); !st.IsSuccess() {
		return nil, st
	}
	now := pl.now()
	sort.SliceStable(potential, func(i, j int) bool { return moreImportantPod(potential[i].Pod, potential[j].Pod, now) })
	// No PodDisruptionBudgets in Gantry: every victim is non-violating.
	var victims []*corev1.Pod
	for _, pi := range potential {
		if err := addPod(pi); err != nil {
			return nil, framework.AsStatus(err)
		}
		if !pl.h.RunFilterPluginsWithNominatedPods(ctx, state, pod, ni).IsSuccess() {
			if err := removePod(pi); err != nil {
				return nil, framework.AsStatus(err)
			}
			victims = append(victims, pi.Pod)
		}
	}
	return victims, nil
}

// podStartTime is status.startTime, or now for pods not started.
func podStartTime(p *corev1.Pod, now time.Time) time.Time {
	if p.Status.StartTime != nil {
		return p.Status.StartTime.Time
	}
	return now
}

// moreImportantPod: higher priority, then earlier start.
func moreImportantPod(p1, p2 *corev1.Pod, now time.Time) bool {
	a, b := helper.PodPriority(p1), helper.PodPriority(p2)
	if a != b {
		return a > b
	}
	return podStartTime(p1, now).Before(podStartTime(p2, now))
}

// earliestStartTimeOfHighestPriority returns the earliest start time
// among the highest-priority victims.
func earliestStartTimeOfHighestPriority(victims []*corev1.Pod, now time.Time) time.Time {
	earliest := podStartTime(victims[0], now)
	top := helper.PodPriority(victims[0])
	for _, p := range victims {
		switch pr := helper.PodPriority(p); {
		case pr == top:
			if t := podStartTime(p, now); t.Before(earliest) {
				earliest = t
			}
		case pr > top:
			top, earliest = pr, podStartTime(p, now)
		}
	}
	return earliest
}

// selectCandidate is Kubernetes' pickOneNodeForPreemption: each criterion
// keeps the best-scoring candidates, the next one breaks ties.
func (pl *DefaultPreemption) selectCandidate(cs []candidate) *candidate {
	if len(cs) == 0 {
		return nil
	}
	now := pl.now()
	scoreFuncs := []func(c *candidate) int64{
		// Fewest PDB violations: always 0 without PDBs.
		func(*candidate) int64 { return 0 },
		// Lowest highest-victim priority.
		func(c *candidate) int64 { return -int64(helper.PodPriority(c.victims[0])) },
		// Smallest sum of priorities (shifted to be non-negative).
		func(c *candidate) int64 {
			var sum int64
			for _, p := range c.victims {
				sum += int64(helper.PodPriority(p)) + int64(math.MaxInt32+1)
			}
			return -sum
		},
		// Fewest victims.
		func(c *candidate) int64 { return -int64(len(c.victims)) },
		// Latest start time of the highest-priority victims.
		func(c *candidate) int64 { return earliestStartTimeOfHighestPriority(c.victims, now).UnixNano() },
	}
	remaining := make([]*candidate, len(cs))
	for i := range cs {
		remaining[i] = &cs[i]
	}
	for _, f := range scoreFuncs {
		var best []*candidate
		maxScore := int64(math.MinInt64)
		for _, c := range remaining {
			s := f(c)
			if s > maxScore {
				maxScore, best = s, best[:0]
			}
			if s == maxScore {
				best = append(best, c)
			}
		}
		if len(best) == 1 {
			return best[0]
		}
		remaining = best
	}
	return remaining[0]
}

// prepareCandidate evicts c's victims, clears the nominations of
// lower-priority pods on c's node and nominates pod there.
func (pl *DefaultPreemption) prepareCandidate(ctx context.Context, c *candidate, pod *corev1.Pod) *framework.Status {
	var (
		mu   sync.Mutex
		errs []error
	)
	evict := func(i int) {
		if err := pl.preemptPod(ctx, c, pod, c.victims[i]); err != nil {
			mu.Lock()
			errs = append(errs, err)
			mu.Unlock()
		}
	}
	if p := pl.h.Parallelizer(); p != nil {
		p.Until(ctx, len(c.victims), evict)
	} else {
		for i := range c.victims {
			evict(i)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return framework.AsStatus(err)
	}
	if n := pl.h.PodNominator(); n != nil {
		prio := helper.PodPriority(pod)
		for _, pi := range n.NominatedPodsForNode(c.node) {
			if helper.PodPriority(pi.Pod) < prio {
				_ = pl.clearNominatedNodeName(ctx, pi.Pod) // not critical
			}
		}
	}
	if err := pl.setNominatedNodeName(ctx, pod, c.node); err != nil {
		return framework.AsStatus(fmt.Errorf("setting the nominated node of %s/%s: %w", pod.Namespace, pod.Name, err))
	}
	return nil
}

// preemptPod rejects a waiting victim or marks and deletes it, and
// records a Preempted Event.
func (pl *DefaultPreemption) preemptPod(ctx context.Context, c *candidate, preemptor, victim *corev1.Pod) error {
	if wp := pl.h.GetWaitingPod(string(victim.UID)); wp != nil {
		wp.Reject(Name, "preempted")
	} else if cl := pl.h.Client(); cl != nil {
		pods := client.For[*corev1.Pod](cl).Namespace(victim.Namespace)
		cond := corev1.PodCondition{
			Type:    corev1.DisruptionTarget,
			Status:  corev1.ConditionTrue,
			Reason:  corev1.PodReasonPreemptionByScheduler,
			Message: fmt.Sprintf("%s: preempting to accommodate a higher priority pod", schedulerName(preemptor)),
		}
		if conds, changed := updateCondition(victim.Status.Conditions, cond, pl.now()); changed {
			if err := patchStatus(ctx, pods, victim.Name, map[string]any{"conditions": conds}); err != nil && !apierrors.IsNotFound(err) {
				return fmt.Errorf("adding the DisruptionTarget condition to %s/%s: %w", victim.Namespace, victim.Name, err)
			}
		}
		if err := pods.Delete(ctx, victim.Name, nil); err != nil {
			if apierrors.IsNotFound(err) {
				return nil
			}
			return fmt.Errorf("preempting %s/%s: %w", victim.Namespace, victim.Name, err)
		}
	}
	if r := pl.h.EventRecorder(); r != nil {
		r.Eventf(victim, "Normal", "Preempted", "Preempted by pod %v on node %v", preemptor.UID, c.node)
	}
	return nil
}

func schedulerName(p *corev1.Pod) string {
	if p.Spec.SchedulerName != "" {
		return p.Spec.SchedulerName
	}
	return "default-scheduler"
}

// updateCondition sets cond in conds (Kubernetes' UpdatePodCondition: the
// transition time changes only with the status) and reports a change.
func updateCondition(conds []corev1.PodCondition, cond corev1.PodCondition, now time.Time) ([]corev1.PodCondition, bool) {
	out := slices.Clone(conds)
	cond.LastTransitionTime = meta.NewTime(now)
	for i := range out {
		if out[i].Type != cond.Type {
			continue
		}
		if out[i].Status == cond.Status {
			cond.LastTransitionTime = out[i].LastTransitionTime
		}
		changed := out[i].Status != cond.Status || out[i].Reason != cond.Reason || out[i].Message != cond.Message
		out[i] = cond
		return out, changed
	}
	return append(out, cond), true
}

// patchStatus applies a strategic merge patch of status fields.
func patchStatus(ctx context.Context, pods *client.Resource[*corev1.Pod], name string, status map[string]any) error {
	body, err := json.Marshal(map[string]any{"status": status})
	if err != nil {
		return err
	}
	_, err = pods.Patch(ctx, name, client.StrategicMergePatchType, body, client.WriteOptions{}, "status")
	return err
}

// setNominatedNodeName patches the pod's status.nominatedNodeName.
func (pl *DefaultPreemption) setNominatedNodeName(ctx context.Context, pod *corev1.Pod, node string) error {
	cl := pl.h.Client()
	if cl == nil || pod.Status.NominatedNodeName == node {
		return nil
	}
	err := patchStatus(ctx, client.For[*corev1.Pod](cl).Namespace(pod.Namespace), pod.Name, map[string]any{"nominatedNodeName": node})
	if apierrors.IsNotFound(err) {
		return nil
	}
	return err
}

// clearNominatedNodeName removes a pod's nomination, when it has one.
func (pl *DefaultPreemption) clearNominatedNodeName(ctx context.Context, pod *corev1.Pod) error {
	cl := pl.h.Client()
	if cl == nil || pod.Status.NominatedNodeName == "" {
		return nil
	}
	return patchStatus(ctx, client.For[*corev1.Pod](cl).Namespace(pod.Namespace), pod.Name, map[string]any{"nominatedNodeName": nil})
}

// fitErrorMessage renders Kubernetes' FitError: "0/N nodes are available:
// " and the sorted "count reason" histogram of the nodes' statuses, the
// nodes without a status counting absentReason.
func fitErrorMessage(numAll int, statuses map[string]*framework.Status, absentReason string) string {
	reasons := map[string]int{}
	for _, st := range statuses {
		for _, r := range st.Reasons() {
			reasons[r]++
		}
	}
	if absent := numAll - len(statuses); absent > 0 {
		reasons[absentReason] += absent
	}
	parts := make([]string, 0, len(reasons))
	for r, n := range reasons {
		parts = append(parts, fmt.Sprintf("%v %v", n, r))
	}
	sort.Strings(parts)
	msg := fmt.Sprintf(noNodeAvailableFormat+":", numAll)
	if len(parts) > 0 {
		msg += " " + strings.Join(parts, ", ") + "."
	}
	return msg
}
