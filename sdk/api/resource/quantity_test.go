package resource

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func decQuantity(v int64, exp int64, f Format) Quantity {
	return Quantity{d: newDec(v, exp), Format: f}
}

func intQuantity(v int64, scale Scale, f Format) Quantity {
	return Quantity{i: int64Amount{value: v, scale: scale}, Format: f}
}

func bigQuantity(s string, exp int64, f Format) Quantity {
	d := &dec{e: exp}
	d.u.SetString(s, 10)
	return Quantity{d: d, Format: f}
}

func TestParseQuantity(t *testing.T) {
	tests := []struct {
		in     string
		want   Quantity
		str    string
		format Format
	}{
		{"0", decQuantity(0, 0, DecimalSI), "0", DecimalSI},
		{"0n", decQuantity(0, 0, DecimalSI), "0", DecimalSI},
		{"0Ki", decQuantity(0, 0, BinarySI), "0", BinarySI},
		{"-0", decQuantity(0, 0, DecimalSI), "0", DecimalSI},
		{".", decQuantity(0, 0, DecimalSI), "0", DecimalSI},
		{"-", decQuantity(0, 0, DecimalSI), "0", DecimalSI},
		{"1", decQuantity(1, 0, DecimalSI), "1", DecimalSI},
		{"+1", decQuantity(1, 0, DecimalSI), "+1", DecimalSI},
		{"01", decQuantity(1, 0, DecimalSI), "01", DecimalSI},
		{"100m", decQuantity(1, -1, DecimalSI), "100m", DecimalSI},
		{"1000m", decQuantity(1, 0, DecimalSI), "1", DecimalSI},
		{"0.1", decQuantity(1, -1, DecimalSI), "100m", DecimalSI},
		{"1.5", decQuantity(15, -1, DecimalSI), "1500m", DecimalSI},
		{"1Ki", decQuantity(1024, 0, BinarySI), "1Ki", BinarySI},
		{"8Ki", decQuantity(8*1024, 0, BinarySI), "8Ki", BinarySI},
		{"-5Ki", decQuantity(-5*1024, 0, BinarySI), "-5Ki", BinarySI},
		{"1024Mi", decQuantity(1<<30, 0, BinarySI), "1Gi", BinarySI},
		{"1.5Gi", decQuantity(1536<<20, 0, BinarySI), "1536Mi", BinarySI},
		{"3Ei", decQuantity(3<<60, 0, BinarySI), "3Ei", BinarySI},
		{"9Ei", decQuantity(math.MaxInt64, 0, BinarySI), "9223372036854775807", BinarySI},
		{"100.035Ki", decQuantity(10243584, -2, BinarySI), "102435840m", BinarySI},
		{"0.5Mi", decQuantity(512*1024, 0, BinarySI), "512Ki", BinarySI},
		{"0.000000000001Ki", decQuantity(2, -9, DecimalSI), "2n", DecimalSI},
		{".001Ki", decQuantity(1024, -3, BinarySI), "1024m", BinarySI},
		{"5n", decQuantity(5, -9, DecimalSI), "5n", DecimalSI},
		{"4u", decQuantity(4, -6, DecimalSI), "4u", DecimalSI},
		{"50k", decQuantity(5, 4, DecimalSI), "50k", DecimalSI},
		{"1E", decQuantity(1, 18, DecimalSI), "1E", DecimalSI},
		{"12E", decQuantity(12, 18, DecimalSI), "12E", DecimalSI},
		{"1000E", decQuantity(1, 21, DecimalSI), "1e21", DecimalSI},
		{"1000M", decQuantity(1, 9, DecimalSI), "1G", DecimalSI},
		{"2e3", decQuantity(2, 3, DecimalExponent), "2e3", DecimalExponent},
		{"1E3", decQuantity(1, 3, DecimalExponent), "1E3", DecimalExponent},
		{"1e-3", decQuantity(1, -3, DecimalExponent), "1e-3", DecimalExponent},
		{"1.3E+6", decQuantity(13, 5, DecimalExponent), "1300e3", DecimalExponent},
		{"0.5e-1", decQuantity(5, -2, DecimalExponent), "50e-3", DecimalExponent},
		{"1.7E18", decQuantity(17, 17, DecimalExponent), "1700e15", DecimalExponent},
		// Kubernetes keeps an input whose digits and scale look canonical
		// even when it has a decimal point.
		{"100.035k", decQuantity(100035, 0, DecimalSI), "100.035k", DecimalSI},
		{"7.123456M", decQuantity(7123456, 0, DecimalSI), "7.123456M", DecimalSI},
		{"7.1234560M", decQuantity(7123456, 0, DecimalSI), "7123456", DecimalSI},
		{"1.01E", decQuantity(101, 16, DecimalSI), "1010P", DecimalSI},
		{"3.001n", decQuantity(4, -9, DecimalSI), "4n", DecimalSI},
		{"1.1E-9", decQuantity(2, -9, DecimalExponent), "2e-9", DecimalExponent},
		{"0.0000000001", decQuantity(1, -9, DecimalSI), "1n", DecimalSI},
		{"0.00000012345", decQuantity(124, -9, DecimalSI), "124n", DecimalSI},
		{"-0.00000012345", decQuantity(-124, -9, DecimalSI), "-124n", DecimalSI},
		{"1e-999999999", decQuantity(1, -9, DecimalExponent), "1e-9", DecimalExponent},
		{"1e2147483647", decQuantity(1, math.MaxInt32, DecimalExponent), "10e2147483646", DecimalExponent},
		{"12345678901234567890", bigQuantity("12345678901234567890", 0, DecimalSI), "12345678901234567890", DecimalSI},
		{"1.", decQuantity(1, 0, DecimalSI), "1.", DecimalSI},
		{"1.G", decQuantity(1, 9, DecimalSI), "1.G", DecimalSI},
		{"1.0G", decQuantity(1, 9, DecimalSI), "1G", DecimalSI},
		{".0001k", decQuantity(100, -3, DecimalSI), "100m", DecimalSI},
		{"9999999999999999999", bigQuantity("9999999999999999999", 0, DecimalSI), "9999999999999999999", DecimalSI},
		{"9227000000000000100n", bigQuantity("92270000000000001", -7, DecimalSI), "9227000000000000100n", DecimalSI},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseQuantity(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got.Cmp(tt.want) != 0 {
				t.Errorf("value = %s, want %s", got.String(), tt.want.String())
			}
			if diff := cmp.Diff(tt.format, got.Format); diff != "" {
				t.Errorf("Format (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.str, got.String()); diff != "" {
				t.Errorf("String (-want +got):\n%s", diff)
			}
			// Both representations agree.
			if alt := (Quantity{d: got.asDec(), Format: got.Format}); alt.Cmp(got) != 0 || got.Cmp(alt) != 0 {
				t.Errorf("dec form %s differs", alt.String())
			}
		})
	}
}

