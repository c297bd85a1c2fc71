// Package defaulttolerationseconds is the DefaultTolerationSeconds admission
// plugin. On pod create and update it adds, as Kubernetes does, the
// tolerations
//
//	node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
//	node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
//
// to every pod that does not already tolerate those taints (a toleration
// with the taint's key or an empty key, and effect NoExecute or an empty
// effect, counts), so that the node lifecycle controller evicts the pods of
// a lost node after five minutes. The durations are configurable
// (defaultNotReadyTolerationSeconds, defaultUnreachableTolerationSeconds),
// as Kubernetes' API server flags of the same names. Subresources are
// ignored.
package defaulttolerationseconds
