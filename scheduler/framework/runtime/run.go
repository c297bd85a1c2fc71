package runtime

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/gantryhq/gantry/scheduler/framework"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
)

// PodPriority returns a pod's priority (0 when unset).
func PodPriority(p *corev1.Pod) int32 {
	if p.Spec.Priority != nil {
		return *p.Spec.Priority
	}
	return 0
}

// RunPreEnqueuePlugins runs the PreEnqueue plugins; the first non-success
// status is returned with its plugin.
func (f *Framework) RunPreEnqueuePlugins(ctx context.Context, pod *corev1.Pod) *framework.Status {
	for _, pl := range f.preEnqueue {
		if s := pl.PreEnqueue(ctx, pod); !s.IsSuccess() {
			return s.WithPlugin(pl.Name())
		}
	}
	return nil
}

// RunPreFilterPlugins runs the PreFilter plugins as Kubernetes 1.32 does.
// Skip marks the plugin's Filter as skipped for the pod. Unschedulable is
// remembered and the other plugins still run (preemption needs their
// state); UnschedulableAndUnresolvable stops at once; any other failure is
// an Error. The plugins' PreFilterResults are intersected; an empty
// intersection is UnschedulableAndUnresolvable. withNodes names the plugins
// that narrowed the nodes.
func (f *Framework) RunPreFilterPlugins(ctx context.Context, state *framework.CycleState, pod *corev1.Pod) (result *framework.PreFilterResult, status *framework.Status, withNodes map[string]struct{}) {
	var names []string
	var rejected *framework.Status
	for _, pl := range f.preFilter {
		r, s := pl.PreFilter(ctx, state, pod)
		if s.IsSkip() {
			if state.SkipFilterPlugins == nil {
				state.SkipFilterPlugins = map[string]struct{}{}
			}
			state.SkipFilterPlugins[pl.Name()] = struct{}{}
			continue
		}
		if !s.IsSuccess() {
			s.WithPlugin(pl.Name())
			switch s.Code() {
			case framework.UnschedulableAndUnresolvable:
				return nil, s, nil
			case framework.Unschedulable, framework.Pending:
				if rejected == nil {
					rejected = s
				}
				continue
			}
			return nil, framework.AsStatus(fmt.Errorf("running PreFilter plugin %q: %w", pl.Name(), s.AsError())).WithPlugin(pl.Name()), nil
		}
		if !r.AllNodes() {
			names = append(names, pl.Name())
		}
		result = result.Merge(r)
		if !result.AllNodes() && len(result.NodeNames) == 0 {
			msg := fmt.Sprintf("node(s) didn't satisfy plugin(s) %v simultaneously", names)
			if len(names) == 1 {
				msg = fmt.Sprintf("node(s) didn't satisfy plugin %v", names[0])
			}
			return result, framework.NewStatus(framework.UnschedulableAndUnresolvable, msg), setOf(names)
		}
	}
	return result, rejected, setOf(names)
}

func setOf(names []string) map[string]struct{} {
	if len(names) == 0 {
		return nil
	}
	out := make(map[string]struct{}, len(names))
	for _, n := range names {
		out[n] = struct{}{}
	}
	return out
}

// RunPreFilterExtensionAddPod calls every (not skipped) PreFilter plugin's AddPod.
func (f *Framework) RunPreFilterExtensionAddPod(ctx context.Context, state *framework.CycleState, podToSchedule *corev1.Pod, podInfoToAdd *framework.PodInfo, nodeInfo *framework.NodeInfo) *framework.Status {
	for _, pl := range f.preFilter {
		ext := pl.PreFilterExtensions()
		if ext == nil || skipped(state.SkipFilterPlugins, pl.Name()) {
			continue
		}
		if s := ext.AddPod(ctx, state, podToSchedule, podInfoToAdd, nodeInfo); !s.IsSuccess() {
			return framework.AsStatus(fmt.Errorf("running AddPod on PreFilter plugin %q: %w", pl.Name(), s.AsError())).WithPlugin(pl.Name())
		}
	}
	return nil
}

