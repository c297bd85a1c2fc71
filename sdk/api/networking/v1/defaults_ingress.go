package v1

// SetObjectDefaults_IngressClass defaults the scope of the parameters to Cluster.
func SetObjectDefaults_IngressClass(obj *IngressClass) {
	if p := obj.Spec.Parameters; p != nil && p.Scope == nil {
		scope := IngressClassParametersReferenceScopeCluster
		p.Scope = &scope
	}
}
