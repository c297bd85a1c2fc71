package codec

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"sigs.k8s.io/json"
	"sigs.k8s.io/yaml"

	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

// FieldValidation says what decoding does with unknown and duplicate
// fields. Its values are those of Kubernetes' fieldValidation parameter.
type FieldValidation int

const (
	// Strict fails the decode with every unknown and duplicate field in
	// one ErrStrict error. It is the zero value.
	Strict FieldValidation = iota
	// Warn decodes and returns one warning per unknown or duplicate field.
	Warn
	// Ignore decodes and drops unknown fields; of duplicate fields the
	// last one wins.
	Ignore
)

// String returns "Strict", "Warn" or "Ignore".
func (v FieldValidation) String() string {
	switch v {
	case Strict:
		return "Strict"
	case Warn:
		return "Warn"
	case Ignore:
		return "Ignore"
	}
	return fmt.Sprintf("FieldValidation(%d)", int(v))
}

// ParseFieldValidation parses the value of the fieldValidation query
// parameter: "Strict", "Warn" or "Ignore"; "" returns def.
func ParseFieldValidation(s string, def FieldValidation) (FieldValidation, error) {
	switch s {
	case "":
		return def, nil
	case "Strict":
		return Strict, nil
	case "Warn":
		return Warn, nil
	case "Ignore":
		return Ignore, nil
	}
	return def, newError(ErrMalformed, fmt.Sprintf("invalid fieldValidation %q: want Strict, Warn or Ignore", s))
}

// DecodeOptions tune decoding. The zero value decodes strictly.
type DecodeOptions struct {
	// FieldValidation says what unknown and duplicate fields do; the
	// zero value is Strict.
	FieldValidation FieldValidation
}

// Decode decodes one JSON or YAML document into a new object of the kind
// its apiVersion and kind name in r, strictly: unknown and duplicate fields
// are an error. Every error is of class errors.ErrBadRequest.
func Decode(r *registry.Registry, data []byte) (meta.Object, error) {
	obj, _, err := DecodeWithOptions(r, data, DecodeOptions{})
	return obj, err
}

// DecodeWithOptions is Decode with options. Under FieldValidation Warn it
// returns one warning per unknown or duplicate field alongside the object.
func DecodeWithOptions(r *registry.Registry, data []byte, opts DecodeOptions) (obj meta.Object, warnings []string, err error) {
	js, dups, err := toJSON(data)
	if err != nil {
		return nil, nil, err
	}
	return decodeJSON(r, js, data, dups, opts.FieldValidation)
}

// DecodeInto decodes one JSON or YAML document into obj, a pointer, for
// callers that know the type (configuration files, typed clients). When
// strict, unknown and duplicate fields are an ErrStrict error; otherwise
// they are returned as warnings. Every error is of class errors.ErrBadRequest.
func DecodeInto(data []byte, obj any, strict bool) (warnings []string, err error) {
	js, dups, err := toJSON(data)
	if err != nil {
		return nil, err
	}
	fv := Warn
	if strict {
		fv = Strict
	}
	strictMsgs, err := unmarshal(js, obj, fv)
	if err != nil {
		return nil, newError(ErrMalformed, decodeErrorMessage(err, js))
	}
	return strictResult(append(dups, strictMsgs...), fv, "")
}

// typeMeta is what Decode reads first.
type typeMeta struct {
	APIVersion string `json:"apiVersion,omitempty"`
	Kind       string `json:"kind,omitempty"`
}

// decodeJSON decodes js (converted from original) through r. dups are the
// duplicate keys the YAML conversion found.
func decodeJSON(r *registry.Registry, js, original []byte, dups []string, fv FieldValidation) (meta.Object, []string, error) {
	tm, err := readTypeMeta(js)
	if err != nil {
		return nil, nil, err
	}
	switch {
	case tm.Kind == "":
		return nil, nil, newError(ErrMissingKind, fmt.Sprintf("Object 'Kind' is missing in '%s'", excerpt(original)))
	case tm.APIVersion == "":
		return nil, nil, newError(ErrMissingKind, fmt.Sprintf("Object 'apiVersion' is missing in '%s'", excerpt(original)))
	}
	gv := meta.ParseGroupVersion(tm.APIVersion)
	gvk := meta.GroupVersionKind{Group: gv.Group, Version: gv.Version, Kind: tm.Kind}
	k, ok := r.KindFor(gvk)
	if !ok {
		msg := fmt.Sprintf("no kind %q is registered for version %q", tm.Kind, tm.APIVersion)
		if lk := listKindFor(r, tm); lk != nil {
			msg += fmt.Sprintf("; %q is the list kind of %q: decode it with DecodeAll", tm.Kind, lk.GVK().Kind)
		}
		return nil, nil, newError(ErrUnknownKind, msg)
	}
	obj := k.New()
	prefix := fmt.Sprintf("%s in version %q cannot be handled as a %s: ", tm.Kind, tm.APIVersion, tm.Kind)
	strictMsgs, err := unmarshal(js, obj, fv)
	if err != nil {
		return nil, nil, newError(ErrMalformed, prefix+decodeErrorMessage(err, js))
	}
	warnings, err := strictResult(append(dups, strictMsgs...), fv, prefix)
	if err != nil {
		return nil, nil, err
	}
	return obj, warnings, nil
}

