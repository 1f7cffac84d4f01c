package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"livechat/config"
	"livechat/store"
)

func runAPI(ctx context.Context, cfg config.Config) error {
	if err := cfg.RequireSessionSecret(); err != nil {
		return err
	}
	log := cfg.Logger()
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := requireMigrated(ctx, st); err != nil {
		return err
	}
	tc, err := dialTemporal(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer tc.Close()
	log.Info("api listening", "addr", cfg.HTTPAddr, "public_url", cfg.PublicURL)
	return serveHTTP(ctx, newAPI(cfg, st, tc, log), cfg.HTTPAddr)
}

func runWorker(ctx context.Context, cfg config.Config) error {
	if err := cfg.RequireSessionSecret(); err != nil {
		return err
	}
	log := cfg.Logger()
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := requireMigrated(ctx, st); err != nil {
		return err
	}
	tc, err := dialTemporal(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer tc.Close()
	log.Info("worker started", "task_queue", cfg.TaskQueue, "namespace", cfg.TemporalNamespace)
	return runWorkerLoop(ctx, cfg, st, tc, log)
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
