// Package shapes holds every shape of type deepcopy-gen copies; its
// generated file is the golden file of the generator's tests.
//
// +gantry:deepcopy-gen=package
package shapes

//go:generate go run github.com/gantryhq/gantry/sdk/internal/deepcopy-gen .
