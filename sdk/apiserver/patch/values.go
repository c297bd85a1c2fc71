package patch

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// MaxDepth is the deepest nesting of objects and arrays accepted in an
// original document or a patch, and allowed in a JSON Patch result; deeper is
// an error (as in encoding/json, which stops at the same depth).
const MaxDepth = 10000

// deeper reports whether v nests deeper than limit levels.
func deeper(v any, limit int) bool {
	switch t := v.(type) {
	case map[string]any:
		if limit == 0 {
			return true
		}
		for _, e := range t {
			if deeper(e, limit-1) {
				return true
			}
		}
	case []any:
		if limit == 0 {
			return true
		}
		for _, e := range t {
			if deeper(e, limit-1) {
				return true
			}
		}
	}
	return false
}

// scalar is the comparable identity of a JSON string, number, boolean or
// null: two scalars are equal JSON values iff their keys are equal. Numbers
// compare by value ("1", "1.0" and "1e0" are one number).
type scalar struct {
	kind byte // 's' string, 'n' number, 't' true, 'f' false, 'z' null
	s    string
}

// scalarOf returns the identity of a scalar JSON value; ok is false for
// objects and arrays.
func scalarOf(v any) (k scalar, ok bool) {
	switch t := v.(type) {
	case string:
		return scalar{'s', t}, true
	case json.Number:
		return scalar{'n', canonicalNumber(string(t))}, true
	case bool:
		if t {
			return scalar{kind: 't'}, true
		}
		return scalar{kind: 'f'}, true
	case nil:
		return scalar{kind: 'z'}, true
	}
	return scalar{}, false
}

// canonicalNumber returns a form of the JSON number literal s that is equal
// for two literals exactly when they denote the same value:
// [-]<digits without leading or trailing zeros>e<exponent>, or "0".
func canonicalNumber(s string) string {
	if s == "" {
		return s
	}
	orig := s
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	mant, expStr := s, ""
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		mant, expStr = s[:i], s[i+1:]
	}
	intPart, frac, _ := strings.Cut(mant, ".")
	var exp int64
	if expStr != "" {
		e, err := strconv.ParseInt(expStr, 10, 64)
		if err != nil || e > 1<<53 || e < -(1<<53) {
			return "x" + orig // absurd exponent: compare literally
		}
		exp = e
	}
	digits := strings.TrimLeft(intPart+frac, "0")
	if digits == "" {
		return "0"
	}
	exp -= int64(len(frac))
	trimmed := strings.TrimRight(digits, "0")
	exp += int64(len(digits) - len(trimmed))
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	b.WriteString(trimmed)
	b.WriteByte('e')
	b.WriteString(strconv.FormatInt(exp, 10))
	return b.String()
}

// equalJSON reports whether a and b are the same JSON value (RFC 6902
// section 4.6): same type, numbers equal by value, strings equal, arrays equal
// element by element, objects with the same members and equal values.
func equalJSON(a, b any) bool {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, xv := range x {
			yv, ok := y[k]
			if !ok || !equalJSON(xv, yv) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !equalJSON(x[i], y[i]) {
				return false
			}
		}
		return true
	}
	ka, oka := scalarOf(a)
	kb, okb := scalarOf(b)
	return oka && okb && ka == kb
}

// deepCopyJSON returns a copy of v that shares no object or array with v.
func deepCopyJSON(v any) any {
	switch t := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, e := range t {
			m[k] = deepCopyJSON(e)
		}
		return m
	case []any:
		l := make([]any, len(t))
		for i, e := range t {
			l[i] = deepCopyJSON(e)
		}
		return l
	}
	return v
}

// encodedSize returns about how many bytes v takes encoded, counting no
// further once the count exceeds limit.
func encodedSize(v any, limit int64) int64 {
	switch t := v.(type) {
	case map[string]any:
		n := int64(2)
		for k, e := range t {
			n += int64(len(k)) + 4
			if n > limit {
				return n
			}
			n += encodedSize(e, limit-n)
			if n > limit {
				return n
			}
		}
		return n
	case []any:
		n := int64(2)
		for _, e := range t {
			n += 1 + encodedSize(e, limit-n)
			if n > limit {
				return n
			}
		}
		return n
	case string:
		return int64(len(t)) + 2
	case json.Number:
		return int64(len(t))
	case bool:
		if t {
			return 4
		}
		return 5
	}
	return 4 // null
}

// kindOf names the JSON type of v for messages.
func kindOf(v any) string {
	switch v.(type) {
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case json.Number:
		return "number"
	case bool:
		return "boolean"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}

// maxRendered bounds how much of a value an error message quotes.
const maxRendered = 200

// render returns v as JSON for an error message, shortened when long.
func render(v any) string {
	b, err := encodeJSON(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	if len(b) > maxRendered {
		return string(b[:maxRendered]) + "..."
	}
	return string(b)
}
