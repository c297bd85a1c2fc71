package codec_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/sdk/api/codec"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

const apiVersion = "example.gantry.dev/v1"

func widget(name string, mutate ...func(*Widget)) *Widget {
	w := &Widget{
		TypeMeta:   meta.TypeMeta{APIVersion: apiVersion, Kind: "Widget"},
		ObjectMeta: meta.ObjectMeta{Name: name},
	}
	for _, m := range mutate {
		m(w)
	}
	return w
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name       string
		in         string
		want       *Widget
		wantErr    string // substring of the error message
		wantReason error
	}{
		{
			name: "JSON",
			in:   `{"apiVersion":"example.gantry.dev/v1","kind":"Widget","metadata":{"name":"a"},"spec":{"replicas":3}}`,
			want: widget("a", func(w *Widget) { w.Spec.Replicas = ptr(int32(3)) }),
		},
		{
			name: "YAML",
			in:   "apiVersion: example.gantry.dev/v1\nkind: Widget\nmetadata:\n  name: a\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        image: busybox\n",
			want: widget("a", func(w *Widget) {
				w.Spec.Template.Spec.Containers = []Container{{Name: "c", Image: "busybox"}}
			}),
		},
		{
			name: "JSON with leading white space",
			in:   "\n  {\"apiVersion\":\"example.gantry.dev/v1\",\"kind\":\"Widget\"}",
			want: widget(""),
		},
		{
			name: "int64 beyond float64 precision, JSON",
			in:   `{"apiVersion":"example.gantry.dev/v1","kind":"Widget","spec":{"size":9007199254740993}}`,
			want: widget("", func(w *Widget) { w.Spec.Size = 9007199254740993 }),
		},
		{
			name: "int64 beyond float64 precision, YAML",
			in:   "apiVersion: example.gantry.dev/v1\nkind: Widget\nspec:\n  size: 9223372036854775807\n",
			want: widget("", func(w *Widget) { w.Spec.Size = 9223372036854775807 }),
		},
		{
			name:       "unknown field at depth",
			in:         `{"apiVersion":"example.gantry.dev/v1","kind":"Widget","spec":{"template":{"spec":{"containers":[{"name":"c","imagee":"busybox"}]}}}}`,
			wantErr:    `Widget in version "example.gantry.dev/v1" cannot be handled as a Widget: strict decoding error: unknown field "spec.template.spec.containers[0].imagee"`,
			wantReason: codec.ErrStrict,
		},
		{
			name:       "unknown field at depth, YAML",
			in:         "apiVersion: example.gantry.dev/v1\nkind: Widget\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n      - name: d\n        imagee: busybox\n",
			wantErr:    `unknown field "spec.template.spec.containers[1].imagee"`,
			wantReason: codec.ErrStrict,
		},
		{
			name:       "duplicate field",
			in:         `{"apiVersion":"example.gantry.dev/v1","kind":"Widget","spec":{"size":1,"size":2}}`,
			wantErr:    `strict decoding error: duplicate field "spec.size"`,
			wantReason: codec.ErrStrict,
		},
		{
			name:       "duplicate YAML key",
			in:         "apiVersion: example.gantry.dev/v1\nkind: Widget\nspec:\n  size: 1\n  size: 2\n",
			wantErr:    `strict decoding error: duplicate field "size" (YAML line 5)`,
			wantReason: codec.ErrStrict,
		},
		{
			name:       "all strict errors in one message",
			in:         `{"apiVersion":"example.gantry.dev/v1","kind":"Widget","spec":{"size":1,"size":2,"colour":"red"},"extra":1}`,
			wantErr:    `strict decoding error: duplicate field "spec.size", unknown field "spec.colour", unknown field "extra"`,
			wantReason: codec.ErrStrict,
		},
		{
			name:       "field names are case-sensitive",
			in:         `{"apiVersion":"example.gantry.dev/v1","kind":"Widget","Spec":{"replicas":1}}`,
			wantErr:    `unknown field "Spec"`,
			wantReason: codec.ErrStrict,
		},
		{
			name:       "wrong type names the field",
			in:         `{"apiVersion":"example.gantry.dev/v1","kind":"Widget","spec":{"replicas":"three"}}`,
			wantErr:    `cannot be handled as a Widget: json: cannot unmarshal string into Go struct field WidgetSpec.spec.replicas of type int32`,
			wantReason: codec.ErrMalformed,
		},
		{
			name:       "missing kind",
			in:         `{"apiVersion":"example.gantry.dev/v1","metadata":{"name":"a"}}`,
			wantErr:    `Object 'Kind' is missing in '{"apiVersion":"example.gantry.dev/v1","metadata":{"name":"a"}}'`,
			wantReason: codec.ErrMissingKind,
		},
		{
			name:       "kind is case-sensitive",
			in:         `{"apiVersion":"example.gantry.dev/v1","Kind":"Widget"}`,
			wantErr:    `Object 'Kind' is missing in`,
			wantReason: codec.ErrMissingKind,
		},
		{
			name:       "missing apiVersion, YAML, long document excerpted",
			in:         "kind: Widget\nmetadata:\n  name: a-very-long-name-that-goes-on-and-on-and-on-and-on-and-on-and-on-and-on\n",
			wantErr:    `Object 'apiVersion' is missing in 'kind: Widget metadata:   name: a-very-long-name-that-goes-on-and-on-and-on-and-o...'`,
			wantReason: codec.ErrMissingKind,
		},
		{
			name:       "unknown kind",
			in:         `{"apiVersion":"apps/v1","kind":"Foo"}`,
			wantErr:    `no kind "Foo" is registered for version "apps/v1"`,
			wantReason: codec.ErrUnknownKind,
		},
		{
			name:       "known kind in an unknown version",
			in:         `{"apiVersion":"example.gantry.dev/v2","kind":"Widget"}`,
			wantErr:    `no kind "Widget" is registered for version "example.gantry.dev/v2"`,
			wantReason: codec.ErrUnknownKind,
		},
		{
			name:       "list kind",
			in:         `{"apiVersion":"example.gantry.dev/v1","kind":"WidgetList","items":[]}`,
			wantErr:    `"WidgetList" is the list kind of "Widget": decode it with DecodeAll`,
			wantReason: codec.ErrUnknownKind,
		},
		{
			name:       "JSON syntax error has line and column",
			in:         "{\"apiVersion\":\"example.gantry.dev/v1\",\n\"kind\":\"Widget\",}",
			wantErr:    `invalid JSON at line 2, column 17`,
			wantReason: codec.ErrMalformed,
		},
		{
			name:       "YAML syntax error",
			in:         "kind: [",
			wantErr:    `error converting YAML to JSON: yaml: line 1`,
			wantReason: codec.ErrMalformed,
		},
		{
			name:       "not an object",
			in:         "- a\n- b\n",
			wantErr:    `expected a JSON or YAML object, got '["a","b"]'`,
			wantReason: codec.ErrMalformed,
		},
		{
			name:       "empty",
			in:         "",
			wantErr:    `expected a JSON or YAML object`,
			wantReason: codec.ErrMalformed,
		},
	}
	r := newRegistry(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := codec.Decode(r, []byte(tt.in))
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("Decode succeeded with %+v, want error %q", got, tt.wantErr)
				}
				if !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("error:\n%v\nwant it to contain:\n%v", err, tt.wantErr)
				}
				if !errors.Is(err, tt.wantReason) {
					t.Errorf("errors.Is(err, %v) = false for %v", tt.wantReason, err)
				}
				if !apierrors.IsBadRequest(err) {
					t.Errorf("error is not of class BadRequest: %v", err)
				}
				if st := apierrors.ToStatus(err); st.Code != http.StatusBadRequest || st.Reason != meta.StatusReasonBadRequest || st.Message != err.Error() {
					t.Errorf("ToStatus = %+v, want a 400 BadRequest with the message", st)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(meta.Object(tt.want), got); diff != "" {
				t.Errorf("Decode (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecodeFieldValidation(t *testing.T) {
	const in = "apiVersion: example.gantry.dev/v1\nkind: Widget\nmetadata:\n  name: a\nspec:\n  size: 1\n  size: 2\n  colour: red\n"
	want := widget("a", func(w *Widget) { w.Spec.Size = 2 })
	tests := []struct {
		name         string
		fv           codec.FieldValidation
		wantWarnings []string
		wantErr      bool
	}{
		{name: "Strict", fv: codec.Strict, wantErr: true},
		{name: "Warn", fv: codec.Warn, wantWarnings: []string{`duplicate field "size" (YAML line 7)`, `unknown field "spec.colour"`}},
		{name: "Ignore", fv: codec.Ignore},
	}
	r := newRegistry(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, warnings, err := codec.DecodeWithOptions(r, []byte(in), codec.DecodeOptions{FieldValidation: tt.fv})
			if tt.wantErr {
				var e *codec.Error
				if !errors.As(err, &e) {
					t.Fatalf("error %v is not a *codec.Error", err)
				}
				wantFields := []string{`duplicate field "size" (YAML line 7)`, `unknown field "spec.colour"`}
				if diff := cmp.Diff(wantFields, e.Fields); diff != "" {
					t.Errorf("Fields (-want +got):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.wantWarnings, warnings); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(meta.Object(want), got); diff != "" {
				t.Errorf("object (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseFieldValidation(t *testing.T) {
	tests := []struct {
		in      string
		want    codec.FieldValidation
		wantErr bool
	}{
		{"", codec.Warn, false},
		{"Strict", codec.Strict, false},
		{"Warn", codec.Warn, false},
		{"Ignore", codec.Ignore, false},
		{"strict", codec.Warn, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := codec.ParseFieldValidation(tt.in, codec.Warn)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("ParseFieldValidation(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
			}
			if err != nil && !apierrors.IsBadRequest(err) {
				t.Errorf("error %v is not a BadRequest", err)
			}
		})
	}
}

func TestDecodeInto(t *testing.T) {
	type config struct {
		Name  string         `json:"name"`
		Limit int64          `json:"limit"`
		Extra map[string]any `json:"extra,omitempty"`
	}
	tests := []struct {
		name         string
		in           string
		strict       bool
		want         config
		wantWarnings []string
		wantErr      string
	}{
		{
			name: "YAML, integers in interface values stay int64",
			in:   "name: a\nlimit: 9007199254740993\nextra:\n  num: 9007199254740993\n  f: 1.5\n",
			want: config{Name: "a", Limit: 9007199254740993, Extra: map[string]any{"num": int64(9007199254740993), "f": 1.5}},
		},
		{
			name: "JSON, integers in interface values stay int64",
			in:   `{"name":"a","extra":{"n":9007199254740993}}`,
			want: config{Name: "a", Extra: map[string]any{"n": int64(9007199254740993)}},
		},
		{
			name:    "strict: unknown field",
			in:      "name: a\nlimitt: 1\n",
			strict:  true,
			wantErr: `strict decoding error: unknown field "limitt"`,
		},
		{
			name:         "not strict: unknown field is a warning",
			in:           "name: a\nName: b\n",
			want:         config{Name: "a"},
			wantWarnings: []string{`unknown field "Name"`},
		},
		{
			name:    "wrong type",
			in:      `{"limit":"ten"}`,
			wantErr: `json: cannot unmarshal string into Go struct field config.limit of type int64`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got config
			warnings, err := codec.DecodeInto([]byte(tt.in), &got, tt.strict)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
				}
				if !apierrors.IsBadRequest(err) {
					t.Errorf("error %v is not a BadRequest", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("DecodeInto (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantWarnings, warnings); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
		})
	}
}

func TestYAMLToJSON(t *testing.T) {
	tests := []struct {
		name       string
		in         string
		want       string
		wantReason error
	}{
		{name: "YAML", in: "a: 1\nb: [x, z]\n", want: `{"a":1,"b":["x","z"]}`},
		{name: "YAML 1.1 booleans, as in Kubernetes", in: "on: yes\n", want: `{"true":true}`},
		{name: "JSON unchanged", in: ` {"b": 1, "a": 2}`, want: ` {"b": 1, "a": 2}`},
		{name: "duplicate key", in: "a: 1\na: 2\n", wantReason: codec.ErrStrict},
		{name: "malformed", in: "a: [\n", wantReason: codec.ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := codec.YAMLToJSON([]byte(tt.in))
			if tt.wantReason != nil {
				if !errors.Is(err, tt.wantReason) || !apierrors.IsBadRequest(err) {
					t.Errorf("error = %v, want %v and BadRequest", err, tt.wantReason)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, string(got)); diff != "" {
				t.Errorf("YAMLToJSON (-want +got):\n%s", diff)
			}
		})
	}
}
