package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"livechat/store"
	"livechat/store/db"
	"livechat/store/storetest"
)

func TestErrPassesNilAndOtherErrorsThrough(t *testing.T) {
	t.Parallel()
	require.NoError(t, store.Err(nil))
	other := errors.New("boom")
	require.Same(t, other, store.Err(other))
}

func TestErrMapsNoRowsToNotFound(t *testing.T) {
	t.Parallel()
	err := store.Err(fmt.Errorf("load: %w", pgx.ErrNoRows))
	require.ErrorIs(t, err, store.ErrNotFound)
	require.ErrorIs(t, err, pgx.ErrNoRows, "the cause is kept")
	require.NotErrorIs(t, err, store.ErrConflict)

	// The same through a real query.
	q := storetest.Tx(t)
	_, err = q.GetOrganization(context.Background(), uuid.New())
	require.ErrorIs(t, store.Err(err), store.ErrNotFound)
}

func TestErrMapsUniqueViolationToConflict(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	q := storetest.Tx(t)
	slug := "dup-" + uuid.NewString()[:8]
	_, err := q.CreateOrganization(ctx, db.CreateOrganizationParams{ID: uuid.New(), Name: "One", Slug: slug})
	require.NoError(t, err)
	_, err = q.CreateOrganization(ctx, db.CreateOrganizationParams{ID: uuid.New(), Name: "Two", Slug: slug})
	require.Error(t, err)

	mapped := store.Err(err)
	require.ErrorIs(t, mapped, store.ErrConflict)
	require.NotErrorIs(t, mapped, store.ErrNotFound)
	require.Contains(t, mapped.Error(), "organizations_slug_key", "names the constraint")
}
