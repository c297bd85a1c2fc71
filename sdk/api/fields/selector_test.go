package fields

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    string
		reqs    Requirements
		wantErr string
	}{
		{name: "empty", in: "", want: ""},
		{name: "only commas", in: ",,", want: ""},
		{name: "one term", in: "spec.nodeName=node-1", want: "spec.nodeName=node-1",
			reqs: Requirements{{Operator: OpEquals, Field: "spec.nodeName", Value: "node-1"}}},
		{name: "double equals", in: "a==b", want: "a=b", reqs: Requirements{{Operator: OpEquals, Field: "a", Value: "b"}}},
		{name: "not equals", in: "status.phase!=Running", want: "status.phase!=Running",
			reqs: Requirements{{Operator: OpNotEquals, Field: "status.phase", Value: "Running"}}},
		{name: "terms sorted", in: "z=1,a!=2", want: "a!=2,z=1"},
		{name: "empty value", in: "a=", want: "a="},
		{name: "escaped value", in: `a=x\,y\=z\\w`, want: `a=x\,y\=z\\w`,
			reqs: Requirements{{Operator: OpEquals, Field: "a", Value: `x,y=z\w`}}},
		{name: "first operator wins", in: "a!b=!c", want: "a!b=!c",
			reqs: Requirements{{Operator: OpEquals, Field: "a!b", Value: "!c"}}},
		{name: "operator in value must be escaped", in: "a=!=b", wantErr: "invalid field selector: unescaped character in value: 61"},

		{name: "no operator", in: "a,b=c", wantErr: "invalid selector: 'a,b=c'; can't understand 'a'"},
		{name: "unescaped equals", in: "a=b=c", wantErr: "invalid field selector: unescaped character in value: 61"},
		{name: "unescaped comma cannot happen but equals after ==", in: "a==b=c", wantErr: "invalid field selector: unescaped character in value: 61"},
		{name: "bad escape", in: `a=\x`, wantErr: `invalid field selector: invalid escape sequence: \x`},
		{name: "trailing backslash", in: `a=b\`, wantErr: `invalid field selector: invalid escape sequence: \`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse(tt.in)
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("Parse(%q) = %v, want error", tt.in, s)
				}
				if diff := cmp.Diff(tt.wantErr, err.Error()); diff != "" {
					t.Errorf("error (-want +got):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, s.String()); diff != "" {
				t.Errorf("String() (-want +got):\n%s", diff)
			}
			if tt.reqs != nil {
				if diff := cmp.Diff(tt.reqs, s.Requirements()); diff != "" {
					t.Errorf("Requirements() (-want +got):\n%s", diff)
				}
			}
		})
	}
}

func TestMatches(t *testing.T) {
	fields := Set{"metadata.name": "web-1", "spec.nodeName": "node-1", "status.phase": "Running"}
	tests := []struct {
		name string
		sel  string
		want bool
	}{
		{"everything", "", true},
		{"equals", "spec.nodeName=node-1", true},
		{"equals other", "spec.nodeName=node-2", false},
		{"missing field is empty", "spec.schedulerName=", true},
		{"not equals", "status.phase!=Pending", true},
		{"not equals same", "status.phase!=Running", false},
		{"and", "metadata.name=web-1,spec.nodeName=node-1", true},
		{"and fails", "metadata.name=web-1,spec.nodeName=node-2", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MustParse(tt.sel).Matches(fields); got != tt.want {
				t.Errorf("Matches = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestRequiresExactMatch(t *testing.T) {
	tests := []struct {
		name  string
		sel   Selector
		field string
		value string
		found bool
	}{
		{"parsed", MustParse("spec.nodeName=n1,status.phase!=Failed"), "spec.nodeName", "n1", true},
		{"not equals does not count", MustParse("spec.nodeName!=n1"), "spec.nodeName", "", false},
		{"other field", MustParse("metadata.name=a"), "spec.nodeName", "", false},
		{"everything", Everything(), "spec.nodeName", "", false},
		{"one term", OneTermEqualSelector("spec.nodeName", "n2"), "spec.nodeName", "n2", true},
		{"and", AndSelectors(OneTermNotEqualSelector("a", "b"), OneTermEqualSelector("spec.nodeName", "n3")), "spec.nodeName", "n3", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, ok := tt.sel.RequiresExactMatch(tt.field)
			if v != tt.value || ok != tt.found {
				t.Errorf("RequiresExactMatch(%q) = %q, %v; want %q, %v", tt.field, v, ok, tt.value, tt.found)
			}
		})
	}
}

func TestTransform(t *testing.T) {
	rename := func(f, v string) (string, string, error) {
		switch f {
		case "host":
			return "spec.nodeName", v, nil
		case "drop":
			return "", "", nil
		case "bad":
			return "", "", errors.New("no such field")
		}
		return f, v, nil
	}
	tests := []struct {
		name    string
		in      string
		want    string
		wantErr string
	}{
		{"rename", "host=n1,a!=b", "a!=b,spec.nodeName=n1", ""},
		{"drop", "drop=x,a=b", "a=b", ""},
		{"drop only term", "drop=x", "", ""},
		{"error", "a=b,bad=c", "", "no such field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ParseAndTransform(tt.in, rename)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, s.String()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestSetAndHelpers(t *testing.T) {
	s := Set{"b": "x,y", "a": "1"}
	if diff := cmp.Diff(`a=1,b=x\,y`, s.String()); diff != "" {
		t.Errorf("Set.String (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(`a=1,b=x\,y`, s.AsSelector().String()); diff != "" {
		t.Errorf("SelectorFromSet (-want +got):\n%s", diff)
	}
	if !s.AsSelector().Matches(s) || !Set(nil).AsSelector().Empty() {
		t.Error("SelectorFromSet matches wrongly")
	}
	c := MustParse("a=1,b!=2").DeepCopySelector()
	if diff := cmp.Diff("a=1,b!=2", c.String()); diff != "" {
		t.Errorf("DeepCopySelector (-want +got):\n%s", diff)
	}
}

func TestValidateFields(t *testing.T) {
	supported := func(f string) bool { return f == "metadata.name" || f == "spec.nodeName" }
	tests := []struct {
		name    string
		sel     string
		wantErr string
	}{
		{"supported", "metadata.name=a,spec.nodeName=b", ""},
		{"everything", "", ""},
		{"unsupported", "metadata.name=a,spec.foo=b", "field label not supported: spec.foo"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateFields(MustParse(tt.sel), supported)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil {
				t.Fatalf("want error %q", tt.wantErr)
			}
			if diff := cmp.Diff(tt.wantErr, err.Error()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if !apierrors.IsBadRequest(err) {
				t.Errorf("error %v is not a BadRequest", err)
			}
			st := apierrors.ToStatus(err)
			if st.Code != 400 || st.Message != tt.wantErr {
				t.Errorf("ToStatus = %d %q", st.Code, st.Message)
			}
		})
	}
}
