package logs

import (
	"bytes"
	"io"
	"sync"
	"time"
)

// MaxLineSize is the longest text of one entry; a longer line is split into
// partial entries.
const MaxLineSize = 16 * 1024

// Writer writes CRI log entries to an underlying writer, usually the
// container's log file opened for appending. It is safe for concurrent use;
// each entry is written with one Write call.
type Writer struct {
	mu  sync.Mutex
	w   io.Writer
	now func() time.Time
	buf []byte
}

// NewWriter returns a Writer to w stamping entries with now (nil: time.Now).
func NewWriter(w io.Writer, now func() time.Time) *Writer {
	if now == nil {
		now = time.Now
	}
	return &Writer{w: w, now: now}
}

// WriteLine writes text, which should hold no newline, as one full entry of
// stream (split into partial entries beyond MaxLineSize).
func (w *Writer) WriteLine(stream Stream, text []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.writeLocked(stream, text, false)
}

func (w *Writer) writeLocked(stream Stream, text []byte, partial bool) error {
	t := w.now()
	for len(text) > MaxLineSize {
		w.buf = Append(w.buf[:0], Entry{Time: t, Stream: stream, Partial: true, Text: text[:MaxLineSize]})
		if _, err := w.w.Write(w.buf); err != nil {
			return err
		}
		text = text[MaxLineSize:]
	}
	w.buf = Append(w.buf[:0], Entry{Time: t, Stream: stream, Partial: partial, Text: text})
	_, err := w.w.Write(w.buf)
	return err
}

// Stream returns an io.WriteCloser that splits what is written to it into
// lines of stream. Close writes an unterminated last line as a full entry.
// One stream writer must not be used concurrently with itself.
func (w *Writer) Stream(stream Stream) io.WriteCloser {
	return &streamWriter{w: w, stream: stream}
}

type streamWriter struct {
	w       *Writer
	stream  Stream
	pending []byte
}

func (s *streamWriter) Write(p []byte) (int, error) {
	n := len(p)
	for {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			break
		}
		line := p[:i]
		if len(s.pending) > 0 {
			line = append(s.pending, line...)
			s.pending = s.pending[:0]
		}
		if err := s.w.WriteLine(s.stream, line); err != nil {
			return 0, err
		}
		p = p[i+1:]
	}
	s.pending = append(s.pending, p...)
	if len(s.pending) > MaxLineSize {
		s.w.mu.Lock()
		err := s.w.writeLocked(s.stream, s.pending, true)
		s.w.mu.Unlock()
		s.pending = s.pending[:0]
		if err != nil {
			return 0, err
		}
	}
	return n, nil
}

func (s *streamWriter) Close() error {
	if len(s.pending) == 0 {
		return nil
	}
	err := s.w.WriteLine(s.stream, s.pending)
	s.pending = nil
	return err
}
