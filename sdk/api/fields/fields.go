package fields

import (
	"sort"
	"strings"
)

// Fields is a read-only view of an object's selectable fields.
type Fields interface {
	// Has reports whether the field exists.
	Has(field string) (exists bool)
	// Get returns the value of the field, or "".
	Get(field string) (value string)
}

// Set maps field names ("metadata.name", "spec.nodeName") to values. It
// implements Fields; a nil Set has no fields.
type Set map[string]string

var _ Fields = Set(nil)

// String returns "field=value" pairs sorted and joined by commas, with
// values escaped, so that the result parses back to a selector matching
// exactly this set.
func (ls Set) String() string {
	pairs := make([]string, 0, len(ls))
	for k, v := range ls {
		pairs = append(pairs, k+"="+EscapeValue(v))
	}
	sort.Strings(pairs)
	return strings.Join(pairs, ",")
}

// Has reports whether field is in the set.
func (ls Set) Has(field string) bool {
	_, ok := ls[field]
	return ok
}

// Get returns the value of field, or "".
func (ls Set) Get(field string) string { return ls[field] }

// AsSelector returns a selector matching exactly this set.
func (ls Set) AsSelector() Selector { return SelectorFromSet(ls) }
