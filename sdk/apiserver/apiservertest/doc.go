// Package apiservertest runs an API server in process for tests: on the
// memory store, with the built-in kinds unless told otherwise, reached
// through a loopback client, and stopped when the test ends. A product's
// own tests of controllers, plugins or clients use it the same way
// Gantry's do.
package apiservertest
