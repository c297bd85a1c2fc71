package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/gantryhq/gantry/sdk/admission/plugins"
	"github.com/gantryhq/gantry/sdk/api/builtin"
	"github.com/gantryhq/gantry/sdk/apiserver"
	"github.com/gantryhq/gantry/store/bolt"
)

func newServerCommand() *cobra.Command {
	var (
		dataDir string
		listen  string
		// noSched is --disable-scheduler.
		noSched bool
	)
	cmd := &cobra.Command{
		Use:   "server",
		Short: "Run the API server on the embedded bbolt store",
		Long: "Run Gantry's API server over the embedded bbolt store in --data-dir.\n\n" +
			"It speaks plain HTTP and, until authentication exists, refuses to listen on\n" +
			"anything but a loopback address. Point kubectl at it with:\n\n" +
			"  gantry kubeconfig --server http://127.0.0.1:6443 > gantry.kubeconfig\n" +
			"  kubectl --kubeconfig gantry.kubeconfig get namespaces",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return runServer(ctx, dataDir, listen, noSched, cmd)
		},
	}
	cmd.Flags().StringVar(&dataDir, "data-dir", "/var/lib/gantry", "folder of the store and other state")
	cmd.Flags().BoolVar(&noSched, "disable-scheduler", false, "do not run the scheduler in the server process")
	cmd.Flags().StringVar(&listen, "listen", "127.0.0.1:6443", "address to serve HTTP on (loopback only until authentication exists)")
	cmd.Flags().StringSlice("disable-controllers", nil, "built-in controllers not to run, comma-separated (garbagecollector, namespace, serviceaccount, resourcequota)")
	return cmd
}

// checkLoopback refuses non-loopback listen addresses.
func checkLoopback(listen string) error {
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		return fmt.Errorf("invalid --listen %q: %w", listen, err)
	}
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("refusing to listen on %q: the API server has no authentication yet, so it only listens on a loopback address (e.g. 127.0.0.1:6443)", listen)
	}
	return nil
}

func runServer(ctx context.Context, dataDir, listen string, noSched bool, cmd *cobra.Command) error {
	if err := checkLoopback(listen); err != nil {
		return err
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return fmt.Errorf("creating the data folder: %w", err)
	}
	log := slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), &slog.HandlerOptions{Level: slog.LevelInfo}))
	db, err := bolt.Open(filepath.Join(dataDir, "store.db"), bolt.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	reg, err := builtin.NewRegistry()
	if err != nil {
		return err
	}
	srv, err := apiserver.New(apiserver.Config{
		Registry:          reg,
		Store:             db,
		Logger:            log,
		AdmissionRegistry: plugins.NewRegistry(),
		AdmissionPlugins:  plugins.Default(),
	})
	if err != nil {
		return err
	}
	if err := srv.Start(ctx); err != nil {
		return err
	}
	defer srv.Stop()
	if !noSched {
		stopSched, err := startScheduler(ctx, srv, reg, log)
		if err != nil {
			return fmt.Errorf("starting the scheduler: %w", err)
		}
		defer stopSched()
	}
	disabled, _ := cmd.Flags().GetStringSlice("disable-controllers")
	stopControllers, err := startControllers(ctx, srv, reg, disabled, log)
	if err != nil {
		return err
	}
	defer stopControllers()
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 30 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	log.Info("serving", "url", "http://"+ln.Addr().String(), "data-dir", dataDir)
	fmt.Fprintf(cmd.OutOrStdout(), "Gantry API server on http://%s\nkubectl: gantry kubeconfig --server http://%s > gantry.kubeconfig && kubectl --kubeconfig gantry.kubeconfig get ns\n", ln.Addr(), ln.Addr())
	select {
	case <-ctx.Done():
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	stopControllers()
	srv.Stop()
	_ = hs.Shutdown(sctx)
	return nil
}
