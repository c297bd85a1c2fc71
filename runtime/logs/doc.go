// Package logs writes, parses and reads container logs in the CRI log
// format, one entry per line:
//
//	2026-11-25T13:20:52.123456789Z stdout F hello world
//
// The fields are the time the runtime read the output (RFC 3339 with
// nanoseconds, UTC), the stream (stdout or stderr), the tag (F for a full
// line, P for a partial one continued by the next entry) and the text
// without its newline. Runtimes write a container's output with a Writer to
// the log path they report; the node agent reads it back with Read (tail,
// since, follow, timestamps). The log of a container's previous instance is
// the file of the previous attempt: Path(dir, name, attempt-1).
package logs
