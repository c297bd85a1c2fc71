package noderesources

import (
	"errors"
	"fmt"
	"strings"

	"github.com/gantryhq/gantry/sdk/api/validation"
)

// ScoringStrategyType is the NodeResourcesFit scoring strategy.
type ScoringStrategyType string

// Scoring strategies.
const (
	// LeastAllocated favours nodes with the most free resources (the default).
	LeastAllocated ScoringStrategyType = "LeastAllocated"
	// MostAllocated favours nodes with the least free resources (bin packing).
	MostAllocated ScoringStrategyType = "MostAllocated"
	// RequestedToCapacityRatio scores the utilisation through a broken-linear shape.
	RequestedToCapacityRatio ScoringStrategyType = "RequestedToCapacityRatio"
)

// MaxCustomPriorityScore is the highest score of a RequestedToCapacityRatio
// shape point (scaled to framework.MaxNodeScore).
const MaxCustomPriorityScore = 10

// ResourceSpec is a resource and its weight in scoring.
type ResourceSpec struct {
	// Name is the resource name ("cpu", "memory", "example.com/gpu").
	Name string `json:"name"`
	// Weight is in (0, 100] for NodeResourcesFit and must be 1 for
	// BalancedAllocation; 0 defaults to 1.
	Weight int64 `json:"weight,omitempty"`
}

// UtilizationShapePoint is one point of the RequestedToCapacityRatio shape.
type UtilizationShapePoint struct {
	// Utilization in [0, 100].
	Utilization int32 `json:"utilization"`
	// Score in [0, 10].
	Score int32 `json:"score"`
}

// RequestedToCapacityRatioParam holds the RequestedToCapacityRatio shape.
type RequestedToCapacityRatioParam struct {
	// Shape lists points by strictly increasing utilization; required.
	Shape []UtilizationShapePoint `json:"shape,omitempty"`
}

// ScoringStrategy configures NodeResourcesFit's Score.
type ScoringStrategy struct {
	// Type is the strategy; required when ScoringStrategy is given.
	Type ScoringStrategyType `json:"type,omitempty"`
	// Resources are the scored resources; default cpu and memory, weight 1.
	Resources []ResourceSpec `json:"resources,omitempty"`
	// RequestedToCapacityRatio is the shape for that strategy.
	RequestedToCapacityRatio *RequestedToCapacityRatioParam `json:"requestedToCapacityRatio,omitempty"`
}

// NodeResourcesFitArgs are NodeResourcesFit's arguments (the
// KubeSchedulerConfiguration v1 shape).
type NodeResourcesFitArgs struct {
	// IgnoredResources are extended resources Filter does not check.
	IgnoredResources []string `json:"ignoredResources,omitempty"`
	// IgnoredResourceGroups are extended resource prefixes ("example.com"
	// for "example.com/gpu") Filter does not check.
	IgnoredResourceGroups []string `json:"ignoredResourceGroups,omitempty"`
	// ScoringStrategy defaults to LeastAllocated over cpu and memory.
	ScoringStrategy *ScoringStrategy `json:"scoringStrategy,omitempty"`
}

// NodeResourcesBalancedAllocationArgs are NodeResourcesBalancedAllocation's
// arguments.
type NodeResourcesBalancedAllocationArgs struct {
	// Resources are the balanced resources; default cpu and memory. Every
	// weight must be 1.
	Resources []ResourceSpec `json:"resources,omitempty"`
}

func defaultResources() []ResourceSpec {
	return []ResourceSpec{{Name: "cpu", Weight: 1}, {Name: "memory", Weight: 1}}
}

// SetDefaults applies the v1 defaults: LeastAllocated over cpu and memory
// when no strategy is given, cpu and memory when no resources are given,
// weight 1 for a zero weight.
func (a *NodeResourcesFitArgs) SetDefaults() {
	if a.ScoringStrategy == nil {
		a.ScoringStrategy = &ScoringStrategy{Type: LeastAllocated}
	}
	if len(a.ScoringStrategy.Resources) == 0 {
		a.ScoringStrategy.Resources = defaultResources()
	}
	for i := range a.ScoringStrategy.Resources {
		if a.ScoringStrategy.Resources[i].Weight == 0 {
			a.ScoringStrategy.Resources[i].Weight = 1
		}
	}
}

