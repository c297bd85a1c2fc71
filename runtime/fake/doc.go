// Package fake is an in-memory runtime.Runtime: deterministic, scriptable
// and cheap enough to run 100,000 containers in one process, for tests and
// for simulating many nodes.
//
// Nothing runs: a container is a record whose life a Script describes
// (exit after a while with a code, crash at start, start slowly, be
// OOM-killed, ignore SIGTERM, answer exec commands, print log lines).
// Sandboxes get IP addresses from a configured CIDR without any network.
// Every timed transition sits in one heap driven by one timer of the Clock,
// so a ManualClock makes a run fully deterministic and no goroutine exists
// per container. Container logs, when the sandbox has a log directory, are
// real files in the CRI format.
//
// The fake passes runtime/runtimetest.
package fake
