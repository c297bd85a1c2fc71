package v1

// SetObjectDefaults_Secret applies the defaults of a Secret: stringData is
// merged into data (its entries win) and cleared, as Kubernetes does when
// it decodes a v1 Secret, and the type defaults to Opaque.
func SetObjectDefaults_Secret(obj *Secret) {
	MergeSecretStringData(obj)
	SetDefaults_Secret(obj)
}

// SetDefaults_Secret defaults the type to Opaque.
func SetDefaults_Secret(obj *Secret) {
	if obj.Type == "" {
		obj.Type = SecretTypeOpaque
	}
}

// MergeSecretStringData copies every stringData entry into data,
// overwriting data's, then clears stringData. It is idempotent.
func MergeSecretStringData(obj *Secret) {
	if len(obj.StringData) > 0 {
		if obj.Data == nil {
			obj.Data = make(map[string][]byte, len(obj.StringData))
		}
		for k, v := range obj.StringData {
			obj.Data[k] = []byte(v)
		}
	}
	obj.StringData = nil
}
