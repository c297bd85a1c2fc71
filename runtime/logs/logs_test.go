package logs_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/runtime/logs"
)

var t0 = time.Date(2026, 11, 25, 13, 20, 52, 123456789, time.UTC)

func TestFormatAndParse(t *testing.T) {
	tests := []struct {
		name  string
		entry logs.Entry
		line  string
	}{
		{"full stdout", logs.Entry{Time: t0, Stream: logs.Stdout, Text: []byte("hello world")}, "2026-11-25T13:20:52.123456789Z stdout F hello world\n"},
		{"partial stderr", logs.Entry{Time: t0, Stream: logs.Stderr, Partial: true, Text: []byte("abc")}, "2026-11-25T13:20:52.123456789Z stderr P abc\n"},
		{"empty line", logs.Entry{Time: t0, Stream: logs.Stdout, Text: []byte{}}, "2026-11-25T13:20:52.123456789Z stdout F \n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := string(logs.Append(nil, tc.entry))
			if diff := cmp.Diff(tc.line, got); diff != "" {
				t.Errorf("Append (-want +got):\n%s", diff)
			}
			e, err := logs.Parse([]byte(tc.line))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.entry, e); diff != "" {
				t.Errorf("Parse (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	for _, line := range []string{"", "nonsense", "2026-11-25T13:20:52Z", "2026-11-25T13:20:52Z stdin F x", "2026-11-25T13:20:52Z stdout X x", "yesterday stdout F x"} {
		if _, err := logs.Parse([]byte(line)); err == nil {
			t.Errorf("Parse(%q): no error", line)
		}
	}
}

func writeLog(t *testing.T) string {
	t.Helper()
	path := logs.Path(t.TempDir(), "app", 0)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	now := t0
	w := logs.NewWriter(f, func() time.Time { now = now.Add(time.Second); return now })
	out := w.Stream(logs.Stdout)
	if _, err := out.Write([]byte("one\ntwo\nthr")); err != nil {
		t.Fatal(err)
	}
	if _, err := out.Write([]byte("ee\n")); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteLine(logs.Stderr, []byte("oops")); err != nil {
		t.Fatal(err)
	}
	if _, err := out.Write([]byte("four")); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestRead(t *testing.T) {
	path := writeLog(t)
	tests := []struct {
		name       string
		opts       logs.ReadOptions
		out, errst string
	}{
		{"all", logs.ReadOptions{}, "one\ntwo\nthree\nfour\n", "oops\n"},
		{"tail 2", logs.ReadOptions{Tail: 2}, "four\n", "oops\n"},
		{"tail more than there is", logs.ReadOptions{Tail: 100}, "one\ntwo\nthree\nfour\n", "oops\n"},
		{"since", logs.ReadOptions{Since: t0.Add(3 * time.Second)}, "three\nfour\n", "oops\n"},
		{"timestamps", logs.ReadOptions{Tail: 1, Timestamps: true}, "2026-11-25T13:20:57.123456789Z four\n", ""},
		{"limit bytes", logs.ReadOptions{LimitBytes: 6}, "one\ntw", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errs bytes.Buffer
			if err := logs.Read(context.Background(), path, tc.opts, &out, &errs); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.out, out.String()); diff != "" {
				t.Errorf("stdout (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.errst, errs.String()); diff != "" {
				t.Errorf("stderr (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadLongLineSplitsIntoPartials(t *testing.T) {
	var buf bytes.Buffer
	w := logs.NewWriter(&buf, func() time.Time { return t0 })
	long := strings.Repeat("x", logs.MaxLineSize+10)
	if err := w.WriteLine(logs.Stdout, []byte(long)); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "0.log")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	entries, err := logs.ReadEntries(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 || !entries[0].Partial || entries[1].Partial {
		t.Fatalf("got %d entries, want one partial and one full", len(entries))
	}
	var out bytes.Buffer
	if err := logs.Read(context.Background(), path, logs.ReadOptions{Tail: 1}, &out, nil); err != nil {
		t.Fatal(err)
	}
	if out.String() != long+"\n" {
		t.Errorf("tail 1 of a split line gave %d bytes, want %d", out.Len(), len(long)+1)
	}
}

func TestReadFollow(t *testing.T) {
	path := filepath.Join(t.TempDir(), "0.log")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := logs.NewWriter(f, nil)
	if err := w.WriteLine(logs.Stdout, []byte("first")); err != nil {
		t.Fatal(err)
	}
	var running atomic.Bool
	running.Store(true)
	pr, pw := newPipe()
	done := make(chan error, 1)
	go func() {
		done <- logs.Read(context.Background(), path, logs.ReadOptions{Follow: true, Running: running.Load, PollInterval: time.Millisecond}, pw, nil)
	}()
	if got := <-pr; got != "first\n" {
		t.Fatalf("first followed line %q, want %q", got, "first\n")
	}
	if err := w.WriteLine(logs.Stdout, []byte("second")); err != nil {
		t.Fatal(err)
	}
	if got := <-pr; got != "second\n" {
		t.Fatalf("second followed line %q, want %q", got, "second\n")
	}
	if err := w.WriteLine(logs.Stdout, []byte("last")); err != nil {
		t.Fatal(err)
	}
	running.Store(false)
	if got := <-pr; got != "last\n" {
		t.Fatalf("last followed line %q, want %q", got, "last\n")
	}
	if err := <-done; err != nil {
		t.Fatalf("Read: %v", err)
	}
}

func TestReadFollowEndsWithContext(t *testing.T) {
	path := writeLog(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := logs.Read(ctx, path, logs.ReadOptions{Follow: true}, nil, nil)
	if err != context.Canceled {
		t.Fatalf("Read with a cancelled context: %v, want context.Canceled", err)
	}
}

// chanWriter sends each Write as a string.
type chanWriter chan string

func newPipe() (chanWriter, chanWriter) {
	c := make(chanWriter, 16)
	return c, c
}

func (c chanWriter) Write(p []byte) (int, error) {
	c <- string(p)
	return len(p), nil
}

func TestPrevious(t *testing.T) {
	dir := t.TempDir()
	for _, attempt := range []uint32{0, 1} {
		p := logs.Path(dir, "app", attempt)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if got, ok := logs.Previous(logs.Path(dir, "app", 1)); !ok || got != logs.Path(dir, "app", 0) {
		t.Errorf("Previous of attempt 1 = %q, %v; want attempt 0's log", got, ok)
	}
	for _, p := range []string{logs.Path(dir, "app", 0), logs.Path(dir, "app", 5), filepath.Join(dir, "app", "x.log"), filepath.Join(dir, "app.txt")} {
		if got, ok := logs.Previous(p); ok {
			t.Errorf("Previous(%s) = %q, want none", p, got)
		}
	}
}
