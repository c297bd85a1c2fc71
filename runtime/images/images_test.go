package images_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/runtime/images"
)

func writeTree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range map[string]string{
		"bin/app":         "#!/bin/sh\necho hi\n",
		"etc/app/config":  "a=1\n",
		"www/index.html":  "<h1>hi</h1>\n",
		"www/z/last.txt":  "z\n",
		"www/a/first.txt": "a\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(filepath.Join(dir, "bin/app"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("index.html", filepath.Join(dir, "www/default.html")); err != nil {
		t.Fatal(err)
	}
	return dir
}

func pack(t *testing.T, opts images.PackOptions) ([]byte, *images.Image) {
	t.Helper()
	var buf bytes.Buffer
	img, err := images.Pack(opts, &buf)
	if err != nil {
		t.Fatalf("Pack: %v", err)
	}
	return buf.Bytes(), img
}

// layerFiles returns the names and contents of the image's only layer.
func layerFiles(t *testing.T, a *images.Archive, img images.Image) map[string]string {
	t.Helper()
	if len(img.Manifest.Layers) != 1 {
		t.Fatalf("%d layers, want 1", len(img.Manifest.Layers))
	}
	blob, ok := a.Blob(img.Manifest.Layers[0].Digest)
	if !ok {
		t.Fatal("layer blob missing")
	}
	var r io.Reader = bytes.NewReader(blob)
	if img.Manifest.Layers[0].MediaType == images.MediaTypeLayerGzip {
		zr, err := gzip.NewReader(r)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	}
	files := map[string]string{}
	tr := tar.NewReader(r)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(tr)
		switch hdr.Typeflag {
		case tar.TypeSymlink:
			files[hdr.Name] = "-> " + hdr.Linkname
		case tar.TypeDir:
			files[hdr.Name] = "dir"
		default:
			files[hdr.Name] = string(b)
		}
	}
	return files
}

func TestPackFolder(t *testing.T) {
	dir := writeTree(t)
	opts := images.PackOptions{
		Name:         "gantry.local/site:1",
		From:         dir,
		Entrypoint:   []string{"/bin/app"},
		Cmd:          []string{"--serve"},
		Env:          []string{"A=1"},
		ExposedPorts: []string{"8080", "53/udp"},
		WorkingDir:   "/www",
		User:         "1000:1000",
	}
	archive, packed := pack(t, opts)
	a, err := images.Read(bytes.NewReader(archive))
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if a.Format != "oci" || len(a.Images) != 1 {
		t.Fatalf("Read: format %q with %d images, want oci with 1", a.Format, len(a.Images))
	}
	img := a.Images[0]
	if diff := cmp.Diff(*packed, img, cmp.AllowUnexported(images.Image{})); diff != "" {
		t.Errorf("read image differs from packed one (-want +got):\n%s", diff)
	}
	wantCfg := images.Config{
		User:         "1000:1000",
		ExposedPorts: map[string]struct{}{"8080/tcp": {}, "53/udp": {}},
		Env:          []string{"A=1"},
		Entrypoint:   []string{"/bin/app"},
		Cmd:          []string{"--serve"},
		WorkingDir:   "/www",
	}
	if diff := cmp.Diff(wantCfg, img.Config.Config); diff != "" {
		t.Errorf("config (-want +got):\n%s", diff)
	}
	wantFiles := map[string]string{
		"bin/":             "dir",
		"bin/app":          "#!/bin/sh\necho hi\n",
		"etc/":             "dir",
		"etc/app/":         "dir",
		"etc/app/config":   "a=1\n",
		"www/":             "dir",
		"www/a/":           "dir",
		"www/a/first.txt":  "a\n",
		"www/default.html": "-> index.html",
		"www/index.html":   "<h1>hi</h1>\n",
		"www/z/":           "dir",
		"www/z/last.txt":   "z\n",
	}
	if diff := cmp.Diff(wantFiles, layerFiles(t, a, img)); diff != "" {
		t.Errorf("layer (-want +got):\n%s", diff)
	}
	if len(img.Config.RootFS.DiffIDs) != 1 {
		t.Errorf("diff ids %v, want one", img.Config.RootFS.DiffIDs)
	}
	ri := img.RuntimeImage()
	if ri.ID != img.Manifest.Config.Digest || len(ri.RepoTags) != 1 || ri.RepoTags[0] != "gantry.local/site:1" {
		t.Errorf("RuntimeImage = %+v", ri)
	}
	if diff := cmp.Diff([]string{"53/udp", "8080/tcp"}, ri.Config.ExposedPorts); diff != "" {
		t.Errorf("runtime image ports (-want +got):\n%s", diff)
	}

	// The same input gives the same bytes, even after the files' times change.
	again, _ := pack(t, opts)
	if !bytes.Equal(archive, again) {
		t.Error("packing the same folder twice gave different archives")
	}
}

