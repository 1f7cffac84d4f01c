package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"livechat/accounts"
	"livechat/worker/workertest"
	"livechat/workflows"
)

// invite creates an invitation through the API.
func (c *apiClient) invite(email, role string, teamIDs ...string) (int, map[string]any) {
	c.t.Helper()
	if teamIDs == nil {
		teamIDs = []string{}
	}
	return c.do(http.MethodPost, "/api/v1/invitations", map[string]any{"email": email, "role": role, "team_ids": teamIDs})
}

// createdInvitation is a successful invitation reply: the invitation's id and
// the token from its accept_url.
type createdInvitation struct {
	ID    string
	Token string
	JSON  map[string]any
}

// mustInvite invites and checks the reply; the delivery workflow it starts
// is terminated at cleanup (no worker polls the test's task queue).
func (c *apiClient) mustInvite(email, role string, teamIDs ...string) createdInvitation {
	c.t.Helper()
	status, body := c.invite(email, role, teamIDs...)
	require.Equal(c.t, http.StatusCreated, status, "invite %s: %v", email, body)
	inv, ok := body["invitation"].(map[string]any)
	require.True(c.t, ok, "no invitation in %v", body)
	acceptURL, ok := body["accept_url"].(string)
	require.True(c.t, ok, "no accept_url in %v", body)
	u, err := url.Parse(acceptURL)
	require.NoError(c.t, err)
	require.Equal(c.t, "app.test", u.Host, "accept_url must use the public URL: %s", acceptURL)
	require.Equal(c.t, "/accept-invite", u.Path)
	token := u.Query().Get("token")
	require.True(c.t, strings.HasPrefix(token, accounts.InviteTokenPrefix), "token %q", token)
	id := inv["id"].(string)
	tc := workertest.Client(c.t)
	c.t.Cleanup(func() {
		_ = tc.TerminateWorkflow(context.Background(), workflows.InvitationWorkflowID(id), "", "test over")
	})
	return createdInvitation{ID: id, Token: token, JSON: inv}
}

// accept posts an acceptance from a fresh client and returns that client
// (signed in when it worked).
func (e *testEnv) accept(token, name, password string) (*apiClient, int, map[string]any) {
	e.t.Helper()
	c := e.anonymous()
	status, body := c.do(http.MethodPost, "/api/v1/invitations/accept", map[string]string{"token": token, "name": name, "password": password})
	if status == http.StatusOK {
		c.csrf, _ = body["csrf_token"].(string)
	}
	return c, status, body
}

func TestInvitationCreateStartsDeliveryWorkflow(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.addMember(env.Org, "admin@acme.test", accounts.RoleAdmin)
	admin := env.login("admin@acme.test")
	sales := admin.createTeam("Sales")["id"].(string)

	inv := admin.mustInvite("New.Person@Example.test", "supervisor", sales, env.Org.Inbox.ID.String())
	require.Equal(t, "new.person@example.test", inv.JSON["email"], "emails are normalised")
	require.Equal(t, "supervisor", inv.JSON["role"])
	require.ElementsMatch(t, []any{sales, env.Org.Inbox.ID.String()}, inv.JSON["team_ids"])
	require.NotEmpty(t, inv.JSON["expires_at"])

	desc, err := workertest.Client(t).DescribeWorkflowExecution(t.Context(), "invitation:"+inv.ID, "")
	require.NoError(t, err, "the invitation's delivery workflow was not started")
	info := desc.GetWorkflowExecutionInfo()
	require.Equal(t, workflows.InvitationWorkflowName, info.GetType().GetName())
	require.Equal(t, env.TaskQueue, info.GetTaskQueue())
	require.Equal(t, enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING, info.GetStatus())

	status, body := admin.do(http.MethodGet, "/api/v1/invitations", nil)
	require.Equal(t, http.StatusOK, status)
	list := items(t, body, "invitations")
	require.Equal(t, []string{inv.ID}, pluck(list, "id"))
	raw, err := json.Marshal(body)
	require.NoError(t, err)
	require.NotContains(t, string(raw), inv.Token, "the token is never listed")

	// The owner may invite an owner.
	env.login("owner@acme.test").mustInvite("co-owner@example.test", "owner")
}

