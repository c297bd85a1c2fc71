package patch

import (
	"sort"
	"strconv"
	"strings"

	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
)

// The strategic merge patch directives.
const (
	directiveMarker               = "$patch"
	retainKeysDirective           = "$retainKeys"
	deleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList"
	setElementOrderPrefix         = "$setElementOrder"
)

// StrategicMergePatch applies a Kubernetes strategic merge patch
// (StrategicMergePatchType) to the JSON object original, the way
// k8s.io/apimachinery's strategicpatch.StrategicMergePatch does on the API
// server, reading each field's patch strategy and merge key from schema.
//
// A strategic merge patch is a JSON merge patch that knows about lists:
//   - objects merge member by member, recursively; null deletes a member;
//   - a list whose field has patchStrategy "merge" and a patchMergeKey (a
//     Pod's containers by "name", a container's ports by "containerPort")
//     merges element by element: a patch element updates the element with
//     the same key, or is added; elements the patch does not name stay;
//   - a list of primitives with patchStrategy "merge" (finalizers) merges as
//     a set: the union, without duplicates;
//   - any other list (tolerations, a container's args) is replaced whole,
//     and so is any field with patchStrategy "replace".
//
// Merged lists keep the live order; new elements go first unless a
// $setElementOrder directive orders them. The directives:
//   - "$patch": "replace" in an object replaces the object instead of
//     merging it; as an element of a merged list it replaces the list by the
//     patch's other elements;
//   - "$patch": "delete" in an element of a merged list deletes the elements
//     with its merge key; in an object it empties the object;
//   - "$patch": "merge" is the default, and is accepted (Kubernetes refuses
//     it) wherever the others are;
//   - "$retainKeys": [names] deletes the object's members not named (sent by
//     kubectl for fields with patchStrategy "retainKeys", such as a
//     Deployment's strategy, so that switching RollingUpdate to Recreate
//     drops rollingUpdate); every member of the patch must be named;
//   - "$deleteFromPrimitiveList/<field>": [values] deletes values from a
//     list of primitives;
//   - "$setElementOrder/<field>": [elements] orders a merged list: the
//     elements it names (by merge key, or by value for primitives) go in its
//     order, the others keep their place relative to them. `kubectl apply`
//     and `kubectl set image` send it for every merged list they patch.
//
// Two things differ from Kubernetes, both where Kubernetes' behaviour is
// accidental: a value inserted where the original has none has its
// directives applied (Kubernetes drops an object marked "$patch": "replace"
// and leaves "$retainKeys" and "$setElementOrder" in it), and numbers
// compare by value when matching merge keys and set elements (Kubernetes
// tells 80 from 80.0).
//
// A nil schema means the kind has no Go type: the patch is refused with
// StrategicMergeNotSupported, as Kubernetes refuses strategic merge patches
// of custom resources. See Apply for the errors; they name where in the
// document the patch failed. StrategicMergePatch does not modify its
// arguments.
func StrategicMergePatch(original, patch []byte, schema Schema) ([]byte, error) {
	if schema == nil {
		return nil, StrategicMergeNotSupported("")
	}
	p, err := decodeJSON(patch)
	if err != nil {
		return nil, badRequest("the strategic merge patch is not valid JSON: %v", err)
	}
	var pm map[string]any
	switch t := p.(type) {
	case nil:
		pm = map[string]any{}
	case map[string]any:
		pm = t
	default:
		return nil, badRequest("a strategic merge patch must be a JSON object, not a %s", kindOf(p))
	}
	doc, err := decodeOriginal(original)
	if err != nil {
		return nil, err
	}
	om, ok := doc.(map[string]any)
	if !ok {
		return nil, internal("the original document must be a JSON object, not a %s", kindOf(doc))
	}
	res, err := mergeMap(om, pm, schema)
	if err != nil {
		return nil, err
	}
	return encodeResult(res, len(original)+len(patch))
}

