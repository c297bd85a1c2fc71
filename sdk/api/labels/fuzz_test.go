package labels

import "testing"

// FuzzParse checks that Parse never panics, that the canonical String() of
// a parsed selector parses again to the same canonical form, and that both
// match the same labels.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"", "x=a,y=b", "x!=a", "x==a", "!x", "x", "x>1,y<-2", "x in (a,b,)", "x notin ()",
		"a.b/c in (in,notin)", "x=a||y=b", "x in (a", "!!x", "x=(", "k in (,,a)", "a=b\x00c",
	} {
		f.Add(s, "x", "a")
	}
	f.Fuzz(func(t *testing.T, in, key, value string) {
		s, err := Parse(in)
		if err != nil {
			return
		}
		canon := s.String()
		s2, err := Parse(canon)
		if err != nil {
			t.Fatalf("Parse(%q) ok, but its String %q does not parse: %v", in, canon, err)
		}
		if got := s2.String(); got != canon {
			t.Fatalf("canonical form not stable: %q -> %q -> %q", in, canon, got)
		}
		ls := Set{key: value, "x": "1", "a": ""}
		if s.Matches(ls) != s2.Matches(ls) {
			t.Fatalf("%q and %q disagree on %v", in, canon, ls)
		}
	})
}
