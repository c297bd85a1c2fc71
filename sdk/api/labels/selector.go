package labels

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/gantryhq/gantry/sdk/api/field"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/validation"
)

// Operator relates a requirement's key to its values.
type Operator string

// The operators of a Requirement, spelled as in Kubernetes' selection package.
const (
	OpDoesNotExist Operator = "!"
	OpEquals       Operator = "="
	OpDoubleEquals Operator = "=="
	OpIn           Operator = "in"
	OpNotEquals    Operator = "!="
	OpNotIn        Operator = "notin"
	OpExists       Operator = "exists"
	OpGreaterThan  Operator = "gt"
	OpLessThan     Operator = "lt"
)

// validOperators is the list Kubernetes prints in its "supported values" message.
var validOperators = []Operator{OpIn, OpNotIn, OpEquals, OpDoubleEquals, OpNotEquals, OpGreaterThan, OpLessThan, OpExists, OpDoesNotExist}

// binaryOperators is the list Kubernetes prints when a parsed operator is wrong.
const binaryOperators = "in, notin, =, ==, !=, gt, lt"

// Selector is a label query. Selectors are immutable and safe for
// concurrent use; Add returns a new selector.
type Selector interface {
	// Matches reports whether the labels satisfy every requirement. It does
	// not allocate.
	Matches(Labels) bool
	// Empty reports whether the selector does not restrict anything
	// (Everything). Nothing is not empty.
	Empty() bool
	// String returns the canonical form: requirements sorted by key, the
	// values of each sorted; Parse(s.String()) yields an equal selector.
	// Nothing and Everything both print "".
	String() string
	// Add returns a new selector with the requirements added (and sorted by
	// key). Adding to Nothing returns Nothing.
	Add(r ...Requirement) Selector
	// Requirements returns the requirements, sorted by key, and
	// selectable=false for Nothing, which cannot be expressed by them.
	Requirements() (requirements Requirements, selectable bool)
	// DeepCopySelector returns an independent copy.
	DeepCopySelector() Selector
	// RequiresExactMatch returns the value the selector requires for label
	// (from =, == or a one-value in) and whether there is one.
	RequiresExactMatch(label string) (value string, found bool)
}

// Requirements is the AND of requirements.
type Requirements []Requirement

// String joins the requirements with ", ".
func (r Requirements) String() string {
	var b strings.Builder
	for i := range r {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(r[i].String())
	}
	return b.String()
}

// Requirement is one key/operator/values constraint. Build it with
// NewRequirement; the zero value matches nothing.
type Requirement struct {
	key      string
	operator Operator
	// values holds the values as given (parsed selectors hold them sorted
	// and unique). In nearly every selector there is one value, and a slice
	// scan beats a map lookup for that.
	values []string
	// num is the parsed value of a valid gt/lt requirement; numOK says
	// that there is one.
	num   int64
	numOK bool
}

// goValue prints a []string BadValue as Kubernetes does (%#v), including
// the nil slice as []string(nil).
type goValue []string

// Format implements fmt.Formatter.
func (v goValue) Format(f fmt.State, _ rune) { fmt.Fprintf(f, "%#v", []string(v)) }

// NewRequirement returns a requirement, or an error listing every problem,
// with the messages of Kubernetes:
//   - the key must be a valid label key (a qualified name);
//   - in and notin need at least one value;
//   - =, == and != need exactly one value;
//   - exists and ! take no values;
//   - gt and lt need exactly one value, an integer;
//   - every value must be a valid label value.
//
// The error is a field.ErrorList aggregate; the returned requirement is
// non-nil even with an error, as in Kubernetes.
func NewRequirement(key string, op Operator, vals []string) (*Requirement, error) {
	return newRequirement(key, op, vals, nil)
}

