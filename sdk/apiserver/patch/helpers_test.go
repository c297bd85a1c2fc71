package patch

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
)

// decodeForCompare decodes a JSON document for a semantic comparison.
func decodeForCompare(t *testing.T, what, doc string) any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(doc))
	dec.UseNumber() // compares number literals: the engine must keep them
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("%s is not JSON: %v\n%s", what, err, doc)
	}
	return v
}

// assertJSONEqual compares two JSON documents as values: object member
// order does not matter, array order does.
func assertJSONEqual(t *testing.T, want, got string) {
	t.Helper()
	if diff := cmp.Diff(decodeForCompare(t, "want", want), decodeForCompare(t, "got", got)); diff != "" {
		t.Errorf("patched document mismatch (-want +got):\n%s\ngot: %s", diff, got)
	}
}

// wantErr describes an expected error: its class and words of its message.
type wantErr struct {
	class    *apierrors.Class
	contains []string
}

// checkError reports whether err matches want (nil: no error expected).
func checkError(t *testing.T, want *wantErr, err error) bool {
	t.Helper()
	if want == nil {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return true
	}
	if err == nil {
		t.Fatalf("got no error, want one of class %v", want.class)
	}
	if !errors.Is(err, want.class) {
		t.Errorf("error %q: class is not %v (status %+v)", err, want.class, apierrors.ToStatus(err))
	}
	for _, s := range want.contains {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not contain %q", err, s)
		}
	}
	return false
}

// expect returns base with the RFC 7386 merge patch change applied: the
// expected result of a patch that makes that change.
func expect(t *testing.T, base, change string) string {
	t.Helper()
	out, err := MergePatch([]byte(base), []byte(change))
	if err != nil {
		t.Fatalf("building the expected document: %v", err)
	}
	return string(out)
}

// classified reports whether err belongs to one of the error classes.
func classified(err error) bool {
	for _, c := range []*apierrors.Class{
		apierrors.ErrBadRequest, apierrors.ErrInvalid, apierrors.ErrInternal,
		apierrors.ErrRequestTooLarge, apierrors.ErrUnsupportedMedia,
	} {
		if errors.Is(err, c) {
			return true
		}
	}
	return false
}
