package helper

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

func node(name string, lbls map[string]string) *corev1.Node {
	return &corev1.Node{ObjectMeta: meta.ObjectMeta{Name: name, Labels: lbls}}
}

func req(key string, op corev1.NodeSelectorOperator, vals ...string) corev1.NodeSelectorRequirement {
	return corev1.NodeSelectorRequirement{Key: key, Operator: op, Values: vals}
}

func TestMatchNodeSelectorTerms(t *testing.T) {
	n := node("node-1", map[string]string{"zone": "a", "gpu": "true", "cores": "8"})
	tests := []struct {
		name    string
		sel     *corev1.NodeSelector
		node    *corev1.Node
		want    bool
		wantErr bool
		// strictErr: NewNodeSelector fails though the lazy match succeeds.
		strictErr bool
	}{
		{name: "nil selector", sel: nil, node: n, want: false},
		{name: "no terms", sel: &corev1.NodeSelector{}, node: n, want: false},
		{name: "empty term matches nothing", sel: &corev1.NodeSelector{NodeSelectorTerms: []corev1.NodeSelectorTerm{{}}}, node: n, want: false},
		{name: "nil node", sel: &corev1.NodeSelector{NodeSelectorTerms: []corev1.NodeSelectorTerm{{MatchExpressions: []corev1.NodeSelectorRequirement{req("zone", corev1.NodeSelectorOpExists)}}}}, node: nil, want: false},
		{name: "In matches", sel: terms(req("zone", corev1.NodeSelectorOpIn, "b", "a")), node: n, want: true},
		{name: "In no match", sel: terms(req("zone", corev1.NodeSelectorOpIn, "b")), node: n, want: false},
		{name: "In missing key", sel: terms(req("rack", corev1.NodeSelectorOpIn, "b")), node: n, want: false},
		{name: "NotIn matches", sel: terms(req("zone", corev1.NodeSelectorOpNotIn, "b")), node: n, want: true},
		{name: "NotIn missing key matches", sel: terms(req("rack", corev1.NodeSelectorOpNotIn, "b")), node: n, want: true},
		{name: "NotIn no match", sel: terms(req("zone", corev1.NodeSelectorOpNotIn, "a")), node: n, want: false},
		{name: "Exists", sel: terms(req("gpu", corev1.NodeSelectorOpExists)), node: n, want: true},
		{name: "Exists missing", sel: terms(req("rack", corev1.NodeSelectorOpExists)), node: n, want: false},
		{name: "DoesNotExist", sel: terms(req("rack", corev1.NodeSelectorOpDoesNotExist)), node: n, want: true},
		{name: "DoesNotExist present", sel: terms(req("gpu", corev1.NodeSelectorOpDoesNotExist)), node: n, want: false},
		{name: "Gt matches", sel: terms(req("cores", corev1.NodeSelectorOpGt, "4")), node: n, want: true},
		{name: "Gt equal does not match", sel: terms(req("cores", corev1.NodeSelectorOpGt, "8")), node: n, want: false},
		{name: "Gt non-integer label", sel: terms(req("zone", corev1.NodeSelectorOpGt, "4")), node: n, want: false},
		{name: "Lt matches", sel: terms(req("cores", corev1.NodeSelectorOpLt, "16")), node: n, want: true},
		{name: "Lt no match", sel: terms(req("cores", corev1.NodeSelectorOpLt, "8")), node: n, want: false},
		{name: "Gt invalid value is an error", sel: terms(req("cores", corev1.NodeSelectorOpGt, "x")), node: n, want: false, wantErr: true},
		{name: "unknown operator is an error", sel: terms(req("cores", "Foo", "x")), node: n, want: false, wantErr: true},
		{name: "expressions ANDed", sel: terms(req("zone", corev1.NodeSelectorOpIn, "a"), req("gpu", corev1.NodeSelectorOpDoesNotExist)), node: n, want: false},
		{name: "terms ORed", sel: &corev1.NodeSelector{NodeSelectorTerms: []corev1.NodeSelectorTerm{
			{MatchExpressions: []corev1.NodeSelectorRequirement{req("zone", corev1.NodeSelectorOpIn, "b")}},
			{MatchExpressions: []corev1.NodeSelectorRequirement{req("zone", corev1.NodeSelectorOpIn, "a")}},
		}}, node: n, want: true},
		{name: "bad term ignored when another matches", sel: &corev1.NodeSelector{NodeSelectorTerms: []corev1.NodeSelectorTerm{
			{MatchExpressions: []corev1.NodeSelectorRequirement{req("zone", "Bad")}},
			{MatchExpressions: []corev1.NodeSelectorRequirement{req("zone", corev1.NodeSelectorOpIn, "a")}},
		}}, node: n, want: true, strictErr: true},
		{name: "matchFields In name", sel: fieldTerms(req(NodeFieldName, corev1.NodeSelectorOpIn, "node-1")), node: n, want: true},
		{name: "matchFields In other name", sel: fieldTerms(req(NodeFieldName, corev1.NodeSelectorOpIn, "node-2")), node: n, want: false},
		{name: "matchFields NotIn name", sel: fieldTerms(req(NodeFieldName, corev1.NodeSelectorOpNotIn, "node-1")), node: n, want: false},
		{name: "matchFields NotIn other", sel: fieldTerms(req(NodeFieldName, corev1.NodeSelectorOpNotIn, "node-2")), node: n, want: true},
		{name: "matchFields two values is an error", sel: fieldTerms(req(NodeFieldName, corev1.NodeSelectorOpIn, "node-1", "node-2")), node: n, want: false, wantErr: true},
		{name: "matchFields Exists is an error", sel: fieldTerms(req(NodeFieldName, corev1.NodeSelectorOpExists)), node: n, want: false, wantErr: true},
		{name: "matchFields ignored for unnamed node", sel: fieldTerms(req(NodeFieldName, corev1.NodeSelectorOpIn, "node-9")), node: node("", nil), want: true},
		{name: "matchFields and expressions ANDed", sel: &corev1.NodeSelector{NodeSelectorTerms: []corev1.NodeSelectorTerm{{
			MatchExpressions: []corev1.NodeSelectorRequirement{req("zone", corev1.NodeSelectorOpIn, "a")},
			MatchFields:      []corev1.NodeSelectorRequirement{req(NodeFieldName, corev1.NodeSelectorOpIn, "node-2")},
		}}}, node: n, want: false},
		{name: "matchFields unknown field sees empty value", sel: fieldTerms(req("metadata.uid", corev1.NodeSelectorOpNotIn, "x")), node: n, want: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := MatchNodeSelectorTerms(tc.node, tc.sel)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("match (-want +got):\n%s", diff)
			}
			if (err != nil) != tc.wantErr {
				t.Errorf("err = %v, want error %v", err, tc.wantErr)
			}
			if got2 := NodeMatchesNodeSelector(tc.node, tc.sel); got2 != got {
				t.Errorf("NodeMatchesNodeSelector = %v, want %v", got2, got)
			}
			strict, serr := NewNodeSelector(tc.sel)
			if serr != nil {
				if !tc.wantErr && !tc.strictErr && tc.sel != nil {
					t.Errorf("NewNodeSelector: unexpected error %v", serr)
				}
				return
			}
			if got3 := strict.Match(tc.node); got3 != got {
				t.Errorf("NodeSelector.Match = %v, want %v", got3, got)
			}
		})
	}
}

