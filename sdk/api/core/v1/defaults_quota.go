package v1

// SetObjectDefaults_LimitRange applies the defaults of a LimitRange to each
// item, then rounds every quantity up to milli precision.
func SetObjectDefaults_LimitRange(obj *LimitRange) {
	for i := range obj.Spec.Limits {
		item := &obj.Spec.Limits[i]
		SetDefaults_LimitRangeItem(item)
		SetDefaults_ResourceList(&item.Max)
		SetDefaults_ResourceList(&item.Min)
		SetDefaults_ResourceList(&item.Default)
		SetDefaults_ResourceList(&item.DefaultRequest)
		SetDefaults_ResourceList(&item.MaxLimitRequestRatio)
	}
}

// SetDefaults_LimitRangeItem fills the container defaults as Kubernetes
// does: a missing default limit is the max; a missing default request is
// the default limit, else the min.
func SetDefaults_LimitRangeItem(obj *LimitRangeItem) {
	if obj.Type != LimitTypeContainer {
		return
	}
	if obj.Default == nil {
		obj.Default = make(ResourceList)
	}
	if obj.DefaultRequest == nil {
		obj.DefaultRequest = make(ResourceList)
	}
	for k, v := range obj.Max {
		if _, ok := obj.Default[k]; !ok {
			obj.Default[k] = v.DeepCopy()
		}
	}
	for k, v := range obj.Default {
		if _, ok := obj.DefaultRequest[k]; !ok {
			obj.DefaultRequest[k] = v.DeepCopy()
		}
	}
	for k, v := range obj.Min {
		if _, ok := obj.DefaultRequest[k]; !ok {
			obj.DefaultRequest[k] = v.DeepCopy()
		}
	}
}

// SetObjectDefaults_ResourceQuota rounds every quantity of a ResourceQuota
// up to milli precision.
func SetObjectDefaults_ResourceQuota(obj *ResourceQuota) {
	SetDefaults_ResourceList(&obj.Spec.Hard)
	SetDefaults_ResourceList(&obj.Status.Hard)
	SetDefaults_ResourceList(&obj.Status.Used)
}
