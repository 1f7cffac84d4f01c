package api

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"livechat/accounts"
	"livechat/store/db"
)

const cannedPath = "/api/v1/canned-responses"

// createCanned adds a canned response and returns its JSON.
func (c *apiClient) createCanned(scope, shortcut, title, body string) map[string]any {
	c.t.Helper()
	status, reply := c.do(http.MethodPost, cannedPath, map[string]string{"scope": scope, "shortcut": shortcut, "title": title, "body": body})
	require.Equal(c.t, http.StatusCreated, status, "create canned /%s: %v", shortcut, reply)
	return reply
}

// listCanned lists the canned responses the client sees with a query string.
func (c *apiClient) listCanned(query url.Values) []map[string]any {
	c.t.Helper()
	status, body := c.do(http.MethodGet, cannedPath+"?"+query.Encode(), nil)
	require.Equal(c.t, http.StatusOK, status, "list canned %v: %v", query, body)
	return items(c.t, body, "canned_responses")
}

// expand asks for a canned response rendered for a chat.
func (c *apiClient) expand(chatID string, query url.Values) (int, map[string]any) {
	c.t.Helper()
	return c.do(http.MethodGet, "/api/v1/chats/"+chatID+"/canned-responses/expand?"+query.Encode(), nil)
}

// newChat stores a waiting chat of a contact in a team.
func (e *testEnv) newChat(orgID, teamID, contactID uuid.UUID) db.Chat {
	e.t.Helper()
	chat, err := e.Store.CreateChat(e.t.Context(), db.CreateChatParams{
		ID: uuid.Must(uuid.NewV7()), OrgID: orgID, TeamID: teamID, ContactID: contactID, Source: "api",
	})
	require.NoError(e.t, err)
	return chat
}

// auditTargets lists the target ids of the organisation's audit entries of a type.
func (e *testEnv) auditTargets(orgID uuid.UUID, targetType string) []string {
	e.t.Helper()
	var out []string
	for _, r := range e.auditActions(orgID) {
		if r.TargetType == targetType {
			out = append(out, r.TargetID)
		}
	}
	return out
}

