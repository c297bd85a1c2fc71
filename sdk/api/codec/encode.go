package codec

import (
	"encoding/json"
	"fmt"
	"reflect"

	"sigs.k8s.io/yaml"

	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

// EncodeJSON returns the JSON form of obj. When obj leaves apiVersion or
// kind empty, the output carries those of its kind in r, found by Go type;
// obj itself is never modified. It fails, with class errors.ErrInternal,
// when they are empty and no single kind of r has obj's Go type.
func EncodeJSON(r *registry.Registry, obj meta.Object) ([]byte, error) {
	return encode(obj, obj.GetTypeMeta(), func() (meta.GroupVersionKind, error) {
		return gvkOf(r, obj, func(k *registry.Kind) any { return k.New() }, false)
	}, func() typed { return obj.DeepCopyObject() })
}

// EncodeYAML returns the YAML form of obj (keys sorted, as kubectl prints
// them), with apiVersion and kind as EncodeJSON sets them.
func EncodeYAML(r *registry.Registry, obj meta.Object) ([]byte, error) {
	js, err := EncodeJSON(r, obj)
	if err != nil {
		return nil, err
	}
	return yaml.JSONToYAML(js)
}

// EncodeListJSON returns the JSON form of list. When list leaves apiVersion
// or kind empty, the output carries the apiVersion and list kind ("PodList")
// of the kind of r whose NewList has list's Go type; list is never modified.
// Items are written as they are.
func EncodeListJSON(r *registry.Registry, list meta.ListObject) ([]byte, error) {
	return encode(list, list.GetTypeMeta(), func() (meta.GroupVersionKind, error) {
		return gvkOf(r, list, func(k *registry.Kind) any { return k.NewList() }, true)
	}, func() typed { return list.DeepCopyObject() })
}

// EncodeListYAML returns the YAML form of list, as EncodeListJSON.
func EncodeListYAML(r *registry.Registry, list meta.ListObject) ([]byte, error) {
	js, err := EncodeListJSON(r, list)
	if err != nil {
		return nil, err
	}
	return yaml.JSONToYAML(js)
}

// typed is what Object and ListObject share.
type typed interface{ GetTypeMeta() *meta.TypeMeta }

// encode marshals v, whose TypeMeta is tm, with apiVersion and kind filled
// in from gvk() when empty, without modifying v.
func encode(v any, tm *meta.TypeMeta, gvk func() (meta.GroupVersionKind, error), deepCopy func() typed) ([]byte, error) {
	if tm.APIVersion != "" && tm.Kind != "" {
		return json.Marshal(v)
	}
	want, err := gvk()
	if err != nil {
		return nil, err
	}
	if tm.APIVersion == "" && tm.Kind == "" {
		// Both are omitted from the output: add them in front, where
		// the inline TypeMeta would have put them, without a copy.
		b, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		if firstByte(b) != '{' {
			return nil, fmt.Errorf("%w: encoding %T: its JSON form is not an object", apierrors.ErrInternal, v)
		}
		members := appendMember(nil, "kind", want.Kind)
		members = appendMember(members, "apiVersion", want.GroupVersion().String())
		return spliceMembers(b, members), nil
	}
	c := deepCopy()
	ctm := c.GetTypeMeta()
	if ctm.APIVersion == "" {
		ctm.APIVersion = want.GroupVersion().String()
	}
	if ctm.Kind == "" {
		ctm.Kind = want.Kind
	}
	return json.Marshal(c)
}

// gvkOf finds the kind of r whose new value (made by newFn) has v's Go type.
func gvkOf(r *registry.Registry, v any, newFn func(*registry.Kind) any, list bool) (meta.GroupVersionKind, error) {
	t := reflect.TypeOf(v)
	var found []*registry.Kind
	for _, k := range r.Kinds() {
		if reflect.TypeOf(newFn(k)) == t {
			found = append(found, k)
		}
	}
	switch len(found) {
	case 0:
		return meta.GroupVersionKind{}, fmt.Errorf("%w: encoding %v: apiVersion or kind is empty and no registered kind has this Go type", apierrors.ErrInternal, t)
	case 1:
		gvk := found[0].GVK()
		if list {
			gvk.Kind = found[0].ListKind()
		}
		return gvk, nil
	}
	return meta.GroupVersionKind{}, fmt.Errorf("%w: encoding %v: apiVersion or kind is empty and %d registered kinds (%s, %s, ...) have this Go type",
		apierrors.ErrInternal, t, len(found), found[0].GVK(), found[1].GVK())
}
