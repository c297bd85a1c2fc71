package field

import (
	"strconv"
	"strings"
)

// Path is a path to a field, built by chaining Child, Index and Key from a
// root made by NewPath. A nil *Path is the empty path.
type Path struct {
	name   string // a field name, or "" for an index or key
	index  string // "[3]" or "[key]"
	parent *Path
}

// NewPath returns a root path with the given field names.
func NewPath(name string, more ...string) *Path {
	p := &Path{name: name}
	for _, n := range more {
		p = &Path{name: n, parent: p}
	}
	return p
}

// Child returns the path to a field named name (and more) under p.
func (p *Path) Child(name string, more ...string) *Path {
	r := NewPath(name, more...)
	r.root().parent = p
	return r
}

// Index returns the path to element i of the list at p.
func (p *Path) Index(i int) *Path {
	return &Path{index: "[" + strconv.Itoa(i) + "]", parent: p}
}

// Key returns the path to entry key of the map at p.
func (p *Path) Key(key string) *Path {
	return &Path{index: "[" + key + "]", parent: p}
}

func (p *Path) root() *Path {
	for p.parent != nil {
		p = p.parent
	}
	return p
}

// String renders the path ("spec.template.spec.containers[0].name").
func (p *Path) String() string {
	if p == nil {
		return "<nil>"
	}
	var elems []*Path
	for q := p; q != nil; q = q.parent {
		elems = append(elems, q)
	}
	var b strings.Builder
	for i := len(elems) - 1; i >= 0; i-- {
		e := elems[i]
		if e.index != "" {
			b.WriteString(e.index)
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(e.name)
	}
	return b.String()
}
