package resource

import (
	"fmt"

	"github.com/gantryhq/gantry/sdk/api/internal/protowire"
)

// MarshalProtobuf encodes q as Kubernetes does in protobuf: the message
// {string string = 1} holding the canonical string form.
func (q Quantity) MarshalProtobuf() ([]byte, error) {
	s := q.String()
	b := make([]byte, 0, len(s)+2)
	b = protowire.AppendTag(b, 1, protowire.BytesType)
	return protowire.AppendString(b, s), nil
}

// UnmarshalProtobuf decodes a {string string = 1} message and parses the
// string; an empty message leaves the zero Quantity.
func (q *Quantity) UnmarshalProtobuf(data []byte) error {
	*q = Quantity{}
	for len(data) > 0 {
		f, n, err := protowire.ConsumeField(data)
		if err != nil {
			return fmt.Errorf("Quantity: %w", err)
		}
		data = data[n:]
		if f.Num != 1 {
			continue
		}
		if f.Type != protowire.BytesType {
			return fmt.Errorf("Quantity: field 1 has wire type %d, want bytes", f.Type)
		}
		p, err := ParseQuantity(string(f.Bytes))
		if err != nil {
			return fmt.Errorf("Quantity %q: %w", f.Bytes, err)
		}
		*q = p
	}
	return nil
}