// mergeMap merges patch into orig (nil: into nothing) and returns the
// result. It reuses, and modifies, both maps.
func mergeMap(orig, patch map[string]any, s Schema) (map[string]any, error) {
	if d, ok := patch[directiveMarker]; ok {
		switch d {
		case "replace":
			delete(patch, directiveMarker)
			return mergeMap(nil, patch, s)
		case "delete":
			return map[string]any{}, nil
		case "merge":
			delete(patch, directiveMarker)
		default:
			return nil, badPatchType(d, patch)
		}
	}
	if orig == nil {
		orig = make(map[string]any, len(patch))
	}
	if err := applyRetainKeys(orig, patch); err != nil {
		return nil, err
	}
	keys := sortedKeys(patch)
	for _, k := range keys {
		if strings.HasPrefix(k, setElementOrderPrefix) {
			if err := setElementOrder(orig, patch, k, s); err != nil {
				return nil, at(err, k)
			}
		}
	}
	var deletions []string
	for _, k := range keys {
		v, ok := patch[k]
		if !ok || strings.HasPrefix(k, setElementOrderPrefix) {
			continue // ordered lists were merged above
		}
		if strings.HasPrefix(k, deleteFromPrimitiveListPrefix) {
			deletions = append(deletions, k)
			continue
		}
		if err := mergeField(orig, k, v, s); err != nil {
			return nil, at(err, k)
		}
	}
	for _, k := range deletions {
		if err := deleteFromPrimitiveList(orig, k, patch[k]); err != nil {
			return nil, at(err, k)
		}
	}
	return orig, nil
}

// mergeField merges the patch value pv of member k into orig.
func mergeField(orig map[string]any, k string, pv any, s Schema) error {
	if pv == nil {
		delete(orig, k)
		return nil
	}
	switch p := pv.(type) {
	case map[string]any:
		o, ok := orig[k].(map[string]any)
		if !ok {
			return insertField(orig, k, pv, s)
		}
		f, err := fieldOf(s, k)
		if err != nil {
			return err
		}
		strategy, _, err := strategyOf(f)
		if err != nil {
			return err
		}
		if strategy == "replace" {
			return insertField(orig, k, pv, s)
		}
		m, err := mergeMap(o, p, f.Schema)
		if err != nil {
			return err
		}
		orig[k] = m
	case []any:
		o, ok := orig[k].([]any)
		if !ok {
			return insertField(orig, k, pv, s)
		}
		f, err := fieldOf(s, k)
		if err != nil {
			return err
		}
		strategy, _, err := strategyOf(f)
		if err != nil {
			return err
		}
		if strategy != "merge" {
			return insertField(orig, k, pv, s)
		}
		l, err := mergeList(o, p, f)
		if err != nil {
			return err
		}
		orig[k] = l
	default:
		orig[k] = pv
	}
	return nil
}

// insertField sets member k of orig to the patch value pv, merged into
// nothing: its directives applied, its nulls dropped.
func insertField(orig map[string]any, k string, pv any, s Schema) error {
	v, keep, err := insertValue(pv, fieldOrUntyped(s, k))
	if err != nil {
		return err
	}
	if keep {
		orig[k] = v
	} else {
		delete(orig, k)
	}
	return nil
}

// insertValue returns the patch value v merged into nothing; keep is false
// when v is an object marked "$patch": "delete".
func insertValue(v any, f Field) (res any, keep bool, err error) {
	switch t := v.(type) {
	case map[string]any:
		if t[directiveMarker] == "delete" {
			return nil, false, nil
		}
		m, err := mergeMap(nil, t, f.Schema)
		return m, true, err
	case []any:
		l, err := insertList(t, f)
		return l, true, err
	}
	return v, true, nil
}

// insertList returns the patch list l merged into nothing: directive
// elements dropped, objects' directives applied.
func insertList(l []any, f Field) ([]any, error) {
	out := make([]any, 0, len(l))
	for i, e := range l {
		switch t := e.(type) {
		case map[string]any:
			if d, ok := t[directiveMarker]; ok && d != "merge" {
				if d == "delete" || d == "replace" {
					continue
				}
				return nil, at(badPatchType(d, t), "["+strconv.Itoa(i)+"]")
			}
			m, err := mergeMap(nil, t, f.Schema)
			if err != nil {
				return nil, at(err, "["+strconv.Itoa(i)+"]")
			}
			out = append(out, m)
		case []any:
			sub, err := insertList(t, Field{})
			if err != nil {
				return nil, at(err, "["+strconv.Itoa(i)+"]")
			}
			out = append(out, sub)
		default:
			out = append(out, e)
		}
	}
	return out, nil
}