func TestCannedResponsesPermissions(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.addMember(env.Org, "agent@acme.test", accounts.RoleAgent)
	env.addMember(env.Org, "agent2@acme.test", accounts.RoleAgent)
	env.addMember(env.Org, "super@acme.test", accounts.RoleSupervisor)
	agent, agent2, super := env.login("agent@acme.test"), env.login("agent2@acme.test"), env.login("super@acme.test")
	agentID := env.userID("agent@acme.test").String()

	// Any agent keeps personal responses; shortcuts are taken as typed.
	mine := agent.createCanned("personal", "  /Hi ", " Greeting ", "Hello {{contact.first_name}}!")
	require.Equal(t, "personal", mine["scope"])
	require.Equal(t, "hi", mine["shortcut"], "a leading / and capitals are accepted and normalised")
	require.Equal(t, "Greeting", mine["title"])
	require.Equal(t, agentID, mine["owner_id"])
	require.Equal(t, agentID, mine["created_by"])
	require.NotEmpty(t, mine["created_at"])
	// Without a scope a response is personal.
	status, body := agent.do(http.MethodPost, cannedPath, map[string]string{"shortcut": "bye", "title": "Goodbye", "body": "Bye!"})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	require.Equal(t, "personal", body["scope"])
	bye := body

	// Agents cannot add organisation-wide ones; supervisors can.
	status, body = agent.do(http.MethodPost, cannedPath, map[string]string{"scope": "organization", "shortcut": "refund", "title": "Refunds", "body": "x"})
	require.Equal(t, http.StatusForbidden, status, "%v", body)
	require.Equal(t, "forbidden", errorCode(t, body))
	orgHi := super.createCanned("organization", "hi", "Hello from the team", "Hi, thanks for contacting {{organization.name}}.")
	require.Equal(t, "organization", orgHi["scope"])
	require.Nil(t, orgHi["owner_id"])
	refund := super.createCanned("organization", "refund", "Refund policy", "Refunds take 5 days: money back guaranteed.")
	require.Equal(t, 4, env.countRows("canned_responses", env.Org.Org.ID), "the agent's 2 and the organisation's 2; the refused one is not stored")

	// Shortcuts are unique per scope: the organisation's, and each member's.
	status, body = super.do(http.MethodPost, cannedPath, map[string]string{"scope": "organization", "shortcut": "HI", "title": "Again", "body": "x"})
	require.Equal(t, http.StatusConflict, status, "%v", body)
	require.Equal(t, "shortcut_taken", errorCode(t, body))
	status, body = agent.do(http.MethodPost, cannedPath, map[string]string{"scope": "personal", "shortcut": "hi", "title": "Again", "body": "x"})
	require.Equal(t, http.StatusConflict, status, "%v", body)
	require.Equal(t, "shortcut_taken", errorCode(t, body))
	theirs := agent2.createCanned("personal", "hi", "Agent 2's greeting", "Yo")

	// Each member sees the organisation's responses and their own, never
	// another member's; their own first when shortcuts clash.
	all := agent.listCanned(nil)
	require.Equal(t, []string{bye["id"].(string), mine["id"].(string), orgHi["id"].(string), refund["id"].(string)}, pluck(all, "id"))
	require.Equal(t, []string{"bye", "hi", "hi", "refund"}, pluck(all, "shortcut"))
	require.NotContains(t, pluck(super.listCanned(nil), "id"), mine["id"], "not even supervisors see personal responses")
	require.NotContains(t, pluck(agent2.listCanned(nil), "id"), mine["id"])
	require.Contains(t, pluck(agent2.listCanned(nil), "id"), theirs["id"])
	require.Equal(t, []string{bye["id"].(string), mine["id"].(string)}, pluck(agent.listCanned(url.Values{"scope": {"personal"}}), "id"))
	require.Equal(t, []string{orgHi["id"].(string), refund["id"].(string)}, pluck(agent.listCanned(url.Values{"scope": {"organization"}}), "id"))

	// q matches shortcut or title, case-insensitively, as plain text.
	require.Equal(t, []string{refund["id"].(string)}, pluck(agent.listCanned(url.Values{"q": {"REF"}}), "id"))
	require.Equal(t, []string{refund["id"].(string)}, pluck(agent.listCanned(url.Values{"q": {"POLICY"}}), "id"))
	require.Equal(t, []string{orgHi["id"].(string)}, pluck(agent.listCanned(url.Values{"q": {"the team"}}), "id"))
	require.Empty(t, agent.listCanned(url.Values{"q": {"%"}}), "LIKE wildcards are plain characters")
	require.Empty(t, agent.listCanned(url.Values{"q": {"_"}}))
	require.Equal(t, []string{bye["id"].(string)}, pluck(agent.listCanned(url.Values{"q": {"goodb"}}), "id"))
	// Prefix matches come first: "re" starts /refund and is inside "Greeting".
	require.Equal(t, []string{refund["id"].(string), mine["id"].(string)}, pluck(agent.listCanned(url.Values{"q": {"re"}}), "id"))

	status, body = agent.do(http.MethodGet, cannedPath+"?scope=team", nil)
	require.Equal(t, http.StatusBadRequest, status)
	require.Contains(t, errorFields(t, body), "scope")
	status, body = agent.do(http.MethodGet, cannedPath+"?q="+strings.Repeat("q", 101), nil)
	require.Equal(t, http.StatusBadRequest, status)
	require.Contains(t, errorFields(t, body), "q")

	// Another member's personal response cannot be probed: 404, like an unknown id.
	minePath := cannedPath + "/" + mine["id"].(string)
	for _, c := range []*apiClient{agent2, super, env.login("owner@acme.test")} {
		status, body = c.do(http.MethodPatch, minePath, map[string]string{"title": "Mine now"})
		require.Equal(t, http.StatusNotFound, status, "%v", body)
		require.Equal(t, "not_found", errorCode(t, body))
		status, _ = c.do(http.MethodDelete, minePath, nil)
		require.Equal(t, http.StatusNotFound, status)
	}
	// Agents cannot change the organisation's responses.
	orgHiPath := cannedPath + "/" + orgHi["id"].(string)
	status, body = agent.do(http.MethodPatch, orgHiPath, map[string]string{"title": "Mine now"})
	require.Equal(t, http.StatusForbidden, status, "%v", body)
	require.Equal(t, "forbidden", errorCode(t, body))
	status, _ = agent.do(http.MethodDelete, orgHiPath, nil)
	require.Equal(t, http.StatusForbidden, status)

	// The owner edits their own.
	status, body = agent.do(http.MethodPatch, minePath, map[string]string{"title": "Warm greeting", "body": "Hello there!"})
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, "Warm greeting", body["title"])
	require.Equal(t, "Hello there!", body["body"])
	require.Equal(t, "hi", body["shortcut"], "absent fields keep their value")
	status, body = agent.do(http.MethodPatch, cannedPath+"/"+bye["id"].(string), map[string]string{"shortcut": "hi"})
	require.Equal(t, http.StatusConflict, status, "%v", body)
	require.Equal(t, "shortcut_taken", errorCode(t, body))
	status, body = agent.do(http.MethodPatch, minePath, map[string]any{"scope": "organization"})
	require.Equal(t, http.StatusBadRequest, status, "the scope cannot change")
	require.Equal(t, "malformed_json", errorCode(t, body))

	// Supervisors edit and delete the organisation's, which is audited.
	status, body = super.do(http.MethodPatch, orgHiPath, map[string]string{"shortcut": "hello"})
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, "hello", body["shortcut"])
	status, body = super.do(http.MethodPatch, orgHiPath, map[string]string{"shortcut": "refund"})
	require.Equal(t, http.StatusConflict, status, "%v", body)
	require.Equal(t, "shortcut_taken", errorCode(t, body))
	status, _ = super.do(http.MethodDelete, orgHiPath, nil)
	require.Equal(t, http.StatusNoContent, status)
	status, _ = super.do(http.MethodDelete, orgHiPath, nil)
	require.Equal(t, http.StatusNotFound, status)
	status, _ = super.do(http.MethodDelete, cannedPath+"/not-an-id", nil)
	require.Equal(t, http.StatusNotFound, status)
	requireAudit(t, env, env.Org.Org.ID, "canned_response.created", "canned_response", orgHi["id"].(string))
	updated := requireAudit(t, env, env.Org.Org.ID, "canned_response.updated", "canned_response", orgHi["id"].(string))
	require.Contains(t, string(updated.Details), `"previous_shortcut": "hi"`)
	requireAudit(t, env, env.Org.Org.ID, "canned_response.deleted", "canned_response", orgHi["id"].(string))
	require.NotContains(t, env.auditTargets(env.Org.Org.ID, "canned_response"), mine["id"], "personal responses are not audited")

	// The owner deletes their own.
	status, _ = agent.do(http.MethodDelete, minePath, nil)
	require.Equal(t, http.StatusNoContent, status)
	require.Equal(t, []string{bye["id"].(string), refund["id"].(string)}, pluck(agent.listCanned(nil), "id"))

	// Another organisation sees nothing and can reuse the shortcuts.
	globex := env.login(env.newOrg("Globex", "globex", "owner@globex.test").Owner.Email)
	require.Empty(t, globex.listCanned(nil))
	refundPath := cannedPath + "/" + refund["id"].(string)
	status, _ = globex.do(http.MethodPatch, refundPath, map[string]string{"title": "Ours"})
	require.Equal(t, http.StatusNotFound, status)
	status, _ = globex.do(http.MethodDelete, refundPath, nil)
	require.Equal(t, http.StatusNotFound, status)
	globex.createCanned("organization", "refund", "Refunds", "Ask finance.")

	// A member who leaves the organisation takes their personal responses along.
	status, body = env.login("owner@acme.test").do(http.MethodDelete, "/api/v1/members/"+env.userID("agent2@acme.test").String(), nil)
	require.Equal(t, http.StatusNoContent, status, "%v", body)
	var left int
	require.NoError(t, env.Store.Pool.QueryRow(t.Context(), "SELECT count(*) FROM canned_responses WHERE id = $1", uuid.MustParse(theirs["id"].(string))).Scan(&left))
	require.Zero(t, left)

	// Members only, with the CSRF token on writes.
	_, secret := env.login("owner@acme.test").createKey("Bot")
	status, body = env.withKey(secret).do(http.MethodGet, cannedPath, nil)
	require.Equal(t, http.StatusForbidden, status)
	require.Equal(t, "session_required", errorCode(t, body))
	status, body = agent.withCSRF("").do(http.MethodPost, cannedPath, map[string]string{"shortcut": "x", "title": "x", "body": "x"})
	require.Equal(t, http.StatusForbidden, status)
	require.Equal(t, "csrf_failed", errorCode(t, body))
	status, _ = env.anonymous().do(http.MethodGet, cannedPath, nil)
	require.Equal(t, http.StatusUnauthorized, status)
}

