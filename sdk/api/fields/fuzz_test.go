package fields

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// sortedReqs returns the requirements in a fixed order: Parse orders terms
// by their escaped text, so a reparsed String() may list them differently.
func sortedReqs(s Selector) Requirements {
	r := slices.Clone(s.Requirements())
	slices.SortFunc(r, func(a, b Requirement) int {
		return strings.Compare(a.Field+"\x00"+string(a.Operator)+"\x00"+a.Value, b.Field+"\x00"+string(b.Operator)+"\x00"+b.Value)
	})
	return r
}

// FuzzParse checks that Parse never panics and that String() parses back
// to a selector with the same requirements (possibly in another order).
func FuzzParse(f *testing.F) {
	for _, s := range []string{"", "a=b", "a==b,c!=d", `a=x\,y\=z\\`, "a=b=c", `a=\x`, ",,a=", "a!=,=b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		s, err := Parse(in)
		if err != nil {
			return
		}
		out := s.String()
		s2, err := Parse(out)
		if err != nil {
			t.Fatalf("Parse(%q) ok, its String %q does not parse: %v", in, out, err)
		}
		if diff := cmp.Diff(sortedReqs(s), sortedReqs(s2)); diff != "" {
			t.Fatalf("%q -> %q changed the requirements (-want +got):\n%s", in, out, diff)
		}
		fs := Set{}
		for _, r := range s.Requirements() {
			fs[r.Field] = r.Value
		}
		if s.Matches(fs) != s2.Matches(fs) {
			t.Fatalf("%q and %q disagree on %v", in, out, fs)
		}
	})
}

// FuzzEscape checks that UnescapeValue inverts EscapeValue for valid UTF-8
// (like Kubernetes, UnescapeValue replaces invalid bytes with U+FFFD).
func FuzzEscape(f *testing.F) {
	for _, s := range []string{"", "a", `a,b=c\d`, `\\`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if !utf8.ValidString(in) {
			return
		}
		got, err := UnescapeValue(EscapeValue(in))
		if err != nil || got != in {
			t.Fatalf("UnescapeValue(EscapeValue(%q)) = %q, %v", in, got, err)
		}
	})
}
