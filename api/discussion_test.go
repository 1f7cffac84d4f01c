package api

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"livechat/accounts"
	"livechat/activities"
	"livechat/notify"
	"livechat/routing"
	"livechat/store/db"
	"livechat/worker"
	"livechat/worker/workertest"
)

// startChatWorker runs the chat workflows of env's task queue (hand-offs,
// assignment, end) until the test ends.
func (e *testEnv) startChatWorker() {
	e.t.Helper()
	tc := workertest.Client(e.t)
	w := worker.New(tc, e.TaskQueue, &activities.Activities{
		Store: e.Store, Mailer: notify.NewLogMailer(slog.New(slog.NewTextHandler(io.Discard, nil))),
		Texter: notify.NewLogTexter(slog.New(slog.NewTextHandler(io.Discard, nil))),
		Signer: accounts.NewSigner(testSecret), PublicURL: "http://app.test",
		Temporal: tc, Dispatcher: &routing.Dispatcher{Store: e.Store},
	})
	require.NoError(e.t, w.Start())
	e.t.Cleanup(w.Stop)
}

// discHandoff hands a contact over to a team from the bot and returns the chat id.
func discHandoff(t *testing.T, bot *apiClient, teamID uuid.UUID, handoffID string) string {
	t.Helper()
	status, body := bot.do(http.MethodPost, "/api/v1/handoffs", map[string]any{
		"handoff_id": handoffID, "team_id": teamID,
		"contact":    map[string]any{"external_id": "visitor-" + handoffID, "name": "Visitor"},
		"transcript": []map[string]string{{"sender": "contact", "body": "I need a human"}},
	})
	require.Contains(t, []int{http.StatusCreated, http.StatusOK}, status, "hand-off: %v", body)
	return body["chat"].(map[string]any)["id"].(string)
}

// discussionEvents returns the discussion.invited events of a chat.
func (e *testEnv) discussionEvents(chatID string) []db.Event {
	e.t.Helper()
	rows, err := e.Store.Pool.Query(e.t.Context(),
		`SELECT org_id, seq, type, audience, chat_id, team_id, contact_id, user_id, payload
		 FROM events WHERE type = 'discussion.invited' AND chat_id = $1 ORDER BY seq`, chatID)
	require.NoError(e.t, err)
	defer rows.Close()
	var out []db.Event
	for rows.Next() {
		var ev db.Event
		require.NoError(e.t, rows.Scan(&ev.OrgID, &ev.Seq, &ev.Type, &ev.Audience, &ev.ChatID, &ev.TeamID, &ev.ContactID, &ev.UserID, &ev.Payload))
		out = append(out, ev)
	}
	require.NoError(e.t, rows.Err())
	return out
}

// waitChatStatus polls the chat's projection until it has status.
func (e *testEnv) waitChatStatus(chatID, status string) {
	e.t.Helper()
	id := uuid.MustParse(chatID)
	last := ""
	require.Eventually(e.t, func() bool {
		c, err := e.Store.GetChat(e.t.Context(), db.GetChatParams{OrgID: e.Org.Org.ID, ID: id})
		require.NoError(e.t, err)
		last = c.Status
		return last == status
	}, 30*time.Second, 20*time.Millisecond, "chat %s never became %s (last %s)", chatID, status, last)
}

// say writes in a chat's discussion and returns the status and reply.
func (c *apiClient) say(chatID, body, key string) (int, map[string]any) {
	c.t.Helper()
	return c.do(http.MethodPost, "/api/v1/chats/"+chatID+"/discussion/messages", map[string]string{"body": body, "idempotency_key": key})
}

// inviteTo invites a user to a chat's discussion.
func (c *apiClient) inviteTo(chatID string, userID any) (int, map[string]any) {
	c.t.Helper()
	return c.do(http.MethodPost, "/api/v1/chats/"+chatID+"/discussion/participants", map[string]any{"user_id": userID})
}

// discussion reads a chat's discussion, requiring 200.
func (c *apiClient) discussion(chatID, query string) map[string]any {
	c.t.Helper()
	status, body := c.do(http.MethodGet, "/api/v1/chats/"+chatID+"/discussion"+query, nil)
	require.Equal(c.t, http.StatusOK, status, "discussion: %v", body)
	return body
}

