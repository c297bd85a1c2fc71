package v1

import "github.com/gantryhq/gantry/sdk/api/meta"

// ConfigMap holds configuration data for pods to consume, as environment
// variables or files.
type ConfigMap struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Immutable, when true, forbids any change of data and binaryData (and
	// of immutable itself); only metadata may change.
	Immutable *bool `json:"immutable,omitempty" protobuf:"varint,4,opt,name=immutable"`
	// Data holds UTF-8 values. Keys consist of alphanumerics, '-', '_' and
	// '.', and may not also appear in BinaryData.
	Data map[string]string `json:"data,omitempty" protobuf:"bytes,2,rep,name=data"`
	// BinaryData holds arbitrary bytes (base64 in JSON).
	BinaryData map[string][]byte `json:"binaryData,omitempty" protobuf:"bytes,3,rep,name=binaryData"`
}

// ConfigMapList is a list of ConfigMaps.
type ConfigMapList struct {
	meta.TypeMeta `json:",inline"`
	meta.ListMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`
	Items         []ConfigMap `json:"items" protobuf:"bytes,2,rep,name=items"`
}

// Secret holds a small amount of sensitive data. The total size of its data
// is at most MaxSecretSize.
type Secret struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Immutable, when true, forbids any change of data (and of immutable itself).
	Immutable *bool `json:"immutable,omitempty" protobuf:"varint,5,opt,name=immutable"`
	// Data holds the secret's values (base64 in JSON). Keys consist of
	// alphanumerics, '-', '_' and '.'.
	Data map[string][]byte `json:"data,omitempty" protobuf:"bytes,2,rep,name=data"`
	// StringData is a write-only convenience: its entries are merged into
	// Data on write (overwriting Data's), then it is cleared. It is never
	// returned by the API server.
	StringData map[string]string `json:"stringData,omitempty" protobuf:"bytes,4,rep,name=stringData"`
	// Type helps programs handle the data; defaults to Opaque. Immutable.
	Type SecretType `json:"type,omitempty" protobuf:"bytes,3,opt,name=type,casttype=SecretType"`
}

// SecretList is a list of Secrets.
type SecretList struct {
	meta.TypeMeta `json:",inline"`
	meta.ListMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`
	Items         []Secret `json:"items" protobuf:"bytes,2,rep,name=items"`
}

// MaxSecretSize is the largest total size of a Secret's (or ConfigMap's) data: 1 MiB.
const MaxSecretSize = 1 * 1024 * 1024

// SecretType is the type of a Secret; some types require keys.
type SecretType string

// Secret types and the data keys they use.
const (
	// SecretTypeOpaque is arbitrary user data, the default.
	SecretTypeOpaque SecretType = "Opaque"

	// SecretTypeServiceAccountToken holds a ServiceAccount's token. It needs
	// the annotation ServiceAccountNameKey; ServiceAccountUIDKey and the
	// "token" key are filled by the token controller.
	SecretTypeServiceAccountToken SecretType = "kubernetes.io/service-account-token"
	// ServiceAccountTokenKey holds the token of a service account token Secret.
	ServiceAccountTokenKey = "token"
	// ServiceAccountKubeconfigKey holds an optional kubeconfig.
	ServiceAccountKubeconfigKey = "kubernetes.kubeconfig"
	// ServiceAccountRootCAKey holds the optional cluster CA.
	ServiceAccountRootCAKey = "ca.crt"
	// ServiceAccountNamespaceKey holds the optional default namespace.
	ServiceAccountNamespaceKey = "namespace"

	// SecretTypeDockercfg holds a ~/.dockercfg file under DockerConfigKey.
	SecretTypeDockercfg SecretType = "kubernetes.io/dockercfg"
	// DockerConfigKey is the required key of SecretTypeDockercfg.
	DockerConfigKey = ".dockercfg"

	// SecretTypeDockerConfigJSON holds a ~/.docker/config.json file under DockerConfigJSONKey.
	SecretTypeDockerConfigJSON SecretType = "kubernetes.io/dockerconfigjson"
	// DockerConfigJSONKey is the required key of SecretTypeDockerConfigJSON.
	DockerConfigJSONKey = ".dockerconfigjson"

	// SecretTypeBasicAuth holds a username and/or password.
	SecretTypeBasicAuth SecretType = "kubernetes.io/basic-auth"
	// BasicAuthUsernameKey is the username of SecretTypeBasicAuth.
	BasicAuthUsernameKey = "username"
	// BasicAuthPasswordKey is the password or token of SecretTypeBasicAuth.
	BasicAuthPasswordKey = "password"

	// SecretTypeSSHAuth holds an SSH private key under SSHAuthPrivateKey.
	SecretTypeSSHAuth SecretType = "kubernetes.io/ssh-auth"
	// SSHAuthPrivateKey is the required key of SecretTypeSSHAuth.
	SSHAuthPrivateKey = "ssh-privatekey"

	// SecretTypeTLS holds a certificate and its key under TLSCertKey and TLSPrivateKeyKey.
	SecretTypeTLS SecretType = "kubernetes.io/tls"
	// TLSCertKey is the certificate (chain) of SecretTypeTLS.
	TLSCertKey = "tls.crt"
	// TLSPrivateKeyKey is the private key of SecretTypeTLS.
	TLSPrivateKeyKey = "tls.key"

	// SecretTypeBootstrapToken holds a bootstrap token (kubeadm).
	SecretTypeBootstrapToken SecretType = "bootstrap.kubernetes.io/token"
)

// ServiceAccount is an identity for processes running in pods, with the
// secrets they may use.
type ServiceAccount struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Secrets are the secrets pods running as this account may use (only
	// enforced with the kubernetes.io/enforce-mountable-secrets annotation).
	Secrets []ObjectReference `json:"secrets,omitempty" patchStrategy:"merge" patchMergeKey:"name" protobuf:"bytes,2,rep,name=secrets"`
	// ImagePullSecrets are added to the pods running as this account.
	ImagePullSecrets []LocalObjectReference `json:"imagePullSecrets,omitempty" protobuf:"bytes,3,rep,name=imagePullSecrets"`
	// AutomountServiceAccountToken says whether pods get an API token mounted;
	// a pod's own setting wins.
	AutomountServiceAccountToken *bool `json:"automountServiceAccountToken,omitempty" protobuf:"varint,4,opt,name=automountServiceAccountToken"`
}

// ServiceAccountList is a list of ServiceAccounts.
type ServiceAccountList struct {
	meta.TypeMeta `json:",inline"`
	meta.ListMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`
	Items         []ServiceAccount `json:"items" protobuf:"bytes,2,rep,name=items"`
}

// EnforceMountableSecretsAnnotation, set to "true" on a ServiceAccount,
// limits its pods to the secrets it lists.
const EnforceMountableSecretsAnnotation = "kubernetes.io/enforce-mountable-secrets"

// DefaultServiceAccountName is the ServiceAccount every namespace gets and
// pods use when they name none.
const DefaultServiceAccountName = "default"
