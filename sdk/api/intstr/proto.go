package intstr

import (
	"fmt"

	"github.com/gantryhq/gantry/sdk/api/internal/protowire"
)

// MarshalProtobuf encodes is as Kubernetes does in protobuf: the message
// {int64 type = 1; int32 intVal = 2; string strVal = 3}, every field
// written even when zero.
func (is IntOrString) MarshalProtobuf() ([]byte, error) {
	b := make([]byte, 0, 8+len(is.StrVal))
	b = protowire.AppendTag(b, 1, protowire.VarintType)
	b = protowire.AppendVarint(b, uint64(is.Type))
	b = protowire.AppendTag(b, 2, protowire.VarintType)
	b = protowire.AppendVarint(b, uint64(int64(is.IntVal)))
	b = protowire.AppendTag(b, 3, protowire.BytesType)
	return protowire.AppendString(b, is.StrVal), nil
}

// UnmarshalProtobuf decodes a {type, intVal, strVal} message.
func (is *IntOrString) UnmarshalProtobuf(data []byte) error {
	*is = IntOrString{}
	for len(data) > 0 {
		f, n, err := protowire.ConsumeField(data)
		if err != nil {
			return fmt.Errorf("IntOrString: %w", err)
		}
		data = data[n:]
		want := protowire.VarintType
		switch f.Num {
		case 1, 2:
		case 3:
			want = protowire.BytesType
		default:
			continue
		}
		if f.Type != want {
			return fmt.Errorf("IntOrString: field %d has wire type %d, want %d", f.Num, f.Type, want)
		}
		switch f.Num {
		case 1:
			is.Type = Type(f.Varint)
		case 2:
			is.IntVal = int32(f.Varint)
		case 3:
			is.StrVal = string(f.Bytes)
		}
	}
	return nil
}
