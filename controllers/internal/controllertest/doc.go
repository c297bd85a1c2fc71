// Package controllertest runs an API server in process, on the memory
// store, for the controllers' integration tests: a loopback client, a
// manager started and stopped with the test, polling helpers, and a
// goroutine leak check.
package controllertest
