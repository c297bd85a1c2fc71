package serviceaccount

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/gantryhq/gantry/sdk/admission"
	"github.com/gantryhq/gantry/sdk/admission/plugins/internal/pluginutil"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

// Name is the plugin's configured name.
const Name = "ServiceAccount"

// Config configures the plugin; the zero value means the defaults. It is
// decoded strictly from the plugin's JSON configuration.
type Config struct {
	// RequireDefaultServiceAccount refuses pods that run as the "default"
	// service account of a namespace where it does not exist, as Kubernetes
	// does. Default false: with no controller creating "default" accounts,
	// such pods are admitted (without the account's imagePullSecrets).
	RequireDefaultServiceAccount bool `json:"requireDefaultServiceAccount,omitempty"`
}

var serviceAccountsGVR = meta.GroupVersionResource{Version: "v1", Resource: "serviceaccounts"}

// Plugin is the ServiceAccount plugin. It is safe for concurrent use.
type Plugin struct {
	pluginutil.Ops
	reader admission.Reader
	cfg    Config
}

// Compile-time guards.
var (
	_ admission.Mutator   = (*Plugin)(nil)
	_ admission.Validator = (*Plugin)(nil)
	_ admission.Handler   = (*Plugin)(nil)
)

// New builds the plugin from its JSON configuration (see Config); it needs
// host.Reader.
func New(host admission.Host, config []byte) (admission.Plugin, error) {
	var cfg Config
	if err := pluginutil.DecodeConfig(Name, config, &cfg); err != nil {
		return nil, err
	}
	return NewWithConfig(host, cfg)
}

// NewWithConfig builds the plugin from a typed configuration.
func NewWithConfig(host admission.Host, cfg Config) (*Plugin, error) {
	if host.Reader == nil {
		return nil, errors.New(Name + ": host has no Reader")
	}
	return &Plugin{Ops: pluginutil.Ops{admission.Create, admission.Update}, reader: host.Reader, cfg: cfg}, nil
}

// Name returns "ServiceAccount".
func (p *Plugin) Name() string { return Name }

// podOf returns the pod of a request the plugin handles, or nil.
func podOf(a *admission.Attributes) *corev1.Pod {
	if !pluginutil.IsCore(a.Resource, "pods") || (a.Subresource != "" && a.Subresource != "ephemeralcontainers") {
		return nil
	}
	pod, _ := a.Object.(*corev1.Pod)
	return pod
}

func isMirror(pod *corev1.Pod) bool {
	_, ok := pod.Annotations[corev1.MirrorPodAnnotationKey]
	return ok
}

// Admit defaults the service account of a new pod and copies the account's
// imagePullSecrets to a pod that has none; it then validates the pod.
func (p *Plugin) Admit(ctx context.Context, a *admission.Attributes) error {
	pod := podOf(a)
	if pod == nil || a.Operation != admission.Create || a.Subresource != "" {
		return nil
	}
	if isMirror(pod) {
		return p.Validate(ctx, a)
	}
	if pod.Spec.ServiceAccountName == "" {
		pod.Spec.ServiceAccountName = corev1.DefaultServiceAccountName
	}
	sa, err := p.serviceAccount(ctx, a, pod.Spec.ServiceAccountName)
	if err != nil {
		return err
	}
	if sa != nil && len(pod.Spec.ImagePullSecrets) == 0 && len(sa.ImagePullSecrets) > 0 {
		pod.Spec.ImagePullSecrets = make([]corev1.LocalObjectReference, len(sa.ImagePullSecrets))
		for i, s := range sa.ImagePullSecrets {
			pod.Spec.ImagePullSecrets[i].Name = s.Name
		}
	}
	return p.Validate(ctx, a)
}

// Validate checks that a new pod's service account exists and that the pod
// only uses the secrets the account allows; for mirror pods it checks that
// they reference no service account or secret.
func (p *Plugin) Validate(ctx context.Context, a *admission.Attributes) error {
	pod := podOf(a)
	if pod == nil {
		return nil
	}
	if a.Operation == admission.Update && a.Subresource == "ephemeralcontainers" {
		return p.validateEphemeral(ctx, a, pod)
	}
	if a.Operation != admission.Create || a.Subresource != "" {
		return nil
	}
	if isMirror(pod) {
		return validateMirror(a, pod)
	}
	if pod.Spec.ServiceAccountName == "" {
		return pluginutil.Forbidden(a, fmt.Errorf("no service account specified for pod %s/%s", a.Namespace, pod.Name))
	}
	sa, err := p.serviceAccount(ctx, a, pod.Spec.ServiceAccountName)
	if err != nil || sa == nil {
		return err
	}
	if enforceMountableSecrets(sa) {
		if err := limitSecretReferences(sa, pod); err != nil {
			return pluginutil.Forbidden(a, err)
		}
	}
	return nil
}

// serviceAccount returns the named account of the request's namespace. A
// missing "default" account is nil, nil unless the configuration requires
// it; any other miss or error is the request's Forbidden error.
func (p *Plugin) serviceAccount(ctx context.Context, a *admission.Attributes, name string) (*corev1.ServiceAccount, error) {
	obj, err := p.reader.Get(ctx, serviceAccountsGVR, a.Namespace, name)
	if apierrors.IsNotFound(err) {
		if name == corev1.DefaultServiceAccountName && !p.cfg.RequireDefaultServiceAccount {
			return nil, nil
		}
		err = apierrors.NewNotFound(apierrors.Resource{Resource: "serviceaccount"}, name)
	}
	if err == nil {
		sa, ok := obj.(*corev1.ServiceAccount)
		if ok {
			return sa, nil
		}
		err = fmt.Errorf("expected *v1.ServiceAccount, got %T", obj)
	}
	return nil, pluginutil.Forbidden(a, fmt.Errorf("error looking up service account %s/%s: %v", a.Namespace, name, err))
}

