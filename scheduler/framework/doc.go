// Package framework is Gantry's scheduling framework: the extension points
// a scheduler plugin implements, the Status it returns, the per-cycle
// CycleState, the NodeInfo/PodInfo views of the cluster the plugins read,
// the plugin Registry and the profile configuration.
//
// The extension points follow the Kubernetes scheduling framework:
//
//	QueueSort → PreEnqueue → (scheduling cycle) PreFilter → Filter →
//	PostFilter (when no node fits) → PreScore → Score → NormalizeScore →
//	Reserve → Permit → (binding cycle, asynchronous) PreBind → Bind → PostBind
//	(Unreserve on any failure after Reserve)
//
// A plugin implements Plugin plus the one-method interface of each point it
// needs; the framework finds them by type assertion. Plugins that would pay
// per call (out-of-process plugins) may implement BatchFilterPlugin and
// BatchScorePlugin to see every candidate node of a pod in one call.
//
// Plugin methods may be called concurrently for different nodes (Filter,
// Score) and different pods; they must not modify the pod or NodeInfo they
// are given, and must keep per-pod data in CycleState.
package framework
