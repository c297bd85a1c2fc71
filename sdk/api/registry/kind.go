package registry

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/gantryhq/gantry/sdk/api/field"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/validation"
)

// Column describes one column of a kind's table (`kubectl get` output),
// as Kubernetes' TableColumnDefinition.
type Column struct {
	// Name is the header ("NAME", shown upper-cased by kubectl).
	Name string `json:"name"`
	// Type is "string", "integer", "number", "boolean" or "date".
	Type string `json:"type"`
	// Format is an optional hint: "name" for the object name column.
	Format string `json:"format"`
	// Description says what the column holds.
	Description string `json:"description"`
	// Priority 0 columns are always shown; higher ones only with -o wide.
	Priority int32 `json:"priority"`
}

// Scale gives the scale subresource access to a kind's replica counts.
type Scale[T meta.Object] struct {
	// SpecReplicas returns the desired replicas.
	SpecReplicas func(obj T) int32
	// SetSpecReplicas sets the desired replicas.
	SetSpecReplicas func(obj T, n int32)
	// StatusReplicas returns the observed replicas.
	StatusReplicas func(obj T) int32
	// Selector returns the label selector of the pods, in string form.
	Selector func(obj T) string
}

// Type is the typed description of a kind, turned into a Kind by Add.
// Only Version, Kind, New and NewList are required; every nil func means
// "nothing to do" and every empty name is derived from Kind.
type Type[T meta.Object] struct {
	// Group is the API group; "" is the core group.
	Group string
	// Version is the API version ("v1").
	Version string
	// Kind is the CamelCase kind name ("Deployment").
	Kind string
	// ListKind defaults to Kind+"List".
	ListKind string
	// Resource is the plural lower-case resource name; defaults to a plural of Kind.
	Resource string
	// Singular defaults to the lower-cased Kind.
	Singular string
	// ShortNames are the abbreviations kubectl accepts ("deploy").
	ShortNames []string
	// Categories group resources for kubectl ("all").
	Categories []string
	// Namespaced says whether objects live in a namespace.
	Namespaced bool

	// New returns a new empty object.
	New func() T
	// NewList returns a new empty list of the kind.
	NewList func() meta.ListObject

	// NameFunc validates object names; defaults to DNS-1123 subdomain.
	NameFunc validation.NameFunc
	// Default fills defaults in place, as Kubernetes' defaulting does.
	Default func(obj T)
	// Validate checks a new object; object metadata is checked by the registry.
	Validate func(obj T) field.ErrorList
	// ValidateUpdate checks an update (immutable fields, ...); metadata
	// immutability is checked by the registry. When nil, Validate is used.
	ValidateUpdate func(obj, old T) field.ErrorList

	// Spec returns the desired state; when set the registry sets generation
	// to 1 on create and bumps it when Spec changes on update.
	Spec func(obj T) any
	// ResetStatus clears the status of a new object (when the kind has a
	// status subresource, status is not set by creates).
	ResetStatus func(obj T)
	// CopyStatus copies src's status into dst. When set, the kind has a
	// status subresource: updates of the main resource keep the stored status.
	CopyStatus func(dst, src T)
	// CopySpec copies everything but status and metadata from src into dst;
	// status updates keep the stored spec. Required with CopyStatus.
	CopySpec func(dst, src T)
	// StatusUpdatesAnnotations lets status writes change annotations (the
	// Deployment controller records revisions there through the status
	// subresource, as in Kubernetes); other metadata stays as stored.
	StatusUpdatesAnnotations bool
	// PrepareForCreate runs after the generic create preparation.
	PrepareForCreate func(obj T)
	// PrepareForUpdate runs after the generic update preparation.
	PrepareForUpdate func(obj, old T)
	// AllowCreateOnUpdate lets PUT create a missing object.
	AllowCreateOnUpdate bool

	// Fields are the field selectors the kind supports beyond
	// metadata.name and metadata.namespace, with their value for an object.
	Fields map[string]func(obj T) string
	// Columns are the table columns; defaults to NAME and AGE.
	Columns []Column
	// Cells returns one row's cells matching Columns; now is the time AGE is measured from.
	Cells func(obj T, now time.Time) []any
	// Scale enables the scale subresource.
	Scale *Scale[T]
}

