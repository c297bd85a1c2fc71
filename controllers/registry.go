package controllers

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
)

// AddFunc builds a controller from its configuration (raw JSON; nil when
// none was given, meaning defaults) and adds it to mgr. Typed adapts a
// function taking a typed configuration.
type AddFunc func(mgr *Manager, config []byte) error

// Registry maps controller names to their AddFuncs. It is a value: build
// one with NewRegistry and Register (controllers/builtin.NewDefaultRegistry
// holds the built-in controllers), merge a product's own controllers into
// it, and add the enabled ones to a manager with AddTo.
type Registry struct {
	adds  map[string]AddFunc
	order []string
}

// NewRegistry returns an empty Registry.
func NewRegistry() *Registry { return &Registry{adds: map[string]AddFunc{}} }

// Register adds a controller; it fails on a duplicate or empty name.
func (r *Registry) Register(name string, add AddFunc) error {
	if name == "" || add == nil {
		return errors.New("controllers: Register needs a name and an AddFunc")
	}
	if _, dup := r.adds[name]; dup {
		return fmt.Errorf("controllers: controller %q is already registered", name)
	}
	r.adds[name] = add
	r.order = append(r.order, name)
	return nil
}

// Merge adds every controller of other, in its order; it fails on the
// first duplicate.
func (r *Registry) Merge(other *Registry) error {
	for _, name := range other.order {
		if err := r.Register(name, other.adds[name]); err != nil {
			return err
		}
	}
	return nil
}

// Names returns the registered names in registration order.
func (r *Registry) Names() []string { return append([]string(nil), r.order...) }

// Config selects and configures the controllers of a Registry.
type Config struct {
	// Disabled names controllers not to add. A name the registry does not
	// know is an error (it is most likely a typo).
	Disabled []string
	// Settings holds controllers' configurations (JSON) by name; a
	// controller without one gets its defaults. A name the registry does
	// not know is an error.
	Settings map[string]json.RawMessage
}

// AddTo adds every registered controller not disabled in cfg to mgr, in
// registration order.
func (r *Registry) AddTo(mgr *Manager, cfg Config) error {
	disabled := map[string]bool{}
	var unknown []string
	for _, name := range cfg.Disabled {
		if _, ok := r.adds[name]; !ok {
			unknown = append(unknown, name)
		}
		disabled[name] = true
	}
	for name := range cfg.Settings {
		if _, ok := r.adds[name]; !ok {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return fmt.Errorf("controllers: unknown controller(s) %q: known controllers are %q", unknown, r.order)
	}
	for _, name := range r.order {
		if disabled[name] {
			mgr.log.Info("controller disabled", "controller", name)
			continue
		}
		if err := r.adds[name](mgr, cfg.Settings[name]); err != nil {
			return fmt.Errorf("controllers: adding controller %q: %w", name, err)
		}
	}
	return nil
}

// Typed adapts add, which takes a typed configuration C, to an AddFunc:
// the raw configuration is decoded strictly into C (an unknown field is an
// error naming it); no configuration means C's zero value, which every
// controller documents as its defaults.
func Typed[C any](add func(mgr *Manager, cfg C) error) AddFunc {
	return func(mgr *Manager, raw []byte) error {
		var cfg C
		raw = bytes.TrimSpace(raw)
		if len(raw) > 0 && string(raw) != "null" {
			dec := json.NewDecoder(bytes.NewReader(raw))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&cfg); err != nil {
				return fmt.Errorf("invalid configuration: %w", err)
			}
			if err := dec.Decode(&json.RawMessage{}); err != io.EOF {
				return errors.New("invalid configuration: unexpected data after the JSON object")
			}
		}
		return add(mgr, cfg)
	}
}