func TestInvitationRefusals(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.addMember(env.Org, "admin@acme.test", accounts.RoleAdmin)
	env.addMember(env.Org, "super@acme.test", accounts.RoleSupervisor)
	env.addMember(env.Org, "agent@acme.test", accounts.RoleAgent)
	other := env.newOrg("Globex", "globex", "owner@globex.test")
	admin := env.login("admin@acme.test")
	admin.mustInvite("pending@example.test", "agent")

	tests := []struct {
		name   string
		actor  string
		email  string
		role   string
		teams  []string
		status int
		code   string
		field  string
	}{
		{"agent cannot invite", "agent@acme.test", "x@example.test", "agent", nil, 403, "forbidden", ""},
		{"supervisor cannot invite", "super@acme.test", "x@example.test", "agent", nil, 403, "forbidden", ""},
		{"admin cannot invite an owner", "admin@acme.test", "x@example.test", "owner", nil, 403, "forbidden", ""},
		{"invalid email", "admin@acme.test", "not-an-email", "agent", nil, 400, "validation_failed", "email"},
		{"display-name email", "admin@acme.test", "X <x@example.test>", "agent", nil, 400, "validation_failed", "email"},
		{"empty email", "admin@acme.test", "", "agent", nil, 400, "validation_failed", "email"},
		{"unknown role", "admin@acme.test", "x@example.test", "boss", nil, 400, "validation_failed", "role"},
		{"empty role", "admin@acme.test", "x@example.test", "", nil, 400, "validation_failed", "role"},
		{"another org's team", "admin@acme.test", "x@example.test", "agent", []string{other.Inbox.ID.String()}, 400, "validation_failed", "team_ids"},
		{"unknown team", "admin@acme.test", "x@example.test", "agent", []string{"0195f3a0-0000-7000-8000-000000000000"}, 400, "validation_failed", "team_ids"},
		{"malformed team id", "admin@acme.test", "x@example.test", "agent", []string{"sales"}, 400, "malformed_json", ""},
		{"pending invitation", "admin@acme.test", "pending@example.test", "agent", nil, 409, "already_invited", ""},
		{"pending invitation, other case", "admin@acme.test", " Pending@Example.TEST ", "admin", nil, 409, "already_invited", ""},
		{"existing member", "admin@acme.test", "agent@acme.test", "agent", nil, 409, "already_member", ""},
		{"existing owner", "admin@acme.test", "Owner@Acme.test", "admin", nil, 409, "already_member", ""},
	}
	clients := map[string]*apiClient{"admin@acme.test": admin}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ok := clients[tt.actor]
			if !ok {
				c = env.login(tt.actor)
				clients[tt.actor] = c
			}
			status, body := c.invite(tt.email, tt.role, tt.teams...)
			require.Equal(t, tt.status, status, "%v", body)
			require.Equal(t, tt.code, errorCode(t, body))
			if tt.field != "" {
				require.Contains(t, errorFields(t, body), tt.field)
			}
		})
	}
	status, body := admin.do(http.MethodGet, "/api/v1/invitations", nil)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, []string{"pending@example.test"}, pluck(items(t, body, "invitations"), "email"))

	// Agents cannot see or revoke invitations either.
	agent := clients["agent@acme.test"]
	status, body = agent.do(http.MethodGet, "/api/v1/invitations", nil)
	require.Equal(t, http.StatusForbidden, status, "%v", body)
}