func TestParseQuantityErrors(t *testing.T) {
	tests := []struct {
		in   string
		want error
	}{
		{"", ErrFormatWrong},
		{" 1", ErrFormatWrong},
		{"1 ", ErrFormatWrong},
		{"1.1.M", ErrFormatWrong},
		{"1+1.0M", ErrFormatWrong},
		{"aoeu", ErrFormatWrong},
		{"-3.01e-", ErrSuffix},
		{"0.1mi", ErrSuffix},
		{"0.1am", ErrFormatWrong},
		{".5i", ErrSuffix},
		{"1i", ErrSuffix},
		{"1kk", ErrSuffix},
		{"1e4294967297", ErrSuffix},
		{"1E2147483648", ErrSuffix},
		{"1e-2147483648", ErrSuffix},
		{"-.e-10", ErrNumeric},
		{"1000e2147483647", ErrSuffix},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := ParseQuantity(tt.in)
			if err != tt.want {
				t.Errorf("ParseQuantity(%q) error = %v, want %v", tt.in, err, tt.want)
			}
		})
	}
	if diff := cmp.Diff("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'", ErrFormatWrong.Error()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	defer func() {
		r := recover()
		if diff := cmp.Diff("cannot parse 'x': "+ErrFormatWrong.Error(), r.(error).Error()); diff != "" {
			t.Errorf("MustParse panic (-want +got):\n%s", diff)
		}
	}()
	MustParse("x")
}

