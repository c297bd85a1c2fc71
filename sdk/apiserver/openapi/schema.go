package openapi

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"github.com/gantryhq/gantry/sdk/api/intstr"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/resource"
)

// generator turns Go types into the component schemas of one document.
// Every named struct type becomes a component schema referenced by name, so
// recursive types end in a $ref instead of a loop.
type generator struct {
	names    map[string]string // package path → schema name prefix overrides
	defs     map[string]*schema
	byName   map[string]reflect.Type
	docCache map[reflect.Type]map[string]string
	// expanding guards named non-struct types (type L []L), which have no
	// component schema to refer to while they are being expanded.
	expanding map[reflect.Type]bool
}

func newGenerator(names map[string]string) *generator {
	return &generator{
		names:     names,
		defs:      map[string]*schema{},
		byName:    map[string]reflect.Type{},
		docCache:  map[reflect.Type]map[string]string{},
		expanding: map[reflect.Type]bool{},
	}
}

var (
	jsonMarshalerType = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
	rawMessageType    = reflect.TypeFor[json.RawMessage]()
	durationType      = reflect.TypeFor[meta.Duration]()
)

// specialSchemas are the types whose JSON form is not what their Go
// structure says; each gets a component schema named as in Kubernetes.
var specialSchemas = map[reflect.Type]func() *schema{
	reflect.TypeFor[meta.Time]():          func() *schema { return &schema{Type: "string", Format: "date-time"} },
	reflect.TypeFor[meta.MicroTime]():     func() *schema { return &schema{Type: "string", Format: "date-time"} },
	reflect.TypeFor[meta.FieldsV1]():      func() *schema { return &schema{Type: "object", PreserveUnknownFields: true} },
	reflect.TypeFor[patchBody]():          func() *schema { return &schema{Type: "object"} },
	reflect.TypeFor[resource.Quantity]():  quantitySchema,
	reflect.TypeFor[intstr.IntOrString](): intOrStringSchema,
}

// quantitySchema is resource.Quantity: a string such as "500m" or "1Gi",
// or a plain number, as Kubernetes publishes it.
func quantitySchema() *schema {
	return &schema{
		OneOf:       []*schema{{Type: "string"}, {Type: "number"}},
		IntOrString: true,
	}
}

// intOrStringSchema is intstr.IntOrString, as Kubernetes publishes it.
func intOrStringSchema() *schema {
	return &schema{
		Format:      "int-or-string",
		OneOf:       []*schema{{Type: "integer"}, {Type: "string"}},
		IntOrString: true,
	}
}

// schemaTyper is the Kubernetes convention for types with custom JSON: they
// say which OpenAPI type (and optionally format) their JSON form has.
type schemaTyper interface{ OpenAPISchemaType() []string }
type schemaFormatter interface{ OpenAPISchemaFormat() string }

// swaggerDocer is the Kubernetes convention for documentation: the map
// holds the type's description under "" and each field's under its JSON name.
type swaggerDocer interface{ SwaggerDoc() map[string]string }

// asInterface returns the zero value of t, or a pointer to it, as an I.
func asInterface[I any](t reflect.Type) (I, bool) {
	if i, ok := reflect.Zero(t).Interface().(I); ok {
		return i, true
	}
	i, ok := reflect.New(t).Interface().(I)
	return i, ok
}

func implementsMarshaler(t reflect.Type) bool {
	return t.Implements(jsonMarshalerType) || reflect.PointerTo(t).Implements(jsonMarshalerType) ||
		t.Implements(textMarshalerType) || reflect.PointerTo(t).Implements(textMarshalerType)
}

func typeString(t reflect.Type) string {
	if t.PkgPath() == "" {
		return t.String()
	}
	return t.PkgPath() + "." + t.Name()
}

// root adds the component schema of a kind or list type and returns its name.
// Unlike a field's type, a root is always described by its fields, even
// when it has a custom MarshalJSON.
func (g *generator) root(t reflect.Type) (string, error) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || t.Name() == "" {
		return "", fmt.Errorf("openapi: %s is not a named struct type; kinds and lists must be", t)
	}
	ref, err := g.named(t, func() (*schema, error) { return g.structSchema(t) })
	if err != nil {
		return "", err
	}
	return strings.TrimPrefix(ref.Ref, "#/components/schemas/"), nil
}