// readTypeMeta reads apiVersion and kind of the JSON object js.
func readTypeMeta(js []byte) (typeMeta, error) {
	var tm typeMeta
	if c := firstByte(js); c != '{' {
		return tm, newError(ErrMalformed, fmt.Sprintf("expected a JSON or YAML object, got '%s'", excerpt(js)))
	}
	if err := json.UnmarshalCaseSensitivePreserveInts(js, &tm); err != nil {
		return tm, newError(ErrMalformed, decodeErrorMessage(err, js))
	}
	return tm, nil
}

// unmarshal decodes js into obj and returns the strict errors fv asks for.
func unmarshal(js []byte, obj any, fv FieldValidation) ([]string, error) {
	if fv == Ignore {
		return nil, json.UnmarshalCaseSensitivePreserveInts(js, obj)
	}
	strictErrs, err := json.UnmarshalStrict(js, obj)
	if err != nil {
		return nil, err
	}
	msgs := make([]string, len(strictErrs))
	for i, e := range strictErrs {
		msgs[i] = e.Error()
	}
	return msgs, nil
}

// strictResult turns strict messages into an error (Strict), warnings
// (Warn) or nothing (Ignore).
func strictResult(msgs []string, fv FieldValidation, prefix string) ([]string, error) {
	if len(msgs) == 0 {
		return nil, nil
	}
	switch fv {
	case Strict:
		return nil, &Error{
			Reason:  ErrStrict,
			Message: prefix + "strict decoding error: " + strings.Join(msgs, ", "),
			Fields:  msgs,
		}
	case Warn:
		return msgs, nil
	}
	return nil, nil
}

// decodeErrorMessage returns the message of a JSON decoding error, with the
// line and column of a syntax error.
func decodeErrorMessage(err error, js []byte) string {
	if ok, off := json.SyntaxErrorOffset(err); ok {
		line, col := lineCol(js, off-1) // Offset is just after the offending byte
		return fmt.Sprintf("invalid JSON at line %d, column %d: %v", line, col, err)
	}
	return err.Error()
}

// lineCol returns the 1-based line and column of byte offset off in data.
func lineCol(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	if off < 0 {
		off = 0
	}
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(off) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}

// firstByte returns the first byte of data that is not white space, or 0.
func firstByte(data []byte) byte {
	for _, c := range data {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		}
		return c
	}
	return 0
}

// IsJSON reports whether data is read as JSON: its first byte that is not
// white space is '{'. Anything else is read as YAML.
func IsJSON(data []byte) bool { return firstByte(data) == '{' }

// toJSON returns data as JSON, converting YAML. dups lists the duplicate
// keys of a YAML document, as strict messages.
func toJSON(data []byte) (js []byte, dups []string, err error) {
	if IsJSON(data) {
		return data, nil, nil
	}
	js, strictErr := yaml.YAMLToJSONStrict(data)
	if strictErr == nil {
		return js, nil, nil
	}
	js, err = yaml.YAMLToJSON(data)
	if err != nil {
		return nil, nil, newError(ErrMalformed, "error converting YAML to JSON: "+err.Error())
	}
	return js, yamlDuplicates(strictErr), nil
}

var yamlDupRE = regexp.MustCompile(`line (\d+): key (".*") already set in map`)

// yamlDuplicates turns the error of a strict YAML conversion into one
// message per duplicate key.
func yamlDuplicates(err error) []string {
	var msgs []string
	for _, m := range yamlDupRE.FindAllStringSubmatch(err.Error(), -1) {
		msgs = append(msgs, fmt.Sprintf("duplicate field %s (YAML line %s)", m[2], m[1]))
	}
	if len(msgs) == 0 {
		msgs = []string{strings.ReplaceAll(err.Error(), "\n", " ")}
	}
	return msgs
}

// YAMLToJSON converts one YAML document to JSON, strictly: a duplicate key
// is an ErrStrict error. JSON input is returned unchanged.
func YAMLToJSON(data []byte) ([]byte, error) {
	js, dups, err := toJSON(data)
	if err != nil {
		return nil, err
	}
	if _, err := strictResult(dups, Strict, ""); err != nil {
		return nil, err
	}
	return js, nil
}