func TestString(t *testing.T) {
	tests := []struct {
		name string
		in   Quantity
		want string
	}{
		{"1Gi", decQuantity(1024*1024*1024, 0, BinarySI), "1Gi"},
		{"300Mi", decQuantity(300*1024*1024, 0, BinarySI), "300Mi"},
		{"1001Gi", decQuantity(1001*1024*1024*1024, 0, BinarySI), "1001Gi"},
		{"binary small", decQuantity(5, 0, BinarySI), "5"},
		{"binary fraction", decQuantity(500, -3, BinarySI), "500m"},
		{"binary not integral", decQuantity(10241, -1, BinarySI), "1024100m"},
		{"1G", decQuantity(1000, 6, DecimalSI), "1G"},
		{"1m", decQuantity(1, -3, DecimalSI), "1m"},
		{"1080m", decQuantity(108, -2, DecimalSI), "1080m"},
		{"1080n", decQuantity(10800, -10, DecimalSI), "1080n"},
		{"1234567M", decQuantity(1234567, 6, DecimalSI), "1234567M"},
		{"binary 1234567m", decQuantity(1234567, -3, BinarySI), "1234567m"},
		{"1025", decQuantity(1025, 0, BinarySI), "1025"},
		{"exponent", decQuantity(80, -3, DecimalExponent), "80e-3"},
		{"exponent 300e6", decQuantity(300, 6, DecimalExponent), "300e6"},
		{"zero exponent", decQuantity(0, 0, DecimalExponent), "0"},
		{"1e21 DecimalSI", decQuantity(1, 21, DecimalSI), "1e21"},
		{"5e21 DecimalSI", decQuantity(5, 21, DecimalSI), "5e21"},
		{"1e-12 DecimalSI", decQuantity(1, -12, DecimalSI), "1e-12"},
		{"1e-10 DecimalSI", decQuantity(1, -10, DecimalSI), "100e-12"},
		{"10^70 BinarySI", decQuantity(1, 70, BinarySI), "10e69"},
		{"2*10^70 BinarySI", decQuantity(2, 70, BinarySI), "20e69"},
		{"10^72 BinarySI", decQuantity(1, 72, BinarySI), "1e72"},
		{"2000 BinarySI", intQuantity(2000, 0, BinarySI), "2000"},
		{"-2000 BinarySI", intQuantity(-2000, 0, BinarySI), "-2000"},
		{"no format", intQuantity(3, 3, ""), "3e3"},
		{"int negative milli", intQuantity(-901, -2, DecimalSI), "-9010m"},
		{"int max", intQuantity(math.MaxInt64, 0, DecimalSI), "9223372036854775807"},
		{"int min", intQuantity(math.MinInt64, 0, DecimalSI), "-9223372036854775808"},
		{"int overflowing canonical", intQuantity(math.MaxInt64, -1, DecimalSI), "922337203685477580700m"},
		{"int huge scale", intQuantity(1, math.MaxInt32, DecimalSI), "10e2147483646"},
		{"int huge scale binary", intQuantity(1, math.MaxInt32, BinarySI), "10e2147483646"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.in.String()); diff != "" {
				t.Errorf("String (-want +got):\n%s", diff)
			}
			if tt.in.IsZero() {
				return
			}
			neg := tt.in
			neg.Neg()
			if diff := cmp.Diff("-"+strings.TrimPrefix(tt.want, "-"), neg.String()); !strings.HasPrefix(tt.want, "-") && diff != "" {
				t.Errorf("negated String (-want +got):\n%s", diff)
			}
		})
	}
	var nilq *Quantity
	if nilq.String() != "<nil>" {
		t.Error("nil String")
	}
}

