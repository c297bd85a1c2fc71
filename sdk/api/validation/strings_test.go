package validation

import (
	"testing"

	"github.com/gantryhq/gantry/sdk/api/field"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

func TestStringChecks(t *testing.T) {
	tests := []struct {
		name  string
		check func(string) []string
		ok    []string
		bad   []string
	}{
		{"dns1123 label", IsDNS1123Label, []string{"a", "my-name", "123-abc"}, []string{"", "A", "-a", "a-", "a.b", string(make([]byte, 64))}},
		{"dns1123 subdomain", IsDNS1123Subdomain, []string{"example.com", "a-b.c"}, []string{"", "Example.com", "a..b", "-a"}},
		{"dns1035 label", IsDNS1035Label, []string{"a", "web-1"}, []string{"1a", "a_b"}},
		{"qualified name", IsQualifiedName, []string{"app", "example.com/app", "A_b.c"}, []string{"", "/a", "a/", "a/b/c", "-a"}},
		{"label value", IsValidLabelValue, []string{"", "v1", "a.b_c-d"}, []string{"-a", "a b"}},
		{"port name", IsValidPortName, []string{"http", "web-80"}, []string{"80", "-a", "a--b", "toolongportname1"}},
		{"env name", IsEnvVarName, []string{"A", "my.env-name", "_x"}, []string{"1A", "a=b", ".."}},
		{"configmap key", IsConfigMapKey, []string{"key.name", "KEY_NAME"}, []string{"a/b", "..x", "."}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, s := range tc.ok {
				if msgs := tc.check(s); len(msgs) != 0 {
					t.Errorf("%q: unexpected %v", s, msgs)
				}
			}
			for _, s := range tc.bad {
				if msgs := tc.check(s); len(msgs) == 0 {
					t.Errorf("%q: accepted", s)
				}
			}
		})
	}
}

func TestValidateObjectMeta(t *testing.T) {
	yes := true
	m := &meta.ObjectMeta{
		Name: "Bad_Name", Labels: map[string]string{"ok": "-bad"},
		OwnerReferences: []meta.OwnerReference{{APIVersion: "v1", Kind: "X", Name: "a", UID: "1", Controller: &yes}, {APIVersion: "v1", Kind: "X", Name: "b", UID: "2", Controller: &yes}},
		Finalizers:      []string{"a/b", "a/b"},
	}
	errs := ValidateObjectMeta(m, true, NameIsDNSSubdomain, field.NewPath("metadata"))
	fields := map[string]bool{}
	for _, e := range errs {
		fields[e.Field] = true
	}
	for _, want := range []string{"metadata.name", "metadata.namespace", "metadata.labels[ok]", "metadata.ownerReferences", "metadata.finalizers[1]"} {
		if !fields[want] {
			t.Errorf("no error on %s; got %v", want, errs)
		}
	}
	old := &meta.ObjectMeta{Name: "a", Namespace: "ns", UID: "u"}
	upd := &meta.ObjectMeta{Name: "b", Namespace: "ns", UID: "v"}
	if errs := ValidateObjectMetaUpdate(upd, old, field.NewPath("metadata")); len(errs) != 2 {
		t.Errorf("immutable name/uid: %v", errs)
	}
}
