package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runGantry runs the root command in process.
func runGantry(t *testing.T, args ...string) (string, error) {
	t.Helper()
	cmd := newRootCommand()
	var out, errs bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&errs)
	cmd.SetArgs(args)
	err := cmd.Execute()
	return out.String(), err
}

func TestImagePackAndInspect(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "echo")
	if err := os.WriteFile(bin, []byte("\x7fELF not really"), 0o755); err != nil {
		t.Fatal(err)
	}
	archive := filepath.Join(dir, "echo.tar")
	if _, err := runGantry(t, "image", "pack", "--name", "gantry.local/echo:1", "--from", bin,
		"--port", "8080", "--env", "GREETING=hi", "--cmd", "--listen,:8080", "-o", archive); err != nil {
		t.Fatalf("image pack: %v", err)
	}
	out, err := runGantry(t, "image", "inspect", archive)
	if err != nil {
		t.Fatalf("image inspect: %v", err)
	}
	for _, want := range []string{"gantry.local/echo:1", "oci format", `entrypoint:  ["/echo"]`, `cmd:         ["--listen",":8080"]`, "ports:       8080/tcp", "GREETING=hi", "digest:      sha256:"} {
		if !strings.Contains(out, want) {
			t.Errorf("inspect output lacks %q:\n%s", want, out)
		}
	}
	out, err = runGantry(t, "image", "inspect", "--json", archive)
	if err != nil {
		t.Fatalf("image inspect --json: %v", err)
	}
	var parsed struct {
		Format string
		Images []struct{ Name, ID, Digest string }
	}
	if err := json.Unmarshal([]byte(out), &parsed); err != nil {
		t.Fatalf("inspect --json output: %v\n%s", err, out)
	}
	if parsed.Format != "oci" || len(parsed.Images) != 1 || parsed.Images[0].Name != "gantry.local/echo:1" {
		t.Errorf("inspect --json = %+v", parsed)
	}

	// Packing again gives the same bytes.
	again := filepath.Join(dir, "again.tar")
	if _, err := runGantry(t, "image", "pack", "--name", "gantry.local/echo:1", "--from", bin,
		"--port", "8080", "--env", "GREETING=hi", "--cmd", "--listen,:8080", "-o", again); err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(archive)
	b, _ := os.ReadFile(again)
	if !bytes.Equal(a, b) {
		t.Error("two packs of the same binary differ")
	}
}

func TestImageCommandErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"pack without output", []string{"image", "pack", "--name", "a:1", "--from", dir}, "-o"},
		{"pack without name", []string{"image", "pack", "--from", dir, "-o", filepath.Join(dir, "x.tar")}, "name"},
		{"inspect a missing file", []string{"image", "inspect", filepath.Join(dir, "nope.tar")}, "no such file"},
		{"import", []string{"image", "import", "x.tar"}, "not supported yet"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := runGantry(t, tc.args...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("gantry %s: %v, want an error containing %q", strings.Join(tc.args, " "), err, tc.want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "x.tar")); !os.IsNotExist(err) {
		t.Error("a failed pack left its output file behind")
	}
}
