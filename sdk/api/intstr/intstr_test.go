package intstr

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestJSON(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    IntOrString
		out     string
		wantErr string
	}{
		{name: "number", in: `80`, want: FromInt32(80), out: `80`},
		{name: "negative", in: `-1`, want: FromInt32(-1), out: `-1`},
		{name: "string", in: `"http"`, want: FromString("http"), out: `"http"`},
		{name: "numeric string stays a string", in: `"80"`, want: FromString("80"), out: `"80"`},
		{name: "percent", in: `"25%"`, want: FromString("25%"), out: `"25%"`},
		{name: "null", in: `null`, want: IntOrString{}, out: `0`},
		{name: "float", in: `1.5`, wantErr: "json: cannot unmarshal number 1.5 into Go value of type int32"},
		{name: "too big", in: `2147483648`, wantErr: "json: cannot unmarshal number 2147483648 into Go value of type int32"},
		{name: "bool", in: `true`, wantErr: "json: cannot unmarshal bool into Go value of type int32"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got IntOrString
			err := json.Unmarshal([]byte(tt.in), &got)
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("want error, got %v", got)
				}
				if diff := cmp.Diff(tt.wantErr, err.Error()); diff != "" {
					t.Errorf("error (-want +got):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Unmarshal (-want +got):\n%s", diff)
			}
			b, err := json.Marshal(got)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.out, string(b)); diff != "" {
				t.Errorf("Marshal (-want +got):\n%s", diff)
			}
		})
	}
	if _, err := json.Marshal(IntOrString{Type: 7}); err == nil {
		t.Error("Marshal of an unknown type succeeded")
	}
}

func TestInStruct(t *testing.T) {
	type spec struct {
		MaxSurge *IntOrString `json:"maxSurge,omitempty"`
		Port     IntOrString  `json:"port"`
	}
	var s spec
	if err := json.Unmarshal([]byte(`{"maxSurge":"25%","port":8080}`), &s); err != nil {
		t.Fatal(err)
	}
	want := spec{MaxSurge: &IntOrString{Type: String, StrVal: "25%"}, Port: FromInt32(8080)}
	if diff := cmp.Diff(want, s); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestParseAndString(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want IntOrString
	}{
		{"int", "42", FromInt32(42)},
		{"negative", "-3", FromInt32(-3)},
		{"string", "http", FromString("http")},
		{"percent", "10%", FromString("10%")},
		{"blank", "", FromString("")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Parse(tt.in)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Parse (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.in, got.String()); diff != "" {
				t.Errorf("String (-want +got):\n%s", diff)
			}
		})
	}
	var nilp *IntOrString
	if diff := cmp.Diff("<nil>", nilp.String()); diff != "" {
		t.Errorf("nil String (-want +got):\n%s", diff)
	}
	s := FromString("12")
	if s.IntValue() != 12 {
		t.Errorf("IntValue = %d", s.IntValue())
	}
}

func TestGetScaledValueFromIntOrPercent(t *testing.T) {
	p := func(v IntOrString) *IntOrString { return &v }
	tests := []struct {
		name    string
		in      *IntOrString
		total   int
		roundUp bool
		want    int
		wantErr string
	}{
		{name: "int", in: p(FromInt32(3)), total: 10, want: 3},
		{name: "int ignores total", in: p(FromInt32(30)), total: 10, want: 30},
		{name: "percent round up", in: p(FromString("25%")), total: 10, roundUp: true, want: 3},
		{name: "percent round down", in: p(FromString("25%")), total: 10, want: 2},
		{name: "100 percent", in: p(FromString("100%")), total: 7, want: 7},
		{name: "zero percent up", in: p(FromString("0%")), total: 7, roundUp: true, want: 0},
		{name: "1 percent of 2 up", in: p(FromString("1%")), total: 2, roundUp: true, want: 1},
		{name: "nil", in: nil, wantErr: "nil value for IntOrString"},
		{name: "not a percent", in: p(FromString("25")), wantErr: "invalid value for IntOrString: invalid type: string is not a percentage"},
		{name: "bad number", in: p(FromString("a%")), wantErr: `invalid value for IntOrString: invalid value "a%": strconv.Atoi: parsing "a": invalid syntax`},
		{name: "bad type", in: &IntOrString{Type: 9}, wantErr: "invalid value for IntOrString: invalid type: neither int nor percentage"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := GetScaledValueFromIntOrPercent(tt.in, tt.total, tt.roundUp)
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("want error, got %d", got)
				}
				if diff := cmp.Diff(tt.wantErr, err.Error()); diff != "" {
					t.Errorf("error (-want +got):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %d, want %d", got, tt.want)
			}
		})
	}
}

func TestDeepCopyAndDefault(t *testing.T) {
	in := FromString("x")
	c := in.DeepCopy()
	c.StrVal = "y"
	if in.StrVal != "x" {
		t.Error("DeepCopy shares state")
	}
	var nilp *IntOrString
	if nilp.DeepCopy() != nil {
		t.Error("DeepCopy(nil) != nil")
	}
	if diff := cmp.Diff(FromInt32(1), *ValueOrDefault(nil, FromInt32(1))); diff != "" {
		t.Errorf("ValueOrDefault (-want +got):\n%s", diff)
	}
	if ValueOrDefault(&in, FromInt32(1)) != &in {
		t.Error("ValueOrDefault replaced a set value")
	}
}
