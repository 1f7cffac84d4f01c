package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"go.temporal.io/sdk/client"

	"livechat/config"
	"livechat/store"
)

// services are what `api` and `worker` run on.
type services struct {
	log *slog.Logger
	st  *store.Store
	tc  client.Client
}

// openServices checks the secret and connects to an up-to-date PostgreSQL
// and to Temporal; close releases both.
func openServices(ctx context.Context, cfg config.Config) (svc services, closeAll func(), err error) {
	if err := cfg.RequireSessionSecret(); err != nil {
		return svc, nil, err
	}
	svc.log = cfg.Logger()
	if svc.st, err = openStore(ctx, cfg); err != nil {
		return svc, nil, err
	}
	if err := requireMigrated(ctx, svc.st); err != nil {
		svc.st.Close()
		return svc, nil, err
	}
	if svc.tc, err = dialTemporal(ctx, cfg, svc.log); err != nil {
		svc.st.Close()
		return svc, nil, err
	}
	return svc, func() { svc.tc.Close(); svc.st.Close() }, nil
}

func runAPI(ctx context.Context, cfg config.Config) error {
	svc, closeAll, err := openServices(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeAll()
	prof, err := startPprof(cfg.PprofAddr, svc.log)
	if err != nil {
		return err
	}
	defer prof.stop()
	svc.log.Info("api listening", "addr", cfg.HTTPAddr, "public_url", cfg.PublicURL)
	return runAPIServer(ctx, cfg, svc.st, svc.tc, svc.log)
}

func runWorker(ctx context.Context, cfg config.Config) error {
	svc, closeAll, err := openServices(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeAll()
	prof, err := startPprof(cfg.PprofAddr, svc.log)
	if err != nil {
		return err
	}
	defer prof.stop()
	svc.log.Info("worker started", "task_queue", cfg.TaskQueue, "namespace", cfg.TemporalNamespace)
	return runWorkerLoop(ctx, cfg, svc.st, svc.tc, svc.log)
}

func runMigrate(ctx context.Context, cfg config.Config) error {
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	applied, err := store.Migrate(ctx, st.Pool)
	if err != nil {
		return err
	}
	if len(applied) == 0 {
		fmt.Println("migrate: the schema is up to date")
		return nil
	}
	fmt.Printf("migrate: applied %v\n", applied)
	return nil
}

// runSeed creates what is missing of the demo organisation in a migrated
// database (as `dev` does), for a stack run as separate `api` and `worker`
// processes, and prints the logins and the widget snippet.
func runSeed(ctx context.Context, cfg config.Config) error {
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := requireMigrated(ctx, st); err != nil {
		return err
	}
	logins, widgetKey, err := seedDemo(ctx, st)
	if err != nil {
		return err
	}
	var b strings.Builder
	where := dbHost(cfg.DatabaseURL)
	if u, err := url.Parse(cfg.DatabaseURL); err == nil && u.Host != "" {
		where = u.Host + u.Path // never the password
	}
	fmt.Fprintf(&b, "seed: the demo organisation is ready in %s.\n\n", where)
	writeDemo(&b, cfg.PublicURL, logins, widgetKey)
	fmt.Print(b.String())
	return nil
}

func runHealthcheck(ctx context.Context, cfg config.Config) error {
	addr := cfg.HTTPAddr
	if strings.HasPrefix(addr, ":") {
		addr = "127.0.0.1" + addr
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/healthz", nil)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: status %d", resp.StatusCode)
	}
	return nil
}
