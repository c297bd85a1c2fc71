package v1

import (
	"time"

	"github.com/gantryhq/gantry/sdk/api/labels"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

var replicationControllerColumns = []registry.Column{
	{Name: "Name", Type: "string", Format: "name", Description: podColNameDesc},
	{Name: "Desired", Type: "integer", Description: "Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1."},
	{Name: "Current", Type: "integer", Description: "Replicas is the most recently observed number of replicas."},
	{Name: "Ready", Type: "integer", Description: "The number of ready replicas for this replication controller."},
	{Name: "Age", Type: "string", Description: podColAgeDesc},
	{Name: "Containers", Type: "string", Priority: 1, Description: "Names of each container in the template."},
	{Name: "Images", Type: "string", Priority: 1, Description: "Images referenced by each container in the template."},
	{Name: "Selector", Type: "string", Priority: 1, Description: "Selector is a label query over pods that should match the Replicas count. If Selector is empty, it is defaulted to the labels present on the Pod template. Label keys and values that must match in order to be controlled by this replication controller, if empty defaulted to labels on Pod template."},
}

// replicationControllerCells renders a row as kubectl's printReplicationController.
func replicationControllerCells(rc *ReplicationController, now time.Time) []any {
	var desired int64
	if rc.Spec.Replicas != nil {
		desired = int64(*rc.Spec.Replicas)
	}
	var names, images string
	if rc.Spec.Template != nil {
		names, images = ContainerNamesAndImages(rc.Spec.Template.Spec.Containers)
	}
	return []any{
		rc.Name, desired, int64(rc.Status.Replicas), int64(rc.Status.ReadyReplicas),
		registry.Age(rc.CreationTimestamp, now), names, images, labels.FormatLabels(rc.Spec.Selector),
	}
}
