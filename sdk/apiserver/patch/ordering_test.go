package patch

import (
	"reflect"
	"testing"
)

// item is a generic type for the list-merging cases, shaped like the one
// Kubernetes' strategic merge patch tests use.
type item struct {
	Name           string            `json:"name,omitempty"`
	Value          string            `json:"value,omitempty"`
	Other          string            `json:"other,omitempty"`
	MergingList    []item            `json:"mergingList,omitempty" patchStrategy:"merge" patchMergeKey:"name"`
	NonMergingList []item            `json:"nonMergingList,omitempty"`
	MergingIntList []int             `json:"mergingIntList,omitempty" patchStrategy:"merge"`
	SimpleMap      map[string]string `json:"simpleMap,omitempty"`
	ReplacingItem  *item             `json:"replacingItem,omitempty" patchStrategy:"replace"`
	RetainKeysMap  *item             `json:"retainKeysMap,omitempty" patchStrategy:"retainKeys"`
	RetainKeysList []item            `json:"retainKeysList,omitempty" patchStrategy:"merge,retainKeys" patchMergeKey:"name"`
}

// TestStrategicMergePatchOrdering pins down the order of merged lists: the
// patch's elements in patch (or $setElementOrder) order, interleaved with
// the live-only elements at their live positions.
func TestStrategicMergePatchOrdering(t *testing.T) {
	schema := SchemaFromType(reflect.TypeFor[item]())
	tests := []struct {
		name, doc, patch, want string
	}{
		{"ints merge as a set",
			`{"mergingIntList":[1,2]}`, `{"mergingIntList":[2,3]}`, `{"mergingIntList":[1,2,3]}`},
		{"ints keep the patch order",
			`{"mergingIntList":[1,2,3]}`, `{"mergingIntList":[3,1,2]}`, `{"mergingIntList":[3,1,2]}`},
		{"live-only int stays before the patch's later ones",
			`{"mergingIntList":[1,2,3]}`, `{"mergingIntList":[3,1]}`, `{"mergingIntList":[2,3,1]}`},
		{"duplicate live ints collapse",
			`{"mergingIntList":[1,1,2]}`, `{"mergingIntList":[3]}`, `{"mergingIntList":[3,1,2]}`},
		{"maps keep the patch order",
			`{"mergingList":[{"name":"1"},{"name":"2","value":"b"},{"name":"3"}]}`,
			`{"mergingList":[{"name":"3","value":"c"},{"name":"1","value":"a"},{"name":"2","other":"x"}]}`,
			`{"mergingList":[{"name":"3","value":"c"},{"name":"1","value":"a"},{"name":"2","value":"b","other":"x"}]}`},
		{"live-only map keeps its place",
			`{"mergingList":[{"name":"1"},{"name":"2","value":"b"},{"name":"3"}]}`,
			`{"mergingList":[{"name":"3","value":"c"},{"name":"1","value":"a"}]}`,
			`{"mergingList":[{"name":"2","value":"b"},{"name":"3","value":"c"},{"name":"1","value":"a"}]}`},
		{"$setElementOrder places new elements",
			`{"mergingList":[{"name":"1","other":"a"},{"name":"2","value":"2","other":"b"}]}`,
			`{"$setElementOrder/mergingList":[{"name":"4"},{"name":"1"},{"name":"2"},{"name":"3"}],
			  "mergingList":[{"name":"4","value":"4"},{"name":"3","value":"3"}]}`,
			`{"mergingList":[{"name":"4","value":"4"},{"name":"1","other":"a"},{"name":"2","value":"2","other":"b"},{"name":"3","value":"3"}]}`},
		{"$setElementOrder with a live-only element",
			`{"mergingList":[{"name":"1","other":"a"},{"name":"3","value":"2","other":"b"}]}`,
			`{"$setElementOrder/mergingList":[{"name":"1"},{"name":"2"}],"mergingList":[{"name":"1","value":"1"},{"name":"2","value":"2"}]}`,
			`{"mergingList":[{"name":"1","value":"1","other":"a"},{"name":"2","value":"2"},{"name":"3","value":"2","other":"b"}]}`},
		{"$setElementOrder naming an element nobody has",
			`{"mergingIntList":[1,3]}`, `{"$setElementOrder/mergingIntList":[3,2,1]}`, `{"mergingIntList":[3,1]}`},
		{"$setElementOrder and $deleteFromPrimitiveList",
			`{"mergingIntList":[1,2,3,4]}`,
			`{"$setElementOrder/mergingIntList":[1,2],"$deleteFromPrimitiveList/mergingIntList":[3]}`,
			`{"mergingIntList":[1,2,4]}`},
		{"deleting duplicates deletes them all",
			`{"mergingList":[{"name":"1"},{"name":"1"},{"name":"2","value":"a"},{"name":"3"},{"name":"3"}]}`,
			`{"mergingList":[{"name":"1","$patch":"delete"},{"name":"3","$patch":"delete"}]}`,
			`{"mergingList":[{"name":"2","value":"a"}]}`},
		{"deleting from a primitive list deletes duplicates",
			`{"mergingIntList":[1,2,3,3]}`, `{"$deleteFromPrimitiveList/mergingIntList":[3]}`, `{"mergingIntList":[1,2]}`},
		{"merge patch element twice",
			`{"mergingList":[{"name":"1"}]}`,
			`{"mergingList":[{"name":"2","value":"a"},{"name":"2","other":"b"}]}`,
			`{"mergingList":[{"name":"2","value":"a","other":"b"},{"name":"1"}]}`},
		{"nested merging lists",
			`{"mergingList":[{"name":"1","mergingList":[{"name":"a","value":"x"},{"name":"b"}]}]}`,
			`{"mergingList":[{"name":"1","mergingList":[{"name":"b","value":"y"}]}]}`,
			`{"mergingList":[{"name":"1","mergingList":[{"name":"a","value":"x"},{"name":"b","value":"y"}]}]}`},
		{"non-merging list replaced",
			`{"nonMergingList":[{"name":"1"},{"name":"2"}]}`, `{"nonMergingList":[{"name":"3"}]}`, `{"nonMergingList":[{"name":"3"}]}`},
		{"directives in a replaced list are applied",
			`{"nonMergingList":[{"name":"1"}]}`,
			`{"nonMergingList":[{"name":"2","mergingList":[{"name":"x","$patch":"delete"},{"name":"y","value":null}]}]}`,
			`{"nonMergingList":[{"name":"2","mergingList":[{"name":"y"}]}]}`},
		{"patchStrategy replace on an object",
			`{"replacingItem":{"name":"a","value":"b"}}`, `{"replacingItem":{"other":"c"}}`, `{"replacingItem":{"other":"c"}}`},
		{"$retainKeys in a map",
			`{"retainKeysMap":{"name":"foo","value":"a","other":"b"}}`,
			`{"retainKeysMap":{"$retainKeys":["name","value"],"value":"c"}}`,
			`{"retainKeysMap":{"name":"foo","value":"c"}}`},
		{"retainKeys map merges without the directive",
			`{"retainKeysMap":{"name":"foo","value":"a"}}`, `{"retainKeysMap":{"value":null}}`, `{"retainKeysMap":{"name":"foo"}}`},
		{"$retainKeys in a merged list element",
			`{"retainKeysList":[{"name":"bar"},{"name":"foo","value":"a","other":"o"}]}`,
			`{"retainKeysList":[{"$retainKeys":["name","other"],"name":"foo","other":"p"}]}`,
			`{"retainKeysList":[{"name":"bar"},{"name":"foo","other":"p"}]}`},
		{"$retainKeys with a null member",
			`{"retainKeysMap":{"name":"foo","value":"a"}}`,
			`{"retainKeysMap":{"$retainKeys":["name"],"value":null}}`,
			`{"retainKeysMap":{"name":"foo"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := StrategicMergePatch([]byte(tt.doc), []byte(tt.patch), schema)
			if err != nil {
				t.Fatal(err)
			}
			assertJSONEqual(t, tt.want, string(got))
		})
	}
}
