// Package priority is the Priority admission plugin. As in Kubernetes:
//
//   - on pod create it resolves spec.priorityClassName into spec.priority
//     and spec.preemptionPolicy from the PriorityClass objects; a pod that
//     names no class gets the global default class (the one marked
//     globalDefault, the lowest if several are), or priority 0 and
//     PreemptLowerPriority when there is none;
//   - a pod naming an unknown class is refused with Forbidden: `no
//     PriorityClass with name foo was found`;
//   - a pod that sets spec.priority (or spec.preemptionPolicy) different
//     from what its class gives is refused with Forbidden: `the integer value
//     of priority (5) must not be provided in pod spec; priority admission
//     controller computed 1000 from the given PriorityClass name`;
//   - on pod update, a priority and preemption policy the update leaves out
//     are kept from the stored pod;
//   - a PriorityClass marked globalDefault is refused while another class is
//     the default: `PriorityClass low is already marked as default. Only one
//     default can exist`.
//
// Deviation from Kubernetes: the built-in classes system-cluster-critical
// (2000000000) and system-node-critical (2000001000) resolve even when no
// object exists (Kubernetes' API server creates them at start; a Gantry host
// may not have yet). An object of that name, when there is one, wins.
package priority
