// Package schedulinggates is the SchedulingGates plugin: a PreEnqueue
// plugin that keeps pods with spec.schedulingGates out of the active queue
// until every gate is removed (the queue re-checks the pod when an update
// eliminates its gates).
package schedulinggates
