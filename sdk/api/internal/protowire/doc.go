// Package protowire reads and writes the protocol buffer wire format at the
// level of tags, varints and length-delimited fields. It serves the
// Kubernetes protobuf codec (sdk/api/codec/protobuf) and the types of the
// object model whose protobuf shape is custom (meta.Time, resource.Quantity,
// intstr.IntOrString).
//
// It mirrors the shape of google.golang.org/protobuf/encoding/protowire,
// reduced to what those callers need, so that the object model depends on
// nothing outside the standard library.
package protowire
