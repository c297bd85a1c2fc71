package scheduler

import (
	"github.com/gantryhq/gantry/scheduler/framework"
	"github.com/gantryhq/gantry/scheduler/plugins/defaultbinder"
	"github.com/gantryhq/gantry/scheduler/plugins/defaultpreemption"
	"github.com/gantryhq/gantry/scheduler/plugins/imagelocality"
	"github.com/gantryhq/gantry/scheduler/plugins/interpodaffinity"
	"github.com/gantryhq/gantry/scheduler/plugins/nodeaffinity"
	"github.com/gantryhq/gantry/scheduler/plugins/nodename"
	"github.com/gantryhq/gantry/scheduler/plugins/nodeports"
	"github.com/gantryhq/gantry/scheduler/plugins/noderesources"
	"github.com/gantryhq/gantry/scheduler/plugins/nodeunschedulable"
	"github.com/gantryhq/gantry/scheduler/plugins/podtopologyspread"
	"github.com/gantryhq/gantry/scheduler/plugins/queuesort"
	"github.com/gantryhq/gantry/scheduler/plugins/schedulinggates"
	"github.com/gantryhq/gantry/scheduler/plugins/tainttoleration"
)

func weight(w int32) int32 { return w }

// DefaultPlugins returns kube-scheduler 1.32's default profile (all through
// MultiPoint, weights as Kubernetes), without the volume plugins Gantry
// does not have (VolumeRestrictions, NodeVolumeLimits, VolumeBinding,
// VolumeZone).
func DefaultPlugins() *framework.Plugins {
	return &framework.Plugins{
		MultiPoint: framework.PluginSet{Enabled: []framework.PluginRef{
			{Name: "SchedulingGates"},
			{Name: "PrioritySort"},
			{Name: "NodeUnschedulable"},
			{Name: "NodeName"},
			{Name: "TaintToleration", Weight: weight(3)},
			{Name: "NodeAffinity", Weight: weight(2)},
			{Name: "NodePorts"},
			{Name: "NodeResourcesFit", Weight: weight(1)},
			{Name: "PodTopologySpread", Weight: weight(2)},
			{Name: "InterPodAffinity", Weight: weight(2)},
			{Name: "DefaultPreemption"},
			{Name: "NodeResourcesBalancedAllocation", Weight: weight(1)},
			{Name: "ImageLocality", Weight: weight(1)},
			{Name: DefaultBinderName},
		}},
	}
}

// NewDefaultRegistry returns a new registry of Gantry's default plugins;
// a product merges its own plugins into it (Registry.Merge).
func NewDefaultRegistry() framework.Registry {
	return framework.Registry{
		schedulinggates.Name:                 schedulinggates.Factory,
		queuesort.Name:                       framework.Factory(queuesort.New),
		nodeunschedulable.Name:               framework.Factory(nodeunschedulable.New),
		nodename.Name:                        framework.Factory(nodename.New),
		tainttoleration.Name:                 framework.Factory(tainttoleration.New),
		nodeaffinity.Name:                    framework.Factory(nodeaffinity.New),
		nodeports.Name:                       framework.Factory(nodeports.New),
		noderesources.Name:                   framework.Factory(noderesources.New),
		noderesources.BalancedAllocationName: framework.Factory(noderesources.NewBalancedAllocation),
		interpodaffinity.Name:                framework.Factory(interpodaffinity.New),
		podtopologyspread.Name:               framework.Factory(podtopologyspread.New),
		defaultpreemption.Name:               framework.Factory(defaultpreemption.New),
		imagelocality.Name:                   framework.Factory(imagelocality.New),
		defaultbinder.Name:                   framework.Factory(defaultbinder.New),
	}
}
