package perf

import (
	"fmt"
	"strings"
	"time"

	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/resource"
)

// Labels the harness puts on its pods to tell the phases apart.
const (
	// PhaseLabel is "init", "measure" or "churn".
	PhaseLabel = "perf.gantry.dev/phase"
	// ZoneCount is the number of zones the nodes are spread over.
	ZoneCount = 3
)

// Phases of a workload's pods.
const (
	phaseInit    = "init"
	phaseMeasure = "measure"
	phaseChurn   = "churn"
)

// Scale is a workload's size: nodes, initial pods (scheduled before the
// measurement, excluded from the figure) and measured pods.
type Scale struct {
	Nodes, InitPods, MeasurePods int
}

func (s Scale) String() string {
	return fmt.Sprintf("%d nodes, %d init + %d measured pods", s.Nodes, s.InitPods, s.MeasurePods)
}

// PriorityClass is a PriorityClass the workload needs: created through the
// API end to end, resolved by the harness in process (standing in for the
// Priority admission plugin).
type PriorityClass struct {
	Name  string
	Value int32
}

// Churn describes what changes while the measured pods are scheduled.
type Churn struct {
	// UnschedulableEvery is the interval at which a pod that fits no node
	// is created (scheduler_perf's Unschedulable workload: 200ms).
	UnschedulableEvery time.Duration
	// UnschedulablePod builds the i-th such pod.
	UnschedulablePod func(i int) *corev1.Pod
	// NodeEvery is the interval at which a churn node is created (the first
	// at once) and the previous one deleted (scheduler_perf's SchedulingWithMixedChurn
	// "recreate" mode: 1s).
	NodeEvery time.Duration
	// Node builds the i-th churn node.
	Node func(i int) *corev1.Node
}

// Workload is one throughput scenario.
type Workload struct {
	// Name is the workload's name (the -workload flag).
	Name string
	// Description says what it exercises and which scheduler_perf case it mirrors.
	Description string
	// Full is the size of the real run, Small that of TestHarnessSmall.
	Full, Small Scale
	// Namespaces are created (end to end) besides "default".
	Namespaces []string
	// PriorityClasses are created before the pods.
	PriorityClasses []PriorityClass
	// Node builds the i-th node.
	Node func(i int) *corev1.Node
	// InitPod and MeasurePod build the i-th initial and measured pod.
	InitPod, MeasurePod func(i int) *corev1.Pod
	// Churn, when set, runs during the measurement.
	Churn *Churn
	// Goal is the goal in pods/s (0: none).
	Goal float64
	// Anchor is Kubernetes' figure on a machine like ours (0: none quoted).
	Anchor float64
	// AnchorText describes Anchor.
	AnchorText string
}

// zoneName is the zone of the i-th node.
func zoneName(i int) string { return fmt.Sprintf("zone%d", i%ZoneCount+1) }

// NodeName is the name of the i-th node.
func NodeName(i int) string { return fmt.Sprintf("node-%05d", i) }

// defaultNode is scheduler_perf's node-default.yaml: 4 cpu, 32Gi, 110
// pods, plus hostname and zone labels (zones spread round robin).
func defaultNode(i int) *corev1.Node {
	return newNode(NodeName(i), zoneName(i), 4000, "32Gi", 110)
}

func newNode(name, zone string, milliCPU int64, memory string, pods int64) *corev1.Node {
	rl := corev1.ResourceList{
		corev1.ResourceCPU:    *resource.NewMilliQuantity(milliCPU, resource.DecimalSI),
		corev1.ResourceMemory: resource.MustParse(memory),
		corev1.ResourcePods:   *resource.NewQuantity(pods, resource.DecimalSI),
	}
	return &corev1.Node{
		ObjectMeta: meta.ObjectMeta{Name: name, Labels: map[string]string{
			corev1.LabelHostname:     name,
			corev1.LabelTopologyZone: zone,
		}},
		Status: corev1.NodeStatus{
			Capacity:    rl,
			Allocatable: rl.DeepCopy(),
			Conditions:  []corev1.NodeCondition{{Type: corev1.NodeReady, Status: corev1.ConditionTrue}},
		},
	}
}

