package v1

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/sdk/api/field"
	"github.com/gantryhq/gantry/sdk/api/intstr"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/resource"
)

// wlValidPod returns a defaulted, valid pod, changed by mutate.
func wlValidPod(mutate func(*Pod)) *Pod {
	p := &Pod{
		ObjectMeta: meta.ObjectMeta{Name: "p", Namespace: "default", Labels: map[string]string{"app": "x"}},
		Spec: PodSpec{
			Volumes: []Volume{{Name: "vol"}},
			Containers: []Container{{
				Name: "app", Image: "nginx:1.27",
				Ports:        []ContainerPort{{Name: "http", ContainerPort: 80}},
				VolumeMounts: []VolumeMount{{Name: "vol", MountPath: "/data"}},
			}},
			ServiceAccountName: "default",
		},
	}
	SetObjectDefaults_Pod(p)
	if mutate != nil {
		mutate(p)
	}
	return p
}

func wlC(p *Pod) *Container { return &p.Spec.Containers[0] }

func TestValidatePod(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(*Pod)
		want   []string
	}{
		{name: "valid", mutate: nil},
		{
			name:   "no containers",
			mutate: func(p *Pod) { p.Spec.Containers = nil },
			want:   []string{"spec.containers: Required value"},
		},
		{
			name:   "container name required, image required",
			mutate: func(p *Pod) { wlC(p).Name = ""; wlC(p).Image = "" },
			want:   []string{"spec.containers[0].name: Required value", "spec.containers[0].image: Required value"},
		},
		{
			name:   "container name not a DNS label",
			mutate: func(p *Pod) { wlC(p).Name = "App_1" },
			want:   []string{`spec.containers[0].name: Invalid value: "App_1": ` + wlDNS1123LabelMsg},
		},
		{
			name: "duplicate container names across init and app containers",
			mutate: func(p *Pod) {
				c := *wlC(p)
				c.Ports = nil
				p.Spec.Containers = append(p.Spec.Containers, c)
				p.Spec.InitContainers = []Container{c}
			},
			want: []string{`spec.containers[1].name: Duplicate value: "app"`, `spec.initContainers[0].name: Duplicate value: "app"`},
		},
		{
			name: "ports",
			mutate: func(p *Pod) {
				wlC(p).Ports = []ContainerPort{
					{Name: "http", ContainerPort: 0, Protocol: ProtocolTCP},
					{Name: "http", ContainerPort: 70000, HostPort: -1, Protocol: "ICMP"},
					{Name: "Bad_Name", ContainerPort: 81, Protocol: ""},
				}
			},
			want: []string{
				"spec.containers[0].ports[0].containerPort: Required value",
				`spec.containers[0].ports[1].name: Duplicate value: "http"`,
				"spec.containers[0].ports[1].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
				"spec.containers[0].ports[1].hostPort: Invalid value: -1: must be between 1 and 65535, inclusive",
				`spec.containers[0].ports[1].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"`,
				`spec.containers[0].ports[2].name: Invalid value: "Bad_Name": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)`,
				"spec.containers[0].ports[2].protocol: Required value",
			},
		},
		{
			name: "host port used twice",
			mutate: func(p *Pod) {
				c := Container{Name: "b", Image: "x", ImagePullPolicy: PullAlways, TerminationMessagePolicy: TerminationMessageReadFile,
					Ports: []ContainerPort{{ContainerPort: 81, HostPort: 8080, Protocol: ProtocolTCP}}}
				wlC(p).Ports[0].HostPort = 8080
				p.Spec.Containers = append(p.Spec.Containers, c)
			},
			want: []string{`spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"`},
		},
		{
			name: "env",
			mutate: func(p *Pod) {
				wlC(p).Env = []EnvVar{
					{Name: ""},
					{Name: "A=B"},
					{Name: "ok", ValueFrom: &EnvVarSource{}},
					{Name: "both", Value: "x", ValueFrom: &EnvVarSource{FieldRef: &ObjectFieldSelector{APIVersion: "v1", FieldPath: "metadata.name"}}},
					{Name: "two", ValueFrom: &EnvVarSource{
						FieldRef:        &ObjectFieldSelector{APIVersion: "v1", FieldPath: "metadata.name"},
						ConfigMapKeyRef: &ConfigMapKeySelector{LocalObjectReference: LocalObjectReference{Name: "cm"}, Key: "k"},
					}},
					{Name: "with spaces and dots. ok", Value: "relaxed names are valid"},
				}
			},
			want: []string{
				"spec.containers[0].env[0].name: Required value",
				`spec.containers[0].env[1].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than '='`,
				"spec.containers[0].env[2].valueFrom: Invalid value: \"\": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
				"spec.containers[0].env[3].valueFrom: Invalid value: \"\": may not be specified when `value` is not empty",
				`spec.containers[0].env[4].valueFrom: Invalid value: "": may not have more than one field specified at a time`,
			},
		},
		{
			name: "env field paths",
			mutate: func(p *Pod) {
				fr := func(path string) *EnvVarSource {
					return &EnvVarSource{FieldRef: &ObjectFieldSelector{APIVersion: "v1", FieldPath: path}}
				}
				wlC(p).Env = []EnvVar{
					{Name: "a", ValueFrom: fr("metadata.labels['app']")},
					{Name: "b", ValueFrom: fr("metadata.annotations['example.com/x']")},
					{Name: "c", ValueFrom: fr("status.podIPs")},
					{Name: "d", ValueFrom: fr("spec.host")}, // old name of spec.nodeName
					{Name: "e", ValueFrom: fr("metadata.labels")},
					{Name: "f", ValueFrom: fr("spec.containers")},
					{Name: "g", ValueFrom: fr("metadata.name['x']")},
					{Name: "h", ValueFrom: &EnvVarSource{FieldRef: &ObjectFieldSelector{APIVersion: "v2", FieldPath: "metadata.name"}}},
					{Name: "i", ValueFrom: &EnvVarSource{FieldRef: &ObjectFieldSelector{FieldPath: "metadata.name"}}},
				}
			},
			want: []string{
				`spec.containers[0].env[4].valueFrom.fieldRef.fieldPath: Unsupported value: "metadata.labels": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"`,
				`spec.containers[0].env[5].valueFrom.fieldRef.fieldPath: Invalid value: "spec.containers": error converting fieldPath: field label not supported: spec.containers`,
				`spec.containers[0].env[6].valueFrom.fieldRef.fieldPath: Invalid value: "metadata.name['x']": error converting fieldPath: field label does not support subscript: metadata.name['x']`,
				`spec.containers[0].env[7].valueFrom.fieldRef.fieldPath: Invalid value: "metadata.name": error converting fieldPath: unsupported pod version: v2`,
				"spec.containers[0].env[8].valueFrom.fieldRef.apiVersion: Required value",
			},
		},
		{
			name: "env resource field refs",
			mutate: func(p *Pod) {
				rf := func(res, div string) *EnvVarSource {
					s := &ResourceFieldSelector{Resource: res}
					if div != "" {
						s.Divisor = resource.MustParse(div)
					}
					return &EnvVarSource{ResourceFieldRef: s}
				}
				wlC(p).Env = []EnvVar{
					{Name: "a", ValueFrom: rf("limits.cpu", "1m")},
					{Name: "b", ValueFrom: rf("requests.hugepages-2Mi", "1Mi")},
					{Name: "c", ValueFrom: rf("limits.gpu", "")},
					{Name: "d", ValueFrom: rf("limits.cpu", "10m")},
					{Name: "e", ValueFrom: rf("requests.memory", "3Ki")},
				}
			},
			want: []string{
				`spec.containers[0].env[2].valueFrom.resourceFieldRef.resource: Unsupported value: "limits.gpu": supported values: "limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory"`,
				`spec.containers[0].env[3].valueFrom.resourceFieldRef.divisor: Invalid value: "limits.cpu": only divisor's values 1m and 1 are supported with the cpu resource`,
				`spec.containers[0].env[4].valueFrom.resourceFieldRef.divisor: Invalid value: "requests.memory": only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the memory resource`,
			},
		},
		{
			name: "envFrom",
			mutate: func(p *Pod) {
				wlC(p).EnvFrom = []EnvFromSource{
					{Prefix: "P="},
					{ConfigMapRef: &ConfigMapEnvSource{}},
					{ConfigMapRef: &ConfigMapEnvSource{LocalObjectReference: LocalObjectReference{Name: "a"}}, SecretRef: &SecretEnvSource{LocalObjectReference: LocalObjectReference{Name: "b"}}},
				}
			},
			want: []string{
				`spec.containers[0].envFrom[0].prefix: Invalid value: "P=": a valid environment variable name must consist only of printable ASCII characters other than '='`,
				"spec.containers[0].envFrom: Invalid value: \"\": must specify one of: `configMapRef` or `secretRef`",
				"spec.containers[0].envFrom[1].configMapRef.name: Required value",
				`spec.containers[0].envFrom: Invalid value: "": may not have more than one field specified at a time`,
			},
		},
		{
			name: "requests above limits",
			mutate: func(p *Pod) {
				wlC(p).Resources = ResourceRequirements{
					Limits:   ResourceList{ResourceCPU: resource.MustParse("500m")},
					Requests: ResourceList{ResourceCPU: resource.MustParse("1")},
				}
			},
			want: []string{`spec.containers[0].resources.requests: Invalid value: "1": must be less than or equal to cpu limit of 500m`},
		},
		{
			name: "resource names and values",
			mutate: func(p *Pod) {
				wlC(p).Resources = ResourceRequirements{
					Limits: ResourceList{
						"pods":            resource.MustParse("1"),
						"example.com/gpu": resource.MustParse("1"),
						ResourceMemory:    resource.MustParse("-1"),
					},
					Requests: ResourceList{"example.com/gpu": resource.MustParse("500m"), "example.com/fpga": resource.MustParse("1")},
				}
			},
			want: []string{
				`spec.containers[0].resources.limits[memory]: Invalid value: "-1": must be greater than or equal to 0`,
				`spec.containers[0].resources.limits[pods]: Invalid value: "pods": must be a standard resource for containers`,
				"spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources",
				`spec.containers[0].resources.requests[example.com/gpu]: Invalid value: "500m": must be an integer`,
				`spec.containers[0].resources.requests: Invalid value: "500m": must be equal to example.com/gpu limit of 1`,
			},
		},
		{
			name: "probes",
			mutate: func(p *Pod) {
				wlC(p).LivenessProbe = &Probe{SuccessThreshold: 2, TimeoutSeconds: -1}
				wlC(p).ReadinessProbe = &Probe{ProbeHandler: ProbeHandler{
					Exec:    &ExecAction{Command: []string{"true"}},
					HTTPGet: &HTTPGetAction{Path: "/", Port: intstr.FromInt32(80), Scheme: URISchemeHTTP},
				}, TerminationGracePeriodSeconds: wlPtr(int64(5))}
				wlC(p).StartupProbe = &Probe{ProbeHandler: ProbeHandler{HTTPGet: &HTTPGetAction{Port: intstr.FromString("nope_"), Scheme: "FTP"}}, SuccessThreshold: 1}
			},
			want: []string{
				"spec.containers[0].livenessProbe: Required value: must specify a handler type",
				"spec.containers[0].livenessProbe.timeoutSeconds: Invalid value: -1: must be greater than or equal to 0",
				"spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1",
				"spec.containers[0].readinessProbe.httpGet: Forbidden: may not specify more than 1 handler type",
				"spec.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 5: must not be set for readinessProbes",
				"spec.containers[0].startupProbe.httpGet.path: Required value",
				`spec.containers[0].startupProbe.httpGet.port: Invalid value: "nope_": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)`,
				`spec.containers[0].startupProbe.httpGet.scheme: Unsupported value: "FTP": supported values: "HTTP", "HTTPS"`,
			},
		},
		{
			name: "lifecycle handlers",
			mutate: func(p *Pod) {
				wlC(p).Lifecycle = &Lifecycle{
					PostStart: &LifecycleHandler{Exec: &ExecAction{}},
					PreStop:   &LifecycleHandler{Sleep: &SleepAction{Seconds: 60}},
				}
			},
			want: []string{
				"spec.containers[0].lifecycle.postStart.exec.command: Required value",
				"spec.containers[0].lifecycle.preStop.sleep: Invalid value: 60: must be greater than 0 and less than terminationGracePeriodSeconds (30). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.",
			},
		},
		{
			name: "init containers",
			mutate: func(p *Pod) {
				always := ContainerRestartPolicyAlways
				never := ContainerRestartPolicy("Never")
				base := Container{Image: "x", ImagePullPolicy: PullAlways, TerminationMessagePolicy: TerminationMessageReadFile}
				i0, i1, i2 := base, base, base
				i0.Name, i0.RestartPolicy = "i0", &never
				i0.LivenessProbe = &Probe{ProbeHandler: ProbeHandler{Exec: &ExecAction{Command: []string{"x"}}}, SuccessThreshold: 1}
				i0.ReadinessProbe = i0.LivenessProbe
				i0.Lifecycle = &Lifecycle{}
				i1.Name, i1.RestartPolicy = "sidecar", &always
				i1.ReadinessProbe = &Probe{ProbeHandler: ProbeHandler{Exec: &ExecAction{Command: []string{"x"}}}, SuccessThreshold: 3}
				i2.Name = "i2"
				i2.StartupProbe = i0.LivenessProbe
				p.Spec.InitContainers = []Container{i0, i1, i2}
				wlC(p).RestartPolicy = &always
			},
			want: []string{
				"spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers",
				`spec.initContainers[0].restartPolicy: Unsupported value: "Never": supported values: "Always"`,
				"spec.initContainers[0].lifecycle: Forbidden: may not be set for init containers without restartPolicy=Always",
				"spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always",
				"spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers",
				"spec.initContainers[2].startupProbe: Forbidden: may not be set for init containers without restartPolicy=Always",
			},
		},
		{
			name: "volumes",
			mutate: func(p *Pod) {
				p.Spec.Volumes = []Volume{
					{Name: "vol", VolumeSource: VolumeSource{EmptyDir: &EmptyDirVolumeSource{}}},
					{Name: "vol", VolumeSource: VolumeSource{EmptyDir: &EmptyDirVolumeSource{}}},
					{Name: "Bad", VolumeSource: VolumeSource{EmptyDir: &EmptyDirVolumeSource{}}},
					{Name: "none"},
					{Name: "two", VolumeSource: VolumeSource{EmptyDir: &EmptyDirVolumeSource{}, HostPath: &HostPathVolumeSource{Path: "/x"}}},
					{Name: "hp", VolumeSource: VolumeSource{HostPath: &HostPathVolumeSource{Path: "/a/../etc", Type: wlPtr(HostPathType("Fifo"))}}},
					{Name: "cm", VolumeSource: VolumeSource{ConfigMap: &ConfigMapVolumeSource{DefaultMode: wlPtr(int32(01000)),
						Items: []KeyToPath{{Key: "k", Path: "/abs"}, {Key: "", Path: "..x"}}}}},
					{Name: "sec", VolumeSource: VolumeSource{Secret: &SecretVolumeSource{}}},
					{Name: "pvc", VolumeSource: VolumeSource{PersistentVolumeClaim: &PersistentVolumeClaimVolumeSource{}}},
				}
			},
			want: []string{
				`spec.volumes[1].name: Duplicate value: "vol"`,
				`spec.volumes[2].name: Invalid value: "Bad": ` + wlDNS1123LabelMsg,
				"spec.volumes[3]: Required value: must specify a volume type",
				"spec.volumes[4].hostPath: Forbidden: may not specify more than 1 volume type",
				`spec.volumes[5].hostPath.path: Invalid value: "/a/../etc": must not contain '..'`,
				`spec.volumes[5].hostPath.type: Unsupported value: "Fifo": supported values: "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"`,
				"spec.volumes[6].configMap.name: Required value",
				"spec.volumes[6].configMap.defaultMode: Invalid value: 512: must be a number between 0 and 0777 (octal), both inclusive",
				`spec.volumes[6].configMap.items[0].path: Invalid value: "/abs": must be a relative path`,
				"spec.volumes[6].configMap.items[1].key: Required value",
				`spec.volumes[6].configMap.items[1].path: Invalid value: "..x": must not start with '..'`,
				"spec.volumes[7].secret.secretName: Required value",
				"spec.volumes[8].persistentVolumeClaim.claimName: Required value",
			},
		},
		{
			name: "volume mounts",
			mutate: func(p *Pod) {
				wlC(p).VolumeMounts = []VolumeMount{
					{Name: "vol", MountPath: "/data"},
					{Name: "vol", MountPath: "/data"},
					{Name: "missing", MountPath: "relative"},
					{Name: "vol", MountPath: "/b", SubPath: "../x", SubPathExpr: "$(X)"},
					{Name: "vol", MountPath: "/c", MountPropagation: wlPtr(MountPropagationBidirectional)},
					{Name: "vol", MountPath: "/d", RecursiveReadOnly: wlPtr(RecursiveReadOnlyEnabled)},
				}
			},
			want: []string{
				`spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/data": must be unique`,
				`spec.containers[0].volumeMounts[2].name: Not found: "missing"`,
				`spec.containers[0].volumeMounts[2].mountPath: Invalid value: "relative": must be an absolute path`,
				`spec.containers[0].volumeMounts[3].subPath: Invalid value: "../x": must not contain '..'`,
				`spec.containers[0].volumeMounts[3].subPathExpr: Invalid value: "$(X)": subPathExpr and subPath are mutually exclusive`,
				"spec.containers[0].volumeMounts[4].mountPropagation: Forbidden: Bidirectional mount propagation is available only to privileged containers",
				"spec.containers[0].volumeMounts[5].recursiveReadOnly: Forbidden: may only be specified when readOnly is true",
			},
		},
		{
			name: "projected volume",
			mutate: func(p *Pod) {
				p.Spec.Volumes = append(p.Spec.Volumes, Volume{Name: "proj", VolumeSource: VolumeSource{Projected: &ProjectedVolumeSource{
					DefaultMode: wlPtr(int32(0644)),
					Sources: []VolumeProjection{
						{ServiceAccountToken: &ServiceAccountTokenProjection{Path: "token", ExpirationSeconds: wlPtr(int64(60))}},
						{ConfigMap: &ConfigMapProjection{LocalObjectReference: LocalObjectReference{Name: "c"}, Items: []KeyToPath{{Key: "k", Path: "token"}}},
							Secret: &SecretProjection{LocalObjectReference: LocalObjectReference{Name: "s"}}},
					},
				}}})
			},
			want: []string{
				"spec.volumes[1].projected.sources[0].serviceAccountToken.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes",
				`spec.volumes[1].projected: Invalid value: "c": conflicting duplicate paths`,
				"spec.volumes[1].projected.sources[1]: Forbidden: may not specify more than 1 volume type per source",
			},
		},
		{
			name: "projected token needs a service account",
			mutate: func(p *Pod) {
				p.Spec.ServiceAccountName = ""
				p.Spec.Volumes = append(p.Spec.Volumes, Volume{Name: "proj", VolumeSource: VolumeSource{Projected: &ProjectedVolumeSource{
					DefaultMode: wlPtr(int32(0644)),
					Sources:     []VolumeProjection{{ServiceAccountToken: &ServiceAccountTokenProjection{Path: "token", ExpirationSeconds: wlPtr(int64(3600))}}},
				}}})
			},
			want: []string{"spec.volumes[1].projected.sources[0].serviceAccountToken: Forbidden: must not be specified when serviceAccountName is not set"},
		},
		{
			name: "downward API volume",
			mutate: func(p *Pod) {
				p.Spec.Volumes[0].EmptyDir = nil
				p.Spec.Volumes[0].DownwardAPI = &DownwardAPIVolumeSource{DefaultMode: wlPtr(int32(0644)), Items: []DownwardAPIVolumeFile{
					{Path: "labels", FieldRef: &ObjectFieldSelector{APIVersion: "v1", FieldPath: "metadata.labels"}},
					{Path: "ip", FieldRef: &ObjectFieldSelector{APIVersion: "v1", FieldPath: "status.podIP"}},
					{Path: "cpu", ResourceFieldRef: &ResourceFieldSelector{Resource: "limits.cpu"}},
					{Path: "none"},
				}}
			},
			want: []string{
				`spec.volumes[0].downwardAPI.items[1].fieldRef.fieldPath: Unsupported value: "status.podIP": supported values: "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid"`,
				"spec.volumes[0].downwardAPI.items[2].resourceFieldRef.containerName: Required value",
				"spec.volumes[0].downwardAPI.items[3]: Required value: one of fieldRef and resourceFieldRef is required",
				// As in Kubernetes, mounts of an invalid volume are reported too.
				`spec.containers[0].volumeMounts[0].name: Not found: "vol"`,
			},
		},
		{
			name: "restart and DNS policies",
			mutate: func(p *Pod) {
				p.Spec.RestartPolicy = "Sometimes"
				p.Spec.DNSPolicy = ""
			},
			want: []string{
				`spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"`,
				"spec.dnsPolicy: Required value",
			},
		},
		{
			name: "dnsPolicy None needs nameservers",
			mutate: func(p *Pod) {
				p.Spec.DNSPolicy = DNSNone
				p.Spec.DNSConfig = &PodDNSConfig{Searches: []string{"a.b"}}
			},
			want: []string{"spec.dnsConfig.nameservers: Required value: must provide at least one DNS nameserver when `dnsPolicy` is None"},
		},
		{
			name: "dnsConfig",
			mutate: func(p *Pod) {
				p.Spec.DNSConfig = &PodDNSConfig{
					Nameservers: []string{"1.1.1.1", "8.8.8.8", "9.9.9.9", "nope"},
					Searches:    []string{"ok.local.", "Bad_Domain"},
					Options:     []PodDNSConfigOption{{Value: wlPtr("1")}},
				}
			},
			want: []string{
				`spec.dnsConfig.nameservers: Invalid value: []string{"1.1.1.1", "8.8.8.8", "9.9.9.9", "nope"}: must not have more than 3 nameservers`,
				`spec.dnsConfig.nameservers[3]: Invalid value: "nope": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)`,
				`spec.dnsConfig.searches[1]: Invalid value: "Bad_Domain": ` + wlDNS1123SubdomainMsg,
				"spec.dnsConfig.options[0]: Required value: Option.Name must not be empty",
			},
		},
		{
			name: "tolerations",
			mutate: func(p *Pod) {
				p.Spec.Tolerations = []Toleration{
					{Key: "k", Operator: TolerationOpExists, Value: "v"},
					{Operator: TolerationOpEqual, Value: "v"},
					{Key: "k", Value: "v", TolerationSeconds: wlPtr(int64(5)), Effect: TaintEffectNoSchedule},
					{Key: "k", Operator: "In", Effect: "Sometimes"},
					{Key: "bad key!", Operator: TolerationOpExists},
				}
			},
			want: []string{
				`spec.tolerations[0].operator: Invalid value: "v": value must be empty when ` + "`operator`" + ` is 'Exists'`,
				`spec.tolerations[1].operator: Invalid value: "Equal": operator must be Exists when ` + "`key`" + ` is empty, which means "match all values and all keys"`,
				`spec.tolerations[2].effect: Invalid value: "NoSchedule": effect must be 'NoExecute' when ` + "`tolerationSeconds`" + ` is set`,
				`spec.tolerations[3].operator: Unsupported value: "In": supported values: "Equal", "Exists"`,
				`spec.tolerations[3].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"`,
				`spec.tolerations[4].key: Invalid value: "bad key!": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
			},
		},
		{
			name: "node affinity operators",
			mutate: func(p *Pod) {
				p.Spec.Affinity = &Affinity{NodeAffinity: &NodeAffinity{
					RequiredDuringSchedulingIgnoredDuringExecution: &NodeSelector{NodeSelectorTerms: []NodeSelectorTerm{{
						MatchExpressions: []NodeSelectorRequirement{
							{Key: "a", Operator: NodeSelectorOpIn},
							{Key: "b", Operator: NodeSelectorOpExists, Values: []string{"x"}},
							{Key: "c", Operator: NodeSelectorOpGt, Values: []string{"1", "2"}},
							{Key: "d", Operator: "Near"},
						},
						MatchFields: []NodeSelectorRequirement{
							{Key: "metadata.name", Operator: NodeSelectorOpIn, Values: []string{"a", "b"}},
							{Key: "spec.nodeName", Operator: NodeSelectorOpIn, Values: []string{"a"}},
						},
					}}},
					PreferredDuringSchedulingIgnoredDuringExecution: []PreferredSchedulingTerm{{Weight: 0}},
				}}
			},
			want: []string{
				"spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
				"spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
				"spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[2].values: Required value: must be specified single value when `operator` is 'Lt' or 'Gt'",
				`spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[3].operator: Invalid value: "Near": not a valid selector operator`,
				"spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values: Required value: must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
				`spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[1].key: Invalid value: "spec.nodeName": not a valid field selector key`,
				"spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100",
			},
		},
		{
			name: "empty node selector terms",
			mutate: func(p *Pod) {
				p.Spec.Affinity = &Affinity{NodeAffinity: &NodeAffinity{RequiredDuringSchedulingIgnoredDuringExecution: &NodeSelector{}}}
			},
			want: []string{"spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: Required value: must have at least one node selector term"},
		},
		{
			name: "pod affinity terms",
			mutate: func(p *Pod) {
				p.Spec.Affinity = &Affinity{
					PodAffinity: &PodAffinity{RequiredDuringSchedulingIgnoredDuringExecution: []PodAffinityTerm{
						{LabelSelector: &meta.LabelSelector{MatchLabels: map[string]string{"app": "x"}}, MatchLabelKeys: []string{"v"}, MismatchLabelKeys: []string{"v"}},
					}},
					PodAntiAffinity: &PodAntiAffinity{PreferredDuringSchedulingIgnoredDuringExecution: []WeightedPodAffinityTerm{
						{Weight: 101, PodAffinityTerm: PodAffinityTerm{TopologyKey: "zone", MatchLabelKeys: []string{"v"}, Namespaces: []string{"Bad"}}},
					}},
				}
			},
			want: []string{
				`spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].matchLabelKeys[0]: Invalid value: "v": exists in both matchLabelKeys and mismatchLabelKeys`,
				"spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value: can not be empty",
				`spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: "": name part must be non-empty`,
				`spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: "": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
				"spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 101: must be in the range 1-100",
				`spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.namespace: Invalid value: "Bad": ` + wlDNS1123LabelMsg,
				"spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.matchLabelKeys: Forbidden: must not be specified when labelSelector is not set",
			},
		},
		{
			name: "topology spread constraints",
			mutate: func(p *Pod) {
				sel := &meta.LabelSelector{MatchLabels: map[string]string{"app": "x"}}
				p.Spec.TopologySpreadConstraints = []TopologySpreadConstraint{
					{MaxSkew: 0, TopologyKey: "", WhenUnsatisfiable: "Maybe", LabelSelector: sel},
					{MaxSkew: 1, TopologyKey: "zone", WhenUnsatisfiable: ScheduleAnyway, MinDomains: wlPtr(int32(0)), LabelSelector: sel, MatchLabelKeys: []string{"app"}},
					{MaxSkew: 1, TopologyKey: "zone", WhenUnsatisfiable: ScheduleAnyway, NodeTaintsPolicy: wlPtr(NodeInclusionPolicy("Sometimes"))},
				}
			},
			want: []string{
				"spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero",
				"spec.topologySpreadConstraints[0].topologyKey: Required value: can not be empty",
				`spec.topologySpreadConstraints[0].whenUnsatisfiable: Unsupported value: "Maybe": supported values: "DoNotSchedule", "ScheduleAnyway"`,
				`spec.topologySpreadConstraints[1].{topologyKey, whenUnsatisfiable}: Duplicate value: "{zone, ScheduleAnyway}"`,
				"spec.topologySpreadConstraints[1].minDomains: Invalid value: 0: must be greater than zero",
				"spec.topologySpreadConstraints[1].minDomains: Invalid value: 0: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway",
				`spec.topologySpreadConstraints[1].matchLabelKeys[0]: Invalid value: "app": exists in both matchLabelKeys and labelSelector`,
				`spec.topologySpreadConstraints[2].nodeTaintsPolicy: Unsupported value: "Sometimes": supported values: "Honor", "Ignore"`,
			},
		},
		{
			name: "hostname, subdomain, nodeSelector, hostAliases",
			mutate: func(p *Pod) {
				p.Spec.Hostname = "Host"
				p.Spec.Subdomain = "a.b"
				p.Spec.NodeSelector = map[string]string{"disk": "ssd!"}
				p.Spec.HostAliases = []HostAlias{{IP: "10.0.0.300", Hostnames: []string{"ok", "Not_OK"}}}
			},
			want: []string{
				`spec.nodeSelector[disk]: Invalid value: "ssd!": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
				`spec.hostname: Invalid value: "Host": ` + wlDNS1123LabelMsg,
				`spec.subdomain: Invalid value: "a.b": ` + wlDNS1123LabelMsg,
				`spec.hostAliases[0].ip: Invalid value: "10.0.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)`,
				`spec.hostAliases[0].hostnames[1]: Invalid value: "Not_OK": ` + wlDNS1123SubdomainMsg,
			},
		},
		{
			name: "deadlines and grace periods",
			mutate: func(p *Pod) {
				p.Spec.ActiveDeadlineSeconds = wlPtr(int64(0))
				p.Spec.TerminationGracePeriodSeconds = nil
			},
			want: []string{
				"spec.terminationGracePeriodSeconds: Required value",
				"spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive",
			},
		},
		{
			name:   "negative grace period is accepted, as in Kubernetes (treated as 1)",
			mutate: func(p *Pod) { p.Spec.TerminationGracePeriodSeconds = wlPtr(int64(-1)) },
		},
		{
			name: "security contexts",
			mutate: func(p *Pod) {
				p.Spec.HostPID = true
				p.Spec.ShareProcessNamespace = wlPtr(true)
				p.Spec.HostNetwork = true
				wlC(p).Ports[0].HostPort = 80
				p.Spec.SecurityContext = &PodSecurityContext{
					RunAsUser:      wlPtr(int64(-1)),
					Sysctls:        []Sysctl{{Name: "net.core.somaxconn", Value: "1024"}, {Name: "Kernel.X"}},
					SeccompProfile: &SeccompProfile{Type: SeccompProfileTypeLocalhost},
				}
				wlC(p).SecurityContext = &SecurityContext{
					Privileged: wlPtr(true), AllowPrivilegeEscalation: wlPtr(false),
					ProcMount:       wlPtr(UnmaskedProcMount),
					AppArmorProfile: &AppArmorProfile{Type: AppArmorProfileTypeRuntimeDefault, LocalhostProfile: wlPtr("x")},
				}
			},
			want: []string{
				"spec.containers[0].securityContext.procMount: Invalid value: \"Unmasked\": `hostUsers` must be false to use `Unmasked`",
				"spec.containers[0].securityContext: Invalid value: cannot set `allowPrivilegeEscalation` to false and `privileged` to true",
				`spec.containers[0].securityContext.appArmorProfile.localhostProfile: Invalid value: "x": can only be set when AppArmor type is Localhost`,
				"spec.securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive",
				"spec.securityContext.shareProcessNamespace: Invalid value: true: ShareProcessNamespace and HostPID cannot both be enabled",
				`spec.securityContext.sysctls[0].name: Invalid value: "net.core.somaxconn": may not be specified when 'hostNetwork' is true`,
				`spec.securityContext.sysctls[1].name: Invalid value: "Kernel.X": must have at most 253 characters and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$`,
				"spec.securityContext.seccompProfile.localhostProfile: Required value: must be set when seccomp type is Localhost",
			},
		},
		{
			name: "hostNetwork host ports must match container ports",
			mutate: func(p *Pod) {
				p.Spec.HostNetwork = true
				wlC(p).Ports[0].HostPort = 8080
			},
			want: []string{"spec.containers[0].ports[0].hostPort: Invalid value: 8080: must match `containerPort` when `hostNetwork` is true"},
		},
		{
			name: "create-only rules",
			mutate: func(p *Pod) {
				p.Spec.NodeName = "node-1"
				p.Spec.SchedulingGates = []PodSchedulingGate{{Name: "example.com/wait"}, {Name: "example.com/wait"}}
				p.Spec.EphemeralContainers = []EphemeralContainer{{EphemeralContainerCommon: EphemeralContainerCommon{
					Name: "debug", Image: "busybox", ImagePullPolicy: PullAlways, TerminationMessagePolicy: TerminationMessageReadFile}}}
			},
			want: []string{
				`spec.schedulingGates[1]: Duplicate value: "example.com/wait"`,
				"spec.ephemeralContainers: Forbidden: cannot be set on create",
				"spec.nodeName: Forbidden: cannot be set until all schedulingGates have been cleared",
			},
		},
		{
			name: "names of referenced objects and misc enums",
			mutate: func(p *Pod) {
				p.Spec.ServiceAccountName = "Bad SA"
				p.Spec.PreemptionPolicy = wlPtr(PreemptionPolicy("Always"))
				p.Spec.OS = &PodOS{Name: "plan9"}
				p.Spec.ReadinessGates = []PodReadinessGate{{ConditionType: "bad gate"}}
				wlC(p).ImagePullPolicy = "Sometimes"
				wlC(p).TerminationMessagePolicy = ""
			},
			want: []string{
				"spec.containers[0].terminationMessagePolicy: Required value",
				`spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"`,
				`spec.readinessGates[0].conditionType: Invalid value: "bad gate": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
				`spec.serviceAccountName: Invalid value: "Bad SA": ` + wlDNS1123SubdomainMsg,
				`spec.preemptionPolicy: Unsupported value: "Always": supported values: "PreemptLowerPriority", "Never"`,
				`spec.os.name: Unsupported value: "plan9": supported values: "linux", "windows"`,
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := wlErrStrings(ValidatePod(wlValidPod(tc.mutate)))
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("ValidatePod (-want +got):\n%s", d)
			}
		})
	}
}

var (
	wlDNS1123LabelMsg     = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
	wlDNS1123SubdomainMsg = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
)

func TestValidatePodTemplateSpec(t *testing.T) {
	tpl := &PodTemplateSpec{
		ObjectMeta: meta.ObjectMeta{Labels: map[string]string{"bad key!": "x"}},
		Spec: PodSpec{
			Containers:          []Container{{Name: "c", Image: "x", Ports: []ContainerPort{{ContainerPort: 80}}}},
			HostNetwork:         true,
			EphemeralContainers: []EphemeralContainer{{EphemeralContainerCommon: EphemeralContainerCommon{Name: "e", Image: "x"}}},
		},
	}
	SetDefaults_PodTemplateSpec(tpl)
	got := wlErrStrings(ValidatePodTemplateSpec(tpl, field.NewPath("spec", "template")))
	want := []string{
		`spec.template.labels: Invalid value: "bad key!": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
		"spec.template.spec.ephemeralContainers: Forbidden: ephemeral containers not allowed in pod template",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	// A hostNetwork template may leave hostPort unset (it is defaulted on the pod).
	if errs := ValidatePodSpec(&tpl.Spec, nil, field.NewPath("spec")); len(errs) != 0 {
		t.Errorf("ValidatePodSpec: %v", wlErrStrings(errs))
	}
}

func TestValidatePodUpdate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		old    func(*Pod)
		mutate func(*Pod)
		want   []string
	}{
		{name: "no change"},
		{name: "image", mutate: func(p *Pod) { wlC(p).Image = "nginx:1.28" }},
		{
			name: "init container image",
			old: func(p *Pod) {
				p.Spec.InitContainers = []Container{{Name: "i", Image: "a", ImagePullPolicy: PullAlways, TerminationMessagePolicy: TerminationMessageReadFile}}
			},
			mutate: func(p *Pod) { p.Spec.InitContainers[0].Image = "b" },
		},
		{
			name:   "image removed",
			mutate: func(p *Pod) { wlC(p).Image = "" },
			want:   []string{"spec.containers[0].image: Required value", "spec.containers[0].image: Required value"},
		},
		{
			name:   "activeDeadlineSeconds set",
			mutate: func(p *Pod) { p.Spec.ActiveDeadlineSeconds = wlPtr(int64(100)) },
		},
		{
			name:   "activeDeadlineSeconds lowered",
			old:    func(p *Pod) { p.Spec.ActiveDeadlineSeconds = wlPtr(int64(100)) },
			mutate: func(p *Pod) { p.Spec.ActiveDeadlineSeconds = wlPtr(int64(50)) },
		},
		{
			name:   "activeDeadlineSeconds raised",
			old:    func(p *Pod) { p.Spec.ActiveDeadlineSeconds = wlPtr(int64(100)) },
			mutate: func(p *Pod) { p.Spec.ActiveDeadlineSeconds = wlPtr(int64(200)) },
			want:   []string{"spec.activeDeadlineSeconds: Invalid value: 200: must be less than or equal to previous value"},
		},
		{
			name:   "activeDeadlineSeconds removed",
			old:    func(p *Pod) { p.Spec.ActiveDeadlineSeconds = wlPtr(int64(100)) },
			mutate: func(p *Pod) { p.Spec.ActiveDeadlineSeconds = nil },
			want:   []string{"spec.activeDeadlineSeconds: Invalid value: null: must not update from a positive integer to nil value"},
		},
		{
			name: "toleration added, tolerationSeconds changed",
			old: func(p *Pod) {
				p.Spec.Tolerations = []Toleration{{Key: "k", Operator: TolerationOpExists, Effect: TaintEffectNoExecute, TolerationSeconds: wlPtr(int64(60))}}
			},
			mutate: func(p *Pod) {
				p.Spec.Tolerations = []Toleration{
					{Key: "k", Operator: TolerationOpExists, Effect: TaintEffectNoExecute, TolerationSeconds: wlPtr(int64(10))},
					{Key: "new", Operator: TolerationOpExists},
				}
			},
		},
		{
			name:   "toleration removed",
			old:    func(p *Pod) { p.Spec.Tolerations = []Toleration{{Key: "k", Operator: TolerationOpExists}} },
			mutate: func(p *Pod) { p.Spec.Tolerations = nil },
			want:   []string{"spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds"},
		},
		{
			name:   "negative grace period set to 1",
			old:    func(p *Pod) { p.Spec.TerminationGracePeriodSeconds = wlPtr(int64(-5)) },
			mutate: func(p *Pod) { p.Spec.TerminationGracePeriodSeconds = wlPtr(int64(1)) },
		},
		{
			name:   "grace period changed",
			mutate: func(p *Pod) { p.Spec.TerminationGracePeriodSeconds = wlPtr(int64(1)) },
			want:   []string{"spec: Forbidden: " + podUpdateForbiddenMessage + "\nchanged: spec.terminationGracePeriodSeconds"},
		},
		{
			name:   "nodeName changed",
			mutate: func(p *Pod) { p.Spec.NodeName = "node-1" },
			want: []string{
				"spec: Forbidden: " + podUpdateForbiddenMessage + "\nchanged: spec.nodeName",
				"status.nodeName: Forbidden: may not be changed directly",
			},
		},
		{
			name: "container added",
			mutate: func(p *Pod) {
				p.Spec.Containers = append(p.Spec.Containers, Container{Name: "b", Image: "b", ImagePullPolicy: PullAlways, TerminationMessagePolicy: TerminationMessageReadFile})
			},
			want: []string{"spec.containers: Forbidden: pod updates may not add or remove containers"},
		},
		{
			name:   "scheduling gate removed",
			old:    func(p *Pod) { p.Spec.SchedulingGates = []PodSchedulingGate{{Name: "a"}, {Name: "b"}} },
			mutate: func(p *Pod) { p.Spec.SchedulingGates = []PodSchedulingGate{{Name: "b"}} },
		},
		{
			name:   "scheduling gate added",
			old:    func(p *Pod) { p.Spec.SchedulingGates = []PodSchedulingGate{{Name: "a"}} },
			mutate: func(p *Pod) { p.Spec.SchedulingGates = []PodSchedulingGate{{Name: "a"}, {Name: "c"}} },
			want:   []string{"spec.schedulingGates[1].name: Forbidden: only deletion is allowed, but found new scheduling gate 'c'"},
		},
		{
			name: "gated pod gains node selector",
			old: func(p *Pod) {
				p.Spec.SchedulingGates = []PodSchedulingGate{{Name: "a"}}
				p.Spec.NodeSelector = map[string]string{"a": "1"}
			},
			mutate: func(p *Pod) { p.Spec.NodeSelector = map[string]string{"a": "1", "b": "2"} },
		},
		{
			name: "gated pod changes node selector",
			old: func(p *Pod) {
				p.Spec.SchedulingGates = []PodSchedulingGate{{Name: "a"}}
				p.Spec.NodeSelector = map[string]string{"a": "1"}
			},
			mutate: func(p *Pod) { p.Spec.NodeSelector = map[string]string{"a": "2"} },
			want:   []string{`spec.nodeSelector: Invalid value: map[string]string{"a":"2"}: only additions to spec.nodeSelector are allowed (no mutations or deletions)`},
		},
		{
			name:   "ungated pod gains node selector",
			mutate: func(p *Pod) { p.Spec.NodeSelector = map[string]string{"b": "2"} },
			want:   []string{"spec: Forbidden: " + podUpdateForbiddenMessage + "\nchanged: spec.nodeSelector"},
		},
		{
			name: "gated pod adds node affinity requirement",
			old: func(p *Pod) {
				p.Spec.SchedulingGates = []PodSchedulingGate{{Name: "a"}}
				p.Spec.Affinity = &Affinity{NodeAffinity: &NodeAffinity{RequiredDuringSchedulingIgnoredDuringExecution: &NodeSelector{
					NodeSelectorTerms: []NodeSelectorTerm{{MatchExpressions: []NodeSelectorRequirement{{Key: "a", Operator: NodeSelectorOpExists}}}}}}}
			},
			mutate: func(p *Pod) {
				t := &p.Spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms[0]
				t.MatchExpressions = append(t.MatchExpressions, NodeSelectorRequirement{Key: "b", Operator: NodeSelectorOpExists})
			},
		},
		{
			name: "gated pod removes node affinity requirement",
			old: func(p *Pod) {
				p.Spec.SchedulingGates = []PodSchedulingGate{{Name: "a"}}
				p.Spec.Affinity = &Affinity{NodeAffinity: &NodeAffinity{RequiredDuringSchedulingIgnoredDuringExecution: &NodeSelector{
					NodeSelectorTerms: []NodeSelectorTerm{{MatchExpressions: []NodeSelectorRequirement{{Key: "a", Operator: NodeSelectorOpExists}}}}}}}
			},
			mutate: func(p *Pod) {
				p.Spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms[0].MatchExpressions = nil
			},
			want: []string{"spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]: Invalid value: only additions are allowed (no mutations or deletions)"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			old := wlValidPod(tc.old)
			pod := old.DeepCopy()
			if tc.mutate != nil {
				tc.mutate(pod)
			}
			got := wlErrStrings(ValidatePodUpdate(pod, old))
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("ValidatePodUpdate (-want +got):\n%s", d)
			}
		})
	}
}

