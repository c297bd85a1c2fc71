package patch

import (
	"testing"

	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
)

func TestMergePatch(t *testing.T) {
	tests := []struct {
		name  string
		doc   string
		patch string
		want  string
		err   *wantErr
	}{
		// RFC 7386 appendix A.
		{name: "A replace a member", doc: `{"a":"b"}`, patch: `{"a":"c"}`, want: `{"a":"c"}`},
		{name: "A add a member", doc: `{"a":"b"}`, patch: `{"b":"c"}`, want: `{"a":"b","b":"c"}`},
		{name: "A delete a member", doc: `{"a":"b"}`, patch: `{"a":null}`, want: `{}`},
		{name: "A delete one of two", doc: `{"a":"b","b":"c"}`, patch: `{"a":null}`, want: `{"b":"c"}`},
		{name: "A array to string", doc: `{"a":["b"]}`, patch: `{"a":"c"}`, want: `{"a":"c"}`},
		{name: "A string to array", doc: `{"a":"c"}`, patch: `{"a":["b"]}`, want: `{"a":["b"]}`},
		{name: "A nested merge", doc: `{"a":{"b":"c"}}`, patch: `{"a":{"b":"d","c":null}}`, want: `{"a":{"b":"d"}}`},
		{name: "A arrays are replaced", doc: `{"a":[{"b":"c"}]}`, patch: `{"a":[1]}`, want: `{"a":[1]}`},
		{name: "A array document", doc: `["a","b"]`, patch: `["c","d"]`, want: `["c","d"]`},
		{name: "A array patch", doc: `{"a":"b"}`, patch: `["c"]`, want: `["c"]`},
		{name: "A null patch", doc: `{"a":"foo"}`, patch: `null`, want: `null`},
		{name: "A string patch", doc: `{"a":"foo"}`, patch: `"bar"`, want: `"bar"`},
		{name: "A null in the document stays", doc: `{"e":null}`, patch: `{"a":1}`, want: `{"e":null,"a":1}`},
		{name: "A object over an array", doc: `[1,2]`, patch: `{"a":"b","c":null}`, want: `{"a":"b"}`},
		{name: "A nulls in new objects are dropped", doc: `{}`, patch: `{"a":{"bb":{"ccc":null}}}`, want: `{"a":{"bb":{}}}`},

		// kubectl.
		{name: "kubectl label",
			doc:   `{"metadata":{"name":"web","labels":{"app":"web"}},"spec":{"replicas":1}}`,
			patch: `{"metadata":{"labels":{"tier":"frontend"}}}`,
			want:  `{"metadata":{"name":"web","labels":{"app":"web","tier":"frontend"}},"spec":{"replicas":1}}`},
		{name: "kubectl label app-",
			doc:   `{"metadata":{"name":"web","labels":{"app":"web","tier":"fe"}}}`,
			patch: `{"metadata":{"labels":{"app":null}}}`,
			want:  `{"metadata":{"name":"web","labels":{"tier":"fe"}}}`},
		{name: "kubectl label --overwrite with resourceVersion",
			doc:   `{"metadata":{"name":"web","resourceVersion":"41","labels":{"app":"web"}}}`,
			patch: `{"metadata":{"labels":{"app":"api"},"resourceVersion":"41"}}`,
			want:  `{"metadata":{"name":"web","resourceVersion":"41","labels":{"app":"api"}}}`},
		{name: "kubectl annotate on an object without annotations",
			doc:   `{"metadata":{"name":"web"}}`,
			patch: `{"metadata":{"annotations":{"description":"my <web> & api"}}}`,
			want:  `{"metadata":{"name":"web","annotations":{"description":"my <web> & api"}}}`},
		{name: "kubectl scale (scale subresource)",
			doc:   `{"kind":"Scale","apiVersion":"autoscaling/v1","metadata":{"name":"web"},"spec":{"replicas":3},"status":{"replicas":3,"selector":"app=web"}}`,
			patch: `{"spec":{"replicas":5}}`,
			want:  `{"kind":"Scale","apiVersion":"autoscaling/v1","metadata":{"name":"web"},"spec":{"replicas":5},"status":{"replicas":3,"selector":"app=web"}}`},
		{name: "kubectl patch --type merge replaces lists",
			doc:   `{"spec":{"containers":[{"name":"a","image":"x"},{"name":"b"}]}}`,
			patch: `{"spec":{"containers":[{"name":"a","image":"y"}]}}`,
			want:  `{"spec":{"containers":[{"name":"a","image":"y"}]}}`},
		{name: "numbers keep their literal", doc: `{"a":1.50,"b":1e400}`, patch: `{"c":0.1}`, want: `{"a":1.50,"b":1e400,"c":0.1}`},

		{name: "not JSON", doc: `{}`, patch: `{"a":`, err: &wantErr{apierrors.ErrBadRequest, []string{"merge patch is not valid JSON"}}},
		{name: "original not JSON", doc: `{"a"}`, patch: `{}`, err: &wantErr{apierrors.ErrInternal, []string{"original document"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := MergePatch([]byte(tt.doc), []byte(tt.patch))
			if checkError(t, tt.err, err) {
				assertJSONEqual(t, tt.want, string(got))
			}
		})
	}
}
