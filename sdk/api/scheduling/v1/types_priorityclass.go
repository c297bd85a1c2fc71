package v1

import (
	"fmt"

	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

// PriorityClass maps a name to a pod priority. Pods name it in
// spec.priorityClassName; the admission step resolves it into
// spec.priority. It is cluster-scoped.
type PriorityClass struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Value is the priority; higher is more important. User classes may
	// not exceed HighestUserDefinablePriority. Immutable.
	Value int32 `json:"value" protobuf:"bytes,2,opt,name=value"`
	// GlobalDefault makes this the priority of pods that name no class;
	// at most one class should have it.
	GlobalDefault bool `json:"globalDefault,omitempty" protobuf:"bytes,3,opt,name=globalDefault"`
	// Description says when to use the class.
	Description string `json:"description,omitempty" protobuf:"bytes,4,opt,name=description"`
	// PreemptionPolicy is PreemptLowerPriority (the default) or Never. Immutable.
	PreemptionPolicy *corev1.PreemptionPolicy `json:"preemptionPolicy,omitempty" protobuf:"bytes,5,opt,name=preemptionPolicy"`
}

// PriorityClassList is a list of PriorityClasses.
type PriorityClassList struct {
	meta.TypeMeta `json:",inline"`
	meta.ListMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`
	Items         []PriorityClass `json:"items" protobuf:"bytes,2,rep,name=items"`
}

// Priorities and the built-in classes.
const (
	// DefaultPriorityWhenNoDefaultClassExists is the priority of pods that
	// name no class when no class is the global default.
	DefaultPriorityWhenNoDefaultClassExists = 0
	// HighestUserDefinablePriority is the highest value of a user class.
	HighestUserDefinablePriority = int32(1000000000)
	// SystemCriticalPriority is the base priority of the system classes.
	SystemCriticalPriority = 2 * HighestUserDefinablePriority
	// SystemPriorityClassPrefix is reserved for the built-in classes.
	SystemPriorityClassPrefix = "system-"
	// SystemClusterCritical is the class of cluster components that must
	// run but may move between nodes.
	SystemClusterCritical = SystemPriorityClassPrefix + "cluster-critical"
	// SystemClusterCriticalPriority is the value of SystemClusterCritical (2000000000).
	SystemClusterCriticalPriority = SystemCriticalPriority
	// SystemNodeCritical is the class of per-node components that must not move.
	SystemNodeCritical = SystemPriorityClassPrefix + "node-critical"
	// SystemNodeCriticalPriority is the value of SystemNodeCritical (2000001000).
	SystemNodeCriticalPriority = SystemCriticalPriority + 1000
)

// SystemPriorityClasses returns new copies of the two built-in classes,
// system-node-critical and system-cluster-critical, which a cluster
// creates at start.
func SystemPriorityClasses() []*PriorityClass {
	policy := func() *corev1.PreemptionPolicy { p := corev1.PreemptLowerPriority; return &p }
	return []*PriorityClass{
		{
			TypeMeta:         meta.TypeMeta{APIVersion: GroupName + "/" + Version, Kind: "PriorityClass"},
			ObjectMeta:       meta.ObjectMeta{Name: SystemNodeCritical},
			Value:            SystemNodeCriticalPriority,
			Description:      "Used for system critical pods that must not be moved from their current node.",
			PreemptionPolicy: policy(),
		},
		{
			TypeMeta:         meta.TypeMeta{APIVersion: GroupName + "/" + Version, Kind: "PriorityClass"},
			ObjectMeta:       meta.ObjectMeta{Name: SystemClusterCritical},
			Value:            SystemClusterCriticalPriority,
			Description:      "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.",
			PreemptionPolicy: policy(),
		},
	}
}

// IsKnownSystemPriorityClass reports whether name, value and globalDefault
// are those of a built-in class; the error says what differs.
func IsKnownSystemPriorityClass(name string, value int32, globalDefault bool) (bool, error) {
	for _, spc := range SystemPriorityClasses() {
		if spc.Name != name {
			continue
		}
		if spc.Value != value {
			return false, fmt.Errorf("value of %v PriorityClass must be %v", spc.Name, spc.Value)
		}
		if spc.GlobalDefault != globalDefault {
			return false, fmt.Errorf("globalDefault of %v PriorityClass must be %v", spc.Name, spc.GlobalDefault)
		}
		return true, nil
	}
	return false, fmt.Errorf("%v is not a known system priority class", name)
}
