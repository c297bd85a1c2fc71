package v1

import (
	stdjson "encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"sigs.k8s.io/json"
	"sigs.k8s.io/yaml"

	"github.com/gantryhq/gantry/sdk/api/field"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/resource"
)

// wlDecodeStrict decodes a YAML manifest into out as the API server does
// with fieldValidation=Strict, failing the test on unknown or duplicate fields.
func wlDecodeStrict(t *testing.T, manifest string, out any) []byte {
	t.Helper()
	js, err := yaml.YAMLToJSON([]byte(manifest))
	if err != nil {
		t.Fatalf("YAMLToJSON: %v", err)
	}
	strict, err := json.UnmarshalStrict(js, out)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	if len(strict) > 0 {
		t.Fatalf("strict decoding errors: %v", strict)
	}
	return js
}

// wlStrictErrors returns the strict decoding errors of a manifest.
func wlStrictErrors(t *testing.T, manifest string, out any) []string {
	t.Helper()
	js, err := yaml.YAMLToJSON([]byte(manifest))
	if err != nil {
		t.Fatalf("YAMLToJSON: %v", err)
	}
	strict, err := json.UnmarshalStrict(js, out)
	if err != nil {
		return []string{err.Error()}
	}
	var s []string
	for _, e := range strict {
		s = append(s, e.Error())
	}
	return s
}

// wlSameJSON reports the difference between a manifest and its
// re-encoding, compared as values. Differences that Kubernetes' encoding has
// too are ignored: false booleans and empty values omitted, empty structs
// without omitempty effect ("resources": {}, "creationTimestamp": null).
func wlSameJSON(t *testing.T, want, got []byte) string {
	t.Helper()
	var w, g any
	if err := stdjson.Unmarshal(want, &w); err != nil {
		t.Fatal(err)
	}
	if err := stdjson.Unmarshal(got, &g); err != nil {
		t.Fatal(err)
	}
	wlPrune(w, g)
	return cmp.Diff(w, g)
}

func wlIsEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case bool:
		return !x
	case map[string]any:
		return len(x) == 0
	}
	return false
}

func wlPrune(w, g any) {
	switch wv := w.(type) {
	case map[string]any:
		gv, ok := g.(map[string]any)
		if !ok {
			return
		}
		for k, v := range gv {
			if _, in := wv[k]; !in && wlIsEmpty(v) {
				delete(gv, k)
			}
		}
		for k, v := range wv {
			if _, in := gv[k]; !in && wlIsEmpty(v) {
				delete(wv, k)
			}
		}
		for k := range wv {
			wlPrune(wv[k], gv[k])
		}
	case []any:
		gv, ok := g.([]any)
		if !ok {
			return
		}
		for i := range wv {
			if i < len(gv) {
				wlPrune(wv[i], gv[i])
			}
		}
	}
}

func wlErrStrings(errs field.ErrorList) []string {
	var s []string
	for _, e := range errs {
		s = append(s, e.Error())
	}
	return s
}

func wlPtr[T any](v T) *T { return &v }

var wlNow = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

func wlTime(ago time.Duration) meta.Time { return meta.NewTime(wlNow.Add(-ago)) }