func TestBinarySIPastEi(t *testing.T) {
	q := MustParse("1Ei")
	q.Mul(1024) // 2^70
	if diff := cmp.Diff("1180591620717411303424", q.String()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if back := MustParse(q.String()); back.Cmp(q) != 0 {
		t.Errorf("round trip: %s", back.String())
	}
}

func TestArithmetic(t *testing.T) {
	tests := []struct {
		name    string
		op      func(q *Quantity)
		start   string
		want    string
		wantFmt Format
	}{
		{"add", func(q *Quantity) { q.Add(MustParse("500m")) }, "1", "1500m", DecimalSI},
		{"add to zero takes format", func(q *Quantity) { q.Add(MustParse("1Gi")) }, "0", "1Gi", BinarySI},
		{"add zero keeps suffix", func(q *Quantity) { q.Add(MustParse("0")) }, "100m", "100m", DecimalSI},
		{"add binary", func(q *Quantity) { q.Add(MustParse("512Mi")) }, "1Gi", "1536Mi", BinarySI},
		{"add overflows to big", func(q *Quantity) { q.Add(MustParse("9223372036854775807")) }, "9223372036854775807", "18446744073709551614", DecimalSI},
		{"add mixed scales", func(q *Quantity) { q.Add(MustParse("1n")) }, "1E", "1000000000000000000000000001n", DecimalSI},
		{"sub", func(q *Quantity) { q.Sub(MustParse("250m")) }, "1", "750m", DecimalSI},
		{"sub from zero", func(q *Quantity) { q.Sub(MustParse("1Gi")) }, "0", "-1Gi", BinarySI},
		{"sub min int64", func(q *Quantity) { q.Sub(*NewQuantity(math.MinInt64, DecimalSI)) }, "1", "9223372036854775809", DecimalSI},
		{"neg", func(q *Quantity) { q.Neg() }, "9010m", "-9010m", DecimalSI},
		{"neg big", func(q *Quantity) { q.Neg() }, "12345678901234567890", "-12345678901234567890", DecimalSI},
		{"mul", func(q *Quantity) { q.Mul(3) }, "500m", "1500m", DecimalSI},
		{"mul overflow", func(q *Quantity) { q.Mul(10) }, "9223372036854775807", "92233720368547758070", DecimalSI},
		{"round up", func(q *Quantity) { q.RoundUp(0) }, "9.01", "10", DecimalSI},
		{"round up negative", func(q *Quantity) { q.RoundUp(-1) }, "-9.01", "-9100m", DecimalSI},
		{"round up big", func(q *Quantity) { q.RoundUp(3) }, "12345678901234567890", "12345678901234568k", DecimalSI},
		{"set", func(q *Quantity) { q.Set(5) }, "1Ki", "5", BinarySI},
		{"set milli", func(q *Quantity) { q.SetMilli(1500) }, "1", "1500m", DecimalSI},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := MustParse(tt.start)
			orig := q.DeepCopy()
			tt.op(&q)
			if diff := cmp.Diff(tt.want, q.String()); diff != "" {
				t.Errorf("String (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantFmt, q.Format); diff != "" {
				t.Errorf("Format (-want +got):\n%s", diff)
			}
			if orig.Cmp(MustParse(tt.start)) != 0 {
				t.Errorf("copy changed to %s", orig.String())
			}
		})
	}
}

