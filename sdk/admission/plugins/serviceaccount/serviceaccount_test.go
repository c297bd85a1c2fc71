package serviceaccount_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/sdk/admission"
	"github.com/gantryhq/gantry/sdk/admission/plugins/admissiontest"
	"github.com/gantryhq/gantry/sdk/admission/plugins/serviceaccount"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

func sa(name string, pullSecrets ...string) *corev1.ServiceAccount {
	s := &corev1.ServiceAccount{ObjectMeta: meta.ObjectMeta{Namespace: "team-a", Name: name}}
	for _, p := range pullSecrets {
		s.ImagePullSecrets = append(s.ImagePullSecrets, corev1.LocalObjectReference{Name: p})
	}
	return s
}

func enforcing(name string, secrets ...string) *corev1.ServiceAccount {
	s := sa(name, "registry")
	s.Annotations = map[string]string{corev1.EnforceMountableSecretsAnnotation: "true"}
	for _, n := range secrets {
		s.Secrets = append(s.Secrets, corev1.ObjectReference{Name: n})
	}
	return s
}

type podOpt func(*corev1.Pod)

func withSA(name string) podOpt { return func(p *corev1.Pod) { p.Spec.ServiceAccountName = name } }
func withPullSecret(name string) podOpt {
	return func(p *corev1.Pod) {
		p.Spec.ImagePullSecrets = append(p.Spec.ImagePullSecrets, corev1.LocalObjectReference{Name: name})
	}
}
func withSecretVolume(name string) podOpt {
	return func(p *corev1.Pod) {
		p.Spec.Volumes = append(p.Spec.Volumes, corev1.Volume{Name: "v-" + name,
			VolumeSource: corev1.VolumeSource{Secret: &corev1.SecretVolumeSource{SecretName: name}}})
	}
}
func withSecretEnv(name string) podOpt {
	return func(p *corev1.Pod) {
		p.Spec.Containers[0].Env = append(p.Spec.Containers[0].Env, corev1.EnvVar{Name: "PASSWORD",
			ValueFrom: &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{
				LocalObjectReference: corev1.LocalObjectReference{Name: name}, Key: "password"}}})
	}
}
func mirror(p *corev1.Pod) {
	p.Annotations = map[string]string{corev1.MirrorPodAnnotationKey: "abc"}
}

func pod(opts ...podOpt) *corev1.Pod {
	p := &corev1.Pod{
		ObjectMeta: meta.ObjectMeta{Namespace: "team-a", Name: "web"},
		Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: "busybox"}}},
	}
	for _, o := range opts {
		o(p)
	}
	return p
}

func run(t *testing.T, h *admissiontest.FakeHost, config string, a *admission.Attributes) error {
	t.Helper()
	p, err := serviceaccount.New(h.Host(), []byte(config))
	if err != nil {
		t.Fatal(err)
	}
	if !p.(admission.Handler).Handles(a.Operation) {
		return nil
	}
	if err := p.(admission.Mutator).Admit(context.Background(), a); err != nil {
		return err
	}
	return p.(admission.Validator).Validate(context.Background(), a)
}

