package kvutil

import (
	"strconv"
	"strings"

	"github.com/gantryhq/gantry/store"
)

// CheckKey refuses an empty key.
func CheckKey(key string) error {
	if key == "" {
		return store.Errorf(store.ErrInvalidArgument, "empty key; a key is a non-empty string such as /registry/pods/default/nginx")
	}
	return nil
}

// CheckExpected refuses a negative expected ModRevision.
func CheckExpected(key string, expected int64) error {
	if expected < 0 {
		return store.Errorf(store.ErrInvalidArgument, "expected ModRevision %d for key %q is negative; use 0 for no precondition", expected, key)
	}
	return nil
}

// NotFound is the error for a missing key.
func NotFound(key string) error {
	return store.Errorf(store.ErrNotFound, "key %q not found", key)
}

// AlreadyExists is the error for a Create of an existing key.
func AlreadyExists(key string, modRev int64) error {
	return store.Errorf(store.ErrAlreadyExists, "key %q already exists (ModRevision %d)", key, modRev)
}

// Conflict is the error for a failed precondition.
func Conflict(key string, have, want int64) error {
	return store.Errorf(store.ErrConflict, "key %q has ModRevision %d, not the expected %d", key, have, want)
}

// Compacted is the error for a read or watch at a compacted revision.
func Compacted(what string, rev, compacted int64) error {
	return store.Errorf(store.ErrCompacted, "%s at revision %d: history before revision %d has been compacted; relist", what, rev, compacted)
}

// Future is the error for a read at a revision above the current one.
func Future(what string, rev, current int64) error {
	return store.Errorf(store.ErrFutureRevision, "%s at revision %d: the current revision is %d", what, rev, current)
}

// ListPlan is a checked List request.
type ListPlan struct {
	// Prefix is the key prefix.
	Prefix string
	// After is the key the page starts after ("" for the first page).
	After string
	// Revision is the requested snapshot revision, 0 for the latest.
	Revision int64
	// Limit is the page size, 0 for no limit.
	Limit int64
}

// PlanList checks a List request and decodes its continue token. The caller
// then checks Revision against its compacted and current revisions with
// CheckRevision.
func PlanList(prefix string, opts store.ListOptions) (ListPlan, error) {
	if opts.Limit < 0 {
		return ListPlan{}, store.Errorf(store.ErrInvalidArgument, "list of %q: limit %d is negative; use 0 for no limit", prefix, opts.Limit)
	}
	if opts.Revision < 0 {
		return ListPlan{}, store.Errorf(store.ErrInvalidArgument, "list of %q: revision %d is negative; use 0 for the latest", prefix, opts.Revision)
	}
	p := ListPlan{Prefix: prefix, Revision: opts.Revision, Limit: opts.Limit}
	if opts.Continue == "" {
		return p, nil
	}
	rev, last, err := store.DecodeContinue(opts.Continue)
	if err != nil {
		return ListPlan{}, err
	}
	if !strings.HasPrefix(last, prefix) {
		return ListPlan{}, store.Errorf(store.ErrInvalidContinue, "list of %q: the continue token is for key %q, which is outside the prefix", prefix, last)
	}
	if opts.Revision != 0 && opts.Revision != rev {
		return ListPlan{}, store.Errorf(store.ErrInvalidContinue, "list of %q: revision %d differs from the continue token's revision %d; pass 0 with a continue token", prefix, opts.Revision, rev)
	}
	p.After, p.Revision = last, rev
	return p, nil
}

// CheckRevision resolves the plan's revision against the store's compacted
// and current revisions: 0 becomes current; one below compacted fails with
// ErrCompacted, one above current with ErrFutureRevision.
func (p *ListPlan) CheckRevision(compacted, current int64) error {
	if p.Revision == 0 {
		p.Revision = current
		return nil
	}
	if p.Revision < compacted {
		what := "list of " + strconv.Quote(p.Prefix)
		if p.After != "" {
			what = "continued " + what
		}
		return Compacted(what, p.Revision, compacted)
	}
	if p.Revision > current {
		return Future("list of "+strconv.Quote(p.Prefix), p.Revision, current)
	}
	return nil
}

// Continue returns the ListResult fields for a page that ended at lastKey
// with remaining KVs left after it.
func (p *ListPlan) Continue(lastKey string, remaining int64) string {
	if remaining == 0 {
		return ""
	}
	return store.EncodeContinue(p.Revision, lastKey)
}
