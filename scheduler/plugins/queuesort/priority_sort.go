package queuesort

import (
	"context"

	"github.com/gantryhq/gantry/scheduler/framework"
	"github.com/gantryhq/gantry/scheduler/plugins/helper"
)

// Name is the plugin's name in configuration.
const Name = "PrioritySort"

// PrioritySort orders pods by priority, then queue timestamp.
type PrioritySort struct{}

var _ framework.QueueSortPlugin = (*PrioritySort)(nil)

// New builds the plugin; it takes no arguments.
func New(context.Context, *struct{}, framework.Handle) (framework.Plugin, error) {
	return &PrioritySort{}, nil
}

// Name returns Name.
func (pl *PrioritySort) Name() string { return Name }

// Less reports whether p1 goes first: a higher spec.priority (unset is 0),
// or the same priority and an earlier Timestamp.
func (pl *PrioritySort) Less(p1, p2 *framework.QueuedPodInfo) bool {
	a, b := helper.PodPriority(p1.Pod), helper.PodPriority(p2.Pod)
	return a > b || (a == b && p1.Timestamp.Before(p2.Timestamp))
}