func newRequirement(key string, op Operator, vals []string, path *field.Path) (*Requirement, error) {
	var errs field.ErrorList
	if err := validateLabelKey(key, path.Child("key")); err != nil {
		errs = append(errs, err)
	}
	valuePath := path.Child("values")
	var num int64
	numOK := false
	switch op {
	case OpIn, OpNotIn:
		if len(vals) == 0 {
			errs = append(errs, field.Invalid(valuePath, goValue(vals), "for 'in', 'notin' operators, values set can't be empty"))
		}
	case OpEquals, OpDoubleEquals, OpNotEquals:
		if len(vals) != 1 {
			errs = append(errs, field.Invalid(valuePath, goValue(vals), "exact-match compatibility requires one single value"))
		}
	case OpExists, OpDoesNotExist:
		if len(vals) != 0 {
			errs = append(errs, field.Invalid(valuePath, goValue(vals), "values set must be empty for exists and does not exist"))
		}
	case OpGreaterThan, OpLessThan:
		if len(vals) != 1 {
			errs = append(errs, field.Invalid(valuePath, goValue(vals), "for 'Gt', 'Lt' operators, exactly one value is required"))
		}
		for i := range vals {
			n, err := strconv.ParseInt(vals[i], 10, 64)
			if err != nil {
				errs = append(errs, field.Invalid(valuePath.Index(i), vals[i], "for 'Gt', 'Lt' operators, the value must be an integer"))
			}
			num, numOK = n, err == nil && len(vals) == 1
		}
	default:
		errs = append(errs, field.NotSupported(path.Child("operator"), string(op), validOperators))
	}
	for i := range vals {
		if err := validateLabelValue(key, vals[i], valuePath.Index(i)); err != nil {
			errs = append(errs, err)
		}
	}
	return &Requirement{key: key, operator: op, values: vals, num: num, numOK: numOK}, errs.ToAggregate()
}

// validateLabelKey checks a key with the messages of Kubernetes'
// content.IsLabelKey, which words the many-slashes case as "a valid label
// key" where IsQualifiedName says "a qualified name".
func validateLabelKey(k string, path *field.Path) *field.Error {
	msgs := validation.IsQualifiedName(k)
	if len(msgs) == 0 {
		return nil
	}
	if strings.Count(k, "/") > 1 {
		for i, m := range msgs {
			if rest, ok := strings.CutPrefix(m, "a qualified name "); ok {
				msgs[i] = "a valid label key " + rest
			}
		}
	}
	return field.Invalid(path, k, strings.Join(msgs, "; "))
}

func validateLabelValue(k, v string, path *field.Path) *field.Error {
	if msgs := validation.IsValidLabelValue(v); len(msgs) != 0 {
		return field.Invalid(path.Key(k), v, strings.Join(msgs, "; "))
	}
	return nil
}

func (r *Requirement) hasValue(v string) bool {
	for i := range r.values {
		if r.values[i] == v {
			return true
		}
	}
	return false
}

// Matches reports whether ls satisfies the requirement:
//   - in, =, ==: the key exists and its value is one of the values;
//   - notin, !=: the key does not exist, or its value is none of the values;
//   - exists / !: the key exists / does not exist;
//   - gt, lt: the key exists and its value, parsed as an integer, is
//     greater / less than the requirement's value.
func (r *Requirement) Matches(ls Labels) bool {
	switch r.operator {
	case OpIn, OpEquals, OpDoubleEquals:
		v, ok := ls.Lookup(r.key)
		return ok && r.hasValue(v)
	case OpNotIn, OpNotEquals:
		v, ok := ls.Lookup(r.key)
		return !ok || !r.hasValue(v)
	case OpExists:
		return ls.Has(r.key)
	case OpDoesNotExist:
		return !ls.Has(r.key)
	case OpGreaterThan, OpLessThan:
		v, ok := ls.Lookup(r.key)
		if !ok || !r.numOK {
			return false
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return false
		}
		if r.operator == OpGreaterThan {
			return n > r.num
		}
		return n < r.num
	}
	return false
}

// Key returns the requirement's key.
func (r *Requirement) Key() string { return r.key }

// Operator returns the requirement's operator.
func (r *Requirement) Operator() Operator { return r.operator }

// Values returns a sorted copy of the values, without duplicates.
func (r *Requirement) Values() []string {
	out := slices.Clone(r.values)
	slices.Sort(out)
	return slices.Compact(out)
}

// ValuesUnsorted returns a copy of the values as given to NewRequirement.
func (r *Requirement) ValuesUnsorted() []string { return append([]string{}, r.values...) }

