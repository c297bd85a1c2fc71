package podtopologyspread

import (
	"errors"
	"fmt"

	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
)

// DefaultingType says where the default constraints come from.
type DefaultingType string

// Defaulting types.
const (
	// SystemDefaulting uses Kubernetes' built-in defaults (hostname maxSkew 3,
	// zone maxSkew 5, ScheduleAnyway).
	SystemDefaulting DefaultingType = "System"
	// ListDefaulting uses PodTopologySpreadArgs.DefaultConstraints.
	ListDefaulting DefaultingType = "List"
)

// PodTopologySpreadArgs are the plugin's arguments (the
// KubeSchedulerConfiguration v1 shape).
type PodTopologySpreadArgs struct {
	// DefaultConstraints apply to pods without constraints of their own
	// when DefaultingType is List. They must not have a labelSelector: it
	// is built for each pod from its Services and controller.
	DefaultConstraints []corev1.TopologySpreadConstraint `json:"defaultConstraints,omitempty"`
	// DefaultingType is System (default) or List.
	DefaultingType DefaultingType `json:"defaultingType,omitempty"`
}

// systemDefaultConstraints are Kubernetes' System defaults.
var systemDefaultConstraints = []corev1.TopologySpreadConstraint{
	{TopologyKey: corev1.LabelHostname, WhenUnsatisfiable: corev1.ScheduleAnyway, MaxSkew: 3},
	{TopologyKey: corev1.LabelTopologyZone, WhenUnsatisfiable: corev1.ScheduleAnyway, MaxSkew: 5},
}

// validate checks args as Kubernetes' ValidatePodTopologySpreadArgs does.
func (a *PodTopologySpreadArgs) validate() error {
	var errs []error
	switch a.DefaultingType {
	case SystemDefaulting, ListDefaulting:
	default:
		errs = append(errs, fmt.Errorf("defaultingType: Unsupported value: %q: supported values: %q, %q", a.DefaultingType, SystemDefaulting, ListDefaulting))
	}
	if a.DefaultingType == SystemDefaulting && len(a.DefaultConstraints) > 0 {
		errs = append(errs, errors.New(`defaultConstraints: Invalid value: when .defaultingType is "System", .defaultConstraints must be empty`))
	}
	type pair struct {
		key    string
		action corev1.UnsatisfiableConstraintAction
	}
	seen := map[pair]bool{}
	for i, c := range a.DefaultConstraints {
		p := fmt.Sprintf("defaultConstraints[%d]", i)
		if c.MaxSkew <= 0 {
			errs = append(errs, fmt.Errorf("%s.maxSkew: Invalid value: %d: must be greater than zero", p, c.MaxSkew))
		}
		if c.TopologyKey == "" {
			errs = append(errs, fmt.Errorf("%s.topologyKey: Required value: can not be empty", p))
		}
		if c.WhenUnsatisfiable != corev1.DoNotSchedule && c.WhenUnsatisfiable != corev1.ScheduleAnyway {
			errs = append(errs, fmt.Errorf("%s.whenUnsatisfiable: Unsupported value: %q: supported values: %q, %q", p, c.WhenUnsatisfiable, corev1.DoNotSchedule, corev1.ScheduleAnyway))
		}
		if c.LabelSelector != nil {
			errs = append(errs, fmt.Errorf("%s.labelSelector: Forbidden: constraint must not define a selector, as they deduced for each pod", p))
		}
		if c.MinDomains != nil && *c.MinDomains <= 0 {
			errs = append(errs, fmt.Errorf("%s.minDomains: Invalid value: %d: must be greater than zero", p, *c.MinDomains))
		}
		k := pair{c.TopologyKey, c.WhenUnsatisfiable}
		if seen[k] {
			errs = append(errs, fmt.Errorf("%s: Duplicate value: {%q, %q}", p, c.TopologyKey, c.WhenUnsatisfiable))
		}
		seen[k] = true
	}
	return errors.Join(errs...)
}