// Kind is a registered kind, used untyped by the API server and clients.
type Kind struct {
	gvk        meta.GroupVersionKind
	listKind   string
	resource   string
	singular   string
	shortNames []string
	categories []string
	namespaced bool

	newFn       func() meta.Object
	newListFn   func() meta.ListObject
	nameFn      validation.NameFunc
	defaultFn   func(meta.Object)
	validate    func(meta.Object) field.ErrorList
	validateUpd func(obj, old meta.Object) field.ErrorList
	spec        func(meta.Object) any
	resetStatus func(meta.Object)
	copyStatus  func(dst, src meta.Object)
	copySpec    func(dst, src meta.Object)
	prepCreate  func(meta.Object)
	prepUpdate  func(obj, old meta.Object)
	createOnUpd bool
	statusAnnot bool
	fields      map[string]func(meta.Object) string
	columns     []Column
	cells       func(meta.Object, time.Time) []any
	scale       *scaleAccess
}

type scaleAccess struct {
	specReplicas    func(meta.Object) int32
	setSpecReplicas func(meta.Object, int32)
	statusReplicas  func(meta.Object) int32
	selector        func(meta.Object) string
}

// Add registers the kind described by t in r.
func Add[T meta.Object](r *Registry, t Type[T]) error {
	k, err := NewKind(t)
	if err != nil {
		return err
	}
	return r.AddKind(k)
}

// NewKind builds an untyped Kind from t without registering it.
func NewKind[T meta.Object](t Type[T]) (*Kind, error) {
	if t.New == nil || t.NewList == nil {
		return nil, fmt.Errorf("registry: kind %q needs New and NewList", t.Kind)
	}
	if (t.CopyStatus == nil) != (t.CopySpec == nil) {
		return nil, fmt.Errorf("registry: kind %q: CopyStatus and CopySpec go together (status subresource)", t.Kind)
	}
	k := &Kind{
		gvk:         meta.GroupVersionKind{Group: t.Group, Version: t.Version, Kind: t.Kind},
		listKind:    t.ListKind,
		resource:    t.Resource,
		singular:    t.Singular,
		shortNames:  t.ShortNames,
		categories:  t.Categories,
		namespaced:  t.Namespaced,
		newFn:       func() meta.Object { return t.New() },
		newListFn:   t.NewList,
		nameFn:      t.NameFunc,
		createOnUpd: t.AllowCreateOnUpdate,
		statusAnnot: t.StatusUpdatesAnnotations,
		columns:     t.Columns,
	}
	if t.Default != nil {
		k.defaultFn = func(o meta.Object) { t.Default(o.(T)) }
	}
	if t.Validate != nil {
		k.validate = func(o meta.Object) field.ErrorList { return t.Validate(o.(T)) }
	}
	switch {
	case t.ValidateUpdate != nil:
		k.validateUpd = func(o, old meta.Object) field.ErrorList { return t.ValidateUpdate(o.(T), old.(T)) }
	case t.Validate != nil:
		k.validateUpd = func(o, _ meta.Object) field.ErrorList { return t.Validate(o.(T)) }
	}
	if t.Spec != nil {
		k.spec = func(o meta.Object) any { return t.Spec(o.(T)) }
	}
	if t.ResetStatus != nil {
		k.resetStatus = func(o meta.Object) { t.ResetStatus(o.(T)) }
	}
	if t.CopyStatus != nil {
		k.copyStatus = func(d, s meta.Object) { t.CopyStatus(d.(T), s.(T)) }
		k.copySpec = func(d, s meta.Object) { t.CopySpec(d.(T), s.(T)) }
	}
	if t.PrepareForCreate != nil {
		k.prepCreate = func(o meta.Object) { t.PrepareForCreate(o.(T)) }
	}
	if t.PrepareForUpdate != nil {
		k.prepUpdate = func(o, old meta.Object) { t.PrepareForUpdate(o.(T), old.(T)) }
	}
	if len(t.Fields) > 0 {
		k.fields = make(map[string]func(meta.Object) string, len(t.Fields))
		for name, fn := range t.Fields {
			k.fields[name] = func(o meta.Object) string { return fn(o.(T)) }
		}
	}
	if t.Cells != nil {
		k.cells = func(o meta.Object, now time.Time) []any { return t.Cells(o.(T), now) }
	}
	if s := t.Scale; s != nil {
		if s.SpecReplicas == nil || s.SetSpecReplicas == nil || s.StatusReplicas == nil || s.Selector == nil {
			return nil, fmt.Errorf("registry: kind %q: Scale needs all of SpecReplicas, SetSpecReplicas, StatusReplicas, Selector", t.Kind)
		}
		k.scale = &scaleAccess{
			specReplicas:    func(o meta.Object) int32 { return s.SpecReplicas(o.(T)) },
			setSpecReplicas: func(o meta.Object, n int32) { s.SetSpecReplicas(o.(T), n) },
			statusReplicas:  func(o meta.Object) int32 { return s.StatusReplicas(o.(T)) },
			selector:        func(o meta.Object) string { return s.Selector(o.(T)) },
		}
	}
	if err := k.complete(); err != nil {
		return nil, err
	}
	return k, nil
}

