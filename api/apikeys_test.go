package api

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"livechat/accounts"
)

// createKey creates an API key through the API and returns its id and secret.
func (c *apiClient) createKey(name string) (id, secret string) {
	c.t.Helper()
	status, body := c.do(http.MethodPost, "/api/v1/api-keys", map[string]string{"name": name})
	require.Equal(c.t, http.StatusCreated, status, "create key: %v", body)
	key, ok := body["api_key"].(map[string]any)
	require.True(c.t, ok, "no api_key in %v", body)
	secret, _ = body["secret"].(string)
	return key["id"].(string), secret
}

func TestAPIKeyCreateShowsSecretOnce(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.addMember(env.Org, "admin@acme.test", accounts.RoleAdmin)
	admin := env.login("admin@acme.test")

	status, body := admin.do(http.MethodPost, "/api/v1/api-keys", map[string]string{"name": "CRM sync"})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	secret, _ := body["secret"].(string)
	require.True(t, strings.HasPrefix(secret, accounts.APIKeyPrefix), "secret %q", secret)
	require.Greater(t, len(secret), 40, "the secret is long and random")
	key := body["api_key"].(map[string]any)
	require.Equal(t, "CRM sync", key["name"])
	require.Equal(t, secret[:len(key["prefix"].(string))], key["prefix"], "the prefix identifies the key")
	require.Less(t, len(key["prefix"].(string)), len(secret)-20, "the prefix gives away little of the secret")
	require.Equal(t, env.userID("admin@acme.test").String(), key["created_by"])
	require.Nil(t, key["revoked_at"])

	_, other := admin.createKey("Second")
	require.NotEqual(t, secret, other)

	r, list := admin.raw(http.MethodGet, "/api/v1/api-keys", "", nil)
	require.Equal(t, http.StatusOK, r.StatusCode)
	keys := items(t, list, "api_keys")
	require.ElementsMatch(t, []string{"CRM sync", "Second"}, pluck(keys, "name"))
	require.NotContains(t, string(r.Raw), secret, "a listed key never shows its secret")
	require.NotContains(t, string(r.Raw), other)
	for _, k := range keys {
		require.NotContains(t, k, "secret")
		require.NotContains(t, k, "key_hash")
	}

	for _, name := range []string{"", "   ", strings.Repeat("k", 101)} {
		status, body = admin.do(http.MethodPost, "/api/v1/api-keys", map[string]string{"name": name})
		require.Equal(t, http.StatusBadRequest, status, "%q: %v", name, body)
		require.Equal(t, "validation_failed", errorCode(t, body))
		require.Contains(t, errorFields(t, body), "name")
	}
}

func TestAPIKeyManagementNeedsAdmin(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.addMember(env.Org, "super@acme.test", accounts.RoleSupervisor)
	env.addMember(env.Org, "agent@acme.test", accounts.RoleAgent)
	id, _ := env.login("owner@acme.test").createKey("Existing")

	for _, email := range []string{"super@acme.test", "agent@acme.test"} {
		c := env.login(email)
		for _, req := range []struct {
			method, path string
			body         any
		}{
			{http.MethodPost, "/api/v1/api-keys", map[string]string{"name": "mine"}},
			{http.MethodGet, "/api/v1/api-keys", nil},
			{http.MethodDelete, "/api/v1/api-keys/" + id, nil},
		} {
			status, body := c.do(req.method, req.path, req.body)
			require.Equal(t, http.StatusForbidden, status, "%s %s %s: %v", email, req.method, req.path, body)
			require.Equal(t, "forbidden", errorCode(t, body))
		}
	}
	status, body := env.login("owner@acme.test").do(http.MethodGet, "/api/v1/api-keys", nil)
	require.Equal(t, http.StatusOK, status)
	keys := items(t, body, "api_keys")
	require.Equal(t, []string{"Existing"}, pluck(keys, "name"))
	require.Nil(t, keys[0]["revoked_at"])
}

