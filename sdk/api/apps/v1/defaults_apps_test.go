package v1

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Manifests from the Kubernetes documentation.
const (
	nginxDeploymentYAML = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
  labels:
    app: nginx
spec:
  replicas: 3
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.14.2
        ports:
        - containerPort: 80
`
	frontendReplicaSetYAML = `
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: frontend
  labels:
    app: guestbook
    tier: frontend
spec:
  # modify replicas according to your case
  replicas: 3
  selector:
    matchLabels:
      tier: frontend
  template:
    metadata:
      labels:
        tier: frontend
    spec:
      containers:
      - name: php-redis
        image: us-docker.pkg.dev/google-samples/containers/gke/gb-frontend:v5
`
	fluentdDaemonSetYAML = `
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fluentd-elasticsearch
  namespace: kube-system
  labels:
    k8s-app: fluentd-logging
spec:
  selector:
    matchLabels:
      name: fluentd-elasticsearch
  template:
    metadata:
      labels:
        name: fluentd-elasticsearch
    spec:
      tolerations:
      # these tolerations are to have the daemonset runnable on control plane nodes
      - key: node-role.kubernetes.io/control-plane
        operator: Exists
        effect: NoSchedule
      - key: node-role.kubernetes.io/master
        operator: Exists
        effect: NoSchedule
      containers:
      - name: fluentd-elasticsearch
        image: quay.io/fluentd_elasticsearch/fluentd:v2.5.2
        resources:
          limits:
            memory: 200Mi
          requests:
            cpu: 100m
            memory: 200Mi
        volumeMounts:
        - name: varlog
          mountPath: /var/log
      terminationGracePeriodSeconds: 30
      volumes:
      - name: varlog
        hostPath:
          path: /var/log
`
	webStatefulSetYAML = `
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: nginx # has to match .spec.template.metadata.labels
  serviceName: "nginx"
  replicas: 3 # by default is 1
  minReadySeconds: 10 # by default is 0
  template:
    metadata:
      labels:
        app: nginx # has to match .spec.selector.matchLabels
    spec:
      terminationGracePeriodSeconds: 10
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.24
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ "ReadWriteOnce" ]
      storageClassName: "my-storage-class"
      resources:
        requests:
          storage: 1Gi
`
	controllerRevisionYAML = `
apiVersion: apps/v1
kind: ControllerRevision
metadata:
  name: fluentd-elasticsearch-6d5b8c7f9d
  namespace: kube-system
  labels:
    controller-revision-hash: 6d5b8c7f9d
    name: fluentd-elasticsearch
  ownerReferences:
  - apiVersion: apps/v1
    kind: DaemonSet
    name: fluentd-elasticsearch
    uid: 0b6e4ad4-8a7e-4b8e-a5a0-2f5f5f5f5f5f
    controller: true
    blockOwnerDeletion: true
data:
  spec:
    template:
      $patch: replace
      metadata:
        labels:
          name: fluentd-elasticsearch
      spec:
        containers:
        - image: quay.io/fluentd_elasticsearch/fluentd:v2.5.2
          name: fluentd-elasticsearch