// RunPreFilterExtensionRemovePod calls every (not skipped) PreFilter plugin's RemovePod.
func (f *Framework) RunPreFilterExtensionRemovePod(ctx context.Context, state *framework.CycleState, podToSchedule *corev1.Pod, podInfoToRemove *framework.PodInfo, nodeInfo *framework.NodeInfo) *framework.Status {
	for _, pl := range f.preFilter {
		ext := pl.PreFilterExtensions()
		if ext == nil || skipped(state.SkipFilterPlugins, pl.Name()) {
			continue
		}
		if s := ext.RemovePod(ctx, state, podToSchedule, podInfoToRemove, nodeInfo); !s.IsSuccess() {
			return framework.AsStatus(fmt.Errorf("running RemovePod on PreFilter plugin %q: %w", pl.Name(), s.AsError())).WithPlugin(pl.Name())
		}
	}
	return nil
}

func skipped(set map[string]struct{}, name string) bool {
	if len(set) == 0 {
		return false
	}
	_, ok := set[name]
	return ok
}

// CycleFilter is the Filter phase prepared for one pod after PreFilter:
// the Filter plugins its PreFilter did not skip, split into per-node
// plugins and BatchFilterPlugins, so that the per-node loop does no
// lookups.
type CycleFilter struct {
	f       *Framework
	state   *framework.CycleState
	pod     *corev1.Pod
	perNode []framework.FilterPlugin
	batch   []framework.BatchFilterPlugin
	nom     interface{ HasNominatedPods() bool }
}

// PrepareFilter returns the Filter phase for pod (call after PreFilter).
func (f *Framework) PrepareFilter(state *framework.CycleState, pod *corev1.Pod) *CycleFilter {
	c := &CycleFilter{f: f, state: state, pod: pod}
	for _, pl := range f.filter {
		if skipped(state.SkipFilterPlugins, pl.Name()) {
			continue
		}
		if b, ok := f.batchFilter[pl.Name()]; ok {
			c.batch = append(c.batch, b)
			continue
		}
		c.perNode = append(c.perNode, pl)
	}
	if n, ok := f.opts.PodNominator.(interface{ HasNominatedPods() bool }); ok {
		c.nom = n
	}
	return c
}

// Empty reports whether no Filter plugin runs for the pod.
func (c *CycleFilter) Empty() bool { return len(c.perNode) == 0 && len(c.batch) == 0 }

// HasBatch reports whether BatchFilterPlugins run for the pod.
func (c *CycleFilter) HasBatch() bool { return len(c.batch) > 0 }

// RunNode runs the per-node Filter plugins on nodeInfo, with the nominated
// pods of higher or equal priority added (see RunFilterPluginsWithNominatedPods).
func (c *CycleFilter) RunNode(ctx context.Context, nodeInfo *framework.NodeInfo) *framework.Status {
	if c.f.opts.PodNominator == nil || (c.nom != nil && !c.nom.HasNominatedPods()) {
		return runFilters(ctx, c.perNode, c.state, c.pod, nodeInfo)
	}
	return c.f.withNominatedPods(ctx, c.perNode, c.state, c.pod, nodeInfo)
}

// RunBatch runs the BatchFilterPlugins over nodes whose statuses[i] is
// still nil (feasible so far), writing each rejection into statuses.
func (c *CycleFilter) RunBatch(ctx context.Context, nodes []*framework.NodeInfo, statuses []*framework.Status) *framework.Status {
	cand := make([]*framework.NodeInfo, 0, len(nodes))
	idx := make([]int, 0, len(nodes))
	out := make([]*framework.Status, len(nodes))
	for _, pl := range c.batch {
		cand, idx = cand[:0], idx[:0]
		for i, n := range nodes {
			if statuses[i] == nil {
				cand = append(cand, n)
				idx = append(idx, i)
			}
		}
		if len(cand) == 0 {
			return nil
		}
		res := out[:len(cand)]
		clear(res)
		pl.FilterNodes(ctx, c.state, c.pod, cand, res)
		for j, s := range res {
			if s.IsSuccess() {
				continue
			}
			if !s.IsRejected() {
				return framework.AsStatus(fmt.Errorf("running %q filter plugin: %w", pl.Name(), s.AsError())).WithPlugin(pl.Name())
			}
			statuses[idx[j]] = s.WithPlugin(pl.Name())
		}
	}
	return nil
}

