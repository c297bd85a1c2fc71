package logs

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Stream is an output stream of a container.
type Stream string

// The streams.
const (
	Stdout Stream = "stdout"
	Stderr Stream = "stderr"
)

// The tags of an entry.
const (
	TagFull    = "F"
	TagPartial = "P"
)

// TimeFormat is the entry time's format: RFC 3339 with nine fraction digits.
const TimeFormat = "2006-01-02T15:04:05.000000000Z07:00"

// Entry is one line of a CRI log file.
type Entry struct {
	Time   time.Time
	Stream Stream
	// Partial marks a piece of a line that the next entry continues.
	Partial bool
	// Text is the output without its newline.
	Text []byte
}

// Path returns the conventional log path of attempt of container name under
// a sandbox's log directory: dir/name/attempt.log.
func Path(dir, name string, attempt uint32) string {
	return filepath.Join(dir, RelPath(name, attempt))
}

// RelPath returns the conventional ContainerConfig.LogPath: name/attempt.log.
func RelPath(name string, attempt uint32) string {
	return filepath.Join(name, strconv.FormatUint(uint64(attempt), 10)+".log")
}

// Append appends e in the CRI format, with its newline, to dst.
func Append(dst []byte, e Entry) []byte {
	dst = e.Time.UTC().AppendFormat(dst, TimeFormat)
	dst = append(dst, ' ')
	dst = append(dst, e.Stream...)
	if e.Partial {
		dst = append(dst, " P "...)
	} else {
		dst = append(dst, " F "...)
	}
	dst = append(dst, e.Text...)
	return append(dst, '\n')
}

// Parse parses one line of a CRI log file (with or without its newline).
// Text aliases line.
func Parse(line []byte) (Entry, error) {
	line = bytes.TrimSuffix(line, []byte{'\n'})
	ts, rest, ok := bytes.Cut(line, []byte{' '})
	if !ok {
		return Entry{}, fmt.Errorf("logs: malformed CRI log line %q: want \"<time> <stream> <tag> <text>\"", line)
	}
	t, err := time.Parse(time.RFC3339Nano, string(ts))
	if err != nil {
		return Entry{}, fmt.Errorf("logs: malformed CRI log time %q: want RFC 3339 such as 2026-11-25T13:20:52.123456789Z", ts)
	}
	stream, rest, ok := bytes.Cut(rest, []byte{' '})
	if !ok {
		return Entry{}, fmt.Errorf("logs: malformed CRI log line %q: no tag", line)
	}
	e := Entry{Time: t, Stream: Stream(stream)}
	if e.Stream != Stdout && e.Stream != Stderr {
		return Entry{}, fmt.Errorf("logs: unknown stream %q in CRI log line: want stdout or stderr", stream)
	}
	tag, text, _ := bytes.Cut(rest, []byte{' '})
	// The tag may carry more flags after ':'; only the first matters.
	tag, _, _ = bytes.Cut(tag, []byte{':'})
	switch string(tag) {
	case TagFull:
	case TagPartial:
		e.Partial = true
	default:
		return Entry{}, fmt.Errorf("logs: unknown tag %q in CRI log line: want F or P", tag)
	}
	e.Text = text
	return e, nil
}

// Previous returns the log path of the previous instance of the container
// whose log is at path (dir/name/3.log → dir/name/2.log), and whether that
// file exists. Log paths that do not follow the name/attempt.log convention
// have no previous instance.
func Previous(path string) (string, bool) {
	base := filepath.Base(path)
	num, ok := strings.CutSuffix(base, ".log")
	if !ok {
		return "", false
	}
	attempt, err := strconv.ParseUint(num, 10, 32)
	if err != nil || attempt == 0 {
		return "", false
	}
	prev := filepath.Join(filepath.Dir(path), strconv.FormatUint(attempt-1, 10)+".log")
	if _, err := os.Stat(prev); err != nil {
		return "", false
	}
	return prev, true
}
