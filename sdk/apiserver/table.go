package apiserver

import (
	"encoding/json"

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
			pom := meta.PartialObjectMetadata{
				TypeMeta:   meta.TypeMeta{Kind: "PartialObjectMetadata", APIVersion: "meta.k8s.io/v1"},
				ObjectMeta: *obj.GetObjectMeta(),
			}
			pom.ManagedFields = nil
			b, err := json.Marshal(pom)
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
