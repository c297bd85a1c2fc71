// Package selfuse calls its own generated methods from hand-written code,
// which the generator must tolerate while it hides the generated file.
//
// +gantry:deepcopy-gen=package
package selfuse

import "github.com/gantryhq/gantry/sdk/api/meta"

// Thing is a kind.
type Thing struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata,omitempty"`
	Tags            []string `json:"tags,omitempty"`
}

// ThingList is its list.
type ThingList struct {
	meta.TypeMeta `json:",inline"`
	meta.ListMeta `json:"metadata,omitempty"`
	Items         []Thing `json:"items"`
}

var (
	_ meta.Object     = &Thing{}
	_ meta.ListObject = &ThingList{}
)

// Clone uses the generated DeepCopy.
func Clone(t *Thing) *Thing { return t.DeepCopy() }
