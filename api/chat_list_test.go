package api

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"livechat/accounts"
	"livechat/store/db"
)

// inboxSeed is an organisation with chats in two teams, seeded straight
// into PostgreSQL: what the workflows would have written.
type inboxSeed struct {
	env                         *testEnv
	ana                         uuid.UUID
	sales                       uuid.UUID
	carla, bob, zed, yara       uuid.UUID
	carlaOpen, bobOpen, zedMine uuid.UUID
	carlaEnded, salesWaiting    uuid.UUID
}

func seedInbox(t *testing.T, env *testEnv) *inboxSeed {
	t.Helper()
	ctx := t.Context()
	env.addMember(env.Org, "ana@acme.test", accounts.RoleAgent)
	s := &inboxSeed{env: env, ana: env.userID("ana@acme.test")}
	owner := env.login("owner@acme.test")
	s.sales = uuid.MustParse(owner.createTeam("Sales")["id"].(string))

	contact := func(name, email, username string, tags ...string) uuid.UUID {
		ct, err := env.Store.CreateContact(ctx, db.CreateContactParams{ID: uuid.New(), OrgID: env.Org.Org.ID, Name: name,
			Email: blankToNil(email), Username: blankToNil(username), CustomFields: []byte("{}"), Tags: append([]string{}, tags...)})
		require.NoError(t, err)
		return ct.ID
	}
	s.carla = contact("Carla Customer", "carla@example.test", "", "vip")
	s.bob = contact("Bob Buyer", "", "bobby")
	s.zed = contact("Zed", "zed@example.test", "")
	s.yara = contact("Yara", "yara@example.test", "")

	base := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	chat := func(team, contact uuid.UUID, status string, assignee *uuid.UUID, queuedMinutes int) uuid.UUID {
		id := uuid.Must(uuid.NewV7())
		_, err := env.Store.CreateChat(ctx, db.CreateChatParams{ID: id, OrgID: env.Org.Org.ID, TeamID: team, ContactID: contact, Source: "api"})
		require.NoError(t, err)
		at := base.Add(time.Duration(queuedMinutes) * time.Minute)
		_, err = env.Store.Pool.Exec(ctx, `UPDATE chats SET status = $2, assignee_id = $3, queued_at = $4, created_at = $4,
			ended_at = CASE WHEN $2 = 'ended' THEN $4::timestamptz + interval '1 hour' END WHERE id = $1`, id, status, assignee, at)
		require.NoError(t, err)
		return id
	}
	s.carlaEnded = chat(env.Org.Inbox.ID, s.carla, "ended", nil, -600)
	s.bobOpen = chat(env.Org.Inbox.ID, s.bob, "waiting", nil, 0)
	s.carlaOpen = chat(env.Org.Inbox.ID, s.carla, "waiting", nil, 30)
	s.zedMine = chat(env.Org.Inbox.ID, s.zed, "assigned", &s.ana, 40)
	s.salesWaiting = chat(s.sales, s.yara, "waiting", nil, 10)

	say := func(chatID uuid.UUID, sender, body string, read bool) {
		m, err := env.Store.InsertMessage(ctx, db.InsertMessageParams{ID: uuid.Must(uuid.NewV7()), OrgID: env.Org.Org.ID,
			ChatID: chatID, Kind: "text", SenderKind: sender, Body: body})
		require.NoError(t, err)
		if read {
			_, err = env.Store.Pool.Exec(ctx, `UPDATE messages SET read_at = now() WHERE id = $1`, m.ID)
			require.NoError(t, err)
		}
	}
	say(s.carlaOpen, "contact", "Hello?", false)
	say(s.carlaOpen, "contact", "Is anyone there? "+strings.Repeat("x", 300), false)
	say(s.zedMine, "contact", "Hi", true)
	say(s.zedMine, "agent", "How can I help?", false)
	return s
}

// chatIDs lists the ids of a GET /chats answer, in order.
func chatIDs(t *testing.T, c *apiClient, query string) ([]string, map[string]any) {
	t.Helper()
	status, body := c.do(http.MethodGet, "/api/v1/chats"+query, nil)
	require.Equal(t, http.StatusOK, status, "%s: %v", query, body)
	return pluck(items(t, body, "chats"), "id"), body
}

