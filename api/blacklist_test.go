package api

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"livechat/accounts"
	"livechat/store/db"
)

// newContact stores a contact of the organisation (external id optional).
func (e *testEnv) newContact(orgID uuid.UUID, externalID, email string) db.Contact {
	e.t.Helper()
	var mail *string
	if email != "" {
		mail = &email
	}
	if externalID == "" {
		c, err := e.Store.CreateContact(e.t.Context(), db.CreateContactParams{
			ID: uuid.Must(uuid.NewV7()), OrgID: orgID, Name: "Visitor", Email: mail, CustomFields: []byte("{}"), Tags: []string{},
		})
		require.NoError(e.t, err)
		return c
	}
	c, err := e.Store.UpsertContactByExternalID(e.t.Context(), db.UpsertContactByExternalIDParams{
		ID: uuid.Must(uuid.NewV7()), OrgID: orgID, ExternalID: &externalID, Name: "Visitor", Email: mail,
		CustomFields: []byte("{}"), Tags: []string{},
	})
	require.NoError(e.t, err)
	return c
}

// block adds a blacklist entry and returns its JSON.
func (c *apiClient) block(kind, value, reason string) map[string]any {
	c.t.Helper()
	status, body := c.do(http.MethodPost, "/api/v1/blacklist", map[string]string{"kind": kind, "value": value, "reason": reason})
	require.Equal(c.t, http.StatusCreated, status, "block %s %s: %v", kind, value, body)
	return body
}

func TestBlacklistLifecycle(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.addMember(env.Org, "agent@acme.test", accounts.RoleAgent)
	env.addMember(env.Org, "super@acme.test", accounts.RoleSupervisor)
	agent := env.login("agent@acme.test")
	super := env.login("super@acme.test")
	agentID := env.userID("agent@acme.test").String()
	contact := env.newContact(env.Org.Org.ID, "", "")

	email := agent.block("email", "  Spammer@Example.COM ", "abusive language")
	require.Equal(t, "email", email["kind"])
	require.Equal(t, "spammer@example.com", email["value"], "emails are stored lower-cased")
	require.Equal(t, "abusive language", email["reason"])
	require.Equal(t, agentID, email["created_by"])
	require.NotEmpty(t, email["created_at"])
	phone := agent.block("phone", "+4930123456", "")
	require.Equal(t, "", phone["reason"])
	ip := agent.block("ip", "::ffff:203.0.113.9", "")
	require.Equal(t, "203.0.113.9", ip["value"], "IPs are stored in canonical form")
	ip6 := agent.block("ip", "2001:DB8:0:0::1", "")
	require.Equal(t, "2001:db8::1", ip6["value"])
	byContact := agent.block("contact", strings.ToUpper(contact.ID.String()), strings.Repeat("r", 250))
	require.Equal(t, contact.ID.String(), byContact["value"])

	status, body := agent.do(http.MethodGet, "/api/v1/blacklist", nil)
	require.Equal(t, http.StatusOK, status, "%v", body)
	entries := items(t, body, "entries")
	require.Len(t, entries, 5)
	require.Equal(t, byContact["id"], entries[0]["id"], "newest first")
	require.ElementsMatch(t, []string{"email", "phone", "ip", "ip", "contact"}, pluck(entries, "kind"))

	// The same identifier twice is a conflict, whatever its spelling.
	for _, dup := range [][2]string{{"email", "SPAMMER@example.com"}, {"ip", "203.0.113.9"}, {"contact", contact.ID.String()}} {
		status, body = agent.do(http.MethodPost, "/api/v1/blacklist", map[string]string{"kind": dup[0], "value": dup[1]})
		require.Equal(t, http.StatusConflict, status, "%v: %v", dup, body)
		require.Equal(t, "already_blocked", errorCode(t, body))
	}

	// Unknown contacts and other organisations' contacts are 404s.
	other := env.newOrg("Globex", "globex", "owner@globex.test")
	globexContact := env.newContact(other.Org.ID, "", "")
	for _, id := range []string{uuid.NewString(), globexContact.ID.String()} {
		status, body = agent.do(http.MethodPost, "/api/v1/blacklist", map[string]string{"kind": "contact", "value": id})
		require.Equal(t, http.StatusNotFound, status, "%v", body)
		require.Equal(t, "not_found", errorCode(t, body))
	}

	// Another organisation sees none of it and cannot remove it.
	globex := env.login("owner@globex.test")
	status, body = globex.do(http.MethodGet, "/api/v1/blacklist", nil)
	require.Equal(t, http.StatusOK, status)
	require.Empty(t, items(t, body, "entries"))
	status, _ = globex.do(http.MethodDelete, "/api/v1/blacklist/"+email["id"].(string), nil)
	require.Equal(t, http.StatusNotFound, status)
	// …and may block the same email for itself.
	globex.block("email", "spammer@example.com", "")

	// Agents block; supervisors and up unblock.
	entry := "/api/v1/blacklist/" + email["id"].(string)
	status, body = agent.do(http.MethodDelete, entry, nil)
	require.Equal(t, http.StatusForbidden, status, "%v", body)
	require.Equal(t, "forbidden", errorCode(t, body))
	status, _ = super.do(http.MethodDelete, entry, nil)
	require.Equal(t, http.StatusNoContent, status)
	status, body = super.do(http.MethodDelete, entry, nil)
	require.Equal(t, http.StatusNotFound, status, "%v", body)
	status, _ = super.do(http.MethodDelete, "/api/v1/blacklist/nope", nil)
	require.Equal(t, http.StatusNotFound, status)
	status, body = agent.do(http.MethodGet, "/api/v1/blacklist", nil)
	require.Equal(t, http.StatusOK, status)
	require.Len(t, items(t, body, "entries"), 4)
	// Unblocked, the email can be blocked again.
	agent.block("email", "spammer@example.com", "")

	added := requireAudit(t, env, env.Org.Org.ID, "blacklist.added", "blacklist_entry", email["id"].(string))
	require.Contains(t, string(added.Details), "spammer@example.com")
	removed := requireAudit(t, env, env.Org.Org.ID, "blacklist.removed", "blacklist_entry", email["id"].(string))
	require.Contains(t, string(removed.Details), "spammer@example.com")

	// Members only: API keys are refused.
	_, secret := env.login("owner@acme.test").createKey("Bot")
	status, body = env.withKey(secret).do(http.MethodGet, "/api/v1/blacklist", nil)
	require.Equal(t, http.StatusForbidden, status)
	require.Equal(t, "session_required", errorCode(t, body))
}

