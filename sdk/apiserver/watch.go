package apiserver

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
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

	flusher, _ := w.(http.Flusher)
	h := w.Header()
	h.Set("Content-Type", mediaJSON)
	h.Set("Cache-Control", "no-cache, private")
	h.Set("Transfer-Encoding", "chunked")

	watcher, werr := res.cache.Watch(wopts)
	w.WriteHeader(http.StatusOK)
	bw := bufio.NewWriterSize(w, 32<<10)
	enc := &eventEncoder{s: s, res: res, out: out}
	flush := func() error {
		if err := bw.Flush(); err != nil {
			return err
		}
		if flusher != nil {
			flusher.Flush()
		}
		return nil
	}
	if werr != nil {
		enc.writeError(bw, werr)
		_ = flush()
		return
	}
	defer watcher.Stop()
	s.watchersWG.Add(1)
	defer s.watchersWG.Done()
	if err := flush(); err != nil {
		return
	}

	ctx, cancel := context.WithTimeout(r.Context(), timeout)
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
			enc.writeError(bw, err)
			_ = flush()
			return
		}
		for _, d := range ds {
			if err := enc.write(bw, d); err != nil {
				return
			}
		}
		enc.writeBookmark(bw, watcher.StartRevision(), true)
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
				enc.writeBookmark(bw, rev, false)
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
			enc.writeError(bw, err)
			_ = flush()
			return
		}
		for _, d := range ds {
			if err := enc.write(bw, d); err != nil {
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

func (e *eventEncoder) write(bw *bufio.Writer, d cache.Delivery) error {
	if e.out.table {
		t, err := e.s.toTable(e.res, []meta.Object{d.Entry.Object}, e.out, d.Entry.Object.GetObjectMeta().ResourceVersion, "")
		if err != nil {
			return err
		}
		b, err := json.Marshal(t)
		if err != nil {
			return err
		}
		return writeEvent(bw, string(d.Type), b)
	}
	return writeEvent(bw, string(d.Type), d.Entry.Raw)
}

func writeEvent(bw *bufio.Writer, typ string, obj []byte) error {
	bw.WriteString(`{"type":"`)
	bw.WriteString(typ)
	bw.WriteString(`","object":`)
	bw.Write(obj)
	_, err := bw.WriteString("}\n")
	return err
}

func (e *eventEncoder) writeBookmark(bw *bufio.Writer, rev int64, initialEnd bool) {
	m := map[string]any{"resourceVersion": strconv.FormatInt(rev, 10)}
	if initialEnd {
		m["annotations"] = map[string]string{meta.InitialEventsAnnotationKey: "true"}
	}
	kind, apiVersion := e.res.kind.GVK().Kind, e.res.kind.APIVersion()
	if e.out.table {
		kind, apiVersion = "Table", "meta.k8s.io/v1"
	}
	b, _ := json.Marshal(map[string]any{"kind": kind, "apiVersion": apiVersion, "metadata": m})
	_ = writeEvent(bw, meta.WatchBookmark, b)
}

func (e *eventEncoder) writeError(bw *bufio.Writer, err error) {
	var st meta.Status
	if errors.Is(err, cache.ErrTooOld) || errors.Is(err, cache.ErrTooSlow) {
		st = apierrors.NewResourceExpired(err.Error()).Status
	} else {
		st = apierrors.ToStatus(err)
	}
	b, _ := json.Marshal(st)
	_ = writeEvent(bw, meta.WatchError, b)
}
