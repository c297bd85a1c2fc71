package runtime_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/runtime"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
)

func TestErrorClasses(t *testing.T) {
	tests := []struct {
		name     string
		sentinel error
		class    error
	}{
		{"not found", runtime.ErrNotFound, apierrors.ErrNotFound},
		{"already exists", runtime.ErrAlreadyExists, apierrors.ErrAlreadyExists},
		{"invalid", runtime.ErrInvalid, apierrors.ErrInvalid},
		{"failed precondition", runtime.ErrFailedPrecondition, apierrors.ErrConflict},
		{"timeout", runtime.ErrTimeout, apierrors.ErrTimeout},
		{"not supported", runtime.ErrNotSupported, apierrors.ErrNotSupported},
		{"unavailable", runtime.ErrUnavailable, apierrors.ErrServiceUnavailable},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := runtime.Errorf(tc.sentinel, "container %q", "abc")
			if !errors.Is(err, tc.sentinel) || !errors.Is(err, tc.class) {
				t.Errorf("%v is not %v and %v", err, tc.sentinel, tc.class)
			}
			if err.Error() != `runtime: container "abc"` {
				t.Errorf("message %q", err.Error())
			}
		})
	}
}

func TestCloneIsDeep(t *testing.T) {
	uid := int64(1000)
	c := &runtime.ContainerConfig{
		Name: "app", Command: []string{"a"}, Env: []runtime.KeyValue{{Key: "K", Value: "V"}},
		Labels: map[string]string{"l": "1"},
		Linux: &runtime.LinuxContainerConfig{
			Resources:       &runtime.LinuxResources{MemoryLimitInBytes: 1},
			SecurityContext: &runtime.SecurityContext{RunAsUser: &uid, AddCapabilities: []string{"NET_ADMIN"}},
		},
	}
	n := c.Clone()
	if diff := cmp.Diff(c, n); diff != "" {
		t.Fatalf("clone differs (-want +got):\n%s", diff)
	}
	n.Command[0] = "b"
	n.Labels["l"] = "2"
	n.Linux.Resources.MemoryLimitInBytes = 2
	n.Linux.SecurityContext.AddCapabilities[0] = "SYS_ADMIN"
	if c.Command[0] != "a" || c.Labels["l"] != "1" || c.Linux.Resources.MemoryLimitInBytes != 1 || c.Linux.SecurityContext.AddCapabilities[0] != "NET_ADMIN" {
		t.Error("changing the clone changed the original")
	}
	s := &runtime.SandboxConfig{Name: "p", DNS: &runtime.DNSConfig{Servers: []string{"1.1.1.1"}}, Linux: &runtime.LinuxSandboxConfig{Sysctls: map[string]string{"a": "b"}}}
	ns := s.Clone()
	ns.DNS.Servers[0] = "x"
	ns.Linux.Sysctls["a"] = "c"
	if s.DNS.Servers[0] != "1.1.1.1" || s.Linux.Sysctls["a"] != "b" {
		t.Error("changing the sandbox clone changed the original")
	}
	if (*runtime.ContainerConfig)(nil).Clone() != nil || (*runtime.SandboxConfig)(nil).Clone() != nil {
		t.Error("Clone of nil is not nil")
	}
}

func TestMatchLabels(t *testing.T) {
	labels := map[string]string{"app": "web", "tier": "front"}
	tests := []struct {
		name     string
		selector map[string]string
		want     bool
	}{
		{"nil selector", nil, true},
		{"one label", map[string]string{"app": "web"}, true},
		{"both", map[string]string{"app": "web", "tier": "front"}, true},
		{"wrong value", map[string]string{"app": "db"}, false},
		{"missing key", map[string]string{"zone": "a"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := runtime.MatchLabels(tc.selector, labels); got != tc.want {
				t.Errorf("MatchLabels = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestRuntimeStatusCondition(t *testing.T) {
	st := &runtime.RuntimeStatus{Conditions: []runtime.RuntimeCondition{{Type: runtime.RuntimeReady, Status: true}}}
	if c := st.Condition(runtime.RuntimeReady); c == nil || !c.Status {
		t.Errorf("RuntimeReady = %+v", c)
	}
	if c := st.Condition(runtime.NetworkReady); c != nil {
		t.Errorf("NetworkReady = %+v, want nil", c)
	}
}
