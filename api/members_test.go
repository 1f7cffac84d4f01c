package api

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"livechat/accounts"
)

func TestMembersList(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.addMember(env.Org, "agent@acme.test", accounts.RoleAgent)
	env.addMember(env.Org, "admin@acme.test", accounts.RoleAdmin)
	other := env.newOrg("Globex", "globex", "owner@globex.test")
	env.addMember(other, "agent@globex.test", accounts.RoleAgent)

	// Every role may read the member list of its own organisation.
	for _, email := range []string{"owner@acme.test", "agent@acme.test"} {
		t.Run(email, func(t *testing.T) {
			status, body := env.login(email).do(http.MethodGet, "/api/v1/members", nil)
			require.Equal(t, http.StatusOK, status, "%v", body)
			members := items(t, body, "members")
			roles := map[string]string{}
			for _, m := range members {
				roles[m["email"].(string)] = m["role"].(string)
				require.NotEmpty(t, m["user_id"])
				require.NotEmpty(t, m["name"])
				require.NotContains(t, m, "password_hash")
			}
			require.Equal(t, map[string]string{
				"owner@acme.test": "owner", "agent@acme.test": "agent", "admin@acme.test": "admin",
			}, roles)
		})
	}

	c := env.login("agent@acme.test")
	status, body := c.do(http.MethodGet, "/api/v1/members/"+env.userID("admin@acme.test").String(), nil)
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, "admin@acme.test", body["email"])
	require.Equal(t, "admin", body["role"])
	status, body = c.do(http.MethodGet, "/api/v1/members/"+env.userID("agent@globex.test").String(), nil)
	require.Equal(t, http.StatusNotFound, status, "%v", body)
	require.Equal(t, "not_found", errorCode(t, body))
}

func TestMemberChangesByRole(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.addMember(env.Org, "admin@acme.test", accounts.RoleAdmin)
	env.addMember(env.Org, "super@acme.test", accounts.RoleSupervisor)
	env.addMember(env.Org, "agent@acme.test", accounts.RoleAgent)
	env.addMember(env.Org, "agent2@acme.test", accounts.RoleAgent)
	clients := map[string]*apiClient{}
	for _, email := range []string{"owner@acme.test", "admin@acme.test", "super@acme.test", "agent@acme.test"} {
		clients[email] = env.login(email)
	}

	tests := []struct {
		name   string
		actor  string
		method string
		target string
		role   string // PATCH body; "" for DELETE
		status int
		code   string
	}{
		{"agent cannot change a role", "agent@acme.test", http.MethodPatch, "agent2@acme.test", "admin", 403, "forbidden"},
		{"agent cannot promote self", "agent@acme.test", http.MethodPatch, "agent@acme.test", "owner", 403, "forbidden"},
		{"agent cannot remove", "agent@acme.test", http.MethodDelete, "agent2@acme.test", "", 403, "forbidden"},
		{"supervisor cannot change a role", "super@acme.test", http.MethodPatch, "agent2@acme.test", "supervisor", 403, "forbidden"},
		{"supervisor cannot remove", "super@acme.test", http.MethodDelete, "agent2@acme.test", "", 403, "forbidden"},
		{"admin cannot demote an owner", "admin@acme.test", http.MethodPatch, "owner@acme.test", "agent", 403, "forbidden"},
		{"admin cannot grant owner", "admin@acme.test", http.MethodPatch, "agent2@acme.test", "owner", 403, "forbidden"},
		{"admin cannot make self owner", "admin@acme.test", http.MethodPatch, "admin@acme.test", "owner", 403, "forbidden"},
		{"admin cannot remove an owner", "admin@acme.test", http.MethodDelete, "owner@acme.test", "", 403, "forbidden"},
		{"unknown role", "owner@acme.test", http.MethodPatch, "agent2@acme.test", "superuser", 400, "validation_failed"},
		{"empty role", "owner@acme.test", http.MethodPatch, "agent2@acme.test", "", 400, "validation_failed"},
		{"last owner cannot step down", "owner@acme.test", http.MethodPatch, "owner@acme.test", "admin", 409, "last_owner"},
		{"owner cannot remove self", "owner@acme.test", http.MethodDelete, "owner@acme.test", "", 409, "cannot_remove_self"},
		{"admin cannot remove self", "admin@acme.test", http.MethodDelete, "admin@acme.test", "", 409, "cannot_remove_self"},
	}
	before := map[string]string{}
	for _, email := range []string{"owner@acme.test", "admin@acme.test", "super@acme.test", "agent@acme.test", "agent2@acme.test"} {
		before[email] = env.role(env.Org, email)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := "/api/v1/members/" + env.userID(tt.target).String()
			var body any
			if tt.method == http.MethodPatch {
				body = map[string]string{"role": tt.role}
			}
			status, reply := clients[tt.actor].do(tt.method, path, body)
			require.Equal(t, tt.status, status, "%v", reply)
			require.Equal(t, tt.code, errorCode(t, reply))
			if tt.code == "validation_failed" {
				require.Contains(t, errorFields(t, reply), "role")
			}
			for email, role := range before {
				require.Equal(t, role, env.role(env.Org, email), "%s changed", email)
			}
		})
	}

	// What is allowed works.
	status, body := clients["admin@acme.test"].do(http.MethodPatch, "/api/v1/members/"+env.userID("agent2@acme.test").String(), map[string]string{"role": "supervisor"})
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, "supervisor", body["role"])
	require.Equal(t, "agent2@acme.test", body["email"])
	require.Equal(t, "supervisor", env.role(env.Org, "agent2@acme.test"))

	status, body = clients["admin@acme.test"].do(http.MethodDelete, "/api/v1/members/"+env.userID("agent2@acme.test").String(), nil)
	require.Equal(t, http.StatusNoContent, status, "%v", body)
	require.Empty(t, env.role(env.Org, "agent2@acme.test"))
	status, body = clients["admin@acme.test"].do(http.MethodDelete, "/api/v1/members/"+env.userID("agent2@acme.test").String(), nil)
	require.Equal(t, http.StatusNotFound, status, "removing twice: %v", body)
}