func runFilters(ctx context.Context, plugins []framework.FilterPlugin, state *framework.CycleState, pod *corev1.Pod, nodeInfo *framework.NodeInfo) *framework.Status {
	for _, pl := range plugins {
		if s := pl.Filter(ctx, state, pod, nodeInfo); !s.IsSuccess() {
			if !s.IsRejected() {
				s = framework.AsStatus(fmt.Errorf("running %q filter plugin: %w", pl.Name(), s.AsError()))
			}
			return s.WithPlugin(pl.Name())
		}
	}
	return nil
}

func (f *Framework) activeFilters(state *framework.CycleState) []framework.FilterPlugin {
	if len(state.SkipFilterPlugins) == 0 {
		return f.filter
	}
	out := make([]framework.FilterPlugin, 0, len(f.filter))
	for _, pl := range f.filter {
		if !skipped(state.SkipFilterPlugins, pl.Name()) {
			out = append(out, pl)
		}
	}
	return out
}

// RunFilterPlugins runs every (not skipped) Filter plugin on nodeInfo,
// batch plugins included (through Filter), stopping at the first failure.
// A failure that is not a rejection becomes an Error.
func (f *Framework) RunFilterPlugins(ctx context.Context, state *framework.CycleState, pod *corev1.Pod, nodeInfo *framework.NodeInfo) *framework.Status {
	return runFilters(ctx, f.activeFilters(state), state, pod, nodeInfo)
}

// RunFilterPluginsWithNominatedPods runs the Filter plugins as if the pods
// nominated to the node with a priority ≥ the pod's were running there:
// first with them (so the pod does not take their room), then, when that
// passed and some were added, without them (so it does not depend on them,
// e.g. for pod affinity).
func (f *Framework) RunFilterPluginsWithNominatedPods(ctx context.Context, state *framework.CycleState, pod *corev1.Pod, nodeInfo *framework.NodeInfo) *framework.Status {
	return f.withNominatedPods(ctx, f.activeFilters(state), state, pod, nodeInfo)
}

func (f *Framework) withNominatedPods(ctx context.Context, plugins []framework.FilterPlugin, state *framework.CycleState, pod *corev1.Pod, nodeInfo *framework.NodeInfo) *framework.Status {
	var status *framework.Status
	added := false
	for i := 0; i < 2; i++ {
		stateToUse, infoToUse := state, nodeInfo
		if i == 0 {
			var err error
			added, stateToUse, infoToUse, err = f.addNominatedPods(ctx, pod, state, nodeInfo)
			if err != nil {
				return framework.AsStatus(err)
			}
		} else if !added || !status.IsSuccess() {
			break
		}
		status = runFilters(ctx, plugins, stateToUse, pod, infoToUse)
		if !status.IsSuccess() && !status.IsRejected() {
			return status
		}
	}
	return status
}

func (f *Framework) addNominatedPods(ctx context.Context, pod *corev1.Pod, state *framework.CycleState, nodeInfo *framework.NodeInfo) (bool, *framework.CycleState, *framework.NodeInfo, error) {
	nom := f.opts.PodNominator
	if nom == nil || nodeInfo.Node() == nil {
		return false, state, nodeInfo, nil
	}
	nominated := nom.NominatedPodsForNode(nodeInfo.Node().Name)
	if len(nominated) == 0 {
		return false, state, nodeInfo, nil
	}
	infoOut := nodeInfo.Clone()
	stateOut := state.Clone()
	added := false
	for _, pi := range nominated {
		if PodPriority(pi.Pod) >= PodPriority(pod) && pi.Pod.UID != pod.UID {
			infoOut.AddPodInfo(pi)
			if s := f.RunPreFilterExtensionAddPod(ctx, stateOut, pod, pi, infoOut); !s.IsSuccess() {
				return false, state, nodeInfo, s.AsError()
			}
			added = true
		}
	}
	return added, stateOut, infoOut, nil
}

