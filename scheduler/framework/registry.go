package framework

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
)

// PluginFactory builds a plugin from its raw arguments (JSON, nil when
// none were configured) and the framework handle.
type PluginFactory func(ctx context.Context, args json.RawMessage, h Handle) (Plugin, error)

// Factory adapts a constructor with typed arguments A: the raw arguments
// are decoded strictly into a new A (an unknown field is an error naming
// it) before calling fn. With no arguments fn gets a zero A; plugins apply
// their defaults.
func Factory[A any](fn func(ctx context.Context, args *A, h Handle) (Plugin, error)) PluginFactory {
	return func(ctx context.Context, raw json.RawMessage, h Handle) (Plugin, error) {
		args := new(A)
		if len(raw) > 0 && !bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
			dec := json.NewDecoder(bytes.NewReader(raw))
			dec.DisallowUnknownFields()
			if err := dec.Decode(args); err != nil {
				return nil, fmt.Errorf("decoding plugin args: %w", err)
			}
		}
		return fn(ctx, args, h)
	}
}

// Registry maps plugin names to factories. It is a value: the default
// plugins come from the scheduler's NewDefaultRegistry and a product merges
// its own into it.
type Registry map[string]PluginFactory

// Register adds a factory; it fails on a duplicate name.
func (r Registry) Register(name string, f PluginFactory) error {
	if _, dup := r[name]; dup {
		return fmt.Errorf("scheduler: plugin %q is already registered", name)
	}
	r[name] = f
	return nil
}

// Merge adds every factory of other; it fails on the first duplicate.
func (r Registry) Merge(other Registry) error {
	for _, name := range other.Names() {
		if err := r.Register(name, other[name]); err != nil {
			return err
		}
	}
	return nil
}

// Names returns the registered names, sorted.
func (r Registry) Names() []string {
	out := make([]string, 0, len(r))
	for n := range r {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
