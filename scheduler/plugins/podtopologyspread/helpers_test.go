package podtopologyspread

import (
	"context"
	"sync"
	"testing"

	"github.com/gantryhq/gantry/scheduler/framework"
	st "github.com/gantryhq/gantry/scheduler/plugins/helper/schedtest"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

// parallelHandle is st.Handle with a goroutine parallelizer.
type parallelHandle struct{ st.Handle }

type goParallelizer struct{}

func (goParallelizer) Until(_ context.Context, pieces int, work func(int)) {
	var wg sync.WaitGroup
	for i := range pieces {
		wg.Add(1)
		go func() { defer wg.Done(); work(i) }()
	}
	wg.Wait()
}

func (h *parallelHandle) Parallelizer() framework.Parallelizer { return goParallelizer{} }

func newPlugin(t testing.TB, snap *st.Snapshot, args *PodTopologySpreadArgs) *PodTopologySpread {
	t.Helper()
	p, err := New(context.Background(), args, &parallelHandle{st.Handle{Snapshot: snap}})
	if err != nil {
		t.Fatal(err)
	}
	return p.(*PodTopologySpread)
}

// result is a comparable view of a Status.
type result struct {
	Code    framework.Code
	Reasons []string
}

func asResult(s *framework.Status) result {
	if s.IsSuccess() {
		return result{Code: framework.Success}
	}
	return result{Code: s.Code(), Reasons: s.Reasons()}
}

var (
	ok           = result{Code: framework.Success}
	skewFail     = result{Code: framework.Unschedulable, Reasons: []string{ErrReasonConstraintsNotMatch}}
	missingLabel = result{Code: framework.UnschedulableAndUnresolvable, Reasons: []string{ErrReasonNodeLabelNotMatch}}
)

// spread builds a constraint selecting pods with label key (Exists).
type spread struct {
	corev1.TopologySpreadConstraint
}

func constraintOf(maxSkew int32, key string, action corev1.UnsatisfiableConstraintAction, selKey string) spread {
	return spread{corev1.TopologySpreadConstraint{
		MaxSkew: maxSkew, TopologyKey: key, WhenUnsatisfiable: action,
		LabelSelector: &meta.LabelSelector{MatchExpressions: []meta.LabelSelectorRequirement{{Key: selKey, Operator: meta.LabelSelectorOpExists}}},
	}}
}

func (s spread) minDomains(n int32) spread { s.MinDomains = &n; return s }
func (s spread) affinityPolicy(p corev1.NodeInclusionPolicy) spread {
	s.NodeAffinityPolicy = &p
	return s
}
func (s spread) taintsPolicy(p corev1.NodeInclusionPolicy) spread { s.NodeTaintsPolicy = &p; return s }
func (s spread) matchLabelKeys(k ...string) spread                { s.MatchLabelKeys = k; return s }

func withSpread(p *st.PodWrapper, cs ...spread) *st.PodWrapper {
	for _, c := range cs {
		p.Spec.TopologySpreadConstraints = append(p.Spec.TopologySpreadConstraints, c.TopologySpreadConstraint)
	}
	return p
}

func pod(name, node string) *st.PodWrapper { return st.MakePod().Name(name).Node(node) }

func node(name, zone string) *corev1.Node {
	n := st.MakeNode().Name(name).Label(corev1.LabelHostname, name)
	if zone != "" {
		n.Label("zone", zone)
	}
	return n.Obj()
}
