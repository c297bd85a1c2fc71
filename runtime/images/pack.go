package images

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	goruntime "runtime"
	"slices"
	"strings"
	"time"
)

// epoch is the modification time of every entry Pack writes.
var epoch = time.Unix(0, 0).UTC()

// PackOptions says what image Pack builds. Only Name and From are required.
type PackOptions struct {
	// Name is the image's full reference, such as "gantry.local/echo:1".
	Name string
	// From is a folder, whose content becomes the image's root, or a file
	// (a static binary), which is put at Path.
	From string
	// Path is where a file From goes in the image (default: "/" + its base
	// name). Ignored for a folder.
	Path string
	// Entrypoint is the image's entrypoint (default for a file: [Path];
	// for a folder: none).
	Entrypoint []string
	// Cmd is the image's default arguments.
	Cmd []string
	// Env is the image's environment, "KEY=value" (default:
	// PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin).
	Env []string
	// ExposedPorts are "8080" or "8080/tcp" or "53/udp".
	ExposedPorts []string
	// WorkingDir and User are the image's defaults (default: "/" and root).
	WorkingDir string
	User       string
	// Labels are the image config's labels.
	Labels map[string]string
	// OS and Architecture default to linux and the architecture Gantry was
	// built for.
	OS           string
	Architecture string
}

// DefaultPath is the PATH of a packed image without Env.
const DefaultPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

// Pack builds the image opts describes and writes it to w as an OCI image
// layout tar. It returns the image as Read would return it.
func Pack(opts PackOptions, w io.Writer) (*Image, error) {
	if opts.Name == "" {
		return nil, fmt.Errorf("images: pack needs an image name such as gantry.local/app:1")
	}
	if opts.From == "" {
		return nil, fmt.Errorf("images: pack needs a folder or a file to pack (From)")
	}
	fi, err := os.Stat(opts.From)
	if err != nil {
		return nil, fmt.Errorf("images: %w", err)
	}
	var layer bytes.Buffer
	tw := tar.NewWriter(&layer)
	entrypoint := opts.Entrypoint
	switch {
	case fi.IsDir():
		err = addDir(tw, opts.From)
	case fi.Mode().IsRegular():
		p := opts.Path
		if p == "" {
			p = "/" + filepath.Base(opts.From)
		}
		if !path.IsAbs(p) {
			return nil, fmt.Errorf("images: path %q in the image must be absolute, such as /%s", p, strings.TrimLeft(p, "./"))
		}
		if entrypoint == nil {
			entrypoint = []string{p}
		}
		err = addFile(tw, opts.From, p, fi)
	default:
		return nil, fmt.Errorf("images: %s is neither a folder nor a regular file", opts.From)
	}
	if err != nil {
		return nil, err
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	diffID := Digest(layer.Bytes())
	var gz bytes.Buffer
	zw, err := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(layer.Bytes()); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}

	cfg := ConfigFile{
		Architecture: opts.Architecture,
		OS:           opts.OS,
		Config: Config{
			User:       opts.User,
			Env:        opts.Env,
			Entrypoint: entrypoint,
			Cmd:        opts.Cmd,
			WorkingDir: opts.WorkingDir,
			Labels:     opts.Labels,
		},
		RootFS:  RootFS{Type: "layers", DiffIDs: []string{diffID}},
		History: []History{{CreatedBy: "gantry image pack", Comment: filepath.Base(opts.From)}},
	}
	if cfg.Architecture == "" {
		cfg.Architecture = goruntime.GOARCH
	}
	if cfg.OS == "" {
		cfg.OS = "linux"
	}
	if cfg.Config.Env == nil {
		cfg.Config.Env = []string{DefaultPath}
	}
	if cfg.Config.WorkingDir == "" {
		cfg.Config.WorkingDir = "/"
	}
	if len(opts.ExposedPorts) > 0 {
		cfg.Config.ExposedPorts = map[string]struct{}{}
		for _, p := range opts.ExposedPorts {
			port, err := normalizePort(p)
			if err != nil {
				return nil, err
			}
			cfg.Config.ExposedPorts[port] = struct{}{}
		}
	}
	cfgJSON, err := json.Marshal(cfg)
	if err != nil {
		return nil, err
	}
	man := Manifest{
		SchemaVersion: 2,
		MediaType:     MediaTypeManifest,
		Config:        Descriptor{MediaType: MediaTypeConfig, Digest: Digest(cfgJSON), Size: int64(len(cfgJSON))},
		Layers:        []Descriptor{{MediaType: MediaTypeLayerGzip, Digest: Digest(gz.Bytes()), Size: int64(gz.Len())}},
	}
	manJSON, err := json.Marshal(man)
	if err != nil {
		return nil, err
	}
	tag := opts.Name
	if i := strings.LastIndexAny(tag, ":/@"); i >= 0 && tag[i] == ':' {
		tag = tag[i+1:]
	}
	index := Index{SchemaVersion: 2, MediaType: MediaTypeIndex, Manifests: []Descriptor{{
		MediaType:   MediaTypeManifest,
		Digest:      Digest(manJSON),
		Size:        int64(len(manJSON)),
		Annotations: map[string]string{AnnotationImageName: opts.Name, AnnotationRefName: tag},
		Platform:    &Platform{Architecture: cfg.Architecture, OS: cfg.OS},
	}}}
	indexJSON, err := json.Marshal(index)
	if err != nil {
		return nil, err
	}

	blobs := map[string][]byte{
		man.Config.Digest:         cfgJSON,
		man.Layers[0].Digest:      gz.Bytes(),
		index.Manifests[0].Digest: manJSON,
	}
	out := tar.NewWriter(w)
	for _, dir := range []string{"blobs/", "blobs/sha256/"} {
		if err := out.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: dir, Mode: 0o755, ModTime: epoch, Format: tar.FormatUSTAR}); err != nil {
			return nil, err
		}
	}
	digests := make([]string, 0, len(blobs))
	for d := range blobs {
		digests = append(digests, d)
	}
	slices.Sort(digests)
	files := make([]file, 0, len(blobs)+2)
	for _, d := range digests {
		files = append(files, file{"blobs/sha256/" + strings.TrimPrefix(d, "sha256:"), blobs[d]})
	}
	files = append(files, file{"index.json", indexJSON}, file{"oci-layout", []byte(`{"imageLayoutVersion":"1.0.0"}`)})
	for _, f := range files {
		if err := out.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: f.name, Mode: 0o644, Size: int64(len(f.data)), ModTime: epoch, Format: tar.FormatUSTAR}); err != nil {
			return nil, err
		}
		if _, err := out.Write(f.data); err != nil {
			return nil, err
		}
	}
	if err := out.Close(); err != nil {
		return nil, err
	}
	return &Image{
		Name:           opts.Name,
		ManifestDigest: index.Manifests[0].Digest,
		Manifest:       man,
		Config:         cfg,
		Size:           man.Config.Size + man.Layers[0].Size,
	}, nil
}