func TestCmp(t *testing.T) {
	tests := []struct {
		name string
		a, b Quantity
		want int
	}{
		{"equal", MustParse("100m"), MustParse("0.1"), 0},
		{"less", MustParse("50m"), MustParse("100m"), -1},
		{"decimal vs binary", MustParse("10000T"), MustParse("100Gi"), 1},
		{"1Ki vs 1k", MustParse("1Ki"), MustParse("1k"), 1},
		{"zeros of different scales", intQuantity(0, 1, DecimalSI), intQuantity(0, -1, DecimalSI), 0},
		{"int 901e-2 vs 90e-1", intQuantity(90, -1, DecimalSI), intQuantity(901, -2, DecimalSI), -1},
		{"max vs tenth", intQuantity(math.MaxInt64, 0, DecimalSI), intQuantity(1, -1, DecimalSI), 1},
		{"max e-16 vs 1e3", intQuantity(math.MaxInt64, -16, DecimalSI), intQuantity(1, 3, DecimalSI), -1},
		{"min e-18 vs -1", intQuantity(math.MinInt64, -18, DecimalSI), intQuantity(-1, 0, DecimalSI), -1},
		{"min e-19 vs -1", intQuantity(math.MinInt64, -19, DecimalSI), intQuantity(-1, 0, DecimalSI), 1},
		{"1e18 e-17 vs 10", intQuantity(1e18, -17, DecimalSI), intQuantity(1, 1, DecimalSI), 0},
		{"1e18+1 e-17 vs 10", intQuantity(1e18+1, -17, DecimalSI), intQuantity(1, 1, DecimalSI), 1},
		{"1e18-1 e-17 vs 10", intQuantity(1e18-1, -17, DecimalSI), intQuantity(1, 1, DecimalSI), -1},
		{"huge exponents", MustParse("1e2000000000"), MustParse("1e1999999999"), 1},
		{"huge vs small", MustParse("1e2000000000"), MustParse("1n"), 1},
		{"negative huge vs small", MustParse("-1e2000000000"), MustParse("1n"), -1},
		{"big vs int", MustParse("12345678901234567890"), MustParse("1E"), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.a.Cmp(tt.b); got != tt.want {
				t.Errorf("Cmp = %d, want %d", got, tt.want)
			}
			if got := tt.b.Cmp(tt.a); got != -tt.want {
				t.Errorf("reverse Cmp = %d, want %d", got, -tt.want)
			}
			ad := Quantity{d: tt.a.asDec()}
			if got := ad.Cmp(tt.b); got != tt.want {
				t.Errorf("dec Cmp = %d, want %d", got, tt.want)
			}
		})
	}
	two, big := MustParse("2"), MustParse("12345678901234567890")
	if two.CmpInt64(1) != 1 || big.CmpInt64(math.MaxInt64) != 1 {
		t.Error("CmpInt64")
	}
}

func TestValues(t *testing.T) {
	tests := []struct {
		in       string
		value    int64
		milli    int64
		scaledKi int64 // ScaledValue(Kilo)
		asInt    int64
		asIntOK  bool
		float    float64
	}{
		{"1", 1, 1000, 1, 1, true, 1},
		{"100m", 1, 100, 1, 0, false, 0.1},
		{"-100m", -1, -100, -1, 0, false, -0.1},
		{"1.5Gi", 1610612736, 1610612736000, 1610613, 1610612736, true, 1610612736},
		{"2k", 2000, 2000000, 2, 2000, true, 2000},
		{"1n", 1, 1, 1, 0, false, 1e-9},
		{"9Ei", math.MaxInt64, math.MaxInt64, 9223372036854776, math.MaxInt64, true, 9.223372036854775807e18},
		{"1e30", math.MaxInt64, math.MaxInt64, math.MaxInt64, math.MaxInt64, false, 1e30},
		{"-1e30", math.MinInt64, math.MinInt64, math.MinInt64, math.MinInt64, false, -1e30},
		{"12345678901234567890", math.MaxInt64, math.MaxInt64, 12345678901234568, 0, false, 12345678901234567890},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			q := MustParse(tt.in)
			got := []int64{q.Value(), q.MilliValue(), q.ScaledValue(Kilo)}
			if diff := cmp.Diff([]int64{tt.value, tt.milli, tt.scaledKi}, got); diff != "" {
				t.Errorf("Value, MilliValue, ScaledValue(Kilo) (-want +got):\n%s", diff)
			}
			if v, ok := q.AsInt64(); ok != tt.asIntOK || (ok && v != tt.asInt) {
				t.Errorf("AsInt64 = %d, %v", v, ok)
			}
			if f := q.AsApproximateFloat64(); math.Abs(f-tt.float) > math.Abs(tt.float)*1e-12 {
				t.Errorf("AsApproximateFloat64 = %g, want %g", f, tt.float)
			}
		})
	}
}

