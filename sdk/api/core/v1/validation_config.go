package v1

import (
	"bytes"
	"encoding/json"

	"github.com/gantryhq/gantry/sdk/api/field"
	"github.com/gantryhq/gantry/sdk/api/validation"
)

// ValidateConfigMap checks a ConfigMap: keys are config keys, no key is in
// both data and binaryData, and the values total at most 1 MiB.
func ValidateConfigMap(cm *ConfigMap) field.ErrorList {
	var errs field.ErrorList
	dataPath, binPath := field.NewPath("data"), field.NewPath("binaryData")
	total := 0
	for key, value := range cm.Data {
		for _, msg := range validation.IsConfigMapKey(key) {
			errs = append(errs, field.Invalid(dataPath.Key(key), key, msg))
		}
		if _, dup := cm.BinaryData[key]; dup {
			errs = append(errs, field.Invalid(dataPath.Key(key), key, "duplicate of key present in binaryData"))
		}
		total += len(value)
	}
	for key, value := range cm.BinaryData {
		for _, msg := range validation.IsConfigMapKey(key) {
			errs = append(errs, field.Invalid(binPath.Key(key), key, msg))
		}
		total += len(value)
	}
	if total > MaxSecretSize {
		// Kubernetes reports the size at the empty path: the whole object.
		errs = append(errs, field.TooLong(field.NewPath(""), "", MaxSecretSize))
	}
	return errs
}

// ValidateConfigMapUpdate checks an update of a ConfigMap: once immutable,
// neither immutable, data nor binaryData may change.
func ValidateConfigMapUpdate(cm, old *ConfigMap) field.ErrorList {
	var errs field.ErrorList
	if boolTrue(old.Immutable) {
		if !boolTrue(cm.Immutable) {
			errs = append(errs, field.Forbidden(field.NewPath("immutable"), "field is immutable when `immutable` is set"))
		}
		if !equalStringMap(cm.Data, old.Data) {
			errs = append(errs, field.Forbidden(field.NewPath("data"), "field is immutable when `immutable` is set"))
		}
		if !equalBytesMap(cm.BinaryData, old.BinaryData) {
			errs = append(errs, field.Forbidden(field.NewPath("binaryData"), "field is immutable when `immutable` is set"))
		}
	}
	return append(errs, ValidateConfigMap(cm)...)
}

// ValidateSecret checks a Secret: keys are config keys, the data totals at
// most 1 MiB, and the keys (or annotation) its type requires are present.
// It expects stringData merged into data (see MergeSecretStringData).
func ValidateSecret(s *Secret) field.ErrorList {
	var errs field.ErrorList
	dataPath := field.NewPath("data")
	total := 0
	for key, value := range s.Data {
		for _, msg := range validation.IsConfigMapKey(key) {
			errs = append(errs, field.Invalid(dataPath.Key(key), key, msg))
		}
		total += len(value)
	}
	if total > MaxSecretSize {
		errs = append(errs, field.TooLong(dataPath, "", MaxSecretSize))
	}

	switch s.Type {
	case SecretTypeServiceAccountToken:
		// Only the name is required: the token controller adds the UID
		// annotation and the token.
		if s.Annotations[ServiceAccountNameKey] == "" {
			errs = append(errs, field.Required(field.NewPath("metadata", "annotations").Key(ServiceAccountNameKey), ""))
		}
	case SecretTypeDockercfg:
		errs = append(errs, validateSecretJSONKey(s, DockerConfigKey)...)
	case SecretTypeDockerConfigJSON:
		errs = append(errs, validateSecretJSONKey(s, DockerConfigJSONKey)...)
	case SecretTypeBasicAuth:
		// Either may be empty, but one must be present.
		_, user := s.Data[BasicAuthUsernameKey]
		_, pass := s.Data[BasicAuthPasswordKey]
		if !user && !pass {
			errs = append(errs, field.Required(dataPath.Key(BasicAuthUsernameKey), ""),
				field.Required(dataPath.Key(BasicAuthPasswordKey), ""))
		}
	case SecretTypeSSHAuth:
		if len(s.Data[SSHAuthPrivateKey]) == 0 {
			errs = append(errs, field.Required(dataPath.Key(SSHAuthPrivateKey), ""))
		}
	case SecretTypeTLS:
		if _, ok := s.Data[TLSCertKey]; !ok {
			errs = append(errs, field.Required(dataPath.Key(TLSCertKey), ""))
		}
		if _, ok := s.Data[TLSPrivateKeyKey]; !ok {
			errs = append(errs, field.Required(dataPath.Key(TLSPrivateKeyKey), ""))
		}
	}
	return errs
}

// validateSecretJSONKey requires key and that it holds a JSON object.
func validateSecretJSONKey(s *Secret, key string) field.ErrorList {
	p := field.NewPath("data").Key(key)
	b, ok := s.Data[key]
	if !ok {
		return field.ErrorList{field.Required(p, "")}
	}
	if err := json.Unmarshal(b, &map[string]any{}); err != nil {
		return field.ErrorList{field.Invalid(p, "<secret contents redacted>", err.Error())}
	}
	return nil
}

// ValidateSecretUpdate checks an update of a Secret: the type is
// immutable, and once immutable neither immutable nor data may change.
func ValidateSecretUpdate(s, old *Secret) field.ErrorList {
	errs := validation.ValidateImmutableField(string(s.Type), string(old.Type), field.NewPath("type"))
	if boolTrue(old.Immutable) {
		if !boolTrue(s.Immutable) {
			errs = append(errs, field.Forbidden(field.NewPath("immutable"), "field is immutable when `immutable` is set"))
		}
		if !equalBytesMap(s.Data, old.Data) {
			errs = append(errs, field.Forbidden(field.NewPath("data"), "field is immutable when `immutable` is set"))
		}
	}
	return append(errs, ValidateSecret(s)...)
}

// ValidateServiceAccount checks a ServiceAccount. Kubernetes checks only
// its metadata, which the registry does.
func ValidateServiceAccount(sa *ServiceAccount) field.ErrorList { return nil }

func boolTrue(b *bool) bool { return b != nil && *b }

// equalStringMap reports whether a and b hold the same entries; nil and
// empty are equal (they encode the same).
func equalStringMap(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// equalBytesMap reports whether a and b hold the same entries; nil and
// empty are equal (they encode the same).
func equalBytesMap(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		w, ok := b[k]
		if !ok || !bytes.Equal(v, w) {
			return false
		}
	}
	return true
}
