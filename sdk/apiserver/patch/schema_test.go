package patch

import (
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// walk follows a path of member names through a schema.
func walk(t *testing.T, s Schema, names ...string) Field {
	t.Helper()
	var f Field
	for i, n := range names {
		if s == nil {
			t.Fatalf("%v: no schema before %q", names[:i], n)
		}
		var ok bool
		if f, ok = s.Field(n); !ok {
			t.Fatalf("%v: %s has no field %q", names[:i], s.Name(), n)
		}
		s = f.Schema
	}
	return f
}

type fieldSummary struct {
	Type     Type
	Schema   string
	Strategy string
	MergeKey string
}

func summarize(f Field) fieldSummary {
	s := fieldSummary{Type: f.Type, Strategy: f.Strategy, MergeKey: f.MergeKey}
	if f.Schema != nil {
		s.Schema = f.Schema.Name()
	}
	return s
}

func TestSchemaFromType(t *testing.T) {
	pod := SchemaFromType(reflect.TypeFor[Pod]())
	deployment := SchemaFromType(reflect.TypeFor[*Deployment]())
	tests := []struct {
		name   string
		schema Schema
		path   []string
		want   fieldSummary
	}{
		{"inline TypeMeta is promoted", pod, []string{"kind"}, fieldSummary{Type: Primitive}},
		{"object", pod, []string{"metadata"}, fieldSummary{Type: Object, Schema: "ObjectMeta"}},
		{"map of strings", pod, []string{"metadata", "labels"}, fieldSummary{Type: Map, Schema: "map[string]string"}},
		{"map value", pod, []string{"metadata", "labels", "app"}, fieldSummary{Type: Primitive}},
		{"merged primitive list", pod, []string{"metadata", "finalizers"}, fieldSummary{Type: List, Strategy: "merge"}},
		{"merged list by uid", pod, []string{"metadata", "ownerReferences"},
			fieldSummary{Type: List, Schema: "OwnerReference", Strategy: "merge", MergeKey: "uid"}},
		{"json.Marshaler struct is a primitive", pod, []string{"metadata", "creationTimestamp"}, fieldSummary{Type: Primitive}},
		{"containers by name", pod, []string{"spec", "containers"},
			fieldSummary{Type: List, Schema: "Container", Strategy: "merge", MergeKey: "name"}},
		{"ports by containerPort", pod, []string{"spec", "containers", "ports"},
			fieldSummary{Type: List, Schema: "ContainerPort", Strategy: "merge", MergeKey: "containerPort"}},
		{"volumeMounts by mountPath", pod, []string{"spec", "containers", "volumeMounts"},
			fieldSummary{Type: List, Schema: "VolumeMount", Strategy: "merge", MergeKey: "mountPath"}},
		{"map of Quantity", pod, []string{"spec", "containers", "resources", "limits", "cpu"}, fieldSummary{Type: Primitive}},
		{"volumes merge and retain keys", pod, []string{"spec", "volumes"},
			fieldSummary{Type: List, Schema: "Volume", Strategy: "merge,retainKeys", MergeKey: "name"}},
		{"inline VolumeSource is promoted", pod, []string{"spec", "volumes", "hostPath"},
			fieldSummary{Type: Object, Schema: "HostPathVolumeSource"}},
		{"pointer followed", pod, []string{"spec", "affinity", "nodeAffinity"}, fieldSummary{Type: Object, Schema: "NodeAffinity"}},
		{"tolerations replaced", pod, []string{"spec", "tolerations"}, fieldSummary{Type: List, Schema: "Toleration"}},
		{"pointer to int", pod, []string{"spec", "terminationGracePeriodSeconds"}, fieldSummary{Type: Primitive}},
		{"conditions by type", pod, []string{"status", "conditions"},
			fieldSummary{Type: List, Schema: "PodCondition", Strategy: "merge", MergeKey: "type"}},
		{"retainKeys strategy", deployment, []string{"spec", "strategy"},
			fieldSummary{Type: Object, Schema: "DeploymentStrategy", Strategy: "retainKeys"}},
		{"IntOrString is a primitive", deployment, []string{"spec", "strategy", "rollingUpdate", "maxSurge"}, fieldSummary{Type: Primitive}},
		{"template containers", deployment, []string{"spec", "template", "spec", "containers"},
			fieldSummary{Type: List, Schema: "Container", Strategy: "merge", MergeKey: "name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, summarize(walk(t, tt.schema, tt.path...))); diff != "" {
				t.Errorf("field %v (-want +got):\n%s", tt.path, diff)
			}
		})
	}
}

