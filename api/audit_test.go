package api

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"livechat/accounts"
)

// auditLog fetches a page of the audit log.
func (c *apiClient) auditLog(query string) ([]map[string]any, string) {
	c.t.Helper()
	status, body := c.do(http.MethodGet, "/api/v1/audit-log"+query, nil)
	require.Equal(c.t, http.StatusOK, status, "%v", body)
	next, ok := body["next_before"].(string)
	require.True(c.t, ok, "next_before missing: %v", body)
	return items(c.t, body, "entries"), next
}

func TestAuditRecordsActions(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.addMember(env.Org, "agent@acme.test", accounts.RoleAgent)
	env.addMember(env.Org, "temp@acme.test", accounts.RoleAgent)
	owner := env.login("owner@acme.test")
	ownerID := env.Org.Owner.ID.String()
	agentID := env.userID("agent@acme.test").String()
	tempID := env.userID("temp@acme.test").String()

	team := owner.createTeam("Sales")["id"].(string)
	status, body := owner.do(http.MethodPatch, "/api/v1/teams/"+team, map[string]int{"capacity": 7})
	require.Equal(t, http.StatusOK, status, "%v", body)
	status, body = owner.do(http.MethodPut, "/api/v1/teams/"+team+"/members/"+agentID, nil)
	require.Equal(t, http.StatusNoContent, status, "%v", body)
	status, body = owner.do(http.MethodPatch, "/api/v1/members/"+agentID, map[string]string{"role": "supervisor"})
	require.Equal(t, http.StatusOK, status, "%v", body)
	status, body = owner.do(http.MethodDelete, "/api/v1/members/"+tempID, nil)
	require.Equal(t, http.StatusNoContent, status, "%v", body)
	keyID, _ := owner.createKey("Bot")
	status, body = owner.do(http.MethodDelete, "/api/v1/api-keys/"+keyID, nil)
	require.Equal(t, http.StatusNoContent, status, "%v", body)
	inv := owner.mustInvite("new@example.test", "agent")
	status, body = owner.do(http.MethodDelete, "/api/v1/invitations/"+inv.ID, nil)
	require.Equal(t, http.StatusNoContent, status, "%v", body)
	status, body = owner.do(http.MethodDelete, "/api/v1/teams/"+team, nil)
	require.Equal(t, http.StatusNoContent, status, "%v", body)
	// Refused requests leave no trace.
	status, _ = owner.do(http.MethodPost, "/api/v1/teams", map[string]string{"name": "Inbox"})
	require.Equal(t, http.StatusConflict, status)

	entries, next := owner.auditLog("?limit=200")
	require.Empty(t, next, "everything fits on one page")
	type rec struct{ action, targetType, targetID string }
	var got []rec
	for _, e := range entries {
		got = append(got, rec{e["action"].(string), e["target_type"].(string), e["target_id"].(string)})
		require.NotEmpty(t, e["created_at"])
	}
	// Newest first; the setup's member.added entries come before these.
	want := []rec{
		{"team.deleted", "team", team},
		{"invitation.revoked", "invitation", inv.ID},
		{"invitation.created", "invitation", inv.ID},
		{"api_key.revoked", "api_key", keyID},
		{"api_key.created", "api_key", keyID},
		{"member.removed", "user", tempID},
		{"member.role_changed", "user", agentID},
		{"team.member_added", "team", team},
		{"team.updated", "team", team},
		{"team.created", "team", team},
	}
	require.GreaterOrEqual(t, len(got), len(want))
	require.Equal(t, want, got[:len(want)])
	for _, e := range entries[:len(want)] {
		require.Equal(t, ownerID, e["actor_user_id"], "%v", e)
		require.Nil(t, e["actor_api_key_id"])
		require.Equal(t, "127.0.0.1", e["ip"])
	}
	role := entries[6]["details"].(map[string]any)
	require.Equal(t, map[string]any{"from": "agent", "to": "supervisor"}, role)
	require.Equal(t, map[string]any{"capacity": float64(7)}, entries[8]["details"].(map[string]any))
	require.Equal(t, "Sales", entries[9]["details"].(map[string]any)["name"])

	// Ids strictly decrease.
	for i := 1; i < len(entries); i++ {
		require.Less(t, entries[i]["id"].(float64), entries[i-1]["id"].(float64))
	}
}

