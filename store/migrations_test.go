package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"livechat/store"
)

func TestMigrationsAreNumberedWithoutGaps(t *testing.T) {
	t.Parallel()
	ms, err := store.Migrations()
	require.NoError(t, err)
	require.NotEmpty(t, ms)
	for i, m := range ms {
		require.Equal(t, i+1, m.Version, "migration %d_%s", m.Version, m.Name)
		require.NotEmpty(t, m.Name, "migration %d has a name", m.Version)
		require.NotEmpty(t, strings.TrimSpace(m.SQL), "migration %d_%s has SQL", m.Version, m.Name)
		require.Len(t, m.Checksum, 64, "migration %d_%s has a SHA-256 checksum", m.Version, m.Name)
	}
}

func TestMigrateFreshDatabaseThenNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ms, err := store.Migrations()
	require.NoError(t, err)
	st := openStore(t, emptyDatabase(t))

	applied, err := store.Migrate(ctx, st.Pool)
	require.NoError(t, err)
	require.Equal(t, allVersions(len(ms)), applied)

	again, err := store.Migrate(ctx, st.Pool)
	require.NoError(t, err)
	require.Empty(t, again, "a second Migrate applies nothing")

	var rows int
	require.NoError(t, st.Pool.QueryRow(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&rows))
	require.Equal(t, len(ms), rows)
	for _, m := range ms {
		var sum string
		require.NoError(t, st.Pool.QueryRow(ctx, `SELECT checksum FROM schema_migrations WHERE version = $1`, m.Version).Scan(&sum))
		require.Equal(t, m.Checksum, sum, "recorded checksum of %d", m.Version)
	}
}

func TestMigrateRefusesAChangedMigration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ms, err := store.Migrations()
	require.NoError(t, err)
	st := openStore(t, emptyDatabase(t))
	_, err = store.Migrate(ctx, st.Pool)
	require.NoError(t, err)

	first := ms[0]
	tag, err := st.Pool.Exec(ctx, `UPDATE schema_migrations SET checksum = 'edited' WHERE version = $1`, first.Version)
	require.NoError(t, err)
	require.EqualValues(t, 1, tag.RowsAffected())

	applied, err := store.Migrate(ctx, st.Pool)
	require.Error(t, err)
	require.Empty(t, applied)
	require.Contains(t, err.Error(), fmt.Sprintf("%04d_%s", first.Version, first.Name))
}

func TestMigrateConcurrentlyAppliesEachMigrationOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ms, err := store.Migrations()
	require.NoError(t, err)
	dbURL := emptyDatabase(t)
	// Two pools, as two replicas starting at once would have.
	replicas := []*store.Store{openStore(t, dbURL), openStore(t, dbURL)}

	type result struct {
		applied []int
		err     error
	}
	start := make(chan struct{})
	results := make(chan result, len(replicas))
	for _, st := range replicas {
		go func() {
			<-start
			applied, err := store.Migrate(ctx, st.Pool)
			results <- result{applied, err}
		}()
	}
	close(start)

	var all []int
	for range replicas {
		r := <-results
		require.NoError(t, r.err)
		all = append(all, r.applied...)
	}
	require.ElementsMatch(t, allVersions(len(ms)), all, "each migration applied exactly once across both callers")

	var rows int
	require.NoError(t, replicas[0].Pool.QueryRow(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&rows))
	require.Equal(t, len(ms), rows)
}
