package api

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"livechat/accounts"
)

func TestTeamCreate(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	owner := env.login("owner@acme.test")

	team := owner.createTeam("  Sales  ")
	require.Equal(t, "Sales", team["name"], "names are trimmed")
	require.NotEmpty(t, team["id"])
	// New teams get the documented defaults.
	require.EqualValues(t, 3, team["capacity"])
	require.Equal(t, "collaborative", team["permission_mode"])
	require.EqualValues(t, 3600, team["inactivity_assigned_seconds"])
	require.EqualValues(t, 6*3600, team["inactivity_waiting_seconds"])

	status, body := owner.do(http.MethodGet, "/api/v1/teams/"+team["id"].(string), nil)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, team["id"], body["id"])
	status, body = owner.do(http.MethodGet, "/api/v1/teams", nil)
	require.Equal(t, http.StatusOK, status)
	require.ElementsMatch(t, []string{"Inbox", "Sales"}, pluck(items(t, body, "teams"), "name"))

	tests := []struct {
		name, team string
		status     int
		code       string
	}{
		{"duplicate", "Sales", 409, "team_name_taken"},
		{"duplicate with spaces", " Sales ", 409, "team_name_taken"},
		{"duplicate of Inbox", "Inbox", 409, "team_name_taken"},
		{"duplicate in another case", "sALES", 409, "team_name_taken"},
		{"blank", "   ", 400, "validation_failed"},
		{"too long", strings.Repeat("x", 101), 400, "validation_failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := owner.do(http.MethodPost, "/api/v1/teams", map[string]string{"name": tt.team})
			require.Equal(t, tt.status, status, "%v", body)
			require.Equal(t, tt.code, errorCode(t, body))
			if tt.code == "validation_failed" {
				require.Contains(t, errorFields(t, body), "name")
			}
		})
	}
	status, body = owner.do(http.MethodGet, "/api/v1/teams", nil)
	require.Equal(t, http.StatusOK, status)
	require.Len(t, items(t, body, "teams"), 2)

	// Another organisation may use the same name.
	env.newOrg("Globex", "globex", "owner@globex.test")
	env.login("owner@globex.test").createTeam("Sales")
}

func TestTeamCreateNeedsAdmin(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.addMember(env.Org, "super@acme.test", accounts.RoleSupervisor)
	env.addMember(env.Org, "agent@acme.test", accounts.RoleAgent)
	for _, email := range []string{"super@acme.test", "agent@acme.test"} {
		status, body := env.login(email).do(http.MethodPost, "/api/v1/teams", map[string]string{"name": "Mine"})
		require.Equal(t, http.StatusForbidden, status, "%s: %v", email, body)
		require.Equal(t, "forbidden", errorCode(t, body))
	}
	status, body := env.login("owner@acme.test").do(http.MethodGet, "/api/v1/teams", nil)
	require.Equal(t, http.StatusOK, status)
	require.Len(t, items(t, body, "teams"), 1)
}

