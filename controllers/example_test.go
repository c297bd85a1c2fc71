package controllers_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/gantryhq/gantry/controllers"
	"github.com/gantryhq/gantry/controllers/builtin"
	sdkbuiltin "github.com/gantryhq/gantry/sdk/api/builtin"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/apiserver"
	"github.com/gantryhq/gantry/sdk/client"
	"github.com/gantryhq/gantry/store/memory"
)

// A controller over ConfigMaps, run by a manager next to the built-in
// controllers, against an API server in the same process.
func ExampleBuild() {
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	reg, _ := sdkbuiltin.NewRegistry()
	st := memory.New(memory.Options{})
	defer st.Close()
	srv, _ := apiserver.New(apiserver.Config{Registry: reg, Store: st, Logger: quiet})
	if err := srv.Start(context.Background()); err != nil {
		panic(err)
	}
	defer srv.Stop()
	c, _ := client.New(client.Config{Transport: client.NewLoopbackTransport(srv.Handler())}, reg)

	mgr, err := controllers.NewManager(controllers.Options{Client: c, Logger: quiet})
	if err != nil {
		panic(err)
	}
	// The built-in controllers, but the resource quota one.
	if err := builtin.NewDefaultRegistry().AddTo(mgr, controllers.Config{Disabled: []string{"resourcequota"}}); err != nil {
		panic(err)
	}
	// A controller of our own.
	reconciled := make(chan controllers.Request, 1)
	err = controllers.Build(mgr, "greeter",
		controllers.For(controllers.Predicate[*corev1.ConfigMap]{
			Create: func(cm *corev1.ConfigMap) bool { return cm.Name == "hello" },
		}),
	).Complete(controllers.ReconcilerFunc(func(ctx context.Context, req controllers.Request) (controllers.Result, error) {
		select {
		case reconciled <- req:
		default:
		}
		return controllers.Result{}, nil
	}))
	if err != nil {
		panic(err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error)
	go func() { stopped <- mgr.Start(ctx) }()

	cm := &corev1.ConfigMap{ObjectMeta: meta.ObjectMeta{Namespace: "default", Name: "hello"}}
	if _, err := client.For[*corev1.ConfigMap](c).Create(ctx, cm, client.WriteOptions{}); err != nil {
		panic(err)
	}
	fmt.Println("reconciled", <-reconciled)
	cancel()
	fmt.Println("stopped:", <-stopped)
	// Output:
	// reconciled default/hello
	// stopped: <nil>
}