func TestJSON(t *testing.T) {
	type res struct {
		CPU    Quantity  `json:"cpu"`
		Memory *Quantity `json:"memory,omitempty"`
	}
	tests := []struct {
		name    string
		in      string
		cpu     string
		out     string
		wantErr string
	}{
		{name: "strings", in: `{"cpu":"100m","memory":"1.5Gi"}`, cpu: "100m", out: `{"cpu":"100m","memory":"1536Mi"}`},
		{name: "number", in: `{"cpu":2}`, cpu: "2", out: `{"cpu":"2"}`},
		{name: "float number", in: `{"cpu":0.5}`, cpu: "500m", out: `{"cpu":"500m"}`},
		{name: "exponent number", in: `{"cpu":1e3}`, cpu: "1e3", out: `{"cpu":"1e3"}`},
		{name: "blanks in string", in: `{"cpu":" 1 "}`, cpu: "1", out: `{"cpu":"1"}`},
		{name: "null", in: `{"cpu":null}`, cpu: "0", out: `{"cpu":"0"}`},
		{name: "bad", in: `{"cpu":"1x"}`, wantErr: ErrFormatWrong.Error()},
		{name: "bool", in: `{"cpu":true}`, wantErr: ErrFormatWrong.Error()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r res
			err := json.Unmarshal([]byte(tt.in), &r)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.cpu, r.CPU.String()); diff != "" {
				t.Errorf("cpu (-want +got):\n%s", diff)
			}
			b, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.out, string(b)); diff != "" {
				t.Errorf("Marshal (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNewQuantity(t *testing.T) {
	tests := []struct {
		name string
		q    *Quantity
		want string
	}{
		{"int", NewQuantity(5, DecimalSI), "5"},
		{"binary", NewQuantity(1<<20, BinarySI), "1Mi"},
		{"milli", NewMilliQuantity(1500, DecimalSI), "1500m"},
		{"milli binary", NewMilliQuantity(500, BinarySI), "500m"},
		{"milli binary large rounds", NewMilliQuantity(1025500, BinarySI), "1025500m"},
		{"scaled", NewScaledQuantity(3, Mega), "3M"},
		{"scaled nano", NewScaledQuantity(5, Nano), "5n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.q.String()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	if !QuantityPtrEqual(nil, nil) || QuantityPtrEqual(NewQuantity(1, DecimalSI), nil) || !QuantityPtrEqual(NewQuantity(1000, DecimalSI), NewScaledQuantity(1, Kilo)) {
		t.Error("QuantityPtrEqual")
	}
	var out Quantity
	in := MustParse("12345678901234567890")
	in.DeepCopyInto(&out)
	out.Add(MustParse("1"))
	if in.String() != "12345678901234567890" || out.String() != "12345678901234567891" {
		t.Errorf("DeepCopyInto shares state: %s %s", in.String(), out.String())
	}
	// cmp.Diff compares by value through Equal.
	if diff := cmp.Diff(MustParse("1"), MustParse("1000m")); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
