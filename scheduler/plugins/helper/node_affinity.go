package helper

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/labels"
)

// NodeFieldName is the only node field a matchFields requirement can
// match (any other key sees an empty value, as in Kubernetes).
const NodeFieldName = "metadata.name"

// fieldRequirement is one parsed matchFields requirement: key = value (In)
// or key != value (NotIn).
type fieldRequirement struct {
	key   string
	value string
	notIn bool
}

// nodeSelectorTerm is a parsed NodeSelectorTerm. A nil labels slice with
// hasLabels false means "no matchExpressions" (no constraint).
type nodeSelectorTerm struct {
	labels    []labels.Requirement
	hasLabels bool
	fields    []fieldRequirement
	hasFields bool
	parseErrs []error
}

var validSelectorOperators = []string{
	string(corev1.NodeSelectorOpIn), string(corev1.NodeSelectorOpNotIn),
	string(corev1.NodeSelectorOpExists), string(corev1.NodeSelectorOpDoesNotExist),
	string(corev1.NodeSelectorOpGt), string(corev1.NodeSelectorOpLt),
}

func isEmptyNodeSelectorTerm(t *corev1.NodeSelectorTerm) bool {
	return len(t.MatchExpressions) == 0 && len(t.MatchFields) == 0
}

func newNodeSelectorTerm(term *corev1.NodeSelectorTerm, path string) nodeSelectorTerm {
	var t nodeSelectorTerm
	if len(term.MatchExpressions) != 0 {
		t.hasLabels = true
		t.labels = make([]labels.Requirement, 0, len(term.MatchExpressions))
		for i := range term.MatchExpressions {
			expr := &term.MatchExpressions[i]
			p := fmt.Sprintf("%s.matchExpressions[%d]", path, i)
			var op labels.Operator
			switch expr.Operator {
			case corev1.NodeSelectorOpIn:
				op = labels.OpIn
			case corev1.NodeSelectorOpNotIn:
				op = labels.OpNotIn
			case corev1.NodeSelectorOpExists:
				op = labels.OpExists
			case corev1.NodeSelectorOpDoesNotExist:
				op = labels.OpDoesNotExist
			case corev1.NodeSelectorOpGt:
				op = labels.OpGreaterThan
			case corev1.NodeSelectorOpLt:
				op = labels.OpLessThan
			default:
				t.parseErrs = append(t.parseErrs, fmt.Errorf("%s.operator: Unsupported value: %q: supported values: %s",
					p, expr.Operator, quoteJoin(validSelectorOperators)))
				continue
			}
			r, err := labels.NewRequirement(expr.Key, op, expr.Values)
			if err != nil {
				t.parseErrs = append(t.parseErrs, fmt.Errorf("%s: %w", p, err))
				continue
			}
			t.labels = append(t.labels, *r)
		}
	}
	if len(term.MatchFields) != 0 {
		t.hasFields = true
		t.fields = make([]fieldRequirement, 0, len(term.MatchFields))
		for i := range term.MatchFields {
			expr := &term.MatchFields[i]
			p := fmt.Sprintf("%s.matchFields[%d]", path, i)
			switch expr.Operator {
			case corev1.NodeSelectorOpIn, corev1.NodeSelectorOpNotIn:
				if len(expr.Values) != 1 {
					t.parseErrs = append(t.parseErrs, fmt.Errorf("%s.values: Invalid value: %#v: must have one element", p, expr.Values))
					continue
				}
				t.fields = append(t.fields, fieldRequirement{key: expr.Key, value: expr.Values[0], notIn: expr.Operator == corev1.NodeSelectorOpNotIn})
			default:
				t.parseErrs = append(t.parseErrs, fmt.Errorf("%s.operator: Unsupported value: %q: supported values: %q, %q",
					p, expr.Operator, corev1.NodeSelectorOpIn, corev1.NodeSelectorOpNotIn))
			}
		}
	}
	if len(t.parseErrs) > 0 {
		t.labels, t.fields = nil, nil
	}
	return t
}

func quoteJoin(vals []string) string {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(q, ", ")
}

