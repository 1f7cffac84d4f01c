package accounts_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"livechat/accounts"
	"livechat/apperr"
)

func TestAPIKeyLifecycle(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, owner := e.org("acme", "olivia@example.test")

	created, err := e.svc.CreateAPIKey(e.ctx, owner, "  Zapier ")
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(created.Secret, accounts.APIKeyPrefix), created.Secret)
	require.Equal(t, "Zapier", created.Key.Name)
	require.Equal(t, owner.OrgID, created.Key.OrgID)
	require.True(t, strings.HasPrefix(created.Secret, created.Key.Prefix))
	require.Less(t, len(created.Key.Prefix), len(created.Secret)/2, "only a short prefix is kept")
	require.Equal(t, accounts.HashToken(created.Secret), created.Key.KeyHash)

	// The secret (or its random part) appears in no column of api_keys.
	random := strings.TrimPrefix(created.Secret, accounts.APIKeyPrefix)
	rows, err := e.st.Pool.Query(e.ctx, `SELECT row_to_json(k)::text FROM api_keys k`)
	require.NoError(t, err)
	var seen int
	for rows.Next() {
		var row string
		require.NoError(t, rows.Scan(&row))
		require.NotContains(t, row, created.Secret)
		require.NotContains(t, row, random)
		seen++
	}
	require.NoError(t, rows.Err())
	require.Equal(t, 1, seen)

	p, err := e.svc.AuthenticateAPIKey(e.ctx, created.Secret)
	require.NoError(t, err)
	require.True(t, p.IsAPIKey())
	require.Equal(t, owner.OrgID, p.OrgID)
	require.Equal(t, created.Key.ID, p.APIKeyID)
	require.Equal(t, accounts.RoleAdmin, p.Role)

	for _, bad := range []string{"", "garbage", accounts.APIKeyPrefix + "garbage", created.Secret + "x", strings.TrimPrefix(created.Secret, accounts.APIKeyPrefix)} {
		_, err := e.svc.AuthenticateAPIKey(e.ctx, bad)
		requireAppErr(t, err, apperr.Unauthenticated, "invalid_api_key")
	}

	require.NoError(t, e.svc.RevokeAPIKey(e.ctx, owner, created.Key.ID))
	_, err = e.svc.AuthenticateAPIKey(e.ctx, created.Secret)
	requireAppErr(t, err, apperr.Unauthenticated, "invalid_api_key")
	requireAppErr(t, e.svc.RevokeAPIKey(e.ctx, owner, created.Key.ID), apperr.NotFound, "not_found")
}

func TestAPIKeyBelongsToItsOrganization(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, acme := e.org("acme", "olivia@example.test")
	_, globex := e.org("globex", "hank@example.test")
	created, err := e.svc.CreateAPIKey(e.ctx, acme, "bot")
	require.NoError(t, err)

	requireAppErr(t, e.svc.RevokeAPIKey(e.ctx, globex, created.Key.ID), apperr.NotFound, "not_found")
	p, err := e.svc.AuthenticateAPIKey(e.ctx, created.Secret)
	require.NoError(t, err, "still valid after another org tried to revoke it")
	require.Equal(t, acme.OrgID, p.OrgID)
}

func TestCreateAPIKeyValidatesName(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, owner := e.org("acme", "olivia@example.test")
	for _, name := range []string{"", "   ", strings.Repeat("x", 101)} {
		_, err := e.svc.CreateAPIKey(e.ctx, owner, name)
		ae := requireAppErr(t, err, apperr.Invalid, "validation_failed")
		require.Contains(t, ae.Fields, "name")
	}
	require.Zero(t, e.count("api_keys"))
}