func TestOwnerHandover(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.addMember(env.Org, "admin@acme.test", accounts.RoleAdmin)
	owner := env.login("owner@acme.test")
	adminID := env.userID("admin@acme.test").String()
	ownerID := env.Org.Owner.ID.String()

	// An owner may grant owner; then either owner may step down, but not both.
	status, body := owner.do(http.MethodPatch, "/api/v1/members/"+adminID, map[string]string{"role": "owner"})
	require.Equal(t, http.StatusOK, status, "%v", body)
	second := env.login("admin@acme.test")
	status, body = second.do(http.MethodPatch, "/api/v1/members/"+ownerID, map[string]string{"role": "admin"})
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, "admin", env.role(env.Org, "owner@acme.test"))

	status, body = second.do(http.MethodPatch, "/api/v1/members/"+adminID, map[string]string{"role": "admin"})
	require.Equal(t, http.StatusConflict, status, "%v", body)
	require.Equal(t, "last_owner", errorCode(t, body))
	require.Equal(t, "owner", env.role(env.Org, "admin@acme.test"))

	// The demoted owner's session carries its new role at once.
	status, body = owner.do(http.MethodGet, "/api/v1/auth/session", nil)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, "admin", body["role"])
	status, body = owner.do(http.MethodDelete, "/api/v1/members/"+adminID, nil)
	require.Equal(t, http.StatusForbidden, status, "an admin cannot remove the owner: %v", body)
	require.Equal(t, "owner", env.role(env.Org, "admin@acme.test"))
}

func TestMembersOfAnotherOrganisationUntouchable(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	other := env.newOrg("Globex", "globex", "owner@globex.test")
	env.addMember(other, "agent@globex.test", accounts.RoleAgent)
	owner := env.login("owner@acme.test")

	for _, email := range []string{"owner@globex.test", "agent@globex.test"} {
		path := "/api/v1/members/" + env.userID(email).String()
		for _, req := range []struct {
			method string
			body   any
		}{
			{http.MethodGet, nil},
			{http.MethodPatch, map[string]string{"role": "agent"}},
			{http.MethodPatch, map[string]string{"role": "admin"}},
			{http.MethodDelete, nil},
		} {
			status, body := owner.do(req.method, path, req.body)
			require.Equal(t, http.StatusNotFound, status, "%s %s: %v", req.method, email, body)
			require.Equal(t, "not_found", errorCode(t, body))
		}
	}
	require.Equal(t, "owner", env.role(other, "owner@globex.test"))
	require.Equal(t, "agent", env.role(other, "agent@globex.test"))
	env.login("agent@globex.test")
}

func TestRemovedMemberSessionStops(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.addMember(env.Org, "agent@acme.test", accounts.RoleAgent)
	agent := env.login("agent@acme.test")
	status, _ := agent.do(http.MethodGet, "/api/v1/teams", nil)
	require.Equal(t, http.StatusOK, status)

	owner := env.login("owner@acme.test")
	status, body := owner.do(http.MethodDelete, "/api/v1/members/"+env.userID("agent@acme.test").String(), nil)
	require.Equal(t, http.StatusNoContent, status, "%v", body)

	for _, path := range []string{"/api/v1/auth/session", "/api/v1/teams", "/api/v1/members"} {
		status, body = agent.do(http.MethodGet, path, nil)
		require.Equal(t, http.StatusUnauthorized, status, "%s: %v", path, body)
		require.Equal(t, "unauthenticated", errorCode(t, body))
	}
	status, body = agent.do(http.MethodPut, "/api/v1/me/presence", map[string]string{"status": "online"})
	require.Equal(t, http.StatusUnauthorized, status, "%v", body)

	// Nor can they sign in again to this organisation.
	status, body = env.anonymous().do(http.MethodPost, "/api/v1/auth/login", map[string]string{"email": "agent@acme.test", "password": testPassword})
	require.Equal(t, http.StatusForbidden, status, "%v", body)
	require.Equal(t, "no_organization", errorCode(t, body))
}