func TestTeamPatchValidation(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	owner := env.login("owner@acme.test")
	path := "/api/v1/teams/" + env.Org.Inbox.ID.String()
	status, before := owner.do(http.MethodGet, path, nil)
	require.Equal(t, http.StatusOK, status)
	other := owner.createTeam("Sales")

	tests := []struct {
		name   string
		body   string
		code   string
		fields []string
	}{
		{"capacity zero", `{"capacity": 0}`, "validation_failed", []string{"capacity"}},
		{"capacity too high", `{"capacity": 101}`, "validation_failed", []string{"capacity"}},
		{"negative capacity", `{"capacity": -3}`, "validation_failed", []string{"capacity"}},
		{"unknown permission mode", `{"permission_mode": "anarchy"}`, "validation_failed", []string{"permission_mode"}},
		{"unknown auto assignment", `{"auto_assignment": "random"}`, "validation_failed", []string{"auto_assignment"}},
		{"unknown unresponsive strategy", `{"unresponsive_strategy": "panic"}`, "validation_failed", []string{"unresponsive_strategy"}},
		{"offer timeout too short", `{"offer_timeout_seconds": 1}`, "validation_failed", []string{"offer_timeout_seconds"}},
		{"inactivity too short", `{"inactivity_assigned_seconds": 59}`, "validation_failed", []string{"inactivity_assigned_seconds"}},
		{"message too long", `{"closing_message": "` + strings.Repeat("m", 2001) + `"}`, "validation_failed", []string{"closing_message"}},
		{"blank name", `{"name": "  "}`, "validation_failed", []string{"name"}},
		{"several at once, valid ones not applied", `{"capacity": 7, "permission_mode": "x", "waiting_alert_seconds": -1}`, "validation_failed", []string{"permission_mode", "waiting_alert_seconds"}},
		{"capacity out of int32", `{"capacity": 4294967296}`, "malformed_json", nil},
		{"capacity as string", `{"capacity": "5"}`, "malformed_json", nil},
		{"unknown setting", `{"colour": "blue"}`, "malformed_json", nil},
		{"null body", `null`, "malformed_json", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, body := owner.raw(http.MethodPatch, path, "application/json", []byte(tt.body))
			require.Equal(t, http.StatusBadRequest, r.StatusCode, "%s", r.Raw)
			require.Equal(t, tt.code, errorCode(t, body))
			if tt.fields != nil {
				fields := errorFields(t, body)
				for _, f := range tt.fields {
					require.Contains(t, fields, f)
				}
				require.Len(t, fields, len(tt.fields), "only the faulty fields are named: %v", fields)
			}
			status, after := owner.do(http.MethodGet, path, nil)
			require.Equal(t, http.StatusOK, status)
			require.Equal(t, before, after, "a refused PATCH must leave the team unchanged")
		})
	}

	t.Run("renaming onto another team", func(t *testing.T) {
		status, body := owner.do(http.MethodPatch, path, map[string]string{"name": "Sales"})
		require.Equal(t, http.StatusConflict, status, "%v", body)
		require.Equal(t, "team_name_taken", errorCode(t, body))
		status, after := owner.do(http.MethodGet, path, nil)
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, before, after)
		require.Equal(t, "Sales", other["name"])
	})

	t.Run("valid patch changes only what it names", func(t *testing.T) {
		status, body := owner.do(http.MethodPatch, path, map[string]any{"capacity": 5, "permission_mode": "restrictive", "closing_message": "Bye!"})
		require.Equal(t, http.StatusOK, status, "%v", body)
		require.EqualValues(t, 5, body["capacity"])
		require.Equal(t, "restrictive", body["permission_mode"])
		require.Equal(t, "Bye!", body["closing_message"])
		for _, k := range []string{"id", "name", "auto_assignment", "offer_timeout_seconds", "inactivity_assigned_seconds", "created_at"} {
			require.Equal(t, before[k], body[k], k)
		}
		status, after := owner.do(http.MethodGet, path, nil)
		require.Equal(t, http.StatusOK, status)
		require.EqualValues(t, 5, after["capacity"])
	})
}

func TestTeamPatchByRole(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.addMember(env.Org, "super@acme.test", accounts.RoleSupervisor)
	env.addMember(env.Org, "agent@acme.test", accounts.RoleAgent)
	path := "/api/v1/teams/" + env.Org.Inbox.ID.String()

	agent := env.login("agent@acme.test")
	status, body := agent.do(http.MethodPatch, path, map[string]int{"capacity": 9})
	require.Equal(t, http.StatusForbidden, status, "%v", body)
	require.Equal(t, "forbidden", errorCode(t, body))
	status, body = agent.do(http.MethodGet, path, nil)
	require.Equal(t, http.StatusOK, status, "agents may read their team: %v", body)
	require.EqualValues(t, 3, body["capacity"])

	super := env.login("super@acme.test")
	status, body = super.do(http.MethodPatch, path, map[string]int{"capacity": 9})
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.EqualValues(t, 9, body["capacity"])

	status, body = super.do(http.MethodDelete, path, nil)
	require.Equal(t, http.StatusForbidden, status, "deleting a team needs an admin: %v", body)
	status, body = agent.do(http.MethodGet, path, nil)
	require.Equal(t, http.StatusOK, status)
	require.EqualValues(t, 9, body["capacity"])
}

