package scheduler

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"sync/atomic"

	"github.com/gantryhq/gantry/scheduler/framework"
	"github.com/gantryhq/gantry/scheduler/framework/runtime"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
)

// Bounds of the number of feasible nodes searched for (Kubernetes').
const (
	minFeasibleNodesToFind           = 100
	minFeasibleNodesPercentageToFind = 5
)

// Diagnosis records why a pod fits no node.
type Diagnosis struct {
	// NodeToStatus is the Filter status of each rejecting node.
	NodeToStatus map[string]*framework.Status
	// AbsentNodesStatus is the status of the nodes not in NodeToStatus
	// (all nodes when PreFilter rejected the pod; those a PreFilterResult
	// excluded otherwise).
	AbsentNodesStatus *framework.Status
	// UnschedulablePlugins and PendingPlugins rejected the pod.
	UnschedulablePlugins map[string]struct{}
	PendingPlugins       map[string]struct{}
	// PreFilterMsg is the PreFilter rejection; PostFilterMsg the PostFilter's.
	PreFilterMsg  string
	PostFilterMsg string

	nodes []*framework.NodeInfo
}

func (d *Diagnosis) addPluginStatus(s *framework.Status) {
	if s.Plugin() == "" {
		return
	}
	if s.Code() == framework.Pending {
		if d.PendingPlugins == nil {
			d.PendingPlugins = map[string]struct{}{}
		}
		d.PendingPlugins[s.Plugin()] = struct{}{}
		return
	}
	if s.IsRejected() {
		if d.UnschedulablePlugins == nil {
			d.UnschedulablePlugins = map[string]struct{}{}
		}
		d.UnschedulablePlugins[s.Plugin()] = struct{}{}
	}
}

// Get returns a node's Filter status.
func (d *Diagnosis) Get(nodeName string) *framework.Status {
	if s, ok := d.NodeToStatus[nodeName]; ok {
		return s
	}
	return d.AbsentNodesStatus
}

// NodesWith returns the nodes whose status has code.
func (d *Diagnosis) NodesWith(code framework.Code) []string {
	var out []string
	for _, n := range d.nodes {
		name := n.Node().Name
		if d.Get(name).Code() == code {
			out = append(out, name)
		}
	}
	return out
}

var _ framework.NodeToStatusReader = (*Diagnosis)(nil)

// FitError is the error of a pod that fits no node. Its message is
// Kubernetes': "0/5 nodes are available: 2 node(s) had untolerated taint
// {dedicated: gpu}, 3 Insufficient cpu." followed by the PostFilter
// (preemption) message.
type FitError struct {
	Pod         *corev1.Pod
	NumAllNodes int
	Diagnosis   *Diagnosis
}

// Error renders the message with the reasons counted and sorted.
func (f *FitError) Error() string {
	msg := fmt.Sprintf("0/%v nodes are available:", f.NumAllNodes)
	d := f.Diagnosis
	if d.PreFilterMsg != "" {
		msg += fmt.Sprintf(" %v.", d.PreFilterMsg)
	} else {
		reasons := map[string]int{}
		for _, s := range d.NodeToStatus {
			for _, r := range s.Reasons() {
				reasons[r]++
			}
		}
		if n := f.NumAllNodes - len(d.NodeToStatus); n > 0 {
			for _, r := range d.AbsentNodesStatus.Reasons() {
				reasons[r] += n
			}
		}
		list := make([]string, 0, len(reasons))
		for r, n := range reasons {
			list = append(list, fmt.Sprintf("%v %v", n, r))
		}
		sort.Strings(list)
		if len(list) > 0 {
			msg += fmt.Sprintf(" %v.", strings.Join(list, ", "))
		}
	}
	if d.PostFilterMsg != "" {
		msg += fmt.Sprintf(" %v.", d.PostFilterMsg)
	}
	return msg
}

