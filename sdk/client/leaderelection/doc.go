// Package leaderelection elects one leader among replicas of a component
// (scheduler, controller manager) through a coordination.k8s.io/v1 Lease,
// as Kubernetes' client-go does: the leader renews the lease every
// RetryPeriod and gives up leadership if it cannot renew within
// RenewDeadline; others take the lease over once LeaseDuration has passed
// without a renewal.
package leaderelection