// Validate checks the (defaulted) arguments with Kubernetes' rules and
// messages; the error lists every problem.
func (a *NodeResourcesFitArgs) Validate() error {
	var errs []error
	for i, r := range a.IgnoredResources {
		for _, m := range validation.IsQualifiedName(r) {
			errs = append(errs, fmt.Errorf("ignoredResources[%d]: Invalid value: %q: %s", i, r, m))
		}
	}
	for i, g := range a.IgnoredResourceGroups {
		if strings.Contains(g, "/") {
			errs = append(errs, fmt.Errorf("ignoredResourceGroups[%d]: Invalid value: %q: resource group name can't contain '/'", i, g))
		}
		for _, m := range validation.IsQualifiedName(g) {
			errs = append(errs, fmt.Errorf("ignoredResourceGroups[%d]: Invalid value: %q: %s", i, g, m))
		}
	}
	if s := a.ScoringStrategy; s != nil {
		switch s.Type {
		case LeastAllocated, MostAllocated, RequestedToCapacityRatio:
		default:
			errs = append(errs, fmt.Errorf("scoringStrategy.type: Unsupported value: %q: supported values: %q, %q, %q",
				s.Type, LeastAllocated, MostAllocated, RequestedToCapacityRatio))
		}
		for i, r := range s.Resources {
			if r.Weight <= 0 || r.Weight > 100 {
				errs = append(errs, fmt.Errorf("scoringStrategy.resources[%d].weight: Invalid value: %d: resource weight of %s not in valid range (0, 100]", i, r.Weight, r.Name))
			}
		}
		if s.RequestedToCapacityRatio != nil {
			errs = append(errs, validateFunctionShape(s.RequestedToCapacityRatio.Shape, "scoringStrategy.shape")...)
		} else if s.Type == RequestedToCapacityRatio {
			errs = append(errs, errors.New("scoringStrategy.requestedToCapacityRatio: Required value: the RequestedToCapacityRatio strategy needs a shape"))
		}
	}
	return errors.Join(errs...)
}

func validateFunctionShape(shape []UtilizationShapePoint, path string) []error {
	const minUtilization, maxUtilization, minScore, maxScore = 0, 100, 0, MaxCustomPriorityScore
	if len(shape) == 0 {
		return []error{fmt.Errorf("%s: Required value: at least one point must be specified", path)}
	}
	var errs []error
	for i := 1; i < len(shape); i++ {
		if shape[i-1].Utilization >= shape[i].Utilization {
			errs = append(errs, fmt.Errorf("%s[%d].utilization: Invalid value: %d: Invalid Utilization, Utilization values must be sorted in increasing order", path, i, shape[i].Utilization))
			break
		}
	}
	for i, p := range shape {
		if p.Utilization < minUtilization || p.Utilization > maxUtilization {
			errs = append(errs, fmt.Errorf("%s[%d].utilization: Invalid value: %d: not in valid range [%d, %d]", path, i, p.Utilization, minUtilization, maxUtilization))
		}
		if p.Score < minScore || p.Score > maxScore {
			errs = append(errs, fmt.Errorf("%s[%d].score: Invalid value: %d: not in valid range [%d, %d]", path, i, p.Score, minScore, maxScore))
		}
	}
	return errs
}

// SetDefaults applies the v1 defaults: cpu and memory when no resources
// are given, weight 1 for a zero weight.
func (a *NodeResourcesBalancedAllocationArgs) SetDefaults() {
	if len(a.Resources) == 0 {
		a.Resources = defaultResources()
	}
	for i := range a.Resources {
		if a.Resources[i].Weight == 0 {
			a.Resources[i].Weight = 1
		}
	}
}

// Validate checks the (defaulted) arguments: no duplicate resource, every
// weight 1.
func (a *NodeResourcesBalancedAllocationArgs) Validate() error {
	var errs []error
	seen := make(map[string]bool, len(a.Resources))
	for i, r := range a.Resources {
		if seen[r.Name] {
			errs = append(errs, fmt.Errorf("resources[%d].name: Duplicate value: %q", i, r.Name))
		}
		seen[r.Name] = true
		if r.Weight != 1 {
			errs = append(errs, fmt.Errorf("resources[%d].weight: Invalid value: %d: must be 1", i, r.Weight))
		}
	}
	return errors.Join(errs...)
}