// named returns a reference to the component schema of named type t,
// building it with build the first time.
func (g *generator) named(t reflect.Type, build func() (*schema, error)) (*schema, error) {
	name := typeName(t, g.names)
	if other, ok := g.byName[name]; ok {
		if other != t {
			return nil, fmt.Errorf("openapi: types %s and %s both get the schema name %q; name one package through Builder.PackageNames", typeString(other), typeString(t), name)
		}
		return refTo(name), nil
	}
	g.byName[name] = t // before build: a recursive use refers to the name
	s, err := build()
	if err != nil {
		return nil, err
	}
	if s.Description == "" {
		s.Description = g.docs(t)[""]
	}
	g.defs[name] = s
	return refTo(name), nil
}

// schemaFor returns the schema of a value of type t: a reference for named
// structs and special types, an inline schema for everything else.
func (g *generator) schemaFor(t reflect.Type) (*schema, error) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if mk, ok := specialSchemas[t]; ok {
		return g.named(t, func() (*schema, error) { return mk(), nil })
	}
	switch t {
	case durationType:
		return &schema{Type: "string"}, nil
	case rawMessageType:
		return &schema{Type: "object", PreserveUnknownFields: true}, nil
	}
	if st, ok := asInterface[schemaTyper](t); ok {
		s := &schema{}
		if types := st.OpenAPISchemaType(); len(types) > 0 {
			s.Type = types[0]
		}
		if sf, ok := asInterface[schemaFormatter](t); ok {
			s.Format = sf.OpenAPISchemaFormat()
		}
		return s, nil
	}
	if implementsMarshaler(t) {
		// Custom JSON we know nothing about: most such types write a string.
		return &schema{Type: "string"}, nil
	}
	switch t.Kind() {
	case reflect.Bool:
		return &schema{Type: "boolean"}, nil
	case reflect.Int8, reflect.Int16, reflect.Int32, reflect.Uint8, reflect.Uint16:
		return &schema{Type: "integer", Format: "int32"}, nil
	case reflect.Int, reflect.Int64, reflect.Uint, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return &schema{Type: "integer", Format: "int64"}, nil
	case reflect.Float32:
		return &schema{Type: "number", Format: "float"}, nil
	case reflect.Float64:
		return &schema{Type: "number", Format: "double"}, nil
	case reflect.String:
		return &schema{Type: "string"}, nil
	case reflect.Interface:
		return &schema{PreserveUnknownFields: true}, nil
	case reflect.Struct:
		if t.Name() == "" {
			return g.structSchema(t)
		}
		return g.named(t, func() (*schema, error) { return g.structSchema(t) })
	case reflect.Slice, reflect.Array, reflect.Map:
		if t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8 {
			return &schema{Type: "string", Format: "byte"}, nil // base64, as encoding/json writes []byte
		}
		if t.Name() != "" {
			if g.expanding[t] {
				return &schema{PreserveUnknownFields: true}, nil
			}
			g.expanding[t] = true
			defer delete(g.expanding, t)
		}
		if t.Kind() == reflect.Map {
			switch k := t.Key(); {
			case k.Kind() == reflect.String, k.Kind() >= reflect.Int && k.Kind() <= reflect.Uintptr,
				k.Implements(textMarshalerType), reflect.PointerTo(k).Implements(textMarshalerType):
			default:
				return nil, fmt.Errorf("openapi: map key type %s of %s cannot be encoded as JSON", k, t)
			}
			v, err := g.schemaFor(t.Elem())
			if err != nil {
				return nil, err
			}
			return &schema{Type: "object", AdditionalProperties: v}, nil
		}
		items, err := g.schemaFor(t.Elem())
		if err != nil {
			return nil, err
		}
		if items.Ref != "" {
			items = &schema{AllOf: []*schema{items}}
		}
		return &schema{Type: "array", Items: items}, nil
	}
	return nil, fmt.Errorf("openapi: type %s (%s) cannot be encoded as JSON", typeString(t), t.Kind())
}