// mergeList merges the patch list into orig for a field with patchStrategy
// "merge".
func mergeList(orig, patch []any, f Field) ([]any, error) {
	if len(orig) == 0 && len(patch) == 0 {
		return orig, nil
	}
	kind, err := elementKind(orig, patch)
	if err != nil {
		return nil, err
	}
	if kind != "object" {
		return mergeScalarList(orig, patch), nil
	}
	if f.MergeKey == "" {
		return nil, badRequest("cannot merge lists without merge key for %s", schemaName(f.Schema))
	}
	return mergeObjectList(orig, patch, f)
}

// elementKind returns the JSON type of the lists' elements, which must all be
// of one type and not lists.
func elementKind(lists ...[]any) (string, error) {
	kind := ""
	for _, l := range lists {
		for _, e := range l {
			k := kindOf(e)
			switch {
			case kind == "" && k == "array":
				return "", newError(apierrors.ErrInvalid, msgNoListOfLists)
			case kind == "":
				kind = k
			case k != kind:
				return "", badRequest("list element types are not identical: %s and %s", kind, k)
			}
		}
	}
	return kind, nil
}

// mergeScalarList merges two lists of primitives as sets: the patch's
// values (in patch order) interleaved with the original's other values.
func mergeScalarList(orig, patch []any) []any {
	origIdx := make(map[scalar]int, len(orig))
	for i, e := range orig {
		k, _ := scalarOf(e)
		if _, dup := origIdx[k]; !dup {
			origIdx[k] = i
		}
	}
	inPatch := make(map[scalar]bool, len(patch))
	right := make([]any, 0, len(patch))
	rk := make([]scalar, 0, len(patch))
	for _, e := range patch {
		k, _ := scalarOf(e)
		if inPatch[k] {
			continue
		}
		inPatch[k] = true
		right, rk = append(right, e), append(rk, k)
	}
	left := make([]any, 0, len(orig))
	lk := make([]scalar, 0, len(orig))
	for i, e := range orig {
		k, _ := scalarOf(e)
		if inPatch[k] || origIdx[k] != i {
			continue
		}
		left, lk = append(left, e), append(lk, k)
	}
	return interleave(left, lk, right, rk, origIdx)
}