func TestValidatePodStatusUpdate(t *testing.T) {
	terminated := func(name string, code int32) ContainerStatus {
		return ContainerStatus{Name: name, State: ContainerState{Terminated: &ContainerStateTerminated{ExitCode: code}}}
	}
	running := func(name string) ContainerStatus {
		return ContainerStatus{Name: name, State: ContainerState{Running: &ContainerStateRunning{}}}
	}
	for _, tc := range []struct {
		name   string
		policy RestartPolicy
		old    PodStatus
		status PodStatus
		want   []string
	}{
		{
			name: "Always may restart", policy: RestartPolicyAlways,
			old: PodStatus{ContainerStatuses: []ContainerStatus{terminated("app", 0)}}, status: PodStatus{ContainerStatuses: []ContainerStatus{running("app")}},
		},
		{
			name: "Never may not restart", policy: RestartPolicyNever,
			old: PodStatus{ContainerStatuses: []ContainerStatus{terminated("app", 1)}}, status: PodStatus{ContainerStatuses: []ContainerStatus{running("app")}},
			want: []string{"status.containerStatuses[0].state: Forbidden: may not be transitioned to non-terminated state"},
		},
		{
			name: "OnFailure may restart a failed container", policy: RestartPolicyOnFailure,
			old: PodStatus{ContainerStatuses: []ContainerStatus{terminated("app", 1)}}, status: PodStatus{ContainerStatuses: []ContainerStatus{running("app")}},
		},
		{
			name: "OnFailure may not restart a succeeded init container", policy: RestartPolicyOnFailure,
			old: PodStatus{InitContainerStatuses: []ContainerStatus{terminated("init", 0)}}, status: PodStatus{InitContainerStatuses: []ContainerStatus{running("init")}},
			want: []string{"status.initContainerStatuses[0].state: Forbidden: may not be transitioned to non-terminated state"},
		},
		{
			name: "IPs", policy: RestartPolicyAlways,
			status: PodStatus{
				PodIP: "10.0.0.1", PodIPs: []PodIP{{IP: "10.0.0.1"}, {IP: "10.0.0.2"}},
				HostIP: "192.168.0.1", HostIPs: []HostIP{{IP: "192.168.0.2"}},
				NominatedNodeName: "Bad",
				Conditions:        []PodCondition{{Type: "bad condition", Status: ConditionTrue}, {Type: PodReady, Status: ConditionTrue}},
			},
			want: []string{
				`metadata.conditions[0].Type: Invalid value: "bad condition": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
				`status.nominatedNodeName: Invalid value: "Bad": ` + wlDNS1123SubdomainMsg,
				`status.podIPs: Invalid value: []string{"10.0.0.1", "10.0.0.2"}: may specify no more than one IP for each IP family`,
				"status.hostIPs[0].ip: Invalid value: \"192.168.0.2\": must be equal to `hostIP`",
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			old := wlValidPod(func(p *Pod) { p.Spec.RestartPolicy = tc.policy; p.Status = tc.old })
			pod := old.DeepCopy()
			pod.Status = tc.status
			got := wlErrStrings(ValidatePodStatusUpdate(pod, old))
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestPodUpdateMessageMatchesKubernetes(t *testing.T) {
	const k8s = "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)"
	if podUpdateForbiddenMessage != k8s {
		t.Errorf("message = %q", podUpdateForbiddenMessage)
	}
	if !strings.HasPrefix(podUpdateForbiddenMessage, "pod updates may not change fields other than") {
		t.Error("prefix")
	}
}
