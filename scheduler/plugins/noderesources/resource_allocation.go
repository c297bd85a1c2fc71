package noderesources

import (
	"math"

	"github.com/gantryhq/gantry/scheduler/framework"
	"github.com/gantryhq/gantry/scheduler/plugins/helper"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
)

// strategy selects the scoring formula of a resourceAllocationScorer.
type strategy int

const (
	leastAllocated strategy = iota
	mostAllocated
	requestedToCapacityRatio
	balancedAllocation
)

// resourceKind says where a scored resource lives in a framework.Resource.
type resourceKind int

const (
	kindCPU resourceKind = iota
	kindMemory
	kindEphemeralStorage
	kindScalar // extended and hugepages resources
	kindOther  // a name the scheduler does not count (always skipped)
)

type scoredResource struct {
	name   corev1.ResourceName
	weight int64
	kind   resourceKind
}

// maxStackResources is how many resources score without a heap buffer.
const maxStackResources = 8

// resourceAllocationScorer is the scoring shared by NodeResourcesFit's
// strategies and BalancedAllocation, as Kubernetes' resource_allocation.go.
type resourceAllocationScorer struct {
	strategy strategy
	// useRequested scores with the pods' plain requests; otherwise
	// containers without a cpu or memory request count the defaults
	// (framework.DefaultMilliCPURequest, DefaultMemoryRequest).
	useRequested bool
	resources    []scoredResource
	// rtcr is the scaled RequestedToCapacityRatio shape.
	rtcr func(int64) int64
}

func newScorer(s strategy, useRequested bool, specs []ResourceSpec, shape []UtilizationShapePoint) resourceAllocationScorer {
	r := resourceAllocationScorer{strategy: s, useRequested: useRequested}
	for _, spec := range specs {
		name := corev1.ResourceName(spec.Name)
		kind := kindOther
		switch {
		case name == corev1.ResourceCPU:
			kind = kindCPU
		case name == corev1.ResourceMemory:
			kind = kindMemory
		case name == corev1.ResourceEphemeralStorage:
			kind = kindEphemeralStorage
		case framework.IsScalarResourceName(name):
			kind = kindScalar
		}
		r.resources = append(r.resources, scoredResource{name: name, weight: spec.Weight, kind: kind})
	}
	if s == requestedToCapacityRatio {
		points := make(helper.FunctionShape, 0, len(shape))
		for _, p := range shape {
			points = append(points, helper.FunctionShapePoint{
				Utilization: int64(p.Utilization),
				Score:       int64(p.Score) * (framework.MaxNodeScore / MaxCustomPriorityScore),
			})
		}
		r.rtcr = helper.BuildBrokenLinearFunction(points)
	}
	return r
}

// podRequestList returns the pod's request of each scored resource, in
// the order of r.resources.
func (r *resourceAllocationScorer) podRequestList(pod *corev1.Pod) []int64 {
	reqs := framework.PodRequests(pod, !r.useRequested)
	out := make([]int64, len(r.resources))
	for i := range r.resources {
		switch res := &r.resources[i]; res.kind {
		case kindCPU:
			out[i] = reqs.MilliCPU
		case kindMemory:
			out[i] = reqs.Memory
		case kindEphemeralStorage:
			out[i] = reqs.EphemeralStorage
		case kindScalar:
			out[i] = reqs.ScalarResources[res.name]
		}
	}
	return out
}

// allocatableRequested returns the node's allocatable amount of resource i
// and what would be requested with the pod; (0, 0) skips the resource
// (a scalar resource the pod does not request, or one the node lacks).
func (r *resourceAllocationScorer) allocatableRequested(ni *framework.NodeInfo, i int, podRequest int64) (int64, int64) {
	requested := ni.NonZeroRequested
	if r.useRequested {
		requested = ni.Requested
	}
	res := &r.resources[i]
	switch res.kind {
	case kindCPU:
		return ni.Allocatable.MilliCPU, requested.MilliCPU + podRequest
	case kindMemory:
		return ni.Allocatable.Memory, requested.Memory + podRequest
	case kindEphemeralStorage:
		return ni.Allocatable.EphemeralStorage, ni.Requested.EphemeralStorage + podRequest
	case kindScalar:
		if podRequest == 0 {
			return 0, 0
		}
		if alloc, ok := ni.Allocatable.ScalarResources[res.name]; ok {
			return alloc, ni.Requested.ScalarResources[res.name] + podRequest
		}
	}
	return 0, 0
}

