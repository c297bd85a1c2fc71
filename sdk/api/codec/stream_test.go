package codec_test

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/sdk/api/codec"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

func readAll(t *testing.T, r io.Reader) []string {
	t.Helper()
	yr := codec.NewYAMLReader(r)
	var docs []string
	for {
		doc, err := yr.Read()
		if err == io.EOF {
			return docs
		}
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, string(doc))
	}
}

func TestYAMLReader(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{name: "empty stream", in: "", want: nil},
		{name: "one document", in: "a: 1\nb: 2\n", want: []string{"a: 1\nb: 2\n"}},
		{name: "no final newline", in: "a: 1", want: []string{"a: 1"}},
		{name: "two documents", in: "a: 1\n---\nb: 2\n", want: []string{"a: 1\n", "b: 2\n"}},
		{name: "leading separator", in: "---\na: 1\n", want: []string{"a: 1\n"}},
		{name: "trailing separator", in: "a: 1\n---\n", want: []string{"a: 1\n"}},
		{name: "separator with trailing comment", in: "a: 1\n--- # next one\nb: 2\n", want: []string{"a: 1\n", "b: 2\n"}},
		{name: "separator with trailing space", in: "a: 1\n---   \nb: 2\n", want: []string{"a: 1\n", "b: 2\n"}},
		{name: "content after separator", in: "--- {a: 1}\n--- text\n", want: []string{"{a: 1}\n", "text\n"}},
		{name: "empty documents skipped", in: "---\n---\n\n---\na: 1\n---\n---\n", want: []string{"a: 1\n"}},
		{name: "comment-only documents skipped", in: "# header\n---\na: 1\n---\n# nothing here\n  # really\n", want: []string{"a: 1\n"}},
		{name: "comments stay with their document", in: "# about a\na: 1\n", want: []string{"# about a\na: 1\n"}},
		{name: "dashes that are not separators", in: "a: |\n  ----\n----\n---x\n", want: []string{"a: |\n  ----\n----\n---x\n"}},
		{name: "indented separator is content", in: "a: |\n  ---\n  b\n", want: []string{"a: |\n  ---\n  b\n"}},
		{name: "document end marker", in: "a: 1\n...\n---\nb: 2\n...\n", want: []string{"a: 1\n", "b: 2\n"}},
		{name: "CRLF", in: "a: 1\r\n---\r\nb: 2\r\n", want: []string{"a: 1\r\n", "b: 2\r\n"}},
		{name: "directives go with the next document", in: "a: 1\n---\n%YAML 1.1\n---\nb: 2\n", want: []string{"a: 1\n", "%YAML 1.1\nb: 2\n"}},
		{name: "JSON passes through", in: "{\"a\": 1}\n---\n{\"b\":\n 2}\n", want: []string{"{\"a\": 1}\n", "{\"b\":\n 2}\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, readAll(t, strings.NewReader(tt.in))); diff != "" {
				t.Errorf("documents (-want +got):\n%s", diff)
			}
			// The same with a reader returning one byte at a time.
			if diff := cmp.Diff(tt.want, readAll(t, iotest.OneByteReader(strings.NewReader(tt.in)))); diff != "" {
				t.Errorf("documents, one byte at a time (-want +got):\n%s", diff)
			}
		})
	}
}

func TestYAMLReaderError(t *testing.T) {
	yr := codec.NewYAMLReader(iotest.ErrReader(io.ErrUnexpectedEOF))
	if _, err := yr.Read(); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("Read = %v, want the reader's error", err)
	}
}

