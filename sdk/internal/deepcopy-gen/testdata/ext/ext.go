// Package ext holds types from "another package" for the deepcopy-gen tests.
// It is not generated.
package ext

// Quantity holds a reference and copies itself by hand, as resource.Quantity does.
type Quantity struct {
	Value *int64
	Unit  string
}

// DeepCopyInto copies q into out.
func (q *Quantity) DeepCopyInto(out *Quantity) {
	*out = *q
	if q.Value != nil {
		v := *q.Value
		out.Value = &v
	}
}

// DeepCopy returns a copy of q.
func (q Quantity) DeepCopy() Quantity {
	var out Quantity
	q.DeepCopyInto(&out)
	return out
}

// Plain has no reference: assignment copies it.
type Plain struct {
	A string
	B int
	C [2]float64
}

// Blob is a named slice without methods, like json.RawMessage.
type Blob []byte

// Refs holds a reference and has no DeepCopyInto: a generator error.
type Refs struct {
	P *int
}
