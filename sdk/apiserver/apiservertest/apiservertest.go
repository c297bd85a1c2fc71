package apiservertest

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/gantryhq/gantry/sdk/api/builtin"
	"github.com/gantryhq/gantry/sdk/apiserver"
	"github.com/gantryhq/gantry/sdk/client"
	"github.com/gantryhq/gantry/store/memory"
)

// Env is a running in-process API server and a client to it.
type Env struct {
	// Server is the API server.
	Server *apiserver.Server
	// Client reaches Server through a loopback transport (no network).
	Client *client.Client
}

// Start starts an API server with cfg and stops it (and the store it made)
// when t ends. Zero fields of cfg get test defaults: the built-in kinds, a
// new memory store, no compaction, logs discarded. Admission is whatever
// cfg says (none by default).
func Start(t testing.TB, cfg apiserver.Config) *Env {
	t.Helper()
	if cfg.Registry == nil {
		reg, err := builtin.NewRegistry()
		if err != nil {
			t.Fatal(err)
		}
		cfg.Registry = reg
	}
	if cfg.Store == nil {
		st := memory.New(memory.Options{})
		t.Cleanup(func() { st.Close() })
		cfg.Store = st
	}
	if cfg.CompactionInterval == 0 {
		cfg.CompactionInterval = -1
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	srv, err := apiserver.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Stop)
	c, err := client.New(client.Config{Transport: client.NewLoopbackTransport(srv.Handler())}, cfg.Registry)
	if err != nil {
		t.Fatal(err)
	}
	return &Env{Server: srv, Client: c}
}