func (k *Kind) complete() error {
	if k.gvk.Version == "" || k.gvk.Kind == "" {
		return fmt.Errorf("registry: a kind needs Version and Kind (got %s)", k.gvk)
	}
	if k.newFn == nil || k.newListFn == nil {
		return fmt.Errorf("registry: kind %s needs New and NewList", k.gvk)
	}
	if k.listKind == "" {
		k.listKind = k.gvk.Kind + "List"
	}
	if k.singular == "" {
		k.singular = strings.ToLower(k.gvk.Kind)
	}
	if k.resource == "" {
		k.resource = Pluralize(k.singular)
	}
	if k.resource != strings.ToLower(k.resource) {
		return fmt.Errorf("registry: resource %q of %s must be lower case", k.resource, k.gvk)
	}
	if k.nameFn == nil {
		k.nameFn = validation.NameIsDNSSubdomain
	}
	if len(k.columns) == 0 {
		k.columns = []Column{
			{Name: "Name", Type: "string", Format: "name", Description: "Name must be unique within a namespace."},
			{Name: "Age", Type: "string", Description: "Time since the object was created."},
		}
		k.cells = func(o meta.Object, now time.Time) []any {
			m := o.GetObjectMeta()
			return []any{m.Name, Age(m.CreationTimestamp, now)}
		}
	}
	if k.cells == nil {
		return fmt.Errorf("registry: kind %s has Columns but no Cells", k.gvk)
	}
	return nil
}

// Pluralize returns the usual English plural of a lower-case kind name, as
// Kubernetes derives resource names ("policy" → "policies", "ingress" → "ingresses").
func Pluralize(s string) string {
	switch {
	case strings.HasSuffix(s, "s"), strings.HasSuffix(s, "x"), strings.HasSuffix(s, "z"),
		strings.HasSuffix(s, "ch"), strings.HasSuffix(s, "sh"):
		return s + "es"
	case strings.HasSuffix(s, "y") && len(s) > 1 && !strings.ContainsRune("aeiou", rune(s[len(s)-2])):
		return s[:len(s)-1] + "ies"
	}
	return s + "s"
}

// GVK returns the kind's group, version and kind.
func (k *Kind) GVK() meta.GroupVersionKind { return k.gvk }

// GVR returns the kind's group, version and resource.
func (k *Kind) GVR() meta.GroupVersionResource {
	return meta.GroupVersionResource{Group: k.gvk.Group, Version: k.gvk.Version, Resource: k.resource}
}

// APIVersion returns "group/version" (or "v1" for core).
func (k *Kind) APIVersion() string { return k.gvk.GroupVersion().String() }

// ListKind returns the list kind name ("PodList").
func (k *Kind) ListKind() string { return k.listKind }

// Resource returns the plural resource name.
func (k *Kind) Resource() string { return k.resource }

// Singular returns the singular resource name.
func (k *Kind) Singular() string { return k.singular }

// ShortNames returns the kind's short names.
func (k *Kind) ShortNames() []string { return k.shortNames }

// Categories returns the kind's categories.
func (k *Kind) Categories() []string { return k.categories }

// Namespaced reports whether the kind is namespaced.
func (k *Kind) Namespaced() bool { return k.namespaced }

// HasStatus reports whether the kind has a status subresource.
func (k *Kind) HasStatus() bool { return k.copyStatus != nil }

// HasScale reports whether the kind has a scale subresource.
func (k *Kind) HasScale() bool { return k.scale != nil }

// AllowCreateOnUpdate reports whether PUT may create a missing object.
func (k *Kind) AllowCreateOnUpdate() bool { return k.createOnUpd }

// New returns a new empty object with apiVersion and kind set.
func (k *Kind) New() meta.Object {
	o := k.newFn()
	o.GetTypeMeta().SetGroupVersionKind(k.gvk)
	return o
}

// NewList returns a new empty list with apiVersion and kind set.
func (k *Kind) NewList() meta.ListObject {
	l := k.newListFn()
	tm := l.GetTypeMeta()
	tm.APIVersion = k.APIVersion()
	tm.Kind = k.listKind
	return l
}

// Default applies the kind's defaults to obj.
func (k *Kind) Default(obj meta.Object) {
	if k.defaultFn != nil {
		k.defaultFn(obj)
	}
}

// Validate checks a new object: its metadata, then the kind's own rules.
// It returns every problem found.
func (k *Kind) Validate(obj meta.Object) field.ErrorList {
	errs := validation.ValidateObjectMeta(obj.GetObjectMeta(), k.namespaced, k.nameFn, field.NewPath("metadata"))
	if k.validate != nil {
		errs = append(errs, k.validate(obj)...)
	}
	return errs
}