type file struct {
	name string
	data []byte
}

func normalizePort(p string) (string, error) {
	num, proto, ok := strings.Cut(p, "/")
	if !ok {
		proto = "tcp"
	}
	proto = strings.ToLower(proto)
	var n int
	if _, err := fmt.Sscanf(num, "%d", &n); err != nil || n < 1 || n > 65535 || fmt.Sprint(n) != num {
		return "", fmt.Errorf("images: invalid port %q: want a number 1-65535, optionally with /tcp, /udp or /sctp", p)
	}
	if proto != "tcp" && proto != "udp" && proto != "sctp" {
		return "", fmt.Errorf("images: invalid port protocol in %q: want tcp, udp or sctp", p)
	}
	return num + "/" + proto, nil
}

// addDir adds the tree under root, sorted, with fixed times and owners.
func addDir(tw *tar.Writer, root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		if rel == "." {
			return nil
		}
		name := filepath.ToSlash(rel)
		fi, err := d.Info()
		if err != nil {
			return err
		}
		hdr := &tar.Header{Name: name, Mode: int64(fi.Mode().Perm()), ModTime: epoch, Format: tar.FormatPAX}
		switch {
		case fi.IsDir():
			hdr.Typeflag = tar.TypeDir
			hdr.Name += "/"
			return tw.WriteHeader(hdr)
		case fi.Mode()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			hdr.Typeflag = tar.TypeSymlink
			hdr.Linkname = target
			return tw.WriteHeader(hdr)
		case fi.Mode().IsRegular():
			return writeFile(tw, hdr, p, fi.Size())
		default:
			return fmt.Errorf("images: cannot pack %s: only folders, regular files and symlinks can be packed", p)
		}
	})
}

// addFile adds the file src at the image path dst, with its parent folders.
func addFile(tw *tar.Writer, src, dst string, fi fs.FileInfo) error {
	dst = strings.TrimPrefix(path.Clean(dst), "/")
	parts := strings.Split(dst, "/")
	for i := 1; i < len(parts); i++ {
		hdr := &tar.Header{Typeflag: tar.TypeDir, Name: strings.Join(parts[:i], "/") + "/", Mode: 0o755, ModTime: epoch, Format: tar.FormatPAX}
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
	}
	mode := int64(fi.Mode().Perm()) | 0o555
	return writeFile(tw, &tar.Header{Name: dst, Mode: mode, ModTime: epoch, Format: tar.FormatPAX}, src, fi.Size())
}

func writeFile(tw *tar.Writer, hdr *tar.Header, src string, size int64) error {
	hdr.Typeflag = tar.TypeReg
	hdr.Size = size
	if err := tw.WriteHeader(hdr); err != nil {
		return err
	}
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	n, err := io.Copy(tw, f)
	if err != nil {
		return err
	}
	if n != size {
		return fmt.Errorf("images: %s changed size while being packed", src)
	}
	return nil
}