func TestBlacklistValidation(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.addMember(env.Org, "agent@acme.test", accounts.RoleAgent)
	agent := env.login("agent@acme.test")

	for name, c := range map[string]struct {
		body  map[string]string
		field string
	}{
		"no kind":          {map[string]string{"value": "a@b.test"}, "kind"},
		"unknown kind":     {map[string]string{"kind": "name", "value": "Bob"}, "kind"},
		"no value":         {map[string]string{"kind": "email"}, "value"},
		"blank value":      {map[string]string{"kind": "email", "value": "   "}, "value"},
		"bad email":        {map[string]string{"kind": "email", "value": "not-an-email"}, "value"},
		"named email":      {map[string]string{"kind": "email", "value": "Bob <bob@example.test>"}, "value"},
		"long email":       {map[string]string{"kind": "email", "value": strings.Repeat("a", 200) + "@example.test"}, "value"},
		"local phone":      {map[string]string{"kind": "phone", "value": "030 123456"}, "value"},
		"phone no plus":    {map[string]string{"kind": "phone", "value": "4930123456"}, "value"},
		"phone spaces":     {map[string]string{"kind": "phone", "value": "+49 30 123456"}, "value"},
		"phone too short":  {map[string]string{"kind": "phone", "value": "+49301"}, "value"},
		"phone too long":   {map[string]string{"kind": "phone", "value": "+4930123456789012"}, "value"},
		"phone leading 0":  {map[string]string{"kind": "phone", "value": "+04930123456"}, "value"},
		"bad ip":           {map[string]string{"kind": "ip", "value": "300.1.1.1"}, "value"},
		"ip range":         {map[string]string{"kind": "ip", "value": "10.0.0.0/8"}, "value"},
		"ip with zone":     {map[string]string{"kind": "ip", "value": "fe80::1%eth0"}, "value"},
		"contact not uuid": {map[string]string{"kind": "contact", "value": "visitor-17"}, "value"},
		"long reason":      {map[string]string{"kind": "ip", "value": "10.0.0.1", "reason": strings.Repeat("é", 251)}, "reason"},
	} {
		status, body := agent.do(http.MethodPost, "/api/v1/blacklist", c.body)
		require.Equal(t, http.StatusBadRequest, status, "%s: %v", name, body)
		require.Equal(t, "validation_failed", errorCode(t, body), name)
		require.Contains(t, errorFields(t, body), c.field, "%s: %v", name, body)
	}
	status, body := agent.do(http.MethodPost, "/api/v1/blacklist", map[string]any{"kind": "ip", "value": "10.0.0.1", "until": "tomorrow"})
	require.Equal(t, http.StatusBadRequest, status)
	require.Equal(t, "malformed_json", errorCode(t, body))
	require.Equal(t, 0, env.countRows("blacklist_entries", env.Org.Org.ID), "refused requests store nothing")
}

func TestHandoffOfBlockedContactIsRefused(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	owner := env.login("owner@acme.test")
	_, secret := owner.createKey("Bot")
	bot := env.withKey(secret)
	// No worker runs here: a hand-off that got past the blacklist would wait
	// for its chat workflow. Fail fast instead of hanging.
	bot.http.Timeout = 10 * time.Second
	team := env.Org.Inbox.ID.String()
	handoff := func(id string, contact map[string]any) (int, map[string]any) {
		return bot.do(http.MethodPost, "/api/v1/handoffs", map[string]any{"handoff_id": id, "team_id": team, "contact": contact})
	}

	// By email, in any spelling.
	owner.block("email", "blocked@example.test", "spam")
	status, body := handoff("h-1", map[string]any{"external_id": "visitor-1", "email": "Blocked@Example.TEST"})
	require.Equal(t, http.StatusForbidden, status, "%v", body)
	require.Equal(t, "contact_blocked", errorCode(t, body))

	// By contact id: the bot's external id leads to the blocked contact.
	known := env.newContact(env.Org.Org.ID, "visitor-2", "")
	owner.block("contact", known.ID.String(), "")
	status, body = handoff("h-2", map[string]any{"external_id": "visitor-2"})
	require.Equal(t, http.StatusForbidden, status, "%v", body)
	require.Equal(t, "contact_blocked", errorCode(t, body))

	// By phone.
	owner.block("phone", "+15551234567", "")
	status, body = handoff("h-3", map[string]any{"external_id": "visitor-3", "phone": "+15551234567"})
	require.Equal(t, http.StatusForbidden, status, "%v", body)
	require.Equal(t, "contact_blocked", errorCode(t, body))

	require.Equal(t, 0, env.countRows("chats", env.Org.Org.ID), "a blocked contact gets no chat")
	require.Equal(t, 1, env.countRows("contacts", env.Org.Org.ID), "nor a new contact")
}