// podTemplate is scheduler_perf's pod-default.yaml: one pause container
// requesting (and limited to) 100m cpu and 500Mi memory.
func podTemplate(namePrefix, ns, phase string, i int, milliCPU int64) *corev1.Pod {
	q := corev1.ResourceList{
		corev1.ResourceCPU:    *resource.NewMilliQuantity(milliCPU, resource.DecimalSI),
		corev1.ResourceMemory: resource.MustParse("500Mi"),
	}
	return &corev1.Pod{
		ObjectMeta: meta.ObjectMeta{
			Name:      fmt.Sprintf("%s-%s-%06d", namePrefix, phase, i),
			Namespace: ns,
			Labels:    map[string]string{PhaseLabel: phase},
		},
		Spec: corev1.PodSpec{
			Containers: []corev1.Container{{
				Name:  "pause",
				Image: "registry.k8s.io/pause:3.10",
				Ports: []corev1.ContainerPort{{ContainerPort: 80}},
				Resources: corev1.ResourceRequirements{
					Requests: q,
					Limits:   q.DeepCopy(),
				},
			}},
		},
	}
}

func defaultPod(phase string) func(int) *corev1.Pod {
	return func(i int) *corev1.Pod { return podTemplate("pod", "default", phase, i, 100) }
}

// nodeAffinityPod is pod-with-node-affinity.yaml: required zone In [zone1, zone2].
func nodeAffinityPod(phase string) func(int) *corev1.Pod {
	return func(i int) *corev1.Pod {
		p := podTemplate("node-affinity", "default", phase, i, 100)
		p.Spec.Affinity = &corev1.Affinity{NodeAffinity: &corev1.NodeAffinity{
			RequiredDuringSchedulingIgnoredDuringExecution: &corev1.NodeSelector{NodeSelectorTerms: []corev1.NodeSelectorTerm{{
				MatchExpressions: []corev1.NodeSelectorRequirement{{
					Key: corev1.LabelTopologyZone, Operator: corev1.NodeSelectorOpIn, Values: []string{"zone1", "zone2"},
				}},
			}}},
		}}
		return p
	}
}

// Taints of the TaintToleration workload.
var (
	taintBatch = corev1.Taint{Key: "dedicated", Value: "batch", Effect: corev1.TaintEffectNoSchedule}
	taintGPU   = corev1.Taint{Key: "dedicated", Value: "gpu", Effect: corev1.TaintEffectNoSchedule}
	taintSoft  = corev1.Taint{Key: "maintenance", Value: "soon", Effect: corev1.TaintEffectPreferNoSchedule}
)

// taintedNode: every fifth node has dedicated=gpu:NoSchedule (which the
// pods do not tolerate), the others dedicated=batch:NoSchedule (which
// they do); every seventh also has a PreferNoSchedule taint.
func taintedNode(i int) *corev1.Node {
	n := defaultNode(i)
	if i%5 == 4 {
		n.Spec.Taints = append(n.Spec.Taints, taintGPU)
	} else {
		n.Spec.Taints = append(n.Spec.Taints, taintBatch)
	}
	if i%7 == 0 {
		n.Spec.Taints = append(n.Spec.Taints, taintSoft)
	}
	return n
}

func tolerationPod(phase string) func(int) *corev1.Pod {
	return func(i int) *corev1.Pod {
		p := podTemplate("toleration", "default", phase, i, 100)
		p.Spec.Tolerations = []corev1.Toleration{{Key: "dedicated", Operator: corev1.TolerationOpEqual, Value: "batch", Effect: corev1.TaintEffectNoSchedule}}
		return p
	}
}

// SpreadMaxSkew is the maxSkew of the PodTopologySpread workload.
const SpreadMaxSkew = 1

