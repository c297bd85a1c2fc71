package helper

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/scheduler/framework"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
)

func TestDefaultNormalizeScore(t *testing.T) {
	// Cases from Kubernetes' helper/normalize_score_test.go.
	tests := []struct {
		name    string
		reverse bool
		scores  []int64
		want    []int64
	}{
		{name: "scale", scores: []int64{1, 2, 3, 4, 5}, want: []int64{20, 40, 60, 80, 100}},
		{name: "scale reverse", reverse: true, scores: []int64{1, 2, 3, 4, 5}, want: []int64{80, 60, 40, 20, 0}},
		{name: "scale big", scores: []int64{1000, 10, 20, 30}, want: []int64{100, 1, 2, 3}},
		{name: "scale big reverse", reverse: true, scores: []int64{1000, 10, 20, 30}, want: []int64{0, 99, 98, 97}},
		{name: "uneven", scores: []int64{1, 1, 1, 1}, want: []int64{100, 100, 100, 100}},
		{name: "uneven reverse", reverse: true, scores: []int64{1, 1, 1, 1}, want: []int64{0, 0, 0, 0}},
		{name: "zeros", scores: []int64{0, 0, 0, 0}, want: []int64{0, 0, 0, 0}},
		{name: "zeros reverse", reverse: true, scores: []int64{0, 0, 0, 0}, want: []int64{100, 100, 100, 100}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			list := make(framework.NodeScoreList, len(tc.scores))
			for i, s := range tc.scores {
				list[i].Score = s
			}
			if st := DefaultNormalizeScore(framework.MaxNodeScore, tc.reverse, list); st != nil {
				t.Fatal(st)
			}
			got := make([]int64, len(list))
			for i := range list {
				got[i] = list[i].Score
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestBrokenLinearFunction(t *testing.T) {
	// Cases from Kubernetes' helper/shape_score_test.go.
	type assertion struct{ p, want int64 }
	tests := []struct {
		name       string
		shape      FunctionShape
		assertions []assertion
	}{
		{
			name:       "two points",
			shape:      FunctionShape{{10, 1}, {90, 9}},
			assertions: []assertion{{-10, 1}, {0, 1}, {9, 1}, {10, 1}, {15, 1}, {19, 1}, {20, 2}, {89, 8}, {90, 9}, {99, 9}, {100, 9}, {110, 9}},
		},
		{
			name:       "decreasing",
			shape:      FunctionShape{{0, 2}, {40, 10}, {100, 0}},
			assertions: []assertion{{-10, 2}, {0, 2}, {20, 6}, {30, 8}, {40, 10}, {70, 5}, {100, 0}, {110, 0}},
		},
		{
			name:       "flat",
			shape:      FunctionShape{{0, 2}, {40, 2}, {100, 2}},
			assertions: []assertion{{-10, 2}, {0, 2}, {20, 2}, {30, 2}, {40, 2}, {70, 2}, {100, 2}, {110, 2}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := BuildBrokenLinearFunction(tc.shape)
			for _, a := range tc.assertions {
				if got := f(a.p); got != a.want {
					t.Errorf("f(%d) = %d, want %d", a.p, got, a.want)
				}
			}
		})
	}
}

func TestFindMatchingUntoleratedTaint(t *testing.T) {
	taints := []corev1.Taint{
		{Key: "soft", Value: "x", Effect: corev1.TaintEffectPreferNoSchedule},
		{Key: "dedicated", Value: "gpu", Effect: corev1.TaintEffectNoSchedule},
		{Key: "evict", Effect: corev1.TaintEffectNoExecute},
	}
	tests := []struct {
		name        string
		tolerations []corev1.Toleration
		filter      func(*corev1.Taint) bool
		want        corev1.Taint
		wantFound   bool
	}{
		{name: "no tolerations, all taints", want: taints[0], wantFound: true},
		{name: "no tolerations, do-not-schedule filter", filter: DoNotScheduleTaintsFilterFunc(), want: taints[1], wantFound: true},
		{name: "equal toleration", filter: DoNotScheduleTaintsFilterFunc(), tolerations: []corev1.Toleration{
			{Key: "dedicated", Operator: corev1.TolerationOpEqual, Value: "gpu", Effect: corev1.TaintEffectNoSchedule},
		}, want: taints[2], wantFound: true},
		{name: "equal toleration wrong value", filter: DoNotScheduleTaintsFilterFunc(), tolerations: []corev1.Toleration{
			{Key: "dedicated", Value: "cpu"},
		}, want: taints[1], wantFound: true},
		{name: "exists with empty key tolerates all", filter: DoNotScheduleTaintsFilterFunc(), tolerations: []corev1.Toleration{
			{Operator: corev1.TolerationOpExists},
		}},
		{name: "exists per key, effect any", filter: DoNotScheduleTaintsFilterFunc(), tolerations: []corev1.Toleration{
			{Key: "dedicated", Operator: corev1.TolerationOpExists},
			{Key: "evict", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute},
		}},
		{name: "effect mismatch", filter: DoNotScheduleTaintsFilterFunc(), tolerations: []corev1.Toleration{
			{Key: "dedicated", Operator: corev1.TolerationOpExists},
			{Key: "evict", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoSchedule},
		}, want: taints[2], wantFound: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, found := FindMatchingUntoleratedTaint(taints, tc.tolerations, tc.filter)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("taint (-want +got):\n%s", diff)
			}
			if found != tc.wantFound {
				t.Errorf("found = %v, want %v", found, tc.wantFound)
			}
		})
	}
}

func TestPodPriority(t *testing.T) {
	p := int32(7)
	if got := PodPriority(&corev1.Pod{}); got != 0 {
		t.Errorf("unset priority = %d, want 0", got)
	}
	pod := &corev1.Pod{}
	pod.Spec.Priority = &p
	if got := PodPriority(pod); got != 7 {
		t.Errorf("priority = %d, want 7", got)
	}
}
