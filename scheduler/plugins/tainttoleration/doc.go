// Package tainttoleration is the TaintToleration scheduler plugin: Filter
// rejects nodes with a NoSchedule or NoExecute taint the pod does not
// tolerate ("node(s) had untolerated taint {key: value}"); Score counts
// the PreferNoSchedule taints the pod does not tolerate, normalised in
// reverse so that the node with the fewest scores highest.
package tainttoleration
