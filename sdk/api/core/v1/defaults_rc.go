package v1

// SetObjectDefaults_ReplicationController applies the defaults of a
// ReplicationController and of its pod template.
func SetObjectDefaults_ReplicationController(obj *ReplicationController) {
	SetDefaults_ReplicationController(obj)
	if obj.Spec.Template != nil {
		SetDefaults_PodTemplateSpec(obj.Spec.Template)
	}
}

// SetObjectDefaults_ReplicationControllerList applies
// SetObjectDefaults_ReplicationController to every item.
func SetObjectDefaults_ReplicationControllerList(in *ReplicationControllerList) {
	for i := range in.Items {
		SetObjectDefaults_ReplicationController(&in.Items[i])
	}
}

// SetDefaults_ReplicationController defaults, as Kubernetes does, the
// selector and the controller's own labels to the template's labels when
// they are empty, and replicas to 1.
func SetDefaults_ReplicationController(obj *ReplicationController) {
	var labels map[string]string
	if obj.Spec.Template != nil {
		labels = obj.Spec.Template.Labels
	}
	if labels != nil {
		if len(obj.Spec.Selector) == 0 {
			obj.Spec.Selector = copyStringMap(labels)
		}
		if len(obj.Labels) == 0 {
			obj.Labels = copyStringMap(labels)
		}
	}
	if obj.Spec.Replicas == nil {
		n := int32(1)
		obj.Spec.Replicas = &n
	}
}

func copyStringMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
