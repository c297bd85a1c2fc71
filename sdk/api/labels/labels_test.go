package labels

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/sdk/api/meta"
)

func TestSetString(t *testing.T) {
	tests := []struct {
		name string
		in   Set
		want string
	}{
		{"nil", nil, ""},
		{"sorted", Set{"c": "d", "a": "b"}, "a=b,c=d"},
		{"empty value", Set{"x": ""}, "x="},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.in.String()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	if diff := cmp.Diff("<none>", FormatLabels(nil)); diff != "" {
		t.Errorf("FormatLabels(nil) (-want +got):\n%s", diff)
	}
}

func TestConflictsMergeEquals(t *testing.T) {
	tests := []struct {
		name      string
		a, b      Set
		conflicts bool
		merged    Set
		equal     bool
	}{
		{"both nil", nil, nil, false, Set{}, true},
		{"disjoint", Set{"a": "1"}, Set{"b": "2"}, false, Set{"a": "1", "b": "2"}, false},
		{"same key same value", Set{"a": "1"}, Set{"a": "1", "b": "2"}, false, Set{"a": "1", "b": "2"}, false},
		{"same key other value", Set{"a": "1", "c": "3"}, Set{"a": "2"}, true, Set{"a": "2", "c": "3"}, false},
		{"equal", Set{"a": "1"}, Set{"a": "1"}, false, Set{"a": "1"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Conflicts(tt.a, tt.b); got != tt.conflicts {
				t.Errorf("Conflicts = %v, want %v", got, tt.conflicts)
			}
			if diff := cmp.Diff(tt.merged, Merge(tt.a, tt.b)); diff != "" {
				t.Errorf("Merge (-want +got):\n%s", diff)
			}
			if got := Equals(tt.a, tt.b); got != tt.equal {
				t.Errorf("Equals = %v, want %v", got, tt.equal)
			}
		})
	}
}

func TestSelectorHelpers(t *testing.T) {
	sel := &meta.LabelSelector{
		MatchLabels:      map[string]string{"app": "web"},
		MatchExpressions: []meta.LabelSelectorRequirement{{Key: "t", Operator: meta.LabelSelectorOpIn, Values: []string{"a"}}},
	}
	got := CloneSelectorAndAddLabel(sel, "pod-template-hash", "abc")
	want := &meta.LabelSelector{
		MatchLabels:      map[string]string{"app": "web", "pod-template-hash": "abc"},
		MatchExpressions: []meta.LabelSelectorRequirement{{Key: "t", Operator: meta.LabelSelectorOpIn, Values: []string{"a"}}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("CloneSelectorAndAddLabel (-want +got):\n%s", diff)
	}
	if _, ok := sel.MatchLabels["pod-template-hash"]; ok {
		t.Error("CloneSelectorAndAddLabel modified its input")
	}
	if CloneSelectorAndAddLabel(sel, "", "x") != sel {
		t.Error("empty key must return the input")
	}
	tests := []struct {
		name string
		sel  *meta.LabelSelector
		key  string
		want bool
	}{
		{"present", got, "pod-template-hash", true},
		{"absent", sel, "pod-template-hash", false},
		{"empty value", &meta.LabelSelector{MatchLabels: map[string]string{"a": ""}}, "a", false},
		{"nil selector", nil, "a", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SelectorHasLabel(tt.sel, tt.key); got != tt.want {
				t.Errorf("SelectorHasLabel = %v, want %v", got, tt.want)
			}
		})
	}
	in := map[string]string{"a": "1"}
	if diff := cmp.Diff(map[string]string{"a": "1", "b": "2"}, CloneAndAddLabel(in, "b", "2")); diff != "" {
		t.Errorf("CloneAndAddLabel (-want +got):\n%s", diff)
	}
	if len(in) != 1 {
		t.Error("CloneAndAddLabel modified its input")
	}
}
