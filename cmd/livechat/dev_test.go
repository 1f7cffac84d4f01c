package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"livechat/config"
	"livechat/store/storetest"
)

func TestEnsureDatabaseCreatesAMissingDatabase(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	suffix := make([]byte, 6)
	_, _ = rand.Read(suffix)
	// A dash needs quoting: the name must reach PostgreSQL as an identifier.
	name := "livechat-ensure-" + hex.EncodeToString(suffix)
	u, err := url.Parse(storetest.AdminURL())
	require.NoError(t, err)
	u.Path = "/" + name
	dsn := u.String()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		admin, err := pgx.Connect(ctx, storetest.AdminURL())
		if err != nil {
			t.Errorf("drop %s: %v", name, err)
			return
		}
		defer func() { _ = admin.Close(ctx) }()
		if _, err := admin.Exec(ctx, `DROP DATABASE IF EXISTS `+pgx.Identifier{name}.Sanitize()+` WITH (FORCE)`); err != nil {
			t.Errorf("drop %s: %v", name, err)
		}
	})

	_, err = pgx.Connect(ctx, dsn)
	require.Error(t, err, "the database does not exist yet")

	require.NoError(t, ensureDatabase(ctx, dsn))
	conn, err := pgx.Connect(ctx, dsn)
	require.NoError(t, err)
	var current string
	require.NoError(t, conn.QueryRow(ctx, `SELECT current_database()`).Scan(&current))
	require.NoError(t, conn.Close(ctx))
	require.Equal(t, name, current)

	require.NoError(t, ensureDatabase(ctx, dsn), "an existing database is left alone")
}

func TestDevSecretIsCreatedOnceAndPrivate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	first, err := devSecret(dir)
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(first), config.MinSecretLength)
	require.NoError(t, config.Config{SessionSecret: first}.RequireSessionSecret())

	info, err := os.Stat(filepath.Join(dir, "session-secret"))
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), info.Mode().Perm())

	second, err := devSecret(dir)
	require.NoError(t, err)
	require.Equal(t, first, second, "sessions survive restarts")

	other, err := devSecret(t.TempDir())
	require.NoError(t, err)
	require.NotEqual(t, first, other, "random per data dir")
}

func TestDevSecretReplacesATooShortSecret(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "session-secret")
	require.NoError(t, os.WriteFile(path, []byte("short\n"), 0o644))

	secret, err := devSecret(dir)
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(secret), config.MinSecretLength)
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, secret, strings.TrimSpace(string(b)))

	info, err := os.Stat(path)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "a rewritten secret is private even if the old file was not")
}
