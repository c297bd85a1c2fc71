package protobuf

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/gantryhq/gantry/sdk/api/internal/protowire"
)

// ContentType is the media type of Kubernetes protobuf bodies.
const ContentType = "application/vnd.kubernetes.protobuf"

// Magic is the prefix of every Kubernetes protobuf body.
const Magic = "k8s\x00"

// ErrNoMagic: a body does not start with Magic.
var ErrNoMagic = errors.New(`not a Kubernetes protobuf body: it does not start with the 4-byte prefix "k8s\x00"`)

// EncodeEnvelope frames raw, the protobuf encoding of an object of the
// given apiVersion and kind, as Kubernetes does on the wire: Magic followed
// by a runtime.Unknown message {TypeMeta typeMeta = 1 {string apiVersion = 1;
// string kind = 2}; bytes raw = 2; string contentEncoding = 3; string
// contentType = 4}, the last two empty.
func EncodeEnvelope(apiVersion, kind string, raw []byte) []byte {
	tm := make([]byte, 0, len(apiVersion)+len(kind)+4)
	tm = protowire.AppendTag(tm, 1, protowire.BytesType)
	tm = protowire.AppendString(tm, apiVersion)
	tm = protowire.AppendTag(tm, 2, protowire.BytesType)
	tm = protowire.AppendString(tm, kind)

	b := make([]byte, 0, len(Magic)+len(tm)+len(raw)+16)
	b = append(b, Magic...)
	b = protowire.AppendTag(b, 1, protowire.BytesType)
	b = protowire.AppendBytes(b, tm)
	if raw != nil {
		b = protowire.AppendTag(b, 2, protowire.BytesType)
		b = protowire.AppendBytes(b, raw)
	}
	b = protowire.AppendTag(b, 3, protowire.BytesType)
	b = protowire.AppendString(b, "")
	b = protowire.AppendTag(b, 4, protowire.BytesType)
	return protowire.AppendString(b, "")
}

// DecodeEnvelope reads a body framed by EncodeEnvelope and returns the
// apiVersion and kind it names and the encoded object, which aliases data.
// A body without Magic is an error matching ErrNoMagic; a frame whose
// contentEncoding is set (Kubernetes never sets it) or whose contentType is
// not empty or ContentType is an error matching ErrMalformed.
func DecodeEnvelope(data []byte) (apiVersion, kind string, raw []byte, err error) {
	if !bytes.HasPrefix(data, []byte(Magic)) {
		return "", "", nil, ErrNoMagic
	}
	data = data[len(Magic):]
	var contentEncoding, contentType string
	for len(data) > 0 {
		f, n, err := protowire.ConsumeField(data)
		if err != nil {
			return "", "", nil, &Error{Field: "runtime.Unknown", Err: err}
		}
		data = data[n:]
		if f.Num < 1 || f.Num > 4 {
			continue
		}
		if f.Type != protowire.BytesType {
			return "", "", nil, &Error{Field: fmt.Sprintf("runtime.Unknown field %d", f.Num), Err: wireError(f, protowire.BytesType)}
		}
		switch f.Num {
		case 1:
			apiVersion, kind, err = decodeTypeMeta(f.Bytes)
			if err != nil {
				return "", "", nil, &Error{Field: "typeMeta", Err: err}
			}
		case 2:
			raw = f.Bytes
		case 3:
			contentEncoding = string(f.Bytes)
		case 4:
			contentType = string(f.Bytes)
		}
	}
	if contentEncoding != "" {
		return "", "", nil, &Error{Field: "contentEncoding", Err: fmt.Errorf("content encoding %q is not supported", contentEncoding)}
	}
	if contentType != "" && contentType != ContentType {
		return "", "", nil, &Error{Field: "contentType", Err: fmt.Errorf("content type %q is not supported; want empty or %q", contentType, ContentType)}
	}
	return apiVersion, kind, raw, nil
}

func decodeTypeMeta(data []byte) (apiVersion, kind string, err error) {
	for len(data) > 0 {
		f, n, err := protowire.ConsumeField(data)
		if err != nil {
			return "", "", err
		}
		data = data[n:]
		if f.Num != 1 && f.Num != 2 {
			continue
		}
		if f.Type != protowire.BytesType {
			return "", "", wireError(f, protowire.BytesType)
		}
		if f.Num == 1 {
			apiVersion = string(f.Bytes)
		} else {
			kind = string(f.Bytes)
		}
	}
	return apiVersion, kind, nil
}
