// Package kvutil holds the argument checks and list planning shared by the
// store backends, so that every backend refuses the same requests with the
// same errors.
package kvutil