func TestPackBinary(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "echo")
	if err := os.WriteFile(bin, []byte("\x7fELF fake static binary"), 0o700); err != nil {
		t.Fatal(err)
	}
	archive, packed := pack(t, images.PackOptions{Name: "gantry.local/echo:1", From: bin, ExposedPorts: []string{"8080/tcp"}})
	if diff := cmp.Diff([]string{"/echo"}, packed.Config.Config.Entrypoint); diff != "" {
		t.Errorf("default entrypoint (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{images.DefaultPath}, packed.Config.Config.Env); diff != "" {
		t.Errorf("default env (-want +got):\n%s", diff)
	}
	a, err := images.Read(bytes.NewReader(archive))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]string{"echo": "\x7fELF fake static binary"}, layerFiles(t, a, a.Images[0])); diff != "" {
		t.Errorf("layer (-want +got):\n%s", diff)
	}

	_, nested := pack(t, images.PackOptions{Name: "gantry.local/echo:2", From: bin, Path: "/usr/local/bin/echo"})
	if diff := cmp.Diff([]string{"/usr/local/bin/echo"}, nested.Config.Config.Entrypoint); diff != "" {
		t.Errorf("entrypoint with Path (-want +got):\n%s", diff)
	}

	// Same content, same digest; other content, other digest.
	_, same := pack(t, images.PackOptions{Name: "gantry.local/echo:1", From: bin, ExposedPorts: []string{"8080/tcp"}})
	if same.ManifestDigest != packed.ManifestDigest || same.ID() != packed.ID() {
		t.Errorf("digests changed between two packs: %s/%s then %s/%s", packed.ManifestDigest, packed.ID(), same.ManifestDigest, same.ID())
	}
	if err := os.WriteFile(bin, []byte("other"), 0o700); err != nil {
		t.Fatal(err)
	}
	_, other := pack(t, images.PackOptions{Name: "gantry.local/echo:1", From: bin, ExposedPorts: []string{"8080/tcp"}})
	if other.ID() == packed.ID() {
		t.Error("different binaries gave the same image id")
	}
}

func TestPackErrors(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "app")
	if err := os.WriteFile(bin, []byte("x"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		opts images.PackOptions
	}{
		{"no name", images.PackOptions{From: bin}},
		{"no from", images.PackOptions{Name: "a:1"}},
		{"missing from", images.PackOptions{Name: "a:1", From: filepath.Join(t.TempDir(), "nope")}},
		{"bad port", images.PackOptions{Name: "a:1", From: bin, ExposedPorts: []string{"http"}}},
		{"bad protocol", images.PackOptions{Name: "a:1", From: bin, ExposedPorts: []string{"80/icmp"}}},
		{"relative path", images.PackOptions{Name: "a:1", From: bin, Path: "bin/app"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := images.Pack(tc.opts, io.Discard); err == nil {
				t.Error("Pack: no error")
			}
		})
	}
}

// dockerSave builds a `docker save` style archive.
func dockerSave(t *testing.T, files map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, name := range []string{"manifest.json", "cfg.json", "abc/layer.tar", "repositories"} {
		b, ok := files[name]
		if !ok {
			continue
		}
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(b)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadDockerSave(t *testing.T) {
	var layer bytes.Buffer
	tw := tar.NewWriter(&layer)
	_ = tw.WriteHeader(&tar.Header{Name: "bin/sh", Mode: 0o755, Size: 2, Typeflag: tar.TypeReg})
	_, _ = tw.Write([]byte("sh"))
	_ = tw.Close()
	cfg := []byte(`{"architecture":"amd64","os":"linux","config":{"Entrypoint":["/bin/sh"],"Env":["PATH=/bin"]},"rootfs":{"type":"layers","diff_ids":["` + images.Digest(layer.Bytes()) + `"]}}`)
	archive := dockerSave(t, map[string][]byte{
		"manifest.json": []byte(`[{"Config":"cfg.json","RepoTags":["busybox:latest","docker.io/library/busybox:1.36"],"Layers":["abc/layer.tar"]}]`),
		"cfg.json":      cfg,
		"abc/layer.tar": layer.Bytes(),
		"repositories":  []byte(`{}`),
	})
	a, err := images.Read(bytes.NewReader(archive))
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if a.Format != "docker" || len(a.Images) != 2 {
		t.Fatalf("format %q with %d images, want docker with 2", a.Format, len(a.Images))
	}
	for i, name := range []string{"busybox:latest", "docker.io/library/busybox:1.36"} {
		img := a.Images[i]
		if img.Name != name {
			t.Errorf("image %d name %q, want %q", i, img.Name, name)
		}
		if img.ID() != images.Digest(cfg) {
			t.Errorf("image %d id %s, want the config's digest %s", i, img.ID(), images.Digest(cfg))
		}
		if diff := cmp.Diff([]string{"/bin/sh"}, img.Config.Config.Entrypoint); diff != "" {
			t.Errorf("entrypoint (-want +got):\n%s", diff)
		}
		if img.Size != int64(len(cfg)+layer.Len()) {
			t.Errorf("size %d, want %d", img.Size, len(cfg)+layer.Len())
		}
		if diff := cmp.Diff(map[string]string{"bin/sh": "sh"}, layerFiles(t, a, img)); diff != "" {
			t.Errorf("layer (-want +got):\n%s", diff)
		}
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name    string
		archive []byte
	}{
		{"not a tar", []byte("hello")},
		{"no index or manifest", dockerSave(t, map[string][]byte{"repositories": []byte("{}")})},
		{"missing config", dockerSave(t, map[string][]byte{"manifest.json": []byte(`[{"Config":"cfg.json","Layers":[]}]`)})},
		{"missing layer", dockerSave(t, map[string][]byte{"manifest.json": []byte(`[{"Config":"cfg.json","Layers":["abc/layer.tar"]}]`), "cfg.json": []byte("{}")})},
		{"bad manifest.json", dockerSave(t, map[string][]byte{"manifest.json": []byte(`{`)})},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := images.Read(bytes.NewReader(tc.archive)); err == nil {
				t.Error("Read: no error")
			}
		})
	}
}
