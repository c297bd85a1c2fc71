package meta

import "strings"

// Object is implemented by every kind. Kinds get GetTypeMeta and
// GetObjectMeta by embedding TypeMeta and ObjectMeta, and DeepCopyObject
// from the generated deep-copy code.
type Object interface {
	GetTypeMeta() *TypeMeta
	GetObjectMeta() *ObjectMeta
	DeepCopyObject() Object
}

// ListObject is implemented by every list kind (PodList, ...). Its
// DeepCopyObject comes from the generated deep-copy code.
type ListObject interface {
	GetTypeMeta() *TypeMeta
	GetListMeta() *ListMeta
	DeepCopyObject() ListObject
}

// GetTypeMeta returns t itself; it lets kinds satisfy Object by embedding.
func (t *TypeMeta) GetTypeMeta() *TypeMeta { return t }

// GetObjectMeta returns m itself; it lets kinds satisfy Object by embedding.
func (m *ObjectMeta) GetObjectMeta() *ObjectMeta { return m }

// GetListMeta returns m itself; it lets lists satisfy ListObject by embedding.
func (m *ListMeta) GetListMeta() *ListMeta { return m }

// GroupVersionKind names a kind in a group and version. The core group is "".
type GroupVersionKind struct {
	Group   string
	Version string
	Kind    string
}

// GroupVersion names an API group version. The core group is "".
type GroupVersion struct {
	Group   string
	Version string
}

// GroupVersionResource names a resource (plural, lower case) in a group and version.
type GroupVersionResource struct {
	Group    string
	Version  string
	Resource string
}

// String returns "group/version", or "version" for the core group.
func (gv GroupVersion) String() string {
	if gv.Group == "" {
		return gv.Version
	}
	return gv.Group + "/" + gv.Version
}

// GroupVersion returns the group and version of gvk.
func (gvk GroupVersionKind) GroupVersion() GroupVersion {
	return GroupVersion{Group: gvk.Group, Version: gvk.Version}
}

// String returns "group/version, Kind=kind".
func (gvk GroupVersionKind) String() string {
	return gvk.GroupVersion().String() + ", Kind=" + gvk.Kind
}

// ParseGroupVersion parses an apiVersion string ("v1", "apps/v1").
func ParseGroupVersion(apiVersion string) GroupVersion {
	if i := strings.LastIndexByte(apiVersion, '/'); i >= 0 {
		return GroupVersion{Group: apiVersion[:i], Version: apiVersion[i+1:]}
	}
	return GroupVersion{Version: apiVersion}
}

// GroupVersionKind returns the group, version and kind named by t.
func (t *TypeMeta) GroupVersionKind() GroupVersionKind {
	gv := ParseGroupVersion(t.APIVersion)
	return GroupVersionKind{Group: gv.Group, Version: gv.Version, Kind: t.Kind}
}

// SetGroupVersionKind sets apiVersion and kind from gvk.
func (t *TypeMeta) SetGroupVersionKind(gvk GroupVersionKind) {
	t.APIVersion = gvk.GroupVersion().String()
	t.Kind = gvk.Kind
}

// IsControlledBy reports whether obj has a controller owner reference with the given UID.
func IsControlledBy(obj *ObjectMeta, ownerUID UID) bool {
	ref := GetControllerOf(obj)
	return ref != nil && ref.UID == ownerUID
}

// GetControllerOf returns the owner reference of obj marked controller, or nil.
func GetControllerOf(obj *ObjectMeta) *OwnerReference {
	for i := range obj.OwnerReferences {
		if r := &obj.OwnerReferences[i]; r.Controller != nil && *r.Controller {
			return r
		}
	}
	return nil
}

// HasFinalizer reports whether m carries finalizer f.
func (m *ObjectMeta) HasFinalizer(f string) bool {
	for _, x := range m.Finalizers {
		if x == f {
			return true
		}
	}
	return false
}
