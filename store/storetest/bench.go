package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gantryhq/gantry/store"
)

// BenchValueSize is the size of the values the benchmarks write, about the
// size of a Pod's JSON.
const BenchValueSize = 1024

// benchClients are the numbers of concurrent clients each benchmark runs at.
var benchClients = []int{1, 16, 64}

// Bench runs the shared benchmarks: Create, Get, List and Watch at 1, 16 and
// 64 concurrent clients. Each reports ops/s; Create also reports the p50 and
// p99 latency of one create in microseconds. newStore returns a new, empty
// store; Bench closes it.
func Bench(b *testing.B, newStore func(b *testing.B) store.Store) {
	for _, n := range benchClients {
		b.Run(fmt.Sprintf("Create/writers=%d", n), func(b *testing.B) { benchCreate(b, newStore, n) })
	}
	for _, n := range benchClients {
		b.Run(fmt.Sprintf("Get/readers=%d", n), func(b *testing.B) { benchGet(b, newStore, n) })
	}
	for _, n := range benchClients {
		b.Run(fmt.Sprintf("List1000/readers=%d", n), func(b *testing.B) { benchList(b, newStore, n) })
	}
	for _, n := range benchClients {
		b.Run(fmt.Sprintf("Watch/writers=%d", n), func(b *testing.B) { benchWatch(b, newStore, n) })
	}
}

func benchKey(buf []byte, ns, i int) []byte {
	buf = append(buf[:0], "/registry/pods/ns-"...)
	buf = strconv.AppendInt(buf, int64(ns), 10)
	buf = append(buf, "/pod-"...)
	return strconv.AppendInt(buf, int64(i), 10)
}

// runClients runs b.N operations split among n goroutines; op gets the
// operation's number. It returns the per-operation latencies when timed.
func runClients(b *testing.B, n int, timed bool, op func(i int, buf []byte) error) []time.Duration {
	var (
		next   atomic.Int64
		wg     sync.WaitGroup
		failed atomic.Value
		lat    []time.Duration
	)
	if timed {
		lat = make([]time.Duration, b.N)
	}
	b.ResetTimer()
	start := time.Now()
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 0, 64)
			for {
				i := int(next.Add(1)) - 1
				if i >= b.N {
					return
				}
				var t0 time.Time
				if timed {
					t0 = time.Now()
				}
				if err := op(i, buf); err != nil {
					failed.Store(err)
					return
				}
				if timed {
					lat[i] = time.Since(t0)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	if err, _ := failed.Load().(error); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "ops/s")
	return lat
}

func reportLatency(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds())/1e3, "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds())/1e3, "p99-µs")
}

func benchCreate(b *testing.B, newStore func(b *testing.B) store.Store, n int) {
	s := newStore(b)
	defer s.Close()
	val := make([]byte, BenchValueSize)
	ctx := context.Background()
	lat := runClients(b, n, true, func(i int, buf []byte) error {
		_, err := s.Create(ctx, string(benchKey(buf, i%100, i)), val)
		return err
	})
	reportLatency(b, lat)
}

// fill creates ns namespaces of per keys each.
func fill(b *testing.B, s store.Store, ns, per int) {
	val := make([]byte, BenchValueSize)
	var wg sync.WaitGroup
	var failed atomic.Value
	for g := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte
			for i := g; i < ns*per; i += 64 {
				if _, err := s.Create(context.Background(), string(benchKey(buf, i%ns, i/ns)), val); err != nil {
					failed.Store(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err, _ := failed.Load().(error); err != nil {
		b.Fatal(err)
	}
}

func benchGet(b *testing.B, newStore func(b *testing.B) store.Store, n int) {
	s := newStore(b)
	defer s.Close()
	const ns, per = 10, 1000
	fill(b, s, ns, per)
	ctx := context.Background()
	runClients(b, n, false, func(i int, buf []byte) error {
		k := rand.IntN(ns * per)
		_, err := s.Get(ctx, string(benchKey(buf, k%ns, k/ns)))
		return err
	})
}

func benchList(b *testing.B, newStore func(b *testing.B) store.Store, n int) {
	s := newStore(b)
	defer s.Close()
	const ns, per = 10, 1000
	fill(b, s, ns, per)
	ctx := context.Background()
	runClients(b, n, false, func(i int, buf []byte) error {
		res, err := s.List(ctx, "/registry/pods/ns-"+strconv.Itoa(i%ns)+"/", store.ListOptions{})
		if err == nil && len(res.KVs) != per {
			err = fmt.Errorf("listed %d keys, want %d", len(res.KVs), per)
		}
		return err
	})
}

// benchWatch measures how fast one watch receives the creates of n writers:
// ops/s is events delivered per second. A watch that falls behind is
// restarted from its last revision, as the API server does; "rewatches"
// counts those restarts.
func benchWatch(b *testing.B, newStore func(b *testing.B) store.Store, n int) {
	s := newStore(b)
	defer s.Close()
	ctx := context.Background()
	w, err := s.Watch(ctx, "/registry/pods/", 0)
	if err != nil {
		b.Fatal(err)
	}
	received := make(chan error, 1)
	var rewatches int
	go func() {
		var last int64
		for got := 0; got < b.N; {
			ev, ok := <-w.Events()
			if !ok {
				if err := w.Err(); err != nil && last > 0 {
					rewatches++
					if w, err = s.Watch(ctx, "/registry/pods/", last); err == nil {
						continue
					}
				}
				received <- fmt.Errorf("watch ended after %d events: %v", got, w.Err())
				return
			}
			last = ev.KV.ModRevision
			got++
		}
		received <- nil
	}()
	val := make([]byte, BenchValueSize)
	start := time.Now()
	runClients(b, n, false, func(i int, buf []byte) error {
		_, err := s.Create(ctx, string(benchKey(buf, i%100, i)), val)
		return err
	})
	b.StartTimer()
	if err := <-received; err != nil {
		b.Fatal(err)
	}
	elapsed := time.Since(start)
	b.StopTimer()
	w.Stop()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "ops/s")
	b.ReportMetric(float64(rewatches), "rewatches")
}
