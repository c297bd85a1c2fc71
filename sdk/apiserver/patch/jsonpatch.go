package patch

import (
	"strconv"
	"strings"

	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
)

// Limits of JSON Patch, the same as Kubernetes' defaults.
const (
	// MaxJSONPatchOperations is the most operations one JSON Patch may hold;
	// more is ErrRequestTooLarge.
	MaxJSONPatchOperations = 10000
	// MaxCopyBytes bounds how much "copy" operations may grow a document, in
	// total, in encoded bytes (Kubernetes' JSONPatchMaxCopyBytes), so that a
	// small patch cannot copy a document into itself until it fills memory.
	MaxCopyBytes = 3 << 20
)

// operation is one decoded JSON Patch operation.
type operation struct {
	op       string
	path     []string // reference tokens, unescaped; empty is the whole document
	pathText string
	from     []string
	fromText string
	value    any
}

// JSONPatch applies an RFC 6902 JSON Patch (JSONPatchType) to the JSON
// document original. The patch is an array of operations applied in order,
// all or nothing:
//
//	{"op": "add",     "path": "/a/b", "value": v}  add a member, insert into an array ("/a/-" appends)
//	{"op": "remove",  "path": "/a/b"}              remove a member or array element, which must exist
//	{"op": "replace", "path": "/a/b", "value": v}  replace a value, which must exist
//	{"op": "move",    "from": "/a", "path": "/b"}  remove from "from", add at "path"
//	{"op": "copy",    "from": "/a", "path": "/b"}  add a copy of "from" at "path"
//	{"op": "test",    "path": "/a",   "value": v}  fail unless the value equals v
//
// Paths are RFC 6901 JSON Pointers ("~1" is "/", "~0" is "~"); array indexes
// are "0", "1", ... without leading zeros, and must be in range ("-" only for
// add). "test" compares JSON values deeply, numbers by value. As in
// Kubernetes, testing a missing object member against null succeeds.
// Negative array indexes, which Kubernetes' JSON Patch library accepts, are
// rejected as RFC 6902 requires.
//
// kubectl sends JSON patches for `kubectl rollout undo` of a Deployment
// (replacing /spec/template and /metadata/annotations) and for
// `kubectl patch --type json`.
//
// Error messages name the operation by index, op and path. See Apply for
// the error classes. JSONPatch does not modify its arguments.
func JSONPatch(original, patch []byte) ([]byte, error) {
	ops, err := decodeJSONPatch(patch)
	if err != nil {
		return nil, err
	}
	doc, err := decodeOriginal(original)
	if err != nil {
		return nil, err
	}
	copyBudget := int64(MaxCopyBytes)
	for i := range ops {
		op := &ops[i]
		doc, err = op.apply(doc, &copyBudget)
		if err != nil {
			return nil, op.wrap(i, err)
		}
	}
	if deeper(doc, MaxDepth) {
		return nil, invalid("the patched document nests deeper than %d levels", MaxDepth)
	}
	return encodeResult(doc, len(original)+len(patch))
}

// decodeJSONPatch decodes and checks the form of every operation.
func decodeJSONPatch(patch []byte) ([]operation, error) {
	v, err := decodeJSON(patch)
	if err != nil {
		return nil, badRequest("the json patch is not valid JSON: %v", err)
	}
	list, ok := v.([]any)
	if !ok {
		return nil, badRequest("a json patch must be a JSON array of operations, not a %s", kindOf(v))
	}
	if len(list) > MaxJSONPatchOperations {
		return nil, newError(apierrors.ErrRequestTooLarge,
			"The allowed maximum operations in a JSON patch is %d, got %d", MaxJSONPatchOperations, len(list))
	}
	ops := make([]operation, len(list))
	for i, e := range list {
		m, ok := e.(map[string]any)
		if !ok {
			return nil, badRequest("json patch operation %d must be an object, not a %s", i, kindOf(e))
		}
		op := &ops[i]
		if op.op, err = stringMember(m, "op"); err != nil {
			return nil, badRequest("json patch operation %d: %v", i, err)
		}
		switch op.op {
		case "add", "remove", "replace", "move", "copy", "test":
		default:
			return nil, badRequest("json patch operation %d: unknown op %q; want add, remove, replace, move, copy or test", i, op.op)
		}
		if op.pathText, err = stringMember(m, "path"); err != nil {
			return nil, op.malformed(i, err)
		}
		if op.path, err = parsePointer(op.pathText); err != nil {
			return nil, op.malformed(i, err)
		}
		switch op.op {
		case "move", "copy":
			if op.fromText, err = stringMember(m, "from"); err != nil {
				return nil, op.malformed(i, err)
			}
			if op.from, err = parsePointer(op.fromText); err != nil {
				return nil, op.malformed(i, err)
			}
		case "add", "replace", "test":
			value, ok := m["value"]
			if !ok {
				return nil, op.malformed(i, badRequest(`missing member "value"`))
			}
			op.value = value
		}
	}
	return ops, nil
}