// mergeObjectList merges two lists of objects by merge key.
func mergeObjectList(orig, patch []any, f Field) ([]any, error) {
	mk := f.MergeKey
	plain := make([]map[string]any, 0, len(patch))
	var deleted map[scalar]bool
	replace := false
	for i, e := range patch {
		m := e.(map[string]any) // elementKind checked
		d, ok := m[directiveMarker]
		if !ok {
			plain = append(plain, m)
			continue
		}
		switch d {
		case "delete":
			k, err := mergeKeyOf(m, mk)
			if err != nil {
				return nil, at(err, "["+strconv.Itoa(i)+"]")
			}
			if deleted == nil {
				deleted = map[scalar]bool{}
			}
			deleted[k] = true
		case "replace":
			replace = true
		case "merge":
			delete(m, directiveMarker)
			plain = append(plain, m)
		default:
			return nil, at(badPatchType(d, m), "["+strconv.Itoa(i)+"]")
		}
	}
	if replace {
		l := make([]any, len(plain))
		for i, m := range plain {
			l[i] = m
		}
		return insertList(l, f)
	}
	if len(deleted) > 0 {
		kept := make([]any, 0, len(orig))
		for _, e := range orig {
			if m, ok := e.(map[string]any); ok {
				if v, has := m[mk]; has {
					if k, ok := scalarOf(v); ok && deleted[k] {
						continue
					}
				}
			}
			kept = append(kept, e)
		}
		orig = kept
	}

	// Merge each patch element into the original element with its key, or
	// append it.
	n := len(orig)
	origIdx := make(map[scalar]int, n)
	merged := make([]any, n, n+len(plain))
	keys := make([]scalar, n, n+len(plain))
	for i, e := range orig {
		k, err := mergeKeyOf(e, mk)
		if err != nil {
			return nil, err
		}
		merged[i], keys[i] = e, k
		if _, dup := origIdx[k]; !dup {
			origIdx[k] = i
		}
	}
	var added map[scalar]int
	patchIdx := make(map[scalar]int, len(plain))
	for j, p := range plain {
		k, err := mergeKeyOf(p, mk)
		if err != nil {
			return nil, at(err, "["+strconv.Itoa(j)+"]")
		}
		if _, dup := patchIdx[k]; !dup {
			patchIdx[k] = j
		}
		i, found := origIdx[k]
		if !found {
			i, found = added[k]
		}
		var target map[string]any
		if found {
			target = merged[i].(map[string]any)
		}
		m, err := mergeMap(target, p, f.Schema)
		if err != nil {
			return nil, at(err, "["+mk+"="+render(p[mk])+"]")
		}
		if found {
			merged[i] = m
			continue
		}
		if added == nil {
			added = map[scalar]int{}
		}
		added[k] = len(merged)
		merged, keys = append(merged, m), append(keys, k)
	}

	// The patch's elements in patch order, interleaved with the others in
	// their original order.
	var left, right []any
	var lk, rk []scalar
	for i, e := range merged {
		if _, ok := patchIdx[keys[i]]; ok {
			right, rk = append(right, e), append(rk, keys[i])
		} else {
			left, lk = append(left, e), append(lk, keys[i])
		}
	}
	sortByIndex(right, rk, patchIdx)
	return interleave(left, lk, right, rk, origIdx), nil
}

// interleave merges left (the original's elements, in original order) and
// right (the patch's, in patch order) as Kubernetes does: an element of left
// goes first when both it and the next of right are in the original, it
// before it.
func interleave(left []any, lk []scalar, right []any, rk []scalar, serverIdx map[scalar]int) []any {
	out := make([]any, 0, len(left)+len(right))
	i, j := 0, 0
	for i < len(left) || j < len(right) {
		takeLeft := j >= len(right)
		if !takeLeft && i < len(left) {
			li, lok := serverIdx[lk[i]]
			ri, rok := serverIdx[rk[j]]
			takeLeft = lok && rok && li < ri
		}
		if takeLeft {
			out = append(out, left[i])
			i++
		} else {
			out = append(out, right[j])
			j++
		}
	}
	return out
}

// sortByIndex stably sorts elems (with their keys) by the keys' positions
// in idx; keys not in idx go last.
func sortByIndex(elems []any, keys []scalar, idx map[scalar]int) {
	pos := func(k scalar) int {
		if i, ok := idx[k]; ok {
			return i
		}
		return len(idx) + 1<<30
	}
	perm := make([]int, len(elems))
	for i := range perm {
		perm[i] = i
	}
	sort.SliceStable(perm, func(a, b int) bool { return pos(keys[perm[a]]) < pos(keys[perm[b]]) })
	es := append([]any(nil), elems...)
	ks := append([]scalar(nil), keys...)
	for i, p := range perm {
		elems[i], keys[i] = es[p], ks[p]
	}
}

