package patch

import (
	"testing"

	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
)

func TestApply(t *testing.T) {
	const doc = `{"metadata":{"name":"web","finalizers":["a"]},"spec":{"containers":[{"name":"app","image":"x"}]}}`
	tests := []struct {
		name      string
		patchType string
		patch     string
		schema    Schema
		want      string
		err       *wantErr
	}{
		{name: "json patch", patchType: JSONPatchType,
			patch: `[{"op":"replace","path":"/metadata/name","value":"api"}]`,
			want:  `{"metadata":{"name":"api","finalizers":["a"]},"spec":{"containers":[{"name":"app","image":"x"}]}}`},
		{name: "merge patch replaces lists", patchType: MergePatchType,
			patch: `{"metadata":{"finalizers":["b"]}}`,
			want:  `{"metadata":{"name":"web","finalizers":["b"]},"spec":{"containers":[{"name":"app","image":"x"}]}}`},
		{name: "strategic merge patch merges lists", patchType: StrategicMergePatchType, schema: podSchema,
			patch: `{"metadata":{"finalizers":["b"]}}`,
			want:  `{"metadata":{"name":"web","finalizers":["b","a"]},"spec":{"containers":[{"name":"app","image":"x"}]}}`},
		{name: "content type parameters are ignored", patchType: "Application/Merge-Patch+JSON; charset=utf-8",
			patch: `{"metadata":{"name":"api"}}`,
			want:  `{"metadata":{"name":"api","finalizers":["a"]},"spec":{"containers":[{"name":"app","image":"x"}]}}`},
		{name: "strategic merge patch of a kind without schema", patchType: StrategicMergePatchType,
			patch: `{}`, err: &wantErr{apierrors.ErrUnsupportedMedia, []string{"strategic merge patch is not supported"}}},
		{name: "server-side apply", patchType: ApplyPatchType,
			patch: "metadata:\n  name: web\n",
			err:   &wantErr{apierrors.ErrUnsupportedMedia, []string{"server-side apply", "not supported", "kubectl apply"}}},
		{name: "server-side apply (cbor)", patchType: ApplyPatchCBORType,
			patch: "", err: &wantErr{apierrors.ErrNotSupported, []string{"server-side apply"}}},
		{name: "unknown media type", patchType: "application/json",
			patch: `{}`, err: &wantErr{apierrors.ErrUnsupportedMedia, []string{`"application/json"`, JSONPatchType, MergePatchType, StrategicMergePatchType}}},
		{name: "malformed patch", patchType: JSONPatchType,
			patch: `{}`, err: &wantErr{apierrors.ErrBadRequest, []string{"JSON array"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Apply(tt.patchType, []byte(doc), []byte(tt.patch), tt.schema)
			if checkError(t, tt.err, err) {
				assertJSONEqual(t, tt.want, string(got))
			}
		})
	}
}

// TestErrorStatus checks the Kubernetes Status each kind of error becomes.
func TestErrorStatus(t *testing.T) {
	tests := []struct {
		name      string
		patchType string
		patch     string
		code      int32
		reason    string
	}{
		{"json patch test failure is 422", JSONPatchType, `[{"op":"test","path":"/a","value":2}]`, 422, "Invalid"},
		{"malformed json patch is 400", JSONPatchType, `[{"op":"test"}]`, 400, "BadRequest"},
		{"bad strategic directive is 400", StrategicMergePatchType, `{"$patch":"nope"}`, 400, "BadRequest"},
		{"server-side apply is 415", ApplyPatchType, `{}`, 415, "UnsupportedMediaType"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Apply(tt.patchType, []byte(`{"a":1}`), []byte(tt.patch), podSchema)
			st := apierrors.ToStatus(err)
			if st.Code != tt.code || string(st.Reason) != tt.reason || st.Message != err.Error() {
				t.Errorf("status = %d %s %q; want %d %s %q", st.Code, st.Reason, st.Message, tt.code, tt.reason, err.Error())
			}
		})
	}
}
