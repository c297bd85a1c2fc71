package podtopologyspread

import (
	"context"
	"testing"

	"github.com/gantryhq/gantry/scheduler/framework"
	st "github.com/gantryhq/gantry/scheduler/plugins/helper/schedtest"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
)

// TestFilterScoreAllocateNothing guards the hot paths: Filter on a fitting
// node and Score allocate nothing.
func TestFilterScoreAllocateNothing(t *testing.T) {
	snap := st.NewSnapshot(fourNodes(), []*corev1.Pod{pod("a1", "node-a").Label("foo", "").Obj()})
	pl := newPlugin(t, snap, nil)
	ctx := context.Background()
	in := withSpread(pod("p", "").Label("foo", ""), constraintOf(1, "zone", corev1.DoNotSchedule, "foo"),
		constraintOf(1, hostname, corev1.ScheduleAnyway, "foo")).Obj()
	state := framework.NewCycleState()
	pl.PreFilter(ctx, state, in)
	pl.PreScore(ctx, state, in, snap.List())
	ni, _ := snap.Get("node-x")
	if n := testing.AllocsPerRun(100, func() { pl.Filter(ctx, state, in, ni) }); n != 0 {
		t.Errorf("Filter allocates %v times", n)
	}
	if n := testing.AllocsPerRun(100, func() { pl.Score(ctx, state, in, ni) }); n != 0 {
		t.Errorf("Score allocates %v times", n)
	}
}
