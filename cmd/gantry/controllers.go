package main

import (
	"context"
	"log/slog"
	"sync"

	"github.com/gantryhq/gantry/controllers"
	"github.com/gantryhq/gantry/controllers/builtin"
	"github.com/gantryhq/gantry/sdk/api/registry"
	"github.com/gantryhq/gantry/sdk/apiserver"
	"github.com/gantryhq/gantry/sdk/client"
)

// startControllers runs the built-in controllers in process, talking to
// srv through a loopback transport, except those named in disabled. The
// returned stop function (idempotent) stops them and waits for them; call
// it before stopping srv. A failure of the manager is logged: the API
// server keeps serving.
func startControllers(ctx context.Context, srv *apiserver.Server, reg *registry.Registry, disabled []string, log *slog.Logger) (stop func(), err error) {
	c, err := client.New(client.Config{Transport: client.NewLoopbackTransport(srv.Handler()), UserAgent: "gantry-controller-manager"}, reg)
	if err != nil {
		return nil, err
	}
	mgr, err := controllers.NewManager(controllers.Options{Client: c, Logger: log.With("component", "controller-manager")})
	if err != nil {
		return nil, err
	}
	if err := builtin.NewDefaultRegistry().AddTo(mgr, controllers.Config{Disabled: disabled}); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := mgr.Start(ctx); err != nil {
			log.Error("controller manager stopped", "err", err)
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			cancel()
			<-done
		})
	}, nil
}
