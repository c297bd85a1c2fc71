package client_test

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/sdk/api/builtin"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
	"github.com/gantryhq/gantry/sdk/apiserver"
	"github.com/gantryhq/gantry/sdk/apiserver/apiservertest"
	"github.com/gantryhq/gantry/sdk/client"
)

// newServer runs an API server on the memory store and returns a loopback
// client to it.
func newServer(t *testing.T, reg *registry.Registry) *client.Client {
	t.Helper()
	c := apiservertest.Start(t, apiserver.Config{Registry: reg}).Client
	return c
}

func builtinRegistry(t *testing.T) *registry.Registry {
	t.Helper()
	reg, err := builtin.NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

func eventually(t *testing.T, cond func() error) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		err := cond()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal(err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func configMap(name string) *corev1.ConfigMap {
	return &corev1.ConfigMap{ObjectMeta: meta.ObjectMeta{Namespace: "default", Name: name}, Data: map[string]string{"k": name}}
}

// ForKind serves a kind known at run time; its objects are the kind's own
// Go values.
func TestForKind(t *testing.T) {
	reg := builtinRegistry(t)
	c := newServer(t, reg)
	ctx := context.Background()
	k, _ := reg.Lookup("configmaps")
	res := client.ForKind(c, k).Namespace("default")
	for _, n := range []string{"a", "b"} {
		if _, err := res.Create(ctx, configMap(n), client.WriteOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	l, err := res.List(ctx, client.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, obj := range l.Items {
		cm, ok := obj.(*corev1.ConfigMap)
		if !ok {
			t.Fatalf("item of type %T, want *corev1.ConfigMap", obj)
		}
		got = append(got, cm.Name+"="+cm.Data["k"])
	}
	if diff := cmp.Diff([]string{"a=a", "b=b"}, got); diff != "" {
		t.Errorf("list (-want +got):\n%s", diff)
	}
	if l.ResourceVersion == "" {
		t.Error("list without resourceVersion")
	}
	obj, err := res.Get(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := obj.(*corev1.ConfigMap); !ok {
		t.Fatalf("get returned %T", obj)
	}
}

// A kind registered after the client was built is found.
func TestKindRegisteredAfterNew(t *testing.T) {
	reg := builtinRegistry(t)
	c, err := client.New(client.Config{}, registry.New())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.ForErr[*corev1.ConfigMap](c); err == nil {
		t.Fatal("want an error for an unregistered kind")
	}
	if err := c.Registry().Merge(reg); err != nil {
		t.Fatal(err)
	}
	if _, err := client.ForErr[*corev1.ConfigMap](c); err != nil {
		t.Fatalf("kind registered after New: %v", err)
	}
}

type recorder struct {
	mu     sync.Mutex
	events []string
}

func (r *recorder) add(s string) {
	r.mu.Lock()
	r.events = append(r.events, s)
	r.mu.Unlock()
}

func (r *recorder) get() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.events...)
}

func TestFactoryInformerForKind(t *testing.T) {
	reg := builtinRegistry(t)
	c := newServer(t, reg)
	ctx := context.Background()
	cms := client.For[*corev1.ConfigMap](c).Namespace("default")
	if _, err := cms.Create(ctx, configMap("before"), client.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	goroutines := runtime.NumGoroutine()

	f := client.NewFactory(c, "", 0)
	k, _ := reg.Lookup("configmaps")
	inf := f.InformerForKind(k)
	if f.InformerForKind(k) != inf {
		t.Fatal("InformerForKind built a second informer of one kind")
	}
	var rec recorder
	inf.AddEventHandler(client.HandlerFuncs[meta.Object]{
		AddFunc: func(o meta.Object, initial bool) {
			rec.add(fmt.Sprintf("add %s %v", o.(*corev1.ConfigMap).Name, initial))
		},
		UpdateFunc: func(_, o meta.Object) { rec.add("update " + o.GetObjectMeta().Name) },
		DeleteFunc: func(o meta.Object) { rec.add("delete " + o.GetObjectMeta().Name) },
	})
	runCtx, cancel := context.WithCancel(ctx)
	f.Start(runCtx)
	if !f.WaitForCacheSync(ctx) {
		t.Fatal("no sync")
	}
	// An informer created after Start runs too.
	nodes, _ := reg.Lookup("nodes")
	late := f.InformerForKind(nodes)
	eventually(t, func() error {
		if !late.HasSynced() {
			return fmt.Errorf("late informer not synced")
		}
		return nil
	})

	if _, err := cms.Create(ctx, configMap("after"), client.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	cm, err := cms.Get(ctx, "after")
	if err != nil {
		t.Fatal(err)
	}
	cm.Data["k"] = "changed"
	if _, err := cms.Update(ctx, cm, client.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := cms.Delete(ctx, "before", nil); err != nil {
		t.Fatal(err)
	}
	want := []string{"add before true", "add after false", "update after", "delete before"}
	eventually(t, func() error {
		if diff := cmp.Diff(want, rec.get()); diff != "" {
			return fmt.Errorf("events (-want +got):\n%s", diff)
		}
		return nil
	})
	if o, ok := inf.Get("default/after"); !ok || o.(*corev1.ConfigMap).Data["k"] != "changed" {
		t.Errorf("cache holds %v", o)
	}

	// Shutdown returns once every informer goroutine (handlers included) has ended.
	cancel()
	f.Shutdown()
	// A handler added to a stopped informer gets nothing and starts nothing.
	inf.AddEventHandler(client.HandlerFuncs[meta.Object]{})
	eventually(t, func() error {
		if n := runtime.NumGoroutine(); n > goroutines {
			return fmt.Errorf("%d goroutines after Shutdown, %d before the factory", n, goroutines)
		}
		return nil
	})
}
