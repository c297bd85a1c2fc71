package v1

import (
	"testing"
	"time"

	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/google/go-cmp/cmp"
)

func TestTables(t *testing.T) {
	r := newRegistry(t)
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	created := meta.NewTime(now.Add(-3 * time.Hour))

	d := defaulted[*Deployment](t, r, "Deployment", nginxDeploymentYAML)
	d.CreationTimestamp = created
	d.Status = DeploymentStatus{Replicas: 3, UpdatedReplicas: 3, ReadyReplicas: 2, AvailableReplicas: 2}

	rs := defaulted[*ReplicaSet](t, r, "ReplicaSet", frontendReplicaSetYAML)
	rs.CreationTimestamp = created
	rs.Status = ReplicaSetStatus{Replicas: 3, ReadyReplicas: 1}

	ds := defaulted[*DaemonSet](t, r, "DaemonSet", fluentdDaemonSetYAML)
	ds.CreationTimestamp = created
	ds.Spec.Template.Spec.NodeSelector = map[string]string{"kubernetes.io/os": "linux"}
	ds.Status = DaemonSetStatus{DesiredNumberScheduled: 4, CurrentNumberScheduled: 4, NumberReady: 3, UpdatedNumberScheduled: 4, NumberAvailable: 3}

	sts := defaulted[*StatefulSet](t, r, "StatefulSet", webStatefulSetYAML)
	sts.CreationTimestamp = created
	sts.Status = StatefulSetStatus{Replicas: 3, ReadyReplicas: 3}

	cr := decodeManifest(t, r, controllerRevisionYAML).(*ControllerRevision)
	cr.CreationTimestamp = created
	orphan := cr.DeepCopy()
	orphan.OwnerReferences = nil

	tests := []struct {
		kind    string
		obj     meta.Object
		columns []string
		wide    []bool
		cells   []any
	}{
		{
			kind:    "Deployment",
			obj:     d,
			columns: []string{"Name", "Ready", "Up-to-date", "Available", "Age", "Containers", "Images", "Selector"},
			wide:    []bool{false, false, false, false, false, true, true, true},
			cells:   []any{"nginx-deployment", "2/3", int64(3), int64(2), "3h", "nginx", "nginx:1.14.2", "app=nginx"},
		},
		{
			kind:    "ReplicaSet",
			obj:     rs,
			columns: []string{"Name", "Desired", "Current", "Ready", "Age", "Containers", "Images", "Selector"},
			wide:    []bool{false, false, false, false, false, true, true, true},
			cells: []any{"frontend", int64(3), int64(3), int64(1), "3h", "php-redis",
				"us-docker.pkg.dev/google-samples/containers/gke/gb-frontend:v5", "tier=frontend"},
		},
		{
			kind:    "DaemonSet",
			obj:     ds,
			columns: []string{"Name", "Desired", "Current", "Ready", "Up-to-date", "Available", "Node Selector", "Age", "Containers", "Images", "Selector"},
			wide:    []bool{false, false, false, false, false, false, false, false, true, true, true},
			cells: []any{"fluentd-elasticsearch", int64(4), int64(4), int64(3), int64(4), int64(3), "kubernetes.io/os=linux", "3h",
				"fluentd-elasticsearch", "quay.io/fluentd_elasticsearch/fluentd:v2.5.2", "name=fluentd-elasticsearch"},
		},
		{
			kind:    "StatefulSet",
			obj:     sts,
			columns: []string{"Name", "Ready", "Age", "Containers", "Images"},
			wide:    []bool{false, false, false, true, true},
			cells:   []any{"web", "3/3", "3h", "nginx", "registry.k8s.io/nginx-slim:0.24"},
		},
		{
			kind:    "ControllerRevision",
			obj:     cr,
			columns: []string{"Name", "Controller", "Revision", "Age"},
			wide:    []bool{false, false, false, false},
			cells:   []any{"fluentd-elasticsearch-6d5b8c7f9d", "daemonset.apps/fluentd-elasticsearch", int64(1), "3h"},
		},
		{
			kind:    "ControllerRevision",
			obj:     orphan,
			columns: []string{"Name", "Controller", "Revision", "Age"},
			wide:    []bool{false, false, false, false},
			cells:   []any{"fluentd-elasticsearch-6d5b8c7f9d", "<none>", int64(1), "3h"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.kind+"/"+tc.obj.GetObjectMeta().Name, func(t *testing.T) {
			k := kindOf(t, r, tc.kind)
			var names []string
			var wide []bool
			for _, c := range k.Columns() {
				names = append(names, c.Name)
				wide = append(wide, c.Priority == 1)
			}
			if diff := cmp.Diff(tc.columns, names); diff != "" {
				t.Errorf("columns (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.wide, wide); diff != "" {
				t.Errorf("wide columns (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.cells, k.Cells(tc.obj, now)); diff != "" {
				t.Errorf("cells (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDaemonSetCellsWithoutNodeSelector(t *testing.T) {
	r := newRegistry(t)
	ds := defaulted[*DaemonSet](t, r, "DaemonSet", fluentdDaemonSetYAML)
	if got := daemonSetCells(ds, time.Now())[6]; got != "<none>" {
		t.Errorf("NODE SELECTOR = %v, want <none>", got)
	}
	if got := deploymentCells(&Deployment{Spec: DeploymentSpec{Selector: &meta.LabelSelector{MatchLabels: map[string]string{"a": "-bad-"}}}}, time.Now())[7]; got != "<invalid>" {
		t.Errorf("SELECTOR of an invalid selector = %v, want <invalid>", got)
	}
}
