package resource

import (
	"encoding/json"
	"testing"
)

// FuzzParseQuantity checks that ParseQuantity never panics, that the
// canonical String() of a parsed quantity parses back to the same value,
// and that JSON and simple arithmetic round-trip.
func FuzzParseQuantity(f *testing.F) {
	for _, s := range []string{
		"0", "100m", "1.5Gi", "2e3", "1E", "0.1", "+1", "-5Ki", "1e-3", "1000m", "1024Mi", "1.5",
		"9Ei", "12345678901234567890", "0.000000000001Ki", "1e2147483647", "-1e-2147483647",
		".", "-.", "1.G", "100.035Ki", "9999999999999999999", "1000E", "1e4294967297", "01",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		q, err := ParseQuantity(in)
		if err != nil {
			return
		}
		s := q.String()
		back, err := ParseQuantity(s)
		if err != nil {
			t.Fatalf("ParseQuantity(%q) = %s, which does not parse: %v", in, s, err)
		}
		if back.Cmp(q) != 0 {
			t.Fatalf("ParseQuantity(%q) = %s, which parses to %s", in, s, back.String())
		}
		b, err := json.Marshal(q)
		if err != nil {
			t.Fatal(err)
		}
		var j Quantity
		if err := json.Unmarshal(b, &j); err != nil || j.Cmp(q) != 0 {
			t.Fatalf("JSON round trip of %q via %s: %s, %v", in, b, j.String(), err)
		}
		sum := q
		sum.Add(q)
		sum.Sub(q)
		if sum.Cmp(q) != 0 {
			t.Fatalf("%q + x - x = %s", in, sum.String())
		}
		neg := q
		neg.Neg()
		if n, err := ParseQuantity(neg.String()); err != nil || n.Sign() != -q.Sign() {
			t.Fatalf("negated %q prints %s: %v", in, neg.String(), err)
		}
		_ = q.Value()
		_ = q.MilliValue()
		_ = q.AsApproximateFloat64()
	})
}
