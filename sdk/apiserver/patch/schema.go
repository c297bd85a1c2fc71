package patch

import (
	"encoding"
	"encoding/json"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
)

// Schema describes, for strategic merge patch, the objects of one type: which
// fields they have, what shape each field's value has, and how each field is
// patched. A Schema is read-only and safe for concurrent use.
//
// SchemaFromType builds one from a Go type. A product may implement Schema
// itself, for instance from an OpenAPI document.
type Schema interface {
	// Name names the type in error messages, such as "PodSpec".
	Name() string
	// Field returns the patch metadata of the member name of the objects this
	// schema describes. ok is false when the type has no such field; a schema
	// of a map type (such as labels) answers every name with the map's value.
	Field(name string) (f Field, ok bool)
}

// Type is the JSON shape of a field's value.
type Type uint8

// The shapes of Type.
const (
	// Untyped is a value of unknown shape (an interface{} field). Objects in
	// it merge member by member and lists are replaced, as in a JSON merge
	// patch.
	Untyped Type = iota
	// Primitive is a string, number or boolean, including types with custom
	// JSON marshalling such as a Quantity, an IntOrString or a Time.
	Primitive
	// Object is a struct.
	Object
	// Map is a map with string keys: an object with arbitrary members.
	Map
	// List is a slice or array.
	List
)

var typeNames = [...]string{"untyped", "primitive", "object", "map", "list"}

// String names the shape: "untyped", "primitive", "object", "map" or "list".
func (t Type) String() string {
	if int(t) < len(typeNames) {
		return typeNames[t]
	}
	return "Type(" + strconv.Itoa(int(t)) + ")"
}

// Field is the strategic merge patch metadata of one field of an object.
type Field struct {
	// Type is the shape of the field's value.
	Type Type
	// Schema describes the value's objects: for an Object or a Map field the
	// value itself, for a List field its elements. It is nil for primitives
	// and untyped values.
	Schema Schema
	// Strategy is the field's patchStrategy tag: "" (objects merge, lists
	// are replaced), "merge" (lists merge: by MergeKey for lists of objects,
	// as sets for lists of primitives), "replace" (the patch's value replaces
	// the field's whole), "retainKeys", or "merge,retainKeys".
	// retainKeys only tells clients to send the $retainKeys directive; the
	// directive is honoured wherever it appears.
	Strategy string
	// MergeKey is the patchMergeKey tag: the member that identifies an
	// element of a merged list of objects, such as "name" or "containerPort".
	MergeKey string
}

// schemaCache memoizes SchemaFromType: a schema depends on its type only.
var schemaCache sync.Map // reflect.Type -> Schema

// SchemaFromType returns the Schema of the objects of Go type t, read from
// the struct tags exactly as Kubernetes reads them:
//
//	Containers []Container `json:"containers" patchStrategy:"merge" patchMergeKey:"name"`
//
// Field names follow encoding/json: the json tag's name or the Go field name,
// unexported and `json:"-"` fields skipped, and the fields of embedded
// structs without a name (such as `json:",inline"`) promoted. Pointers are
// followed. Types that implement json.Marshaler or encoding.TextMarshaler
// (a Quantity, an IntOrString, a Time) are opaque primitives; []byte is a
// primitive (base64 string); interface{} is Untyped.
//
// The schema is built once per type, with reflection, and cached; walking it
// while patching reflects on nothing. SchemaFromType(nil) returns nil.
func SchemaFromType(t reflect.Type) Schema {
	if t == nil {
		return nil
	}
	if s, ok := schemaCache.Load(t); ok {
		return s.(Schema)
	}
	b := builder{structs: map[reflect.Type]*structSchema{}}
	s := b.field(t, "", "").Schema
	if s == nil {
		s = untypedSchema{}
	}
	actual, _ := schemaCache.LoadOrStore(t, s)
	return actual.(Schema)
}

// structSchema is the Schema of a struct type.
type structSchema struct {
	name   string
	fields map[string]Field
}

func (s *structSchema) Name() string { return s.name }

func (s *structSchema) Field(name string) (Field, bool) {
	f, ok := s.fields[name]
	return f, ok
}

// mapSchema is the Schema of a map type: every member is a value.
type mapSchema struct {
	name string
	elem Field
}

func (s *mapSchema) Name() string { return s.name }

func (s *mapSchema) Field(string) (Field, bool) { return s.elem, true }

// untypedSchema answers every member as Untyped: the schema of a Go type
// that is not a struct or map.
type untypedSchema struct{}

func (untypedSchema) Name() string { return "untyped" }

func (untypedSchema) Field(string) (Field, bool) { return Field{}, true }

type builder struct {
	structs map[reflect.Type]*structSchema // built or being built, for recursive types
}

var (
	jsonMarshalerType = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
)

func opaque(t reflect.Type) bool {
	return t.Implements(jsonMarshalerType) || t.Implements(textMarshalerType) ||
		t.Kind() != reflect.Pointer && (reflect.PointerTo(t).Implements(jsonMarshalerType) ||
			reflect.PointerTo(t).Implements(textMarshalerType))
}

