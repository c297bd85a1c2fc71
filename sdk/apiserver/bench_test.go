package apiserver_test

// Benchmarks of the API server over real HTTP on loopback, on the bbolt
// store, with the default admission chain and the builtin kinds. The
// figures and the commands that produce them are in
// docs/benchmarks-apiserver.md.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gantryhq/gantry/sdk/admission/plugins"
	"github.com/gantryhq/gantry/sdk/api/builtin"
	"github.com/gantryhq/gantry/sdk/apiserver"
	"github.com/gantryhq/gantry/store/bolt"
)

// benchEnv is an API server on a bbolt store behind a loopback HTTP server.
type benchEnv struct {
	srv    *apiserver.Server
	db     *bolt.DB
	hs     *httptest.Server
	client *http.Client
}

const benchNS = "bench"

// Knobs for exploring the watch benchmark; the defaults are the figures
// recorded in docs/benchmarks-apiserver.md.
var (
	benchWatchers = flag.Int("bench.watchers", 1000, "number of watchers of BenchmarkWatchFanout")
	benchFlush    = flag.Duration("bench.watchflush", 0, "Config.WatchFlushInterval of the benchmarks' server (0: the default)")
)

func newBenchEnv(b *testing.B) *benchEnv {
	b.Helper()
	reg, err := builtin.NewRegistry()
	if err != nil {
		b.Fatal(err)
	}
	db, err := bolt.Open(filepath.Join(b.TempDir(), "gantry.db"), bolt.Options{})
	if err != nil {
		b.Fatal(err)
	}
	srv, err := apiserver.New(apiserver.Config{
		Registry:           reg,
		Store:              db,
		AdmissionPlugins:   plugins.Default(),
		AdmissionRegistry:  plugins.NewRegistry(),
		CompactionInterval: -1,
		Logger:             slog.New(slog.DiscardHandler),
		WatchFlushInterval: *benchFlush,
	})
	if err != nil {
		b.Fatal(err)
	}
	if err := srv.Start(context.Background()); err != nil {
		b.Fatal(err)
	}
	hs := httptest.NewUnstartedServer(srv.Handler())
	hs.Config.ErrorLog = nil
	hs.Start()
	tr := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxIdleConns:        4096,
		MaxIdleConnsPerHost: 4096,
		IdleConnTimeout:     time.Minute,
		DisableCompression:  true,
		ReadBufferSize:      64 << 10,
	}
	e := &benchEnv{srv: srv, db: db, hs: hs, client: &http.Client{Transport: tr}}
	b.Cleanup(func() {
		tr.CloseIdleConnections()
		srv.Stop()
		hs.Close()
		db.Close()
	})
	if code, body := e.do(http.MethodPost, "/api/v1/namespaces", []byte(`{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"`+benchNS+`"}}`), ""); code != http.StatusCreated {
		b.Fatalf("creating namespace: %d %s", code, body)
	}
	return e
}