// ValidateUpdate checks an update of old into obj.
func (k *Kind) ValidateUpdate(obj, old meta.Object) field.ErrorList {
	errs := validation.ValidateObjectMetaUpdate(obj.GetObjectMeta(), old.GetObjectMeta(), field.NewPath("metadata"))
	if k.validateUpd != nil {
		errs = append(errs, k.validateUpd(obj, old)...)
	}
	return errs
}

// PrepareForCreate resets what a create may not set: status (for kinds with
// a status subresource) and generation (1 for kinds with a spec).
func (k *Kind) PrepareForCreate(obj meta.Object) {
	if k.resetStatus != nil {
		k.resetStatus(obj)
	}
	if k.spec != nil {
		obj.GetObjectMeta().Generation = 1
	}
	if k.prepCreate != nil {
		k.prepCreate(obj)
	}
}

// PrepareForUpdate keeps the stored status (kinds with a status
// subresource) and bumps generation when the spec changed.
func (k *Kind) PrepareForUpdate(obj, old meta.Object) {
	if k.copyStatus != nil {
		k.copyStatus(obj, old)
	}
	m, om := obj.GetObjectMeta(), old.GetObjectMeta()
	if k.spec != nil {
		m.Generation = om.Generation
		if !jsonEqual(k.spec(obj), k.spec(old)) {
			m.Generation++
		}
	}
	if k.prepUpdate != nil {
		k.prepUpdate(obj, old)
	}
}

// PrepareForStatusUpdate keeps the stored spec and metadata (but
// resourceVersion) when the status subresource is written.
func (k *Kind) PrepareForStatusUpdate(obj, old meta.Object) {
	if k.copySpec != nil {
		k.copySpec(obj, old)
	}
	m, om := obj.GetObjectMeta(), old.GetObjectMeta()
	rv, annotations := m.ResourceVersion, m.Annotations
	*m = *om.DeepCopy()
	m.ResourceVersion = rv
	if k.statusAnnot {
		m.Annotations = annotations
	}
}

// SpecChanged reports whether the spec of obj differs from old's; kinds
// without a Spec accessor report false.
func (k *Kind) SpecChanged(obj, old meta.Object) bool {
	return k.spec != nil && !jsonEqual(k.spec(obj), k.spec(old))
}

func jsonEqual(a, b any) bool {
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(ja, jb)
}

// FieldLabels returns the supported field selector names, sorted.
func (k *Kind) FieldLabels() []string {
	out := []string{"metadata.name"}
	if k.namespaced {
		out = append(out, "metadata.namespace")
	}
	for f := range k.fields {
		out = append(out, f)
	}
	sort.Strings(out[1:])
	return out
}

// SupportsField reports whether name is a supported field selector.
func (k *Kind) SupportsField(name string) bool {
	if name == "metadata.name" || (k.namespaced && name == "metadata.namespace") {
		return true
	}
	_, ok := k.fields[name]
	return ok
}

// FieldValue returns the value of field selector name for obj.
func (k *Kind) FieldValue(obj meta.Object, name string) (string, bool) {
	switch name {
	case "metadata.name":
		return obj.GetObjectMeta().Name, true
	case "metadata.namespace":
		if k.namespaced {
			return obj.GetObjectMeta().Namespace, true
		}
	}
	fn, ok := k.fields[name]
	if !ok {
		return "", false
	}
	return fn(obj), true
}

// Columns returns the table columns.
func (k *Kind) Columns() []Column { return k.columns }

// Cells returns the table cells of obj, matching Columns.
func (k *Kind) Cells(obj meta.Object, now time.Time) []any { return k.cells(obj, now) }

// ScaleSpecReplicas returns the desired replicas; ok is false without a scale subresource.
func (k *Kind) ScaleSpecReplicas(obj meta.Object) (n int32, ok bool) {
	if k.scale == nil {
		return 0, false
	}
	return k.scale.specReplicas(obj), true
}

// ScaleStatus returns the observed replicas and the selector string.
func (k *Kind) ScaleStatus(obj meta.Object) (replicas int32, selector string, ok bool) {
	if k.scale == nil {
		return 0, "", false
	}
	return k.scale.statusReplicas(obj), k.scale.selector(obj), true
}

// SetScaleSpecReplicas sets the desired replicas; it reports false without a scale subresource.
func (k *Kind) SetScaleSpecReplicas(obj meta.Object, n int32) bool {
	if k.scale == nil {
		return false
	}
	k.scale.setSpecReplicas(obj, n)
	return true
}
