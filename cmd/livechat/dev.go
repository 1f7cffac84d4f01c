package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"golang.org/x/sync/errgroup"

	"livechat/config"
	"livechat/store"
)

// runDev runs the whole stack in one process for local development.
func runDev(ctx context.Context, cfg config.Config) error {
	log := cfg.Logger()
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return fmt.Errorf("data dir: %w", err)
	}
	if cfg.SessionSecret == "" {
		secret, err := devSecret(cfg.DataDir)
		if err != nil {
			return err
		}
		cfg.SessionSecret = secret
	}
	if err := ensureDatabase(ctx, cfg.DatabaseURL); err != nil {
		return err
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := store.Migrate(ctx, st.Pool); err != nil {
		return err
	}
	tc, temporal, err := startOrReuseTemporal(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer temporal.stop()
	defer tc.Close()
	logins, widgetKey, err := seedDemo(ctx, st)
	if err != nil {
		return err
	}
	prof, err := startPprof(cfg.PprofAddr, log)
	if err != nil {
		return err
	}
	defer prof.stop()
	printDevBanner(cfg, temporal, prof.addr(), logins, widgetKey)

	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { return runWorkerLoop(gctx, cfg, st, tc, log) })
	g.Go(func() error { return runAPIServer(gctx, cfg, st, tc, log) })
	err = g.Wait()
	log.Info("stopped")
	return err
}

// devSecret reads the session secret kept in the data dir, creating it on
// first run, so sessions survive restarts of `livechat dev`.
func devSecret(dataDir string) (string, error) {
	path := filepath.Join(dataDir, "session-secret")
	if b, err := os.ReadFile(path); err == nil && len(strings.TrimSpace(string(b))) >= config.MinSecretLength {
		return strings.TrimSpace(string(b)), nil
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("generate session secret: %w", err)
	}
	secret := hex.EncodeToString(raw)
	// Write a private temp file and rename it over any old one, so the secret
	// is never readable by others, whatever the old file's mode was.
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(secret+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("write session secret: %w", err)
	}
	if err := os.Chmod(tmp, 0o600); err != nil {
		return "", fmt.Errorf("write session secret: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return "", fmt.Errorf("write session secret: %w", err)
	}
	return secret, nil
}

// ensureDatabase creates the configured database if the server answers but
// the database does not exist yet.
func ensureDatabase(ctx context.Context, dsn string) error {
	conn, err := pgx.Connect(ctx, dsn)
	if err == nil {
		return conn.Close(ctx)
	}
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "3D000" {
		return nil // openStore reports connection problems in one clear line
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return fmt.Errorf("LIVECHAT_DATABASE_URL: %w", err)
	}
	name := strings.TrimPrefix(u.Path, "/")
	u.Path = "/postgres"
	admin, err := pgx.Connect(ctx, u.String())
	if err != nil {
		return fmt.Errorf("create database %s: %w", name, err)
	}
	defer func() { _ = admin.Close(ctx) }()
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		return fmt.Errorf("create database %s: %w", name, err)
	}
	return nil
}

func printDevBanner(cfg config.Config, temporal *devTemporal, pprofAddr string, logins []demoLogin, widgetKey string) {
	ui := "http://localhost:" + TemporalUIPort
	switch {
	case temporal == nil:
		ui += " (if the Temporal server that was already running serves one there)"
	case !temporal.ui:
		ui = "not started: port " + TemporalUIPort + " was in use"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\nLivechat is running. Ctrl-C stops everything.\n\n")
	fmt.Fprintf(&b, "  Web app      %s\n", cfg.PublicURL)
	fmt.Fprintf(&b, "  Temporal UI  %s\n", ui)
	fmt.Fprintf(&b, "  API docs     %s/api/v1/openapi.json\n", cfg.PublicURL)
	if pprofAddr != "" {
		fmt.Fprintf(&b, "  Profiles     http://%s/debug/pprof/ (API and worker: one process)\n", pprofAddr)
	}
	b.WriteString("\n")
	writeDemo(&b, cfg.PublicURL, logins, widgetKey)
	fmt.Println(b.String())
}