// do sends one request and reads the whole response.
func (e *benchEnv) do(method, path string, body []byte, accept string) (int, []byte) {
	req, err := http.NewRequest(method, e.hs.URL+path, bytes.NewReader(body))
	if err != nil {
		return 0, []byte(err.Error())
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := e.client.Do(req)
	if err != nil {
		return 0, []byte(err.Error())
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// benchPod is a realistic pod: one container with resources, ports, env,
// a probe and a volume; about 1.5 KB of JSON once defaulted.
func benchPod(name string, seq int) []byte {
	return fmt.Appendf(nil, `{"apiVersion":"v1","kind":"Pod","metadata":{"name":%q,"namespace":%q,`+
		`"labels":{"app":"web","tier":"frontend","release":"stable","pod-template-hash":"7c9f8d6b5"},`+
		`"annotations":{"gantry.bench/seq":"%d","prometheus.io/scrape":"true","prometheus.io/port":"9090"}},`+
		`"spec":{"containers":[{"name":"web","image":"registry.example.com/team/web:1.27.3",`+
		`"command":["/bin/web"],"args":["--listen=:8080","--metrics=:9090","--log-level=info"],`+
		`"ports":[{"name":"http","containerPort":8080,"protocol":"TCP"},{"name":"metrics","containerPort":9090,"protocol":"TCP"}],`+
		`"env":[{"name":"MODE","value":"production"},{"name":"CACHE_SIZE","value":"256Mi"},{"name":"REGION","value":"eu-west-1"}],`+
		`"resources":{"requests":{"cpu":"250m","memory":"256Mi"},"limits":{"cpu":"1","memory":"512Mi"}},`+
		`"readinessProbe":{"httpGet":{"path":"/healthz","port":8080},"periodSeconds":5},`+
		`"volumeMounts":[{"name":"cache","mountPath":"/var/cache/web"}]}],`+
		`"volumes":[{"name":"cache","emptyDir":{}}],"terminationGracePeriodSeconds":30}}`, name, benchNS, seq)
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted)-1) * p)
	return sorted[i]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// BenchmarkPodCreate creates pods from 64 concurrent clients and reports
// creates/s and the p50/p99 latency of one create.
func BenchmarkPodCreate(b *testing.B) {
	const clients = 64
	e := newBenchEnv(b)
	bodies := make([][]byte, b.N)
	for i := range bodies {
		bodies[i] = benchPod("pod-"+strconv.Itoa(i), i)
	}
	path := e.hs.URL + "/api/v1/namespaces/" + benchNS + "/pods"
	lat := make([]time.Duration, b.N)
	var (
		next   atomic.Int64
		wg     sync.WaitGroup
		failed atomic.Value
	)
	b.ResetTimer()
	start := time.Now()
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= b.N {
					return
				}
				t0 := time.Now()
				req, _ := http.NewRequest(http.MethodPost, path, bytes.NewReader(bodies[i]))
				req.Header.Set("Content-Type", "application/json")
				resp, err := e.client.Do(req)
				if err != nil {
					failed.Store(err)
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				lat[i] = time.Since(t0)
				if resp.StatusCode != http.StatusCreated {
					failed.Store(fmt.Errorf("create %d: HTTP %d", i, resp.StatusCode))
					return
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	if err := failed.Load(); err != nil {
		b.Fatal(err)
	}
	slices.Sort(lat)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "creates/s")
	b.ReportMetric(ms(percentile(lat, 0.50)), "p50-ms")
	b.ReportMetric(ms(percentile(lat, 0.99)), "p99-ms")
}

// seqMarker precedes the write's sequence number in a pod's JSON.
var seqMarker = []byte(`"gantry.bench/seq":"`)

// parseSeq finds the benchmark's sequence annotation in one watch event.
func parseSeq(line []byte) (int, bool) {
	i := bytes.Index(line, seqMarker)
	if i < 0 {
		return 0, false
	}
	n := 0
	j := i + len(seqMarker)
	for ; j < len(line) && line[j] >= '0' && line[j] <= '9'; j++ {
		n = n*10 + int(line[j]-'0')
	}
	if j == i+len(seqMarker) {
		return 0, false
	}
	return n, true
}

// setSeq returns a copy of obj with its sequence annotation set to seq.
func setSeq(obj []byte, seq int) []byte {
	i := bytes.Index(obj, seqMarker)
	if i < 0 {
		return obj
	}
	i += len(seqMarker)
	j := i + bytes.IndexByte(obj[i:], '"')
	out := append([]byte{}, obj[:i]...)
	out = strconv.AppendInt(out, int64(seq), 10)
	return append(out, obj[j:]...)
}

// BenchmarkWatchFanout runs 1,000 watchers of the pods of one namespace,
// each its own HTTP stream, while writers create and update pods at 1,000
// writes/s for 10 s. It reports the p50/p99 delay from a write's
// acknowledgement to the watcher reading its event, and fails unless every
// watcher received every event exactly once. Run it with -benchtime 1x.
func BenchmarkWatchFanout(b *testing.B) {
	watchers := *benchWatchers
	const (
		rate     = 1000 // writes/s
		duration = 10 * time.Second
		writes   = int(rate * duration / time.Second)
		pods     = 512 // created first, then updated round robin (a multiple of writerGs)
		writerGs = 16
	)
	for range b.N {
		b.StopTimer()
		e := newBenchEnv(b)
		code, body := e.do(http.MethodGet, "/api/v1/namespaces/"+benchNS+"/pods", nil, "")
		if code != http.StatusOK {
			b.Fatalf("list: %d %s", code, body)
		}
		var list struct {
			Metadata struct {
				ResourceVersion string `json:"resourceVersion"`
			} `json:"metadata"`
		}
		if err := json.Unmarshal(body, &list); err != nil {
			b.Fatal(err)
		}
		watchURL := e.hs.URL + "/api/v1/namespaces/" + benchNS + "/pods?watch=1&resourceVersion=" + list.Metadata.ResourceVersion

		// recv[w][seq] is when watcher w read the event of write seq (ns since start).
		recv := make([][]int64, watchers)
		for w := range recv {
			recv[w] = make([]int64, writes)
		}
		sent, acked := make([]int64, writes), make([]int64, writes)
		var (
			ready, done sync.WaitGroup
			errMu       sync.Mutex
			errs        []error
		)
		fail := func(err error) {
			errMu.Lock()
			if len(errs) < 10 {
				errs = append(errs, err)
			}
			errMu.Unlock()
		}
		var start time.Time
		startCh := make(chan struct{})
		ctx, cancel := context.WithCancel(context.Background())
		for w := range watchers {
			ready.Add(1)
			done.Add(1)
			go func() {
				defer done.Done()
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, watchURL, nil)
				resp, err := e.client.Do(req)
				ready.Done()
				if err != nil {
					fail(fmt.Errorf("watcher %d: %w", w, err))
					return
				}
				defer resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					fail(fmt.Errorf("watcher %d: HTTP %d", w, resp.StatusCode))
					return
				}
				<-startCh
				br := bufio.NewReaderSize(resp.Body, 64<<10)
				got, mine := 0, recv[w]
				for got < writes {
					line, err := br.ReadSlice('\n')
					if err == bufio.ErrBufferFull {
						fail(fmt.Errorf("watcher %d: event longer than 64 KiB", w))
						return
					}
					if err != nil {
						fail(fmt.Errorf("watcher %d after %d events: %w", w, got, err))
						return
					}
					now := time.Since(start).Nanoseconds()
					seq, ok := parseSeq(line)
					if !ok || seq >= writes {
						fail(fmt.Errorf("watcher %d: unexpected event %.200s", w, line))
						return
					}
					if mine[seq] != 0 {
						fail(fmt.Errorf("watcher %d: event %d delivered twice", w, seq))
						return
					}
					mine[seq] = now
					got++
				}
			}()
		}
		ready.Wait()

		// last[p] is pod p as the server last returned it; an update sends
		// it back with a new sequence number (and its resourceVersion, so
		// updates are compare-and-swap, as a controller's are).
		last := make([][]byte, pods)
		var wwg sync.WaitGroup
		start = time.Now()
		close(startCh)
		b.StartTimer()
		for g := range writerGs {
			wwg.Add(1)
			go func() {
				defer wwg.Done()
				// Pods are created by the first writes; every write of a pod
				// comes from the same goroutine (pods is a multiple of
				// writerGs), so its updates follow its create.
				for i := g; i < writes; i += writerGs {
					if d := time.Until(start.Add(time.Duration(i) * time.Second / rate)); d > 0 {
						time.Sleep(d)
					}
					var code int
					var body []byte
					sent[i] = time.Since(start).Nanoseconds()
					if i < pods {
						code, body = e.do(http.MethodPost, "/api/v1/namespaces/"+benchNS+"/pods", benchPod("pod-"+strconv.Itoa(i), i), "")
						if code != http.StatusCreated {
							fail(fmt.Errorf("create %d: %d %.300s", i, code, body))
							return
						}
					} else {
						code, body = e.do(http.MethodPut, "/api/v1/namespaces/"+benchNS+"/pods/pod-"+strconv.Itoa(i%pods), setSeq(last[i%pods], i), "")
						if code != http.StatusOK {
							fail(fmt.Errorf("update %d: %d %.300s", i, code, body))
							return
						}
					}
					last[i%pods] = body
					acked[i] = time.Since(start).Nanoseconds()
				}
			}()
		}
		wwg.Wait()
		writeTime := time.Since(start)
		waitDone := make(chan struct{})
		go func() { done.Wait(); close(waitDone) }()
		select {
		case <-waitDone:
		case <-time.After(30 * time.Second):
			fail(fmt.Errorf("watchers did not receive every event within 30 s of the last write"))
		}
		b.StopTimer()
		cancel()
		done.Wait()
		if len(errs) > 0 {
			b.Fatal(errs)
		}
		// lat: from the write's acknowledgement (0 when the watcher read
		// the event before the writer read the response); fromSent: from
		// the moment the write was sent.
		lat := make([]time.Duration, 0, watchers*writes)
		fromSent := make([]time.Duration, 0, watchers*writes)
		early := 0
		for w := range recv {
			for seq, t := range recv[w] {
				if t == 0 {
					b.Fatalf("watcher %d missed event %d", w, seq)
				}
				if t < acked[seq] {
					early++
				}
				lat = append(lat, time.Duration(max(0, t-acked[seq])))
				fromSent = append(fromSent, time.Duration(t-sent[seq]))
			}
		}
		wlat := make([]time.Duration, writes)
		for i := range wlat {
			wlat[i] = time.Duration(acked[i] - sent[i])
		}
		slices.Sort(wlat)
		b.ReportMetric(ms(percentile(wlat, 0.50)), "write-p50-ms")
		b.ReportMetric(ms(percentile(wlat, 0.99)), "write-p99-ms")
		slices.Sort(lat)
		slices.Sort(fromSent)
		b.ReportMetric(float64(writes)/writeTime.Seconds(), "writes/s")
		b.ReportMetric(float64(len(lat))/writeTime.Seconds(), "events/s")
		b.ReportMetric(ms(percentile(lat, 0.50)), "p50-ms")
		b.ReportMetric(ms(percentile(lat, 0.99)), "p99-ms")
		if len(lat) > 0 {
			b.ReportMetric(ms(lat[len(lat)-1]), "max-ms")
		}
		b.ReportMetric(ms(percentile(fromSent, 0.50)), "sent-p50-ms")
		b.ReportMetric(ms(percentile(fromSent, 0.99)), "sent-p99-ms")
		b.ReportMetric(100*float64(early)/float64(len(lat)), "%before-ack")
	}
}