func TestCannedResponsesValidation(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	owner := env.login("owner@acme.test")

	for name, c := range map[string]struct {
		body  map[string]string
		field string
	}{
		"no shortcut":          {map[string]string{"title": "t", "body": "b"}, "shortcut"},
		"blank shortcut":       {map[string]string{"shortcut": " / ", "title": "t", "body": "b"}, "shortcut"},
		"shortcut w/ space":    {map[string]string{"shortcut": "two words", "title": "t", "body": "b"}, "shortcut"},
		"shortcut w/ dot":      {map[string]string{"shortcut": "a.b", "title": "t", "body": "b"}, "shortcut"},
		"shortcut accented":    {map[string]string{"shortcut": "café", "title": "t", "body": "b"}, "shortcut"},
		"shortcut too long":    {map[string]string{"shortcut": strings.Repeat("s", 33), "title": "t", "body": "b"}, "shortcut"},
		"no title":             {map[string]string{"shortcut": "s", "body": "b"}, "title"},
		"blank title":          {map[string]string{"shortcut": "s", "title": "  ", "body": "b"}, "title"},
		"title too long":       {map[string]string{"shortcut": "s", "title": strings.Repeat("é", 101), "body": "b"}, "title"},
		"title two lines":      {map[string]string{"shortcut": "s", "title": "a\nb", "body": "b"}, "title"},
		"no body":              {map[string]string{"shortcut": "s", "title": "t"}, "body"},
		"body too long":        {map[string]string{"shortcut": "s", "title": "t", "body": strings.Repeat("é", 4001)}, "body"},
		"body with NUL":        {map[string]string{"shortcut": "s", "title": "t", "body": "a\x00b"}, "body"},
		"unknown scope":        {map[string]string{"shortcut": "s", "title": "t", "body": "b", "scope": "team"}, "scope"},
		"scope wrong spelling": {map[string]string{"shortcut": "s", "title": "t", "body": "b", "scope": "organisation"}, "scope"},
	} {
		status, body := owner.do(http.MethodPost, cannedPath, c.body)
		require.Equal(t, http.StatusBadRequest, status, "%s: %v", name, body)
		require.Equal(t, "validation_failed", errorCode(t, body), name)
		require.Contains(t, errorFields(t, body), c.field, "%s: %v", name, body)
	}
	status, body := owner.do(http.MethodPost, cannedPath, map[string]any{"shortcut": "s", "title": "t", "body": "b", "owner_id": uuid.NewString()})
	require.Equal(t, http.StatusBadRequest, status)
	require.Equal(t, "malformed_json", errorCode(t, body))
	reply, body := owner.raw(http.MethodPost, cannedPath, "text/plain", []byte(`{"shortcut":"s","title":"t","body":"b"}`))
	require.Equal(t, http.StatusUnsupportedMediaType, reply.StatusCode)
	require.Equal(t, "unsupported_media_type", errorCode(t, body))
	require.Equal(t, 0, env.countRows("canned_responses", env.Org.Org.ID), "refused requests store nothing")

	// The limits themselves are accepted (counted in characters, not bytes).
	longest := owner.createCanned("organization", strings.Repeat("a", 32), strings.Repeat("é", 100), "line 1\n\tline 2\r\n"+strings.Repeat("é", 3984))
	path := cannedPath + "/" + longest["id"].(string)
	for name, c := range map[string]struct {
		body  map[string]string
		field string
	}{
		"blank shortcut": {map[string]string{"shortcut": ""}, "shortcut"},
		"bad shortcut":   {map[string]string{"shortcut": "a b"}, "shortcut"},
		"blank title":    {map[string]string{"title": ""}, "title"},
		"long body":      {map[string]string{"body": strings.Repeat("b", 4001)}, "body"},
	} {
		status, body := owner.do(http.MethodPatch, path, c.body)
		require.Equal(t, http.StatusBadRequest, status, "%s: %v", name, body)
		require.Contains(t, errorFields(t, body), c.field, "%s: %v", name, body)
	}
	// An empty patch changes nothing and records nothing.
	status, body = owner.do(http.MethodPatch, path, map[string]string{})
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, longest["updated_at"], body["updated_at"])
	require.Equal(t, []string{longest["id"].(string)}, env.auditTargets(env.Org.Org.ID, "canned_response"), "only the creation is audited")
	status, _ = owner.do(http.MethodPatch, cannedPath+"/"+uuid.NewString(), map[string]string{"title": "x"})
	require.Equal(t, http.StatusNotFound, status)
}