// numFeasibleNodesToFind is how many feasible nodes the Filter phase looks
// for before stopping (Kubernetes' percentageOfNodesToScore).
func (s *Scheduler) numFeasibleNodesToFind(profilePercentage *int32, numAllNodes int32) int32 {
	if numAllNodes < minFeasibleNodesToFind {
		return numAllNodes
	}
	percentage := s.percentage
	if profilePercentage != nil {
		percentage = *profilePercentage
	}
	if percentage == 0 {
		percentage = 50 - numAllNodes/125
		if percentage < minFeasibleNodesPercentageToFind {
			percentage = minFeasibleNodesPercentageToFind
		}
	}
	n := numAllNodes * percentage / 100
	if n < minFeasibleNodesToFind {
		return minFeasibleNodesToFind
	}
	return n
}

// scheduleOne schedules the next pod; it returns false once the queue is closed.
func (s *Scheduler) scheduleOne(ctx context.Context) bool {
	qpi, err := s.queue.Pop()
	if err != nil {
		return false
	}
	pod := qpi.Pod
	fwk := s.profiles[schedulerName(pod)]
	if fwk == nil || pod.DeletionTimestamp != nil || s.cache.IsAssumedPod(pod) {
		s.queue.Done(pod)
		return true
	}
	cycle := s.queue.SchedulingCycle()
	state := framework.NewCycleState()

	host, fitErr, err := s.schedulePod(ctx, fwk, state, pod)
	if err != nil {
		s.handleFailure(ctx, fwk, qpi, framework.AsStatus(err), nil, "", cycle)
		return true
	}
	if fitErr != nil {
		status := framework.NewStatus(framework.Unschedulable, "")
		nominated := ""
		if fwk.HasPostFilterPlugins() {
			r, ps := fwk.RunPostFilterPlugins(ctx, state, pod, fitErr.Diagnosis)
			fitErr.Diagnosis.PostFilterMsg = ps.Message()
			if ps.Code() == framework.Error {
				s.log.Error("PostFilter failed", "pod", pod.Namespace+"/"+pod.Name, "err", ps.Message())
			}
			if r != nil {
				nominated = r.NominatedNodeName
			}
		}
		s.handleFailure(ctx, fwk, qpi, status, fitErr, nominated, cycle)
		return true
	}

	// Assume: the next cycles see the node's resources as used.
	assumed := *pod
	assumed.Spec.NodeName = host
	assumedInfo := *qpi.PodInfo
	assumedInfo.Pod = &assumed
	if err := s.cache.AssumePod(&assumedInfo); err != nil {
		s.handleFailure(ctx, fwk, qpi, framework.AsStatus(err), nil, "", cycle)
		return true
	}
	s.queue.DeleteNominatedPodIfExists(pod)

	if st := fwk.RunReservePluginsReserve(ctx, state, &assumed, host); !st.IsSuccess() {
		fwk.RunReservePluginsUnreserve(ctx, state, &assumed, host)
		s.forget(&assumed)
		s.handleFailure(ctx, fwk, qpi, st, nil, "", cycle)
		return true
	}
	if st := fwk.RunPermitPlugins(ctx, state, &assumed, host); !st.IsSuccess() && !st.IsWait() {
		fwk.RunReservePluginsUnreserve(ctx, state, &assumed, host)
		s.forget(&assumed)
		s.handleFailure(ctx, fwk, qpi, st, nil, "", cycle)
		return true
	}
	s.bindWG.Add(1)
	go func() {
		defer s.bindWG.Done()
		s.bindingCycle(ctx, fwk, state, qpi, &assumed, host, cycle)
	}()
	return true
}

func (s *Scheduler) forget(assumed *corev1.Pod) {
	if err := s.cache.ForgetPod(assumed); err != nil {
		s.log.Error("forgetting assumed pod", "pod", assumed.Namespace+"/"+assumed.Name, "err", err)
	}
}

