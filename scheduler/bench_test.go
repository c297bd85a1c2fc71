package scheduler

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/gantryhq/gantry/scheduler/framework"
)

// BenchmarkSchedulingBasicInProcess schedules 10,000 pods on 5,000 nodes
// with the test plugin set (fit, taints, least-allocated score) and a
// binder that only records: the scheduler's own cost, in pods/s.
func BenchmarkSchedulingBasicInProcess(b *testing.B) {
	const nodes, pods = 5000, 10000
	for i := 0; i < b.N; i++ {
		rb := newRecordingBinder()
		s, err := New(Config{Registry: testRegistry(), Profiles: []framework.Profile{testProfile()}, Binder: rb})
		if err != nil {
			b.Fatal(err)
		}
		for n := range nodes {
			s.AddNode(makeNode(fmt.Sprintf("node-%d", n), 32000, 110))
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { s.Run(ctx); close(done) }()
		start := time.Now()
		for p := range pods {
			s.AddPod(makePod(fmt.Sprintf("pod-%d", p), 100))
		}
		for range pods {
			<-rb.ch
		}
		el := time.Since(start)
		b.ReportMetric(float64(pods)/el.Seconds(), "pods/s")
		cancel()
		<-done
	}
}

// BenchmarkSchedulingBasicDefaultPlugins is the same with the default
// plugins that are registered (missing ones disabled).
func BenchmarkSchedulingBasicDefaultPlugins(b *testing.B) {
	const nodes, pods = 5000, 10000
	reg := NewDefaultRegistry()
	var missing []framework.PluginRef
	for _, ref := range DefaultPlugins().MultiPoint.Enabled {
		if _, ok := reg[ref.Name]; !ok {
			missing = append(missing, framework.PluginRef{Name: ref.Name})
		}
	}
	prof := framework.Profile{Plugins: &framework.Plugins{MultiPoint: framework.PluginSet{Disabled: missing}}}
	for i := 0; i < b.N; i++ {
		rb := newRecordingBinder()
		s, err := New(Config{Registry: reg, Profiles: []framework.Profile{prof}, Binder: rb})
		if err != nil {
			b.Fatal(err)
		}
		for n := range nodes {
			s.AddNode(makeNode(fmt.Sprintf("node-%d", n), 32000, 110))
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { s.Run(ctx); close(done) }()
		start := time.Now()
		for p := range pods {
			s.AddPod(makePod(fmt.Sprintf("pod-%d", p), 100))
		}
		for range pods {
			<-rb.ch
		}
		b.ReportMetric(float64(pods)/time.Since(start).Seconds(), "pods/s")
		cancel()
		<-done
	}
}
