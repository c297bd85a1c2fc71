package main

import (
	"bytes"
	"flag"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the generated golden file under testdata/shapes")

// TestGolden generates the packages under testdata and compares the
// results with the committed files, which the other tests compile and
// exercise. selfuse calls its generated methods from hand-written code.
func TestGolden(t *testing.T) {
	for _, pkg := range []string{"shapes", "selfuse"} {
		t.Run(pkg, func(t *testing.T) {
			results, err := generate(config{Warn: t.Logf}, "./testdata/"+pkg)
			if err != nil {
				t.Fatal(err)
			}
			if len(results) != 1 || results[0].Src == nil {
				t.Fatalf("got %d results, want 1 with source", len(results))
			}
			r := results[0]
			if *update {
				if err := os.WriteFile(r.File, r.Src, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(r.File)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), string(r.Src)); diff != "" {
				t.Errorf("generated code differs from %s; rerun with -update if intended (-want +got):\n%s", r.File, diff)
			}
			if !bytes.HasPrefix(r.Src, []byte(header)) {
				t.Errorf("generated code does not start with %q", header)
			}
		})
	}
}

// TestDeterministic generates twice and expects identical bytes.
func TestDeterministic(t *testing.T) {
	a, err := generate(config{}, "./testdata/shapes")
	if err != nil {
		t.Fatal(err)
	}
	b, err := generate(config{}, "./testdata/shapes")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(a[0].Src), string(b[0].Src)); diff != "" {
		t.Errorf("two runs differ (-first +second):\n%s", diff)
	}
}

// TestMetaUpToDate checks the generated file of sdk/api/meta.
func TestMetaUpToDate(t *testing.T) {
	results, err := generate(config{}, "../../api/meta")
	if err != nil {
		t.Fatal(err)
	}
	stale, err := write(results, true, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	if len(stale) > 0 {
		t.Errorf("stale: %v; run go run ./sdk/internal/deepcopy-gen ./sdk/api/...", stale)
	}
}

// TestGeneratedCodeVets runs go vet on the generated testdata package.
func TestGeneratedCodeVets(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet; skipped in -short mode")
	}
	out, err := exec.Command("go", "vet", "./testdata/shapes", "./testdata/selfuse").CombinedOutput()
	if err != nil {
		t.Fatalf("go vet ./testdata/shapes: %v\n%s", err, out)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name    string
		pattern string
		want    []string // substrings of the error
	}{
		{
			name:    "interface deep in a map of slices",
			pattern: "./testdata/badiface",
			want:    []string{"Inner.Values[key][i]", "type any is an interface", skipMarker},
		},
		{
			name:    "type of another package with references and no DeepCopyInto",
			pattern: "./testdata/badext",
			want:    []string{"Holder.Refs", "ext.Refs holds references and has no DeepCopyInto"},
		},
		{
			name:    "no marked package",
			pattern: "./testdata/ext",
			want:    []string{"carries the marker", packageMarker},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := generate(config{}, tt.pattern)
			if err == nil {
				t.Fatal("got no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

// TestWarnings checks the warning for a list type that cannot implement
// the result type of meta.ListObject.DeepCopyObject, if it applies.
func TestWarnings(t *testing.T) {
	var warnings []string
	results, err := generate(config{Warn: func(f string, a ...any) {
		warnings = append(warnings, f)
	}}, "./testdata/shapes")
	if err != nil {
		t.Fatal(err)
	}
	hasListMethod := bytes.Contains(results[0].Src, []byte("func (in *WidgetList) DeepCopyObject()"))
	if hasListMethod == (len(warnings) > 0) {
		t.Errorf("WidgetList.DeepCopyObject written: %v; warnings: %q; want exactly one of them", hasListMethod, warnings)
	}
	if !bytes.Contains(results[0].Src, []byte("func (in *Widget) DeepCopyObject() meta.Object")) {
		t.Error("Widget.DeepCopyObject not written")
	}
}

func TestVerify(t *testing.T) {
	results, err := generate(config{}, "./testdata/shapes")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, outputFile)
	results[0].File = file

	stale, err := write(results, true, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{file}, stale); diff != "" {
		t.Errorf("missing file: stale (-want +got):\n%s", diff)
	}

	if err := os.WriteFile(file, append(bytes.Clone(results[0].Src), "// edited\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if stale, _ = write(results, true, t.Logf); len(stale) != 1 {
		t.Errorf("edited file: stale = %v, want it listed", stale)
	}

	if _, err := write(results, false, t.Logf); err != nil {
		t.Fatal(err)
	}
	if stale, _ = write(results, true, t.Logf); len(stale) != 0 {
		t.Errorf("after writing: stale = %v, want none", stale)
	}

	var stderr bytes.Buffer
	if code := run([]string{"-verify", "./testdata/shapes"}, &stderr); code != 0 {
		t.Errorf("run -verify ./testdata/shapes = %d, want 0; stderr:\n%s", code, &stderr)
	}
	if code := run([]string{"-verify", "./testdata/badext"}, &stderr); code != 2 {
		t.Errorf("run -verify ./testdata/badext = %d, want 2", code)
	}
}

func TestHasMarker(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want bool
	}{
		{"line comment", "// Package p.\n//\n// +gantry:deepcopy-gen=package\npackage p\n", true},
		{"block comment", "/*\n Package p.\n\n +gantry:deepcopy-gen=package\n*/\npackage p\n", true},
		{"detached comment", "// +gantry:deepcopy-gen=package\n\n// Package p.\npackage p\n", true},
		{"after package clause", "// Package p.\npackage p\n\n// +gantry:deepcopy-gen=package\n", false},
		{"other value", "// +gantry:deepcopy-gen=false\npackage p\n", false},
		{"prefix only", "// +gantry:deepcopy-gen=packages\npackage p\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := filepath.Join(t.TempDir(), "doc.go")
			if err := os.WriteFile(f, []byte(tt.src), 0o644); err != nil {
				t.Fatal(err)
			}
			got, err := hasPackageMarker(token.NewFileSet(), []string{f})
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("hasPackageMarker = %v, want %v", got, tt.want)
			}
		})
	}
}
