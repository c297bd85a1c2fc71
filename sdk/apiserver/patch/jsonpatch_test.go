package patch

import (
	"fmt"
	"strings"
	"testing"

	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
)

func TestJSONPatch(t *testing.T) {
	bad := func(s ...string) *wantErr { return &wantErr{apierrors.ErrBadRequest, s} }
	inv := func(s ...string) *wantErr { return &wantErr{apierrors.ErrInvalid, s} }
	tests := []struct {
		name  string
		doc   string
		patch string
		want  string
		err   *wantErr
	}{
		// RFC 6902 appendix A.
		{name: "A.1 adding an object member",
			doc: `{"foo":"bar"}`, patch: `[{"op":"add","path":"/baz","value":"qux"}]`,
			want: `{"baz":"qux","foo":"bar"}`},
		{name: "A.2 adding an array element",
			doc: `{"foo":["bar","baz"]}`, patch: `[{"op":"add","path":"/foo/1","value":"qux"}]`,
			want: `{"foo":["bar","qux","baz"]}`},
		{name: "A.3 removing an object member",
			doc: `{"baz":"qux","foo":"bar"}`, patch: `[{"op":"remove","path":"/baz"}]`,
			want: `{"foo":"bar"}`},
		{name: "A.4 removing an array element",
			doc: `{"foo":["bar","qux","baz"]}`, patch: `[{"op":"remove","path":"/foo/1"}]`,
			want: `{"foo":["bar","baz"]}`},
		{name: "A.5 replacing a value",
			doc: `{"baz":"qux","foo":"bar"}`, patch: `[{"op":"replace","path":"/baz","value":"boo"}]`,
			want: `{"baz":"boo","foo":"bar"}`},
		{name: "A.6 moving a value",
			doc:   `{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}`,
			patch: `[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]`,
			want:  `{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}`},
		{name: "A.7 moving an array element",
			doc: `{"foo":["all","grass","cows","eat"]}`, patch: `[{"op":"move","from":"/foo/1","path":"/foo/3"}]`,
			want: `{"foo":["all","cows","eat","grass"]}`},
		{name: "A.8 testing a value: success",
			doc:   `{"baz":"qux","foo":["a",2,"c"]}`,
			patch: `[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]`,
			want:  `{"baz":"qux","foo":["a",2,"c"]}`},
		{name: "A.9 testing a value: error",
			doc: `{"baz":"qux"}`, patch: `[{"op":"test","path":"/baz","value":"bar"}]`,
			err: inv(`json patch operation 0 (test "/baz")`, "test failed", `"qux"`, `"bar"`)},
		{name: "A.10 adding a nested member object",
			doc: `{"foo":"bar"}`, patch: `[{"op":"add","path":"/child","value":{"grandchild":{}}}]`,
			want: `{"foo":"bar","child":{"grandchild":{}}}`},
		{name: "A.11 ignoring unrecognized elements",
			doc: `{"foo":"bar"}`, patch: `[{"op":"add","path":"/baz","value":"qux","xyz":123}]`,
			want: `{"foo":"bar","baz":"qux"}`},
		{name: "A.12 adding to a nonexistent target",
			doc: `{"foo":"bar"}`, patch: `[{"op":"add","path":"/baz/bat","value":"qux"}]`,
			err: inv(`json patch operation 0 (add "/baz/bat")`, `no member "baz"`)},
		{name: "A.13 invalid json patch document (the last op member wins)",
			doc: `{"foo":"bar"}`, patch: `[{"op":"add","path":"/baz","value":"qux","op":"remove"}]`,
			err: inv(`json patch operation 0 (remove "/baz")`)},
		{name: "A.14 ~ escape ordering",
			doc: `{"/":9,"~1":10}`, patch: `[{"op":"test","path":"/~01","value":10}]`,
			want: `{"/":9,"~1":10}`},
		{name: "A.15 comparing strings and numbers",
			doc: `{"/":9,"~1":10}`, patch: `[{"op":"test","path":"/~01","value":"10"}]`,
			err: inv("test failed")},
		{name: "A.16 adding an array value",
			doc: `{"foo":["bar"]}`, patch: `[{"op":"add","path":"/foo/-","value":["abc","def"]}]`,
			want: `{"foo":["bar",["abc","def"]]}`},

		// Pointers and indexes.
		{name: "~1 escapes a slash in a key",
			doc:   `{"metadata":{"labels":{"app.kubernetes.io/name":"web"}}}`,
			patch: `[{"op":"replace","path":"/metadata/labels/app.kubernetes.io~1name","value":"api"}]`,
			want:  `{"metadata":{"labels":{"app.kubernetes.io/name":"api"}}}`},
		{name: "add at the array's length appends",
			doc: `{"a":[1,2]}`, patch: `[{"op":"add","path":"/a/2","value":3}]`, want: `{"a":[1,2,3]}`},
		{name: "add at index 0 prepends",
			doc: `{"a":[1,2]}`, patch: `[{"op":"add","path":"/a/0","value":0}]`, want: `{"a":[0,1,2]}`},
		{name: "add past the array's length",
			doc: `{"a":[1,2]}`, patch: `[{"op":"add","path":"/a/3","value":3}]`,
			err: inv(`json patch operation 0 (add "/a/3")`, "out of range", "length 2")},
		{name: "replace past the end",
			doc: `{"a":[1,2]}`, patch: `[{"op":"replace","path":"/a/2","value":3}]`, err: inv("out of range")},
		{name: "remove past the end",
			doc: `{"a":[1,2]}`, patch: `[{"op":"remove","path":"/a/2"}]`, err: inv("out of range")},
		{name: "- only adds",
			doc: `{"a":[1,2]}`, patch: `[{"op":"remove","path":"/a/-"}]`, err: inv(`"-"`)},
		{name: "leading zero is not an index",
			doc: `{"a":[1,2]}`, patch: `[{"op":"replace","path":"/a/01","value":0}]`, err: inv(`"01" is not an array index`)},
		{name: "negative index is not an index",
			doc: `{"a":[1,2]}`, patch: `[{"op":"remove","path":"/a/-1"}]`, err: inv(`"-1" is not an array index`)},
		{name: "huge index",
			doc: `{"a":[1,2]}`, patch: `[{"op":"add","path":"/a/99999999999999999999999","value":0}]`, err: inv("out of range")},
		{name: "index into an object member named by digits",
			doc: `{"a":{"0":"x"}}`, patch: `[{"op":"replace","path":"/a/0","value":"y"}]`, want: `{"a":{"0":"y"}}`},
		{name: "reach into a string",
			doc: `{"a":"s"}`, patch: `[{"op":"add","path":"/a/b","value":1}]`, err: inv("cannot reach into a string")},
		{name: "empty key",
			doc: `{"":1}`, patch: `[{"op":"replace","path":"/","value":2}]`, want: `{"":2}`},

		// Whole document.
		{name: "replace the root",
			doc: `{"a":1}`, patch: `[{"op":"replace","path":"","value":{"b":2}}]`, want: `{"b":2}`},
		{name: "add at the root",
			doc: `{"a":1}`, patch: `[{"op":"add","path":"","value":[1]}]`, want: `[1]`},
		{name: "remove the root",
			doc: `{"a":1}`, patch: `[{"op":"remove","path":""}]`, err: inv("whole document")},
		{name: "test the root",
			doc: `{"a":[1,{"b":true}]}`, patch: `[{"op":"test","path":"","value":{"a":[1.0,{"b":true}]}}]`,
			want: `{"a":[1,{"b":true}]}`},

		// remove and replace need the target.
		{name: "remove a missing member",
			doc: `{"a":1}`, patch: `[{"op":"remove","path":"/b"}]`, err: inv(`json patch operation 0 (remove "/b")`, `no member "b"`)},
		{name: "replace a missing member",
			doc: `{"a":1}`, patch: `[{"op":"replace","path":"/b","value":1}]`, err: inv(`no member "b"`)},
		{name: "replace with null",
			doc: `{"a":1}`, patch: `[{"op":"replace","path":"/a","value":null}]`, want: `{"a":null}`},

		// move and copy.
		{name: "move to the same path",
			doc: `{"a":1}`, patch: `[{"op":"move","from":"/a","path":"/a"}]`, want: `{"a":1}`},
		{name: "move into its own child",
			doc: `{"a":{"b":1}}`, patch: `[{"op":"move","from":"/a","path":"/a/b/c"}]`, err: inv("into itself")},
		{name: "move a missing value",
			doc: `{"a":1}`, patch: `[{"op":"move","from":"/x","path":"/y"}]`, err: inv(`no member "x"`)},
		{name: "move between arrays",
			doc: `{"a":[1,2],"b":[]}`, patch: `[{"op":"move","from":"/a/0","path":"/b/-"}]`, want: `{"a":[2],"b":[1]}`},
		{name: "copy is deep",
			doc:   `{"a":{"b":[1]}}`,
			patch: `[{"op":"copy","from":"/a","path":"/c"},{"op":"add","path":"/c/b/-","value":2}]`,
			want:  `{"a":{"b":[1]},"c":{"b":[1,2]}}`},
		{name: "copy into an array",
			doc: `{"a":[1,2]}`, patch: `[{"op":"copy","from":"/a/1","path":"/a/0"}]`, want: `{"a":[2,1,2]}`},

		// test.
		{name: "numbers compare by value",
			doc:   `{"a":1,"b":[100,0.5,-0]}`,
			patch: `[{"op":"test","path":"/a","value":1.0},{"op":"test","path":"/b","value":[1e2,5E-1,0]}]`,
			want:  `{"a":1,"b":[100,0.5,-0]}`},
		{name: "objects compare regardless of member order",
			doc:   `{"a":{"x":1,"y":[true,null]}}`,
			patch: `[{"op":"test","path":"/a","value":{"y":[true,null],"x":1}}]`,
			want:  `{"a":{"x":1,"y":[true,null]}}`},
		{name: "objects with an extra member differ",
			doc: `{"a":{"x":1}}`, patch: `[{"op":"test","path":"/a","value":{"x":1,"y":2}}]`, err: inv("test failed")},
		{name: "arrays of different length differ",
			doc: `{"a":[1]}`, patch: `[{"op":"test","path":"/a","value":[1,1]}]`, err: inv("test failed")},
		{name: "a missing member tests equal to null (Kubernetes)",
			doc: `{"metadata":{}}`, patch: `[{"op":"test","path":"/metadata/annotations","value":null}]`, want: `{"metadata":{}}`},
		{name: "a missing member differs from a value",
			doc: `{"a":{}}`, patch: `[{"op":"test","path":"/a/b","value":1}]`, err: inv("test failed", `no member "b"`)},
		{name: "test under a missing member",
			doc: `{"a":{}}`, patch: `[{"op":"test","path":"/a/b/c","value":null}]`, err: inv(`no member "b"`)},
		{name: "a failed test undoes nothing because nothing is applied",
			doc:   `{"a":1}`,
			patch: `[{"op":"replace","path":"/a","value":2},{"op":"test","path":"/a","value":1}]`,
			err:   inv(`json patch operation 1 (test "/a")`, "test failed: the value is 2, want 1")},

		// kubectl.
		{name: "kubectl rollout undo (Deployment)",
			doc: `{"apiVersion":"apps/v1","kind":"Deployment",
				"metadata":{"name":"web","annotations":{"deployment.kubernetes.io/revision":"3","kubectl.kubernetes.io/last-applied-configuration":"{}"}},
				"spec":{"replicas":2,"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"app","image":"nginx:1.27"}]}}}}`,
			patch: `[{"op":"replace","path":"/spec/template","value":{"metadata":{"creationTimestamp":null,"labels":{"app":"web"}},"spec":{"containers":[{"name":"app","image":"nginx:1.25","resources":{}}]}}},
				{"op":"replace","path":"/metadata/annotations","value":{"deployment.kubernetes.io/revision":"3","kubectl.kubernetes.io/last-applied-configuration":"{}"}}]`,
			want: `{"apiVersion":"apps/v1","kind":"Deployment",
				"metadata":{"name":"web","annotations":{"deployment.kubernetes.io/revision":"3","kubectl.kubernetes.io/last-applied-configuration":"{}"}},
				"spec":{"replicas":2,"template":{"metadata":{"creationTimestamp":null,"labels":{"app":"web"}},"spec":{"containers":[{"name":"app","image":"nginx:1.25","resources":{}}]}}}}`},
		{name: "kubectl patch --type json: add a toleration and a label",
			doc: `{"metadata":{"labels":{"app":"web"}},"spec":{"tolerations":[{"key":"a","operator":"Exists"}]}}`,
			patch: `[{"op":"add","path":"/spec/tolerations/-","value":{"key":"b","operator":"Exists"}},
				{"op":"add","path":"/metadata/labels/tier","value":"fe"}]`,
			want: `{"metadata":{"labels":{"app":"web","tier":"fe"}},"spec":{"tolerations":[{"key":"a","operator":"Exists"},{"key":"b","operator":"Exists"}]}}`},
		{name: "big numbers keep their digits",
			doc: `{"a":12345678901234567890123}`, patch: `[{"op":"copy","from":"/a","path":"/b"}]`,
			want: `{"a":12345678901234567890123,"b":12345678901234567890123}`},

		// Malformed patches.
		{name: "not JSON", doc: `{}`, patch: `[{"op":`, err: bad("not valid JSON")},
		{name: "not an array", doc: `{}`, patch: `{"op":"add","path":"/a","value":1}`, err: bad("must be a JSON array", "object")},
		{name: "empty", doc: `{}`, patch: ``, err: bad("empty")},
		{name: "trailing data", doc: `{}`, patch: `[] []`, err: bad("after the top-level")},
		{name: "operation not an object", doc: `{}`, patch: `[1]`, err: bad("operation 0 must be an object")},
		{name: "no op", doc: `{}`, patch: `[{"path":"/a"}]`, err: bad(`json patch operation 0`, `missing member "op"`)},
		{name: "unknown op", doc: `{}`, patch: `[{"op":"set","path":"/a"}]`, err: bad(`unknown op "set"`)},
		{name: "no path", doc: `{}`, patch: `[{"op":"remove"}]`, err: bad(`missing member "path"`)},
		{name: "path not a string", doc: `{}`, patch: `[{"op":"remove","path":1}]`, err: bad(`"path" must be a string`)},
		{name: "no value", doc: `{}`, patch: `[{"op":"add","path":"/a"}]`, err: bad(`json patch operation 0 (add "/a")`, `missing member "value"`)},
		{name: "no from", doc: `{}`, patch: `[{"op":"copy","path":"/a"}]`, err: bad(`missing member "from"`)},
		{name: "pointer without a slash", doc: `{"a":1}`, patch: `[{"op":"remove","path":"a"}]`, err: bad(`invalid JSON pointer "a"`)},
		{name: "bad escape", doc: `{"a":1}`, patch: `[{"op":"remove","path":"/~2"}]`, err: bad(`invalid JSON pointer "/~2"`)},
		{name: "later malformed op fails before anything applies", doc: `{"a":1}`,
			patch: `[{"op":"remove","path":"/zzz"},{"op":"nope","path":"/a"}]`, err: bad("json patch operation 1", `unknown op "nope"`)},

		// Limits.
		{name: "copies may not blow up the document",
			doc:   `{"a":"` + strings.Repeat("x", 1<<20) + `"}`,
			patch: `[{"op":"copy","from":"/a","path":"/b"},{"op":"copy","from":"/a","path":"/c"},{"op":"copy","from":"/a","path":"/d"}]`,
			err:   inv(`json patch operation 2 (copy "/d")`, "limit")},
		{name: "the original is not JSON", doc: `{`, patch: `[]`, err: &wantErr{apierrors.ErrInternal, []string{"original"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := JSONPatch([]byte(tt.doc), []byte(tt.patch))
			if checkError(t, tt.err, err) {
				assertJSONEqual(t, tt.want, string(got))
			}
		})
	}
}

func TestJSONPatchLimits(t *testing.T) {
	t.Run("too many operations", func(t *testing.T) {
		ops := make([]string, MaxJSONPatchOperations+1)
		for i := range ops {
			ops[i] = `{"op":"test","path":"/a","value":1}`
		}
		_, err := JSONPatch([]byte(`{"a":1}`), []byte("["+strings.Join(ops, ",")+"]"))
		checkError(t, &wantErr{apierrors.ErrRequestTooLarge, []string{fmt.Sprint(MaxJSONPatchOperations)}}, err)
	})
	t.Run("the most operations", func(t *testing.T) {
		ops := make([]string, MaxJSONPatchOperations)
		for i := range ops {
			ops[i] = `{"op":"add","path":"/a/-","value":1}`
		}
		got, err := JSONPatch([]byte(`{"a":[]}`), []byte("["+strings.Join(ops, ",")+"]"))
		checkError(t, nil, err)
		if n := strings.Count(string(got), "1"); n != MaxJSONPatchOperations {
			t.Errorf("got %d elements, want %d", n, MaxJSONPatchOperations)
		}
	})
	t.Run("deep patch", func(t *testing.T) {
		deep := strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1)
		_, err := JSONPatch([]byte(`{}`), []byte(`[{"op":"add","path":"/a","value":`+deep+`}]`))
		checkError(t, &wantErr{apierrors.ErrBadRequest, []string{"deeper than 10000"}}, err)
	})
	t.Run("deep result", func(t *testing.T) {
		half := MaxDepth/2 + 1
		v := strings.Repeat(`{"a":`, half) + "1" + strings.Repeat("}", half)
		path := strings.Repeat("/a", half)
		_, err := JSONPatch([]byte(v), []byte(`[{"op":"replace","path":"`+path+`","value":`+v+`}]`))
		checkError(t, &wantErr{apierrors.ErrInvalid, []string{"deeper than 10000"}}, err)
	})
	t.Run("the original is not modified", func(t *testing.T) {
		doc := []byte(`{"a":[1,2]}`)
		p := []byte(`[{"op":"remove","path":"/a/0"}]`)
		if _, err := JSONPatch(doc, p); err != nil {
			t.Fatal(err)
		}
		if string(doc) != `{"a":[1,2]}` || string(p) != `[{"op":"remove","path":"/a/0"}]` {
			t.Errorf("inputs modified: %s %s", doc, p)
		}
	})
}