func TestDiscussionLifecycle(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.startChatWorker()
	for _, email := range []string{"alice@acme.test", "bob@acme.test", "olga@acme.test"} {
		env.addMember(env.Org, email, accounts.RoleAgent)
	}
	env.addMember(env.Org, "sam@acme.test", accounts.RoleSupervisor)
	aliceID, bobID, olgaID := env.userID("alice@acme.test"), env.userID("bob@acme.test"), env.userID("olga@acme.test")
	samID := env.userID("sam@acme.test")
	// Olga and Sam belong to the organisation but not to the chat's team.
	_, err := env.Store.Pool.Exec(t.Context(), `DELETE FROM team_members WHERE user_id = ANY($1)`, []uuid.UUID{olgaID, samID})
	require.NoError(t, err)

	owner := env.login("owner@acme.test")
	alice, bob, olga, sam := env.login("alice@acme.test"), env.login("bob@acme.test"), env.login("olga@acme.test"), env.login("sam@acme.test")
	_, secret := owner.createKey("Bot")
	bot := env.withKey(secret)
	chatID := discHandoff(t, bot, env.Org.Inbox.ID, "h-1")
	disc := "/api/v1/chats/" + chatID + "/discussion"

	// A new chat's discussion is open to its team, and empty.
	body := alice.discussion(chatID, "")
	require.Empty(t, items(t, body, "participants"))
	require.Empty(t, items(t, body, "messages"))
	require.Equal(t, "", body["next_after"])
	require.Equal(t, false, body["read_only"])

	// Writing: 201, a retry 200 with the same message; the writer takes part.
	status, first := alice.say(chatID, "Does anyone know this customer?", "k-1")
	require.Equal(t, http.StatusCreated, status, "%v", first)
	require.Equal(t, "discussion", first["kind"])
	require.Equal(t, "agent", first["sender_kind"])
	require.Equal(t, aliceID.String(), first["sender_id"])
	require.Equal(t, chatID, first["chat_id"])
	status, again := alice.say(chatID, "Does anyone know this customer?", "k-1")
	require.Equal(t, http.StatusOK, status, "%v", again)
	require.Equal(t, first["id"], again["id"])
	for name, req := range map[string]map[string]string{
		"empty body":   {"body": "  "},
		"long body":    {"body": strings.Repeat("x", 4001)},
		"long key":     {"body": "hi", "idempotency_key": strings.Repeat("k", 101)},
		"kind is ours": {"body": "hi", "kind": "text"},
	} {
		status, reply := alice.do(http.MethodPost, disc+"/messages", req)
		require.Equal(t, http.StatusBadRequest, status, "%s: %v", name, reply)
	}
	body = alice.discussion(chatID, "")
	msgs := items(t, body, "messages")
	require.Len(t, msgs, 1)
	require.Equal(t, first["id"], msgs[0]["id"])
	people := items(t, body, "participants")
	require.Len(t, people, 1)
	require.Equal(t, aliceID.String(), people[0]["user_id"])
	require.Equal(t, "Member alice@acme.test", people[0]["name"])
	require.Nil(t, people[0]["invited_by"])
	require.NotEmpty(t, people[0]["joined_at"])

	// A key already used by a chat message is not a discussion retry.
	status, note := alice.do(http.MethodPost, "/api/v1/chats/"+chatID+"/messages", map[string]string{"body": "VIP customer", "kind": "note", "idempotency_key": "n-1"})
	require.Equal(t, http.StatusCreated, status, "%v", note)
	status, reply := alice.say(chatID, "VIP customer", "n-1")
	require.Equal(t, http.StatusConflict, status, "%v", reply)
	require.Equal(t, "idempotency_key_reused", errorCode(t, reply))

	// The chat's message list never holds the discussion; notes only for members.
	status, body = alice.do(http.MethodGet, "/api/v1/chats/"+chatID+"/messages", nil)
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.ElementsMatch(t, []string{"text", "note"}, pluck(items(t, body, "messages"), "kind"))
	status, body = bot.do(http.MethodGet, "/api/v1/chats/"+chatID+"/messages", nil)
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, []string{"text"}, pluck(items(t, body, "messages"), "kind"))
	// Its socket events are for agents only.
	var audiences []string
	rows, err := env.Store.Pool.Query(t.Context(),
		`SELECT audience FROM events WHERE type = 'message.created' AND payload->'message'->>'kind' IN ('discussion', 'note') AND chat_id = $1`, chatID)
	require.NoError(t, err)
	for rows.Next() {
		var a string
		require.NoError(t, rows.Scan(&a))
		audiences = append(audiences, a)
	}
	require.NoError(t, rows.Err())
	require.Equal(t, []string{"agents", "agents"}, audiences, "one event for the discussion message, one for the note")

	// Inviting: a team agent, once; the invitee alone gets one event.
	status, inv := alice.inviteTo(chatID, bobID)
	require.Equal(t, http.StatusCreated, status, "%v", inv)
	require.Equal(t, bobID.String(), inv["user_id"])
	require.Equal(t, aliceID.String(), inv["invited_by"])
	require.Equal(t, "Member bob@acme.test", inv["name"])
	status, inv = alice.inviteTo(chatID, bobID)
	require.Equal(t, http.StatusOK, status, "inviting twice changes nothing: %v", inv)
	status, inv = sam.inviteTo(chatID, bobID)
	require.Equal(t, http.StatusOK, status, "%v", inv)
	require.Equal(t, aliceID.String(), inv["invited_by"], "the first invitation stands")
	events := env.discussionEvents(chatID)
	require.Len(t, events, 1, "exactly one discussion.invited event")
	ev := events[0]
	require.Equal(t, "user", ev.Audience)
	require.Equal(t, env.Org.Org.ID, ev.OrgID)
	require.NotNil(t, ev.UserID)
	require.Equal(t, bobID, *ev.UserID)
	require.Equal(t, chatID, ev.ChatID.String())
	require.Equal(t, env.Org.Inbox.ID, *ev.TeamID)
	require.Nil(t, ev.ContactID, "never addressed to the contact")
	var payload map[string]string
	require.NoError(t, json.Unmarshal(ev.Payload, &payload))
	require.Equal(t, map[string]string{"chat_id": chatID, "invited_by": aliceID.String()}, payload)

	// No one outside the team, the organisation or the agents.
	otherOrg := env.newOrg("Globex", "globex", "owner@globex.test")
	for name, c := range map[string]struct {
		userID any
		status int
	}{
		"outside the team":         {olgaID, http.StatusBadRequest},
		"another organisation":     {otherOrg.Owner.ID, http.StatusNotFound},
		"unknown user":             {uuid.New(), http.StatusNotFound},
		"everyone":                 {"everyone", http.StatusBadRequest},
		"blank":                    {"", http.StatusBadRequest},
		"oneself":                  {aliceID, http.StatusBadRequest},
		"several at once (a list)": {[]string{bobID.String()}, http.StatusBadRequest},
	} {
		status, reply := alice.inviteTo(chatID, c.userID)
		require.Equal(t, c.status, status, "%s: %v", name, reply)
	}
	require.Len(t, env.discussionEvents(chatID), 1, "refused invitations send nothing")

	// Bob reads and writes; the participants (inviters too) are in joining order.
	status, bobSays := bob.say(chatID, "Yes, call me", "")
	require.Equal(t, http.StatusCreated, status, "%v", bobSays)
	body = bob.discussion(chatID, "")
	require.Equal(t, []string{first["id"].(string), bobSays["id"].(string)}, pluck(items(t, body, "messages"), "id"))
	people = items(t, body, "participants")
	require.Equal(t, []string{aliceID.String(), bobID.String(), samID.String()}, pluck(people, "user_id"))
	require.Equal(t, aliceID.String(), people[1]["invited_by"])
	require.Nil(t, people[2]["invited_by"])

	// Pages, oldest first.
	status, third := alice.say(chatID, "Thanks", "")
	require.Equal(t, http.StatusCreated, status, "%v", third)
	page := alice.discussion(chatID, "?limit=2")
	require.Equal(t, []string{first["id"].(string), bobSays["id"].(string)}, pluck(items(t, page, "messages"), "id"))
	require.Equal(t, bobSays["id"], page["next_after"])
	page = alice.discussion(chatID, "?limit=2&after="+bobSays["id"].(string))
	require.Equal(t, []string{third["id"].(string)}, pluck(items(t, page, "messages"), "id"))
	require.Equal(t, "", page["next_after"])
	for _, q := range []string{"?limit=0", "?limit=201", "?after=nope", "?after=" + note["id"].(string), "?after=" + uuid.NewString()} {
		status, reply := alice.do(http.MethodGet, disc+q, nil)
		require.Equal(t, http.StatusBadRequest, status, "%s: %v", q, reply)
	}

	// A supervisor from outside the team takes part; an agent from outside does not.
	status, samSays := sam.say(chatID, "Escalate if needed", "")
	require.Equal(t, http.StatusCreated, status, "%v", samSays)
	for _, c := range []struct {
		method, path string
		body         any
	}{
		{http.MethodGet, disc, nil},
		{http.MethodPost, disc + "/messages", map[string]string{"body": "let me in"}},
		{http.MethodPost, disc + "/participants", map[string]any{"user_id": olgaID}},
	} {
		status, reply := olga.do(c.method, c.path, c.body)
		require.Equal(t, http.StatusNotFound, status, "olga %s %s: %v", c.method, c.path, reply)
		require.Equal(t, "chat_not_found", errorCode(t, reply))
	}

	// Another organisation sees nothing of it.
	globex := env.login("owner@globex.test")
	for _, c := range []struct {
		method, path string
		body         any
	}{
		{http.MethodGet, disc, nil},
		{http.MethodPost, disc + "/messages", map[string]string{"body": "hello"}},
		{http.MethodPost, disc + "/participants", map[string]any{"user_id": otherOrg.Owner.ID}},
	} {
		status, reply := globex.do(c.method, c.path, c.body)
		require.Equal(t, http.StatusNotFound, status, "globex %s %s: %v", c.method, c.path, reply)
		require.Equal(t, "chat_not_found", errorCode(t, reply))
	}

	// API keys are refused: the discussion is for signed-in agents.
	status, reply = bot.do(http.MethodGet, disc, nil)
	require.Equal(t, http.StatusForbidden, status, "%v", reply)
	require.Equal(t, "session_required", errorCode(t, reply))
	status, reply = bot.do(http.MethodPost, disc+"/messages", map[string]string{"body": "hi"})
	require.Equal(t, http.StatusForbidden, status, "%v", reply)

	// Once the chat has ended the discussion is read only.
	status, reply = owner.do(http.MethodPost, "/api/v1/chats/"+chatID+"/end", map[string]string{"reason": "resolved"})
	require.Equal(t, http.StatusOK, status, "%v", reply)
	env.waitChatStatus(chatID, "ended")
	status, reply = alice.say(chatID, "too late", "")
	require.Equal(t, http.StatusConflict, status, "%v", reply)
	require.Equal(t, "discussion_read_only", errorCode(t, reply))
	status, reply = alice.inviteTo(chatID, env.Org.Owner.ID)
	require.Equal(t, http.StatusConflict, status, "%v", reply)
	require.Equal(t, "discussion_read_only", errorCode(t, reply))
	status, again = alice.say(chatID, "Does anyone know this customer?", "k-1")
	require.Equal(t, http.StatusOK, status, "a retry of a stored message still answers it: %v", again)
	require.Equal(t, first["id"], again["id"])
	body = bob.discussion(chatID, "")
	require.Equal(t, true, body["read_only"])
	require.Len(t, items(t, body, "messages"), 4, "the history stays readable")
	require.Len(t, items(t, body, "participants"), 3)
	require.Len(t, env.discussionEvents(chatID), 1)
}