func TestDecodeAll(t *testing.T) {
	a, b, c := widget("a"), widget("b"), widget("c")
	tests := []struct {
		name         string
		in           string
		opts         codec.DecodeOptions
		want         []*Widget
		wantWarnings []string
		wantErr      string
		wantReason   error
	}{
		{
			name: "multi-document YAML",
			in: `# widgets
---
apiVersion: example.gantry.dev/v1
kind: Widget
metadata: {name: a}
--- # the second one
apiVersion: example.gantry.dev/v1
kind: Widget
metadata:
  name: b
---
`,
			want: []*Widget{a, b},
		},
		{
			name: "JSON stream",
			in: `{"apiVersion":"example.gantry.dev/v1","kind":"Widget","metadata":{"name":"a"}}
{"apiVersion":"example.gantry.dev/v1","kind":"Widget","metadata":{"name":"b"}}`,
			want: []*Widget{a, b},
		},
		{
			name: "JSON and YAML documents mixed",
			in:   "{\"apiVersion\":\"example.gantry.dev/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"a\"}}\n---\napiVersion: example.gantry.dev/v1\nkind: Widget\nmetadata: {name: b}\n",
			want: []*Widget{a, b},
		},
		{
			name: "kind List is expanded",
			in: `apiVersion: v1
kind: List
items:
- apiVersion: example.gantry.dev/v1
  kind: Widget
  metadata: {name: a}
- apiVersion: example.gantry.dev/v1
  kind: Widget
  metadata: {name: b}
---
apiVersion: example.gantry.dev/v1
kind: Widget
metadata: {name: c}
`,
			want: []*Widget{a, b, c},
		},
		{
			name: "typed list is expanded; items inherit kind and apiVersion",
			in:   `{"apiVersion":"example.gantry.dev/v1","kind":"WidgetList","metadata":{"resourceVersion":"7"},"items":[{"metadata":{"name":"a"}},{"kind":"Widget","metadata":{"name":"b"}},{ }]}`,
			want: []*Widget{a, b, widget("")},
		},
		{
			name: "empty List",
			in:   "apiVersion: v1\nkind: List\nitems: []\n",
			want: nil,
		},
		{
			name:       "error names the document",
			in:         "apiVersion: example.gantry.dev/v1\nkind: Widget\n---\napiVersion: example.gantry.dev/v1\nkind: Widget\nspec: {replicaz: 1}\n",
			wantErr:    `document 2: Widget in version "example.gantry.dev/v1" cannot be handled as a Widget: strict decoding error: unknown field "spec.replicaz"`,
			wantReason: codec.ErrStrict,
		},
		{
			name:       "error names the list item",
			in:         "apiVersion: v1\nkind: List\nitems:\n- apiVersion: example.gantry.dev/v1\n  kind: Widget\n- apiVersion: example.gantry.dev/v1\n  kind: Gizmo\n",
			wantErr:    `item 2: no kind "Gizmo" is registered for version "example.gantry.dev/v1"`,
			wantReason: codec.ErrUnknownKind,
		},
		{
			name:       "List items must be a list",
			in:         "apiVersion: v1\nkind: List\nitems: {a: 1}\n",
			wantErr:    `List in version "v1" cannot be handled as a list`,
			wantReason: codec.ErrMalformed,
		},
		{
			name:       "duplicate key in a List",
			in:         "apiVersion: v1\nkind: List\nitems: []\nitems: []\n",
			wantErr:    `duplicate field "items"`,
			wantReason: codec.ErrStrict,
		},
		{
			name:       "broken JSON stream",
			in:         `{"apiVersion":"example.gantry.dev/v1","kind":"Widget"} {"apiVersion":`,
			wantErr:    `invalid JSON`,
			wantReason: codec.ErrMalformed,
		},
		{
			name:         "warnings name their document",
			in:           "apiVersion: example.gantry.dev/v1\nkind: Widget\nmetadata: {name: a}\n---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: example.gantry.dev/v1\n  kind: Widget\n  metadata: {name: b}\n  extra: 1\n",
			opts:         codec.DecodeOptions{FieldValidation: codec.Warn},
			want:         []*Widget{a, b},
			wantWarnings: []string{`document 2: item 1: unknown field "extra"`},
		},
	}
	r := newRegistry(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, warnings, err := codec.DecodeAllWithOptions(r, []byte(tt.in), tt.opts)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
				}
				if !errors.Is(err, tt.wantReason) || !apierrors.IsBadRequest(err) {
					t.Errorf("error %v: want %v and BadRequest", err, tt.wantReason)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var want []meta.Object
			for _, w := range tt.want {
				want = append(want, w)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("DecodeAll (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantWarnings, warnings); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
		})
	}
}

func TestExpandList(t *testing.T) {
	r := newRegistry(t)
	tests := []struct {
		name   string
		in     string
		want   []string
		wantOK bool
	}{
		{name: "not a list", in: `{"apiVersion":"example.gantry.dev/v1","kind":"Widget"}`},
		{name: "list kind of an unknown kind", in: `{"apiVersion":"v1","kind":"PodList","items":[{}]}`},
		{name: "List", in: `{"apiVersion":"v1","kind":"List","items":[{"a":1},{}]}`, want: []string{`{"a":1}`, `{}`}, wantOK: true},
		{
			name:   "typed list",
			in:     `{"apiVersion":"example.gantry.dev/v1","kind":"WidgetList","items":[{"a":1},{},{"kind":"Widget"}]}`,
			want:   []string{`{"kind":"Widget","apiVersion":"example.gantry.dev/v1","a":1}`, `{"kind":"Widget","apiVersion":"example.gantry.dev/v1"}`, `{"apiVersion":"example.gantry.dev/v1","kind":"Widget"}`},
			wantOK: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, ok, err := codec.ExpandList(r, []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, it := range items {
				got = append(got, string(it))
			}
			if ok != tt.wantOK {
				t.Errorf("ok = %v, want %v", ok, tt.wantOK)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
		})
	}
}
