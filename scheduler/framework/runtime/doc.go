// Package runtime is the framework runtime of Gantry's scheduler: it builds
// one profile's plugins from a framework.Registry and the profile's
// configuration, and runs them at every extension point.
//
// Configuration follows KubeSchedulerConfiguration v1: MergePlugins applies a
// profile's changes to the default plugin set (disable by name or "*",
// re-enable to override a default in place, weights); NewFramework expands
// MultiPoint plugins to every extension point they implement, checks that
// every plugin is registered and enabled once per point, that exactly one
// QueueSort and at least one Bind plugin are enabled, and gives each
// plugin its arguments from PluginConfig, decoded strictly by the plugin's
// Factory.
//
// Running: RunPreFilterPlugins (Skip, PreFilterResult intersection),
// PrepareFilter/CycleFilter (the per-pod Filter phase with skipped plugins
// removed once, per-node plugins and BatchFilterPlugins apart),
// RunFilterPluginsWithNominatedPods, RunPostFilterPlugins, RunPreScorePlugins,
// RunScorePlugins (parallel over nodes on the fixed-size Parallelizer,
// BatchScorePlugins called once, NormalizeScore, weights), Reserve and
// Unreserve (reverse order), Permit with waiting pods (Allow, Reject,
// timeouts), PreBind, Bind (Skip passes to the next) and PostBind.
//
// A Framework is also the framework.Handle its plugins receive.
package runtime
