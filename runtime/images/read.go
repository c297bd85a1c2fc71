package images

import (
	"archive/tar"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	goruntime "runtime"
	"slices"
	"strings"

	"github.com/gantryhq/gantry/runtime"
)

// Image is one image of an archive.
type Image struct {
	// Name is the image's full reference ("" for an unnamed image).
	Name string
	// ManifestDigest is the manifest's digest (for a `docker save` archive,
	// the digest of the manifest Read derives from manifest.json).
	ManifestDigest string
	Manifest       Manifest
	Config         ConfigFile
	// Size is the size of the config and layer blobs.
	Size int64
}

// ID returns the image id: its config digest.
func (i *Image) ID() string { return i.Manifest.Config.Digest }

// RuntimeImage returns the image as a runtime.Image.
func (i *Image) RuntimeImage() runtime.Image {
	c := i.Config.Config
	img := runtime.Image{
		ID:   i.ID(),
		Size: i.Size,
		Config: runtime.ImageConfig{
			User:       c.User,
			Env:        slices.Clone(c.Env),
			Entrypoint: slices.Clone(c.Entrypoint),
			Cmd:        slices.Clone(c.Cmd),
			WorkingDir: c.WorkingDir,
			StopSignal: c.StopSignal,
		},
	}
	if i.Name != "" {
		img.RepoTags = []string{i.Name}
	}
	for p := range c.ExposedPorts {
		img.Config.ExposedPorts = append(img.Config.ExposedPorts, p)
	}
	slices.Sort(img.Config.ExposedPorts)
	if len(c.Labels) > 0 {
		img.Config.Labels = make(map[string]string, len(c.Labels))
		for k, v := range c.Labels {
			img.Config.Labels[k] = v
		}
	}
	return img
}

// Archive is a read image archive: its images and blobs.
type Archive struct {
	// Format is "oci" or "docker".
	Format string
	Images []Image
	blobs  map[string][]byte
}

// Blob returns the blob with digest ("sha256:..."), as stored in the
// archive (layers compressed or not).
func (a *Archive) Blob(digest string) ([]byte, bool) {
	b, ok := a.blobs[digest]
	return b, ok
}

// Read reads an image archive: an OCI image layout tar (index.json) or a
// `docker save` tar (manifest.json). It holds the whole archive in memory,
// which suits the small images Gantry packs and its tests; the digests of
// every blob are checked.
func Read(r io.Reader) (*Archive, error) {
	files := map[string][]byte{}
	tr := tar.NewReader(r)
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("images: reading archive: %w", err)
		}
		if hdr.Typeflag != tar.TypeReg {
			continue
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			return nil, fmt.Errorf("images: reading %s: %w", hdr.Name, err)
		}
		files[path.Clean(strings.TrimPrefix(hdr.Name, "./"))] = b
	}
	if _, ok := files["index.json"]; ok {
		return readOCI(files)
	}
	if _, ok := files["manifest.json"]; ok {
		return readDocker(files)
	}
	return nil, fmt.Errorf("images: not an image archive: neither index.json (OCI image layout) nor manifest.json (docker save) found")
}

func readOCI(files map[string][]byte) (*Archive, error) {
	a := &Archive{Format: "oci", blobs: map[string][]byte{}}
	for name, b := range files {
		if hex, ok := strings.CutPrefix(name, "blobs/sha256/"); ok {
			d := "sha256:" + hex
			if got := Digest(b); got != d {
				return nil, fmt.Errorf("images: blob %s has digest %s: the archive is corrupt", name, got)
			}
			a.blobs[d] = b
		}
	}
	var index Index
	if err := json.Unmarshal(files["index.json"], &index); err != nil {
		return nil, fmt.Errorf("images: index.json: %w", err)
	}
	for _, desc := range index.Manifests {
		name := desc.Annotations[AnnotationImageName]
		if name == "" {
			name = desc.Annotations[AnnotationRefName]
		}
		img, err := a.image(desc, name, 0)
		if err != nil {
			return nil, err
		}
		a.Images = append(a.Images, *img)
	}
	return a, nil
}

