// Package nodeunschedulable is the NodeUnschedulable scheduler plugin: a
// node with spec.unschedulable (cordoned) rejects pods that do not
// tolerate the node.kubernetes.io/unschedulable:NoSchedule taint.
package nodeunschedulable
