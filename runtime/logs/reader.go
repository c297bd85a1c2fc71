package logs

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// ReadOptions selects what Read returns. The zero value reads the whole
// log once, without timestamps.
type ReadOptions struct {
	// Tail keeps only the last Tail lines (0: all lines).
	Tail int
	// Since skips entries before this time (zero: none skipped).
	Since time.Time
	// Timestamps prefixes each line with its entry's time.
	Timestamps bool
	// LimitBytes stops after this many bytes of output (0: no limit).
	LimitBytes int64
	// Follow keeps reading what is appended to the file until ctx ends or,
	// if Running is set, until Running reports false (the container has
	// exited) and the file has been read to its end.
	Follow  bool
	Running func() bool
	// PollInterval is how often a followed file is checked for new entries
	// (default 50ms).
	PollInterval time.Duration
}

// errLimit ends reading once LimitBytes are written.
var errLimit = errors.New("logs: byte limit reached")

// Read writes the log file at path to stdout and stderr (by stream; nil
// discards) as the container printed it, one line per full entry, partial
// entries joined. It returns nil at the end of the log, or ctx's error if
// ctx ends while following.
func Read(ctx context.Context, path string, opts ReadOptions, stdout, stderr io.Writer) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("logs: %w", err)
	}
	defer f.Close()
	out := &output{opts: opts, stdout: stdout, stderr: stderr}
	r := bufio.NewReader(f)
	if opts.Tail > 0 {
		entries, err := tail(r, opts.Tail)
		if err != nil {
			return err
		}
		for _, e := range entries {
			if err := out.write(e); err != nil {
				return nilIfLimit(err)
			}
		}
	} else if err := out.copy(r, nil); err != nil {
		return nilIfLimit(err)
	}
	if !opts.Follow {
		return nil
	}
	poll := opts.PollInterval
	if poll <= 0 {
		poll = 50 * time.Millisecond
	}
	var partial []byte
	for {
		// Check whether the container is done before reading, so that a
		// read after it said "not running" sees everything it wrote.
		done := opts.Running != nil && !opts.Running()
		var err error
		partial, err = out.follow(r, partial)
		if err != nil {
			return nilIfLimit(err)
		}
		if done {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(poll):
		}
	}
}

func nilIfLimit(err error) error {
	if errors.Is(err, errLimit) {
		return nil
	}
	return err
}

// ReadEntries returns every entry of the log file at path.
func ReadEntries(path string) ([]Entry, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("logs: %w", err)
	}
	defer f.Close()
	var entries []Entry
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 4*MaxLineSize)
	for sc.Scan() {
		e, err := Parse(sc.Bytes())
		if err != nil {
			return nil, err
		}
		e.Text = bytes.Clone(e.Text)
		entries = append(entries, e)
	}
	return entries, sc.Err()
}

// tail returns the entries of the last n full lines (with their partial
// pieces).
func tail(r *bufio.Reader, n int) ([]Entry, error) {
	var entries []Entry
	for {
		line, err := r.ReadBytes('\n')
		if len(line) > 0 && line[len(line)-1] == '\n' {
			e, perr := Parse(line)
			if perr != nil {
				return nil, perr
			}
			entries = append(entries, e)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	full := 0
	for i := len(entries) - 1; i >= 0; i-- {
		if !entries[i].Partial {
			full++
			if full > n {
				return entries[i+1:], nil
			}
		}
	}
	return entries, nil
}

type output struct {
	opts    ReadOptions
	stdout  io.Writer
	stderr  io.Writer
	written int64
	// midLine is set after a partial entry, so the continuation gets no
	// timestamp of its own.
	midLine map[Stream]bool
}

// copy writes every complete line of r; at EOF it returns the unterminated
// rest prefixed by partial.
func (o *output) copy(r *bufio.Reader, partial []byte) error {
	_, err := o.follow(r, partial)
	return err
}

func (o *output) follow(r *bufio.Reader, partial []byte) ([]byte, error) {
	for {
		line, err := r.ReadBytes('\n')
		if len(line) > 0 {
			if line[len(line)-1] != '\n' {
				partial = append(partial, line...)
			} else {
				if len(partial) > 0 {
					line = append(partial, line...)
					partial = nil
				}
				e, perr := Parse(line)
				if perr != nil {
					return nil, perr
				}
				if werr := o.write(e); werr != nil {
					return nil, werr
				}
			}
		}
		if err == io.EOF {
			return partial, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

func (o *output) write(e Entry) error {
	if !o.opts.Since.IsZero() && e.Time.Before(o.opts.Since) {
		return nil
	}
	w := o.stdout
	if e.Stream == Stderr {
		w = o.stderr
	}
	if w == nil {
		return nil
	}
	var buf []byte
	if o.midLine == nil {
		o.midLine = map[Stream]bool{}
	}
	if o.opts.Timestamps && !o.midLine[e.Stream] {
		buf = e.Time.UTC().AppendFormat(buf, TimeFormat)
		buf = append(buf, ' ')
	}
	buf = append(buf, e.Text...)
	if !e.Partial {
		buf = append(buf, '\n')
	}
	o.midLine[e.Stream] = e.Partial
	if o.opts.LimitBytes > 0 {
		if left := o.opts.LimitBytes - o.written; int64(len(buf)) >= left {
			buf = buf[:left]
			_, err := w.Write(buf)
			o.written += int64(len(buf))
			if err != nil {
				return err
			}
			return errLimit
		}
	}
	_, err := w.Write(buf)
	o.written += int64(len(buf))
	return err
}