func TestTeamsOfAnotherOrganisationInvisible(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	other := env.newOrg("Globex", "globex", "owner@globex.test")
	theirs := env.login("owner@globex.test").createTeam("Globex Sales")
	owner := env.login("owner@acme.test")
	owner.createTeam("Spare") // so "last team" cannot be the reason for a refusal

	for _, id := range []string{other.Inbox.ID.String(), theirs["id"].(string)} {
		path := "/api/v1/teams/" + id
		for _, req := range []struct {
			method, path string
			body         any
		}{
			{http.MethodGet, path, nil},
			{http.MethodPatch, path, map[string]any{"name": "Hijacked", "capacity": 50}},
			{http.MethodDelete, path, nil},
			{http.MethodGet, path + "/members", nil},
			{http.MethodPut, path + "/members/" + env.Org.Owner.ID.String(), nil},
			{http.MethodDelete, path + "/members/" + other.Owner.ID.String(), nil},
		} {
			status, body := owner.do(req.method, req.path, req.body)
			require.Equal(t, http.StatusNotFound, status, "%s %s: %v", req.method, req.path, body)
			require.Equal(t, "not_found", errorCode(t, body))
		}
	}

	status, body := owner.do(http.MethodGet, "/api/v1/teams", nil)
	require.Equal(t, http.StatusOK, status)
	require.ElementsMatch(t, []string{"Inbox", "Spare"}, pluck(items(t, body, "teams"), "name"))

	status, body = env.login("owner@globex.test").do(http.MethodGet, "/api/v1/teams", nil)
	require.Equal(t, http.StatusOK, status)
	teams := items(t, body, "teams")
	require.ElementsMatch(t, []string{"Inbox", "Globex Sales"}, pluck(teams, "name"))
	for _, team := range teams {
		require.EqualValues(t, 3, team["capacity"])
	}
	status, body = env.login("owner@globex.test").do(http.MethodGet, "/api/v1/teams/"+other.Inbox.ID.String()+"/members", nil)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, []string{"owner@globex.test"}, pluck(items(t, body, "members"), "email"))
}

func TestTeamDelete(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	owner := env.login("owner@acme.test")
	inbox := "/api/v1/teams/" + env.Org.Inbox.ID.String()

	status, body := owner.do(http.MethodDelete, inbox, nil)
	require.Equal(t, http.StatusConflict, status, "%v", body)
	require.Equal(t, "last_team", errorCode(t, body))
	status, _ = owner.do(http.MethodGet, inbox, nil)
	require.Equal(t, http.StatusOK, status)

	sales := "/api/v1/teams/" + owner.createTeam("Sales")["id"].(string)
	status, body = owner.do(http.MethodDelete, inbox, nil)
	require.Equal(t, http.StatusNoContent, status, "%v", body)
	status, body = owner.do(http.MethodGet, inbox, nil)
	require.Equal(t, http.StatusNotFound, status, "%v", body)
	status, body = owner.do(http.MethodDelete, inbox, nil)
	require.Equal(t, http.StatusNotFound, status, "%v", body)

	status, body = owner.do(http.MethodDelete, sales, nil)
	require.Equal(t, http.StatusConflict, status, "%v", body)
	require.Equal(t, "last_team", errorCode(t, body))
	status, body = owner.do(http.MethodGet, "/api/v1/teams", nil)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, []string{"Sales"}, pluck(items(t, body, "teams"), "name"))
}

