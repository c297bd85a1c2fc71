package labels

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/sdk/api/meta"
)

const (
	valueMsg = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
	nameMsg  = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    string // canonical String()
		wantErr string
	}{
		{name: "empty", in: "", want: ""},
		{name: "blank", in: " \t", want: ""},
		{name: "equals sorted by key", in: "z=c,x=a,y=b", want: "x=a,y=b,z=c"},
		{name: "not equals", in: "x!=a,y=b", want: "x!=a,y=b"},
		{name: "double equals kept", in: "x==a", want: "x==a"},
		{name: "empty value", in: "x=", want: "x="},
		{name: "empty values with blanks", in: "x= ,z= ", want: "x=,z="},
		{name: "exists", in: "x", want: "x"},
		{name: "leading CR", in: "\rx", want: "x"},
		{name: "does not exist", in: "!x", want: "!x"},
		{name: "greater and less", in: "x>1,z<5", want: "x>1,z<5"},
		{name: "in sorted and deduplicated", in: "x in (b,a,b)", want: "x in (a,b)"},
		{name: "notin with blanks", in: "x  notin\t\t(abc,def)", want: "x notin (abc,def)"},
		{name: "in with trailing comma", in: "x in (abc,)", want: "x in (,abc)"},
		{name: "in empty set", in: "x in ()", want: "x in ()"},
		{name: "keywords as values", in: "x in (in,notin),notin=in", want: "notin=in,x in (in,notin)"},
		{name: "mixed", in: "x notin (abc,def),bar,z in (),w", want: "bar,w,x notin (abc,def),z in ()"},
		{name: "prefixed key", in: "this-is-a-dns.domain.com/key-with-dash in (so,what)", want: "this-is-a-dns.domain.com/key-with-dash in (so,what)"},
		{name: "same key kept in input order", in: "a!=x,a", want: "a!=x,a"},
		{name: "NUL ends the input", in: "a=b \x00 ignored", want: "a=b"},

		{name: "pipes", in: "x=a||y=b", wantErr: `unable to parse requirement: values[0][x]: Invalid value: "a||y": ` + valueMsg},
		{name: "two operators", in: "x==a==b", wantErr: "found '==', expected: ',' or 'end of string'"},
		{name: "not key with value", in: "!x=a", wantErr: "found '=', expected: ',' or 'end of string'"},
		{name: "lt not an integer", in: "x<a", wantErr: `unable to parse requirement: values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer`},
		{name: "missing operator", in: "x y", wantErr: "unable to parse requirement: found 'y', expected: in, notin, =, ==, !=, gt, lt"},
		{name: "invalid key", in: "-x=1", wantErr: `unable to parse requirement: <nil>: Invalid value: "-x": ` + nameMsg},
		{name: "key with many slashes", in: "a/b/c", wantErr: `unable to parse requirement: <nil>: Invalid value: "a/b/c": a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`},
		{name: "trailing comma", in: "x=a,", wantErr: "found '', expected: identifier after ','"},
		{name: "leading comma", in: ",x", wantErr: "found ',', expected: !, identifier, or 'end of string'"},
		{name: "in without parens", in: "x in a", wantErr: "unable to parse requirement: found 'a' expected: '('"},
		{name: "unclosed set", in: "x in (a", wantErr: "unable to parse requirement: found '', expected: ',' or ')'"},
		{name: "operator in set", in: "x in (a=b)", wantErr: "unable to parse requirement: found '=', expected: ',' or ')'"},
		{name: "set starts with operator", in: "x in (=)", wantErr: "unable to parse requirement: found '=', expected: ',', ')' or identifier"},
		{name: "exact value is operator", in: "x=(", wantErr: "unable to parse requirement: found '(', expected: identifier"},
		{name: "not not", in: "!!x", wantErr: "unable to parse requirement: found '!', expected: identifier"},
		{name: "value too long", in: "x=" + strings.Repeat("a", 64), wantErr: `unable to parse requirement: values[0][x]: Invalid value: "` + strings.Repeat("a", 64) + `": must be no more than 63 characters`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse(tt.in)
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("Parse(%q) = %q, want error %q", tt.in, s, tt.wantErr)
				}
				if diff := cmp.Diff(tt.wantErr, err.Error()); diff != "" {
					t.Errorf("Parse(%q) error (-want +got):\n%s", tt.in, diff)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if diff := cmp.Diff(tt.want, s.String()); diff != "" {
				t.Errorf("Parse(%q).String() (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestMatches(t *testing.T) {
	labels := Set{"foo": "bar", "baz": "blah", "n": "5", "empty": ""}
	tests := []struct {
		name     string
		selector string
		want     bool
	}{
		{"everything", "", true},
		{"equals", "foo=bar", true},
		{"equals wrong value", "foo=blah", false},
		{"equals missing key", "x=y", false},
		{"double equals", "foo==bar", true},
		{"and", "foo=bar,baz=blah", true},
		{"and one fails", "foo=bar,foobar=bar,baz=blah", false},
		{"not equals other value", "foo!=x", true},
		{"not equals same value", "foo!=bar", false},
		{"not equals missing key", "x!=y", true},
		{"in", "foo in (a,bar)", true},
		{"in miss", "foo in (a,b)", false},
		{"in missing key", "x in (a)", false},
		{"in empty value", "empty in ()", true},
		{"notin", "foo notin (a,b)", true},
		{"notin hit", "foo notin (bar)", false},
		{"notin missing key", "x notin (a)", true},
		{"exists", "foo", true},
		{"exists missing", "x", false},
		{"does not exist", "!x", true},
		{"does not exist present", "!foo", false},
		{"gt", "n>4", true},
		{"gt equal", "n>5", false},
		{"lt", "n<6", true},
		{"lt not a number", "foo<6", false},
		{"gt missing", "x>1", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse(tt.selector)
			if err != nil {
				t.Fatal(err)
			}
			if got := s.Matches(labels); got != tt.want {
				t.Errorf("Parse(%q).Matches(%v) = %v, want %v", tt.selector, labels, got, tt.want)
			}
		})
	}
}

func TestNewRequirement(t *testing.T) {
	tests := []struct {
		name    string
		key     string
		op      Operator
		vals    []string
		wantErr string
	}{
		{name: "in", key: "x", op: OpIn, vals: []string{"foo"}},
		{name: "in nil values", key: "x", op: OpIn, wantErr: `values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty`},
		{name: "notin empty values", key: "x", op: OpNotIn, vals: []string{}, wantErr: `values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty`},
		{name: "equals two values", key: "x", op: OpEquals, vals: []string{"a", "b"}, wantErr: `values: Invalid value: []string{"a", "b"}: exact-match compatibility requires one single value`},
		{name: "exists with value", key: "x", op: OpExists, vals: []string{"a"}, wantErr: `values: Invalid value: []string{"a"}: values set must be empty for exists and does not exist`},
		{name: "gt", key: "y", op: OpGreaterThan, vals: []string{"1"}},
		{name: "gt not integer", key: "y", op: OpGreaterThan, vals: []string{"bar"}, wantErr: `values[0]: Invalid value: "bar": for 'Gt', 'Lt' operators, the value must be an integer`},
		{name: "unknown operator", key: "x", op: "like", vals: []string{"a"}, wantErr: `operator: Unsupported value: "like": supported values: "in", "notin", "=", "==", "!=", "gt", "lt", "exists", "!"`},
		{name: "digits key", key: "1234", op: OpIn, vals: []string{"bar"}},
		{name: "long key", key: strings.Repeat("a", 254), op: OpExists, wantErr: `key: Invalid value: "` + strings.Repeat("a", 254) + `": name part must be no more than 63 characters`},
		{name: "several problems", key: "-", op: OpIn, vals: []string{"-"}, wantErr: `[key: Invalid value: "-": ` + nameMsg + `, values[0][-]: Invalid value: "-": ` + valueMsg + `]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewRequirement(tt.key, tt.op, tt.vals)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if diff := cmp.Diff(tt.wantErr, got); diff != "" {
				t.Errorf("NewRequirement error (-want +got):\n%s", diff)
			}
		})
	}
}

func mustReq(t *testing.T, key string, op Operator, vals ...string) Requirement {
	t.Helper()
	r, err := NewRequirement(key, op, vals)
	if err != nil {
		t.Fatal(err)
	}
	return *r
}

func TestRequirementString(t *testing.T) {
	tests := []struct {
		name string
		reqs []Requirement
		want string
	}{
		{"set based", []Requirement{mustReq(t, "x", OpIn, "def", "abc"), mustReq(t, "y", OpNotIn, "jkl"), mustReq(t, "z", OpExists)}, "x in (abc,def),y notin (jkl),z"},
		{"negations", []Requirement{mustReq(t, "x", OpNotIn, "abc", "def"), mustReq(t, "y", OpNotEquals, "jkl"), mustReq(t, "z", OpDoesNotExist)}, "x notin (abc,def),y!=jkl,!z"},
		{"equality", []Requirement{mustReq(t, "x", OpEquals, "abc"), mustReq(t, "y", OpDoubleEquals, "jkl"), mustReq(t, "z", OpNotEquals, "a"), mustReq(t, "z", OpExists)}, "x=abc,y==jkl,z!=a,z"},
		{"comparisons", []Requirement{mustReq(t, "x", OpGreaterThan, "2"), mustReq(t, "y", OpLessThan, "8")}, "x>2,y<8"},
		{"added out of order", []Requirement{mustReq(t, "b", OpExists), mustReq(t, "a", OpExists)}, "a,b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := NewSelector().Add(tt.reqs...).String()
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("String() (-want +got):\n%s", diff)
			}
		})
	}
	// String must not reorder the requirement's own values.
	r := mustReq(t, "x", OpIn, "b", "a")
	_ = r.String()
	if diff := cmp.Diff([]string{"b", "a"}, r.ValuesUnsorted()); diff != "" {
		t.Errorf("String mutated values (-want +got):\n%s", diff)
	}
}

func TestSelectorBasics(t *testing.T) {
	if !Everything().Matches(Set{"x": "y"}) || !Everything().Empty() {
		t.Error("Everything must match and be empty")
	}
	if Nothing().Matches(Set{}) || Nothing().Empty() || !MatchesNothing(Nothing()) {
		t.Error("Nothing must match nothing and not be empty")
	}
	if got := Nothing().Add(mustReq(t, "a", OpExists)); !MatchesNothing(got) {
		t.Error("Nothing().Add must stay Nothing")
	}
	if _, ok := Nothing().Requirements(); ok {
		t.Error("Nothing must not be selectable")
	}
	if !Set(nil).AsSelector().Empty() || !NewSelector().Empty() {
		t.Error("selector of a nil set must be empty")
	}

	s, err := Parse("a=1,b in (2),c in (3,4),d!=5")
	if err != nil {
		t.Fatal(err)
	}
	exact := map[string]string{}
	for _, k := range []string{"a", "b", "c", "d", "e"} {
		if v, ok := s.RequiresExactMatch(k); ok {
			exact[k] = v
		}
	}
	if diff := cmp.Diff(map[string]string{"a": "1", "b": "2"}, exact); diff != "" {
		t.Errorf("RequiresExactMatch (-want +got):\n%s", diff)
	}
	c := s.DeepCopySelector()
	if diff := cmp.Diff(s.String(), c.String()); diff != "" {
		t.Errorf("DeepCopySelector (-want +got):\n%s", diff)
	}
	reqs, ok := s.Requirements()
	if !ok || len(reqs) != 4 || reqs[2].Key() != "c" || reqs[2].Operator() != OpIn {
		t.Errorf("Requirements() = %v, %v", reqs, ok)
	}
	if diff := cmp.Diff("a=1, b in (2), c in (3,4), d!=5", reqs.String()); diff != "" {
		t.Errorf("Requirements().String() (-want +got):\n%s", diff)
	}
}

func TestInvalidRequirementMatchesNothing(t *testing.T) {
	r, err := NewRequirement("n", OpGreaterThan, []string{"x"})
	if err == nil {
		t.Fatal("want an error")
	}
	if r.Matches(Set{"n": "5"}) {
		t.Error("an invalid gt requirement matched")
	}
}

func TestSelectorFromSet(t *testing.T) {
	s := SelectorFromSet(Set{"b": "2", "a": "1"})
	if diff := cmp.Diff("a=1,b=2", s.String()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if !s.Matches(Set{"a": "1", "b": "2", "c": "3"}) || s.Matches(Set{"a": "1"}) {
		t.Error("SelectorFromSet matches wrongly")
	}
	if _, err := ValidatedSelectorFromSet(Set{"a": "b c"}); err == nil {
		t.Error("ValidatedSelectorFromSet accepted an invalid value")
	}
	v, err := Set{"k": "v"}.AsValidatedSelector()
	if err != nil || v.String() != "k=v" {
		t.Errorf("AsValidatedSelector = %v, %v", v, err)
	}
}

func TestFromLabelSelector(t *testing.T) {
	tests := []struct {
		name    string
		in      *meta.LabelSelector
		want    string
		nothing bool
		wantErr string
	}{
		{name: "nil matches nothing", in: nil, nothing: true},
		{name: "empty matches everything", in: &meta.LabelSelector{}, want: ""},
		{name: "labels and expressions", in: &meta.LabelSelector{
			MatchLabels: map[string]string{"app": "nginx"},
			MatchExpressions: []meta.LabelSelectorRequirement{
				{Key: "tier", Operator: meta.LabelSelectorOpIn, Values: []string{"b", "a"}},
				{Key: "env", Operator: meta.LabelSelectorOpNotIn, Values: []string{"prod"}},
				{Key: "canary", Operator: meta.LabelSelectorOpDoesNotExist},
				{Key: "zone", Operator: meta.LabelSelectorOpExists},
			},
		}, want: "app=nginx,!canary,env notin (prod),tier in (a,b),zone"},
		{name: "bad operator", in: &meta.LabelSelector{MatchExpressions: []meta.LabelSelectorRequirement{{Key: "a", Operator: "Like"}}},
			wantErr: `"Like" is not a valid pod selector operator`},
		{name: "in without values", in: &meta.LabelSelector{MatchExpressions: []meta.LabelSelectorRequirement{{Key: "a", Operator: meta.LabelSelectorOpIn}}},
			wantErr: `values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty`},
		{name: "invalid label value", in: &meta.LabelSelector{MatchLabels: map[string]string{"a": "b c"}},
			wantErr: `values[0][a]: Invalid value: "b c": ` + valueMsg},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := FromLabelSelector(tt.in)
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("want error %q, got %v", tt.wantErr, s)
				}
				if diff := cmp.Diff(tt.wantErr, err.Error()); diff != "" {
					t.Errorf("error (-want +got):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := MatchesNothing(s); got != tt.nothing {
				t.Errorf("MatchesNothing = %v, want %v", got, tt.nothing)
			}
			if diff := cmp.Diff(tt.want, s.String()); diff != "" {
				t.Errorf("String() (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFormatLabelSelector(t *testing.T) {
	tests := []struct {
		name string
		in   *meta.LabelSelector
		want string
	}{
		{"nil", nil, "<none>"},
		{"empty", &meta.LabelSelector{}, "<none>"},
		{"kubectl form", &meta.LabelSelector{
			MatchLabels:      map[string]string{"app": "nginx"},
			MatchExpressions: []meta.LabelSelectorRequirement{{Key: "tier", Operator: meta.LabelSelectorOpIn, Values: []string{"b", "a"}}},
		}, "app=nginx,tier in (a,b)"},
		{"invalid", &meta.LabelSelector{MatchExpressions: []meta.LabelSelectorRequirement{{Key: "a", Operator: "x"}}}, "<error>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, FormatLabelSelector(tt.in)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
