package apiserver

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"time"

	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/apiserver/cache"
)

// serveWatch serves ?watch=1: a stream of JSON watch events, one per line.
func (s *Server) serveWatch(w http.ResponseWriter, r *http.Request, res *resource, ri requestInfo, out output) {
	q := r.URL.Query()
	sel, err := parseSelection(res, q)
	if err != nil {
		writeError(w, err)
		return
	}
	rv := q.Get("resourceVersion")
	bookmarks := isTrue(q.Get("allowWatchBookmarks"))
	sendInitial := q.Get("sendInitialEvents")
	if sendInitial != "" {
		if q.Get("resourceVersionMatch") != "NotOlderThan" {
			writeError(w, apierrors.NewInvalid("meta.k8s.io", "ListOptions", "", fieldList("resourceVersionMatch", q.Get("resourceVersionMatch"),
				"sendInitialEvents requires setting resourceVersionMatch to NotOlderThan")))
			return
		}
		if isTrue(sendInitial) && !bookmarks {
			writeError(w, apierrors.NewInvalid("meta.k8s.io", "ListOptions", "", fieldList("allowWatchBookmarks", false,
				"sendInitialEvents requires setting allowWatchBookmarks to true")))
			return
		}
	}
	timeout := time.Duration(float64(s.cfg.MinWatchTimeout) * (1 + rand.Float64()))
	if v := q.Get("timeoutSeconds"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			writeError(w, apierrors.NewBadRequest(fmt.Sprintf("invalid timeoutSeconds %q: must be a non-negative integer", v)))
			return
		}
		if n > 0 {
			timeout = time.Duration(n) * time.Second
		}
	}

	prefix := res.listPrefix(ri.namespace)
	if ri.name != "" {
		prefix = res.key(ri.namespace, ri.name)
	}
	wopts := cache.WatchOptions{Prefix: prefix, Match: sel.matchFunc(res.kind)}
	if ri.name != "" {
		name := ri.name
		inner := wopts.Match
		wopts.Match = func(e *cache.Entry) bool {
			return e.Object.GetObjectMeta().Name == name && (inner == nil || inner(e))
		}
	}
	initialEnd := false
	switch {
	case rv == "" || rv == "0":
		// Kubernetes: start with the current state as ADDED events, unless
		// sendInitialEvents=false asks to skip it.
		if sendInitial == "false" {
			wopts.SkipInitial = true
		}
		if rv == "" {
			if err := s.cache.WaitFresh(r.Context()); err != nil {
				writeError(w, storeError(err))
				return
			}
		}
		initialEnd = isTrue(sendInitial)
	default:
		n, err := strconv.ParseInt(rv, 10, 64)
		if err != nil || n < 0 {
			writeError(w, apierrors.NewBadRequest(fmt.Sprintf("invalid resource version %q: must be a non-negative integer", rv)))
			return
		}
		if isTrue(sendInitial) {
			if err := res.waitForRV(r.Context(), rv); err != nil {
				writeError(w, err)
				return
			}
			initialEnd = true
		} else {
			wopts.FromRevision = n
		}
	}

	h := w.Header()
	h.Set("Content-Type", mediaJSON)
	h.Set("Cache-Control", "no-cache, private")
	h.Set("Transfer-Encoding", "chunked")

	watcher, werr := res.cache.Watch(wopts)
	enc := &eventEncoder{s: s, res: res, out: out}
	if werr != nil {
		ww := newWatchWriter(w)
		w.WriteHeader(http.StatusOK)
		enc.writeError(ww, werr)
		_ = ww.flush()
		return
	}
	defer watcher.Stop()
	s.watchersWG.Add(1)
	defer s.watchersWG.Done()

	reqCtx := r.Context()
	ww, hijacked := hijackWatch(w, r)
	if hijacked {
		var cancelReq context.CancelFunc
		reqCtx, cancelReq = context.WithCancel(reqCtx)
		defer cancelReq()
		go ww.readUntilClosed(cancelReq)
		defer ww.end()
	} else {
		ww = newWatchWriter(w)
		w.WriteHeader(http.StatusOK)
	}
	flush := ww.flush
	if err := flush(); err != nil {
		return
	}

	ctx, cancel := context.WithTimeout(reqCtx, timeout)
	defer cancel()
	var bookmarkC <-chan time.Time
	if bookmarks {
		t := time.NewTicker(s.cfg.BookmarkInterval)
		defer t.Stop()
		bookmarkC = t.C
	}
	if initialEnd {
		// Initial events were queued at watch start; end them with a bookmark.
		ds, err := s.drain(watcher)
		if err != nil {
			enc.writeError(ww, err)
			_ = flush()
			return
		}
		for _, d := range ds {
			if err := enc.write(ww, d); err != nil {
				return
			}
		}
		enc.writeBookmark(ww, watcher.StartRevision(), true)
		if err := flush(); err != nil {
			return
		}
	}
	// Coalescing: after a write, events that arrive within the flush
	// interval wait for its end and go out in one write.
	var (
		lastFlush time.Time
		coalesce  *time.Timer
	)
	if s.cfg.WatchFlushInterval > 0 {
		coalesce = time.NewTimer(time.Hour)
		coalesce.Stop()
		defer coalesce.Stop()
	}
	for {
		select {
		case <-ctx.Done():
			_ = flush()
			return
		case <-s.stopCh:
			_ = flush()
			return
		case <-bookmarkC:
			// Safe point: read the revision first, then check nothing is queued.
			rev := s.cache.Revision()
			if !watcher.Pending() {
				enc.writeBookmark(ww, rev, false)
				if err := flush(); err != nil {
					return
				}
			}
			continue
		case <-watcher.Ready():
		}
		if coalesce != nil {
			if wait := s.cfg.WatchFlushInterval - time.Since(lastFlush); wait > 0 {
				coalesce.Reset(wait)
				select {
				case <-coalesce.C:
				case <-ctx.Done():
				case <-s.stopCh:
				}
			}
		}
		ds, err := s.drain(watcher)
		if err != nil {
			if errors.Is(err, cache.ErrStopped) {
				_ = flush()
				return
			}
			enc.writeError(ww, err)
			_ = flush()
			return
		}
		for _, d := range ds {
			if err := enc.write(ww, d); err != nil {
				return
			}
		}
		if len(ds) == 0 {
			continue
		}
		if err := flush(); err != nil {
			return
		}
		lastFlush = time.Now()
	}
}

