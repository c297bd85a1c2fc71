package v1

import (
	"bytes"
	"encoding/json"
	"errors"

	"github.com/gantryhq/gantry/sdk/api/meta"
)

// ControllerRevision is an immutable snapshot of state data, used by the
// DaemonSet and StatefulSet controllers for updates and rollbacks. Once
// created its data may not change; it may be deleted.
type ControllerRevision struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`
	// Data is the serialized state (for the built-in controllers, a patch
	// holding the pod template); required.
	Data RawExtension `json:"data,omitempty" protobuf:"bytes,2,opt,name=data"`
	// Revision is the revision number of Data.
	Revision int64 `json:"revision" protobuf:"varint,3,opt,name=revision"`
}

// ControllerRevisionList is a list of ControllerRevisions.
type ControllerRevisionList struct {
	meta.TypeMeta `json:",inline"`
	meta.ListMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`
	Items         []ControllerRevision `json:"items" protobuf:"bytes,2,rep,name=items"`
}

// RawExtension holds an arbitrary JSON value verbatim, as Kubernetes'
// runtime.RawExtension does on the wire. A nil Raw is JSON null (and means
// "not set").
type RawExtension struct {
	// Raw is the JSON value, as received.
	Raw []byte `json:"-" protobuf:"bytes,1,opt,name=raw"`
}

// MarshalJSON writes Raw, or null when it is nil.
func (re RawExtension) MarshalJSON() ([]byte, error) {
	if re.Raw == nil {
		return []byte("null"), nil
	}
	return re.Raw, nil
}

// UnmarshalJSON keeps a copy of the JSON value; null leaves Raw unchanged (nil).
func (re *RawExtension) UnmarshalJSON(in []byte) error {
	if re == nil {
		return errors.New("apps/v1: RawExtension: UnmarshalJSON on nil pointer")
	}
	if !bytes.Equal(in, []byte("null")) {
		re.Raw = append(re.Raw[:0], in...)
	}
	return nil
}

// equalJSON reports whether two raw JSON values are equal after compaction
// (insignificant whitespace does not count as a change).
func equalJSON(a, b []byte) bool {
	if (a == nil) != (b == nil) {
		return false
	}
	var ca, cb bytes.Buffer
	if json.Compact(&ca, a) != nil || json.Compact(&cb, b) != nil {
		return bytes.Equal(a, b)
	}
	return bytes.Equal(ca.Bytes(), cb.Bytes())
}
