package meta

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestTimeJSON(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
		err  bool
	}{
		{"utc", `"2026-11-25T13:20:52Z"`, `"2026-11-25T13:20:52Z"`, false},
		{"offset normalised to UTC", `"2026-11-25T14:20:52+01:00"`, `"2026-11-25T13:20:52Z"`, false},
		{"null", `null`, `null`, false},
		{"not a string", `12`, ``, true},
		{"garbage", `"yesterday"`, ``, true},
		{"year past 9999 in UTC", `"9999-12-31T23:00:00-05:00"`, ``, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var tm Time
			err := json.Unmarshal([]byte(tc.in), &tm)
			if (err != nil) != tc.err {
				t.Fatalf("err = %v, want error %v", err, tc.err)
			}
			if tc.err {
				return
			}
			b, err := json.Marshal(tm)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, string(b)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestMicroTimeAndDuration(t *testing.T) {
	mt := NewMicroTime(time.Date(2026, 1, 2, 3, 4, 5, 123456789, time.UTC))
	b, _ := json.Marshal(mt)
	if string(b) != `"2026-01-02T03:04:05.123456Z"` {
		t.Errorf("MicroTime: %s", b)
	}
	var d Duration
	if err := json.Unmarshal([]byte(`"1m30s"`), &d); err != nil || d.Duration != 90*time.Second {
		t.Errorf("Duration: %v %v", d, err)
	}
	if err := json.Unmarshal([]byte(`"soon"`), &d); err == nil {
		t.Errorf("Duration accepted garbage")
	}
}

func TestGroupVersion(t *testing.T) {
	tests := []struct{ in, group, version string }{
		{"v1", "", "v1"}, {"apps/v1", "apps", "v1"}, {"networking.k8s.io/v1", "networking.k8s.io", "v1"},
	}
	for _, tc := range tests {
		gv := ParseGroupVersion(tc.in)
		if gv.Group != tc.group || gv.Version != tc.version || gv.String() != tc.in {
			t.Errorf("ParseGroupVersion(%q) = %+v", tc.in, gv)
		}
	}
	tm := TypeMeta{}
	tm.SetGroupVersionKind(GroupVersionKind{Group: "apps", Version: "v1", Kind: "Deployment"})
	if tm.APIVersion != "apps/v1" || tm.GroupVersionKind().Kind != "Deployment" {
		t.Errorf("TypeMeta: %+v", tm)
	}
}

func TestOwnerHelpers(t *testing.T) {
	yes := true
	m := &ObjectMeta{OwnerReferences: []OwnerReference{{UID: "a"}, {UID: "b", Controller: &yes}}, Finalizers: []string{"x"}}
	if ref := GetControllerOf(m); ref == nil || ref.UID != "b" {
		t.Errorf("GetControllerOf: %+v", ref)
	}
	if !IsControlledBy(m, "b") || IsControlledBy(m, "a") {
		t.Errorf("IsControlledBy wrong")
	}
	if !m.HasFinalizer("x") || m.HasFinalizer("y") {
		t.Errorf("HasFinalizer wrong")
	}
}