var errNoResources = framework.NewStatus(framework.Error, "resources not found")

// score computes the node's score for a pod with podRequests.
func (r *resourceAllocationScorer) score(ni *framework.NodeInfo, podRequests []int64) (int64, *framework.Status) {
	n := len(r.resources)
	if n == 0 {
		return 0, errNoResources
	}
	var reqBuf, allocBuf [maxStackResources]int64
	requested, allocatable := reqBuf[:0], allocBuf[:0]
	if n > maxStackResources {
		requested, allocatable = make([]int64, 0, n), make([]int64, 0, n)
	}
	requested, allocatable = requested[:n], allocatable[:n]
	for i := 0; i < n; i++ {
		alloc, req := r.allocatableRequested(ni, i, podRequests[i])
		if alloc == 0 {
			requested[i], allocatable[i] = 0, 0
			continue
		}
		allocatable[i], requested[i] = alloc, req
	}
	switch r.strategy {
	case mostAllocated:
		return r.weighted(requested, allocatable, mostRequestedScore), nil
	case requestedToCapacityRatio:
		return r.ratio(requested, allocatable), nil
	case balancedAllocation:
		return balancedResourceScore(requested, allocatable), nil
	default:
		return r.weighted(requested, allocatable, leastRequestedScore), nil
	}
}

// weighted is the weighted mean (integer division) of the per-resource
// scores of LeastAllocated and MostAllocated.
func (r *resourceAllocationScorer) weighted(requested, allocatable []int64, f func(requested, capacity int64) int64) int64 {
	var nodeScore, weightSum int64
	for i := range requested {
		if allocatable[i] == 0 {
			continue
		}
		w := r.resources[i].weight
		nodeScore += f(requested[i], allocatable[i]) * w
		weightSum += w
	}
	if weightSum == 0 {
		return 0
	}
	return nodeScore / weightSum
}

// leastRequestedScore is (capacity - requested) * MaxNodeScore / capacity,
// 0 when requested exceeds capacity.
func leastRequestedScore(requested, capacity int64) int64 {
	if capacity == 0 || requested > capacity {
		return 0
	}
	return (capacity - requested) * framework.MaxNodeScore / capacity
}

// mostRequestedScore is requested * MaxNodeScore / capacity, with
// requested capped at capacity.
func mostRequestedScore(requested, capacity int64) int64 {
	if capacity == 0 {
		return 0
	}
	if requested > capacity {
		requested = capacity
	}
	return requested * framework.MaxNodeScore / capacity
}

const maxUtilization = 100

// ratio is RequestedToCapacityRatio: the shape at each resource's
// utilisation (100 when over capacity), resources scoring 0 left out, the
// weighted mean rounded.
func (r *resourceAllocationScorer) ratio(requested, allocatable []int64) int64 {
	var nodeScore, weightSum int64
	for i := range requested {
		if allocatable[i] == 0 {
			continue
		}
		var s int64
		if requested[i] > allocatable[i] {
			s = r.rtcr(maxUtilization)
		} else {
			s = r.rtcr(requested[i] * maxUtilization / allocatable[i])
		}
		if s > 0 {
			w := r.resources[i].weight
			nodeScore += s * w
			weightSum += w
		}
	}
	if weightSum == 0 {
		return 0
	}
	return int64(math.Round(float64(nodeScore) / float64(weightSum)))
}

// balancedResourceScore is (1 - std) * MaxNodeScore over the fractions
// requested/allocatable (capped at 1) of the resources the node has.
func balancedResourceScore(requested, allocatable []int64) int64 {
	var buf [maxStackResources]float64
	fractions := buf[:0]
	if len(requested) > maxStackResources {
		fractions = make([]float64, 0, len(requested))
	}
	var total float64
	for i := range requested {
		if allocatable[i] == 0 {
			continue
		}
		f := float64(requested[i]) / float64(allocatable[i])
		if f > 1 {
			f = 1
		}
		total += f
		fractions = append(fractions, f)
	}
	std := 0.0
	switch n := len(fractions); {
	case n == 2:
		std = math.Abs((fractions[0] - fractions[1]) / 2)
	case n > 2:
		mean := total / float64(n)
		var sum float64
		for _, f := range fractions {
			sum += (f - mean) * (f - mean)
		}
		std = math.Sqrt(sum / float64(n))
	}
	return int64((1 - std) * float64(framework.MaxNodeScore))
}
