package patch

import (
	"encoding/json"
)

// docGen builds JSON documents from fuzzer bytes, with the vocabulary of
// Kubernetes objects and of strategic merge patch directives, so that random
// inputs reach the merge logic rather than stop at the JSON parser.
type docGen struct {
	data []byte
	pos  int
}

func (g *docGen) next() int {
	if g.pos >= len(g.data) {
		return 0
	}
	b := g.data[g.pos]
	g.pos++
	return int(b)
}

var (
	genKeys = []string{
		"metadata", "spec", "status", "template", "containers", "initContainers", "name", "image", "env", "value",
		"ports", "containerPort", "volumes", "emptyDir", "hostPath", "volumeMounts", "mountPath", "finalizers",
		"labels", "annotations", "app", "tolerations", "key", "args", "strategy", "type", "rollingUpdate",
		"conditions", "nodeSelector", "ownerReferences", "uid", "imagePullSecrets", "bogus",
		"$patch", "$retainKeys", "$setElementOrder/containers", "$setElementOrder/env", "$setElementOrder/finalizers",
		"$setElementOrder/ports", "$setElementOrder/bogus", "$deleteFromPrimitiveList/finalizers",
		"$deleteFromPrimitiveList/args", "$deleteFromPrimitiveList/containers", "$setElementOrder", "$deleteFromPrimitiveList",
	}
	genStrings = []string{"delete", "replace", "merge", "app", "sidecar", "a", "b", "name", "type", "x", "Recreate", ""}
	genNumbers = []json.Number{"0", "1", "80", "80.0", "8e1", "-1", "1.5"}
)

func (g *docGen) value(depth int) any {
	kind := g.next() % 10
	if depth > 5 && kind < 4 {
		kind += 4
	}
	switch kind {
	case 0, 1:
		return g.object(depth + 1)
	case 2, 3:
		n := g.next() % 5
		l := make([]any, 0, n)
		for range n {
			l = append(l, g.value(depth+1))
		}
		return l
	case 4, 5:
		return genStrings[g.next()%len(genStrings)]
	case 6:
		return genNumbers[g.next()%len(genNumbers)]
	case 7:
		return g.next()%2 == 0
	case 8:
		return nil
	default:
		return genKeys[g.next()%len(genKeys)]
	}
}

func (g *docGen) object(depth int) map[string]any {
	n := g.next() % 6
	m := make(map[string]any, n)
	for range n {
		m[genKeys[g.next()%len(genKeys)]] = g.value(depth)
	}
	return m
}

func (g *docGen) json(v any) string {
	b, err := encodeJSON(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// jsonPatch generates a JSON Patch over the generator's vocabulary.
func (g *docGen) jsonPatch() string {
	ops := []string{"add", "remove", "replace", "move", "copy", "test", "bogus"}
	pointer := func() string {
		n := g.next() % 4
		p := ""
		for range n {
			switch t := g.next() % 6; t {
			case 0:
				p += "/-"
			case 1, 2:
				p += "/" + string(rune('0'+g.next()%3))
			default:
				p += "/" + genKeys[g.next()%len(genKeys)]
			}
		}
		return p
	}
	n := g.next() % 6
	list := make([]any, 0, n)
	for range n {
		op := map[string]any{"op": ops[g.next()%len(ops)], "path": pointer()}
		if g.next()%4 != 0 {
			op["from"] = pointer()
		}
		if g.next()%4 != 0 {
			op["value"] = g.value(3)
		}
		list = append(list, op)
	}
	return g.json(list)
}
