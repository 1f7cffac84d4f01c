package storetest_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"livechat/store"
	"livechat/store/db"
	"livechat/store/storetest"
)

func databaseExists(t *testing.T, name string) bool {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, storetest.AdminURL())
	require.NoError(t, err)
	defer func() { _ = conn.Close(ctx) }()
	var exists bool
	require.NoError(t, conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists))
	return exists
}

func TestNewDatabaseIsMigratedIsolatedAndDropped(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ms, err := store.Migrations()
	require.NoError(t, err)

	var names []string
	for i := range 2 {
		t.Run("db", func(t *testing.T) {
			st, dbURL := storetest.NewDatabase(t)
			u, err := url.Parse(dbURL)
			require.NoError(t, err)
			name := strings.TrimPrefix(u.Path, "/")
			names = append(names, name)
			require.True(t, databaseExists(t, name))

			var applied int
			require.NoError(t, st.Pool.QueryRow(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&applied))
			require.Equal(t, len(ms), applied)

			// Rows written by the first database never show up in the second.
			var orgs int
			require.NoError(t, st.Pool.QueryRow(ctx, `SELECT count(*) FROM organizations`).Scan(&orgs))
			require.Zero(t, orgs, "database %d starts empty", i)
			_, err = st.CreateOrganization(ctx, db.CreateOrganizationParams{ID: uuid.New(), Name: "Acme", Slug: "acme"})
			require.NoError(t, err)
		})
	}
	require.Len(t, names, 2)
	require.NotEqual(t, names[0], names[1])
	for _, name := range names {
		require.False(t, databaseExists(t, name), "%s dropped at cleanup", name)
	}
}

func TestTxIsRolledBackAtCleanup(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	slug := "tx-" + uuid.NewString()[:8]
	t.Run("write", func(t *testing.T) {
		q := storetest.Tx(t)
		_, err := q.CreateOrganization(ctx, db.CreateOrganizationParams{ID: uuid.New(), Name: "Acme", Slug: slug})
		require.NoError(t, err)
		_, err = q.GetOrganizationBySlug(ctx, slug)
		require.NoError(t, err, "visible inside its own transaction")
	})
	q := storetest.Tx(t)
	_, err := q.GetOrganizationBySlug(ctx, slug)
	require.ErrorIs(t, store.Err(err), store.ErrNotFound, "rolled back when the subtest ended")
}
