package fields

import (
	"fmt"
	"slices"
	"strings"

	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
)

// Operator relates a field to a value.
type Operator string

// The operators of a field selector requirement.
const (
	OpEquals       Operator = "="
	OpDoubleEquals Operator = "=="
	OpNotEquals    Operator = "!="
)

// Requirement is one term of a selector. Parsed "==" terms are reported
// with OpEquals, as in Kubernetes.
type Requirement struct {
	Operator Operator
	Field    string
	Value    string
}

// Requirements is the AND of requirements.
type Requirements []Requirement

// Selector is a field query. Selectors are immutable and safe for
// concurrent use.
type Selector interface {
	// Matches reports whether the fields satisfy every term; a missing
	// field has the value "".
	Matches(Fields) bool
	// Empty reports whether the selector does not restrict anything.
	Empty() bool
	// RequiresExactMatch returns the value the selector requires for field
	// (from a field=value term) and whether there is one. The API server
	// uses it to answer from an index, such as pods by spec.nodeName.
	RequiresExactMatch(field string) (value string, found bool)
	// Transform returns a copy of the selector with fn applied to every
	// term, or fn's first error. A term whose field and value both become
	// "" is dropped.
	Transform(fn TransformFunc) (Selector, error)
	// Requirements returns the terms.
	Requirements() Requirements
	// String returns the selector in the form Parse accepts, values escaped.
	String() string
	// DeepCopySelector returns an independent copy.
	DeepCopySelector() Selector
}

// TransformFunc rewrites a term: a kind uses it to map field labels of an
// older version, or to normalize values.
type TransformFunc func(field, value string) (newField, newValue string, err error)

// Everything returns a selector that matches all fields.
func Everything() Selector { return andTerm{} }

type hasTerm struct{ field, value string }

func (t *hasTerm) Matches(ls Fields) bool { return ls.Get(t.field) == t.value }
func (t *hasTerm) Empty() bool            { return false }
func (t *hasTerm) RequiresExactMatch(field string) (string, bool) {
	if t.field == field {
		return t.value, true
	}
	return "", false
}
func (t *hasTerm) Transform(fn TransformFunc) (Selector, error) {
	f, v, err := fn(t.field, t.value)
	if err != nil {
		return nil, err
	}
	if f == "" && v == "" {
		return Everything(), nil
	}
	return &hasTerm{f, v}, nil
}
func (t *hasTerm) Requirements() Requirements {
	return Requirements{{Field: t.field, Operator: OpEquals, Value: t.value}}
}
func (t *hasTerm) String() string             { return t.field + "=" + EscapeValue(t.value) }
func (t *hasTerm) DeepCopySelector() Selector { c := *t; return &c }

type notHasTerm struct{ field, value string }

func (t *notHasTerm) Matches(ls Fields) bool                   { return ls.Get(t.field) != t.value }
func (t *notHasTerm) Empty() bool                              { return false }
func (t *notHasTerm) RequiresExactMatch(string) (string, bool) { return "", false }
func (t *notHasTerm) Transform(fn TransformFunc) (Selector, error) {
	f, v, err := fn(t.field, t.value)
	if err != nil {
		return nil, err
	}
	if f == "" && v == "" {
		return Everything(), nil
	}
	return &notHasTerm{f, v}, nil
}
func (t *notHasTerm) Requirements() Requirements {
	return Requirements{{Field: t.field, Operator: OpNotEquals, Value: t.value}}
}
func (t *notHasTerm) String() string             { return t.field + "!=" + EscapeValue(t.value) }
func (t *notHasTerm) DeepCopySelector() Selector { c := *t; return &c }

type andTerm []Selector

func (t andTerm) Matches(ls Fields) bool {
	for _, q := range t {
		if !q.Matches(ls) {
			return false
		}
	}
	return true
}

func (t andTerm) Empty() bool {
	for _, q := range t {
		if !q.Empty() {
			return false
		}
	}
	return true
}

func (t andTerm) RequiresExactMatch(field string) (string, bool) {
	for _, q := range t {
		if v, ok := q.RequiresExactMatch(field); ok {
			return v, true
		}
	}
	return "", false
}

func (t andTerm) Transform(fn TransformFunc) (Selector, error) {
	next := make(andTerm, 0, len(t))
	for _, q := range t {
		n, err := q.Transform(fn)
		if err != nil {
			return nil, err
		}
		if !n.Empty() {
			next = append(next, n)
		}
	}
	return next, nil
}

func (t andTerm) Requirements() Requirements {
	reqs := make(Requirements, 0, len(t))
	for _, q := range t {
		reqs = append(reqs, q.Requirements()...)
	}
	return reqs
}

func (t andTerm) String() string {
	terms := make([]string, 0, len(t))
	for _, q := range t {
		terms = append(terms, q.String())
	}
	return strings.Join(terms, ",")
}

func (t andTerm) DeepCopySelector() Selector {
	if t == nil {
		return andTerm(nil)
	}
	out := make(andTerm, len(t))
	for i, q := range t {
		out[i] = q.DeepCopySelector()
	}
	return out
}

