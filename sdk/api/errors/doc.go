// Package errors holds Gantry's error classes and their Kubernetes Status form.
//
// Every error that crosses a component boundary belongs to a class
// (ErrNotFound, ErrConflict, ErrInvalid, ...). Test for a class with
// errors.Is(err, errors.ErrNotFound) or the Is* helpers; wrap with %w to keep
// the class. A *StatusError carries the full Kubernetes Status (reason, code,
// details with causes) and unwraps to its class, so an error read back from
// the API server over HTTP tests the same as the one the server produced.
package errors