// A pod as `kubectl get pod -o yaml` prints it from a Kubernetes 1.32
// cluster, using most fields of the spec and status.
const wlFullPod = `
apiVersion: v1
kind: Pod
metadata:
  name: web-7d4b9c8f6d-x2x9z
  generateName: web-7d4b9c8f6d-
  namespace: shop
  uid: 3f1c2d4e-1111-2222-3333-444455556666
  resourceVersion: "4711"
  creationTimestamp: "2026-11-25T10:00:00Z"
  labels:
    app: web
    pod-template-hash: 7d4b9c8f6d
  annotations:
    kubectl.kubernetes.io/default-container: app
  ownerReferences:
  - apiVersion: apps/v1
    kind: ReplicaSet
    name: web-7d4b9c8f6d
    uid: 9a8b7c6d-0000-1111-2222-333344445555
    controller: true
    blockOwnerDeletion: true
  finalizers:
  - example.com/keep
spec:
  volumes:
  - name: cache
    emptyDir:
      medium: Memory
      sizeLimit: 64Mi
  - name: host-logs
    hostPath:
      path: /var/log
      type: Directory
  - name: config
    configMap:
      name: web-config
      items:
      - key: app.yaml
        path: app.yaml
        mode: 420
      defaultMode: 420
      optional: false
  - name: certs
    secret:
      secretName: web-tls
      defaultMode: 256
  - name: podinfo
    downwardAPI:
      items:
      - path: labels
        fieldRef:
          apiVersion: v1
          fieldPath: metadata.labels
      - path: cpu_limit
        resourceFieldRef:
          containerName: app
          resource: limits.cpu
          divisor: 1m
      defaultMode: 420
  - name: data
    persistentVolumeClaim:
      claimName: web-data
      readOnly: true
  - name: kube-api-access
    projected:
      sources:
      - serviceAccountToken:
          audience: api
          expirationSeconds: 3607
          path: token
      - configMap:
          name: kube-root-ca.crt
          items:
          - key: ca.crt
            path: ca.crt
      - downwardAPI:
          items:
          - path: namespace
            fieldRef:
              apiVersion: v1
              fieldPath: metadata.namespace
      - secret:
          name: extra
          optional: true
      defaultMode: 420
  - name: share
    nfs:
      server: nfs.example.com
      path: /exports/share
      readOnly: true
  - name: inline
    csi:
      driver: inline.storage.example.com
      readOnly: true
      volumeAttributes:
        size: 1Gi
  initContainers:
  - name: migrate
    image: registry.example.com/shop/migrate:1.4.2
    command: ["/bin/migrate"]
    args: ["--up"]
    env:
    - name: DB_URL
      valueFrom:
        secretKeyRef:
          name: db
          key: url
    resources:
      limits:
        cpu: 500m
        memory: 128Mi
      requests:
        cpu: 100m
        memory: 64Mi
    terminationMessagePath: /dev/termination-log
    terminationMessagePolicy: FallbackToLogsOnError
    imagePullPolicy: IfNotPresent
  - name: log-shipper
    image: registry.example.com/shipper:2.0
    restartPolicy: Always
    volumeMounts:
    - name: host-logs
      mountPath: /logs
      readOnly: true
      recursiveReadOnly: IfPossible
    startupProbe:
      exec:
        command: ["cat", "/tmp/ready"]
      failureThreshold: 30
      periodSeconds: 1
      successThreshold: 1
      timeoutSeconds: 1
  containers:
  - name: app
    image: registry.example.com/shop/web:1.4.2
    workingDir: /srv
    ports:
    - name: http
      containerPort: 8080
      protocol: TCP
    - name: metrics
      containerPort: 9090
      hostPort: 19090
      hostIP: 127.0.0.1
      protocol: TCP
    envFrom:
    - prefix: CFG_
      configMapRef:
        name: web-env
        optional: true
    - secretRef:
        name: web-secrets
    env:
    - name: POD_NAME
      valueFrom:
        fieldRef:
          apiVersion: v1
          fieldPath: metadata.name
    - name: POD_IP
      valueFrom:
        fieldRef:
          apiVersion: v1
          fieldPath: status.podIP
    - name: MEM_LIMIT
      valueFrom:
        resourceFieldRef:
          resource: limits.memory
          divisor: 1Mi
    - name: MODE
      valueFrom:
        configMapKeyRef:
          name: web-config
          key: mode
          optional: true
    - name: GREETING
      value: hello $(POD_NAME)
    resources:
      limits:
        cpu: "1"
        memory: 512Mi
        ephemeral-storage: 1Gi
      requests:
        cpu: 250m
        memory: 256Mi
    resizePolicy:
    - resourceName: cpu
      restartPolicy: NotRequired
    - resourceName: memory
      restartPolicy: RestartContainer
    volumeMounts:
    - name: cache
      mountPath: /cache
    - name: config
      mountPath: /etc/web
      readOnly: true
    - name: certs
      mountPath: /etc/tls
      readOnly: true
      mountPropagation: None
    - name: podinfo
      mountPath: /etc/podinfo
    - name: data
      mountPath: /data
      subPathExpr: $(POD_NAME)
    - name: kube-api-access
      mountPath: /var/run/secrets/kubernetes.io/serviceaccount
      readOnly: true
    livenessProbe:
      httpGet:
        path: /healthz
        port: http
        scheme: HTTP
        httpHeaders:
        - name: X-Probe
          value: liveness
      initialDelaySeconds: 5
      timeoutSeconds: 2
      periodSeconds: 10
      successThreshold: 1
      failureThreshold: 3
      terminationGracePeriodSeconds: 10
    readinessProbe:
      tcpSocket:
        port: 8080
      periodSeconds: 5
      successThreshold: 2
      failureThreshold: 3
      timeoutSeconds: 1
    startupProbe:
      grpc:
        port: 9090
        service: health
      failureThreshold: 30
      periodSeconds: 10
      successThreshold: 1
      timeoutSeconds: 1
    lifecycle:
      postStart:
        exec:
          command: ["/bin/sh", "-c", "echo started"]
      preStop:
        sleep:
          seconds: 5
    terminationMessagePath: /dev/termination-log
    terminationMessagePolicy: File
    imagePullPolicy: IfNotPresent
    securityContext:
      capabilities:
        add: ["NET_BIND_SERVICE"]
        drop: ["ALL"]
      privileged: false
      runAsUser: 1000
      runAsGroup: 1000
      runAsNonRoot: true
      readOnlyRootFilesystem: true
      allowPrivilegeEscalation: false
      procMount: Default
      seccompProfile:
        type: RuntimeDefault
      appArmorProfile:
        type: RuntimeDefault
      seLinuxOptions:
        level: s0:c123,c456
    stdin: false
    stdinOnce: false
    tty: false
  - name: debug-sidecar
    image: busybox
    command: ["sleep", "infinity"]
    lifecycle:
      preStop:
        httpGet:
          path: /quit
          port: 8081
          host: 127.0.0.1
          scheme: HTTPS
    terminationMessagePath: /dev/termination-log
    terminationMessagePolicy: File
    imagePullPolicy: Always
    stdin: true
    tty: true
  restartPolicy: Always
  terminationGracePeriodSeconds: 45
  activeDeadlineSeconds: 86400
  dnsPolicy: None
  dnsConfig:
    nameservers: ["10.43.0.10"]
    searches: ["shop.svc.cluster.local", "svc.cluster.local"]
    options:
    - name: ndots
      value: "2"
    - name: edns0
  nodeSelector:
    kubernetes.io/os: linux
  serviceAccountName: web
  serviceAccount: web
  automountServiceAccountToken: false
  nodeName: node-1
  hostNetwork: false
  hostPID: false
  hostIPC: false
  shareProcessNamespace: true
  securityContext:
    runAsUser: 1000
    runAsGroup: 3000
    runAsNonRoot: true
    fsGroup: 2000
    fsGroupChangePolicy: OnRootMismatch
    supplementalGroups: [4000]
    supplementalGroupsPolicy: Merge
    sysctls:
    - name: net.ipv4.ip_local_port_range
      value: 1024 65535
    seccompProfile:
      type: Localhost
      localhostProfile: profiles/web.json
  imagePullSecrets:
  - name: regcred
  hostname: web-0
  subdomain: web-headless
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions:
          - key: topology.kubernetes.io/zone
            operator: In
            values: ["zone-a", "zone-b"]
          - key: node.example.com/cores
            operator: Gt
            values: ["4"]
          matchFields:
          - key: metadata.name
            operator: NotIn
            values: ["node-9"]
      preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 50
        preference:
          matchExpressions:
          - key: disktype
            operator: Exists
    podAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
      - labelSelector:
          matchLabels:
            app: cache
        topologyKey: kubernetes.io/hostname
        namespaces: ["shop", "shared"]
    podAntiAffinity:
      preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        podAffinityTerm:
          labelSelector:
            matchExpressions:
            - key: app
              operator: In
              values: ["web"]
          namespaceSelector: {}
          topologyKey: topology.kubernetes.io/zone
          matchLabelKeys: ["pod-template-hash"]
  schedulerName: default-scheduler
  tolerations:
  - key: node.kubernetes.io/not-ready
    operator: Exists
    effect: NoExecute
    tolerationSeconds: 300
  - key: dedicated
    operator: Equal
    value: shop
    effect: NoSchedule
  hostAliases:
  - ip: 10.0.0.5
    hostnames: ["db.local", "db"]
  priorityClassName: high
  priority: 1000
  preemptionPolicy: PreemptLowerPriority
  readinessGates:
  - conditionType: example.com/lb-ready
  runtimeClassName: runc
  enableServiceLinks: false
  overhead:
    cpu: 10m
  topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: topology.kubernetes.io/zone
    whenUnsatisfiable: DoNotSchedule
    labelSelector:
      matchLabels:
        app: web
    minDomains: 2
    nodeAffinityPolicy: Honor
    nodeTaintsPolicy: Ignore
    matchLabelKeys: ["pod-template-hash"]
  setHostnameAsFQDN: false
  os:
    name: linux
  hostUsers: true
status:
  phase: Running
  conditions:
  - type: PodReadyToStartContainers
    status: "True"
    lastProbeTime: null
    lastTransitionTime: "2026-11-25T10:00:05Z"
  - type: Initialized
    status: "True"
    lastProbeTime: null
    lastTransitionTime: "2026-11-25T10:00:09Z"
  - type: Ready
    status: "True"
    lastProbeTime: null
    lastTransitionTime: "2026-11-25T10:00:20Z"
  - type: PodScheduled
    status: "True"
    lastProbeTime: null
    lastTransitionTime: "2026-11-25T10:00:00Z"
  hostIP: 192.168.1.10
  hostIPs:
  - ip: 192.168.1.10
  podIP: 10.42.0.17
  podIPs:
  - ip: 10.42.0.17
  - ip: fd00:42::11
  startTime: "2026-11-25T10:00:01Z"
  qosClass: Burstable
  initContainerStatuses:
  - name: migrate
    state:
      terminated:
        exitCode: 0
        reason: Completed
        startedAt: "2026-11-25T10:00:02Z"
        finishedAt: "2026-11-25T10:00:08Z"
        containerID: containerd://aaa
    lastState: {}
    ready: true
    restartCount: 0
    image: registry.example.com/shop/migrate:1.4.2
    imageID: registry.example.com/shop/migrate@sha256:0123
    containerID: containerd://aaa
    started: false
  - name: log-shipper
    state:
      running:
        startedAt: "2026-11-25T10:00:08Z"
    lastState: {}
    ready: true
    restartCount: 0
    image: registry.example.com/shipper:2.0
    imageID: registry.example.com/shipper@sha256:4567
    containerID: containerd://bbb
    started: true
  containerStatuses:
  - name: app
    state:
      running:
        startedAt: "2026-11-25T10:10:00Z"
    lastState:
      terminated:
        exitCode: 137
        signal: 9
        reason: OOMKilled
        message: out of memory
        startedAt: "2026-11-25T10:00:09Z"
        finishedAt: "2026-11-25T10:09:59Z"
        containerID: containerd://ccc
    ready: true
    restartCount: 1
    image: registry.example.com/shop/web:1.4.2
    imageID: registry.example.com/shop/web@sha256:89ab
    containerID: containerd://ddd
    started: true
    allocatedResources:
      cpu: 250m
      memory: 256Mi
    resources:
      limits:
        cpu: "1"
        memory: 512Mi
      requests:
        cpu: 250m
        memory: 256Mi
    volumeMounts:
    - name: cache
      mountPath: /cache
    - name: config
      mountPath: /etc/web
      readOnly: true
      recursiveReadOnly: Disabled
    user:
      linux:
        uid: 1000
        gid: 1000
        supplementalGroups: [1000, 2000, 4000]
  - name: debug-sidecar
    state:
      waiting:
        reason: CrashLoopBackOff
        message: back-off 5m0s restarting failed container
    lastState: {}
    ready: false
    restartCount: 7
    image: docker.io/library/busybox:latest
    imageID: docker.io/library/busybox@sha256:cdef
    containerID: containerd://eee
    started: false
`