// field returns the Field for a value of type t with the given tags.
func (b *builder) field(t reflect.Type, strategy, mergeKey string) Field {
	f := Field{Strategy: strategy, MergeKey: mergeKey}
	for t.Kind() == reflect.Pointer {
		if opaque(t) {
			f.Type = Primitive
			return f
		}
		t = t.Elem()
	}
	if opaque(t) {
		f.Type = Primitive
		return f
	}
	switch t.Kind() {
	case reflect.Struct:
		f.Type, f.Schema = Object, b.structOf(t)
	case reflect.Map:
		f.Type, f.Schema = Map, &mapSchema{name: t.String(), elem: b.field(t.Elem(), "", "")}
	case reflect.Slice, reflect.Array:
		if t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8 && !opaque(t.Elem()) {
			f.Type = Primitive // []byte encodes as a base64 string
			break
		}
		f.Type, f.Schema = List, b.field(t.Elem(), "", "").Schema
	case reflect.Interface:
		f.Type = Untyped
	default:
		f.Type = Primitive
	}
	return f
}

func (b *builder) structOf(t reflect.Type) *structSchema {
	if s, ok := b.structs[t]; ok {
		return s
	}
	name := t.Name()
	if name == "" {
		name = t.String()
	}
	s := &structSchema{name: name, fields: map[string]Field{}}
	b.structs[t] = s
	for _, sf := range jsonFields(t) {
		s.fields[sf.name] = b.field(sf.typ, sf.tag.Get("patchStrategy"), sf.tag.Get("patchMergeKey"))
	}
	return s
}

// jsonField is a struct field as encoding/json sees it.
type jsonField struct {
	name   string
	tagged bool // name from the json tag
	depth  int  // embedding depth
	index  []int
	typ    reflect.Type
	tag    reflect.StructTag
}

// jsonFields lists the fields encoding/json encodes for struct type t, with
// its rules for embedded structs: a breadth-first walk of the embedded
// structs, the shallowest field of a name winning, a tagged one winning a
// tie, and a tie of untagged (or of tagged) fields dropping the name.
func jsonFields(t reflect.Type) []jsonField {
	type queued struct {
		typ   reflect.Type
		index []int
	}
	var all []jsonField
	next := []queued{{typ: t}}
	visited := map[reflect.Type]bool{}
	for depth := 0; len(next) > 0; depth++ {
		current := next
		next = nil
		count := map[reflect.Type]int{}
		for _, q := range current {
			count[q.typ]++
		}
		for _, q := range current {
			if visited[q.typ] {
				continue
			}
			visited[q.typ] = true
			for i := 0; i < q.typ.NumField(); i++ {
				sf := q.typ.Field(i)
				if sf.Anonymous {
					ft := sf.Type
					if ft.Kind() == reflect.Pointer {
						ft = ft.Elem()
					}
					if !sf.IsExported() && ft.Kind() != reflect.Struct {
						continue
					}
				} else if !sf.IsExported() {
					continue
				}
				tag := sf.Tag.Get("json")
				if tag == "-" {
					continue
				}
				name, _, _ := strings.Cut(tag, ",")
				if !validTagName(name) {
					name = ""
				}
				index := append(append([]int(nil), q.index...), i)
				ft := sf.Type
				if ft.Name() == "" && ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if name == "" && sf.Anonymous && ft.Kind() == reflect.Struct {
					next = append(next, queued{typ: ft, index: index})
					continue
				}
				f := jsonField{name: name, tagged: name != "", depth: depth, index: index, typ: sf.Type, tag: sf.Tag}
				if f.name == "" {
					f.name = sf.Name
				}
				all = append(all, f)
				if count[q.typ] > 1 {
					// The same struct embedded twice at one depth: its
					// fields conflict with themselves and are dropped.
					all = append(all, f)
				}
			}
		}
	}
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].name != all[j].name {
			return all[i].name < all[j].name
		}
		if all[i].depth != all[j].depth {
			return all[i].depth < all[j].depth
		}
		return all[i].tagged && !all[j].tagged
	})
	out := all[:0]
	for i := 0; i < len(all); {
		j := i + 1
		for j < len(all) && all[j].name == all[i].name {
			j++
		}
		if f, ok := dominant(all[i:j]); ok {
			out = append(out, f)
		}
		i = j
	}
	return out
}

// dominant picks the field that wins among fields of one name, sorted by
// depth then tagged-first.
func dominant(fs []jsonField) (jsonField, bool) {
	if len(fs) > 1 && fs[0].depth == fs[1].depth && fs[0].tagged == fs[1].tagged {
		return jsonField{}, false
	}
	return fs[0], true
}

func validTagName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c):
		case !unicode.IsLetter(c) && !unicode.IsDigit(c):
			return false
		}
	}
	return true
}

// strategyOf parses a Field's Strategy into its list strategy ("", "merge",
// "replace") and whether it has retainKeys.
func strategyOf(f Field) (strategy string, retainKeys bool, err error) {
	first, rest, two := strings.Cut(f.Strategy, ",")
	if !two {
		if first == "retainKeys" {
			return "", true, nil
		}
		return first, false, nil
	}
	switch {
	case strings.Contains(rest, ","):
	case first == "retainKeys":
		return rest, true, nil
	case rest == "retainKeys":
		return first, true, nil
	}
	return "", false, internal("unexpected patch strategy %q", f.Strategy)
}