func (a *Archive) image(desc Descriptor, name string, depth int) (*Image, error) {
	b, ok := a.blobs[desc.Digest]
	if !ok {
		return nil, fmt.Errorf("images: blob %s of image %q missing from the archive", desc.Digest, name)
	}
	switch desc.MediaType {
	case MediaTypeIndex, MediaTypeDockerList:
		if depth > 2 {
			return nil, fmt.Errorf("images: image %q: indexes nested too deep", name)
		}
		var idx Index
		if err := json.Unmarshal(b, &idx); err != nil {
			return nil, fmt.Errorf("images: index %s: %w", desc.Digest, err)
		}
		pick := -1
		for i, m := range idx.Manifests {
			if _, ok := a.blobs[m.Digest]; !ok {
				continue
			}
			if pick < 0 || m.Platform != nil && m.Platform.OS == "linux" && m.Platform.Architecture == goruntime.GOARCH {
				pick = i
			}
		}
		if pick < 0 {
			return nil, fmt.Errorf("images: image %q: no manifest of index %s is in the archive", name, desc.Digest)
		}
		return a.image(idx.Manifests[pick], name, depth+1)
	case MediaTypeManifest, MediaTypeDockerManif, "":
	default:
		return nil, fmt.Errorf("images: image %q: unsupported media type %q", name, desc.MediaType)
	}
	img := &Image{Name: name, ManifestDigest: desc.Digest}
	if err := json.Unmarshal(b, &img.Manifest); err != nil {
		return nil, fmt.Errorf("images: manifest %s: %w", desc.Digest, err)
	}
	cfg, ok := a.blobs[img.Manifest.Config.Digest]
	if !ok {
		return nil, fmt.Errorf("images: config %s of image %q missing from the archive", img.Manifest.Config.Digest, name)
	}
	if err := json.Unmarshal(cfg, &img.Config); err != nil {
		return nil, fmt.Errorf("images: config %s: %w", img.Manifest.Config.Digest, err)
	}
	img.Size = int64(len(cfg))
	for _, l := range img.Manifest.Layers {
		lb, ok := a.blobs[l.Digest]
		if !ok {
			return nil, fmt.Errorf("images: layer %s of image %q missing from the archive", l.Digest, name)
		}
		img.Size += int64(len(lb))
	}
	return img, nil
}

// dockerManifest is one entry of a `docker save` manifest.json.
type dockerManifest struct {
	Config   string
	RepoTags []string
	Layers   []string
}

func readDocker(files map[string][]byte) (*Archive, error) {
	a := &Archive{Format: "docker", blobs: map[string][]byte{}}
	var entries []dockerManifest
	if err := json.Unmarshal(files["manifest.json"], &entries); err != nil {
		return nil, fmt.Errorf("images: manifest.json: %w", err)
	}
	for _, e := range entries {
		cfg, ok := files[path.Clean(e.Config)]
		if !ok {
			return nil, fmt.Errorf("images: config %s named by manifest.json missing from the archive", e.Config)
		}
		man := Manifest{SchemaVersion: 2, MediaType: MediaTypeDockerManif,
			Config: Descriptor{MediaType: MediaTypeDockerConfig, Digest: Digest(cfg), Size: int64(len(cfg))}}
		a.blobs[man.Config.Digest] = cfg
		for _, l := range e.Layers {
			lb, ok := files[path.Clean(l)]
			if !ok {
				return nil, fmt.Errorf("images: layer %s named by manifest.json missing from the archive", l)
			}
			mt := MediaTypeDockerLayer
			if len(lb) > 2 && lb[0] == 0x1f && lb[1] == 0x8b {
				mt += ".gzip"
			}
			d := Descriptor{MediaType: mt, Digest: Digest(lb), Size: int64(len(lb))}
			a.blobs[d.Digest] = lb
			man.Layers = append(man.Layers, d)
		}
		manJSON, err := json.Marshal(man)
		if err != nil {
			return nil, err
		}
		a.blobs[Digest(manJSON)] = manJSON
		names := e.RepoTags
		if len(names) == 0 {
			names = []string{""}
		}
		for _, name := range names {
			img, err := a.image(Descriptor{MediaType: MediaTypeDockerManif, Digest: Digest(manJSON)}, name, 0)
			if err != nil {
				return nil, err
			}
			a.Images = append(a.Images, *img)
		}
	}
	return a, nil
}