func TestPodDecodeStrictRoundTrip(t *testing.T) {
	var pod Pod
	js := wlDecodeStrict(t, wlFullPod, &pod)
	out, err := stdjson.Marshal(&pod)
	if err != nil {
		t.Fatal(err)
	}
	if d := wlSameJSON(t, js, out); d != "" {
		t.Errorf("re-encoded pod differs (-manifest +encoded):\n%s", d)
	}
	// A few spot checks of typed values.
	c := pod.Spec.Containers[0]
	if got := c.LivenessProbe.HTTPGet.Port.String(); got != "http" {
		t.Errorf("liveness port = %q, want http", got)
	}
	if got := c.ReadinessProbe.TCPSocket.Port.IntValue(); got != 8080 {
		t.Errorf("readiness port = %d, want 8080", got)
	}
	if got := c.Resources.Limits.Memory().String(); got != "512Mi" {
		t.Errorf("memory limit = %s, want 512Mi", got)
	}
	if !pod.Status.ContainerStatuses[0].LastTerminationState.Terminated.FinishedAt.Equal(&meta.Time{Time: time.Date(2026, 11, 25, 10, 9, 59, 0, time.UTC)}) {
		t.Errorf("finishedAt = %v", pod.Status.ContainerStatuses[0].LastTerminationState.Terminated.FinishedAt)
	}
	// The manifest is valid once defaulted.
	SetObjectDefaults_Pod(&pod)
	if errs := ValidatePod(&pod); len(errs) != 0 {
		t.Errorf("ValidatePod: %v", wlErrStrings(errs))
	}
}

