package store_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"livechat/store"
	"livechat/store/storetest"
)

// emptyDatabase creates a database with no tables at all (not from the
// migrated template), dropped at cleanup, and returns its URL.
func emptyDatabase(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	suffix := make([]byte, 6)
	_, _ = rand.Read(suffix)
	name := "livechat_empty_" + hex.EncodeToString(suffix)

	admin, err := pgx.Connect(ctx, storetest.AdminURL())
	require.NoError(t, err)
	_, err = admin.Exec(ctx, `CREATE DATABASE `+name)
	_ = admin.Close(ctx)
	require.NoError(t, err)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		admin, err := pgx.Connect(ctx, storetest.AdminURL())
		if err != nil {
			t.Errorf("drop %s: %v", name, err)
			return
		}
		defer func() { _ = admin.Close(ctx) }()
		if _, err := admin.Exec(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
			t.Errorf("drop %s: %v", name, err)
		}
	})

	u, err := url.Parse(storetest.AdminURL())
	require.NoError(t, err)
	u.Path = "/" + name
	return u.String()
}

// openStore opens a store on dbURL, closed at cleanup.
func openStore(t *testing.T, dbURL string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), dbURL)
	require.NoError(t, err)
	t.Cleanup(st.Close)
	return st
}

// allVersions returns 1..n.
func allVersions(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i + 1
	}
	return out
}