func TestCreate(t *testing.T) {
	forbidden := func(msg string) admissiontest.Outcome {
		return admissiontest.Forbidden(`pods "web" is forbidden: ` + msg)
	}
	tests := []struct {
		name     string
		accounts []meta.Object
		config   string
		pod      *corev1.Pod
		wantPod  *corev1.Pod
		want     admissiontest.Outcome
	}{
		{
			name:     "default account set and its pull secrets copied",
			accounts: []meta.Object{sa("default", "registry")},
			pod:      pod(),
			wantPod:  pod(withSA("default"), withPullSecret("registry")),
		},
		{
			name:    "missing default account allowed by default",
			pod:     pod(),
			wantPod: pod(withSA("default")),
		},
		{
			name:    "missing default account refused when required",
			config:  `{"requireDefaultServiceAccount": true}`,
			pod:     pod(),
			wantPod: pod(withSA("default")),
			want:    forbidden(`error looking up service account team-a/default: serviceaccount "default" not found`),
		},
		{
			name:    "missing named account refused",
			pod:     pod(withSA("foo")),
			wantPod: pod(withSA("foo")),
			want:    forbidden(`error looking up service account team-a/foo: serviceaccount "foo" not found`),
		},
		{
			name:     "named account",
			accounts: []meta.Object{sa("builder", "registry")},
			pod:      pod(withSA("builder")),
			wantPod:  pod(withSA("builder"), withPullSecret("registry")),
		},
		{
			name:     "pod pull secrets win",
			accounts: []meta.Object{sa("default", "registry")},
			pod:      pod(withPullSecret("mine")),
			wantPod:  pod(withSA("default"), withPullSecret("mine")),
		},
		{
			name:    "mirror pod left alone",
			pod:     pod(mirror),
			wantPod: pod(mirror),
		},
		{
			name:     "mirror pod may not name an account",
			accounts: []meta.Object{sa("builder")},
			pod:      pod(mirror, withSA("builder")),
			wantPod:  pod(mirror, withSA("builder")),
			want:     forbidden("a mirror pod may not reference service accounts"),
		},
		{
			name:    "mirror pod may not use secrets",
			pod:     pod(mirror, withSecretEnv("db")),
			wantPod: pod(mirror, withSecretEnv("db")),
			want:    forbidden("a mirror pod may not reference secrets"),
		},
		{
			name: "mirror pod may not project tokens",
			pod: pod(mirror, func(p *corev1.Pod) {
				p.Spec.Volumes = []corev1.Volume{{Name: "token", VolumeSource: corev1.VolumeSource{Projected: &corev1.ProjectedVolumeSource{
					Sources: []corev1.VolumeProjection{{ServiceAccountToken: &corev1.ServiceAccountTokenProjection{Path: "token"}}}}}}}
			}),
			want: forbidden("a mirror pod may not use ServiceAccountToken volume projections"),
		},
		{
			name:     "enforced account allows its secrets",
			accounts: []meta.Object{enforcing("default", "db", "tls")},
			pod:      pod(withSecretVolume("tls"), withSecretEnv("db")),
			wantPod:  pod(withSecretVolume("tls"), withSecretEnv("db"), withSA("default"), withPullSecret("registry")),
		},
		{
			name:     "enforced account refuses another secret volume",
			accounts: []meta.Object{enforcing("default", "db")},
			pod:      pod(withSecretVolume("tls")),
			want:     forbidden(`volume with secret.secretName="tls" is not allowed because service account default does not reference that secret`),
		},
		{
			name:     "enforced account refuses another secret variable",
			accounts: []meta.Object{enforcing("default")},
			pod:      pod(withSecretEnv("db")),
			want:     forbidden(`container web with envVar PASSWORD referencing secret.secretName="db" is not allowed because service account default does not reference that secret`),
		},
		{
			name:     "enforced account refuses another pull secret",
			accounts: []meta.Object{enforcing("default")},
			pod:      pod(withPullSecret("other")),
			want:     forbidden(`imagePullSecrets[0].name="other" is not allowed because service account default does not reference that imagePullSecret`),
		},
		{
			name: "annotation false does not enforce",
			accounts: []meta.Object{func() meta.Object {
				s := enforcing("default")
				s.Annotations[corev1.EnforceMountableSecretsAnnotation] = "false"
				return s
			}()},
			pod:     pod(withSecretVolume("tls")),
			wantPod: pod(withSecretVolume("tls"), withSA("default"), withPullSecret("registry")),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := admissiontest.NewFakeHost()
			h.Add(admissiontest.ServiceAccounts, tt.accounts...)
			p := tt.pod.DeepCopyObject().(*corev1.Pod)
			got := admissiontest.OutcomeOf(run(t, h, tt.config, admissiontest.Create(admissiontest.Pods, "Pod", p)))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("outcome (-want +got):\n%s", diff)
			}
			if tt.wantPod == nil {
				return
			}
			if diff := cmp.Diff(tt.wantPod, p); diff != "" {
				t.Errorf("pod (-want +got):\n%s", diff)
			}
		})
	}
}

