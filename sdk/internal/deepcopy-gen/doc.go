// Command deepcopy-gen writes the deep-copy methods of Gantry's API types, so
// that copying an object never uses reflection.
//
// # Running it
//
// From the repository root, regenerate every package of the object model:
//
//	go run ./sdk/internal/deepcopy-gen ./sdk/api/...
//
// Check that every generated file is up to date (CI does this; the exit
// status is 1 and the stale files are listed when one is not):
//
//	go run ./sdk/internal/deepcopy-gen -verify ./sdk/api/...
//
// A package opts in with the marker comment
//
//	// +gantry:deepcopy-gen=package
//
// in its package doc comment (doc.go), and may add a go:generate line next to
// it so that "go generate" regenerates it alone:
//
//	//go:generate go run github.com/gantryhq/gantry/sdk/internal/deepcopy-gen .
//
// The arguments are package patterns as the go command takes them; packages
// without the marker are skipped. Flags:
//
//	-verify   write nothing; exit 1 if a generated file is missing or stale
//	-v        list the files written or checked
//
// # What it writes
//
// For every marked package it writes zz_generated.deepcopy.go holding, for
// every named struct type T of the package, exported or not:
//
//	func (in *T) DeepCopyInto(out *T)
//	func (in *T) DeepCopy() *T
//
// and for every named map or slice type T the same with a value receiver
// (func (in T) DeepCopyInto(out *T), func (in T) DeepCopy() T); a nil map or
// slice copies to nil and an empty one to an empty one.
//
// For a struct that embeds meta.TypeMeta together with meta.ObjectMeta it
// also writes
//
//	func (in *T) DeepCopyObject() meta.Object
//
// and for one that embeds meta.TypeMeta together with meta.ListMeta
//
//	func (in *T) DeepCopyObject() meta.ListObject
//
// The result types are read from the DeepCopyObject methods of the
// meta.Object and meta.ListObject interfaces; when *T cannot implement the
// result type the method is skipped with a warning. Inside package meta the
// result types are written unqualified.
//
// A type is skipped when its doc comment carries
//
//	// +gantry:deepcopy-gen=false
//
// or when it already has a hand-written DeepCopyInto method (meta.Time,
// meta.MicroTime): such a method is then called wherever the type is
// used, never inlined.
//
// # Copy rules
//
// Pointers, slices, maps (with their values; keys are copied by value),
// arrays and anonymous structs are copied recursively; nil stays nil and
// empty stays empty. A named type, from this or any other package, is
// copied by calling its DeepCopyInto method when it has one or will get a
// generated one, and by assignment when it holds no reference (no pointer,
// slice, map, interface, channel or func at any depth). time.Time is copied
// by assignment: its *Location is shared and immutable. A field whose type
// is an interface, a channel or a func, or a type from another package
// that holds references but has no DeepCopyInto method, is an error that
// names the field: mark the enclosing type +gantry:deepcopy-gen=false and
// write its DeepCopyInto by hand, or give the other type a DeepCopyInto.
//
// Types are resolved with go/types (through golang.org/x/tools/go/packages),
// so types from other packages are known exactly. The existing
// zz_generated.deepcopy.go of each package being generated is hidden from
// the type checker, so a stale generated file never gets in the way, and
// methods found there are never taken for hand-written ones. The output is
// gofmt'd and sorted by type name, so a run on unchanged input writes
// identical bytes. Hand-written code of a package may use the generated
// methods (var _ meta.Object = &Pod{}): the type errors that hiding them
// causes are ignored; any other error in a marked package stops the run.
//
// # Tests
//
// testdata/shapes holds a type of every shape; its generated file is the
// golden file the tests compare with and then compile and exercise.
// After changing the generator, rewrite it with
//
//	go test ./sdk/internal/deepcopy-gen -update
package main