// spreadPod is pod-with-topology-spreading.yaml with maxSkew 1 (the issue's
// figure; scheduler_perf uses 5): zone spread, DoNotSchedule, color=blue.
func spreadPod(phase string) func(int) *corev1.Pod {
	return func(i int) *corev1.Pod {
		p := podTemplate("spreading", "default", phase, i, 100)
		p.Labels["color"] = "blue"
		p.Spec.TopologySpreadConstraints = []corev1.TopologySpreadConstraint{{
			MaxSkew:           SpreadMaxSkew,
			TopologyKey:       corev1.LabelTopologyZone,
			WhenUnsatisfiable: corev1.DoNotSchedule,
			LabelSelector:     &meta.LabelSelector{MatchLabels: map[string]string{"color": "blue"}},
		}}
		return p
	}
}

// antiAffinityPod is pod-with-pod-anti-affinity.yaml: color=green, required
// hostname anti-affinity to color=green in namespaces sched-0 and sched-1.
func antiAffinityPod(ns, phase string) func(int) *corev1.Pod {
	return func(i int) *corev1.Pod {
		p := podTemplate("anti-affinity", ns, phase, i, 100)
		p.Labels["color"] = "green"
		p.Spec.Affinity = &corev1.Affinity{PodAntiAffinity: &corev1.PodAntiAffinity{
			RequiredDuringSchedulingIgnoredDuringExecution: []corev1.PodAffinityTerm{{
				LabelSelector: &meta.LabelSelector{MatchLabels: map[string]string{"color": "green"}},
				TopologyKey:   corev1.LabelHostname,
				Namespaces:    []string{"sched-1", "sched-0"},
			}},
		}}
		return p
	}
}

// Priority classes of the preemption and churn workloads.
const (
	highPriorityClass = "perf-high"
	highPriority      = 10
)

// lowPriorityPod is pod-low-priority.yaml: 900m cpu, no priority,
// terminationGracePeriodSeconds 0 (victims go away at once).
func lowPriorityPod(phase string) func(int) *corev1.Pod {
	return func(i int) *corev1.Pod {
		p := podTemplate("low", "default", phase, i, 900)
		var zero int64
		p.Spec.TerminationGracePeriodSeconds = &zero
		return p
	}
}

// highPriorityPod is pod-high-priority.yaml: priority 10, 3000m cpu.
func highPriorityPod(phase string) func(int) *corev1.Pod {
	return func(i int) *corev1.Pod {
		p := podTemplate("high", "default", phase, i, 3000)
		p.Spec.PriorityClassName = highPriorityClass
		return p
	}
}

// largeCPUPod is pod-high-priority-large-cpu.yaml: priority 10, 9 cpu:
// fits on no 4-cpu node, and preempting does not help.
func largeCPUPod(i int) *corev1.Pod {
	p := podTemplate("large-cpu", "default", phaseChurn, i, 9000)
	p.Spec.Containers[0].Resources.Limits = nil
	p.Spec.PriorityClassName = highPriorityClass
	return p
}

// churnNode is a recreated node of the churn workload.
func churnNode(i int) *corev1.Node {
	return newNode(fmt.Sprintf("churn-node-%05d", i), zoneName(i), 4000, "32Gi", 110)
}

