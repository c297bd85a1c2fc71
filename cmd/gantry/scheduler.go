package main

import (
	"context"
	"fmt"
	"log/slog"
	"sync"

	"github.com/gantryhq/gantry/scheduler"
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
	cfg := scheduler.Config{Client: c, Logger: log.With("component", "scheduler")}
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