func TestOtherRequests(t *testing.T) {
	h := admissiontest.NewFakeHost()
	h.Add(admissiontest.ServiceAccounts, enforcing("locked", "db"))
	ephemeral := func(secret string) *admission.Attributes {
		p := pod(withSA("locked"))
		p.Spec.EphemeralContainers = []corev1.EphemeralContainer{{EphemeralContainerCommon: corev1.EphemeralContainerCommon{
			Name: "debug", Env: []corev1.EnvVar{{Name: "TOKEN", ValueFrom: &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{
				LocalObjectReference: corev1.LocalObjectReference{Name: secret}, Key: "t"}}}}}}}
		a := admissiontest.Update(admissiontest.Pods, "Pod", p, pod(withSA("locked")))
		a.Subresource = "ephemeralcontainers"
		return a
	}
	status := admissiontest.Create(admissiontest.Pods, "Pod", pod(withSA("missing")))
	status.Subresource = "status"
	tests := []struct {
		name string
		a    *admission.Attributes
		want admissiontest.Outcome
	}{
		{"update is not checked", admissiontest.Update(admissiontest.Pods, "Pod", pod(withSA("missing")), pod(withSA("missing"))), admissiontest.Outcome{}},
		{"status subresource is not checked", status, admissiontest.Outcome{}},
		{"not a pod", admissiontest.Create(admissiontest.ConfigMaps, "ConfigMap", &corev1.ConfigMap{ObjectMeta: meta.ObjectMeta{Namespace: "team-a", Name: "c"}}), admissiontest.Outcome{}},
		{"ephemeral container with an allowed secret", ephemeral("db"), admissiontest.Outcome{}},
		{"ephemeral container with another secret", ephemeral("root"), admissiontest.Forbidden(
			`pods "web" is forbidden: ephemeral container debug with envVar TOKEN referencing secret.secretName="root" is not allowed because service account locked does not reference that secret`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := admissiontest.OutcomeOf(run(t, h, "", tt.a))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("outcome (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReaderError(t *testing.T) {
	h := admissiontest.NewFakeHost()
	h.FailGet(errors.New("cache not ready"))
	got := admissiontest.OutcomeOf(run(t, h, "", admissiontest.Create(admissiontest.Pods, "Pod", pod())))
	want := admissiontest.Forbidden(`pods "web" is forbidden: error looking up service account team-a/default: cache not ready`)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("outcome (-want +got):\n%s", diff)
	}
}

func TestNew(t *testing.T) {
	tests := []struct {
		name, config, wantErr string
	}{
		{"no config", "", ""},
		{"null", "null", ""},
		{"require", `{"requireDefaultServiceAccount": true}`, ""},
		{"unknown field", `{"requireDefault": true}`, `ServiceAccount: invalid configuration: json: unknown field "requireDefault"`},
		{"wrong type", `{"requireDefaultServiceAccount": "yes"}`, "ServiceAccount: invalid configuration: json: cannot unmarshal string into Go struct field Config.requireDefaultServiceAccount of type bool"},
		{"trailing data", `{} {}`, "ServiceAccount: invalid configuration: unexpected data after the JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := serviceaccount.New(admissiontest.NewFakeHost().Host(), []byte(tt.config))
			got := ""
			if err != nil {
				got = err.Error()
			}
			if diff := cmp.Diff(tt.wantErr, got); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
	if _, err := serviceaccount.New(admission.Host{}, nil); err == nil {
		t.Error("New without a Reader succeeded")
	}
}