// bindingCycle waits for Permit, then runs PreBind, Bind and PostBind.
func (s *Scheduler) bindingCycle(ctx context.Context, fwk *runtime.Framework, state *framework.CycleState, qpi *framework.QueuedPodInfo, assumed *corev1.Pod, host string, cycle int64) {
	st := fwk.WaitOnPermit(ctx, assumed)
	if st.IsSuccess() {
		st = fwk.RunPreBindPlugins(ctx, state, assumed, host)
	}
	if st.IsSuccess() {
		st = fwk.RunBindPlugins(ctx, state, assumed, host)
		if st.IsSkip() {
			st = framework.AsStatus(errBindAllSkip)
		}
	}
	if !st.IsSuccess() {
		fwk.RunReservePluginsUnreserve(ctx, state, assumed, host)
		s.forget(assumed)
		// The room the pod held may let others fit.
		uid := assumed.UID
		s.queue.MoveAllToActiveOrBackoffQueue(assignedPodDel, assumed, nil, func(p *corev1.Pod) bool { return p.UID != uid })
		s.handleFailure(ctx, fwk, qpi, st, nil, "", cycle)
		return
	}
	s.cache.FinishBinding(assumed)
	fwk.RunPostBindPlugins(ctx, state, assumed, host)
	s.queue.Done(assumed)
	if s.recorder != nil {
		s.recorder.Eventf(assumed, corev1.EventTypeNormal, "Scheduled", "Successfully assigned %v/%v to %v", assumed.Namespace, assumed.Name, host)
	}
}

// handleFailure re-queues a pod that could not be scheduled and reports
// it: a FailedScheduling Event and the PodScheduled=False condition.
func (s *Scheduler) handleFailure(ctx context.Context, fwk *runtime.Framework, qpi *framework.QueuedPodInfo, status *framework.Status, fitErr *FitError, nominated string, cycle int64) {
	pod := qpi.Pod
	reason := corev1.PodReasonUnschedulable
	msg := status.Message()
	qpi.UnschedulablePlugins, qpi.PendingPlugins = nil, nil
	switch {
	case fitErr != nil:
		msg = fitErr.Error()
		qpi.UnschedulablePlugins = fitErr.Diagnosis.UnschedulablePlugins
		qpi.PendingPlugins = fitErr.Diagnosis.PendingPlugins
	case status.Code() == framework.Error:
		reason = corev1.PodReasonSchedulerError
	case status.IsRejected() && status.Plugin() != "":
		qpi.UnschedulablePlugins = map[string]struct{}{status.Plugin(): {}}
	}
	if err := s.queue.AddUnschedulableIfNotPresent(qpi, cycle); err != nil {
		s.log.Error("re-queueing pod", "pod", pod.Namespace+"/"+pod.Name, "err", err)
	}
	if nominated != "" {
		s.queue.AddNominatedPod(qpi.PodInfo, nominated)
	}
	s.log.Debug("unable to schedule pod", "pod", pod.Namespace+"/"+pod.Name, "reason", reason, "message", msg)
	if s.recorder != nil {
		s.recorder.Eventf(pod, corev1.EventTypeWarning, "FailedScheduling", "%s", msg)
	}
	if s.status != nil {
		s.status.set(pod, corev1.PodCondition{Type: corev1.PodScheduled, Status: corev1.ConditionFalse, Reason: reason, Message: msg}, nominated)
	}
}