// RunPostFilterPlugins runs the PostFilter plugins (preemption) until one
// succeeds or returns UnschedulableAndUnresolvable; rejections' reasons are
// joined.
func (f *Framework) RunPostFilterPlugins(ctx context.Context, state *framework.CycleState, pod *corev1.Pod, filtered framework.NodeToStatusReader) (*framework.PostFilterResult, *framework.Status) {
	var result *framework.PostFilterResult
	var reasons []string
	rejector := ""
	for _, pl := range f.postFilter {
		r, s := pl.PostFilter(ctx, state, pod, filtered)
		switch {
		case s.IsSuccess():
			return r, s
		case s.Code() == framework.UnschedulableAndUnresolvable:
			return r, s.WithPlugin(pl.Name())
		case !s.IsRejected():
			return nil, framework.AsStatus(s.AsError()).WithPlugin(pl.Name())
		}
		if r != nil && r.NominatedNodeName != "" {
			result = r
		}
		reasons = append(reasons, s.Reasons()...)
		if rejector == "" {
			rejector = pl.Name()
		}
	}
	return result, framework.NewStatus(framework.Unschedulable, reasons...).WithPlugin(rejector)
}

// RunPreScorePlugins runs the PreScore plugins with the feasible nodes;
// Skip marks the plugin's Score as skipped for the pod.
func (f *Framework) RunPreScorePlugins(ctx context.Context, state *framework.CycleState, pod *corev1.Pod, nodes []*framework.NodeInfo) *framework.Status {
	for _, pl := range f.preScore {
		s := pl.PreScore(ctx, state, pod, nodes)
		if s.IsSkip() {
			if state.SkipScorePlugins == nil {
				state.SkipScorePlugins = map[string]struct{}{}
			}
			state.SkipScorePlugins[pl.Name()] = struct{}{}
			continue
		}
		if !s.IsSuccess() {
			return framework.AsStatus(fmt.Errorf("running PreScore plugin %q: %w", pl.Name(), s.AsError())).WithPlugin(pl.Name())
		}
	}
	return nil
}

type scoreBuf struct {
	lists [][]framework.NodeScore
}

