package memory

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestIndex(t *testing.T) {
	var x index
	rng := rand.New(rand.NewPCG(1, 2))
	want := map[string]bool{}
	for i := range 5000 {
		k := fmt.Sprintf("/k/%05d", rng.IntN(20000))
		if !want[k] {
			want[k] = true
			x.insert(&entry{key: k})
		}
		if i%3 == 0 {
			d := fmt.Sprintf("/k/%05d", rng.IntN(20000))
			delete(want, d)
			x.remove(d)
		}
	}
	var wantKeys, got []string
	for k := range want {
		wantKeys = append(wantKeys, k)
	}
	sort.Strings(wantKeys)
	x.ascend("", func(e *entry) bool { got = append(got, e.key); return true })
	if diff := cmp.Diff(wantKeys, got); diff != "" {
		t.Fatalf("index keys (-want +got):\n%s", diff)
	}
	for _, c := range x.chunks {
		if len(c) == 0 || len(c) > maxChunk {
			t.Fatalf("chunk of %d entries", len(c))
		}
	}
	// ascend from the middle.
	from := wantKeys[len(wantKeys)/2]
	got = got[:0]
	x.ascend(from, func(e *entry) bool { got = append(got, e.key); return len(got) < 3 })
	if diff := cmp.Diff(wantKeys[len(wantKeys)/2:len(wantKeys)/2+3], got); diff != "" {
		t.Fatalf("ascend(%q) (-want +got):\n%s", from, diff)
	}
}
