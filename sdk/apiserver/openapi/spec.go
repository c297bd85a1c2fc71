package openapi

import (
	"bytes"
	"crypto/sha512"
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"time"

	autoscalingv1 "github.com/gantryhq/gantry/sdk/api/autoscaling/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

// Builder builds the OpenAPI documents of a Registry. Every field is
// optional; the zero Builder builds the documents Kubernetes would serve.
type Builder struct {
	// Title is info.title of every document. Defaults to "Gantry".
	Title string
	// Version is info.version of every document. Defaults to "unversioned".
	Version string
	// PatchTypes are the content types listed as request bodies of patch
	// operations. Defaults to all four Kubernetes patch types (PatchTypeJSON,
	// PatchTypeMerge, PatchTypeStrategicMerge, PatchTypeApply). For a kind it
	// has not compiled in, kubectl apply sends a strategic merge patch when
	// the kind's patch operation lists PatchTypeStrategicMerge, and a JSON
	// merge patch otherwise: leave it out if the server cannot apply
	// strategic merge patches to a product's kinds.
	PatchTypes []string
	// PackageNames maps a Go package path to the prefix of the schema names of
	// its types, overriding the derived one. By default the packages of
	// Gantry's object model that mirror Kubernetes get Kubernetes' names
	// ("io.k8s.api.core.v1"), and any other package its path with the host
	// reversed ("github.com/acme/edge/api/v1" → "com.github.acme.edge.api.v1").
	PackageNames map[string]string
}

// Build builds the documents of every group version of r with the default
// Builder.
func Build(r *registry.Registry) (*Spec, error) {
	return new(Builder).Build(r)
}

// Spec holds the marshalled OpenAPI v3 documents of a registry: the root
// discovery document and one document per group version, each with its hash.
// It is immutable and safe for concurrent use. A Spec describes the registry
// as it was when built: build a new one (and give it to Handler.SetSpec)
// after adding kinds.
type Spec struct {
	root     []byte
	rootHash string
	docs     map[string]*gvDocument
	paths    []string
	built    time.Time
}

type gvDocument struct {
	data []byte
	hash string
}

// rootDocument is the body of /openapi/v3, as Kubernetes' OpenAPIV3Discovery.
type rootDocument struct {
	Paths map[string]rootEntry `json:"paths"`
}

type rootEntry struct {
	ServerRelativeURL string `json:"serverRelativeURL"`
}

// Build builds the documents of every group version of r. It fails when a
// kind's Go types cannot be described (a field of a type encoding/json
// cannot encode) or when two Go types get the same schema name.
func (b *Builder) Build(r *registry.Registry) (*Spec, error) {
	title, version := b.Title, b.Version
	if title == "" {
		title = "Gantry"
	}
	if version == "" {
		version = "unversioned"
	}
	patchTypes := b.PatchTypes
	if len(patchTypes) == 0 {
		patchTypes = []string{PatchTypeJSON, PatchTypeMerge, PatchTypeStrategicMerge, PatchTypeApply}
	}
	s := &Spec{docs: map[string]*gvDocument{}, built: time.Now()}
	root := rootDocument{Paths: map[string]rootEntry{}}
	for _, gv := range r.GroupVersions() {
		doc, err := b.document(gv, r.KindsIn(gv), patchTypes)
		if err != nil {
			return nil, err
		}
		doc.Info = info{Title: title, Version: version}
		data, err := marshal(doc)
		if err != nil {
			return nil, fmt.Errorf("openapi: marshal the document of %s: %w", gv, err)
		}
		key := DocumentPath(gv)
		hash := hashOf(data)
		s.docs[key] = &gvDocument{data: data, hash: hash}
		s.paths = append(s.paths, key)
		root.Paths[key] = rootEntry{ServerRelativeURL: serverRelativeURL(key, hash)}
	}
	data, err := marshal(root)
	if err != nil {
		return nil, fmt.Errorf("openapi: marshal the root document: %w", err)
	}
	s.root, s.rootHash = data, hashOf(data)
	return s, nil
}

// document builds the document of one group version.
func (b *Builder) document(gv meta.GroupVersion, kinds []*registry.Kind, patchTypes []string) (*document, error) {
	g := newGenerator(b.PackageNames)
	pb := newPathBuilder(gv, patchTypes)

	// The schemas operations refer to, with the kinds Kubernetes gives them.
	core := meta.GroupVersion{Version: "v1"}
	for _, std := range []struct {
		t    reflect.Type
		kind string
		ref  *string
	}{
		{reflect.TypeFor[meta.Status](), "Status", &pb.statusRef},
		{reflect.TypeFor[meta.DeleteOptions](), "DeleteOptions", &pb.deleteOptionsRef},
		{reflect.TypeFor[meta.WatchEvent](), "WatchEvent", &pb.watchEventRef},
		{reflect.TypeFor[patchBody](), "", &pb.patchRef},
	} {
		name, err := g.root(std.t)
		if err != nil {
			return nil, err
		}
		*std.ref = name
		if std.kind == "" {
			continue
		}
		addGVK(g.defs[name], gvk{Kind: std.kind, Version: core.Version})
		if std.kind != "Status" && gv != core {
			addGVK(g.defs[name], gvk{Group: gv.Group, Kind: std.kind, Version: gv.Version})
		}
	}
	if slices.ContainsFunc(kinds, (*registry.Kind).HasScale) {
		name, err := g.root(reflect.TypeFor[autoscalingv1.Scale]())
		if err != nil {
			return nil, err
		}
		pb.scaleRef = name
		addGVK(g.defs[name], gvk{Group: "autoscaling", Kind: "Scale", Version: "v1"})
	}

	for _, k := range kinds {
		kindRef, err := g.root(reflect.TypeOf(k.New()))
		if err != nil {
			return nil, fmt.Errorf("openapi: kind %s: %w", k.GVK(), err)
		}
		listRef, err := g.root(reflect.TypeOf(k.NewList()))
		if err != nil {
			return nil, fmt.Errorf("openapi: list of kind %s: %w", k.GVK(), err)
		}
		addGVK(g.defs[kindRef], gvk{Group: gv.Group, Kind: k.GVK().Kind, Version: gv.Version})
		addGVK(g.defs[listRef], gvk{Group: gv.Group, Kind: k.ListKind(), Version: gv.Version})
		if items := g.defs[listRef].Properties["items"]; items != nil && items.Description == "" {
			items.Description = "Items are the " + k.GVK().Kind + " objects of the list."
		}
		pb.addKind(k, kindRef, listRef)
	}
	return &document{
		OpenAPI:    "3.0.0",
		Paths:      pb.paths,
		Components: components{Schemas: g.defs},
	}, nil
}

func addGVK(s *schema, g gvk) {
	for _, have := range s.GVK {
		if have == g {
			return
		}
	}
	s.GVK = append(s.GVK, g)
}

// marshal encodes v as compact JSON without escaping <, > and &.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// hashOf returns the hash Kubernetes gives a document: the SHA-512 of its
// bytes in upper-case hex. It is the document's ETag and its URL's hash.
func hashOf(data []byte) string {
	return fmt.Sprintf("%X", sha512.Sum512(data))
}

// DocumentPath returns the key of a group version in the root document and
// the path of its document under /openapi/v3/: "api/v1" for the core group,
// "apis/<group>/<version>" for the others.
func DocumentPath(gv meta.GroupVersion) string {
	if gv.Group == "" {
		return "api/" + gv.Version
	}
	return "apis/" + gv.Group + "/" + gv.Version
}

func serverRelativeURL(key, hash string) string {
	return (&url.URL{Path: "/openapi/v3/" + key, RawQuery: url.Values{"hash": {hash}}.Encode()}).String()
}

// Root returns the root discovery document served at /openapi/v3:
// {"paths":{"api/v1":{"serverRelativeURL":"/openapi/v3/api/v1?hash=..."},...}}.
// The caller must not modify the returned bytes.
func (s *Spec) Root() []byte { return s.root }

// Paths returns the document paths, one per group version ("api/v1",
// "apis/apps/v1"), the core group first and then by group name.
func (s *Spec) Paths() []string { return append([]string(nil), s.paths...) }

// Document returns the OpenAPI document of a group version by its path
// ("api/v1", "apis/apps/v1") and its hash; ok is false for an unknown path.
// The caller must not modify the returned bytes.
func (s *Spec) Document(path string) (data []byte, hash string, ok bool) {
	d, ok := s.docs[path]
	if !ok {
		return nil, "", false
	}
	return d.data, d.hash, true
}
