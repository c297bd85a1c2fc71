// Package codec decodes and encodes objects through a kind Registry, in the
// JSON and YAML forms Kubernetes uses on the wire and in manifests.
//
// Decoding reads apiVersion and kind, looks the kind up in a
// registry.Registry and decodes into a new object of that kind. JSON is
// decoded case-sensitively, as Kubernetes does ("Spec" is not "spec"), and
// integers are preserved exactly (an int64 never goes through a float64).
// Unknown and duplicate fields are handled by the FieldValidation of
// DecodeOptions, whose values are those of Kubernetes' fieldValidation query
// parameter:
//
//   - Strict (the zero value) fails the decode, naming every offending
//     field by its full path: strict decoding error: unknown field
//     "spec.template.spec.containers[0].imagee".
//   - Warn decodes and returns one warning per offending field.
//   - Ignore decodes and drops them silently.
//
// Every decoding error is of class errors.ErrBadRequest (package
// sdk/api/errors), so that an API server turns it into a 400 Status; the
// finer reason is one of ErrMissingKind, ErrUnknownKind, ErrStrict or
// ErrMalformed, all tested with errors.Is.
//
// Wherever YAML is accepted, JSON is too: a document whose first
// non-blank byte is '{' is read as JSON, anything else as YAML (YAML
// duplicate keys are strict errors). NewYAMLReader splits a multi-document
// YAML stream on "---" lines, and DecodeAll decodes a whole YAML or JSON
// stream, expanding List documents into their items.
//
// Encoding never mutates the object it is given. EncodeJSON and EncodeYAML
// fill in apiVersion and kind from the registry when the object leaves them
// empty, so that what a server writes always carries them.
//
// The package holds no state: every function takes the Registry it uses.
package codec