func TestChatListSearchUnreadAndWaitingOrder(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	s := seedInbox(t, env)
	owner := env.login("owner@acme.test")

	ids, _ := chatIDs(t, owner, "?q=CARLA")
	require.Equal(t, []string{s.carlaOpen.String(), s.carlaEnded.String()}, ids, "by name, any case, newest first")
	ids, _ = chatIDs(t, owner, "?q=bobby")
	require.Equal(t, []string{s.bobOpen.String()}, ids, "by username")
	ids, _ = chatIDs(t, owner, "?q=yara@example")
	require.Equal(t, []string{s.salesWaiting.String()}, ids, "by email")

	ids, _ = chatIDs(t, owner, "?q=%25")
	require.Empty(t, ids, "% is a character, not a wildcard")
	ids, _ = chatIDs(t, owner, "?q=Bob_Buyer")
	require.Empty(t, ids, "_ is a character, not a wildcard")

	ids, body := chatIDs(t, owner, "?unread=true")
	require.Equal(t, []string{s.carlaOpen.String()}, ids)
	row := items(t, body, "chats")[0]
	require.EqualValues(t, 2, row["unread_count"])
	require.Equal(t, "Inbox", row["team_name"])
	require.Equal(t, "carla@example.test", row["contact_email"])
	last := row["last_message"].(map[string]any)
	require.Equal(t, "contact", last["sender_kind"])
	require.Len(t, last["body"], 200, "the preview is cut at 200 characters")

	_, body = chatIDs(t, owner, "?q=zed&team_id="+env.Org.Inbox.ID.String())
	require.Equal(t, "How can I help?", items(t, body, "chats")[0]["last_message"].(map[string]any)["body"])
	require.EqualValues(t, 0, items(t, body, "chats")[0]["unread_count"])

	// Longest waiting first, one page at a time.
	ids, body = chatIDs(t, owner, "?view=unassigned&sort=waiting&limit=2")
	require.Equal(t, []string{s.bobOpen.String(), s.salesWaiting.String()}, ids)
	ids, _ = chatIDs(t, owner, "?view=unassigned&sort=waiting&limit=2&before="+body["next_before"].(string))
	require.Equal(t, []string{s.carlaOpen.String()}, ids)
	ids, body = chatIDs(t, owner, "?view=all&limit=3")
	require.Equal(t, []string{s.zedMine.String(), s.carlaOpen.String(), s.salesWaiting.String()}, ids, "newest first")
	ids, _ = chatIDs(t, owner, "?view=all&limit=3&before="+body["next_before"].(string))
	require.Equal(t, []string{s.bobOpen.String(), s.carlaEnded.String()}, ids)

	for query, field := range map[string]string{"?sort=oldest": "sort", "?unread=maybe": "unread", "?q=" + strings.Repeat("a", 101): "q"} {
		status, body := owner.do(http.MethodGet, "/api/v1/chats"+query, nil)
		require.Equal(t, http.StatusBadRequest, status, "%s: %v", query, body)
		require.Contains(t, errorFields(t, body), field)
	}
}

func TestChatCountsFollowVisibility(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	s := seedInbox(t, env)

	counts := func(c *apiClient) map[string]any {
		status, body := c.do(http.MethodGet, "/api/v1/chats/counts", nil)
		require.Equal(t, http.StatusOK, status, "%v", body)
		return body
	}
	owner := counts(env.login("owner@acme.test"))
	require.EqualValues(t, 3, owner["unassigned"])
	require.EqualValues(t, 0, owner["mine"])
	teams := map[string]string{}
	for _, team := range items(t, owner, "teams") {
		teams[team["team_name"].(string)] = fmt.Sprintf("%v/%v", team["unassigned"], team["mine"])
	}
	require.Equal(t, map[string]string{"Inbox": "2/0", "Sales": "1/0"}, teams)

	ana := counts(env.login("ana@acme.test"))
	require.EqualValues(t, 2, ana["unassigned"], "the agent sees only her team")
	require.EqualValues(t, 1, ana["mine"])
	require.Len(t, items(t, ana, "teams"), 1)
	ids, _ := chatIDs(t, env.login("ana@acme.test"), "?view=all")
	require.NotContains(t, ids, s.salesWaiting.String())

	// Another organisation counts none of it.
	env.newOrg("Other", "other", "owner@other.test")
	other := counts(env.login("owner@other.test"))
	require.EqualValues(t, 0, other["unassigned"])
}
