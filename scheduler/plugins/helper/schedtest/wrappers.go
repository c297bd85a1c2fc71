package schedtest

import (
	"time"

	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/resource"
)

// ResourceList parses a map of quantities ("cpu": "500m").
func ResourceList(m map[string]string) corev1.ResourceList {
	if m == nil {
		return nil
	}
	rl := make(corev1.ResourceList, len(m))
	for k, v := range m {
		rl[corev1.ResourceName(k)] = resource.MustParse(v)
	}
	return rl
}

// PodWrapper builds a pod.
type PodWrapper struct{ corev1.Pod }

// MakePod returns a pod wrapper in namespace "default".
func MakePod() *PodWrapper {
	return &PodWrapper{Pod: corev1.Pod{ObjectMeta: meta.ObjectMeta{Namespace: "default"}}}
}

// Obj returns the pod.
func (p *PodWrapper) Obj() *corev1.Pod { return &p.Pod }

// Name sets the name (and, when unset, the UID to the name).
func (p *PodWrapper) Name(n string) *PodWrapper {
	p.ObjectMeta.Name = n
	if p.ObjectMeta.UID == "" {
		p.ObjectMeta.UID = meta.UID(n)
	}
	return p
}

// Namespace sets the namespace.
func (p *PodWrapper) Namespace(ns string) *PodWrapper { p.ObjectMeta.Namespace = ns; return p }

// UID sets the UID.
func (p *PodWrapper) UID(uid string) *PodWrapper { p.ObjectMeta.UID = meta.UID(uid); return p }

// Node sets spec.nodeName.
func (p *PodWrapper) Node(n string) *PodWrapper { p.Spec.NodeName = n; return p }

// Priority sets spec.priority.
func (p *PodWrapper) Priority(v int32) *PodWrapper { p.Spec.Priority = &v; return p }

// Created sets the creation timestamp.
func (p *PodWrapper) Created(t time.Time) *PodWrapper {
	p.CreationTimestamp = meta.NewTime(t)
	return p
}

// Label adds a label.
func (p *PodWrapper) Label(k, v string) *PodWrapper {
	if p.Labels == nil {
		p.Labels = map[string]string{}
	}
	p.Labels[k] = v
	return p
}

// Req adds a container with requests.
func (p *PodWrapper) Req(m map[string]string) *PodWrapper {
	p.Spec.Containers = append(p.Spec.Containers, corev1.Container{
		Name: "c" + itoa(len(p.Spec.Containers)), Image: "pause",
		Resources: corev1.ResourceRequirements{Requests: ResourceList(m)},
	})
	return p
}

// InitReq adds an init container with requests; sidecar makes it
// restartable (restartPolicy Always).
func (p *PodWrapper) InitReq(m map[string]string, sidecar bool) *PodWrapper {
	c := corev1.Container{Name: "i" + itoa(len(p.Spec.InitContainers)), Image: "pause",
		Resources: corev1.ResourceRequirements{Requests: ResourceList(m)}}
	if sidecar {
		always := corev1.ContainerRestartPolicyAlways
		c.RestartPolicy = &always
	}
	p.Spec.InitContainers = append(p.Spec.InitContainers, c)
	return p
}

// Overhead sets spec.overhead.
func (p *PodWrapper) Overhead(m map[string]string) *PodWrapper {
	p.Spec.Overhead = ResourceList(m)
	return p
}

// Container adds a container running image.
func (p *PodWrapper) Container(image string) *PodWrapper {
	p.Spec.Containers = append(p.Spec.Containers, corev1.Container{Name: "c" + itoa(len(p.Spec.Containers)), Image: image})
	return p
}

// InitContainer adds an init container running image.
func (p *PodWrapper) InitContainer(image string) *PodWrapper {
	p.Spec.InitContainers = append(p.Spec.InitContainers, corev1.Container{Name: "i" + itoa(len(p.Spec.InitContainers)), Image: image})
	return p
}