func TestInvitationLookupAndAccept(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	owner := env.login("owner@acme.test")
	sales := owner.createTeam("Sales")["id"].(string)
	owner.createTeam("Billing")
	inv := owner.mustInvite("newbie@example.test", "supervisor", sales)

	anon := env.anonymous()
	status, body := anon.do(http.MethodGet, "/api/v1/invitations/by-token/"+inv.Token, nil)
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, "newbie@example.test", body["email"])
	require.Equal(t, "supervisor", body["role"])
	require.Equal(t, "Acme", body["organization"].(map[string]any)["name"])
	require.Equal(t, env.Org.Org.ID.String(), body["organization"].(map[string]any)["id"])

	// Unknown and tampered tokens.
	last := "A"
	if strings.HasSuffix(inv.Token, last) {
		last = "B"
	}
	tampered := inv.Token[:len(inv.Token)-1] + last
	for _, token := range []string{"lci_unknown", tampered, "x"} {
		status, body = anon.do(http.MethodGet, "/api/v1/invitations/by-token/"+url.PathEscape(token), nil)
		require.Equal(t, http.StatusNotFound, status, "%s: %v", token, body)
		require.Equal(t, "invitation_not_found", errorCode(t, body))
		_, status, body = env.accept(token, "Newbie", "a long enough password")
		require.Equal(t, http.StatusNotFound, status, "%s: %v", token, body)
		require.Equal(t, "invitation_not_found", errorCode(t, body))
	}

	// Refused acceptances leave the invitation usable.
	refusals := []struct {
		name, person, password string
		field                  string
	}{
		{"short password", "Newbie", "short", "password"},
		{"no name", "  ", "a long enough password", "name"},
	}
	for _, r := range refusals {
		_, status, body = env.accept(inv.Token, r.person, r.password)
		require.Equal(t, http.StatusBadRequest, status, "%s: %v", r.name, body)
		require.Equal(t, "validation_failed", errorCode(t, body))
		require.Contains(t, errorFields(t, body), r.field)
	}
	_, status, body = env.accept("", "Newbie", "")
	require.Equal(t, http.StatusBadRequest, status, "%v", body)
	require.Equal(t, "validation_failed", errorCode(t, body))
	status, _ = anon.do(http.MethodGet, "/api/v1/invitations/by-token/"+inv.Token, nil)
	require.Equal(t, http.StatusOK, status, "a refused acceptance must not use up the invitation")
	_, err := env.Store.GetUserByEmail(t.Context(), "newbie@example.test")
	require.Error(t, err, "a refused acceptance must not create the account")

	// Accepting signs the invitee in with the invited role and teams.
	c, status, body := env.accept(inv.Token, "New Bie", "a long enough password")
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, "supervisor", body["role"])
	require.Equal(t, "Acme", body["organization"].(map[string]any)["name"])
	require.Equal(t, "New Bie", body["user"].(map[string]any)["name"])
	require.NotEmpty(t, c.sessionToken(), "accepting sets the session cookie")
	status, body = c.do(http.MethodGet, "/api/v1/auth/session", nil)
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, "supervisor", body["role"])
	require.Equal(t, "supervisor", env.role(env.Org, "newbie@example.test"))

	status, body = owner.do(http.MethodGet, "/api/v1/teams/"+sales+"/members", nil)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, []string{"newbie@example.test"}, pluck(items(t, body, "members"), "email"))
	status, body = owner.do(http.MethodGet, "/api/v1/teams/"+env.Org.Inbox.ID.String()+"/members", nil)
	require.Equal(t, http.StatusOK, status)
	require.NotContains(t, pluck(items(t, body, "members"), "email"), "newbie@example.test", "only the invited teams")

	// The new member can sign in with the password they chose...
	status, body = env.anonymous().do(http.MethodPost, "/api/v1/auth/login", map[string]string{"email": "newbie@example.test", "password": "a long enough password"})
	require.Equal(t, http.StatusOK, status, "%v", body)

	// ...and the link is used up.
	_, status, body = env.accept(inv.Token, "Someone Else", "another long password")
	require.Equal(t, http.StatusNotFound, status, "%v", body)
	require.Equal(t, "invitation_not_found", errorCode(t, body))
	status, body = anon.do(http.MethodGet, "/api/v1/invitations/by-token/"+inv.Token, nil)
	require.Equal(t, http.StatusNotFound, status, "%v", body)
	status, body = owner.do(http.MethodGet, "/api/v1/invitations", nil)
	require.Equal(t, http.StatusOK, status)
	require.Empty(t, items(t, body, "invitations"))
}

func TestInvitationForExistingAccount(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.newOrg("Globex", "globex", "owner@globex.test")
	inv := env.login("owner@acme.test").mustInvite("owner@globex.test", "agent")

	// Someone who already has an account proves it with their password.
	_, status, body := env.accept(inv.Token, "", "not their password")
	require.Equal(t, http.StatusUnauthorized, status, "%v", body)
	require.Equal(t, "invalid_credentials", errorCode(t, body))
	require.Empty(t, env.role(env.Org, "owner@globex.test"))

	c, status, body := env.accept(inv.Token, "", testPassword)
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, "agent", body["role"])
	require.Equal(t, "Acme", body["organization"].(map[string]any)["name"])
	require.Equal(t, "agent", env.role(env.Org, "owner@globex.test"))
	status, body = c.do(http.MethodGet, "/api/v1/teams", nil)
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, []string{"Inbox"}, pluck(items(t, body, "teams"), "name"))
}