func TestCannedResponseExpansion(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.addMember(env.Org, "agent@acme.test", accounts.RoleAgent)
	env.addMember(env.Org, "agent2@acme.test", accounts.RoleAgent)
	owner, agent, agent2 := env.login("owner@acme.test"), env.login("agent@acme.test"), env.login("agent2@acme.test")
	orgID, inbox := env.Org.Org.ID, env.Org.Inbox.ID

	ada := env.newContact(orgID, "", "ada@example.test")
	_, err := env.Store.Pool.Exec(t.Context(), "UPDATE contacts SET name = 'Ada  Lovelace' WHERE id = $1", ada.ID)
	require.NoError(t, err)
	chat := env.newChat(orgID, inbox, ada.ID).ID.String()

	greet := owner.createCanned("organization", "greet", "Greeting",
		"Hi {{contact.first_name}} ({{contact.name}}, {{ contact.email }}), I'm {{agent.name}} ({{agent.first_name}}) "+
			"of {{team.name}} at {{organization.name}}. {{CONTACT.FIRST_NAME}} {{contact.phone}} {{ nope }} {contact.name} {{}}")
	mine := agent.createCanned("personal", "greet", "My greeting", "Howdy {{contact.first_name}}!")

	// The caller's personal response wins over the organisation's.
	status, body := agent.expand(chat, url.Values{"shortcut": {"greet"}})
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, map[string]any{"id": mine["id"], "scope": "personal", "shortcut": "greet", "title": "My greeting", "body": "Howdy Ada!"}, body)
	status, body = agent.expand(chat, url.Values{"shortcut": {"/GREET"}})
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, mine["id"], body["id"], "the shortcut is taken as typed")

	// Others get the organisation's, with every placeholder filled.
	want := "Hi Ada (Ada  Lovelace, ada@example.test), I'm Member agent2@acme.test (Member) of Inbox at Acme. " +
		"Ada {{contact.phone}} {{ nope }} {contact.name} {{}}"
	status, body = agent2.expand(chat, url.Values{"shortcut": {"greet"}})
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, greet["id"], body["id"])
	require.Equal(t, "organization", body["scope"])
	require.Equal(t, want, body["body"])
	// By id, the organisation's response is reachable for the agent too.
	status, body = agent.expand(chat, url.Values{"id": {greet["id"].(string)}})
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, strings.Replace(want, "agent2@", "agent@", 1), body["body"])
	// …but not another member's personal one.
	status, body = agent2.expand(chat, url.Values{"id": {mine["id"].(string)}})
	require.Equal(t, http.StatusNotFound, status, "%v", body)
	require.Equal(t, "not_found", errorCode(t, body))

	// A contact without a name or email: "there" stands in for the first name,
	// the rest is empty; values are not expanded again.
	anon := env.newContact(orgID, "", "")
	_, err = env.Store.Pool.Exec(t.Context(), "UPDATE contacts SET name = '' WHERE id = $1", anon.ID)
	require.NoError(t, err)
	anonChat := env.newChat(orgID, inbox, anon.ID).ID.String()
	tricky := env.newContact(orgID, "", "")
	_, err = env.Store.Pool.Exec(t.Context(), "UPDATE contacts SET name = '{{agent.name}} x' WHERE id = $1", tricky.ID)
	require.NoError(t, err)
	trickyChat := env.newChat(orgID, inbox, tricky.ID).ID.String()
	owner.createCanned("organization", "who", "Who", "Hello {{contact.first_name}}, [{{contact.name}}] [{{contact.email}}]")
	status, body = agent.expand(anonChat, url.Values{"shortcut": {"who"}})
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, "Hello there, [] []", body["body"])
	status, body = agent.expand(trickyChat, url.Values{"shortcut": {"who"}})
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, "Hello {{agent.name}}, [{{agent.name}} x] []", body["body"])

	// Bad input.
	for name, q := range map[string]url.Values{
		"neither":       {},
		"both":          {"shortcut": {"greet"}, "id": {greet["id"].(string)}},
		"bad shortcut":  {"shortcut": {"two words"}},
		"id not a uuid": {"id": {"greet"}},
	} {
		status, body = agent.expand(chat, q)
		require.Equal(t, http.StatusBadRequest, status, "%s: %v", name, body)
		require.Equal(t, "validation_failed", errorCode(t, body), name)
	}
	status, body = agent.expand(chat, url.Values{"shortcut": {"unknown"}})
	require.Equal(t, http.StatusNotFound, status, "%v", body)
	require.Equal(t, "not_found", errorCode(t, body))
	status, body = agent.expand(chat, url.Values{"id": {uuid.NewString()}})
	require.Equal(t, http.StatusNotFound, status, "%v", body)
	require.Equal(t, "not_found", errorCode(t, body))
	status, body = agent.expand("not-a-chat", url.Values{"shortcut": {"greet"}})
	require.Equal(t, http.StatusNotFound, status, "%v", body)
	require.Equal(t, "not_found", errorCode(t, body))
	status, body = agent.expand(uuid.NewString(), url.Values{"shortcut": {"greet"}})
	require.Equal(t, http.StatusNotFound, status, "%v", body)
	require.Equal(t, "chat_not_found", errorCode(t, body))

	// The chat must be one the caller may see: an agent outside its team may not.
	sales := owner.createTeam("Sales")
	salesChat := env.newChat(orgID, uuid.MustParse(sales["id"].(string)), ada.ID).ID.String()
	status, body = agent.expand(salesChat, url.Values{"shortcut": {"greet"}})
	require.Equal(t, http.StatusNotFound, status, "%v", body)
	require.Equal(t, "chat_not_found", errorCode(t, body))
	status, body = owner.expand(salesChat, url.Values{"shortcut": {"greet"}})
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Contains(t, body["body"], "of Sales at Acme")

	// Another organisation can neither see the chat nor use Acme's responses.
	globexOrg := env.newOrg("Globex", "globex", "owner@globex.test")
	globex := env.login("owner@globex.test")
	status, body = globex.expand(chat, url.Values{"shortcut": {"greet"}})
	require.Equal(t, http.StatusNotFound, status, "%v", body)
	require.Equal(t, "chat_not_found", errorCode(t, body))
	globexChat := env.newChat(globexOrg.Org.ID, globexOrg.Inbox.ID, env.newContact(globexOrg.Org.ID, "", "").ID).ID.String()
	status, body = globex.expand(globexChat, url.Values{"shortcut": {"greet"}})
	require.Equal(t, http.StatusNotFound, status, "%v", body)
	require.Equal(t, "not_found", errorCode(t, body))
	status, body = globex.expand(globexChat, url.Values{"id": {greet["id"].(string)}})
	require.Equal(t, http.StatusNotFound, status, "%v", body)
	require.Equal(t, "not_found", errorCode(t, body))
}

func TestCannedRenderPlaceholders(t *testing.T) {
	t.Parallel()
	values := placeholderValues(db.Contact{Name: "  Grace Brewster Hopper "}, "Linus Torvalds", "Support", "Acme")
	require.Equal(t, "Hi Grace / Grace Brewster Hopper / Linus / Linus Torvalds / Support / Acme / ",
		renderPlaceholders("Hi {{contact.first_name}} / {{contact.name}} / {{agent.first_name}} / {{ agent.name }} / {{team.name}} / {{organization.name}} / {{contact.email}}", values))
	require.Equal(t, "{{ contact.age }} {{contact.}} {{ contact name }} {Grace} {{Contact.Name}",
		renderPlaceholders("{{ contact.age }} {{contact.}} {{ contact name }} {{{contact.first_name}}} {{Contact.Name}", values),
		"unknown or malformed placeholders stay as typed")
	email := "grace@example.test"
	unnamed := placeholderValues(db.Contact{Email: &email}, "", "", "")
	require.Equal(t, "there", unnamed["contact.first_name"])
	require.Equal(t, "", unnamed["contact.name"])
	require.Equal(t, email, unnamed["contact.email"])
	require.Equal(t, "", unnamed["agent.first_name"])
}