// drain returns the queued deliveries without blocking.
func (s *Server) drain(w *cache.Watcher) ([]cache.Delivery, error) { return w.TryNext() }

// eventEncoder writes watch events in the negotiated form.
type eventEncoder struct {
	s       *Server
	res     *resource
	out     output
	columns bool // table column definitions already sent
}

func (e *eventEncoder) write(ww *watchWriter, d cache.Delivery) error {
	if e.out.table {
		t, err := e.s.toTable(e.res, []meta.Object{d.Entry.Object}, e.out, d.Entry.Object.GetObjectMeta().ResourceVersion, "")
		if err != nil {
			return err
		}
		b, err := json.Marshal(t)
		if err != nil {
			return err
		}
		return ww.writeEvent(string(d.Type), b)
	}
	return ww.writeEvent(string(d.Type), d.Entry.Raw)
}

func (e *eventEncoder) writeBookmark(ww *watchWriter, rev int64, initialEnd bool) {
	m := map[string]any{"resourceVersion": strconv.FormatInt(rev, 10)}
	if initialEnd {
		m["annotations"] = map[string]string{meta.InitialEventsAnnotationKey: "true"}
	}
	kind, apiVersion := e.res.kind.GVK().Kind, e.res.kind.APIVersion()
	if e.out.table {
		kind, apiVersion = "Table", "meta.k8s.io/v1"
	}
	b, _ := json.Marshal(map[string]any{"kind": kind, "apiVersion": apiVersion, "metadata": m})
	_ = ww.writeEvent(meta.WatchBookmark, b)
}

func (e *eventEncoder) writeError(ww *watchWriter, err error) {
	var st meta.Status
	if errors.Is(err, cache.ErrTooOld) || errors.Is(err, cache.ErrTooSlow) {
		st = apierrors.NewResourceExpired(err.Error()).Status
	} else {
		st = apierrors.ToStatus(err)
	}
	b, _ := json.Marshal(st)
	_ = ww.writeEvent(meta.WatchError, b)
}

// watchWriter buffers the events of one watch stream and writes each batch
// with one write. On a hijacked HTTP/1.1 connection it does the chunked
// encoding itself, so that a batch is one system call (net/http's response
// writer splits a large chunk into three: its 4 KiB buffer, the rest, and
// the chunk's closing CRLF); otherwise it writes through the
// http.ResponseWriter and flushes it.
type watchWriter struct {
	buf  []byte // pending output, after base reserved bytes
	base int    // bytes reserved at the start of buf for the chunk header

	w       http.ResponseWriter // when not hijacked
	flusher http.Flusher

	conn net.Conn // when hijacked
	rd   *bufio.Reader
	err  error // first write error on conn
}

