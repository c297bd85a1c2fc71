package v1

import (
	"fmt"
	"strings"
	"time"

	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/labels"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

// Column descriptions, as Kubernetes' server-side printers word them.
const (
	nameDesc       = "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"
	ageDesc        = "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC."
	containersDesc = "Names of each container in the template."
	imagesDesc     = "Images referenced by each container in the template."
	selectorDesc   = "A label query over pods that should match the replica count. If it is empty, it is defaulted to the labels on the pod template. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"
)

var (
	nameColumn       = registry.Column{Name: "Name", Type: "string", Format: "name", Description: nameDesc}
	ageColumn        = registry.Column{Name: "Age", Type: "string", Description: ageDesc}
	containersColumn = registry.Column{Name: "Containers", Type: "string", Priority: 1, Description: containersDesc}
	imagesColumn     = registry.Column{Name: "Images", Type: "string", Priority: 1, Description: imagesDesc}
	selectorColumn   = registry.Column{Name: "Selector", Type: "string", Priority: 1, Description: selectorDesc}
)

// deploymentColumns are kubectl's: NAME READY UP-TO-DATE AVAILABLE AGE | CONTAINERS IMAGES SELECTOR.
var deploymentColumns = []registry.Column{
	nameColumn,
	{Name: "Ready", Type: "string", Description: "Number of the pod with ready state"},
	{Name: "Up-to-date", Type: "string", Description: "Total number of non-terminated pods targeted by this deployment that have the desired template spec."},
	{Name: "Available", Type: "string", Description: "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."},
	ageColumn, containersColumn, imagesColumn, selectorColumn,
}

func deploymentCells(o *Deployment, now time.Time) []any {
	names, images := layoutContainerCells(o.Spec.Template.Spec.Containers)
	selector := "<invalid>"
	if s, err := labels.FromLabelSelector(o.Spec.Selector); err == nil {
		selector = s.String()
	}
	return []any{
		o.Name,
		fmt.Sprintf("%d/%d", int64(o.Status.ReadyReplicas), int64(derefInt32(o.Spec.Replicas))),
		int64(o.Status.UpdatedReplicas),
		int64(o.Status.AvailableReplicas),
		registry.Age(o.CreationTimestamp, now),
		names, images, selector,
	}
}

// replicaSetColumns are kubectl's: NAME DESIRED CURRENT READY AGE | CONTAINERS IMAGES SELECTOR.
var replicaSetColumns = []registry.Column{
	nameColumn,
	{Name: "Desired", Type: "integer", Description: "Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller"},
	{Name: "Current", Type: "integer", Description: "Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller"},
	{Name: "Ready", Type: "integer", Description: "The number of ready replicas for this replica set."},
	ageColumn, containersColumn, imagesColumn, selectorColumn,
}

func replicaSetCells(o *ReplicaSet, now time.Time) []any {
	names, images := layoutContainerCells(o.Spec.Template.Spec.Containers)
	return []any{
		o.Name,
		int64(derefInt32(o.Spec.Replicas)),
		int64(o.Status.Replicas),
		int64(o.Status.ReadyReplicas),
		registry.Age(o.CreationTimestamp, now),
		names, images, labels.FormatLabelSelector(o.Spec.Selector),
	}
}

// daemonSetColumns are kubectl's: NAME DESIRED CURRENT READY UP-TO-DATE
// AVAILABLE NODE SELECTOR AGE | CONTAINERS IMAGES SELECTOR.
var daemonSetColumns = []registry.Column{
	nameColumn,
	{Name: "Desired", Type: "integer", Description: "The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod)."},
	{Name: "Current", Type: "integer", Description: "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod."},
	{Name: "Ready", Type: "integer", Description: "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready."},
	{Name: "Up-to-date", Type: "integer", Description: "The total number of nodes that are running updated daemon pod"},
	{Name: "Available", Type: "integer", Description: "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)"},
	{Name: "Node Selector", Type: "string", Description: "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/"},
	ageColumn, containersColumn, imagesColumn, selectorColumn,
}

func daemonSetCells(o *DaemonSet, now time.Time) []any {
	names, images := layoutContainerCells(o.Spec.Template.Spec.Containers)
	return []any{
		o.Name,
		int64(o.Status.DesiredNumberScheduled),
		int64(o.Status.CurrentNumberScheduled),
		int64(o.Status.NumberReady),
		int64(o.Status.UpdatedNumberScheduled),
		int64(o.Status.NumberAvailable),
		labels.FormatLabels(o.Spec.Template.Spec.NodeSelector),
		registry.Age(o.CreationTimestamp, now),
		names, images, labels.FormatLabelSelector(o.Spec.Selector),
	}
}

// statefulSetColumns are kubectl's: NAME READY AGE | CONTAINERS IMAGES.
var statefulSetColumns = []registry.Column{
	nameColumn,
	{Name: "Ready", Type: "string", Description: "Number of the pod with ready state"},
	ageColumn, containersColumn, imagesColumn,
}

func statefulSetCells(o *StatefulSet, now time.Time) []any {
	names, images := layoutContainerCells(o.Spec.Template.Spec.Containers)
	return []any{
		o.Name,
		fmt.Sprintf("%d/%d", int64(o.Status.ReadyReplicas), int64(derefInt32(o.Spec.Replicas))),
		registry.Age(o.CreationTimestamp, now),
		names, images,
	}
}

// controllerRevisionColumns are kubectl's: NAME CONTROLLER REVISION AGE.
var controllerRevisionColumns = []registry.Column{
	nameColumn,
	{Name: "Controller", Type: "string", Description: "Controller of the object"},
	{Name: "Revision", Type: "string", Description: "Revision indicates the revision of the state represented by Data."},
	ageColumn,
}

func controllerRevisionCells(o *ControllerRevision, now time.Time) []any {
	controller := "<none>"
	if ref := meta.GetControllerOf(&o.ObjectMeta); ref != nil {
		controller = formatResourceName(ref.APIVersion, ref.Kind, ref.Name)
	}
	return []any{o.Name, controller, o.Revision, registry.Age(o.CreationTimestamp, now)}
}

// formatResourceName renders "kind.group/name" in lower case, as kubectl
// names an owner ("daemonset.apps/fluentd", "pod/web-0").
func formatResourceName(apiVersion, kind, name string) string {
	if kind == "" {
		return name
	}
	gk := kind
	if g := meta.ParseGroupVersion(apiVersion).Group; g != "" {
		gk += "." + g
	}
	return strings.ToLower(gk) + "/" + name
}

// layoutContainerCells joins the names and images of containers with
// commas, as kubectl's wide output shows them.
func layoutContainerCells(containers []corev1.Container) (names, images string) {
	var n, i strings.Builder
	for k, c := range containers {
		if k > 0 {
			n.WriteByte(',')
			i.WriteByte(',')
		}
		n.WriteString(c.Name)
		i.WriteString(c.Image)
	}
	return n.String(), i.String()
}
