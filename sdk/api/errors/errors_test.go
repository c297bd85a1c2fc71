package errors

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/sdk/api/field"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

func TestStatusErrors(t *testing.T) {
	pods := Resource{Resource: "pods"}
	deps := Resource{Group: "apps", Resource: "deployments"}
	tests := []struct {
		name    string
		err     error
		is      func(error) bool
		code    int32
		reason  meta.StatusReason
		message string
	}{
		{"not found", NewNotFound(pods, "p"), IsNotFound, 404, meta.StatusReasonNotFound, `pods "p" not found`},
		{"already exists", NewAlreadyExists(deps, "d"), IsAlreadyExists, 409, meta.StatusReasonAlreadyExists, `deployments.apps "d" already exists`},
		{"conflict", NewConflict(deps, "d", errors.New("the object has been modified")), IsConflict, 409, meta.StatusReasonConflict,
			`Operation cannot be fulfilled on deployments.apps "d": the object has been modified`},
		{"invalid", NewInvalid("apps", "Deployment", "d", field.ErrorList{field.Required(field.NewPath("spec", "selector"), "")}), IsInvalid, 422,
			meta.StatusReasonInvalid, `Deployment.apps "d" is invalid: spec.selector: Required value`},
		{"gone", NewResourceExpired("too old"), IsGone, 410, meta.StatusReasonExpired, "too old"},
		{"forbidden", NewForbidden(pods, "p", errors.New("no")), IsForbidden, 403, meta.StatusReasonForbidden, `pods "p" is forbidden: no`},
		{"too many", NewTooManyRequests("slow down", 1), IsTooManyRequests, 429, meta.StatusReasonTooManyRequests, "slow down"},
		{"bad request", NewBadRequest("nope"), IsBadRequest, 400, meta.StatusReasonBadRequest, "nope"},
		{"not supported", NewNotSupported("server-side apply"), IsNotSupported, 400, meta.StatusReasonBadRequest, "server-side apply is not supported by Gantry"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wrapped := fmt.Errorf("context: %w", tc.err)
			if !tc.is(wrapped) {
				t.Errorf("class test failed through wrapping")
			}
			st := ToStatus(wrapped)
			got := []any{st.Code, st.Reason, st.Message, st.Kind, st.Status}
			want := []any{tc.code, tc.reason, tc.message, "Status", meta.StatusFailure}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			// A Status read back from the wire keeps its class.
			if !tc.is(FromStatus(st)) {
				t.Errorf("class lost after FromStatus")
			}
		})
	}
}

func TestToStatusPlainErrors(t *testing.T) {
	st := ToStatus(fmt.Errorf("store: key missing: %w", ErrNotFound))
	if st.Code != 404 || st.Reason != meta.StatusReasonNotFound {
		t.Errorf("classed plain error: %+v", st)
	}
	st = ToStatus(errors.New("boom"))
	if st.Code != 500 || st.Reason != meta.StatusReasonInternalError {
		t.Errorf("unclassed error: %+v", st)
	}
	inv := NewInvalid("", "Pod", "p", field.ErrorList{field.Invalid(field.NewPath("spec", "x"), 1, "bad")})
	if c := inv.Status.Details.Causes; len(c) != 1 || c[0].Field != "spec.x" || c[0].Type != meta.CauseTypeFieldValueInvalid {
		t.Errorf("causes: %+v", c)
	}
}

func TestSentinelAndDetailf(t *testing.T) {
	errGone := NewSentinel("pkg: revision compacted", ErrGone)
	err := Detailf(errGone, "pkg: ", "key %q at revision %d", "/a", 7)
	if err.Error() != `pkg: key "/a" at revision 7` {
		t.Errorf("message %q", err)
	}
	if !errors.Is(err, errGone) || !IsGone(err) || IsNotFound(err) {
		t.Errorf("classes lost: %v", err)
	}
	if st := ToStatus(err); st.Code != 410 {
		t.Errorf("status code %d", st.Code)
	}
}
