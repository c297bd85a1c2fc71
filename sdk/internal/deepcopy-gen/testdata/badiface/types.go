// Package badiface has a field deepcopy-gen cannot copy.
//
// +gantry:deepcopy-gen=package
package badiface

// Holder holds an interface.
type Holder struct {
	Name  string
	Inner Inner
}

// Inner holds an interface deep down.
type Inner struct {
	Values map[string][]any
}
