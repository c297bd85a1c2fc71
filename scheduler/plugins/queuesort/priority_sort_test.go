package queuesort

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/scheduler/framework"
	st "github.com/gantryhq/gantry/scheduler/plugins/helper/schedtest"
)

func TestLess(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	t1 := t0.Add(time.Second)
	qp := func(prio *int32, ts time.Time) *framework.QueuedPodInfo {
		w := st.MakePod()
		if prio != nil {
			w.Priority(*prio)
		}
		return &framework.QueuedPodInfo{PodInfo: framework.NewPodInfo(w.Obj()), Timestamp: ts}
	}
	low, high, zero := int32(1), int32(100), int32(0)
	tests := []struct {
		name   string
		p1, p2 *framework.QueuedPodInfo
		want   bool
	}{
		{name: "p1 higher priority", p1: qp(&high, t1), p2: qp(&low, t0), want: true},
		{name: "p2 higher priority", p1: qp(&low, t0), p2: qp(&high, t1), want: false},
		{name: "equal priority, p1 earlier", p1: qp(&low, t0), p2: qp(&low, t1), want: true},
		{name: "equal priority, p2 earlier", p1: qp(&low, t1), p2: qp(&low, t0), want: false},
		{name: "equal priority and time", p1: qp(&low, t0), p2: qp(&low, t0), want: false},
		{name: "unset priority is 0", p1: qp(nil, t0), p2: qp(&zero, t1), want: true},
		{name: "negative priority goes after unset", p1: qp(ptr(-1), t0), p2: qp(nil, t1), want: false},
	}
	p, _ := New(context.Background(), nil, nil)
	qs := p.(framework.QueueSortPlugin)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, qs.Less(tc.p1, tc.p2)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func ptr(v int32) *int32 { return &v }

// BenchmarkLess compares two queued pods.
func BenchmarkLess(b *testing.B) {
	p, _ := New(context.Background(), nil, nil)
	qs := p.(framework.QueueSortPlugin)
	a := &framework.QueuedPodInfo{PodInfo: framework.NewPodInfo(st.MakePod().Priority(1).Obj()), Timestamp: time.Now()}
	c := &framework.QueuedPodInfo{PodInfo: framework.NewPodInfo(st.MakePod().Priority(1).Obj()), Timestamp: time.Now()}
	b.ReportAllocs()
	for b.Loop() {
		qs.Less(a, c)
	}
}
