package meta

import (
	"fmt"
	"time"

	"github.com/gantryhq/gantry/sdk/api/internal/protowire"
)

// MarshalProtobuf encodes t as Kubernetes encodes metav1.Time in protobuf:
// the message {int64 seconds = 1; int32 nanos = 2}, or an empty message for
// the zero time.
func (t Time) MarshalProtobuf() ([]byte, error) { return marshalTimestamp(t.Time), nil }

// UnmarshalProtobuf decodes a {seconds, nanos} message; an empty message is
// the zero time.
func (t *Time) UnmarshalProtobuf(data []byte) error {
	v, err := unmarshalTimestamp(data)
	if err != nil {
		return fmt.Errorf("Time: %w", err)
	}
	t.Time = v
	return nil
}

// MarshalProtobuf encodes t as Kubernetes encodes metav1.MicroTime: the
// same {seconds, nanos} message as Time.
func (t MicroTime) MarshalProtobuf() ([]byte, error) { return marshalTimestamp(t.Time), nil }

// UnmarshalProtobuf decodes a {seconds, nanos} message; an empty message is
// the zero time.
func (t *MicroTime) UnmarshalProtobuf(data []byte) error {
	v, err := unmarshalTimestamp(data)
	if err != nil {
		return fmt.Errorf("MicroTime: %w", err)
	}
	t.Time = v
	return nil
}

func marshalTimestamp(t time.Time) []byte {
	if t.IsZero() {
		return nil
	}
	b := make([]byte, 0, 16)
	b = protowire.AppendTag(b, 1, protowire.VarintType)
	b = protowire.AppendVarint(b, uint64(t.Unix()))
	b = protowire.AppendTag(b, 2, protowire.VarintType)
	return protowire.AppendVarint(b, uint64(int64(int32(t.Nanosecond()))))
}

func unmarshalTimestamp(data []byte) (time.Time, error) {
	if len(data) == 0 {
		return time.Time{}, nil
	}
	var seconds int64
	var nanos int32
	for len(data) > 0 {
		f, n, err := protowire.ConsumeField(data)
		if err != nil {
			return time.Time{}, err
		}
		data = data[n:]
		switch f.Num {
		case 1, 2:
			if f.Type != protowire.VarintType {
				return time.Time{}, fmt.Errorf("field %d has wire type %d, want varint", f.Num, f.Type)
			}
			if f.Num == 1 {
				seconds = int64(f.Varint)
			} else {
				nanos = int32(f.Varint)
			}
		}
	}
	return time.Unix(seconds, int64(nanos)).Local(), nil
}