func stringMember(m map[string]any, name string) (string, error) {
	v, ok := m[name]
	if !ok {
		return "", badRequest("missing member %q", name)
	}
	s, ok := v.(string)
	if !ok {
		return "", badRequest("member %q must be a string, not a %s", name, kindOf(v))
	}
	return s, nil
}

func (op *operation) malformed(i int, err error) error {
	return badRequest("json patch operation %d (%s %q): %v", i, op.op, op.pathText, err)
}

// wrap names the operation in err's message and keeps err's class (Invalid
// unless the error says otherwise).
func (op *operation) wrap(i int, err error) error {
	pe, ok := err.(*patchError)
	if !ok {
		pe = invalid("%v", err)
	}
	pe.msg = "json patch operation " + strconv.Itoa(i) + " (" + op.op + " " + strconv.Quote(op.pathText) + "): " + pe.msg
	return pe
}

// parsePointer splits an RFC 6901 JSON Pointer into unescaped tokens.
func parsePointer(p string) ([]string, error) {
	if p == "" {
		return nil, nil
	}
	if p[0] != '/' {
		return nil, badRequest("invalid JSON pointer %q: must be empty or start with \"/\"", p)
	}
	tokens := strings.Split(p[1:], "/")
	for i, t := range tokens {
		if !strings.Contains(t, "~") {
			continue
		}
		var b strings.Builder
		for j := 0; j < len(t); j++ {
			if t[j] != '~' {
				b.WriteByte(t[j])
				continue
			}
			if j+1 < len(t) && t[j+1] == '0' {
				b.WriteByte('~')
			} else if j+1 < len(t) && t[j+1] == '1' {
				b.WriteByte('/')
			} else {
				return nil, badRequest("invalid JSON pointer %q: \"~\" must be followed by \"0\" or \"1\"", p)
			}
			j++
		}
		tokens[i] = b.String()
	}
	return tokens, nil
}

// pointerText formats tokens as a JSON Pointer.
func pointerText(tokens []string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		t = strings.ReplaceAll(t, "~", "~0")
		b.WriteString(strings.ReplaceAll(t, "/", "~1"))
	}
	return b.String()
}

func (op *operation) apply(doc any, copyBudget *int64) (any, error) {
	switch op.op {
	case "add":
		return add(doc, op.path, op.value)
	case "remove":
		if len(op.path) == 0 {
			return nil, invalid("cannot remove the whole document")
		}
		return remove(doc, op.path)
	case "replace":
		if len(op.path) == 0 {
			return op.value, nil
		}
		return update(doc, op.path, 0, func(parent any, key string) (any, error) {
			switch p := parent.(type) {
			case map[string]any:
				if _, ok := p[key]; !ok {
					return nil, invalid("the document has no member %q at %q", key, pointerText(op.path[:len(op.path)-1]))
				}
				p[key] = op.value
				return p, nil
			case []any:
				i, err := arrayIndex(key, len(p), false, op.path)
				if err != nil {
					return nil, err
				}
				p[i] = op.value
				return p, nil
			}
			return nil, notContainer(parent, op.path)
		})
	case "move":
		if equalTokens(op.from, op.path) {
			_, err := get(doc, op.from)
			return doc, err
		}
		if isPrefix(op.from, op.path) {
			return nil, invalid("cannot move %q into itself", op.fromText)
		}
		v, err := get(doc, op.from)
		if err != nil {
			return nil, err
		}
		if doc, err = remove(doc, op.from); err != nil {
			return nil, err
		}
		return add(doc, op.path, v)
	case "copy":
		v, err := get(doc, op.from)
		if err != nil {
			return nil, err
		}
		*copyBudget -= encodedSize(v, *copyBudget)
		if *copyBudget < 0 {
			return nil, invalid("copies grow the document by more than the limit of %d bytes", MaxCopyBytes)
		}
		return add(doc, op.path, deepCopyJSON(v))
	case "test":
		v, found, err := lookup(doc, op.path)
		if err != nil {
			return nil, err
		}
		if !found {
			if op.value == nil {
				return doc, nil // Kubernetes: a missing member tests equal to null.
			}
			return nil, invalid("test failed: the document has no member %q, want %s", op.path[len(op.path)-1], render(op.value))
		}
		if !equalJSON(v, op.value) {
			return nil, invalid("test failed: the value is %s, want %s", render(v), render(op.value))
		}
		return doc, nil
	}
	return nil, badRequest("unknown op %q", op.op)
}

