package framework

import "encoding/json"

// PluginRef enables or disables a plugin at an extension point.
type PluginRef struct {
	// Name is the plugin's name; "*" in Disabled disables every default.
	Name string `json:"name"`
	// Weight is the score weight (Score only); 0 means 1.
	Weight int32 `json:"weight,omitempty"`
}

// PluginSet lists the plugins enabled and disabled at one extension point.
// Enabled plugins run after the defaults that are not disabled.
type PluginSet struct {
	Enabled  []PluginRef `json:"enabled,omitempty"`
	Disabled []PluginRef `json:"disabled,omitempty"`
}

// Plugins configures every extension point of a profile, with the shapes of
// KubeSchedulerConfiguration v1. MultiPoint enables a plugin at every point
// it implements.
type Plugins struct {
	PreEnqueue PluginSet `json:"preEnqueue,omitempty"`
	QueueSort  PluginSet `json:"queueSort,omitempty"`
	PreFilter  PluginSet `json:"preFilter,omitempty"`
	Filter     PluginSet `json:"filter,omitempty"`
	PostFilter PluginSet `json:"postFilter,omitempty"`
	PreScore   PluginSet `json:"preScore,omitempty"`
	Score      PluginSet `json:"score,omitempty"`
	Reserve    PluginSet `json:"reserve,omitempty"`
	Permit     PluginSet `json:"permit,omitempty"`
	PreBind    PluginSet `json:"preBind,omitempty"`
	Bind       PluginSet `json:"bind,omitempty"`
	PostBind   PluginSet `json:"postBind,omitempty"`
	MultiPoint PluginSet `json:"multiPoint,omitempty"`
}

// PluginConfig holds one plugin's arguments.
type PluginConfig struct {
	Name string          `json:"name"`
	Args json.RawMessage `json:"args,omitempty"`
}

// Profile is one scheduling profile, selected by a pod's spec.schedulerName.
type Profile struct {
	// SchedulerName is matched against spec.schedulerName. Default "default-scheduler".
	SchedulerName string `json:"schedulerName,omitempty"`
	// PercentageOfNodesToScore overrides the scheduler-wide setting.
	PercentageOfNodesToScore *int32 `json:"percentageOfNodesToScore,omitempty"`
	// Plugins changes the default plugin set.
	Plugins *Plugins `json:"plugins,omitempty"`
	// PluginConfig holds plugin arguments.
	PluginConfig []PluginConfig `json:"pluginConfig,omitempty"`
}
