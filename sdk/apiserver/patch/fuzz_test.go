package patch

import (
	"encoding/json"
	"testing"
)

// fuzzCheck asserts what every patch function promises for any input: no
// panic (the fuzzer reports those), a valid JSON result or a classified
// error, and inputs left as they were.
func fuzzCheck(t *testing.T, original, patch string, apply func(o, p []byte) ([]byte, error)) {
	o, p := []byte(original), []byte(patch)
	out, err := apply(o, p)
	if string(o) != original || string(p) != patch {
		t.Fatal("inputs modified")
	}
	if err != nil {
		if !classified(err) {
			t.Fatalf("error without a class: %v", err)
		}
		if err.Error() == "" {
			t.Fatal("empty error message")
		}
		return
	}
	if !json.Valid(out) {
		t.Fatalf("invalid JSON result: %q", out)
	}
}

func FuzzJSONPatch(f *testing.F) {
	for _, s := range [][2]string{
		{`{"foo":"bar"}`, `[{"op":"add","path":"/baz","value":"qux"}]`},
		{`{"foo":["bar","baz"]}`, `[{"op":"add","path":"/foo/1","value":"qux"}]`},
		{`{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}`, `[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]`},
		{`{"foo":["all","grass","cows","eat"]}`, `[{"op":"move","from":"/foo/1","path":"/foo/3"}]`},
		{`{"baz":"qux","foo":["a",2,"c"]}`, `[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]`},
		{`{"/":9,"~1":10}`, `[{"op":"test","path":"/~01","value":10}]`},
		{`{"a":{"b":[1]}}`, `[{"op":"copy","from":"/a","path":"/a/b/-"},{"op":"remove","path":"/a/b/0"},{"op":"replace","path":"","value":[]}]`},
		{`[1,2,3]`, `[{"op":"remove","path":"/1"},{"op":"add","path":"/-","value":null}]`},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, original, patch string) {
		fuzzCheck(t, original, patch, JSONPatch)
		g := &docGen{data: []byte(original + patch)}
		fuzzCheck(t, g.json(g.value(0)), g.jsonPatch(), JSONPatch)
	})
}

func FuzzMergePatch(f *testing.F) {
	for _, s := range [][2]string{
		{`{"a":"b"}`, `{"a":"c"}`},
		{`{"a":{"b":"c"}}`, `{"a":{"b":"d","c":null}}`},
		{`{"a":[{"b":"c"}]}`, `{"a":[1]}`},
		{`[1,2]`, `{"a":"b","c":null}`},
		{`{}`, `{"a":{"bb":{"ccc":null}}}`},
		{`{"a":"foo"}`, `null`},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, original, patch string) {
		fuzzCheck(t, original, patch, MergePatch)
		g := &docGen{data: []byte(original + patch)}
		fuzzCheck(t, g.json(g.value(0)), g.json(g.value(0)), MergePatch)
	})
}

func FuzzStrategicMergePatch(f *testing.F) {
	for _, s := range [][2]string{
		{basePod, `{"spec":{"$setElementOrder/containers":[{"name":"app"},{"name":"sidecar"}],"containers":[{"$setElementOrder/env":[{"name":"A"},{"name":"C"}],"env":[{"$patch":"delete","name":"B"}],"image":"nginx:1.26","name":"app"}]}}`},
		{basePod, `{"metadata":{"$setElementOrder/finalizers":["c.example.com/z","a.example.com/x","d"],"$deleteFromPrimitiveList/finalizers":["b.example.com/y"],"finalizers":["d"]}}`},
		{basePod, `{"spec":{"containers":[{"$patch":"replace"},{"name":"only"}],"nodeSelector":{"$patch":"replace","a":"b"}}}`},
		{basePod, `{"spec":{"volumes":[{"$retainKeys":["name","emptyDir"],"name":"data","emptyDir":{}}]}}`},
		{baseDeployment, `{"spec":{"strategy":{"$retainKeys":["type"],"rollingUpdate":null,"type":"Recreate"}}}`},
		{`{"spec":{"containers":[{"name":"a","ports":[{"containerPort":80}]}]}}`, `{"spec":{"containers":[{"name":"a","ports":[{"containerPort":80.0,"name":"x"},{"containerPort":81}]},{"name":"b","$patch":"delete"}]}}`},
		{`{}`, `{"$patch":"delete"}`},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, original, patch string) {
		smp := func(o, p []byte) ([]byte, error) {
			if len(o) > 0 && o[0] == 'D' { // exercise the Deployment schema too
				return StrategicMergePatch(o[1:], p, deploymentSchema)
			}
			return StrategicMergePatch(o, p, podSchema)
		}
		fuzzCheck(t, original, patch, smp)
		// The same bytes as a generated object and patch, which the
		// vocabulary makes rich in lists, merge keys and directives.
		g := &docGen{data: []byte(original + patch)}
		o, p := g.json(g.object(0)), g.json(g.object(0))
		fuzzCheck(t, o, p, smp)
		fuzzCheck(t, "D"+o, p, smp)
		fuzzCheck(t, o, p, func(o, p []byte) ([]byte, error) { return StrategicMergePatch(o, p, untypedSchema{}) })
	})
}
