package client

import (
	"io"
	"net/http"
	"sync"
)

// NewLoopbackTransport returns a RoundTripper that serves requests with h
// in process, without a network: the way in-process components of a host
// reach its own API server. Streaming responses (watches) are delivered as
// they are written.
func NewLoopbackTransport(h http.Handler) http.RoundTripper {
	return loopback{h}
}

type loopback struct{ h http.Handler }

func (l loopback) RoundTrip(req *http.Request) (*http.Response, error) {
	pr, pw := io.Pipe()
	rw := &pipeResponseWriter{
		header: http.Header{},
		pw:     pw,
		ready:  make(chan struct{}),
	}
	resp := &http.Response{
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Request: req,
		Body:    pr,
	}
	go func() {
		defer func() {
			if p := recover(); p != nil {
				rw.WriteHeader(http.StatusInternalServerError)
				_ = pw.CloseWithError(io.ErrUnexpectedEOF)
				return
			}
			rw.WriteHeader(http.StatusOK)
			_ = pw.Close()
		}()
		l.h.ServeHTTP(rw, req)
	}()
	select {
	case <-rw.ready:
	case <-req.Context().Done():
		_ = pr.CloseWithError(req.Context().Err())
		return nil, req.Context().Err()
	}
	resp.StatusCode = rw.code
	resp.Status = http.StatusText(rw.code)
	resp.Header = rw.sent
	resp.ContentLength = -1
	return resp, nil
}

// pipeResponseWriter streams a handler's response through a pipe.
type pipeResponseWriter struct {
	header http.Header
	sent   http.Header
	pw     *io.PipeWriter
	once   sync.Once
	code   int
	ready  chan struct{}
}

func (w *pipeResponseWriter) Header() http.Header { return w.header }

func (w *pipeResponseWriter) WriteHeader(code int) {
	w.once.Do(func() {
		w.code = code
		w.sent = w.header.Clone()
		close(w.ready)
	})
}

func (w *pipeResponseWriter) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return w.pw.Write(b)
}

// Flush is a no-op: writes reach the reader directly.
func (w *pipeResponseWriter) Flush() {}