const (
	// watchChunkRoom is the room for a chunk header: up to 16 hex digits and CRLF.
	watchChunkRoom = 18
	// watchFlushSize is the pending size past which a batch is written
	// before its end.
	watchFlushSize = 64 << 10
)

func newWatchWriter(w http.ResponseWriter) *watchWriter {
	f, _ := w.(http.Flusher)
	return &watchWriter{w: w, flusher: f, buf: make([]byte, 0, 4<<10)}
}

// hijackWatch takes over the connection of an HTTP/1.1 watch and writes the
// response header (w.Header() with Connection: close, since the connection
// cannot be handed back to the server when the watch ends). It reports
// false, having changed nothing, when the connection cannot be hijacked
// (HTTP/2, a ResponseWriter wrapper without Unwrap or Hijack).
func hijackWatch(w http.ResponseWriter, r *http.Request) (*watchWriter, bool) {
	if r.ProtoMajor != 1 || !r.ProtoAtLeast(1, 1) || r.Method != http.MethodGet {
		return nil, false
	}
	conn, rw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return nil, false
	}
	_ = conn.SetDeadline(time.Time{})
	h := w.Header().Clone()
	h.Del("Transfer-Encoding")
	h.Del("Content-Length")
	h.Set("Connection", "close")
	if _, ok := h["Date"]; !ok {
		h.Set("Date", time.Now().UTC().Format(http.TimeFormat))
	}
	hdr := bytes.NewBuffer(make([]byte, 0, 512))
	hdr.WriteString("HTTP/1.1 200 OK\r\n")
	_ = h.Write(hdr)
	hdr.WriteString("Transfer-Encoding: chunked\r\n\r\n")
	ww := &watchWriter{conn: conn, rd: rw.Reader, base: watchChunkRoom}
	ww.buf = make([]byte, watchChunkRoom, 4<<10)
	if _, err := conn.Write(hdr.Bytes()); err != nil {
		ww.err = err
	}
	return ww, true
}

// readUntilClosed reads (and drops) what the client sends until the
// connection closes, then calls closed: a hijacked connection no longer
// ends the request's context.
func (ww *watchWriter) readUntilClosed(closed func()) {
	_, _ = io.Copy(io.Discard, ww.rd)
	closed()
}

// end writes the last chunk of a hijacked stream and closes the connection.
func (ww *watchWriter) end() {
	if err := ww.flush(); err == nil {
		_, _ = ww.conn.Write([]byte("0\r\n\r\n"))
	}
	_ = ww.conn.Close()
}

func (ww *watchWriter) writeEvent(typ string, obj []byte) error {
	ww.buf = append(ww.buf, `{"type":"`...)
	ww.buf = append(ww.buf, typ...)
	ww.buf = append(ww.buf, `","object":`...)
	ww.buf = append(ww.buf, obj...)
	ww.buf = append(ww.buf, "}\n"...)
	if len(ww.buf) >= watchFlushSize {
		return ww.flush()
	}
	return ww.err
}

// flush writes the pending events. Without a hijacked connection it also
// flushes the ResponseWriter (which sends the header on the first call).
func (ww *watchWriter) flush() error {
	if ww.err != nil {
		return ww.err
	}
	if ww.conn == nil {
		if len(ww.buf) > 0 {
			_, ww.err = ww.w.Write(ww.buf)
			ww.buf = ww.buf[:0]
		}
		if ww.err == nil && ww.flusher != nil {
			ww.flusher.Flush()
		}
		return ww.err
	}
	n := len(ww.buf) - ww.base
	if n == 0 {
		return nil
	}
	var hdr [watchChunkRoom]byte
	h := strconv.AppendInt(hdr[:0], int64(n), 16)
	h = append(h, '\r', '\n')
	start := ww.base - len(h)
	copy(ww.buf[start:], h)
	ww.buf = append(ww.buf, '\r', '\n')
	_, ww.err = ww.conn.Write(ww.buf[start:])
	ww.buf = ww.buf[:ww.base]
	if cap(ww.buf) > 4*watchFlushSize {
		ww.buf = make([]byte, ww.base, 4<<10)
	}
	return ww.err
}