func validateMirror(a *admission.Attributes, pod *corev1.Pod) error {
	if pod.Spec.ServiceAccountName != "" {
		return pluginutil.Forbidden(a, errors.New("a mirror pod may not reference service accounts"))
	}
	if hasSecretReference(pod) {
		return pluginutil.Forbidden(a, errors.New("a mirror pod may not reference secrets"))
	}
	for _, v := range pod.Spec.Volumes {
		if v.Projected == nil {
			continue
		}
		for _, s := range v.Projected.Sources {
			if s.ServiceAccountToken != nil {
				return pluginutil.Forbidden(a, errors.New("a mirror pod may not use ServiceAccountToken volume projections"))
			}
		}
	}
	return nil
}

// hasSecretReference reports whether pod references any secret, where
// Kubernetes' VisitPodSecretNames looks for them.
func hasSecretReference(pod *corev1.Pod) bool {
	if len(pod.Spec.ImagePullSecrets) > 0 {
		return true
	}
	envRefs := func(envFrom []corev1.EnvFromSource, env []corev1.EnvVar) bool {
		for _, e := range envFrom {
			if e.SecretRef != nil {
				return true
			}
		}
		for _, e := range env {
			if e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil {
				return true
			}
		}
		return false
	}
	for _, cs := range [][]corev1.Container{pod.Spec.InitContainers, pod.Spec.Containers} {
		for _, c := range cs {
			if envRefs(c.EnvFrom, c.Env) {
				return true
			}
		}
	}
	for _, c := range pod.Spec.EphemeralContainers {
		if envRefs(c.EnvFrom, c.Env) {
			return true
		}
	}
	for _, v := range pod.Spec.Volumes {
		switch {
		case v.Secret != nil:
			return true
		case v.CSI != nil && v.CSI.NodePublishSecretRef != nil:
			return true
		case v.Projected != nil:
			for _, s := range v.Projected.Sources {
				if s.Secret != nil {
					return true
				}
			}
		}
	}
	return false
}

// enforceMountableSecrets reports whether sa limits its pods to its secrets.
func enforceMountableSecrets(sa *corev1.ServiceAccount) bool {
	v, ok := sa.Annotations[corev1.EnforceMountableSecretsAnnotation]
	if !ok {
		return false
	}
	b, _ := strconv.ParseBool(v)
	return b
}

func mountable(sa *corev1.ServiceAccount) map[string]bool {
	m := map[string]bool{}
	for _, s := range sa.Secrets {
		m[s.Name] = true
	}
	return m
}

func limitSecretReferences(sa *corev1.ServiceAccount, pod *corev1.Pod) error {
	allowed := mountable(sa)
	for _, v := range pod.Spec.Volumes {
		if v.Secret == nil {
			continue
		}
		if !allowed[v.Secret.SecretName] {
			return fmt.Errorf("volume with secret.secretName=%q is not allowed because service account %s does not reference that secret", v.Secret.SecretName, sa.Name)
		}
	}
	check := func(what string, cs []corev1.Container) error {
		for _, c := range cs {
			for _, e := range c.Env {
				if e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil && !allowed[e.ValueFrom.SecretKeyRef.Name] {
					return fmt.Errorf("%s %s with envVar %s referencing secret.secretName=%q is not allowed because service account %s does not reference that secret",
						what, c.Name, e.Name, e.ValueFrom.SecretKeyRef.Name, sa.Name)
				}
			}
		}
		return nil
	}
	if err := check("init container", pod.Spec.InitContainers); err != nil {
		return err
	}
	if err := check("container", pod.Spec.Containers); err != nil {
		return err
	}
	pull := map[string]bool{}
	for _, s := range sa.ImagePullSecrets {
		pull[s.Name] = true
	}
	for i, ref := range pod.Spec.ImagePullSecrets {
		if !pull[ref.Name] {
			return fmt.Errorf(`imagePullSecrets[%d].name="%s" is not allowed because service account %s does not reference that imagePullSecret`, i, ref.Name, sa.Name)
		}
	}
	return nil
}

func (p *Plugin) validateEphemeral(ctx context.Context, a *admission.Attributes, pod *corev1.Pod) error {
	if pod.Spec.ServiceAccountName == "" {
		return pluginutil.Forbidden(a, fmt.Errorf("no service account specified for pod %s/%s", a.Namespace, pod.Name))
	}
	sa, err := p.serviceAccount(ctx, a, pod.Spec.ServiceAccountName)
	if err != nil || sa == nil || !enforceMountableSecrets(sa) {
		return err
	}
	allowed := mountable(sa)
	for _, c := range pod.Spec.EphemeralContainers {
		for _, e := range c.Env {
			if e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil && !allowed[e.ValueFrom.SecretKeyRef.Name] {
				return pluginutil.Forbidden(a, fmt.Errorf("ephemeral container %s with envVar %s referencing secret.secretName=%q is not allowed because service account %s does not reference that secret",
					c.Name, e.Name, e.ValueFrom.SecretKeyRef.Name, sa.Name))
			}
		}
	}
	return nil
}