// setElementOrder handles the directive "$setElementOrder/<field>": it
// merges the field's list (if the patch has it) and orders the result.
func setElementOrder(orig, patch map[string]any, dk string, s Schema) error {
	order := patch[dk]
	delete(patch, dk)
	key, err := directiveKey(dk, setElementOrderPrefix, msgBadSetElementList)
	if err != nil {
		return err
	}
	l, ok := order.([]any)
	if !ok {
		return badRequest("%s: the value must be a list, not a %s", msgBadSetElementList, kindOf(order))
	}
	ov, foundO := orig[key]
	pv, foundP := patch[key]
	var ol, pl []any
	if foundO {
		if ol, ok = ov.([]any); !ok {
			return badRequest("%s: the object's %q is a %s, not a list", msgBadSetElementList, key, kindOf(ov))
		}
	}
	if foundP {
		if pl, ok = pv.([]any); !ok {
			return badRequest("%s: the patch's %q is a %s, not a list", msgBadSetElementList, key, kindOf(pv))
		}
	}
	f, err := fieldOf(s, key)
	if err != nil {
		return err
	}
	strategy, _, err := strategyOf(f)
	if err != nil {
		return err
	}
	mk := f.MergeKey
	if err := checkOrder(pl, l, mk); err != nil {
		return err
	}
	var merged []any
	switch {
	case foundO && !foundP:
		merged = ol
	case !foundO && foundP:
		merged, err = insertList(pl, f)
	case foundO && foundP && strategy == "merge":
		merged, err = mergeList(ol, pl, f)
	case foundO && foundP:
		merged, err = insertList(pl, f)
	default:
		return nil
	}
	if err != nil {
		return at(err, key)
	}
	delete(patch, key)
	if len(merged) == 0 {
		orig[key] = merged
		return nil
	}

	keyOf := func(e any) (scalar, error) {
		if mk != "" {
			return mergeKeyOf(e, mk)
		}
		k, ok := scalarOf(e)
		if !ok {
			return k, badRequest("%s: cannot order a list of %ss without a merge key", msgBadSetElementList, kindOf(e))
		}
		return k, nil
	}
	firstIndex := func(l []any) (map[scalar]int, error) {
		idx := make(map[scalar]int, len(l))
		for i, e := range l {
			k, err := keyOf(e)
			if err != nil {
				return nil, err
			}
			if _, dup := idx[k]; !dup {
				idx[k] = i
			}
		}
		return idx, nil
	}
	orderIdx, err := firstIndex(l)
	if err != nil {
		return err
	}
	serverIdx, err := firstIndex(ol)
	if err != nil {
		return err
	}
	var left, right []any
	var lk, rk []scalar
	for _, e := range merged {
		k, err := keyOf(e)
		if err != nil {
			return at(err, key)
		}
		if _, ok := orderIdx[k]; ok {
			right, rk = append(right, e), append(rk, k)
		} else {
			left, lk = append(left, e), append(lk, k)
		}
	}
	sortByIndex(right, rk, orderIdx)
	sortByIndex(left, lk, serverIdx)
	orig[key] = interleave(left, lk, right, rk, serverIdx)
	return nil
}

// checkOrder verifies that the patch list's elements appear in the
// $setElementOrder list, in the same order, as Kubernetes does.
func checkOrder(pl, order []any, mk string) error {
	if len(order) == 0 || len(pl) == 0 {
		return nil
	}
	items := pl
	if mk != "" {
		items = make([]any, 0, len(pl))
		for _, e := range pl {
			m, ok := e.(map[string]any)
			if !ok {
				return badRequest("expected an object in a list merged by %q, not a %s", mk, kindOf(e))
			}
			if m[directiveMarker] != "delete" {
				items = append(items, e)
			}
		}
	}
	pi, si := 0, 0
	for pi < len(items) && si < len(order) {
		if m, ok := items[pi].(map[string]any); ok {
			if _, directive := m[directiveMarker]; directive {
				pi++
				continue
			}
		}
		same, err := sameElement(items[pi], order[si], mk)
		if err != nil {
			return err
		}
		if same {
			pi++
		}
		si++
	}
	if pi < len(items) && si >= len(order) {
		return badRequest("the order in patch list %s doesn't match %s list %s", render(pl), setElementOrderPrefix, render(order))
	}
	return nil
}

func sameElement(a, b any, mk string) (bool, error) {
	if mk == "" {
		return equalJSON(a, b), nil
	}
	ka, err := mergeKeyOf(a, mk)
	if err != nil {
		return false, err
	}
	kb, err := mergeKeyOf(b, mk)
	if err != nil {
		return false, err
	}
	return ka == kb, nil
}

