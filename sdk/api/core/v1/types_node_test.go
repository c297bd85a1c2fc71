package v1

import (
	stdjson "encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/resource"
)

// A node as `kubectl get node -o yaml` prints it from a Kubernetes 1.32 cluster.
const wlNodeManifest = `
apiVersion: v1
kind: Node
metadata:
  name: node-1
  uid: 0b9f1c2d-aaaa-bbbb-cccc-ddddeeeeffff
  resourceVersion: "812"
  creationTimestamp: "2026-11-20T09:00:00Z"
  labels:
    kubernetes.io/hostname: node-1
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    node-role.kubernetes.io/control-plane: ""
    topology.kubernetes.io/zone: zone-a
  annotations:
    node.alpha.kubernetes.io/ttl: "0"
spec:
  podCIDR: 10.42.0.0/24
  podCIDRs:
  - 10.42.0.0/24
  - fd00:42::/64
  providerID: gantry://node-1
  unschedulable: true
  taints:
  - key: node-role.kubernetes.io/control-plane
    effect: NoSchedule
  - key: node.kubernetes.io/unschedulable
    effect: NoSchedule
    timeAdded: "2026-11-25T08:00:00Z"
status:
  capacity:
    cpu: "2"
    ephemeral-storage: 41152812Ki
    hugepages-2Mi: "0"
    memory: 4025212Ki
    pods: "110"
  allocatable:
    cpu: 1900m
    ephemeral-storage: "37926361435"
    hugepages-2Mi: "0"
    memory: 3922812Ki
    pods: "110"
  conditions:
  - type: MemoryPressure
    status: "False"
    lastHeartbeatTime: "2026-11-25T11:59:00Z"
    lastTransitionTime: "2026-11-20T09:00:00Z"
    reason: KubeletHasSufficientMemory
    message: kubelet has sufficient memory available
  - type: Ready
    status: "True"
    lastHeartbeatTime: "2026-11-25T11:59:00Z"
    lastTransitionTime: "2026-11-20T09:00:30Z"
    reason: KubeletReady
    message: kubelet is posting ready status
  addresses:
  - type: InternalIP
    address: 192.168.1.10
  - type: ExternalIP
    address: 203.0.113.10
  - type: Hostname
    address: node-1
  daemonEndpoints:
    kubeletEndpoint:
      Port: 10250
  nodeInfo:
    machineID: 6f1e8c3a
    systemUUID: 4c4c4544
    bootID: 7a1b2c3d
    kernelVersion: 6.1.0-28-amd64
    osImage: Debian GNU/Linux 12 (bookworm)
    containerRuntimeVersion: containerd://1.6.20
    kubeletVersion: v1.32.0
    kubeProxyVersion: v1.32.0
    operatingSystem: linux
    architecture: amd64
    swap:
      capacity: 0
  images:
  - names:
    - docker.io/library/nginx@sha256:0123
    - docker.io/library/nginx:1.27
    sizeBytes: 72000000
  volumesInUse:
  - kubernetes.io/csi/driver^vol-1
  volumesAttached:
  - name: kubernetes.io/csi/driver^vol-1
    devicePath: ""
  runtimeHandlers:
  - name: runc
    features:
      recursiveReadOnlyMounts: true
      userNamespaces: true
  - features:
      recursiveReadOnlyMounts: true
      userNamespaces: true
  features:
    supplementalGroupsPolicy: true
`

func TestNodeDecodeStrictRoundTrip(t *testing.T) {
	var n Node
	js := wlDecodeStrict(t, wlNodeManifest, &n)
	out, err := stdjson.Marshal(&n)
	if err != nil {
		t.Fatal(err)
	}
	if d := wlSameJSON(t, js, out); d != "" {
		t.Errorf("(-manifest +encoded):\n%s", d)
	}
	SetObjectDefaults_Node(&n)
	if errs := ValidateNode(&n); len(errs) != 0 {
		t.Errorf("ValidateNode: %v", wlErrStrings(errs))
	}
}

func TestNodeDefaults(t *testing.T) {
	n := &Node{
		Spec:   NodeSpec{PodCIDR: "10.42.1.0/24"},
		Status: NodeStatus{Capacity: ResourceList{ResourceCPU: resource.MustParse("2"), ResourcePods: resource.MustParse("110")}},
	}
	SetObjectDefaults_Node(n)
	if d := cmp.Diff(n.Status.Capacity, n.Status.Allocatable, wlQuantityCmp); d != "" {
		t.Errorf("allocatable (-capacity +allocatable):\n%s", d)
	}
	n.Status.Allocatable[ResourceCPU] = resource.MustParse("1")
	if got := n.Status.Capacity.Cpu().String(); got != "2" {
		t.Errorf("allocatable shares capacity's map: capacity cpu %s", got)
	}
	if d := cmp.Diff([]string{"10.42.1.0/24"}, n.Spec.PodCIDRs); d != "" {
		t.Errorf("podCIDRs (-want +got):\n%s", d)
	}
	n2 := &Node{Spec: NodeSpec{PodCIDRs: []string{"10.42.2.0/24", "fd00::/64"}}}
	SetObjectDefaults_Node(n2)
	if n2.Spec.PodCIDR != "10.42.2.0/24" {
		t.Errorf("podCIDR = %q", n2.Spec.PodCIDR)
	}
}

