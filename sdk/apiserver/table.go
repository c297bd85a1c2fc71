package apiserver

import (
	"bytes"
	"encoding/json"
	"strconv"

	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

// toTable renders objects as a meta.k8s.io/v1 Table with the kind's columns.
func (s *Server) toTable(res *resource, objs []meta.Object, out output, rv, cont string) (*meta.Table, error) {
	cols := res.kind.Columns()
	t := &meta.Table{
		TypeMeta:          meta.TypeMeta{Kind: "Table", APIVersion: "meta.k8s.io/v1"},
		ListMeta:          meta.ListMeta{ResourceVersion: rv, Continue: cont},
		ColumnDefinitions: make([]meta.TableColumnDefinition, len(cols)),
		Rows:              make([]meta.TableRow, 0, len(objs)),
	}
	for i, c := range cols {
		t.ColumnDefinitions[i] = meta.TableColumnDefinition{Name: c.Name, Type: c.Type, Format: c.Format, Description: c.Description, Priority: c.Priority}
	}
	now := s.now()
	for _, obj := range objs {
		row := meta.TableRow{Cells: res.kind.Cells(obj, now)}
		switch out.includeObject {
		case "None":
		case "Object":
			b, err := json.Marshal(obj)
			if err != nil {
				return nil, apierrors.NewInternal(err)
			}
			row.Object = b
		case "", "Metadata":
			b, err := partialMetadata(obj, nil)
			if err != nil {
				return nil, apierrors.NewInternal(err)
			}
			row.Object = b
		default:
			return nil, apierrors.NewBadRequest(`includeObject must be one of "None", "Metadata" or "Object"`)
		}
		t.Rows = append(t.Rows, row)
	}
	return t, nil
}

const partialMetadataHead = `{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":`

// partialMetadata encodes obj's metadata, without managedFields, as a
// PartialObjectMetadata. raw, when not nil, is obj's JSON encoding: its
// metadata is then copied instead of encoded again.
func partialMetadata(obj meta.Object, raw []byte) ([]byte, error) {
	if raw != nil {
		if md, ok := topLevelField(raw, "metadata"); ok && !bytes.Contains(md, []byte(`"managedFields":`)) {
			b := make([]byte, 0, len(partialMetadataHead)+len(md)+1)
			b = append(b, partialMetadataHead...)
			b = append(b, md...)
			return append(b, '}'), nil
		}
	}
	pom := meta.PartialObjectMetadata{
		TypeMeta:   meta.TypeMeta{Kind: "PartialObjectMetadata", APIVersion: "meta.k8s.io/v1"},
		ObjectMeta: *obj.GetObjectMeta(),
	}
	pom.ManagedFields = nil
	return json.Marshal(pom)
}

// encodeTable encodes the Table of a list result. Its output is the same as
// json.Marshal of toTable's Table, but the objects' metadata is copied from
// their cached encoding instead of encoded again.
func (s *Server) encodeTable(res *resource, lr *listResult, out output) ([]byte, error) {
	switch out.includeObject {
	case "", "None", "Metadata", "Object":
	default:
		if len(lr.items) == 0 {
			break // toTable accepts any value when there is no row
		}
		return nil, apierrors.NewBadRequest(`includeObject must be one of "None", "Metadata" or "Object"`)
	}
	cols := res.kind.Columns()
	defs := make([]meta.TableColumnDefinition, len(cols))
	for i, c := range cols {
		defs[i] = meta.TableColumnDefinition{Name: c.Name, Type: c.Type, Format: c.Format, Description: c.Description, Priority: c.Priority}
	}
	lm, err := json.Marshal(meta.ListMeta{ResourceVersion: strconv.FormatInt(lr.rv, 10), Continue: lr.cont, RemainingItemCount: lr.remaining})
	if err != nil {
		return nil, apierrors.NewInternal(err)
	}
	cb, err := json.Marshal(defs)
	if err != nil {
		return nil, apierrors.NewInternal(err)
	}
	var buf bytes.Buffer
	buf.Grow(256 + len(cb) + len(lr.items)*512)
	buf.WriteString(`{"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":`)
	buf.Write(lm)
	buf.WriteString(`,"columnDefinitions":`)
	buf.Write(cb)
	buf.WriteString(`,"rows":[`)
	now := s.now()
	enc := json.NewEncoder(&buf)
	for i, obj := range lr.items {
		if i > 0 {
			buf.WriteByte(',')
		}
		var raw []byte
		if i < len(lr.raws) {
			raw = lr.raws[i]
		}
		buf.WriteString(`{"cells":`)
		if err := enc.Encode(res.kind.Cells(obj, now)); err != nil {
			return nil, apierrors.NewInternal(err)
		}
		buf.Truncate(buf.Len() - 1) // Encode's newline
		var ob []byte
		switch out.includeObject {
		case "Object":
			if ob = raw; ob == nil {
				if ob, err = json.Marshal(obj); err != nil {
					return nil, apierrors.NewInternal(err)
				}
			}
		case "", "Metadata":
			if ob, err = partialMetadata(obj, raw); err != nil {
				return nil, apierrors.NewInternal(err)
			}
		}
		if len(ob) > 0 {
			buf.WriteString(`,"object":`)
			buf.Write(ob)
		}
		buf.WriteByte('}')
	}
	buf.WriteString("]}")
	return buf.Bytes(), nil
}

// topLevelField returns the value of the field name of the JSON object b,
// which must be compact (as encoding/json writes it).
func topLevelField(b []byte, name string) ([]byte, bool) {
	start, end, ok := topLevelSpan(b, name)
	if !ok {
		return nil, false
	}
	return b[start:end], true
}

// topLevelSpan is topLevelField returning the value's bounds in b.
func topLevelSpan(b []byte, name string) (start, end int, ok bool) {
	if len(b) < 2 || b[0] != '{' {
		return 0, 0, false
	}
	i := 1
	for i < len(b) && b[i] == '"' {
		kend := skipString(b, i)
		if kend < 0 || kend >= len(b) || b[kend] != ':' {
			return 0, 0, false
		}
		key := b[i+1 : kend-1]
		vstart := kend + 1
		vend := skipValue(b, vstart)
		if vend < 0 {
			return 0, 0, false
		}
		if string(key) == name {
			return vstart, vend, true
		}
		i = vend
		if i < len(b) && b[i] == ',' {
			i++
		}
	}
	return 0, 0, false
}

// skipString returns the index after the JSON string starting at b[i], or -1.
func skipString(b []byte, i int) int {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return -1
}

// skipValue returns the index after the compact JSON value starting at
// b[i], or -1.
func skipValue(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				j = skipString(b, j)
				if j < 0 {
					return -1
				}
				j--
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return -1
	default:
		j := i
		for j < len(b) && b[j] != ',' && b[j] != '}' && b[j] != ']' {
			j++
		}
		return j
	}
}
