// Package images packs and reads container image archives without a
// container runtime.
//
// Pack builds a single-layer image from a folder or a static binary and
// writes it as an OCI image layout tar (oci-layout, index.json,
// blobs/sha256/...), which `ctr import`, containerd's import and `docker
// load` (recent versions) accept. Its output is deterministic: entries are
// sorted, times, owners and gzip headers fixed, so the same input gives the
// same digests.
//
// Read parses an OCI image layout tar or a `docker save` archive
// (manifest.json) into its images: name, manifest, config and layers.
package images
