package v1

import "github.com/gantryhq/gantry/sdk/api/meta"

// Lease is a lock held by one holder for a duration and renewed by it. The
// scheduler and controller manager elect their leader with one; every node
// agent renews one in the kube-node-lease namespace as its heartbeat.
type Lease struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata,omitempty"`

	// Spec is the holder and timing of the lease.
	Spec LeaseSpec `json:"spec,omitempty"`
}

// LeaseList is a list of Leases.
type LeaseList struct {
	meta.TypeMeta `json:",inline"`
	meta.ListMeta `json:"metadata,omitempty"`
	Items         []Lease `json:"items"`
}

// LeaseSpec is the holder and timing of a Lease.
type LeaseSpec struct {
	// HolderIdentity is the current holder.
	HolderIdentity *string `json:"holderIdentity,omitempty"`
	// LeaseDurationSeconds is how long candidates wait after the last
	// renewal before they may take the lease.
	LeaseDurationSeconds *int32 `json:"leaseDurationSeconds,omitempty"`
	// AcquireTime is when the current holder acquired the lease.
	AcquireTime *meta.MicroTime `json:"acquireTime,omitempty"`
	// RenewTime is when the holder last renewed the lease.
	RenewTime *meta.MicroTime `json:"renewTime,omitempty"`
	// LeaseTransitions counts the changes of holder.
	LeaseTransitions *int32 `json:"leaseTransitions,omitempty"`
	// Strategy is how coordinated leader election picks a holder (alpha in
	// Kubernetes; accepted and stored, not acted on by Gantry).
	Strategy *CoordinatedLeaseStrategy `json:"strategy,omitempty"`
	// PreferredHolder signals the holder that it should yield the lease
	// (coordinated leader election; requires Strategy).
	PreferredHolder *string `json:"preferredHolder,omitempty"`
}

// CoordinatedLeaseStrategy is a strategy of coordinated leader election.
type CoordinatedLeaseStrategy string

// OldestEmulationVersion picks the candidate with the oldest emulation
// version, then binary version, then creation time.
const OldestEmulationVersion CoordinatedLeaseStrategy = "OldestEmulationVersion"