// structSchema describes a struct by its JSON fields.
func (g *generator) structSchema(t reflect.Type) (*schema, error) {
	s := &schema{Type: "object", Description: g.docs(t)[""]}
	for _, f := range jsonFields(t) {
		fs, err := g.schemaFor(f.typ)
		if err != nil {
			return nil, fmt.Errorf("%w (field %s of %s)", err, f.goName, typeString(t))
		}
		if f.quoted {
			fs = &schema{Type: "string"}
		}
		if fs.Ref != "" {
			fs = &schema{AllOf: []*schema{fs}}
		}
		fs.Description = g.docs(f.owner)[f.name]
		if fs.Description == "" {
			fs.Description = fieldTypeDocs[derefType(f.typ)]
		}
		if ps := f.tag.Get("patchStrategy"); ps != "" {
			fs.PatchStrategy = ps
		}
		if mk := f.tag.Get("patchMergeKey"); mk != "" {
			fs.PatchMergeKey = mk
			if fs.Type == "array" {
				fs.ListType, fs.ListMapKeys = "map", []string{mk}
			}
		} else if fs.Type == "array" && strings.Contains(fs.PatchStrategy, "merge") && fs.Items != nil && isScalar(fs.Items) {
			fs.ListType = "set"
		}
		if s.Properties == nil {
			s.Properties = map[string]*schema{}
		}
		s.Properties[f.name] = fs
	}
	return s, nil
}

func derefType(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

func isScalar(s *schema) bool {
	switch s.Type {
	case "string", "integer", "number", "boolean":
		return true
	}
	return false
}

// docs returns the descriptions of t: Gantry's own for the meta types,
// else what t's SwaggerDoc method returns, if it has one.
func (g *generator) docs(t reflect.Type) map[string]string {
	if d, ok := g.docCache[t]; ok {
		return d
	}
	d := builtinDocs[t]
	if d == nil {
		if sd, ok := asInterface[swaggerDocer](t); ok {
			d = sd.SwaggerDoc()
		}
	}
	g.docCache[t] = d
	return d
}

// field is one JSON field of a struct.
type field struct {
	name   string
	goName string
	typ    reflect.Type
	tag    reflect.StructTag
	owner  reflect.Type // the struct declaring the field (an embedded one for inlined fields)
	depth  int
	tagged bool
	quoted bool
}

// jsonFields lists the fields encoding/json writes for struct t: exported
// fields by their json tag name, skipping `json:"-"`, with the fields of
// embedded structs without a name (`json:",inline"`) promoted, and the
// shallowest field winning a name conflict.
func jsonFields(t reflect.Type) []field {
	var all []field
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type, depth int)
	walk = func(t reflect.Type, depth int) {
		if seen[t] {
			return
		}
		seen[t] = true
		defer delete(seen, t)
		for i := range t.NumField() {
			sf := t.Field(i)
			tag := sf.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			if sf.Anonymous {
				ft := sf.Type
				if ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if !sf.IsExported() && ft.Kind() != reflect.Struct {
					continue
				}
				if name == "" && ft.Kind() == reflect.Struct {
					walk(ft, depth+1)
					continue
				}
			} else if !sf.IsExported() {
				continue
			}
			f := field{name: name, goName: sf.Name, typ: sf.Type, tag: sf.Tag, owner: t, depth: depth, tagged: name != ""}
			if f.name == "" {
				f.name = sf.Name
			}
			if hasOption(opts, "string") {
				ft := sf.Type
				if ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				switch ft.Kind() {
				case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
					reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
					reflect.Float32, reflect.Float64, reflect.String:
					f.quoted = true
				}
			}
			all = append(all, f)
		}
	}
	walk(t, 0)

	// Resolve conflicts as encoding/json does: the shallowest field wins,
	// a tagged one breaks a tie, and an unresolved tie drops the name.
	best := map[string]int{}
	drop := map[string]bool{}
	for i, f := range all {
		j, ok := best[f.name]
		switch {
		case !ok || f.depth < all[j].depth:
			best[f.name], drop[f.name] = i, false
		case f.depth == all[j].depth:
			switch {
			case f.tagged && !all[j].tagged:
				best[f.name], drop[f.name] = i, false
			case f.tagged == all[j].tagged:
				drop[f.name] = true
			}
		}
	}
	var out []field
	for i, f := range all {
		if best[f.name] == i && !drop[f.name] {
			out = append(out, f)
		}
	}
	return out
}

func hasOption(opts, want string) bool {
	for opts != "" {
		var o string
		o, opts, _ = strings.Cut(opts, ",")
		if o == want {
			return true
		}
	}
	return false
}