// applyRetainKeys handles the directive "$retainKeys".
func applyRetainKeys(orig, patch map[string]any) error {
	rk, ok := patch[retainKeysDirective]
	if !ok {
		return nil
	}
	delete(patch, retainKeysDirective)
	list, ok := rk.([]any)
	if !ok {
		return badRequest("%s: %s must be a list, not a %s", msgBadRetainKeys, retainKeysDirective, kindOf(rk))
	}
	retain := make(map[string]bool, len(list))
	for _, e := range list {
		if s, ok := e.(string); ok {
			retain[s] = true
		}
	}
	missing := ""
	for k, v := range patch {
		if v == nil || retain[k] || strings.HasPrefix(k, deleteFromPrimitiveListPrefix) || strings.HasPrefix(k, setElementOrderPrefix) {
			continue
		}
		if missing == "" || k < missing {
			missing = k
		}
	}
	if missing != "" {
		return badRequest("%s: the patch sets %q, which the %s list %s does not name", msgBadRetainKeys, missing, retainKeysDirective, render(list))
	}
	for k := range orig {
		if !retain[k] {
			delete(orig, k)
		}
	}
	return nil
}

// deleteFromPrimitiveList handles "$deleteFromPrimitiveList/<field>".
func deleteFromPrimitiveList(orig map[string]any, dk string, v any) error {
	key, err := directiveKey(dk, deleteFromPrimitiveListPrefix, msgBadPrimitiveList)
	if err != nil {
		return err
	}
	if v == nil {
		delete(orig, key) // as Kubernetes: a null list deletes the field
		return nil
	}
	list, ok := v.([]any)
	if !ok {
		return badRequest("%s: the value must be a list, not a %s", msgBadPrimitiveList, kindOf(v))
	}
	drop := make(map[scalar]bool, len(list))
	for _, e := range list {
		k, ok := scalarOf(e)
		if !ok {
			return badRequest("%s: it may list strings, numbers, booleans and null, not a %s", msgBadPrimitiveList, kindOf(e))
		}
		drop[k] = true
	}
	ol, ok := orig[key].([]any)
	if !ok || len(drop) == 0 {
		return nil
	}
	out := make([]any, 0, len(ol))
	for _, e := range ol {
		if k, ok := scalarOf(e); ok && drop[k] {
			continue
		}
		out = append(out, e)
	}
	orig[key] = out
	return nil
}

// directiveKey returns the field a "<prefix>/<field>" directive is about.
func directiveKey(dk, prefix, msg string) (string, error) {
	p, field, ok := strings.Cut(dk, "/")
	if !ok || p != prefix {
		return "", badRequest("%s: %q is not %s/<field>", msg, dk, prefix)
	}
	return field, nil
}

// mergeKeyOf returns the merge key value of the list element e.
func mergeKeyOf(e any, mk string) (scalar, error) {
	m, ok := e.(map[string]any)
	if !ok {
		return scalar{}, badRequest("expected an object in a list merged by %q, not a %s", mk, kindOf(e))
	}
	v, ok := m[mk]
	if !ok {
		return scalar{}, badRequest("map: %s does not contain declared merge key: %s", render(m), mk)
	}
	k, ok := scalarOf(v)
	if !ok {
		return scalar{}, badRequest("the merge key %q must be a string, number, boolean or null, not a %s", mk, kindOf(v))
	}
	return k, nil
}

// fieldOf returns the metadata of member k of objects of schema s (nil:
// untyped). A struct without the field is an error, as in Kubernetes.
func fieldOf(s Schema, k string) (Field, error) {
	if s == nil {
		return Field{}, nil
	}
	f, ok := s.Field(k)
	if !ok {
		return Field{}, badRequest("unable to find api field in struct %s for the json field %q", s.Name(), k)
	}
	return f, nil
}

// fieldOrUntyped is fieldOf for a value that is inserted, not merged: an
// unknown field is left for decoding to judge.
func fieldOrUntyped(s Schema, k string) Field {
	if s == nil {
		return Field{}
	}
	f, _ := s.Field(k)
	return f
}

func schemaName(s Schema) string {
	if s == nil {
		return "untyped"
	}
	return s.Name()
}

func badPatchType(d any, m map[string]any) error {
	return badRequest("Unknown patch type: %s in map: %s", render(d), render(m))
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