// SelectorFromSet returns a selector requiring field=value for every entry
// of ls, in field order. A nil set gives Everything.
func SelectorFromSet(ls Set) Selector {
	if ls == nil {
		return Everything()
	}
	keys := make([]string, 0, len(ls))
	for k := range ls {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	items := make(andTerm, 0, len(ls))
	for _, k := range keys {
		items = append(items, &hasTerm{field: k, value: ls[k]})
	}
	if len(items) == 1 {
		return items[0]
	}
	return items
}

// OneTermEqualSelector returns a selector matching objects whose field k
// equals v.
func OneTermEqualSelector(k, v string) Selector { return &hasTerm{field: k, value: v} }

// OneTermNotEqualSelector returns a selector matching objects whose field k
// does not equal v.
func OneTermNotEqualSelector(k, v string) Selector { return &notHasTerm{field: k, value: v} }

// AndSelectors returns a selector matching what all of selectors match.
func AndSelectors(selectors ...Selector) Selector { return andTerm(selectors) }

var escaper = strings.NewReplacer(`\`, `\\`, `,`, `\,`, `=`, `\=`)

// EscapeValue escapes a literal value for use in a selector string.
func EscapeValue(s string) string { return escaper.Replace(s) }

// InvalidEscapeSequence is the error for a backslash followed by anything
// but '\', ',' or '=', or ending a value.
type InvalidEscapeSequence struct{ sequence string }

// Error returns Kubernetes' message, naming the sequence.
func (e InvalidEscapeSequence) Error() string {
	return "invalid field selector: invalid escape sequence: " + e.sequence
}

// UnescapedRune is the error for a ',' or '=' that should have been escaped.
type UnescapedRune struct{ r rune }

// Error prints the rune as a number, as Kubernetes does.
func (e UnescapedRune) Error() string {
	return fmt.Sprintf("invalid field selector: unescaped character in value: %v", e.r)
}

// UnescapeValue returns the literal value of an escaped selector value.
func UnescapeValue(s string) (string, error) {
	if !strings.ContainsAny(s, `\,=`) {
		return s, nil
	}
	var b strings.Builder
	b.Grow(len(s))
	inSlash := false
	for _, c := range s {
		if inSlash {
			switch c {
			case '\\', ',', '=':
				b.WriteRune(c)
			default:
				return "", InvalidEscapeSequence{sequence: string([]rune{'\\', c})}
			}
			inSlash = false
			continue
		}
		switch c {
		case '\\':
			inSlash = true
		case ',', '=':
			return "", UnescapedRune{r: c}
		default:
			b.WriteRune(c)
		}
	}
	if inSlash {
		return "", InvalidEscapeSequence{sequence: `\`}
	}
	return b.String(), nil
}

// splitTerms splits at commas not escaped by a backslash; the backslashes
// stay in the terms.
func splitTerms(s string) []string {
	if s == "" {
		return nil
	}
	terms := make([]string, 0, 1)
	start := 0
	inSlash := false
	for i, c := range s {
		switch {
		case inSlash:
			inSlash = false
		case c == '\\':
			inSlash = true
		case c == ',':
			terms = append(terms, s[start:i])
			start = i + 1
		}
	}
	return append(terms, s[start:])
}

// splitTerm splits a term at the first operator; "!=" and "==" are tried
// before "=" at each position. Field names are not escaped.
func splitTerm(term string) (lhs string, op Operator, rhs string, ok bool) {
	for i := range term {
		rest := term[i:]
		for _, op := range []Operator{OpNotEquals, OpDoubleEquals, OpEquals} {
			if strings.HasPrefix(rest, string(op)) {
				return term[:i], op, term[i+len(op):], true
			}
		}
	}
	return "", "", "", false
}

// Parse parses a field selector: comma-separated terms field=value,
// field==value or field!=value, values escaped as EscapeValue does. Empty
// terms are ignored; "" gives Everything. Terms are sorted (by their text),
// so equal selectors print the same. Errors are Kubernetes':
// "invalid selector: '<sel>'; can't understand '<term>'" and the escaping
// errors.
func Parse(selector string) (Selector, error) {
	return ParseAndTransform(selector, func(f, v string) (string, string, error) { return f, v, nil })
}

// ParseAndTransform parses selector and applies fn to every term.
func ParseAndTransform(selector string, fn TransformFunc) (Selector, error) {
	parts := splitTerms(selector)
	slices.Sort(parts)
	var items andTerm
	for _, part := range parts {
		if part == "" {
			continue
		}
		lhs, op, rhs, ok := splitTerm(part)
		if !ok {
			return nil, fmt.Errorf("invalid selector: '%s'; can't understand '%s'", selector, part)
		}
		value, err := UnescapeValue(rhs)
		if err != nil {
			return nil, err
		}
		if op == OpNotEquals {
			items = append(items, &notHasTerm{field: lhs, value: value})
		} else {
			items = append(items, &hasTerm{field: lhs, value: value})
		}
	}
	if len(items) == 1 {
		return items[0].Transform(fn)
	}
	return items.Transform(fn)
}

// MustParse is Parse that panics on error, for tests and constants.
func MustParse(selector string) Selector {
	s, err := Parse(selector)
	if err != nil {
		panic(err)
	}
	return s
}

// UnsupportedFieldError is the error ValidateFields returns for a field the
// kind does not support. It is of class errors.ErrBadRequest.
type UnsupportedFieldError struct {
	Field string
}

// Error returns "field label not supported: <field>", as Kubernetes does.
func (e *UnsupportedFieldError) Error() string { return "field label not supported: " + e.Field }

// Unwrap returns errors.ErrBadRequest, so that errors.Is and
// errors.ToStatus give a 400 BadRequest.
func (e *UnsupportedFieldError) Unwrap() error { return apierrors.ErrBadRequest }

// ValidateFields checks that every field sel requires is supported, and
// returns an *UnsupportedFieldError naming the first one that is not (in
// the selector's order). A nil selector is valid.
func ValidateFields(sel Selector, supported func(field string) bool) error {
	if sel == nil {
		return nil
	}
	for _, r := range sel.Requirements() {
		if !supported(r.Field) {
			return &UnsupportedFieldError{Field: r.Field}
		}
	}
	return nil
}

var (
	_ error    = (*UnsupportedFieldError)(nil)
	_ Selector = (*hasTerm)(nil)
	_ Selector = (*notHasTerm)(nil)
	_ Selector = andTerm(nil)
)