// Equal reports whether both requirements have the same key, operator and
// values in the same order.
func (r Requirement) Equal(x Requirement) bool {
	return r.key == x.key && r.operator == x.operator && slices.Equal(r.values, x.values)
}

// DeepCopyInto copies r into out.
func (r *Requirement) DeepCopyInto(out *Requirement) {
	*out = *r
	if r.values != nil {
		out.values = slices.Clone(r.values)
	}
}

// DeepCopy returns a copy of r, or nil.
func (r *Requirement) DeepCopy() *Requirement {
	if r == nil {
		return nil
	}
	out := new(Requirement)
	r.DeepCopyInto(out)
	return out
}

// String returns the requirement as Parse accepts it: "key=v", "key==v",
// "key!=v", "key in (a,b)", "key notin (a,b)", "key", "!key", "key>3",
// "key<3"; values are printed sorted.
func (r *Requirement) String() string {
	var b strings.Builder
	b.Grow(len(r.key) + len(r.operator) + 2 + 5*len(r.values))
	if r.operator == OpDoesNotExist {
		b.WriteByte('!')
	}
	b.WriteString(r.key)
	switch r.operator {
	case OpEquals:
		b.WriteString("=")
	case OpDoubleEquals:
		b.WriteString("==")
	case OpNotEquals:
		b.WriteString("!=")
	case OpIn:
		b.WriteString(" in ")
	case OpNotIn:
		b.WriteString(" notin ")
	case OpGreaterThan:
		b.WriteString(">")
	case OpLessThan:
		b.WriteString("<")
	case OpExists, OpDoesNotExist:
		return b.String()
	}
	set := r.operator == OpIn || r.operator == OpNotIn
	if set {
		b.WriteByte('(')
	}
	if len(r.values) == 1 {
		b.WriteString(r.values[0])
	} else {
		vals := r.values
		if !slices.IsSorted(vals) {
			vals = slices.Clone(vals)
			slices.Sort(vals)
		}
		b.WriteString(strings.Join(vals, ","))
	}
	if set {
		b.WriteByte(')')
	}
	return b.String()
}

// internalSelector is the AND of requirements sorted by key.
type internalSelector []Requirement

var (
	everything Selector = internalSelector{}
	nothing    Selector = nothingSelector{}
)

// Everything returns a selector that matches all labels.
func Everything() Selector { return everything }

// Nothing returns a selector that matches no labels.
func Nothing() Selector { return nothing }

// NewSelector returns an empty selector (matching everything) to Add to.
func NewSelector() Selector { return internalSelector(nil) }

// MatchesNothing reports whether s is the Nothing selector.
func MatchesNothing(s Selector) bool {
	_, ok := s.(nothingSelector)
	return ok
}

func sortByKey(reqs []Requirement) {
	slices.SortStableFunc(reqs, func(a, b Requirement) int { return strings.Compare(a.key, b.key) })
}

func (s internalSelector) Matches(l Labels) bool {
	for i := range s {
		if !s[i].Matches(l) {
			return false
		}
	}
	return true
}

func (s internalSelector) Empty() bool { return len(s) == 0 }

func (s internalSelector) String() string {
	var b strings.Builder
	for i := range s {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s[i].String())
	}
	return b.String()
}

func (s internalSelector) Add(reqs ...Requirement) Selector {
	out := make(internalSelector, 0, len(s)+len(reqs))
	out = append(out, s...)
	out = append(out, reqs...)
	sortByKey(out)
	return out
}

func (s internalSelector) Requirements() (Requirements, bool) { return Requirements(s), true }

func (s internalSelector) DeepCopySelector() Selector {
	if s == nil {
		return internalSelector(nil)
	}
	out := make(internalSelector, len(s))
	for i := range s {
		s[i].DeepCopyInto(&out[i])
	}
	return out
}

func (s internalSelector) RequiresExactMatch(label string) (string, bool) {
	for i := range s {
		if s[i].key != label {
			continue
		}
		switch s[i].operator {
		case OpEquals, OpDoubleEquals, OpIn:
			if len(s[i].values) == 1 {
				return s[i].values[0], true
			}
		}
		return "", false
	}
	return "", false
}

