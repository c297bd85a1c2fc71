package labels

import (
	"sort"
	"strings"

	"github.com/gantryhq/gantry/sdk/api/meta"
)

// Labels is a read-only view of a label set, so that callers can match
// selectors against labels without copying them into a Set.
type Labels interface {
	// Has reports whether the label exists.
	Has(label string) (exists bool)
	// Get returns the value of the label, or "" if it does not exist.
	Get(label string) (value string)
	// Lookup returns the value of the label and whether it exists.
	Lookup(label string) (value string, exists bool)
}

// Set is a map of label keys to values. It implements Labels; a nil Set is
// an empty label set.
type Set map[string]string

var _ Labels = Set(nil)

// String returns the labels as "key=value" pairs sorted and joined by
// commas ("app=nginx,tier=web"), which is also a selector Parse accepts
// when the keys and values are valid.
func (ls Set) String() string {
	if len(ls) == 0 {
		return ""
	}
	pairs := make([]string, 0, len(ls))
	for k, v := range ls {
		pairs = append(pairs, k+"="+v)
	}
	sort.Strings(pairs)
	return strings.Join(pairs, ",")
}

// Has reports whether label is in the set.
func (ls Set) Has(label string) bool {
	_, ok := ls[label]
	return ok
}

// Get returns the value of label, or "".
func (ls Set) Get(label string) string { return ls[label] }

// Lookup returns the value of label and whether it is in the set.
func (ls Set) Lookup(label string) (string, bool) {
	v, ok := ls[label]
	return v, ok
}

// AsSelector returns a selector matching exactly this set, without
// validating keys or values (see SelectorFromSet).
func (ls Set) AsSelector() Selector { return SelectorFromSet(ls) }

// AsValidatedSelector returns a selector matching exactly this set, or an
// error naming the first invalid key or value (see ValidatedSelectorFromSet).
func (ls Set) AsValidatedSelector() (Selector, error) { return ValidatedSelectorFromSet(ls) }

// FormatLabels returns the labels as Set.String does, or "<none>" when there
// are none, as kubectl shows them.
func FormatLabels(labels map[string]string) string {
	if s := Set(labels).String(); s != "" {
		return s
	}
	return "<none>"
}

// Conflicts reports whether a key is in both sets with different values.
func Conflicts(labels1, labels2 Set) bool {
	small, big := labels1, labels2
	if len(labels2) < len(labels1) {
		small, big = labels2, labels1
	}
	for k, v := range small {
		if w, ok := big[k]; ok && w != v {
			return true
		}
	}
	return false
}

// Merge returns a new set with the labels of both; where a key is in both,
// the value of labels2 wins. It never returns nil.
func Merge(labels1, labels2 Set) Set {
	out := make(Set, len(labels1)+len(labels2))
	for k, v := range labels1 {
		out[k] = v
	}
	for k, v := range labels2 {
		out[k] = v
	}
	return out
}

// Equals reports whether the two sets hold the same keys and values; nil and
// empty sets are equal.
func Equals(labels1, labels2 Set) bool {
	if len(labels1) != len(labels2) {
		return false
	}
	for k, v := range labels1 {
		if w, ok := labels2[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// CloneAndAddLabel returns a copy of labels with key set to value, or labels
// itself when key is empty. The input map is never modified.
func CloneAndAddLabel(labels map[string]string, key, value string) map[string]string {
	if key == "" {
		return labels
	}
	out := make(map[string]string, len(labels)+1)
	for k, v := range labels {
		out[k] = v
	}
	out[key] = value
	return out
}

// CloneSelectorAndAddLabel returns a deep copy of selector whose MatchLabels
// also require key=value, or selector itself when key is empty. A nil
// selector yields a selector holding only that label.
func CloneSelectorAndAddLabel(selector *meta.LabelSelector, key, value string) *meta.LabelSelector {
	if key == "" {
		return selector
	}
	out := &meta.LabelSelector{}
	if selector != nil {
		if selector.MatchLabels != nil {
			out.MatchLabels = make(map[string]string, len(selector.MatchLabels)+1)
			for k, v := range selector.MatchLabels {
				out.MatchLabels[k] = v
			}
		}
		if selector.MatchExpressions != nil {
			out.MatchExpressions = make([]meta.LabelSelectorRequirement, len(selector.MatchExpressions))
			for i, e := range selector.MatchExpressions {
				e.Values = append([]string(nil), e.Values...)
				out.MatchExpressions[i] = e
			}
		}
	}
	if out.MatchLabels == nil {
		out.MatchLabels = make(map[string]string, 1)
	}
	out.MatchLabels[key] = value
	return out
}

// SelectorHasLabel reports whether the selector's MatchLabels require key
// with a non-empty value. A nil selector has no labels.
func SelectorHasLabel(selector *meta.LabelSelector, key string) bool {
	return selector != nil && len(selector.MatchLabels[key]) > 0
}