// RunScorePlugins scores nodes: each (not skipped) Score plugin's scores,
// normalised by its NormalizeScore and multiplied by its weight, are summed
// into totals (len(totals) == len(nodes)). Per-node plugins run in
// parallel over nodes; BatchScorePlugins are called once.
func (f *Framework) RunScorePlugins(ctx context.Context, state *framework.CycleState, pod *corev1.Pod, nodes []*framework.NodeInfo, totals []int64) *framework.Status {
	clear(totals)
	var active []*weightedScorePlugin
	for i := range f.score {
		if !skipped(state.SkipScorePlugins, f.score[i].Name()) {
			active = append(active, &f.score[i])
		}
	}
	if len(active) == 0 {
		return nil
	}
	buf, _ := f.scorePool.Get().(*scoreBuf)
	if buf == nil {
		buf = &scoreBuf{}
	}
	defer f.scorePool.Put(buf)
	for len(buf.lists) < len(active) {
		buf.lists = append(buf.lists, nil)
	}
	lists := buf.lists[:len(active)]
	var perNode []int
	for j, pl := range active {
		l := slices.Grow(lists[j][:0], len(nodes))[:len(nodes)]
		for i, n := range nodes {
			l[i] = framework.NodeScore{Name: n.Node().Name}
		}
		lists[j] = l
		if pl.batch != nil {
			scores := make([]int64, len(nodes))
			if s := pl.batch.ScoreNodes(ctx, state, pod, nodes, scores); !s.IsSuccess() {
				return framework.AsStatus(fmt.Errorf("running Score plugin %q: %w", pl.Name(), s.AsError())).WithPlugin(pl.Name())
			}
			for i, v := range scores {
				l[i].Score = v
			}
			continue
		}
		perNode = append(perNode, j)
	}
	if len(perNode) > 0 {
		var firstErr *framework.Status
		var errOnce errOnce
		pctx, cancel := context.WithCancel(ctx)
		f.opts.Parallelizer.Until(pctx, len(nodes), func(i int) {
			for _, j := range perNode {
				pl := active[j]
				v, s := pl.Score(pctx, state, pod, nodes[i])
				if !s.IsSuccess() {
					if errOnce.first() {
						firstErr = framework.AsStatus(fmt.Errorf("running Score plugin %q: %w", pl.Name(), s.AsError())).WithPlugin(pl.Name())
						cancel()
					}
					return
				}
				lists[j][i].Score = v
			}
		})
		cancel()
		if firstErr != nil {
			return firstErr
		}
		if err := ctx.Err(); err != nil {
			return framework.AsStatus(err)
		}
	}
	for j, pl := range active {
		if pl.ext != nil {
			if s := pl.ext.NormalizeScore(ctx, state, pod, lists[j]); !s.IsSuccess() {
				return framework.AsStatus(fmt.Errorf("running Normalize on Score plugin %q: %w", pl.Name(), s.AsError())).WithPlugin(pl.Name())
			}
		}
		for i := range lists[j] {
			v := lists[j][i].Score
			if v > framework.MaxNodeScore || v < framework.MinNodeScore {
				return framework.AsStatus(fmt.Errorf("plugin %q returns an invalid score %v, it should in the range of [%v, %v] after normalizing", pl.Name(), v, framework.MinNodeScore, framework.MaxNodeScore)).WithPlugin(pl.Name())
			}
			totals[i] += v * pl.weight
		}
	}
	return nil
}

// RunReservePluginsReserve runs the Reserve plugins; the first failure is
// returned (the caller then runs Unreserve).
func (f *Framework) RunReservePluginsReserve(ctx context.Context, state *framework.CycleState, pod *corev1.Pod, nodeName string) *framework.Status {
	for _, pl := range f.reserve {
		if s := pl.Reserve(ctx, state, pod, nodeName); !s.IsSuccess() {
			if s.IsRejected() {
				return s.WithPlugin(pl.Name())
			}
			return framework.AsStatus(fmt.Errorf("running Reserve plugin %q: %w", pl.Name(), s.AsError())).WithPlugin(pl.Name())
		}
	}
	return nil
}

// RunReservePluginsUnreserve runs every Reserve plugin's Unreserve, in
// reverse order.
func (f *Framework) RunReservePluginsUnreserve(ctx context.Context, state *framework.CycleState, pod *corev1.Pod, nodeName string) {
	for i := len(f.reserve) - 1; i >= 0; i-- {
		f.reserve[i].Unreserve(ctx, state, pod, nodeName)
	}
}

// RunPermitPlugins runs the Permit plugins. A rejection or error stops
// them; when some asked to wait (timeouts capped at MaxPermitTimeout) the
// pod becomes a waiting pod and Wait is returned: WaitOnPermit then blocks
// until every waiting plugin allows it, one rejects it or a timeout fires.
func (f *Framework) RunPermitPlugins(ctx context.Context, state *framework.CycleState, pod *corev1.Pod, nodeName string) *framework.Status {
	var waits map[string]time.Duration
	for _, pl := range f.permit {
		s, timeout := pl.Permit(ctx, state, pod, nodeName)
		if s.IsSuccess() {
			continue
		}
		if s.IsRejected() {
			return s.WithPlugin(pl.Name())
		}
		if s.IsWait() {
			if waits == nil {
				waits = map[string]time.Duration{}
			}
			waits[pl.Name()] = min(timeout, MaxPermitTimeout)
			continue
		}
		return framework.AsStatus(fmt.Errorf("running Permit plugin %q: %w", pl.Name(), s.AsError())).WithPlugin(pl.Name())
	}
	if waits != nil {
		f.waiting.add(newWaitingPod(pod, waits))
		return framework.NewStatus(framework.Wait, fmt.Sprintf("one or more plugins asked to wait and no plugin rejected pod %q", pod.Name))
	}
	return nil
}

