package v1

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/gantryhq/gantry/sdk/api/intstr"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/resource"
)

// wlQuantityCmp compares quantities by value.
var wlQuantityCmp = cmp.Comparer(func(a, b resource.Quantity) bool { return a.Cmp(b) == 0 })

func TestSetObjectDefaultsPod(t *testing.T) {
	pod := &Pod{
		ObjectMeta: meta.ObjectMeta{Name: "p", Namespace: "default"},
		Spec: PodSpec{
			Volumes: []Volume{
				{Name: "implicit"},
				{Name: "hp", VolumeSource: VolumeSource{HostPath: &HostPathVolumeSource{Path: "/x"}}},
				{Name: "cm", VolumeSource: VolumeSource{ConfigMap: &ConfigMapVolumeSource{LocalObjectReference: LocalObjectReference{Name: "c"}}}},
				{Name: "sec", VolumeSource: VolumeSource{Secret: &SecretVolumeSource{SecretName: "s"}}},
				{Name: "dapi", VolumeSource: VolumeSource{DownwardAPI: &DownwardAPIVolumeSource{Items: []DownwardAPIVolumeFile{
					{Path: "name", FieldRef: &ObjectFieldSelector{FieldPath: "metadata.name"}},
				}}}},
				{Name: "proj", VolumeSource: VolumeSource{Projected: &ProjectedVolumeSource{Sources: []VolumeProjection{
					{ServiceAccountToken: &ServiceAccountTokenProjection{Path: "token"}},
					{DownwardAPI: &DownwardAPIProjection{Items: []DownwardAPIVolumeFile{{Path: "ns", FieldRef: &ObjectFieldSelector{FieldPath: "metadata.namespace"}}}}},
				}}}},
				{Name: "img", VolumeSource: VolumeSource{Image: &ImageVolumeSource{Reference: "example.com/data:latest"}}},
			},
			InitContainers: []Container{{
				Name: "init", Image: "busybox:1.36",
				Resources: ResourceRequirements{Limits: ResourceList{ResourceCPU: resource.MustParse("100m")}},
			}},
			Containers: []Container{{
				Name: "app", Image: "nginx",
				Ports: []ContainerPort{{ContainerPort: 80}},
				Env:   []EnvVar{{Name: "N", ValueFrom: &EnvVarSource{FieldRef: &ObjectFieldSelector{FieldPath: "metadata.name"}}}},
				Resources: ResourceRequirements{
					Limits:   ResourceList{ResourceCPU: resource.MustParse("1"), ResourceMemory: resource.MustParse("1Gi")},
					Requests: ResourceList{ResourceCPU: resource.MustParse("0.0001")},
				},
				LivenessProbe:  &Probe{ProbeHandler: ProbeHandler{HTTPGet: &HTTPGetAction{Port: intstr.FromInt32(80)}}},
				ReadinessProbe: &Probe{ProbeHandler: ProbeHandler{TCPSocket: &TCPSocketAction{Port: intstr.FromInt32(80)}}, PeriodSeconds: 3},
				Lifecycle:      &Lifecycle{PreStop: &LifecycleHandler{HTTPGet: &HTTPGetAction{Port: intstr.FromString("http"), Path: "/stop"}}},
			}},
		},
	}
	SetObjectDefaults_Pod(pod)

	mode := int32(0644)
	hour := int64(3600)
	unset := HostPathUnset
	want := PodSpec{
		Volumes: []Volume{
			{Name: "implicit", VolumeSource: VolumeSource{EmptyDir: &EmptyDirVolumeSource{}}},
			{Name: "hp", VolumeSource: VolumeSource{HostPath: &HostPathVolumeSource{Path: "/x", Type: &unset}}},
			{Name: "cm", VolumeSource: VolumeSource{ConfigMap: &ConfigMapVolumeSource{LocalObjectReference: LocalObjectReference{Name: "c"}, DefaultMode: &mode}}},
			{Name: "sec", VolumeSource: VolumeSource{Secret: &SecretVolumeSource{SecretName: "s", DefaultMode: &mode}}},
			{Name: "dapi", VolumeSource: VolumeSource{DownwardAPI: &DownwardAPIVolumeSource{DefaultMode: &mode, Items: []DownwardAPIVolumeFile{
				{Path: "name", FieldRef: &ObjectFieldSelector{APIVersion: "v1", FieldPath: "metadata.name"}},
			}}}},
			{Name: "proj", VolumeSource: VolumeSource{Projected: &ProjectedVolumeSource{DefaultMode: &mode, Sources: []VolumeProjection{
				{ServiceAccountToken: &ServiceAccountTokenProjection{Path: "token", ExpirationSeconds: &hour}},
				{DownwardAPI: &DownwardAPIProjection{Items: []DownwardAPIVolumeFile{{Path: "ns", FieldRef: &ObjectFieldSelector{APIVersion: "v1", FieldPath: "metadata.namespace"}}}}},
			}}}},
			{Name: "img", VolumeSource: VolumeSource{Image: &ImageVolumeSource{Reference: "example.com/data:latest", PullPolicy: PullAlways}}},
		},
		InitContainers: []Container{{
			Name: "init", Image: "busybox:1.36",
			Resources: ResourceRequirements{
				Limits:   ResourceList{ResourceCPU: resource.MustParse("100m")},
				Requests: ResourceList{ResourceCPU: resource.MustParse("100m")},
			},
			TerminationMessagePath: "/dev/termination-log", TerminationMessagePolicy: TerminationMessageReadFile,
			ImagePullPolicy: PullIfNotPresent,
		}},
		Containers: []Container{{
			Name: "app", Image: "nginx",
			Ports: []ContainerPort{{ContainerPort: 80, Protocol: ProtocolTCP}},
			Env:   []EnvVar{{Name: "N", ValueFrom: &EnvVarSource{FieldRef: &ObjectFieldSelector{APIVersion: "v1", FieldPath: "metadata.name"}}}},
			Resources: ResourceRequirements{
				Limits: ResourceList{ResourceCPU: resource.MustParse("1"), ResourceMemory: resource.MustParse("1Gi")},
				// cpu request kept (rounded up to 1m); memory request defaulted from the limit.
				Requests: ResourceList{ResourceCPU: resource.MustParse("1m"), ResourceMemory: resource.MustParse("1Gi")},
			},
			LivenessProbe: &Probe{
				ProbeHandler:   ProbeHandler{HTTPGet: &HTTPGetAction{Path: "/", Port: intstr.FromInt32(80), Scheme: URISchemeHTTP}},
				TimeoutSeconds: 1, PeriodSeconds: 10, SuccessThreshold: 1, FailureThreshold: 3,
			},
			ReadinessProbe: &Probe{
				ProbeHandler:   ProbeHandler{TCPSocket: &TCPSocketAction{Port: intstr.FromInt32(80)}},
				TimeoutSeconds: 1, PeriodSeconds: 3, SuccessThreshold: 1, FailureThreshold: 3,
			},
			Lifecycle:              &Lifecycle{PreStop: &LifecycleHandler{HTTPGet: &HTTPGetAction{Path: "/stop", Port: intstr.FromString("http"), Scheme: URISchemeHTTP}}},
			TerminationMessagePath: "/dev/termination-log", TerminationMessagePolicy: TerminationMessageReadFile,
			ImagePullPolicy: PullAlways,
		}},
		RestartPolicy:                 RestartPolicyAlways,
		TerminationGracePeriodSeconds: wlPtr(int64(30)),
		DNSPolicy:                     DNSClusterFirst,
		SecurityContext:               &PodSecurityContext{},
		SchedulerName:                 "default-scheduler",
		EnableServiceLinks:            wlPtr(true),
	}
	if d := cmp.Diff(want, pod.Spec, wlQuantityCmp); d != "" {
		t.Errorf("defaulted spec (-want +got):\n%s", d)
	}
	if pod.Spec.PreemptionPolicy != nil || pod.Spec.Priority != nil {
		t.Error("preemptionPolicy and priority are set by admission, not defaulting")
	}
}

