package patch

// MergePatch applies an RFC 7386 JSON Merge Patch (MergePatchType) to the
// JSON document original: an object in the patch is merged into the
// document's object member by member, recursively; a null member deletes
// the member; any other value (a string, a number, an array, ...) replaces
// the document's value whole. A patch that is not an object replaces the
// whole document.
//
// kubectl sends merge patches for `kubectl label`, `kubectl annotate`,
// `kubectl scale`, `kubectl patch --type merge`, and for `kubectl apply` of
// kinds it has no Go type for.
//
// See Apply for the errors. MergePatch does not modify its arguments.
func MergePatch(original, patch []byte) ([]byte, error) {
	p, err := decodeJSON(patch)
	if err != nil {
		return nil, badRequest("the merge patch is not valid JSON: %v", err)
	}
	doc, err := decodeOriginal(original)
	if err != nil {
		return nil, err
	}
	return encodeResult(mergeValue(doc, p), len(original)+len(patch))
}

// mergeValue is RFC 7386 MergePatch(target, patch). It reuses target's
// objects.
func mergeValue(target, patch any) any {
	p, ok := patch.(map[string]any)
	if !ok {
		return patch
	}
	t, ok := target.(map[string]any)
	if !ok {
		t = make(map[string]any, len(p))
	}
	for k, v := range p {
		if v == nil {
			delete(t, k)
			continue
		}
		t[k] = mergeValue(t[k], v)
	}
	return t
}
