package v1

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/sdk/api/meta"
)

func TestConfigDecode(t *testing.T) {
	t.Run("configmap", func(t *testing.T) {
		var cm ConfigMap
		svcDecodeStrict(t, `
apiVersion: v1
kind: ConfigMap
metadata: {name: game-demo}
immutable: false
data:
  player_initial_lives: "3"
  game.properties: |
    enemy.types=aliens,monsters
    player.maximum-lives=5
binaryData:
  logo.png: iVBORw0KGgo=
`, &cm)
		if string(cm.BinaryData["logo.png"]) != "\x89PNG\r\n\x1a\n" {
			t.Errorf("binaryData not base64-decoded: %q", cm.BinaryData["logo.png"])
		}
	})
	t.Run("secret", func(t *testing.T) {
		var s Secret
		svcDecodeStrict(t, `
apiVersion: v1
kind: Secret
metadata: {name: tls, namespace: default}
type: kubernetes.io/tls
data:
  tls.crt: Y2VydA==
  tls.key: a2V5
stringData:
  extra: value
`, &s)
	})
	t.Run("serviceaccount", func(t *testing.T) {
		var sa ServiceAccount
		svcDecodeStrict(t, `
apiVersion: v1
kind: ServiceAccount
metadata: {name: build-robot}
automountServiceAccountToken: false
secrets: [{name: build-robot-token}]
imagePullSecrets: [{name: registry-creds}]
`, &sa)
	})
}