func TestValidateNode(t *testing.T) {
	for _, tc := range []struct {
		name string
		spec NodeSpec
		st   NodeStatus
		want []string
	}{
		{name: "empty node is valid"},
		{
			name: "taints",
			spec: NodeSpec{Taints: []Taint{
				{Key: "a", Effect: TaintEffectNoSchedule},
				{Key: "a", Effect: TaintEffectNoSchedule, Value: "other"},
				{Key: "a", Effect: TaintEffectNoExecute},
				{Key: "bad key", Value: "bad value!", Effect: ""},
				{Key: "b", Effect: "Sometimes"},
			}},
			want: []string{
				`spec.taints[1]: Duplicate value: "a:NoSchedule": taints must be unique by key and effect pair`,
				`spec.taints[3].key: Invalid value: "bad key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
				`spec.taints[3].value: Invalid value: "bad value!": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
				"spec.taints[3].effect: Required value",
				`spec.taints[4].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"`,
			},
		},
		{
			name: "pod CIDRs",
			spec: NodeSpec{PodCIDR: "10.42.0.0/24", PodCIDRs: []string{"10.42.0.0/24", "10.43.0.0/24", "nope"}},
			want: []string{
				`spec.podCIDRs[2]: Invalid value: "nope": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)`,
				`spec.podCIDRs: Invalid value: []string{"10.42.0.0/24", "10.43.0.0/24", "nope"}: may specify no more than one CIDR for each IP family`,
			},
		},
		{
			name: "podCIDR must be the first of podCIDRs",
			spec: NodeSpec{PodCIDR: "10.42.9.0/24", PodCIDRs: []string{"10.42.0.0/24"}},
			want: []string{`spec.podCIDR: Invalid value: "10.42.9.0/24": must be equal to podCIDRs[0]`},
		},
		{
			name: "resource quantities",
			st: NodeStatus{
				Capacity:    ResourceList{ResourcePods: resource.MustParse("1500m")},
				Allocatable: ResourceList{ResourceCPU: resource.MustParse("-1")},
			},
			want: []string{
				`status.capacity.pods: Invalid value: "1500m": must be an integer`,
				`status.allocatable.cpu: Invalid value: "-1": must be greater than or equal to 0`,
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := &Node{ObjectMeta: meta.ObjectMeta{Name: "n"}, Spec: tc.spec, Status: tc.st}
			if d := cmp.Diff(tc.want, wlErrStrings(ValidateNode(n))); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestValidateNodeUpdate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		old    NodeSpec
		mutate func(*Node)
		want   []string
	}{
		{name: "cordon", mutate: func(n *Node) { n.Spec.Unschedulable = true }},
		{name: "taints change", mutate: func(n *Node) { n.Spec.Taints = []Taint{{Key: "k", Effect: TaintEffectNoExecute}} }},
		{name: "podCIDR assigned once", mutate: func(n *Node) { n.Spec.PodCIDR = "10.42.0.0/24"; n.Spec.PodCIDRs = []string{"10.42.0.0/24"} }},
		{
			name:   "podCIDR changed",
			old:    NodeSpec{PodCIDR: "10.42.0.0/24", PodCIDRs: []string{"10.42.0.0/24"}},
			mutate: func(n *Node) { n.Spec.PodCIDR = "10.42.1.0/24"; n.Spec.PodCIDRs = []string{"10.42.1.0/24"} },
			want:   []string{`spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid`},
		},
		{
			name:   "providerID changed",
			old:    NodeSpec{ProviderID: "a"},
			mutate: func(n *Node) { n.Spec.ProviderID = "b" },
			want:   []string{`spec.providerID: Forbidden: node updates may not change providerID except from "" to valid`},
		},
		{
			name:   "externalID changed",
			mutate: func(n *Node) { n.Spec.DoNotUseExternalID = "x" },
			want:   []string{"spec.externalID: Forbidden: may not be updated"},
		},
		{
			name: "duplicate addresses",
			mutate: func(n *Node) {
				n.Status.Addresses = []NodeAddress{{Type: NodeInternalIP, Address: "10.0.0.1"}, {Type: NodeInternalIP, Address: "10.0.0.1"}}
			},
			want: []string{`status.addresses[1]: Duplicate value: v1.NodeAddress{Type:"InternalIP", Address:"10.0.0.1"}`},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			old := &Node{ObjectMeta: meta.ObjectMeta{Name: "n"}, Spec: tc.old}
			n := old.DeepCopy()
			tc.mutate(n)
			if d := cmp.Diff(tc.want, wlErrStrings(ValidateNodeUpdate(n, old))); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestNodeRegistrationAndStrategy(t *testing.T) {
	k := wlKind(t, addNode, "Node")
	if k.Resource() != "nodes" || k.Namespaced() || !k.HasStatus() || len(k.Categories()) != 0 {
		t.Errorf("nodes: %q namespaced %v status %v categories %v", k.Resource(), k.Namespaced(), k.HasStatus(), k.Categories())
	}
	if d := cmp.Diff([]string{"no"}, k.ShortNames()); d != "" {
		t.Errorf("short names (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"metadata.name", "spec.unschedulable"}, k.FieldLabels()); d != "" {
		t.Errorf("fields (-want +got):\n%s", d)
	}
	n := &Node{ObjectMeta: meta.ObjectMeta{Name: "node-1"}, Spec: NodeSpec{Unschedulable: true},
		Status: NodeStatus{Phase: NodeRunning, Conditions: []NodeCondition{{Type: NodeReady, Status: ConditionTrue}}}}
	if v, _ := k.FieldValue(n, "spec.unschedulable"); v != "true" {
		t.Errorf("spec.unschedulable = %q", v)
	}
	// A node agent registers its Node with its status: create keeps it.
	k.PrepareForCreate(n)
	if len(n.Status.Conditions) != 1 || n.Generation != 0 {
		t.Errorf("after create: conditions %v generation %d", n.Status.Conditions, n.Generation)
	}
	if errs := k.Validate(&Node{ObjectMeta: meta.ObjectMeta{Name: "Bad_Name"}}); len(errs) == 0 {
		t.Error("node names must be DNS subdomains")
	}
	// Updates of the main resource keep the status; status updates keep the spec.
	upd := n.DeepCopy()
	upd.Spec.Unschedulable = false
	upd.Status.Conditions = nil
	k.PrepareForUpdate(upd, n)
	if upd.Spec.Unschedulable || len(upd.Status.Conditions) != 1 {
		t.Errorf("PrepareForUpdate: spec %+v status %+v", upd.Spec, upd.Status)
	}
	st := n.DeepCopy()
	st.Spec.Unschedulable = false
	st.Status.Conditions[0].Status = ConditionFalse
	k.PrepareForStatusUpdate(st, n)
	if !st.Spec.Unschedulable || st.Status.Conditions[0].Status != ConditionFalse {
		t.Errorf("PrepareForStatusUpdate: spec %+v status %+v", st.Spec, st.Status)
	}
}

func TestNodeCells(t *testing.T) {
	for _, tc := range []struct {
		name string
		node Node
		want []any
	}{
		{
			name: "ready control plane, wide columns",
			node: Node{
				ObjectMeta: meta.ObjectMeta{Name: "cp", Labels: map[string]string{
					"node-role.kubernetes.io/control-plane": "", "node-role.kubernetes.io/master": "", "kubernetes.io/role": "etcd"}},
				Status: NodeStatus{
					Conditions: []NodeCondition{{Type: NodeMemoryPressure, Status: ConditionFalse}, {Type: NodeReady, Status: ConditionTrue}},
					Addresses:  []NodeAddress{{Type: NodeHostName, Address: "cp"}, {Type: NodeInternalIP, Address: "192.168.1.10"}, {Type: NodeExternalIP, Address: "203.0.113.1"}},
					NodeInfo: NodeSystemInfo{KubeletVersion: "v1.32.0", OSImage: "Debian GNU/Linux 12 (bookworm)",
						KernelVersion: "6.1.0-28-amd64", ContainerRuntimeVersion: "containerd://1.6.20"},
				},
			},
			want: []any{"cp", "Ready", "control-plane,etcd,master", "2d", "v1.32.0", "192.168.1.10", "203.0.113.1",
				"Debian GNU/Linux 12 (bookworm)", "6.1.0-28-amd64", "containerd://1.6.20"},
		},
		{
			name: "not ready and cordoned, no roles",
			node: Node{ObjectMeta: meta.ObjectMeta{Name: "w"}, Spec: NodeSpec{Unschedulable: true},
				Status: NodeStatus{Conditions: []NodeCondition{{Type: NodeReady, Status: ConditionUnknown}}}},
			want: []any{"w", "NotReady,SchedulingDisabled", "<none>", "2d", "", "<none>", "<none>", "<unknown>", "<unknown>", "<unknown>"},
		},
		{
			name: "never reported",
			node: Node{ObjectMeta: meta.ObjectMeta{Name: "new"}},
			want: []any{"new", "Unknown", "<none>", "2d", "", "<none>", "<none>", "<unknown>", "<unknown>", "<unknown>"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.node.CreationTimestamp = wlTime(48 * time.Hour)
			if d := cmp.Diff(tc.want, nodeCells(&tc.node, wlNow)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
	var names []string
	for _, c := range nodeColumns {
		n := c.Name
		if c.Priority == 1 {
			n += "(wide)"
		}
		names = append(names, n)
	}
	want := []string{"Name", "Status", "Roles", "Age", "Version", "Internal-IP(wide)", "External-IP(wide)", "OS-Image(wide)", "Kernel-Version(wide)", "Container-Runtime(wide)"}
	if d := cmp.Diff(want, names); d != "" {
		t.Errorf("columns (-want +got):\n%s", d)
	}
}