// add adds v at path: the root is replaced, an object member set, an array
// element inserted (or appended for "-").
func add(doc any, path []string, v any) (any, error) {
	if len(path) == 0 {
		return v, nil
	}
	return update(doc, path, 0, func(parent any, key string) (any, error) {
		switch p := parent.(type) {
		case map[string]any:
			p[key] = v
			return p, nil
		case []any:
			i, err := arrayIndex(key, len(p), true, path)
			if err != nil {
				return nil, err
			}
			p = append(p, nil)
			copy(p[i+1:], p[i:])
			p[i] = v
			return p, nil
		}
		return nil, notContainer(parent, path)
	})
}

// remove removes the member or element at path, which must exist.
func remove(doc any, path []string) (any, error) {
	return update(doc, path, 0, func(parent any, key string) (any, error) {
		switch p := parent.(type) {
		case map[string]any:
			if _, ok := p[key]; !ok {
				return nil, invalid("the document has no member %q at %q", key, pointerText(path[:len(path)-1]))
			}
			delete(p, key)
			return p, nil
		case []any:
			i, err := arrayIndex(key, len(p), false, path)
			if err != nil {
				return nil, err
			}
			return append(p[:i:i], p[i+1:]...), nil
		}
		return nil, notContainer(parent, path)
	})
}

// update walks to the parent of path's last token and replaces it with what
// fn returns (arrays change length, so the new value is stored back on the
// way up).
func update(node any, path []string, depth int, fn func(parent any, key string) (any, error)) (any, error) {
	if depth == len(path)-1 {
		return fn(node, path[depth])
	}
	key := path[depth]
	switch n := node.(type) {
	case map[string]any:
		child, ok := n[key]
		if !ok {
			return nil, invalid("the document has no member %q at %q", key, pointerText(path[:depth]))
		}
		c, err := update(child, path, depth+1, fn)
		if err != nil {
			return nil, err
		}
		n[key] = c
		return n, nil
	case []any:
		i, err := arrayIndex(key, len(n), false, path[:depth+1])
		if err != nil {
			return nil, err
		}
		c, err := update(n[i], path, depth+1, fn)
		if err != nil {
			return nil, err
		}
		n[i] = c
		return n, nil
	}
	return nil, notContainer(node, path[:depth+1])
}

// lookup returns the value at path. found is false, with no error, when only
// the last token is missing from an object.
func lookup(doc any, path []string) (v any, found bool, err error) {
	v = doc
	for depth, key := range path {
		switch n := v.(type) {
		case map[string]any:
			child, ok := n[key]
			if !ok {
				if depth == len(path)-1 {
					return nil, false, nil
				}
				return nil, false, invalid("the document has no member %q at %q", key, pointerText(path[:depth]))
			}
			v = child
		case []any:
			i, err := arrayIndex(key, len(n), false, path[:depth+1])
			if err != nil {
				return nil, false, err
			}
			v = n[i]
		default:
			return nil, false, notContainer(v, path[:depth+1])
		}
	}
	return v, true, nil
}

// get returns the value at path, which must exist.
func get(doc any, path []string) (any, error) {
	v, found, err := lookup(doc, path)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, invalid("the document has no member %q at %q", path[len(path)-1], pointerText(path[:len(path)-1]))
	}
	return v, nil
}

// arrayIndex parses an array index token for an array of length n. end
// allows "-" and n itself (the position after the last element).
func arrayIndex(tok string, n int, end bool, path []string) (int, error) {
	if tok == "-" {
		if end {
			return n, nil
		}
		return 0, invalid("%q: \"-\" (past the end of the array) can only be used to add", pointerText(path))
	}
	if tok == "" || len(tok) > 1 && tok[0] == '0' || strings.TrimLeft(tok, "0123456789") != "" {
		return 0, invalid("%q: %q is not an array index", pointerText(path), tok)
	}
	i, err := strconv.Atoi(tok)
	if err != nil || i > n || i == n && !end {
		return 0, invalid("%q: index %s is out of range for an array of length %d", pointerText(path), tok, n)
	}
	return i, nil
}

func notContainer(v any, path []string) error {
	return invalid("%q: cannot reach into a %s", pointerText(path), kindOf(v))
}

func equalTokens(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// isPrefix reports whether a is a proper prefix of b.
func isPrefix(a, b []string) bool {
	return len(a) < len(b) && equalTokens(a, b[:len(a)])
}
