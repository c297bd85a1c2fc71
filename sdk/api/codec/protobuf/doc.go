// Package protobuf encodes and decodes objects in the protobuf wire format
// Kubernetes uses for its built-in kinds (Content-Type
// application/vnd.kubernetes.protobuf), so that clients such as kubectl,
// whose typed clients send protobuf bodies, can talk to a Gantry API server.
//
// Marshal and Unmarshal work on Go structs whose fields carry Kubernetes'
// protobuf struct tags (`protobuf:"bytes,2,opt,name=spec"`); the field
// number comes from the tag and the wire type from the Go type, exactly as
// gogo/protobuf's generated code for Kubernetes encodes it:
//
//   - strings, bools and integers that are not pointers are always written,
//     even when empty or zero; pointers are written when non-nil;
//   - structs are length-delimited messages, always written unless they are
//     nil pointers; []byte is written when non-nil;
//   - slices are repeated fields, one entry per element (repeated integers
//     are written unpacked and read packed or unpacked);
//   - maps are repeated {key = 1, value = 2} entries in key order;
//   - fields without a protobuf tag are neither written nor read;
//   - unknown field numbers are skipped.
//
// Types whose protobuf shape is not that of their fields implement
// Marshaler and Unmarshaler (meta.Time, meta.MicroTime, resource.Quantity,
// intstr.IntOrString do). Per-type encoders and decoders are built once,
// on first use, and cached for the life of the process.
//
// EncodeEnvelope and DecodeEnvelope handle the frame around an object on
// the wire: the magic "k8s\x00" followed by a runtime.Unknown message that
// names the object's apiVersion and kind.
//
// Every decoding error matches ErrMalformed and errors.ErrBadRequest of
// package sdk/api/errors with errors.Is; it names the field being decoded.
// Decoding never panics on malformed input.
package protobuf
