// Package badext uses a type of another package that holds references but
// has no DeepCopyInto.
//
// +gantry:deepcopy-gen=package
package badext

import "github.com/gantryhq/gantry/sdk/internal/deepcopy-gen/testdata/ext"

// Holder holds ext.Refs.
type Holder struct {
	Refs ext.Refs
}