type inner struct {
	A string `json:"a"`
	B string `json:"b"`
}

type other struct {
	B string `json:"b"`
	C string
}

type embedding struct {
	inner                          // untagged embedded struct: a and b promoted
	*other                         // b conflicts with inner.b at the same depth
	Tagged           inner         `json:"tagged"`
	Named            inner         `json:",omitempty"` // no tag name: the Go name
	Skipped          string        `json:"-"`
	Dash             string        `json:"-,"` // the name "-"
	unexported       string        // skipped
	Bytes            []byte        `json:"bytes"`
	Any              interface{}   `json:"any"`
	Raw              rawMessage    `json:"raw"`
	Recursive        *embedding    `json:"recursive"`
	Lists            [][]string    `json:"lists"`
	Array            [2]inner      `json:"array"`
	ArrayOfMarshaler []Quantity    `json:"quantities"`
	MapOfLists       map[int][]int `json:"mapOfLists"`
}

type rawMessage []byte

func (r rawMessage) MarshalJSON() ([]byte, error) { return r, nil }

func TestSchemaFromTypeJSONRules(t *testing.T) {
	s := SchemaFromType(reflect.TypeFor[embedding]())
	want := map[string]fieldSummary{
		"a":          {Type: Primitive},
		"C":          {Type: Primitive},
		"tagged":     {Type: Object, Schema: "inner"},
		"Named":      {Type: Object, Schema: "inner"},
		"-":          {Type: Primitive},
		"bytes":      {Type: Primitive},
		"any":        {Type: Untyped},
		"raw":        {Type: Primitive},
		"recursive":  {Type: Object, Schema: "embedding"},
		"lists":      {Type: List},
		"array":      {Type: List, Schema: "inner"},
		"quantities": {Type: List},
		"mapOfLists": {Type: Map, Schema: "map[int][]int"},
	}
	for name, w := range want {
		f, ok := s.Field(name)
		if !ok {
			t.Errorf("no field %q", name)
			continue
		}
		if diff := cmp.Diff(w, summarize(f)); diff != "" {
			t.Errorf("field %q (-want +got):\n%s", name, diff)
		}
	}
	for _, name := range []string{"b", "Skipped", "unexported", "inner", "other", "Tagged"} {
		if _, ok := s.Field(name); ok {
			t.Errorf("field %q should not exist", name)
		}
	}
	if f := walk(t, s, "recursive", "recursive", "tagged"); f.Schema.Name() != "inner" {
		t.Errorf("recursive schema: %s", f.Schema.Name())
	}
}

func TestSchemaFromTypeCached(t *testing.T) {
	a := SchemaFromType(reflect.TypeFor[Pod]())
	b := SchemaFromType(reflect.TypeFor[Pod]())
	if a != b {
		t.Error("SchemaFromType built the Pod schema twice")
	}
	if SchemaFromType(nil) != nil {
		t.Error("SchemaFromType(nil) is not nil")
	}
	m := SchemaFromType(reflect.TypeFor[map[string]int]())
	if f, ok := m.Field("anything"); !ok || f.Type != Primitive {
		t.Errorf("map schema field = %+v, %v", f, ok)
	}
	u := SchemaFromType(reflect.TypeFor[string]())
	if f, ok := u.Field("x"); !ok || f.Type != Untyped {
		t.Errorf("schema of a string: field = %+v, %v", f, ok)
	}
}

func TestStrategyOf(t *testing.T) {
	tests := []struct {
		tag        string
		strategy   string
		retainKeys bool
		err        bool
	}{
		{"", "", false, false},
		{"merge", "merge", false, false},
		{"replace", "replace", false, false},
		{"retainKeys", "", true, false},
		{"merge,retainKeys", "merge", true, false},
		{"retainKeys,merge", "merge", true, false},
		{"merge,replace", "", false, true},
		{"merge,retainKeys,replace", "", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.tag, func(t *testing.T) {
			s, rk, err := strategyOf(Field{Strategy: tt.tag})
			if (err != nil) != tt.err || s != tt.strategy || rk != tt.retainKeys {
				t.Errorf("strategyOf(%q) = %q, %v, %v; want %q, %v, error %v", tt.tag, s, rk, err, tt.strategy, tt.retainKeys, tt.err)
			}
		})
	}
}

func TestTypeString(t *testing.T) {
	for tp, want := range map[Type]string{Untyped: "untyped", Primitive: "primitive", Object: "object", Map: "map", List: "list", 9: "Type(9)"} {
		if got := tp.String(); got != want {
			t.Errorf("Type(%d).String() = %q, want %q", tp, got, want)
		}
	}
}