// HostPort adds a container exposing hostIP:hostPort/protocol.
func (p *PodWrapper) HostPort(hostIP string, protocol corev1.Protocol, hostPort int32) *PodWrapper {
	p.Spec.Containers = append(p.Spec.Containers, corev1.Container{
		Name: "c" + itoa(len(p.Spec.Containers)), Image: "pause",
		Ports: []corev1.ContainerPort{{HostIP: hostIP, Protocol: protocol, HostPort: hostPort, ContainerPort: hostPort}},
	})
	return p
}

// NodeSelector sets spec.nodeSelector.
func (p *PodWrapper) NodeSelector(m map[string]string) *PodWrapper { p.Spec.NodeSelector = m; return p }

func (p *PodWrapper) nodeAffinity() *corev1.NodeAffinity {
	if p.Spec.Affinity == nil {
		p.Spec.Affinity = &corev1.Affinity{}
	}
	if p.Spec.Affinity.NodeAffinity == nil {
		p.Spec.Affinity.NodeAffinity = &corev1.NodeAffinity{}
	}
	return p.Spec.Affinity.NodeAffinity
}

// RequiredTerms sets the required node affinity terms.
func (p *PodWrapper) RequiredTerms(terms ...corev1.NodeSelectorTerm) *PodWrapper {
	p.nodeAffinity().RequiredDuringSchedulingIgnoredDuringExecution = &corev1.NodeSelector{NodeSelectorTerms: terms}
	return p
}

// PreferredTerm adds a weighted preferred node affinity term.
func (p *PodWrapper) PreferredTerm(weight int32, term corev1.NodeSelectorTerm) *PodWrapper {
	na := p.nodeAffinity()
	na.PreferredDuringSchedulingIgnoredDuringExecution = append(na.PreferredDuringSchedulingIgnoredDuringExecution,
		corev1.PreferredSchedulingTerm{Weight: weight, Preference: term})
	return p
}

// Toleration adds a toleration.
func (p *PodWrapper) Toleration(key string, op corev1.TolerationOperator, value string, effect corev1.TaintEffect) *PodWrapper {
	p.Spec.Tolerations = append(p.Spec.Tolerations, corev1.Toleration{Key: key, Operator: op, Value: value, Effect: effect})
	return p
}

// NodeWrapper builds a node.
type NodeWrapper struct{ corev1.Node }

// MakeNode returns a node wrapper.
func MakeNode() *NodeWrapper { return &NodeWrapper{} }

// Obj returns the node.
func (n *NodeWrapper) Obj() *corev1.Node { return &n.Node }

// Name sets the name.
func (n *NodeWrapper) Name(s string) *NodeWrapper { n.ObjectMeta.Name = s; return n }

// Label adds a label.
func (n *NodeWrapper) Label(k, v string) *NodeWrapper {
	if n.Labels == nil {
		n.Labels = map[string]string{}
	}
	n.Labels[k] = v
	return n
}

// Capacity sets capacity and allocatable ("pods" defaults to 32).
func (n *NodeWrapper) Capacity(m map[string]string) *NodeWrapper {
	rl := ResourceList(m)
	if rl == nil {
		rl = corev1.ResourceList{}
	}
	if _, ok := rl[corev1.ResourcePods]; !ok {
		rl[corev1.ResourcePods] = resource.MustParse("32")
	}
	n.Status.Capacity = rl
	n.Status.Allocatable = rl
	return n
}

// Taint adds a taint.
func (n *NodeWrapper) Taint(key, value string, effect corev1.TaintEffect) *NodeWrapper {
	n.Spec.Taints = append(n.Spec.Taints, corev1.Taint{Key: key, Value: value, Effect: effect})
	return n
}

// Unschedulable sets spec.unschedulable.
func (n *NodeWrapper) Unschedulable(u bool) *NodeWrapper { n.Spec.Unschedulable = u; return n }

// Image adds an image with its names and size.
func (n *NodeWrapper) Image(size int64, names ...string) *NodeWrapper {
	n.Status.Images = append(n.Status.Images, corev1.ContainerImage{Names: names, SizeBytes: size})
	return n
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}
