package worker_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"

	"livechat/accounts"
	"livechat/activities"
	"livechat/api"
	"livechat/chats"
	"livechat/notify"
	"livechat/routing"
	"livechat/store"
	"livechat/store/db"
	"livechat/store/storetest"
	"livechat/worker"
	"livechat/worker/workertest"
)

const stackPassword = "stack-password-1"

// stack is the whole product on loopback: a fresh database, the shared
// Temporal dev server, a worker on a task queue of its own (restartable) and
// the HTTP API; one organisation with an API key for its bot.
type stack struct {
	t         *testing.T
	st        *store.Store
	tc        client.Client
	taskQueue string
	acc       *accounts.Service
	org       accounts.CreatedOrganization
	base      string
	apiKey    string
	outbox    *chats.Outbox

	mu     sync.Mutex
	worker sdkworker.Worker
}

func newStack(t *testing.T) *stack {
	t.Helper()
	return newStackOn(t, workertest.Client(t))
}

// newStackOn builds the stack against a given Temporal client.
func newStackOn(t *testing.T, tc client.Client) *stack {
	t.Helper()
	st, _ := storetest.NewDatabase(t)
	s := &stack{t: t, st: st, tc: tc, taskQueue: workertest.TaskQueue(t)}
	s.acc = accounts.NewService(st, accounts.NewSigner("stack-secret-stack-secret-stack-secret-01"))
	org, err := s.acc.CreateOrganization(t.Context(), accounts.NewOrganization{
		Name: "Stack", Slug: "stack", OwnerEmail: "owner@stack.test", OwnerName: "Owner", OwnerPassword: stackPassword,
	})
	require.NoError(t, err)
	s.org = org
	s.startWorker()
	t.Cleanup(s.stopWorker)
	s.outbox = chats.NewOutbox(st, s.tc, slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	go s.outbox.Run(t.Context())

	app := api.New(api.Deps{
		Store: st, Accounts: s.acc, Temporal: s.tc, TaskQueue: s.taskQueue, PublicURL: "http://app.test",
		Chats: &chats.Service{Store: st, Temporal: s.tc, TaskQueue: s.taskQueue, Outbox: s.outbox},
		Log:   slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go func() { _ = app.Listener(ln) }()
	t.Cleanup(func() { _ = app.Shutdown() })
	s.base = "http://" + ln.Addr().String() + "/api/v1"

	owner := accounts.Principal{OrgID: org.Org.ID, UserID: org.Owner.ID, Role: accounts.RoleOwner}
	key, err := s.acc.CreateAPIKey(t.Context(), owner, "bot")
	require.NoError(t, err)
	s.apiKey = key.Secret
	return s
}

// startWorker runs a new worker process stand-in on the stack's task queue.
func (s *stack) startWorker() {
	s.mu.Lock()
	defer s.mu.Unlock()
	w := worker.New(s.tc, s.taskQueue, &activities.Activities{
		Store: s.st, Mailer: notify.NewLogMailer(slog.New(slog.NewTextHandler(io.Discard, nil))), Texter: notify.NewLogTexter(slog.New(slog.NewTextHandler(io.Discard, nil))),
		Signer: accounts.NewSigner("stack-secret-stack-secret-stack-secret-01"), PublicURL: "http://app.test",
		Temporal: s.tc, Dispatcher: &routing.Dispatcher{Store: s.st},
	})
	require.NoError(s.t, w.Start())
	s.worker = w
}

// stopWorker stops the running worker (as a killed worker process would stop
// taking tasks).
func (s *stack) stopWorker() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.worker != nil {
		s.worker.Stop()
		s.worker = nil
	}
}

// setTeam changes settings of the Inbox team directly in PostgreSQL.
func (s *stack) setTeam(sql string) {
	s.t.Helper()
	_, err := s.st.Pool.Exec(s.t.Context(), "UPDATE teams SET "+sql+" WHERE id = $1", s.org.Inbox.ID)
	require.NoError(s.t, err)
}

// agent is a member signed in over HTTP.
type agent struct {
	ID     uuid.UUID
	Name   string
	cookie string
	csrf   string
}

// addAgent creates an agent in the Inbox team, signs them in and, when
// online, sets their presence.
func (s *stack) addAgent(name string, online bool) *agent {
	s.t.Helper()
	a := s.addMemberWithRole(name, accounts.RoleAgent)
	if online {
		status, body, _ := s.call(http.MethodPut, "/me/presence", a, map[string]string{"status": "online"})
		require.Equal(s.t, http.StatusOK, status, "%v", body)
	}
	return a
}

// call sends a JSON request as the agent (cookie + CSRF), or as the bot when
// as is nil and the path is not a login. It returns the status, the decoded
// body and the session cookie the reply set.
func (s *stack) call(method, path string, as *agent, body any) (int, map[string]any, string) {
	s.t.Helper()
	var rdr io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		require.NoError(s.t, err)
		rdr = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(s.t.Context(), method, s.base+path, rdr)
	require.NoError(s.t, err)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	switch {
	case as != nil:
		req.Header.Set("Cookie", api.SessionCookie+"="+as.cookie)
		req.Header.Set(api.CSRFHeader, as.csrf)
	case path != "/auth/login":
		req.Header.Set("Authorization", "Bearer "+s.apiKey)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(s.t, err)
	defer func() { _ = resp.Body.Close() }()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(s.t, err)
	var out map[string]any
	if len(bytes.TrimSpace(raw)) > 0 {
		require.NoError(s.t, json.Unmarshal(raw, &out), "%s %s: %s", method, path, raw)
	}
	cookie := ""
	for _, c := range resp.Cookies() {
		if c.Name == api.SessionCookie {
			cookie = c.Value
		}
	}
	return resp.StatusCode, out, cookie
}

// handoff hands a contact over from the bot and returns the chat id.
func (s *stack) handoff(handoffID, externalID string) uuid.UUID {
	s.t.Helper()
	status, body, _ := s.call(http.MethodPost, "/handoffs", nil, map[string]any{
		"handoff_id": handoffID, "team_id": s.org.Inbox.ID,
		"contact":    map[string]any{"external_id": externalID, "name": "Contact " + externalID},
		"transcript": []map[string]string{{"sender": "contact", "body": "I need a human"}},
	})
	require.Contains(s.t, []int{http.StatusCreated, http.StatusOK}, status, "%v", body)
	return uuid.MustParse(body["chat"].(map[string]any)["id"].(string))
}

// chat reads a chat's projection.
func (s *stack) chat(id uuid.UUID) db.Chat {
	s.t.Helper()
	c, err := s.st.GetChat(s.t.Context(), db.GetChatParams{OrgID: s.org.Org.ID, ID: id})
	require.NoError(s.t, err)
	return c
}

// waitChat waits until the chat's projection satisfies cond.
func (s *stack) waitChat(id uuid.UUID, what string, cond func(db.Chat) bool) db.Chat {
	s.t.Helper()
	var last db.Chat
	if !assert.Eventually(s.t, func() bool {
		last = s.chat(id)
		return cond(last)
	}, 30*time.Second, 20*time.Millisecond) {
		// The message is built here: its arguments must be the last read.
		s.t.Fatalf("chat %s never became %s (last: status %q assignee %v, assignment pending %v)", id, what, last.Status, last.AssigneeID, last.AssignmentPending)
	}
	return last
}

func assignedTo(a *agent) func(db.Chat) bool {
	return func(c db.Chat) bool {
		return c.Status == "assigned" && c.AssigneeID != nil && *c.AssigneeID == a.ID && !c.AssignmentPending
	}
}

func hasStatus(status string) func(db.Chat) bool {
	return func(c db.Chat) bool { return c.Status == status }
}

func chatPath(id uuid.UUID, suffix string) string { return fmt.Sprintf("/chats/%s%s", id, suffix) }

// Polling for conditions that other processes make true.
const (
	pollEvery     = 20 * time.Millisecond
	alicePatience = time.Second
)

// browserNotices lists the kinds of the browser notifications an agent got
// about a chat, oldest first.
func (s *stack) browserNotices(chatID uuid.UUID, to *agent) []string {
	s.t.Helper()
	rows, err := s.st.Pool.Query(s.t.Context(),
		`SELECT kind FROM notifications WHERE chat_id = $1 AND recipient_id = $2 AND channel = 'browser' ORDER BY id`, chatID, to.ID)
	require.NoError(s.t, err)
	kinds, err := pgx.CollectRows(rows, pgx.RowTo[string])
	require.NoError(s.t, err)
	return kinds
}