func TestPodDecodeRejectsUnknownFields(t *testing.T) {
	for name, tc := range map[string]struct {
		manifest string
		want     string
	}{
		"misspelled container field": {
			manifest: "spec:\n  containers:\n  - name: a\n    image: x\n    imagePullPolcy: Always\n",
			want:     `unknown field "spec.containers[0].imagePullPolcy"`,
		},
		"volume source Gantry does not know": {
			manifest: "spec:\n  volumes:\n  - name: v\n    awsElasticBlockStore:\n      volumeID: vol-1\n",
			want:     `unknown field "spec.volumes[0].awsElasticBlockStore"`,
		},
		"stopSignal is not in 1.32": {
			manifest: "spec:\n  containers:\n  - name: a\n    image: x\n    lifecycle:\n      stopSignal: SIGUSR1\n",
			want:     `unknown field "spec.containers[0].lifecycle.stopSignal"`,
		},
	} {
		t.Run(name, func(t *testing.T) {
			var pod Pod
			got := wlStrictErrors(t, tc.manifest, &pod)
			if len(got) != 1 || !strings.Contains(got[0], tc.want) {
				t.Errorf("errors = %q, want one containing %q", got, tc.want)
			}
		})
	}
}

func TestPodTemplateDecode(t *testing.T) {
	const m = `
apiVersion: v1
kind: PodTemplate
metadata:
  name: tpl
  namespace: default
template:
  metadata:
    labels:
      app: x
  spec:
    containers:
    - name: c
      image: nginx:1.27
`
	var pt PodTemplate
	js := wlDecodeStrict(t, m, &pt)
	out, err := stdjson.Marshal(&pt)
	if err != nil {
		t.Fatal(err)
	}
	if d := wlSameJSON(t, js, out); d != "" {
		t.Errorf("(-manifest +encoded):\n%s", d)
	}
}