// Workloads returns every workload, in the order of the report.
func Workloads() []Workload {
	return []Workload{
		{
			Name:        "SchedulingBasic",
			Description: "scheduler_perf SchedulingBasic/5000Nodes_10000Pods: pod-default pods on node-default nodes",
			Full:        Scale{5000, 1000, 10000},
			Small:       Scale{50, 50, 200},
			Node:        defaultNode,
			InitPod:     defaultPod(phaseInit),
			MeasurePod:  defaultPod(phaseMeasure),
			Goal:        2000,
			Anchor:      133.5,
			AnchorText:  "kube-scheduler v1.37, SchedulingBasic 5,000 nodes: 132-135 pods/s",
		},
		{
			Name:        "NodeAffinity",
			Description: "scheduler_perf SchedulingNodeAffinity/5000Nodes_10000Pods: required zone In [zone1, zone2] on nodes spread over 3 zones (2/3 eligible)",
			Full:        Scale{5000, 5000, 10000},
			Small:       Scale{50, 50, 200},
			Node:        defaultNode,
			InitPod:     nodeAffinityPod(phaseInit),
			MeasurePod:  nodeAffinityPod(phaseMeasure),
		},
		{
			Name:        "TaintToleration",
			Description: "like scheduler_perf SchedulingWithNodeInclusionPolicy/5000Nodes: 1/5 of the nodes with an untolerated NoSchedule taint, 4/5 with a tolerated one, 1/7 with a PreferNoSchedule taint",
			Full:        Scale{5000, 1000, 4000},
			Small:       Scale{50, 50, 200},
			Node:        taintedNode,
			InitPod:     tolerationPod(phaseInit),
			MeasurePod:  tolerationPod(phaseMeasure),
		},
		{
			Name:        "PodTopologySpread",
			Description: "scheduler_perf TopologySpreading/5000Nodes_5000Pods with maxSkew 1: zone spread, DoNotSchedule, 3 zones, 5,000 pod-default init pods",
			Full:        Scale{5000, 5000, 5000},
			Small:       Scale{50, 50, 200},
			Node:        defaultNode,
			InitPod:     defaultPod(phaseInit),
			MeasurePod:  spreadPod(phaseMeasure),
			Goal:        500,
			Anchor:      55,
			AnchorText:  "kube-scheduler v1.37, TopologySpreading 5,000 nodes: 55 pods/s",
		},
		{
			Name:        "InterPodAntiAffinity",
			Description: "scheduler_perf SchedulingPodAntiAffinity/5000Nodes_2000Pods: required hostname anti-affinity among color=green pods of sched-0 (init) and sched-1 (measured)",
			Full:        Scale{5000, 1000, 2000},
			Small:       Scale{250, 50, 150},
			Namespaces:  []string{"sched-0", "sched-1"},
			Node:        defaultNode,
			InitPod:     antiAffinityPod("sched-0", phaseInit),
			MeasurePod:  antiAffinityPod("sched-1", phaseMeasure),
			Goal:        500,
		},
		{
			Name: "Churn",
			Description: "scheduler_perf Unschedulable/5kNodes/100Init/10kPods plus SchedulingWithMixedChurn: a 9-cpu priority-10 pod that fits nowhere every 200ms, " +
				"a node recreated every second, while pod-default pods are measured",
			Full:            Scale{5000, 100, 10000},
			Small:           Scale{50, 20, 200},
			PriorityClasses: []PriorityClass{{highPriorityClass, highPriority}},
			Node:            defaultNode,
			InitPod:         defaultPod(phaseInit),
			MeasurePod:      defaultPod(phaseMeasure),
			Churn: &Churn{
				UnschedulableEvery: 200 * time.Millisecond,
				UnschedulablePod:   largeCPUPod,
				NodeEvery:          time.Second,
				Node:               churnNode,
			},
		},
		{
			Name:            "Preemption",
			Description:     "scheduler_perf PreemptionBasic/1000Nodes: 4 low-priority 900m pods fill each node, then 3000m priority-10 pods preempt 3 of them each",
			Full:            Scale{1000, 4000, 1000},
			Small:           Scale{50, 200, 50},
			PriorityClasses: []PriorityClass{{highPriorityClass, highPriority}},
			Node:            defaultNode,
			InitPod:         lowPriorityPod(phaseInit),
			MeasurePod:      highPriorityPod(phaseMeasure),
		},
	}
}

// Lookup returns the workload of that name (case-insensitive).
func Lookup(name string) (Workload, bool) {
	for _, w := range Workloads() {
		if strings.EqualFold(w.Name, name) {
			return w, true
		}
	}
	return Workload{}, false
}
