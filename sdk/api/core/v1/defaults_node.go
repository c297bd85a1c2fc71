package v1

// SetObjectDefaults_Node applies the defaults of a Node: allocatable
// defaults to capacity, quantities are rounded up to milli precision, and
// podCIDR and podCIDRs are made consistent as Kubernetes' conversion does
// (podCIDRs from podCIDR when only that is set, and the other way round).
func SetObjectDefaults_Node(obj *Node) {
	if obj.Spec.PodCIDR != "" && len(obj.Spec.PodCIDRs) == 0 {
		obj.Spec.PodCIDRs = []string{obj.Spec.PodCIDR}
	} else if obj.Spec.PodCIDR == "" && len(obj.Spec.PodCIDRs) > 0 {
		obj.Spec.PodCIDR = obj.Spec.PodCIDRs[0]
	}
	SetDefaults_NodeStatus(&obj.Status)
	SetDefaults_ResourceList(&obj.Status.Capacity)
	SetDefaults_ResourceList(&obj.Status.Allocatable)
}

// SetObjectDefaults_NodeList applies SetObjectDefaults_Node to every item.
func SetObjectDefaults_NodeList(in *NodeList) {
	for i := range in.Items {
		SetObjectDefaults_Node(&in.Items[i])
	}
}

// SetDefaults_NodeStatus sets allocatable to a copy of capacity when unset.
func SetDefaults_NodeStatus(obj *NodeStatus) {
	if obj.Allocatable == nil && obj.Capacity != nil {
		obj.Allocatable = make(ResourceList, len(obj.Capacity))
		for name, q := range obj.Capacity {
			obj.Allocatable[name] = q.DeepCopy()
		}
	}
}
