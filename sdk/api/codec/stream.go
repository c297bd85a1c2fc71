package codec

import (
	"bytes"
	stdjson "encoding/json"
	"errors"
	"fmt"
	"io"

	"sigs.k8s.io/json"

	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

// DecodeAll decodes every document of a multi-document YAML stream or a
// stream of JSON objects, strictly. A List document ("kind: List", or the
// list kind of a registered kind such as "PodList") is expanded into its
// items. Empty documents are skipped. It stops at the first error, whose
// message names the document (and the item) by number, counted from 1.
func DecodeAll(r *registry.Registry, data []byte) ([]meta.Object, error) {
	objs, _, err := DecodeAllWithOptions(r, data, DecodeOptions{})
	return objs, err
}

// DecodeAllWithOptions is DecodeAll with options; warnings name their
// document like errors do.
func DecodeAllWithOptions(r *registry.Registry, data []byte, opts DecodeOptions) ([]meta.Object, []string, error) {
	docs, err := SplitDocuments(data)
	if err != nil {
		return nil, nil, err
	}
	var objs []meta.Object
	var warnings []string
	for i, doc := range docs {
		where := ""
		if len(docs) > 1 {
			where = fmt.Sprintf("document %d: ", i+1)
		}
		js, dups, err := toJSON(doc)
		if err != nil {
			return nil, warnings, prefixError(where, err)
		}
		items, isList, err := ExpandList(r, js)
		if err != nil {
			return nil, warnings, prefixError(where, err)
		}
		if !isList {
			obj, w, err := decodeJSON(r, js, doc, dups, opts.FieldValidation)
			warnings = append(warnings, prefixAll(where, w)...)
			if err != nil {
				return nil, warnings, prefixError(where, err)
			}
			objs = append(objs, obj)
			continue
		}
		if len(dups) > 0 {
			w, err := strictResult(dups, opts.FieldValidation, "")
			warnings = append(warnings, prefixAll(where, w)...)
			if err != nil {
				return nil, warnings, prefixError(where, err)
			}
		}
		for j, item := range items {
			at := fmt.Sprintf("%sitem %d: ", where, j+1)
			obj, w, err := decodeJSON(r, item, item, nil, opts.FieldValidation)
			warnings = append(warnings, prefixAll(at, w)...)
			if err != nil {
				return nil, warnings, prefixError(at, err)
			}
			objs = append(objs, obj)
		}
	}
	return objs, warnings, nil
}

func prefixAll(prefix string, msgs []string) []string {
	if prefix == "" {
		return msgs
	}
	out := make([]string, len(msgs))
	for i, m := range msgs {
		out[i] = prefix + m
	}
	return out
}

func prefixError(prefix string, err error) error {
	var e *Error
	if prefix == "" || !errors.As(err, &e) {
		return err
	}
	return &Error{Reason: e.Reason, Message: prefix + e.Message, Fields: e.Fields}
}

// SplitDocuments splits a stream into its documents: YAML documents
// separated by "---" lines (see YAMLReader), and within them any sequence
// of JSON objects, each its own document. Empty documents are dropped.
func SplitDocuments(data []byte) ([][]byte, error) {
	var docs [][]byte
	yr := NewYAMLReader(bytes.NewReader(data))
	for {
		doc, err := yr.Read()
		if err == io.EOF {
			return docs, nil
		}
		if err != nil {
			return nil, newError(ErrMalformed, err.Error())
		}
		if !IsJSON(doc) {
			docs = append(docs, doc)
			continue
		}
		dec := stdjson.NewDecoder(bytes.NewReader(doc))
		for {
			var raw stdjson.RawMessage
			err := dec.Decode(&raw)
			if err == io.EOF {
				break
			}
			if err != nil {
				off := dec.InputOffset()
				line, col := lineCol(doc, off)
				return nil, newError(ErrMalformed, fmt.Sprintf("invalid JSON at line %d, column %d of document %d: %v",
					line, col, len(docs)+1, err))
			}
			docs = append(docs, raw)
		}
	}
}

// listDoc is what ExpandList reads of a document.
type listDoc struct {
	APIVersion string               `json:"apiVersion"`
	Kind       string               `json:"kind"`
	Items      []stdjson.RawMessage `json:"items"`
}

// ExpandList returns the items of the JSON document doc when it is a list:
// its kind is "List" (the generic list kubectl writes, any apiVersion) or
// the list kind of a kind registered in r ("PodList" in "v1"). Items of a
// registered list kind that leave apiVersion or kind empty get those of the
// kind. It returns ok false for any other document.
func ExpandList(r *registry.Registry, doc []byte) (items [][]byte, ok bool, err error) {
	tm, err := readTypeMeta(doc)
	if err != nil {
		return nil, false, err
	}
	var k *registry.Kind
	if tm.Kind != "List" {
		if k = listKindFor(r, tm); k == nil {
			return nil, false, nil
		}
	}
	var l listDoc
	if err := json.UnmarshalCaseSensitivePreserveInts(doc, &l); err != nil {
		return nil, true, newError(ErrMalformed, fmt.Sprintf("%s in version %q cannot be handled as a list: %s",
			tm.Kind, tm.APIVersion, decodeErrorMessage(err, doc)))
	}
	items = make([][]byte, 0, len(l.Items))
	for i, raw := range l.Items {
		item := []byte(raw)
		if k != nil {
			if item, err = withTypeMeta(item, k); err != nil {
				return nil, true, newError(ErrMalformed, fmt.Sprintf("item %d of %s: %v", i+1, tm.Kind, err))
			}
		}
		items = append(items, item)
	}
	return items, true, nil
}

// listKindFor returns the registered kind whose list kind tm names, or nil.
func listKindFor(r *registry.Registry, tm typeMeta) *registry.Kind {
	for _, k := range r.Kinds() {
		if k.ListKind() == tm.Kind && k.APIVersion() == tm.APIVersion {
			return k
		}
	}
	return nil
}

// withTypeMeta returns item with apiVersion and kind of k filled in where
// they are missing.
func withTypeMeta(item []byte, k *registry.Kind) ([]byte, error) {
	tm, err := readTypeMeta(item)
	if err != nil {
		return nil, err
	}
	var add []byte
	if tm.Kind == "" {
		add = appendMember(add, "kind", k.GVK().Kind)
	}
	if tm.APIVersion == "" {
		add = appendMember(add, "apiVersion", k.APIVersion())
	}
	if add == nil {
		return item, nil
	}
	return spliceMembers(item, add), nil
}

// appendMember appends `"name":"value",` to b.
func appendMember(b []byte, name, value string) []byte {
	n, _ := stdjson.Marshal(name)
	v, _ := stdjson.Marshal(value)
	b = append(b, n...)
	b = append(b, ':')
	b = append(b, v...)
	return append(b, ',')
}

// spliceMembers inserts members (each followed by a comma) at the start of
// the JSON object obj.
func spliceMembers(obj, members []byte) []byte {
	i := bytes.IndexByte(obj, '{')
	rest := bytes.TrimLeft(obj[i+1:], " \t\r\n")
	out := make([]byte, 0, len(obj)+len(members))
	out = append(out, '{')
	if len(rest) > 0 && rest[0] == '}' {
		members = members[:len(members)-1] // no trailing comma in {}
	}
	out = append(out, members...)
	return append(out, rest...)
}