func TestAPIKeyAccess(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	owner := env.login("owner@acme.test")
	_, secret := owner.createKey("Bot")
	key := env.withKey(secret)

	// Read routes open to keys.
	status, body := key.do(http.MethodGet, "/api/v1/teams", nil)
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, []string{"Inbox"}, pluck(items(t, body, "teams"), "name"))
	status, body = key.do(http.MethodGet, "/api/v1/teams/"+env.Org.Inbox.ID.String(), nil)
	require.Equal(t, http.StatusOK, status, "%v", body)
	status, body = key.do(http.MethodGet, "/api/v1/members", nil)
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, []string{"owner@acme.test"}, pluck(items(t, body, "members"), "email"))
	status, body = key.do(http.MethodGet, "/api/v1/teams/"+env.Org.Inbox.ID.String()+"/members", nil)
	require.Equal(t, http.StatusOK, status, "%v", body)

	// Member-only routes refuse keys, reads and writes alike.
	for _, req := range []struct {
		method, path string
		body         any
	}{
		{http.MethodPost, "/api/v1/teams", map[string]string{"name": "By key"}},
		{http.MethodPatch, "/api/v1/teams/" + env.Org.Inbox.ID.String(), map[string]int{"capacity": 50}},
		{http.MethodDelete, "/api/v1/members/" + env.Org.Owner.ID.String(), nil},
		{http.MethodPost, "/api/v1/api-keys", map[string]string{"name": "child key"}},
		{http.MethodPost, "/api/v1/invitations", map[string]any{"email": "x@example.test", "role": "agent"}},
		{http.MethodGet, "/api/v1/audit-log", nil},
		{http.MethodGet, "/api/v1/api-keys", nil},
		{http.MethodGet, "/api/v1/auth/session", nil},
		{http.MethodPut, "/api/v1/me/presence", map[string]string{"status": "online"}},
	} {
		status, body := key.do(req.method, req.path, req.body)
		require.Equal(t, http.StatusForbidden, status, "%s %s: %v", req.method, req.path, body)
		require.Equal(t, "session_required", errorCode(t, body), "%s %s", req.method, req.path)
	}
	status, body = owner.do(http.MethodGet, "/api/v1/teams", nil)
	require.Equal(t, http.StatusOK, status)
	teams := items(t, body, "teams")
	require.Equal(t, []string{"Inbox"}, pluck(teams, "name"))
	require.EqualValues(t, 3, teams[0]["capacity"])
	status, body = owner.do(http.MethodGet, "/api/v1/api-keys", nil)
	require.Equal(t, http.StatusOK, status)
	keys := items(t, body, "api_keys")
	require.Len(t, keys, 1)
	require.NotNil(t, keys[0]["last_used_at"], "using a key records when")
}

func TestAPIKeyBadCredentials(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	owner := env.login("owner@acme.test")
	id, secret := owner.createKey("Doomed")
	status, _ := env.withKey(secret).do(http.MethodGet, "/api/v1/teams", nil)
	require.Equal(t, http.StatusOK, status)

	status, body := owner.do(http.MethodDelete, "/api/v1/api-keys/"+id, nil)
	require.Equal(t, http.StatusNoContent, status, "%v", body)
	status, body = owner.do(http.MethodDelete, "/api/v1/api-keys/"+id, nil)
	require.Equal(t, http.StatusNotFound, status, "revoking twice: %v", body)
	status, body = owner.do(http.MethodGet, "/api/v1/api-keys", nil)
	require.Equal(t, http.StatusOK, status)
	require.NotNil(t, items(t, body, "api_keys")[0]["revoked_at"])

	tests := []struct {
		name, secret string
	}{
		{"revoked", secret},
		{"unknown", accounts.APIKeyPrefix + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
		{"tampered", secret[:len(secret)-2] + "zz"},
		{"session token as key", owner.sessionToken()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := env.anonymous()
			req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, env.URL+"/api/v1/teams", nil)
			require.NoError(t, err)
			req.Header.Set("Authorization", "Bearer "+tt.secret)
			r, body := c.exchange(req)
			require.Equal(t, http.StatusUnauthorized, r.StatusCode, "%s", r.Raw)
			require.Equal(t, "invalid_api_key", errorCode(t, body))
		})
	}

	for _, header := range []string{"Basic b3duZXJAYWNtZS50ZXN0OnBhc3N3b3Jk", "Bearer ", "Token " + secret, "bearer" + secret} {
		t.Run("header "+header, func(t *testing.T) {
			req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, env.URL+"/api/v1/teams", nil)
			require.NoError(t, err)
			req.Header.Set("Authorization", header)
			r, body := env.anonymous().exchange(req)
			require.Equal(t, http.StatusUnauthorized, r.StatusCode, "%s", r.Raw)
			require.Equal(t, "unauthenticated", errorCode(t, body))
		})
	}
}

func TestAPIKeyScopedToItsOrganisation(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	acme := env.login("owner@acme.test")
	acmeSales := acme.createTeam("Acme Sales")["id"].(string)
	globex := env.newOrg("Globex", "globex", "owner@globex.test")
	gOwner := env.login("owner@globex.test")
	gKey, secret := gOwner.createKey("Globex bot")
	key := env.withKey(secret)

	status, body := key.do(http.MethodGet, "/api/v1/teams", nil)
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, []string{globex.Inbox.ID.String()}, pluck(items(t, body, "teams"), "id"))
	status, body = key.do(http.MethodGet, "/api/v1/members", nil)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, []string{"owner@globex.test"}, pluck(items(t, body, "members"), "email"))

	for _, path := range []string{
		"/api/v1/teams/" + env.Org.Inbox.ID.String(),
		"/api/v1/teams/" + acmeSales,
		"/api/v1/teams/" + acmeSales + "/members",
		"/api/v1/members/" + env.Org.Owner.ID.String(),
	} {
		status, body := key.do(http.MethodGet, path, nil)
		require.Equal(t, http.StatusNotFound, status, "%s: %v", path, body)
		require.Equal(t, "not_found", errorCode(t, body))
	}

	// Nor can one organisation see or revoke another's key.
	status, body = acme.do(http.MethodDelete, "/api/v1/api-keys/"+gKey, nil)
	require.Equal(t, http.StatusNotFound, status, "%v", body)
	status, body = acme.do(http.MethodGet, "/api/v1/api-keys", nil)
	require.Equal(t, http.StatusOK, status)
	require.Empty(t, items(t, body, "api_keys"))
	status, _ = key.do(http.MethodGet, "/api/v1/teams", nil)
	require.Equal(t, http.StatusOK, status, "the key still works")
}
