package v1

// SetObjectDefaults_Namespace applies the defaults of a Namespace: the
// label kubernetes.io/metadata.name set to its name, and phase Active.
func SetObjectDefaults_Namespace(obj *Namespace) {
	SetDefaults_Namespace(obj)
	SetDefaults_NamespaceStatus(&obj.Status)
}

// SetDefaults_Namespace sets the immutable label
// kubernetes.io/metadata.name to the namespace's name (when it has one; a
// namespace created with generateName gets it once named).
func SetDefaults_Namespace(obj *Namespace) {
	if len(obj.Name) == 0 {
		return
	}
	if obj.Labels == nil {
		obj.Labels = map[string]string{}
	}
	obj.Labels[LabelMetadataName] = obj.Name
}

// SetDefaults_NamespaceStatus defaults the phase to Active.
func SetDefaults_NamespaceStatus(obj *NamespaceStatus) {
	if obj.Phase == "" {
		obj.Phase = NamespaceActive
	}
}