func TestResourceListHelpers(t *testing.T) {
	rl := ResourceList{
		ResourceCPU:              resource.MustParse("1500m"),
		ResourceMemory:           resource.MustParse("2Gi"),
		ResourcePods:             resource.MustParse("110"),
		ResourceEphemeralStorage: resource.MustParse("10Gi"),
	}
	for _, tc := range []struct {
		name string
		got  *resource.Quantity
		want string
	}{
		{"cpu", rl.Cpu(), "1500m"},
		{"memory", rl.Memory(), "2Gi"},
		{"pods", rl.Pods(), "110"},
		{"ephemeral", rl.StorageEphemeral(), "10Gi"},
		{"missing", ResourceList{}.Cpu(), "0"},
		{"missing by name", rl.Name("example.com/gpu", resource.DecimalSI), "0"},
	} {
		if got := tc.got.String(); got != tc.want {
			t.Errorf("%s = %s, want %s", tc.name, got, tc.want)
		}
	}
	// Name returns a copy.
	q := rl.Cpu()
	q.Add(resource.MustParse("1"))
	if got := rl.Cpu().String(); got != "1500m" {
		t.Errorf("list changed through Cpu(): %s", got)
	}
}

func TestTolerationToleratesTaint(t *testing.T) {
	taint := &Taint{Key: "dedicated", Value: "shop", Effect: TaintEffectNoSchedule}
	for _, tc := range []struct {
		name string
		tol  Toleration
		want bool
	}{
		{"equal match", Toleration{Key: "dedicated", Operator: TolerationOpEqual, Value: "shop", Effect: TaintEffectNoSchedule}, true},
		{"empty operator means Equal", Toleration{Key: "dedicated", Value: "shop"}, true},
		{"value differs", Toleration{Key: "dedicated", Value: "other"}, false},
		{"exists any value", Toleration{Key: "dedicated", Operator: TolerationOpExists}, true},
		{"exists all keys", Toleration{Operator: TolerationOpExists}, true},
		{"effect differs", Toleration{Key: "dedicated", Operator: TolerationOpExists, Effect: TaintEffectNoExecute}, false},
		{"key differs", Toleration{Key: "other", Operator: TolerationOpExists}, false},
		{"unknown operator", Toleration{Key: "dedicated", Operator: "Gt", Value: "shop"}, false},
	} {
		if got := tc.tol.ToleratesTaint(taint); got != tc.want {
			t.Errorf("%s: ToleratesTaint = %v, want %v", tc.name, got, tc.want)
		}
	}
	if !taint.MatchTaint(&Taint{Key: "dedicated", Value: "x", Effect: TaintEffectNoSchedule}) {
		t.Error("MatchTaint ignores the value")
	}
	if taint.MatchTaint(&Taint{Key: "dedicated", Effect: TaintEffectNoExecute}) {
		t.Error("MatchTaint compares the effect")
	}
	for _, tc := range []struct {
		taint Taint
		want  string
	}{
		{Taint{Key: "k", Value: "v", Effect: TaintEffectNoSchedule}, "k=v:NoSchedule"},
		{Taint{Key: "k", Effect: TaintEffectNoSchedule}, "k:NoSchedule"},
		{Taint{Key: "k", Value: "v"}, "k=v:"},
		{Taint{Key: "k"}, "k"},
	} {
		if got := tc.taint.ToString(); got != tc.want {
			t.Errorf("ToString = %q, want %q", got, tc.want)
		}
	}
}