func TestAuditAcceptedInvitationRecorded(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	owner := env.login("owner@acme.test")
	inv := owner.mustInvite("joiner@example.test", "agent")
	_, status, body := env.accept(inv.Token, "Joiner", "a long enough password")
	require.Equal(t, http.StatusOK, status, "%v", body)
	joiner := env.userID("joiner@example.test").String()

	entries, _ := owner.auditLog("?limit=3")
	require.Equal(t, []string{"invitation.accepted", "member.added", "invitation.created"}, pluck(entries, "action"))
	require.Equal(t, joiner, entries[0]["actor_user_id"])
	require.Equal(t, inv.ID, entries[0]["target_id"])
	require.Equal(t, joiner, entries[1]["target_id"])
}

func TestAuditPaging(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	owner := env.login("owner@acme.test")
	for i := range 7 {
		owner.createTeam("Team " + strconv.Itoa(i))
	}
	all, next := owner.auditLog("")
	require.Empty(t, next)
	require.GreaterOrEqual(t, len(all), 7)

	var paged []map[string]any
	query := "?limit=3"
	for pages := 0; ; pages++ {
		require.Less(t, pages, len(all), "paging does not end")
		page, next := owner.auditLog(query)
		require.LessOrEqual(t, len(page), 3)
		paged = append(paged, page...)
		if next == "" {
			break
		}
		require.Len(t, page, 3, "only a full page has a next page")
		require.Equal(t, strconv.FormatFloat(page[len(page)-1]["id"].(float64), 'f', -1, 64), next)
		query = "?limit=3&before=" + next
	}
	require.Equal(t, pluck(all, "action"), pluck(paged, "action"))
	require.Equal(t, len(all), len(paged), "no entry lost or repeated")
	for i := range all {
		require.Equal(t, all[i]["id"], paged[i]["id"])
	}

	// before is exclusive.
	oldest := all[len(all)-1]["id"].(float64)
	page, next := owner.auditLog("?before=" + strconv.FormatFloat(oldest, 'f', -1, 64))
	require.Empty(t, page)
	require.Empty(t, next)
}

func TestAuditBadQuery(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	owner := env.login("owner@acme.test")
	tests := []struct{ query, field string }{
		{"?limit=0", "limit"},
		{"?limit=201", "limit"},
		{"?limit=-1", "limit"},
		{"?limit=ten", "limit"},
		{"?limit=1.5", "limit"},
		{"?before=abc", "before"},
		{"?before=0", "before"},
		{"?before=-5", "before"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			status, body := owner.do(http.MethodGet, "/api/v1/audit-log"+tt.query, nil)
			require.Equal(t, http.StatusBadRequest, status, "%v", body)
			require.Equal(t, "validation_failed", errorCode(t, body))
			require.Contains(t, errorFields(t, body), tt.field)
		})
	}
	entries, _ := owner.auditLog("?limit=200")
	require.NotEmpty(t, entries)
	entries, _ = owner.auditLog("?limit=1")
	require.Len(t, entries, 1)
}

func TestAuditAdminsOnlyAndPerOrganisation(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.addMember(env.Org, "admin@acme.test", accounts.RoleAdmin)
	env.addMember(env.Org, "super@acme.test", accounts.RoleSupervisor)
	env.addMember(env.Org, "agent@acme.test", accounts.RoleAgent)
	env.newOrg("Globex", "globex", "owner@globex.test")
	secret := env.login("owner@acme.test").createTeam("Acme Secret Project")["id"].(string)

	for _, email := range []string{"super@acme.test", "agent@acme.test"} {
		status, body := env.login(email).do(http.MethodGet, "/api/v1/audit-log", nil)
		require.Equal(t, http.StatusForbidden, status, "%s: %v", email, body)
		require.Equal(t, "forbidden", errorCode(t, body))
	}
	entries, _ := env.login("admin@acme.test").auditLog("")
	require.Contains(t, pluck(entries, "action"), "team.created")

	r, body := env.login("owner@globex.test").raw(http.MethodGet, "/api/v1/audit-log?limit=200", "", nil)
	require.Equal(t, http.StatusOK, r.StatusCode)
	items(t, body, "entries")
	require.NotContains(t, string(r.Raw), secret, "Globex sees Acme's audit entries")
	require.NotContains(t, string(r.Raw), "Acme Secret Project")
	require.NotContains(t, string(r.Raw), "agent@acme.test")
}