// WaitOnPermit blocks while pod is a waiting pod; it returns nil once the
// pod is allowed, the rejection otherwise. ctx ending rejects the pod.
func (f *Framework) WaitOnPermit(ctx context.Context, pod *corev1.Pod) *framework.Status {
	wp := f.waiting.get(string(pod.UID))
	if wp == nil {
		return nil
	}
	defer f.waiting.remove(string(pod.UID))
	select {
	case s := <-wp.result:
		if !s.IsSuccess() && !s.IsRejected() {
			return framework.AsStatus(fmt.Errorf("waiting on permit for pod: %w", s.AsError())).WithPlugin(s.Plugin())
		}
		return s
	case <-ctx.Done():
		wp.Reject("", "scheduler is stopping")
		return framework.AsStatus(ctx.Err())
	}
}

// GetWaitingPod returns a waiting pod by UID, or nil.
func (f *Framework) GetWaitingPod(uid string) framework.WaitingPod {
	if wp := f.waiting.get(uid); wp != nil {
		return wp
	}
	return nil
}

// IterateOverWaitingPods calls fn for every waiting pod.
func (f *Framework) IterateOverWaitingPods(fn func(framework.WaitingPod)) { f.waiting.each(fn) }

// RejectWaitingPod rejects a waiting pod (e.g. deleted); it reports whether
// there was one.
func (f *Framework) RejectWaitingPod(uid string) bool {
	if wp := f.waiting.get(uid); wp != nil {
		wp.Reject("", "removed")
		return true
	}
	return false
}

// RunPreBindPlugins runs the PreBind plugins, stopping at the first failure.
func (f *Framework) RunPreBindPlugins(ctx context.Context, state *framework.CycleState, pod *corev1.Pod, nodeName string) *framework.Status {
	for _, pl := range f.preBind {
		if s := pl.PreBind(ctx, state, pod, nodeName); !s.IsSuccess() {
			if s.IsRejected() {
				return s.WithPlugin(pl.Name())
			}
			return framework.AsStatus(fmt.Errorf("running PreBind plugin %q: %w", pl.Name(), s.AsError())).WithPlugin(pl.Name())
		}
	}
	return nil
}

// RunBindPlugins runs the Bind plugins until one does not Skip; when all
// skip, Skip is returned.
func (f *Framework) RunBindPlugins(ctx context.Context, state *framework.CycleState, pod *corev1.Pod, nodeName string) *framework.Status {
	status := framework.NewStatus(framework.Skip)
	for _, pl := range f.bind {
		status = pl.Bind(ctx, state, pod, nodeName)
		if status.IsSkip() {
			continue
		}
		if !status.IsSuccess() {
			if status.IsRejected() {
				return status.WithPlugin(pl.Name())
			}
			return framework.AsStatus(fmt.Errorf("running Bind plugin %q: %w", pl.Name(), status.AsError())).WithPlugin(pl.Name())
		}
		return nil
	}
	return status
}

// RunPostBindPlugins tells every PostBind plugin about the binding.
func (f *Framework) RunPostBindPlugins(ctx context.Context, state *framework.CycleState, pod *corev1.Pod, nodeName string) {
	for _, pl := range f.postBind {
		pl.PostBind(ctx, state, pod, nodeName)
	}
}