func TestValidateConfigMap(t *testing.T) {
	big := strings.Repeat("x", MaxSecretSize)
	tests := []struct {
		name string
		cm   ConfigMap
		want []string
	}{
		{"valid", ConfigMap{Data: map[string]string{"a.conf": "x"}, BinaryData: map[string][]byte{"b.bin": {0}}}, nil},
		{"bad key", ConfigMap{Data: map[string]string{"a/b": "x"}}, []string{
			`data[a/b]: Invalid value: "a/b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
		}},
		{"bad binary key", ConfigMap{BinaryData: map[string][]byte{"..": nil}}, []string{
			`binaryData[..]: Invalid value: "..": must not be '..'`,
		}},
		{"key in both", ConfigMap{Data: map[string]string{"k": "x"}, BinaryData: map[string][]byte{"k": {1}}}, []string{
			`data[k]: Invalid value: "k": duplicate of key present in binaryData`,
		}},
		{"too big", ConfigMap{Data: map[string]string{"a": big}, BinaryData: map[string][]byte{"b": {1}}}, []string{
			": Too long: may not be more than 1048576 bytes",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, svcErrStrings(ValidateConfigMap(&tt.cm))); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestConfigMapImmutable(t *testing.T) {
	old := &ConfigMap{Immutable: ptrTo(true), Data: map[string]string{"a": "1"}}
	tests := []struct {
		name   string
		change func(*ConfigMap)
		want   []string
	}{
		{"metadata only", func(c *ConfigMap) { c.Labels = map[string]string{"x": "y"} }, nil},
		{"data", func(c *ConfigMap) { c.Data["a"] = "2" }, []string{"data: Forbidden: field is immutable when `immutable` is set"}},
		{"binary data", func(c *ConfigMap) { c.BinaryData = map[string][]byte{"b": {1}} }, []string{"binaryData: Forbidden: field is immutable when `immutable` is set"}},
		{"unset immutable", func(c *ConfigMap) { c.Immutable = nil }, []string{"immutable: Forbidden: field is immutable when `immutable` is set"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cm := old.DeepCopy()
			tt.change(cm)
			if diff := cmp.Diff(tt.want, svcErrStrings(ValidateConfigMapUpdate(cm, old))); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
	mutable := &ConfigMap{Data: map[string]string{"a": "1"}}
	cm := mutable.DeepCopy()
	cm.Data["a"] = "2"
	cm.Immutable = ptrTo(true)
	if errs := ValidateConfigMapUpdate(cm, mutable); len(errs) != 0 {
		t.Errorf("making a ConfigMap immutable: %v", errs.ToAggregate())
	}
}

func TestSecretStringData(t *testing.T) {
	k := svcKind(t, "Secret")
	s := &Secret{ObjectMeta: meta.ObjectMeta{Name: "creds", Namespace: "default"},
		Data:       map[string][]byte{"username": []byte("old"), "keep": []byte("k")},
		StringData: map[string]string{"username": "admin", "password": "s3cr3t"}}
	k.Default(s)
	k.PrepareForCreate(s)
	want := map[string][]byte{"username": []byte("admin"), "password": []byte("s3cr3t"), "keep": []byte("k")}
	if diff := cmp.Diff(want, s.Data); diff != "" {
		t.Errorf("data (-want +got):\n%s", diff)
	}
	if s.StringData != nil || s.Type != SecretTypeOpaque {
		t.Errorf("stringData %v type %q; want nil and Opaque", s.StringData, s.Type)
	}

	// On update stringData wins over both the new and the stored data.
	upd := s.DeepCopy()
	upd.StringData = map[string]string{"password": "n3w"}
	k.Default(upd)
	k.PrepareForUpdate(upd, s)
	if string(upd.Data["password"]) != "n3w" || upd.StringData != nil {
		t.Errorf("after update: data %q stringData %v", upd.Data, upd.StringData)
	}
	if v, ok := k.FieldValue(s, "type"); !ok || v != "Opaque" {
		t.Errorf("field type = %q, %v", v, ok)
	}
}

func TestValidateSecret(t *testing.T) {
	tests := []struct {
		name string
		s    Secret
		want []string
	}{
		{"opaque", Secret{Type: SecretTypeOpaque, Data: map[string][]byte{"a": nil}}, nil},
		{"tls needs cert and key", Secret{Type: SecretTypeTLS, Data: map[string][]byte{"tls.crt": []byte("c")}}, []string{
			"data[tls.key]: Required value",
		}},
		{"tls complete", Secret{Type: SecretTypeTLS, Data: map[string][]byte{"tls.crt": {}, "tls.key": {}}}, nil},
		{"dockerconfigjson needs its key", Secret{Type: SecretTypeDockerConfigJSON}, []string{
			"data[.dockerconfigjson]: Required value",
		}},
		{"dockerconfigjson is JSON", Secret{Type: SecretTypeDockerConfigJSON, Data: map[string][]byte{".dockerconfigjson": []byte("{")}}, []string{
			`data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": unexpected end of JSON input`,
		}},
		{"dockerconfigjson valid", Secret{Type: SecretTypeDockerConfigJSON, Data: map[string][]byte{".dockerconfigjson": []byte(`{"auths":{}}`)}}, nil},
		{"dockercfg", Secret{Type: SecretTypeDockercfg}, []string{"data[.dockercfg]: Required value"}},
		{"basic auth needs one of", Secret{Type: SecretTypeBasicAuth}, []string{
			"data[username]: Required value", "data[password]: Required value",
		}},
		{"basic auth with password", Secret{Type: SecretTypeBasicAuth, Data: map[string][]byte{"password": {}}}, nil},
		{"ssh auth", Secret{Type: SecretTypeSSHAuth, Data: map[string][]byte{"ssh-privatekey": {}}}, []string{"data[ssh-privatekey]: Required value"}},
		{"service account token needs the annotation", Secret{Type: SecretTypeServiceAccountToken}, []string{
			"metadata.annotations[kubernetes.io/service-account.name]: Required value",
		}},
		{"service account token", Secret{ObjectMeta: meta.ObjectMeta{Annotations: map[string]string{ServiceAccountNameKey: "default"}}, Type: SecretTypeServiceAccountToken}, nil},
		{"bad key", Secret{Data: map[string][]byte{"a b": nil}}, []string{
			`data[a b]: Invalid value: "a b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
		}},
		{"too big", Secret{Data: map[string][]byte{"a": make([]byte, MaxSecretSize+1)}}, []string{"data: Too long: may not be more than 1048576 bytes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, svcErrStrings(ValidateSecret(&tt.s))); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSecretUpdate(t *testing.T) {
	old := &Secret{Type: SecretTypeOpaque, Immutable: ptrTo(true), Data: map[string][]byte{"a": []byte("1")}}
	s := old.DeepCopy()
	s.Type = SecretTypeBasicAuth
	s.Data["a"] = []byte("2")
	want := []string{
		`type: Invalid value: "kubernetes.io/basic-auth": field is immutable`,
		"data: Forbidden: field is immutable when `immutable` is set",
		"data[username]: Required value", "data[password]: Required value",
	}
	if diff := cmp.Diff(want, svcErrStrings(ValidateSecretUpdate(s, old))); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

func TestConfigCells(t *testing.T) {
	meta1 := svcCreated(5 * time.Minute)
	meta1.Name = "x"
	tests := []struct {
		kind string
		obj  any
		want []any
	}{
		{"ConfigMap", &ConfigMap{ObjectMeta: meta1, Data: map[string]string{"a": "", "b": ""}, BinaryData: map[string][]byte{"c": nil}}, []any{"x", int64(3), "5m"}},
		{"Secret", &Secret{ObjectMeta: meta1, Type: SecretTypeTLS, Data: map[string][]byte{"tls.crt": nil, "tls.key": nil}}, []any{"x", "kubernetes.io/tls", int64(2), "5m"}},
		{"ServiceAccount", &ServiceAccount{ObjectMeta: meta1, Secrets: []ObjectReference{{Name: "t"}}}, []any{"x", int64(1), "5m"}},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			k := svcKind(t, tt.kind)
			if diff := cmp.Diff(tt.want, k.Cells(tt.obj.(meta.Object), svcNow)); diff != "" {
				t.Errorf("cells (-want +got):\n%s", diff)
			}
		})
	}
	if k := svcKind(t, "ConfigMap"); !cmp.Equal(k.ShortNames(), []string{"cm"}) {
		t.Errorf("ConfigMap short names %v", k.ShortNames())
	}
}

func TestServiceAccountStrategy(t *testing.T) {
	k := svcKind(t, "ServiceAccount")
	sa := &ServiceAccount{ObjectMeta: meta.ObjectMeta{Name: "build-robot", Namespace: "ci"},
		Secrets: []ObjectReference{{Name: "tok", Namespace: "ci", Kind: "Secret", UID: "u"}}}
	k.PrepareForCreate(sa)
	if diff := cmp.Diff([]ObjectReference{{Name: "tok"}}, sa.Secrets); diff != "" {
		t.Errorf("secrets (-want +got):\n%s", diff)
	}
	if errs := k.Validate(sa); len(errs) != 0 {
		t.Errorf("Validate: %v", errs.ToAggregate())
	}
	if !cmp.Equal(k.ShortNames(), []string{"sa"}) {
		t.Errorf("short names %v", k.ShortNames())
	}
}