func TestSetDefaultsPodTemplateSpecSkipsPodOnlyDefaults(t *testing.T) {
	tpl := &PodTemplateSpec{Spec: PodSpec{
		HostNetwork: true,
		Containers: []Container{{
			Name: "c", Image: "nginx:1.27",
			Ports:     []ContainerPort{{ContainerPort: 8080}},
			Resources: ResourceRequirements{Limits: ResourceList{ResourceCPU: resource.MustParse("1")}},
		}},
	}}
	SetDefaults_PodTemplateSpec(tpl)
	c := tpl.Spec.Containers[0]
	if c.Resources.Requests != nil {
		t.Errorf("template requests = %v, want none (only pods default requests from limits)", c.Resources.Requests)
	}
	if c.Ports[0].HostPort != 0 {
		t.Errorf("template hostPort = %d, want 0 (only pods default it under hostNetwork)", c.Ports[0].HostPort)
	}
	if tpl.Spec.EnableServiceLinks != nil {
		t.Error("template enableServiceLinks defaulted; Kubernetes defaults it on pods only")
	}
	if c.ImagePullPolicy != PullIfNotPresent || tpl.Spec.RestartPolicy != RestartPolicyAlways || *tpl.Spec.TerminationGracePeriodSeconds != 30 {
		t.Errorf("spec defaults missing: %+v", tpl.Spec)
	}

	pod := &Pod{Spec: *tpl.Spec.DeepCopy()}
	SetObjectDefaults_Pod(pod)
	if got := pod.Spec.Containers[0].Ports[0].HostPort; got != 8080 {
		t.Errorf("pod hostPort under hostNetwork = %d, want 8080", got)
	}
}