func terms(reqs ...corev1.NodeSelectorRequirement) *corev1.NodeSelector {
	return &corev1.NodeSelector{NodeSelectorTerms: []corev1.NodeSelectorTerm{{MatchExpressions: reqs}}}
}

func fieldTerms(reqs ...corev1.NodeSelectorRequirement) *corev1.NodeSelector {
	return &corev1.NodeSelector{NodeSelectorTerms: []corev1.NodeSelectorTerm{{MatchFields: reqs}}}
}

func TestRequiredNodeAffinity(t *testing.T) {
	n := node("node-1", map[string]string{"zone": "a", "disk": "ssd"})
	withAff := func(sel map[string]string, ns *corev1.NodeSelector) *corev1.Pod {
		p := &corev1.Pod{}
		p.Spec.NodeSelector = sel
		if ns != nil {
			p.Spec.Affinity = &corev1.Affinity{NodeAffinity: &corev1.NodeAffinity{RequiredDuringSchedulingIgnoredDuringExecution: ns}}
		}
		return p
	}
	tests := []struct {
		name string
		pod  *corev1.Pod
		want bool
	}{
		{name: "no constraints", pod: withAff(nil, nil), want: true},
		{name: "nodeSelector matches", pod: withAff(map[string]string{"zone": "a", "disk": "ssd"}, nil), want: true},
		{name: "nodeSelector value differs", pod: withAff(map[string]string{"zone": "b"}, nil), want: false},
		{name: "nodeSelector key missing", pod: withAff(map[string]string{"gpu": ""}, nil), want: false},
		{name: "both must hold", pod: withAff(map[string]string{"zone": "a"}, terms(req("disk", corev1.NodeSelectorOpIn, "hdd"))), want: false},
		{name: "both hold", pod: withAff(map[string]string{"zone": "a"}, terms(req("disk", corev1.NodeSelectorOpIn, "ssd"))), want: true},
		{name: "required with no terms matches nothing", pod: withAff(nil, &corev1.NodeSelector{}), want: false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := GetRequiredNodeAffinity(tc.pod).Match(n)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if got2 := PodMatchesNodeSelectorAndAffinityTerms(tc.pod, n); got2 != got {
				t.Errorf("PodMatchesNodeSelectorAndAffinityTerms = %v, want %v", got2, got)
			}
		})
	}
}

func TestPreferredSchedulingTerms(t *testing.T) {
	n := node("node-1", map[string]string{"zone": "a", "disk": "ssd"})
	terms, err := NewPreferredSchedulingTerms([]corev1.PreferredSchedulingTerm{
		{Weight: 5, Preference: corev1.NodeSelectorTerm{MatchExpressions: []corev1.NodeSelectorRequirement{req("zone", corev1.NodeSelectorOpIn, "a")}}},
		{Weight: 3, Preference: corev1.NodeSelectorTerm{MatchExpressions: []corev1.NodeSelectorRequirement{req("disk", corev1.NodeSelectorOpIn, "hdd")}}},
		{Weight: 7, Preference: corev1.NodeSelectorTerm{MatchFields: []corev1.NodeSelectorRequirement{req(NodeFieldName, corev1.NodeSelectorOpIn, "node-1")}}},
		{Weight: 0, Preference: corev1.NodeSelectorTerm{MatchExpressions: []corev1.NodeSelectorRequirement{req("zone", corev1.NodeSelectorOpIn, "a")}}},
		{Weight: 9},
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(int64(12), terms.Score(n)); diff != "" {
		t.Errorf("score (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(3, terms.Len()); diff != "" {
		t.Errorf("len (-want +got):\n%s", diff)
	}
	if _, err := NewPreferredSchedulingTerms([]corev1.PreferredSchedulingTerm{{Weight: 1, Preference: corev1.NodeSelectorTerm{MatchExpressions: []corev1.NodeSelectorRequirement{req("zone", "Bad")}}}}); err == nil {
		t.Error("want an error for an unknown operator")
	}
}
