package resource

import "testing"

var sink Quantity

func BenchmarkParseQuantity(b *testing.B) {
	for _, s := range []string{"100m", "1536Mi", "1.5Gi", "12345678901234567890"} {
		b.Run(s, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				q, err := ParseQuantity(s)
				if err != nil {
					b.Fatal(err)
				}
				sink = q
			}
		})
	}
}

func BenchmarkString(b *testing.B) {
	for _, s := range []string{"1.5", "1.5Gi", "12345678901234567890"} {
		q := MustParse(s)
		b.Run(s, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = q.String()
			}
		})
	}
}

// BenchmarkAdd sums requests as the scheduler's NodeResourcesFit does.
func BenchmarkAdd(b *testing.B) {
	reqs := []Quantity{MustParse("100m"), MustParse("250m"), MustParse("1"), MustParse("1500m")}
	b.ReportAllocs()
	var total Quantity
	for i := 0; b.Loop(); i++ {
		total.Add(reqs[i%len(reqs)])
		if i%1000 == 999 {
			total = Quantity{}
		}
	}
	sink = total
}

func BenchmarkCmp(b *testing.B) {
	x, y := MustParse("3500m"), MustParse("4")
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		n += x.Cmp(y)
	}
	_ = n
}

func TestFastPathDoesNotAllocate(t *testing.T) {
	a, c := MustParse("1536Mi"), MustParse("2Gi")
	x, y := MustParse("100m"), MustParse("2")
	tests := []struct {
		name string
		fn   func()
	}{
		{"Add", func() { q := x; q.Add(y) }},
		{"Add binary", func() { q := a; q.Add(c) }},
		{"Sub", func() { q := y; q.Sub(x) }},
		{"Cmp", func() { _ = x.Cmp(y) }},
		{"Cmp binary", func() { _ = a.Cmp(c) }},
		{"MilliValue", func() { _ = x.MilliValue() }},
		{"Value", func() { _ = a.Value() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if n := testing.AllocsPerRun(100, tt.fn); n != 0 {
				t.Errorf("%s allocates %v times, want 0", tt.name, n)
			}
		})
	}
}