// schedulePod finds the node for pod: the best-scored feasible node, a
// FitError when none fits, or an error.
func (s *Scheduler) schedulePod(ctx context.Context, fwk *runtime.Framework, state *framework.CycleState, pod *corev1.Pod) (string, *FitError, error) {
	s.cache.UpdateSnapshot(s.snapshot)
	all := s.snapshot.List()
	if len(all) == 0 {
		return "", nil, errNoNodesAvail
	}
	feasible, diag, err := s.findNodesThatFitPod(ctx, fwk, state, pod, all)
	if err != nil {
		return "", nil, err
	}
	if len(feasible) == 0 {
		diag.nodes = all
		return "", &FitError{Pod: pod, NumAllNodes: len(all), Diagnosis: diag}, nil
	}
	if len(feasible) == 1 {
		return feasible[0].Node().Name, nil, nil
	}
	if st := fwk.RunPreScorePlugins(ctx, state, pod, feasible); !st.IsSuccess() {
		return "", nil, st.AsError()
	}
	if cap(s.totals) < len(feasible) {
		s.totals = make([]int64, len(feasible))
	}
	totals := s.totals[:len(feasible)]
	if fwk.HasScorePlugins() {
		if st := fwk.RunScorePlugins(ctx, state, pod, feasible, totals); !st.IsSuccess() {
			return "", nil, st.AsError()
		}
	} else {
		for i := range totals {
			totals[i] = 1
		}
	}
	return selectHost(feasible, totals), nil, nil
}

// selectHost returns the highest-scored node, ties broken uniformly at
// random by reservoir sampling.
func selectHost(nodes []*framework.NodeInfo, totals []int64) string {
	best, count := 0, 1
	for i := 1; i < len(nodes); i++ {
		switch {
		case totals[i] > totals[best]:
			best, count = i, 1
		case totals[i] == totals[best]:
			count++
			if rand.IntN(count) == 0 {
				best = i
			}
		}
	}
	return nodes[best].Node().Name
}

// Node states of a Filter pass.
const (
	nodeUnseen uint8 = iota
	nodeFeasible
	nodeRejected
	nodeAccepted // feasible, collected in an earlier round
)

