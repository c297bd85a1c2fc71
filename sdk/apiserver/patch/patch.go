package patch

import (
	"strings"

	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
)

// The patch media types, as a PATCH request's Content-Type names them.
const (
	// JSONPatchType is RFC 6902 JSON Patch; see JSONPatch.
	JSONPatchType = "application/json-patch+json"
	// MergePatchType is RFC 7386 JSON Merge Patch; see MergePatch.
	MergePatchType = "application/merge-patch+json"
	// StrategicMergePatchType is Kubernetes' strategic merge patch; see
	// StrategicMergePatch.
	StrategicMergePatchType = "application/strategic-merge-patch+json"
	// ApplyPatchType is Kubernetes server-side apply, which Gantry does not
	// implement; Apply refuses it.
	ApplyPatchType = "application/apply-patch+yaml"
	// ApplyPatchCBORType is server-side apply with a CBOR body; refused like
	// ApplyPatchType.
	ApplyPatchCBORType = "application/apply-patch+cbor"
)

// Apply applies patch to the JSON document original and returns the patched
// document. patchType is the request's Content-Type; parameters such as
// "; charset=utf-8" are ignored. schema is used by strategic merge patch only
// and may be nil for the other types; a strategic merge patch with a nil
// schema is refused with StrategicMergeNotSupported.
//
// Errors unwrap to a class of sdk/api/errors:
//   - a patch that is not well formed (not JSON, a JSON Patch operation
//     without "path", a strategic merge directive with a wrong value):
//     ErrBadRequest;
//   - a JSON Patch operation that does not apply to the document (a missing
//     path, an index out of range, a failed "test"): ErrInvalid, the 422
//     Kubernetes answers;
//   - more than MaxJSONPatchOperations operations: ErrRequestTooLarge;
//   - server-side apply (ApplyPatchType): ErrUnsupportedMedia and
//     ErrNotSupported: Gantry does not implement it, use client-side
//     `kubectl apply` (without --server-side), which sends a strategic merge
//     patch for built-in kinds and a merge patch for the others;
//   - any other media type: ErrUnsupportedMedia;
//   - an original that is not JSON: ErrInternal (it comes from the store).
//
// Apply does not modify original or patch, and is safe for concurrent use.
func Apply(patchType string, original, patch []byte, schema Schema) ([]byte, error) {
	switch mediaType(patchType) {
	case JSONPatchType:
		return JSONPatch(original, patch)
	case MergePatchType:
		return MergePatch(original, patch)
	case StrategicMergePatchType:
		return StrategicMergePatch(original, patch, schema)
	case ApplyPatchType, ApplyPatchCBORType:
		return nil, &patchError{
			classes: []error{apierrors.ErrUnsupportedMedia, apierrors.ErrNotSupported},
			msg: "server-side apply (" + ApplyPatchType + ") is not supported by Gantry; " +
				"use client-side `kubectl apply` (without --server-side)",
		}
	default:
		return nil, newError(apierrors.ErrUnsupportedMedia,
			"the body of the request was in an unknown format %q - accepted media types include: %s, %s, %s",
			patchType, JSONPatchType, MergePatchType, StrategicMergePatchType)
	}
}

// mediaType returns the media type of a Content-Type value, lower case and
// without parameters.
func mediaType(contentType string) string {
	mt, _, _ := strings.Cut(contentType, ";")
	return strings.ToLower(strings.TrimSpace(mt))
}

// decodeOriginal decodes the document a patch applies to.
func decodeOriginal(original []byte) (any, error) {
	v, err := decodeJSON(original)
	if err != nil {
		return nil, internal("the original document is not valid JSON: %v", err)
	}
	return v, nil
}

// encodeResult encodes a patched document; sizeHint is about its size.
func encodeResult(v any, sizeHint int) ([]byte, error) {
	b, err := appendJSON(make([]byte, 0, sizeHint+sizeHint/8+64), v)
	if err != nil {
		return nil, internal("encoding the patched document: %v", err)
	}
	return b, nil
}