// match reports whether the node matches the term. As in Kubernetes,
// matchFields are ignored for a node without a name.
func (t *nodeSelectorTerm) match(node *corev1.Node) (bool, []error) {
	if t.parseErrs != nil {
		return false, t.parseErrs
	}
	if t.hasLabels {
		if len(t.labels) == 0 {
			return false, nil
		}
		ls := labels.Set(node.Labels)
		for i := range t.labels {
			if !t.labels[i].Matches(ls) {
				return false, nil
			}
		}
	}
	if t.hasFields && node.Name != "" {
		for i := range t.fields {
			f := &t.fields[i]
			var v string
			if f.key == NodeFieldName {
				v = node.Name
			}
			if (v == f.value) == f.notIn {
				return false, nil
			}
		}
	}
	return true, nil
}

// LazyErrorNodeSelector is a parsed corev1.NodeSelector that reports parse
// errors only when no term matches (Kubernetes' backward-compatible form,
// used for a pod's required node affinity): a term that fails to parse
// never matches, the others still may.
type LazyErrorNodeSelector struct {
	terms []nodeSelectorTerm
}

// NewLazyErrorNodeSelector parses ns. Empty terms (no expressions and no
// fields) are dropped: they match nothing. A nil ns matches nothing.
func NewLazyErrorNodeSelector(ns *corev1.NodeSelector) *LazyErrorNodeSelector {
	if ns == nil {
		return &LazyErrorNodeSelector{}
	}
	terms := make([]nodeSelectorTerm, 0, len(ns.NodeSelectorTerms))
	for i := range ns.NodeSelectorTerms {
		term := &ns.NodeSelectorTerms[i]
		if isEmptyNodeSelectorTerm(term) {
			continue
		}
		terms = append(terms, newNodeSelectorTerm(term, fmt.Sprintf("nodeSelectorTerms[%d]", i)))
	}
	return &LazyErrorNodeSelector{terms: terms}
}

// Match reports whether node matches any term (terms are ORed). When no
// term matches, the error joins the parse errors of the terms that could
// not be parsed. A nil node matches nothing.
func (ns *LazyErrorNodeSelector) Match(node *corev1.Node) (bool, error) {
	if node == nil || ns == nil {
		return false, nil
	}
	var errs []error
	for i := range ns.terms {
		ok, tErrs := ns.terms[i].match(node)
		if len(tErrs) > 0 {
			errs = append(errs, tErrs...)
			continue
		}
		if ok {
			return true, nil
		}
	}
	return false, errors.Join(errs...)
}

// NodeSelector is a parsed corev1.NodeSelector whose terms all parsed.
type NodeSelector struct {
	lazy LazyErrorNodeSelector
}

// NewNodeSelector parses ns strictly: any invalid requirement (unknown
// operator, bad key or value, Gt/Lt without exactly one integer,
// matchFields other than In/NotIn with one value) is an error.
func NewNodeSelector(ns *corev1.NodeSelector) (*NodeSelector, error) {
	lazy := NewLazyErrorNodeSelector(ns)
	var errs []error
	for i := range lazy.terms {
		errs = append(errs, lazy.terms[i].parseErrs...)
	}
	if len(errs) != 0 {
		return nil, errors.Join(errs...)
	}
	return &NodeSelector{lazy: *lazy}, nil
}

// Match reports whether node matches any term; a nil selector or node
// matches nothing.
func (ns *NodeSelector) Match(node *corev1.Node) bool {
	if ns == nil {
		return false
	}
	ok, _ := ns.lazy.Match(node)
	return ok
}

// MatchNodeSelectorTerms reports whether node's labels and fields match
// any of nodeSelector's terms (ORed); a nil or empty term matches nothing.
// Terms that do not parse never match; their errors are returned when no
// term matched. It parses nodeSelector on every call: hot paths parse once
// (NewNodeSelector, GetRequiredNodeAffinity) and call Match.
func MatchNodeSelectorTerms(node *corev1.Node, nodeSelector *corev1.NodeSelector) (bool, error) {
	if node == nil {
		return false, nil
	}
	return NewLazyErrorNodeSelector(nodeSelector).Match(node)
}

// NodeMatchesNodeSelector is MatchNodeSelectorTerms without the error: it
// reports whether node matches nodeSelector.
func NodeMatchesNodeSelector(node *corev1.Node, nodeSelector *corev1.NodeSelector) bool {
	ok, _ := MatchNodeSelectorTerms(node, nodeSelector)
	return ok
}

