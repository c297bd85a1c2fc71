package defaultbinder

import (
	"context"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/scheduler/framework"
	st "github.com/gantryhq/gantry/scheduler/plugins/helper/schedtest"
	sdkbuiltin "github.com/gantryhq/gantry/sdk/api/builtin"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/apiserver"
	"github.com/gantryhq/gantry/sdk/apiserver/apiservertest"
	"github.com/gantryhq/gantry/sdk/client"
	"github.com/gantryhq/gantry/store/memory"
)

func newClient(t *testing.T) *client.Client {
	t.Helper()
	return apiservertest.Start(t, apiserver.Config{}).Client
}

func TestBind(t *testing.T) {
	ctx := context.Background()
	c := newClient(t)
	pods := client.For[*corev1.Pod](c).Namespace("default")
	created, err := pods.Create(ctx, st.MakePod().Name("web").Container("nginx").Obj(), client.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p, _ := New(ctx, nil, &st.Handle{API: c})
	b := p.(framework.BindPlugin)

	if s := b.Bind(ctx, framework.NewCycleState(), created, "node-1"); s != nil {
		t.Fatalf("Bind = %v", s)
	}
	got, err := pods.Get(ctx, "web")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff("node-1", got.Spec.NodeName); diff != "" {
		t.Errorf("nodeName (-want +got):\n%s", diff)
	}

	tests := []struct {
		name    string
		pod     *corev1.Pod
		wantMsg string
	}{
		{name: "already bound", pod: created, wantMsg: `already assigned to node "node-1"`},
		{name: "missing pod", pod: st.MakePod().Name("ghost").Obj(), wantMsg: "not found"},
		{name: "UID precondition", pod: func() *corev1.Pod {
			p, err := pods.Create(ctx, st.MakePod().Name("other").Container("nginx").Obj(), client.WriteOptions{})
			if err != nil {
				t.Fatal(err)
			}
			p = p.DeepCopy()
			p.UID = "stale"
			return p
		}(), wantMsg: "Precondition failed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := b.Bind(ctx, framework.NewCycleState(), tc.pod, "node-2")
			if s.Code() != framework.Error || !strings.Contains(s.Message(), tc.wantMsg) {
				t.Errorf("Bind = %v, want an Error containing %q", s, tc.wantMsg)
			}
		})
	}
}

func TestBindWithoutClient(t *testing.T) {
	p, _ := New(context.Background(), nil, &st.Handle{})
	s := p.(framework.BindPlugin).Bind(context.Background(), framework.NewCycleState(), st.MakePod().Name("p").Obj(), "n")
	if s.Code() != framework.Error {
		t.Errorf("Bind = %v, want Error", s)
	}
}

// BenchmarkBind binds one pod per op through the in-process API server
// (memory store, loopback transport).
func BenchmarkBind(b *testing.B) {
	ctx := context.Background()
	reg, _ := sdkbuiltin.NewRegistry()
	store := memory.New(memory.Options{})
	defer store.Close()
	srv, err := apiserver.New(apiserver.Config{Registry: reg, Store: store, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	if err := srv.Start(ctx); err != nil {
		b.Fatal(err)
	}
	defer srv.Stop()
	c, _ := client.New(client.Config{Transport: client.NewLoopbackTransport(srv.Handler())}, reg)
	pods := client.For[*corev1.Pod](c).Namespace("default")
	p, _ := New(ctx, nil, &st.Handle{API: c})
	bp := p.(framework.BindPlugin)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		b.StopTimer()
		i++
		pod, err := pods.Create(ctx, st.MakePod().Name("p"+strconv.Itoa(i)).Container("nginx").Obj(), client.WriteOptions{})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if s := bp.Bind(ctx, nil, pod, "node-1"); s != nil {
			b.Fatal(s)
		}
	}
}
