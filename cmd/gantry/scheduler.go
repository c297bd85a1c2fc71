package main

import (
	"context"
	"fmt"
	"log/slog"
	"sync"

	"github.com/gantryhq/gantry/scheduler"
	"github.com/gantryhq/gantry/scheduler/framework"
	"github.com/gantryhq/gantry/sdk/api/registry"
	"github.com/gantryhq/gantry/sdk/apiserver"
	"github.com/gantryhq/gantry/sdk/client"
)

// startScheduler runs the scheduler in process against srv through a
// loopback client; the returned stop cancels it and waits until it has
// stopped (bindings in flight finished or failed).
func startScheduler(ctx context.Context, srv *apiserver.Server, reg *registry.Registry, log *slog.Logger) (stop func(), err error) {
	c, err := client.New(client.Config{Transport: client.NewLoopbackTransport(srv.Handler())}, reg)
	if err != nil {
		return nil, fmt.Errorf("scheduler client: %w", err)
	}
	// While default plugins are still being written, run without the
	// missing ones (loudly) rather than not at all.
	reg2 := scheduler.NewDefaultRegistry()
	var missing []framework.PluginRef
	for _, ref := range scheduler.DefaultPlugins().MultiPoint.Enabled {
		if _, ok := reg2[ref.Name]; !ok {
			missing = append(missing, framework.PluginRef{Name: ref.Name})
		}
	}
	cfg := scheduler.Config{Client: c, Registry: reg2, Logger: log.With("component", "scheduler")}
	if len(missing) > 0 {
		log.Warn("scheduler: default plugins not available, running without them", "plugins", missing)
		cfg.Profiles = []framework.Profile{{Plugins: &framework.Plugins{MultiPoint: framework.PluginSet{Disabled: missing}}}}
	}
	s, err := scheduler.New(cfg)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s.Run(ctx)
	}()
	log.Info("scheduler started")
	return func() {
		cancel()
		wg.Wait()
	}, nil
}