// labelPair is one key=value of spec.nodeSelector.
type labelPair struct{ key, value string }

// RequiredNodeAffinity is a pod's hard node constraints: spec.nodeSelector
// and the required terms of spec.affinity.nodeAffinity (both must hold).
type RequiredNodeAffinity struct {
	// selector is spec.nodeSelector sorted by key; nil when absent.
	selector    []labelPair
	hasSelector bool
	// nodeSelector is the parsed required affinity; nil when absent.
	nodeSelector *LazyErrorNodeSelector
}

// GetRequiredNodeAffinity parses pod's nodeSelector and required node
// affinity. Call it once per pod (PreFilter) and Match per node.
func GetRequiredNodeAffinity(pod *corev1.Pod) RequiredNodeAffinity {
	var r RequiredNodeAffinity
	if len(pod.Spec.NodeSelector) > 0 {
		r.hasSelector = true
		r.selector = make([]labelPair, 0, len(pod.Spec.NodeSelector))
		for k, v := range pod.Spec.NodeSelector {
			r.selector = append(r.selector, labelPair{k, v})
		}
		slices.SortFunc(r.selector, func(a, b labelPair) int { return strings.Compare(a.key, b.key) })
	}
	if a := pod.Spec.Affinity; a != nil && a.NodeAffinity != nil && a.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution != nil {
		r.nodeSelector = NewLazyErrorNodeSelector(a.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution)
	}
	return r
}

// Match reports whether node satisfies the pod's nodeSelector and required
// node affinity. The error (parse errors of required terms) is only set
// when the node does not match.
func (r RequiredNodeAffinity) Match(node *corev1.Node) (bool, error) {
	if r.hasSelector {
		for i := range r.selector {
			v, ok := node.Labels[r.selector[i].key]
			if !ok || v != r.selector[i].value {
				return false, nil
			}
		}
	}
	if r.nodeSelector != nil {
		return r.nodeSelector.Match(node)
	}
	return true, nil
}

// PodMatchesNodeSelectorAndAffinityTerms reports whether pod's nodeSelector
// and required node affinity both match node (parse errors count as no
// match). It parses the pod on every call; hot paths use
// GetRequiredNodeAffinity once per pod.
func PodMatchesNodeSelectorAndAffinityTerms(pod *corev1.Pod, node *corev1.Node) bool {
	ok, _ := GetRequiredNodeAffinity(pod).Match(node)
	return ok
}

type preferredSchedulingTerm struct {
	nodeSelectorTerm
	weight int
}

// PreferredSchedulingTerms is parsed weighted preferred node affinity.
type PreferredSchedulingTerms struct {
	terms []preferredSchedulingTerm
}

// NewPreferredSchedulingTerms parses terms strictly. Terms with weight 0 or
// no requirements are dropped.
func NewPreferredSchedulingTerms(terms []corev1.PreferredSchedulingTerm) (*PreferredSchedulingTerms, error) {
	var errs []error
	parsed := make([]preferredSchedulingTerm, 0, len(terms))
	for i := range terms {
		t := &terms[i]
		if t.Weight == 0 || isEmptyNodeSelectorTerm(&t.Preference) {
			continue
		}
		pt := preferredSchedulingTerm{
			nodeSelectorTerm: newNodeSelectorTerm(&t.Preference, fmt.Sprintf("[%d]", i)),
			weight:           int(t.Weight),
		}
		if len(pt.parseErrs) > 0 {
			errs = append(errs, pt.parseErrs...)
			continue
		}
		parsed = append(parsed, pt)
	}
	if len(errs) != 0 {
		return nil, errors.Join(errs...)
	}
	return &PreferredSchedulingTerms{terms: parsed}, nil
}

// Len returns the number of (non-empty, weighted) terms.
func (t *PreferredSchedulingTerms) Len() int {
	if t == nil {
		return 0
	}
	return len(t.terms)
}

// Score sums the weights of the terms node matches.
func (t *PreferredSchedulingTerms) Score(node *corev1.Node) int64 {
	if t == nil {
		return 0
	}
	var score int64
	for i := range t.terms {
		if ok, _ := t.terms[i].match(node); ok {
			score += int64(t.terms[i].weight)
		}
	}
	return score
}
