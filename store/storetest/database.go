// Package storetest gives tests an isolated, migrated PostgreSQL database
// (or a transaction rolled back at cleanup) and factories for fixtures.
package storetest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"livechat/store"
	"livechat/store/db"
)

// templateLockID serialises template creation across test processes.
const templateLockID = 7_102_027

// AdminURL is the maintenance database tests create their databases from.
// LIVECHAT_TEST_DATABASE_URL overrides it.
func AdminURL() string {
	if v := os.Getenv("LIVECHAT_TEST_DATABASE_URL"); v != "" {
		return v
	}
	return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
}

// urlFor returns AdminURL pointing at another database.
func urlFor(name string) string {
	u, err := url.Parse(AdminURL())
	if err != nil {
		panic(fmt.Sprintf("storetest: bad LIVECHAT_TEST_DATABASE_URL: %v", err))
	}
	u.Path = "/" + name
	return u.String()
}

var (
	templateOnce sync.Once
	templateName string
	templateErr  error
)

// template returns the name of a migrated template database for the current
// set of migrations, creating it once across all test processes.
func template(ctx context.Context) (string, error) {
	templateOnce.Do(func() {
		templateName, templateErr = buildTemplate(ctx)
	})
	return templateName, templateErr
}

func buildTemplate(ctx context.Context) (string, error) {
	migrations, err := store.Migrations()
	if err != nil {
		return "", err
	}
	last := migrations[len(migrations)-1]
	name := fmt.Sprintf("livechat_tpl_%d_%s", last.Version, combinedChecksum(migrations))
	conn, err := pgx.Connect(ctx, AdminURL())
	if err != nil {
		return "", fmt.Errorf("storetest: connect to %s (is PostgreSQL running?): %w", AdminURL(), err)
	}
	defer func() { _ = conn.Close(context.WithoutCancel(ctx)) }()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, templateLockID); err != nil {
		return "", fmt.Errorf("storetest: lock: %w", err)
	}
	defer func() { _, _ = conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, templateLockID) }()

	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		return "", fmt.Errorf("storetest: look up template: %w", err)
	}
	if exists {
		return name, nil
	}
	building := name + "_tmp"
	if _, err := conn.Exec(ctx, `DROP DATABASE IF EXISTS `+building+` WITH (FORCE)`); err != nil {
		return "", fmt.Errorf("storetest: drop stale template: %w", err)
	}
	if _, err := conn.Exec(ctx, `CREATE DATABASE `+building); err != nil {
		return "", fmt.Errorf("storetest: create template: %w", err)
	}
	st, err := store.Open(ctx, urlFor(building))
	if err != nil {
		return "", err
	}
	_, err = store.Migrate(ctx, st.Pool)
	st.Close()
	if err != nil {
		return "", err
	}
	if _, err := conn.Exec(ctx, `ALTER DATABASE `+building+` RENAME TO `+name); err != nil {
		return "", fmt.Errorf("storetest: publish template: %w", err)
	}
	return name, nil
}

func combinedChecksum(ms []store.Migration) string {
	h := sha256.New()
	for _, m := range ms {
		h.Write([]byte(m.Checksum))
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// NewDatabase creates a fresh migrated database for one test and drops it at
// cleanup. It returns the open store and the database URL (for processes
// under test that open their own pools).
func NewDatabase(t testing.TB) (*store.Store, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	tpl, err := template(ctx)
	require.NoError(t, err)

	suffix := make([]byte, 6)
	_, _ = rand.Read(suffix)
	name := "livechat_t_" + hex.EncodeToString(suffix)
	admin, err := pgx.Connect(ctx, AdminURL())
	require.NoError(t, err)
	_, err = admin.Exec(ctx, `CREATE DATABASE `+name+` TEMPLATE `+tpl)
	_ = admin.Close(ctx)
	require.NoError(t, err, "create test database")

	dbURL := urlFor(name)
	st, err := store.Open(ctx, dbURL)
	require.NoError(t, err)
	t.Cleanup(func() {
		st.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		admin, err := pgx.Connect(ctx, AdminURL())
		if err != nil {
			t.Errorf("storetest: drop %s: %v", name, err)
			return
		}
		defer func() { _ = admin.Close(ctx) }()
		if _, err := admin.Exec(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
			t.Errorf("storetest: drop %s: %v", name, err)
		}
	})
	return st, dbURL
}

var (
	sharedOnce  sync.Once
	sharedStore *store.Store
	sharedErr   error
)

// Tx returns queries bound to a transaction on a database shared by all
// transaction-scoped tests; the transaction is rolled back at cleanup, so
// tests run in parallel without seeing each other's rows and the shared
// database stays empty between runs.
func Tx(t testing.TB) *db.Queries {
	t.Helper()
	ctx := context.Background()
	sharedOnce.Do(func() { sharedStore, sharedErr = openShared(ctx) })
	require.NoError(t, sharedErr)
	tx, err := sharedStore.Pool.Begin(ctx)
	require.NoError(t, err)
	t.Cleanup(func() { _ = tx.Rollback(context.Background()) })
	return sharedStore.WithTx(tx)
}

// openShared opens (creating once, from the template) the database that
// transaction-scoped tests share.
func openShared(ctx context.Context) (*store.Store, error) {
	tpl, err := template(ctx)
	if err != nil {
		return nil, err
	}
	name := tpl + "_tx"
	conn, err := pgx.Connect(ctx, AdminURL())
	if err != nil {
		return nil, fmt.Errorf("storetest: connect: %w", err)
	}
	defer func() { _ = conn.Close(context.WithoutCancel(ctx)) }()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, templateLockID); err != nil {
		return nil, fmt.Errorf("storetest: lock: %w", err)
	}
	defer func() { _, _ = conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, templateLockID) }()
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		return nil, fmt.Errorf("storetest: look up shared database: %w", err)
	}
	if !exists {
		if _, err := conn.Exec(ctx, `CREATE DATABASE `+name+` TEMPLATE `+tpl); err != nil {
			return nil, fmt.Errorf("storetest: create shared database: %w", err)
		}
	}
	return store.Open(ctx, urlFor(name))
}
