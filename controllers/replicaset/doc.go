// Package replicaset holds the ReplicaSet and ReplicationController
// controllers: one reconciler, written once over an adapter, keeps the
// number of active pods matching a controller's selector at its replica
// count, as Kubernetes' pkg/controller/replicaset does.
//
// The reconciler creates pods from the template (generateName
// "<name>-", a controller owner reference with blockOwnerDeletion) in slow
// start batches of 1, 2, 4, ... up to BurstReplicas, and deletes extras
// in the order of Kubernetes' ActivePods ranking (unscheduled before
// scheduled, pending before unknown before running, not ready before
// ready, more pods on the same node first, lower pod-deletion-cost first,
// ready for less time first, more restarts first, newest first). It
// records expectations for the creates and deletes it makes and does not
// act again for a controller until its informer has observed them (or
// they expire after five minutes). It adopts orphan pods that match the
// selector and releases owned pods that no longer match, by patching
// their owner references. Status (replicas, fullyLabeledReplicas,
// readyReplicas, availableReplicas with minReadySeconds,
// observedGeneration, the ReplicaFailure condition) is written through
// the status subresource only when it changed.
//
// Terminating pods (deletionTimestamp set) and terminal pods (Succeeded,
// Failed) are not active: they are neither counted nor deleted.
package replicaset