func TestRevokedInvitationCannotBeAccepted(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.addMember(env.Org, "admin@acme.test", accounts.RoleAdmin)
	env.addMember(env.Org, "agent@acme.test", accounts.RoleAgent)
	admin := env.login("admin@acme.test")
	inv := admin.mustInvite("gone@example.test", "agent")
	path := "/api/v1/invitations/" + inv.ID

	status, body := env.login("agent@acme.test").do(http.MethodDelete, path, nil)
	require.Equal(t, http.StatusForbidden, status, "%v", body)
	status, _ = env.anonymous().do(http.MethodGet, "/api/v1/invitations/by-token/"+inv.Token, nil)
	require.Equal(t, http.StatusOK, status)

	status, body = admin.do(http.MethodDelete, path, nil)
	require.Equal(t, http.StatusNoContent, status, "%v", body)
	status, body = admin.do(http.MethodDelete, path, nil)
	require.Equal(t, http.StatusNotFound, status, "revoking twice: %v", body)

	status, body = env.anonymous().do(http.MethodGet, "/api/v1/invitations/by-token/"+inv.Token, nil)
	require.Equal(t, http.StatusNotFound, status, "%v", body)
	require.Equal(t, "invitation_not_found", errorCode(t, body))
	_, status, body = env.accept(inv.Token, "Gone", "a long enough password")
	require.Equal(t, http.StatusNotFound, status, "%v", body)
	require.Equal(t, "invitation_not_found", errorCode(t, body))
	_, err := env.Store.GetUserByEmail(t.Context(), "gone@example.test")
	require.Error(t, err, "no account was created")

	status, body = admin.do(http.MethodGet, "/api/v1/invitations", nil)
	require.Equal(t, http.StatusOK, status)
	require.Empty(t, items(t, body, "invitations"))

	// The address may be invited again once the old invitation is revoked.
	admin.mustInvite("gone@example.test", "agent")
}

func TestInvitationOfAnotherOrganisationCannotBeRevoked(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.newOrg("Globex", "globex", "owner@globex.test")
	theirs := env.login("owner@globex.test").mustInvite("someone@example.test", "agent")

	status, body := env.login("owner@acme.test").do(http.MethodDelete, "/api/v1/invitations/"+theirs.ID, nil)
	require.Equal(t, http.StatusNotFound, status, "%v", body)
	status, _ = env.anonymous().do(http.MethodGet, "/api/v1/invitations/by-token/"+theirs.Token, nil)
	require.Equal(t, http.StatusOK, status, "the other organisation's invitation must stay pending")
}

// refusingTemporal is a Temporal client that cannot start workflows.
type refusingTemporal struct{ client.Client }

func (refusingTemporal) ExecuteWorkflow(context.Context, client.StartWorkflowOptions, any, ...any) (client.WorkflowRun, error) {
	return nil, errors.New("temporal is down")
}

func TestInvitationNotLeftBehindWhenTemporalRefuses(t *testing.T) {
	t.Parallel()
	env := newTestEnvWith(t, func(d *Deps) { d.Temporal = refusingTemporal{d.Temporal} })
	owner := env.login("owner@acme.test")

	status, body := owner.invite("later@example.test", "agent")
	require.Equal(t, http.StatusServiceUnavailable, status, "%v", body)
	require.Equal(t, "temporal_unavailable", errorCode(t, body))

	status, body = owner.do(http.MethodGet, "/api/v1/invitations", nil)
	require.Equal(t, http.StatusOK, status)
	require.Empty(t, items(t, body, "invitations"), "the undeliverable invitation must be revoked")
}

func TestExpiredInvitationCannotBeUsed(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	inv := env.login("owner@acme.test").mustInvite("late@example.test", "agent")
	tag, err := env.Store.Pool.Exec(t.Context(), `UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = $1`, inv.ID)
	require.NoError(t, err)
	require.EqualValues(t, 1, tag.RowsAffected())

	status, body := env.anonymous().do(http.MethodGet, "/api/v1/invitations/by-token/"+inv.Token, nil)
	require.Equal(t, http.StatusNotFound, status, "%v", body)
	require.Equal(t, "invitation_not_found", errorCode(t, body))
	_, status, body = env.accept(inv.Token, "Late", "a long enough password")
	require.Equal(t, http.StatusNotFound, status, "%v", body)
	require.Equal(t, "invitation_not_found", errorCode(t, body))
	_, err = env.Store.GetUserByEmail(t.Context(), "late@example.test")
	require.Error(t, err, "no account was created")
}

func TestInvitationReinviteAfterExpiry(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	owner := env.login("owner@acme.test")
	old := owner.mustInvite("late@example.test", "agent")
	_, err := env.Store.Pool.Exec(t.Context(), `UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = $1`, old.ID)
	require.NoError(t, err)
	fresh := owner.mustInvite("late@example.test", "agent")
	_, status, body := env.accept(fresh.Token, "Late", "a long enough password")
	require.Equal(t, http.StatusOK, status, "%v", body)
}