func TestImagePullPolicyDefault(t *testing.T) {
	for image, want := range map[string]PullPolicy{
		"nginx":                          PullAlways,
		"nginx:latest":                   PullAlways,
		"nginx:1.27":                     PullIfNotPresent,
		"registry.example.com:5000/a/b":  PullAlways,
		"registry.example.com:5000/a:v1": PullIfNotPresent,
		"localhost:5000/app:latest":      PullAlways,
		"busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef":        PullIfNotPresent,
		"busybox:1.36@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef":   PullIfNotPresent,
		"busybox:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef": PullAlways,
		"":              PullIfNotPresent, // unparsable: Kubernetes ignores the error
		"library/UPPER": PullIfNotPresent, // repository names must be lower case
		"UPPER/case":    PullAlways,       // "UPPER" is a registry host here
		"[::1]:5000/x":  PullAlways,
	} {
		c := Container{Image: image}
		SetDefaults_Container(&c)
		if c.ImagePullPolicy != want {
			t.Errorf("image %q: imagePullPolicy = %s, want %s", image, c.ImagePullPolicy, want)
		}
	}
}

func TestDefaultsKeepExplicitValues(t *testing.T) {
	pod := &Pod{Spec: PodSpec{
		RestartPolicy: RestartPolicyNever, DNSPolicy: DNSDefault, SchedulerName: "mine",
		TerminationGracePeriodSeconds: wlPtr(int64(0)), EnableServiceLinks: wlPtr(false),
		SecurityContext: &PodSecurityContext{RunAsUser: wlPtr(int64(7))},
		Containers: []Container{{
			Name: "c", Image: "x:latest", ImagePullPolicy: PullNever,
			TerminationMessagePath: "/tmp/t", TerminationMessagePolicy: TerminationMessageFallbackToLogsOnError,
			Ports: []ContainerPort{{ContainerPort: 53, Protocol: ProtocolUDP}},
		}},
	}}
	before := pod.DeepCopy()
	SetObjectDefaults_Pod(pod)
	if d := cmp.Diff(before.Spec, pod.Spec, wlQuantityCmp, cmpopts.EquateEmpty()); d != "" {
		t.Errorf("explicit values changed (-before +after):\n%s", d)
	}
}
