package labels

import (
	"strconv"
	"testing"
)

func benchSets(n int) []Set {
	sets := make([]Set, n)
	for i := range sets {
		sets[i] = Set{
			"app":                       "web",
			"tier":                      []string{"frontend", "backend", "cache"}[i%3],
			"pod-template-hash":         strconv.Itoa(i),
			"app.kubernetes.io/version": "v" + strconv.Itoa(i%5),
			"rank":                      strconv.Itoa(i % 100),
		}
	}
	return sets
}

// BenchmarkMatches matches one selector against many label sets, as the
// scheduler and the API server's list filtering do.
func BenchmarkMatches(b *testing.B) {
	sets := benchSets(1000)
	for _, sel := range []string{
		"app=web",
		"app=web,tier in (frontend,cache),!canary",
		"app=web,tier notin (backend),app.kubernetes.io/version,rank>50",
	} {
		s, err := Parse(sel)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(sel, func(b *testing.B) {
			b.ReportAllocs()
			n := 0
			for i := 0; b.Loop(); i++ {
				if s.Matches(sets[i%len(sets)]) {
					n++
				}
			}
			_ = n
		})
	}
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("app=web,tier in (frontend,cache),!canary,rank>50"); err != nil {
			b.Fatal(err)
		}
	}
}

func TestMatchesDoesNotAllocate(t *testing.T) {
	s, err := Parse("app=web,tier in (frontend,cache),!canary,rank>5,x notin (a)")
	if err != nil {
		t.Fatal(err)
	}
	ls := Set{"app": "web", "tier": "cache", "rank": "7"}
	if n := testing.AllocsPerRun(100, func() { s.Matches(ls) }); n != 0 {
		t.Errorf("Matches allocates %v times per call, want 0", n)
	}
}