// TestDiscussionRestrictiveTeam checks that an invitation lets an agent of a
// restrictive team into the discussion of a chat they may not see, and
// nothing more.
func TestDiscussionRestrictiveTeam(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.startChatWorker()
	for _, email := range []string{"alice@acme.test", "bob@acme.test", "carol@acme.test"} {
		env.addMember(env.Org, email, accounts.RoleAgent)
	}
	aliceID, bobID, carolID := env.userID("alice@acme.test"), env.userID("bob@acme.test"), env.userID("carol@acme.test")
	owner := env.login("owner@acme.test")
	team := owner.createTeam("Billing")
	teamID := uuid.MustParse(team["id"].(string))
	status, reply := owner.do(http.MethodPatch, "/api/v1/teams/"+teamID.String(), map[string]string{"permission_mode": "restrictive"})
	require.Equal(t, http.StatusOK, status, "%v", reply)
	for _, id := range []uuid.UUID{aliceID, bobID} {
		status, reply = owner.do(http.MethodPut, "/api/v1/teams/"+teamID.String()+"/members/"+id.String(), nil)
		require.Equal(t, http.StatusNoContent, status, "%v", reply)
	}
	_, secret := owner.createKey("Bot")
	bot := env.withKey(secret)
	chatID := discHandoff(t, bot, teamID, "r-1")
	status, reply = bot.do(http.MethodPost, "/api/v1/chats/"+chatID+"/assign", map[string]any{"agent_id": aliceID})
	require.Equal(t, http.StatusOK, status, "%v", reply)
	env.waitChatStatus(chatID, "assigned")

	alice, bob, carol := env.login("alice@acme.test"), env.login("bob@acme.test"), env.login("carol@acme.test")
	disc := "/api/v1/chats/" + chatID + "/discussion"

	// Bob (team, not assigned) and Carol (Inbox only) see neither the chat nor its discussion.
	for _, who := range []*apiClient{bob, carol} {
		status, reply = who.do(http.MethodGet, disc, nil)
		require.Equal(t, http.StatusNotFound, status, "%v", reply)
		status, reply = who.say(chatID, "hello", "")
		require.Equal(t, http.StatusNotFound, status, "%v", reply)
	}

	status, aliceSays := alice.say(chatID, "Bob, can you check the invoice?", "")
	require.Equal(t, http.StatusCreated, status, "%v", aliceSays)
	status, reply = alice.inviteTo(chatID, carolID)
	require.Equal(t, http.StatusBadRequest, status, "carol is not of the chat's team: %v", reply)
	require.Contains(t, errorFields(t, reply), "user_id")
	status, reply = alice.inviteTo(chatID, bobID)
	require.Equal(t, http.StatusCreated, status, "%v", reply)
	require.Len(t, env.discussionEvents(chatID), 1)

	// Invited, Bob takes part in the discussion, and sees no more of the chat.
	body := bob.discussion(chatID, "")
	require.Equal(t, []string{aliceSays["id"].(string)}, pluck(items(t, body, "messages"), "id"))
	status, reply = bob.say(chatID, "On it", "")
	require.Equal(t, http.StatusCreated, status, "%v", reply)
	for _, path := range []string{"", "/messages", "/events"} {
		status, reply = bob.do(http.MethodGet, "/api/v1/chats/"+chatID+path, nil)
		require.Equal(t, http.StatusNotFound, status, "GET chat%s: %v", path, reply)
	}
	// Carol cannot get in through Bob either.
	status, reply = bob.inviteTo(chatID, carolID)
	require.Equal(t, http.StatusBadRequest, status, "%v", reply)
	status, reply = carol.do(http.MethodGet, disc, nil)
	require.Equal(t, http.StatusNotFound, status, "%v", reply)

	// Out of the team, out of the discussion.
	status, reply = owner.do(http.MethodDelete, "/api/v1/teams/"+teamID.String()+"/members/"+bobID.String(), nil)
	require.Equal(t, http.StatusNoContent, status, "%v", reply)
	status, reply = bob.do(http.MethodGet, disc, nil)
	require.Equal(t, http.StatusNotFound, status, "%v", reply)
	require.Equal(t, "chat_not_found", errorCode(t, reply))
}
