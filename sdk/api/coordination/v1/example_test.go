package v1_test

import (
	"fmt"

	coordinationv1 "github.com/gantryhq/gantry/sdk/api/coordination/v1"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

// Register Lease into a registry, then validate a lease a leader elector
// would write.
func ExampleRegister() {
	r := registry.New()
	if err := coordinationv1.Register(r); err != nil {
		panic(err)
	}
	k, _ := r.Lookup("leases.coordination.k8s.io")
	holder, seconds := "scheduler-0", int32(15)
	lease := &coordinationv1.Lease{Spec: coordinationv1.LeaseSpec{HolderIdentity: &holder, LeaseDurationSeconds: &seconds}}
	lease.Name, lease.Namespace = "kube-scheduler", "kube-system"
	fmt.Println(k.GVK(), len(k.Validate(lease)))
	// Output: coordination.k8s.io/v1, Kind=Lease 0
}
