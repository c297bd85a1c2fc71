// Package queuesort is the PrioritySort scheduler plugin: the active
// queue pops pods by descending priority, then by the time they were
// queued.
package queuesort
