package codec_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/gantryhq/gantry/sdk/api/codec"
)

var fuzzSeeds = []string{
	`{"apiVersion":"example.gantry.dev/v1","kind":"Widget","metadata":{"name":"a","labels":{"x":"y"}},"spec":{"replicas":3,"size":9007199254740993}}`,
	"apiVersion: example.gantry.dev/v1\nkind: Widget\nmetadata:\n  name: a\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        image: busybox\n",
	"apiVersion: v1\nkind: List\nitems:\n- apiVersion: example.gantry.dev/v1\n  kind: Widget\n",
	`{"apiVersion":"example.gantry.dev/v1","kind":"WidgetList","items":[{"metadata":{"name":"a"}}]}`,
	"---\n--- # c\na: 1\n...\n%YAML 1.1\n---\n{b: 2}\n",
	`{"apiVersion":"example.gantry.dev/v1","kind":"Widget","spec":{"size":1,"size":2,"Spec":1}}`,
	"a: &a [*a]\n",
	"",
}

// FuzzDecode feeds random bytes to the decoders: they must never panic, and
// whatever Decode accepts must encode and decode again.
func FuzzDecode(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	r := newRegistry(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, fv := range []codec.FieldValidation{codec.Strict, codec.Warn, codec.Ignore} {
			opts := codec.DecodeOptions{FieldValidation: fv}
			obj, _, err := codec.DecodeWithOptions(r, data, opts)
			if err == nil && fv == codec.Strict {
				js, err := codec.EncodeJSON(r, obj)
				if err != nil {
					t.Fatalf("EncodeJSON of a decoded object: %v", err)
				}
				if _, err := codec.Decode(r, js); err != nil {
					t.Fatalf("Decode(EncodeJSON(Decode(data))): %v\nencoded: %s", err, js)
				}
			}
			_, _, _ = codec.DecodeAllWithOptions(r, data, opts)
		}
		var v map[string]any
		_, _ = codec.DecodeInto(data, &v, true)
		_, _ = codec.YAMLToJSON(data)
	})
}

// FuzzYAMLReader checks that the reader never panics, never returns an
// empty document, and never leaves a separator line inside a document.
func FuzzYAMLReader(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		yr := codec.NewYAMLReader(bytes.NewReader(data))
		total := 0
		for {
			doc, err := yr.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(bytes.TrimSpace(doc)) == 0 {
				t.Fatalf("empty document %q", doc)
			}
			for i, line := range bytes.Split(doc, []byte("\n")) {
				if i == 0 {
					continue // may be the content of a "--- content" line
				}
				if isSep(line) {
					t.Fatalf("separator line %q inside document %q", line, doc)
				}
			}
			total += len(doc)
			if total > len(data) {
				t.Fatalf("documents hold %d bytes, more than the %d of the input", total, len(data))
			}
		}
	})
}

func isSep(line []byte) bool {
	for _, m := range []string{"---", "..."} {
		if bytes.HasPrefix(line, []byte(m)) {
			rest := line[len(m):]
			if len(rest) == 0 || rest[0] == ' ' || rest[0] == '\t' || rest[0] == '\r' {
				return true
			}
		}
	}
	return false
}