revision: 1
`
)

// The pod template defaults Kubernetes 1.32 gives the nginx example, as
// "kubectl get deployment nginx-deployment -o json" shows them.
const nginxDefaultedSpecJSON = `{
  "progressDeadlineSeconds": 600,
  "replicas": 3,
  "revisionHistoryLimit": 10,
  "selector": {"matchLabels": {"app": "nginx"}},
  "strategy": {"rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}, "type": "RollingUpdate"},
  "template": {
    "metadata": {"creationTimestamp": null, "labels": {"app": "nginx"}},
    "spec": {
      "containers": [{
        "image": "nginx:1.14.2",
        "imagePullPolicy": "IfNotPresent",
        "name": "nginx",
        "ports": [{"containerPort": 80, "protocol": "TCP"}],
        "resources": {},
        "terminationMessagePath": "/dev/termination-log",
        "terminationMessagePolicy": "File"
      }],
      "dnsPolicy": "ClusterFirst",
      "restartPolicy": "Always",
      "schedulerName": "default-scheduler",
      "securityContext": {},
      "terminationGracePeriodSeconds": 30
    }
  }
}`

func TestDeploymentDecodeAndDefaults(t *testing.T) {
	r := newRegistry(t)
	obj := decodeManifest(t, r, nginxDeploymentYAML)
	d, ok := obj.(*Deployment)
	if !ok {
		t.Fatalf("decoded %T, want *Deployment", obj)
	}
	kindOf(t, r, "Deployment").Default(d)
	if diff := cmp.Diff(parseJSON(t, nginxDefaultedSpecJSON), toJSONValue(t, &d.Spec)); diff != "" {
		t.Errorf("defaulted spec (-want +got):\n%s", diff)
	}
	if errs := kindOf(t, r, "Deployment").Validate(d); len(errs) != 0 {
		t.Errorf("Validate: %v", messages(errs))
	}
}

func TestDeploymentDefaults(t *testing.T) {
	tests := []struct {
		name string
		in   DeploymentSpec
		want string // JSON of the spec's own defaulted fields (template left out)
	}{
		{
			name: "empty",
			want: `{"replicas":1,"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":"25%"}},"revisionHistoryLimit":10,"progressDeadlineSeconds":600}`,
		},
		{
			name: "recreate gets no rolling update",
			in:   DeploymentSpec{Strategy: DeploymentStrategy{Type: RecreateDeploymentStrategyType}},
			want: `{"replicas":1,"strategy":{"type":"Recreate"},"revisionHistoryLimit":10,"progressDeadlineSeconds":600}`,
		},
		{
			name: "explicit values are kept",
			in: DeploymentSpec{
				Replicas: ptrInt32(0), RevisionHistoryLimit: ptrInt32(0), ProgressDeadlineSeconds: ptrInt32(30),
				Strategy: DeploymentStrategy{RollingUpdate: &RollingUpdateDeployment{MaxSurge: intOrStr("1")}},
			},
			want: `{"replicas":0,"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":1}},"revisionHistoryLimit":0,"progressDeadlineSeconds":30}`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := &Deployment{Spec: tc.in}
			SetDefaults_Deployment(d)
			got := toJSONValue(t, &d.Spec).(map[string]any)
			delete(got, "template")
			delete(got, "selector")
			if diff := cmp.Diff(parseJSON(t, tc.want), any(got)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestReplicaSetDecodeAndDefaults(t *testing.T) {
	r := newRegistry(t)
	rs := decodeManifest(t, r, frontendReplicaSetYAML).(*ReplicaSet)
	kindOf(t, r, "ReplicaSet").Default(rs)
	if got := derefInt32(rs.Spec.Replicas); got != 3 {
		t.Errorf("replicas = %d, want 3", got)
	}
	empty := &ReplicaSet{}
	SetDefaults_ReplicaSet(empty)
	if got := derefInt32(empty.Spec.Replicas); got != 1 {
		t.Errorf("default replicas = %d, want 1", got)
	}
	if rs.Spec.Template.Spec.RestartPolicy != "Always" {
		t.Errorf("template restartPolicy = %q, want Always (pod template defaults applied)", rs.Spec.Template.Spec.RestartPolicy)
	}
	if errs := kindOf(t, r, "ReplicaSet").Validate(rs); len(errs) != 0 {
		t.Errorf("Validate: %v", messages(errs))
	}
}

func TestDaemonSetDecodeAndDefaults(t *testing.T) {
	r := newRegistry(t)
	ds := decodeManifest(t, r, fluentdDaemonSetYAML).(*DaemonSet)
	kindOf(t, r, "DaemonSet").Default(ds)
	got := toJSONValue(t, &ds.Spec).(map[string]any)
	delete(got, "template")
	want := `{
	  "selector": {"matchLabels": {"name": "fluentd-elasticsearch"}},
	  "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0}},
	  "revisionHistoryLimit": 10
	}`
	if diff := cmp.Diff(parseJSON(t, want), any(got)); diff != "" {
		t.Errorf("defaulted spec (-want +got):\n%s", diff)
	}
	onDelete := &DaemonSet{Spec: DaemonSetSpec{UpdateStrategy: DaemonSetUpdateStrategy{Type: OnDeleteDaemonSetStrategyType}}}
	SetDefaults_DaemonSet(onDelete)
	if onDelete.Spec.UpdateStrategy.RollingUpdate != nil {
		t.Errorf("OnDelete got a rollingUpdate: %+v", onDelete.Spec.UpdateStrategy.RollingUpdate)
	}
	if errs := kindOf(t, r, "DaemonSet").Validate(ds); len(errs) != 0 {
		t.Errorf("Validate: %v", messages(errs))
	}
}

func TestStatefulSetDecodeAndDefaults(t *testing.T) {
	r := newRegistry(t)
	sts := decodeManifest(t, r, webStatefulSetYAML).(*StatefulSet)
	kindOf(t, r, "StatefulSet").Default(sts)
	got := toJSONValue(t, &sts.Spec).(map[string]any)
	delete(got, "template")
	want := `{
	  "replicas": 3,
	  "selector": {"matchLabels": {"app": "nginx"}},
	  "serviceName": "nginx",
	  "minReadySeconds": 10,
	  "podManagementPolicy": "OrderedReady",
	  "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}},
	  "revisionHistoryLimit": 10,
	  "persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Retain", "whenScaled": "Retain"},
	  "volumeClaimTemplates": [{
	    "metadata": {"name": "www", "creationTimestamp": null},
	    "spec": {
	      "accessModes": ["ReadWriteOnce"],
	      "storageClassName": "my-storage-class",
	      "resources": {"requests": {"storage": "1Gi"}},
	      "volumeMode": "Filesystem"
	    },
	    "status": {"phase": "Pending"}
	  }]
	}`
	if diff := cmp.Diff(parseJSON(t, want), any(got)); diff != "" {
		t.Errorf("defaulted spec (-want +got):\n%s", diff)
	}
	onDelete := &StatefulSet{Spec: StatefulSetSpec{UpdateStrategy: StatefulSetUpdateStrategy{Type: OnDeleteStatefulSetStrategyType}}}
	SetDefaults_StatefulSet(onDelete)
	if onDelete.Spec.UpdateStrategy.RollingUpdate != nil {
		t.Errorf("OnDelete got a rollingUpdate: %+v", onDelete.Spec.UpdateStrategy.RollingUpdate)
	}
	if errs := kindOf(t, r, "StatefulSet").Validate(sts); len(errs) != 0 {
		t.Errorf("Validate: %v", messages(errs))
	}
}

func TestControllerRevisionDecode(t *testing.T) {
	r := newRegistry(t)
	cr := decodeManifest(t, r, controllerRevisionYAML).(*ControllerRevision)
	if cr.Revision != 1 {
		t.Errorf("revision = %d, want 1", cr.Revision)
	}
	if len(cr.Data.Raw) == 0 || cr.Data.Raw[0] != '{' {
		t.Errorf("data = %s, want the raw JSON object", cr.Data.Raw)
	}
	cp := cr.DeepCopy()
	cp.Data.Raw[0] = 'X'
	if cr.Data.Raw[0] != '{' {
		t.Error("DeepCopy shares the raw data")
	}
	if errs := kindOf(t, r, "ControllerRevision").Validate(cr); len(errs) != 0 {
		t.Errorf("Validate: %v", messages(errs))
	}
}