func TestTeamMembership(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.addMember(env.Org, "super@acme.test", accounts.RoleSupervisor)
	env.addMember(env.Org, "agent@acme.test", accounts.RoleAgent)
	other := env.newOrg("Globex", "globex", "owner@globex.test")
	owner := env.login("owner@acme.test")
	super := env.login("super@acme.test")
	agent := env.login("agent@acme.test")
	sales := "/api/v1/teams/" + owner.createTeam("Sales")["id"].(string)
	agentID := env.userID("agent@acme.test").String()

	listed := func(t *testing.T, c *apiClient) []string {
		t.Helper()
		status, body := c.do(http.MethodGet, sales+"/members", nil)
		require.Equal(t, http.StatusOK, status, "%v", body)
		return pluck(items(t, body, "members"), "email")
	}
	require.Empty(t, listed(t, owner))

	// Supervisors manage team membership; adding is idempotent.
	for range 2 {
		status, body := super.do(http.MethodPut, sales+"/members/"+agentID, nil)
		require.Equal(t, http.StatusNoContent, status, "%v", body)
	}
	require.Equal(t, []string{"agent@acme.test"}, listed(t, agent))
	status, body := owner.do(http.MethodPut, sales+"/members/"+env.Org.Owner.ID.String(), nil)
	require.Equal(t, http.StatusNoContent, status, "%v", body)
	require.ElementsMatch(t, []string{"agent@acme.test", "owner@acme.test"}, listed(t, owner))
	status, body = owner.do(http.MethodGet, sales+"/members", nil)
	require.Equal(t, http.StatusOK, status)
	for _, m := range items(t, body, "members") {
		require.Contains(t, []string{"agent", "owner"}, m["role"])
	}

	// Agents cannot change membership.
	status, body = agent.do(http.MethodPut, sales+"/members/"+env.userID("super@acme.test").String(), nil)
	require.Equal(t, http.StatusForbidden, status, "%v", body)
	status, body = agent.do(http.MethodDelete, sales+"/members/"+agentID, nil)
	require.Equal(t, http.StatusForbidden, status, "%v", body)
	require.ElementsMatch(t, []string{"agent@acme.test", "owner@acme.test"}, listed(t, owner))

	// Another organisation's user cannot be added.
	status, body = owner.do(http.MethodPut, sales+"/members/"+other.Owner.ID.String(), nil)
	require.Equal(t, http.StatusNotFound, status, "%v", body)
	require.Equal(t, "not_found", errorCode(t, body))
	require.ElementsMatch(t, []string{"agent@acme.test", "owner@acme.test"}, listed(t, owner))

	// Removing.
	status, body = super.do(http.MethodDelete, sales+"/members/"+agentID, nil)
	require.Equal(t, http.StatusNoContent, status, "%v", body)
	require.Equal(t, []string{"owner@acme.test"}, listed(t, owner))
	status, body = super.do(http.MethodDelete, sales+"/members/"+agentID, nil)
	require.Equal(t, http.StatusNotFound, status, "%v", body)
	require.Equal(t, "not_found", errorCode(t, body))

	// The Inbox membership from addMember is untouched.
	status, body = owner.do(http.MethodGet, "/api/v1/teams/"+env.Org.Inbox.ID.String()+"/members", nil)
	require.Equal(t, http.StatusOK, status)
	require.Contains(t, pluck(items(t, body, "members"), "email"), "agent@acme.test")
}

func TestRemovedMemberLeavesTeams(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.addMember(env.Org, "agent@acme.test", accounts.RoleAgent)
	owner := env.login("owner@acme.test")
	inbox := "/api/v1/teams/" + env.Org.Inbox.ID.String() + "/members"
	status, body := owner.do(http.MethodGet, inbox, nil)
	require.Equal(t, http.StatusOK, status)
	require.Contains(t, pluck(items(t, body, "members"), "email"), "agent@acme.test")

	status, body = owner.do(http.MethodDelete, "/api/v1/members/"+env.userID("agent@acme.test").String(), nil)
	require.Equal(t, http.StatusNoContent, status, "%v", body)
	status, body = owner.do(http.MethodGet, inbox, nil)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, []string{"owner@acme.test"}, pluck(items(t, body, "members"), "email"))
}