// findNodesThatFitPod runs PreFilter and Filter. Nodes are examined from
// nextStartNodeIndex on (rotating across cycles) in parallel until
// numFeasibleNodesToFind fit; BatchFilterPlugins then see those, and more
// nodes are examined if they rejected some. The Diagnosis is built only
// when nothing fits.
func (s *Scheduler) findNodesThatFitPod(ctx context.Context, fwk *runtime.Framework, state *framework.CycleState, pod *corev1.Pod, all []*framework.NodeInfo) ([]*framework.NodeInfo, *Diagnosis, error) {
	diag := &Diagnosis{AbsentNodesStatus: framework.NewStatus(framework.UnschedulableAndUnresolvable)}
	preRes, st, withNodes := fwk.RunPreFilterPlugins(ctx, state, pod)
	if !st.IsSuccess() {
		if !st.IsRejected() {
			return nil, diag, st.AsError()
		}
		diag.UnschedulablePlugins = withNodes
		diag.AbsentNodesStatus = st
		diag.PreFilterMsg = st.Message()
		diag.addPluginStatus(st)
		return nil, diag, nil
	}
	cf := fwk.PrepareFilter(state, pod)

	if nn := pod.Status.NominatedNodeName; nn != "" {
		if ni, err := s.snapshot.Get(nn); err == nil {
			st := cf.RunNode(ctx, ni)
			if st.IsSuccess() && cf.HasBatch() {
				sts := []*framework.Status{nil}
				if bs := cf.RunBatch(ctx, []*framework.NodeInfo{ni}, sts); bs != nil {
					st = bs
				} else {
					st = sts[0]
				}
			}
			if st.IsSuccess() {
				return []*framework.NodeInfo{ni}, diag, nil
			}
		}
	}

	nodes := all
	if !preRes.AllNodes() {
		nodes = make([]*framework.NodeInfo, 0, len(preRes.NodeNames))
		for name := range preRes.NodeNames {
			if ni, err := s.snapshot.Get(name); err == nil {
				nodes = append(nodes, ni)
			}
		}
		names := make([]string, 0, len(withNodes))
		for n := range withNodes {
			names = append(names, n)
		}
		sort.Strings(names)
		diag.AbsentNodesStatus = framework.NewStatus(framework.UnschedulableAndUnresolvable, fmt.Sprintf("node(s) didn't satisfy plugin(s) %v", names))
		diag.UnschedulablePlugins = withNodes
	}
	n := len(nodes)
	if n == 0 {
		return nil, diag, nil
	}
	numToFind := int(s.numFeasibleNodesToFind(fwk.PercentageOfNodesToScore(), int32(n)))
	start := s.nextStartNodeIndex % n
	if cf.Empty() {
		feasible := make([]*framework.NodeInfo, numToFind)
		for i := range feasible {
			feasible[i] = nodes[(start+i)%n]
		}
		s.nextStartNodeIndex = (s.nextStartNodeIndex + numToFind) % len(all)
		return feasible, diag, nil
	}

	if cap(s.posState) < n {
		s.posState = make([]uint8, n)
		s.statusBuf = make([]*framework.Status, n)
	}
	pos, statuses := s.posState[:n], s.statusBuf[:n]
	clear(pos)
	clear(statuses)
	feasible := make([]*framework.NodeInfo, 0, numToFind)
	var pending []int
	var processed atomic.Int32
	for pass := 0; len(feasible) < numToFind; pass++ {
		// The first round walks every position; later ones (only with
		// BatchFilterPlugins) the positions still unseen.
		count := n
		if pass > 0 {
			pending = pending[:0]
			for p := range n {
				if pos[p] == nodeUnseen {
					pending = append(pending, p)
				}
			}
			count = len(pending)
		}
		if count == 0 {
			break
		}
		need := int32(numToFind - len(feasible))
		var found atomic.Int32
		var firstErr atomic.Pointer[framework.Status]
		fctx, cancel := context.WithCancel(ctx)
		s.par.Until(fctx, count, func(k int) {
			p := k
			if pass > 0 {
				p = pending[k]
			}
			st := cf.RunNode(fctx, nodes[(start+p)%n])
			switch {
			case st.Code() == framework.Error:
				firstErr.CompareAndSwap(nil, st)
				cancel()
			case st.IsSuccess():
				if found.Add(1) > need {
					found.Add(-1)
					cancel()
					return
				}
				pos[p] = nodeFeasible
				processed.Add(1)
			default:
				statuses[p] = st
				pos[p] = nodeRejected
				processed.Add(1)
			}
		})
		cancel()
		if e := firstErr.Load(); e != nil {
			return nil, diag, e.AsError()
		}
		if err := ctx.Err(); err != nil {
			return nil, diag, err
		}
		if !cf.HasBatch() {
			for p := range n {
				if pos[p] == nodeFeasible {
					feasible = append(feasible, nodes[(start+p)%n])
				}
			}
			break
		}
		var round []*framework.NodeInfo
		var roundPos []int
		for p := range n {
			if pos[p] == nodeFeasible {
				round = append(round, nodes[(start+p)%n])
				roundPos = append(roundPos, p)
				pos[p] = nodeAccepted
			}
		}
		if len(round) > 0 {
			sts := make([]*framework.Status, len(round))
			if bs := cf.RunBatch(ctx, round, sts); bs != nil {
				return nil, diag, bs.AsError()
			}
			kept := round[:0]
			for i, ni := range round {
				if sts[i] != nil {
					statuses[roundPos[i]] = sts[i]
					pos[roundPos[i]] = nodeRejected
					continue
				}
				kept = append(kept, ni)
			}
			round = kept
		}
		feasible = append(feasible, round...)
	}
	s.nextStartNodeIndex = (s.nextStartNodeIndex + int(processed.Load())) % len(all)
	if len(feasible) == 0 {
		diag.NodeToStatus = make(map[string]*framework.Status, n)
		for p, st := range statuses {
			if st != nil {
				diag.NodeToStatus[nodes[(start+p)%n].Node().Name] = st
				diag.addPluginStatus(st)
			}
		}
	}
	return feasible, diag, nil
}
