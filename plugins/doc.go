// Package plugins is the home of Gantry's reference out-of-process plugins,
// each its own main package in a subfolder, built on sdk/plugin.
//
// Status: none yet (issue 8).
package plugins
