// Package deployment holds the Deployment controller: it rolls a
// Deployment's pod template out through ReplicaSets, as Kubernetes'
// pkg/controller/deployment does.
//
// Each distinct template gets a ReplicaSet named "<deployment>-<hash>",
// where the hash (an FNV-32a hash of the template's JSON encoding and the
// Deployment's status.collisionCount) is also its pod-template-hash label
// and selector term; a name taken by a ReplicaSet with another template
// bumps collisionCount. The ReplicaSet whose template equals the
// Deployment's (ignoring the hash label) is the new one; the others are
// old.
//
// Strategies: RollingUpdate scales the new ReplicaSet up while the total
// of all replica counts stays within replicas+maxSurge (rounded up from a
// percentage), and the old ones down while the available pods stay at
// least replicas-maxUnavailable (rounded down), unhealthy old replicas
// first; Recreate scales every old ReplicaSet to zero, waits until their
// pods are gone, then scales the new one up. A change of the replica
// count alone (or any sync of a paused Deployment) scales the active
// ReplicaSets proportionally, using the max-replicas annotations.
//
// Revisions: the new ReplicaSet's deployment.kubernetes.io/revision is one
// more than the highest of the old ones (a rollback re-uses an old
// ReplicaSet, moving its previous revision into revision-history), and the
// Deployment carries its new ReplicaSet's revision. desired-replicas and
// max-replicas are kept on every ReplicaSet scaled. Old ReplicaSets beyond
// revisionHistoryLimit, scaled to zero, are deleted once a rollout is
// complete (or while paused).
//
// Status: replicas, updatedReplicas, readyReplicas, availableReplicas,
// unavailableReplicas, observedGeneration and collisionCount; the
// Available condition (MinimumReplicasAvailable /
// MinimumReplicasUnavailable), and, with a progressDeadlineSeconds, the
// Progressing condition (NewReplicaSetCreated, FoundNewReplicaSet,
// ReplicaSetUpdated, NewReplicaSetAvailable, ProgressDeadlineExceeded,
// DeploymentPaused, DeploymentResumed) and ReplicaFailure copied from the
// ReplicaSets. This is what kubectl rollout status reads.
package deployment
