package pluginutil

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/gantryhq/gantry/sdk/admission"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

// DecodeConfig decodes a plugin's JSON configuration into out, strictly: an
// unknown field is an error naming it, and so is anything after the first
// JSON value. An empty (or all-blank, or "null") config leaves out as it is,
// so that out's zero value means the defaults.
func DecodeConfig(plugin string, config []byte, out any) error {
	config = bytes.TrimSpace(config)
	if len(config) == 0 || string(config) == "null" {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(config))
	dec.DisallowUnknownFields()
	if err := dec.Decode(out); err != nil {
		return fmt.Errorf("%s: invalid configuration: %w", plugin, err)
	}
	var extra json.RawMessage
	if err := dec.Decode(&extra); err != io.EOF {
		return fmt.Errorf("%s: invalid configuration: unexpected data after the JSON object", plugin)
	}
	return nil
}

// NoConfig fails when a plugin that takes no configuration is given some.
func NoConfig(plugin string, config []byte) error {
	config = bytes.TrimSpace(config)
	if len(config) == 0 || string(config) == "null" || string(config) == "{}" {
		return nil
	}
	return fmt.Errorf("%s takes no configuration, got %q", plugin, config)
}

// Forbidden is Kubernetes' admission.NewForbidden: a 403 about the
// request's resource and object name (the object's own name when the request
// has none), with err as the reason. A Forbidden err is returned unchanged.
func Forbidden(a *admission.Attributes, err error) *apierrors.StatusError {
	var se *apierrors.StatusError
	if errors.As(err, &se) && apierrors.IsForbidden(se) {
		return se
	}
	name := a.Name
	if name == "" && a.Object != nil {
		name = a.Object.GetObjectMeta().Name
	}
	return apierrors.NewForbidden(apierrors.Resource{Group: a.Resource.Group, Resource: a.Resource.Resource}, name, err)
}

// Aggregate joins errs as Kubernetes' utilerrors.NewAggregate prints them:
// nil for none, the error itself for one, "[a, b]" for several, with
// duplicate messages dropped.
func Aggregate(errs []error) error {
	var msgs []string
	seen := map[string]bool{}
	for _, err := range errs {
		if err == nil {
			continue
		}
		m := err.Error()
		if seen[m] {
			continue
		}
		seen[m] = true
		msgs = append(msgs, m)
	}
	switch len(msgs) {
	case 0:
		return nil
	case 1:
		return errors.New(msgs[0])
	}
	return errors.New("[" + strings.Join(msgs, ", ") + "]")
}

// IsCore reports whether gvr is resource in the core group.
func IsCore(gvr meta.GroupVersionResource, resource string) bool {
	return gvr.Group == "" && gvr.Resource == resource
}

// IsKind reports whether a is about kind in the core group (by Kind, or by
// Resource when the request carries no Kind).
func IsKind(a *admission.Attributes, kind, resource string) bool {
	if a.Kind.Kind != "" {
		return a.Kind.Group == "" && a.Kind.Kind == kind
	}
	return IsCore(a.Resource, resource)
}

// Ops is an admission.Handler for a fixed set of operations; plugins embed it.
type Ops []admission.Operation

// Handles reports whether op is in h.
func (h Ops) Handles(op admission.Operation) bool {
	for _, o := range h {
		if o == op {
			return true
		}
	}
	return false
}