// BenchmarkList lists 10,000 pods of one namespace: in one response, in
// pages of 500, and as a Table. It reports ms per full list.
func BenchmarkList(b *testing.B) {
	const n = 10000
	e := newBenchEnv(b)
	var (
		next   atomic.Int64
		wg     sync.WaitGroup
		failed atomic.Value
	)
	for range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				code, body := e.do(http.MethodPost, "/api/v1/namespaces/"+benchNS+"/pods", benchPod("pod-"+strconv.Itoa(i), i), "")
				if code != http.StatusCreated {
					failed.Store(fmt.Errorf("create %d: %d %.300s", i, code, body))
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := failed.Load(); err != nil {
		b.Fatal(err)
	}
	base := "/api/v1/namespaces/" + benchNS + "/pods"
	type page struct {
		Metadata struct {
			Continue string `json:"continue"`
		} `json:"metadata"`
	}
	list := func(b *testing.B, query, accept string) int {
		code, body := e.do(http.MethodGet, base+query, nil, accept)
		if code != http.StatusOK {
			b.Fatalf("list: %d %.300s", code, body)
		}
		return len(body)
	}
	b.Run("full", func(b *testing.B) {
		var size int
		for b.Loop() {
			size = list(b, "", "")
		}
		b.ReportMetric(ms(b.Elapsed())/float64(b.N), "ms/list")
		b.ReportMetric(float64(size)/(1<<20), "MiB/list")
	})
	b.Run("limit=500", func(b *testing.B) {
		pages := 0
		for b.Loop() {
			cont, items := "", 0
			for {
				q := "?limit=500"
				if cont != "" {
					q += "&continue=" + cont
				}
				code, body := e.do(http.MethodGet, base+q, nil, "")
				if code != http.StatusOK {
					b.Fatalf("list: %d %.300s", code, body)
				}
				var p page
				// Only the metadata is needed; it comes before the items.
				if i := bytes.Index(body, []byte(`,"items":`)); i > 0 {
					if err := json.Unmarshal(append(body[:i:i], '}'), &p); err != nil {
						b.Fatal(err)
					}
				}
				items += bytes.Count(body, []byte(`"kind":"Pod"`))
				pages++
				cont = p.Metadata.Continue
				if cont == "" {
					break
				}
			}
			if items != n {
				b.Fatalf("paginated list returned %d pods, want %d", items, n)
			}
		}
		b.ReportMetric(ms(b.Elapsed())/float64(b.N), "ms/list")
		b.ReportMetric(float64(pages)/float64(b.N), "pages/list")
	})
	b.Run("table", func(b *testing.B) {
		var size int
		for b.Loop() {
			size = list(b, "", "application/json;as=Table;v=v1;g=meta.k8s.io")
		}
		b.ReportMetric(ms(b.Elapsed())/float64(b.N), "ms/list")
		b.ReportMetric(float64(size)/(1<<20), "MiB/list")
	})
}