type nothingSelector struct{}

var (
	_ Selector = internalSelector(nil)
	_ Selector = nothingSelector{}
)

func (nothingSelector) Matches(Labels) bool                      { return false }
func (nothingSelector) Empty() bool                              { return false }
func (nothingSelector) String() string                           { return "" }
func (n nothingSelector) Add(...Requirement) Selector            { return n }
func (nothingSelector) Requirements() (Requirements, bool)       { return nil, false }
func (n nothingSelector) DeepCopySelector() Selector             { return n }
func (nothingSelector) RequiresExactMatch(string) (string, bool) { return "", false }

// SelectorFromSet returns a selector requiring exactly the labels of ls
// (key=value for each). It does not validate them: an invalid key or value
// simply never matches a valid object. A nil or empty set gives a selector
// that matches everything.
func SelectorFromSet(ls Set) Selector {
	if len(ls) == 0 {
		return internalSelector{}
	}
	reqs := make(internalSelector, 0, len(ls))
	for k, v := range ls {
		reqs = append(reqs, Requirement{key: k, operator: OpEquals, values: []string{v}})
	}
	sortByKey(reqs)
	return reqs
}

// ValidatedSelectorFromSet is SelectorFromSet that first validates every
// key and value, returning the NewRequirement error of the first invalid
// one (in key order).
func ValidatedSelectorFromSet(ls Set) (Selector, error) {
	if len(ls) == 0 {
		return internalSelector{}, nil
	}
	keys := make([]string, 0, len(ls))
	for k := range ls {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	reqs := make(internalSelector, 0, len(ls))
	for _, k := range keys {
		r, err := NewRequirement(k, OpEquals, []string{ls[k]})
		if err != nil {
			return nil, err
		}
		reqs = append(reqs, *r)
	}
	return reqs, nil
}

// FromLabelSelector converts the structured selector of an object
// (metav1.LabelSelector) as Kubernetes' LabelSelectorAsSelector does: nil
// matches nothing, an empty selector matches everything, otherwise every
// matchLabels entry and matchExpressions requirement must hold. An unknown
// operator or an invalid key or value is an error with Kubernetes' message.
// MatchLabels are checked in key order, so the error is deterministic.
func FromLabelSelector(ps *meta.LabelSelector) (Selector, error) {
	if ps == nil {
		return Nothing(), nil
	}
	if len(ps.MatchLabels)+len(ps.MatchExpressions) == 0 {
		return Everything(), nil
	}
	reqs := make(internalSelector, 0, len(ps.MatchLabels)+len(ps.MatchExpressions))
	keys := make([]string, 0, len(ps.MatchLabels))
	for k := range ps.MatchLabels {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		r, err := NewRequirement(k, OpEquals, []string{ps.MatchLabels[k]})
		if err != nil {
			return nil, err
		}
		reqs = append(reqs, *r)
	}
	for _, expr := range ps.MatchExpressions {
		var op Operator
		switch expr.Operator {
		case meta.LabelSelectorOpIn:
			op = OpIn
		case meta.LabelSelectorOpNotIn:
			op = OpNotIn
		case meta.LabelSelectorOpExists:
			op = OpExists
		case meta.LabelSelectorOpDoesNotExist:
			op = OpDoesNotExist
		default:
			return nil, fmt.Errorf("%q is not a valid pod selector operator", expr.Operator)
		}
		r, err := NewRequirement(expr.Key, op, append([]string(nil), expr.Values...))
		if err != nil {
			return nil, err
		}
		reqs = append(reqs, *r)
	}
	sortByKey(reqs)
	return reqs, nil
}

// FormatLabelSelector renders a structured selector as kubectl shows it:
// its canonical selector string ("app=nginx,tier in (a,b)"), "<none>" when
// it selects everything or nothing, and "<error>" when it is invalid.
func FormatLabelSelector(ps *meta.LabelSelector) string {
	s, err := FromLabelSelector(ps)
	if err != nil {
		return "<error>"
	}
	if str := s.String(); str != "" {
		return str
	}
	return "<none>"
}
