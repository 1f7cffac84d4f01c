package chats

import (
	"io"
	"log/slog"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"livechat/accounts"
	"livechat/store"
	"livechat/store/db"
	"livechat/store/storetest"
	"livechat/worker/workertest"
	"livechat/workflows"
)

// probe stands in for a chat workflow: it returns the first message signal.
func probe(ctx workflow.Context) (workflows.MessageSignal, error) {
	var sig workflows.MessageSignal
	workflow.GetSignalChannel(ctx, workflows.SignalMessage).Receive(ctx, &sig)
	return sig, nil
}

// TestMessageSignalSurvivesTemporalOutage: a message stored while Temporal
// cannot be reached keeps its signal in the outbox; once Temporal answers,
// the signal reaches the chat workflow exactly once, and a retried send
// adds no second signal.
func TestMessageSignalSurvivesTemporalOutage(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	st, _ := storetest.NewDatabase(t)
	org, err := accounts.NewService(st, accounts.NewSigner("outbox-secret-outbox-secret-outbox-01")).CreateOrganization(ctx, accounts.NewOrganization{
		Name: "Outbox", Slug: "outbox", OwnerEmail: "owner@outbox.test", OwnerName: "Owner", OwnerPassword: "outbox-password-1",
	})
	require.NoError(t, err)
	contact, err := st.CreateContact(ctx, db.CreateContactParams{ID: uuid.Must(uuid.NewV7()), OrgID: org.Org.ID, CustomFields: []byte("{}"), Tags: []string{}})
	require.NoError(t, err)
	chat, err := st.CreateChat(ctx, db.CreateChatParams{ID: uuid.Must(uuid.NewV7()), OrgID: org.Org.ID, TeamID: org.Inbox.ID, ContactID: contact.ID, Source: "api"})
	require.NoError(t, err)

	tc := workertest.Client(t)
	queue := workertest.TaskQueue(t)
	w := sdkworker.New(tc, queue, sdkworker.Options{})
	w.RegisterWorkflowWithOptions(probe, workflow.RegisterOptions{Name: "OutboxProbe"})
	require.NoError(t, w.Start())
	t.Cleanup(w.Stop)
	run, err := tc.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: workflows.ChatWorkflowID(chat.ID.String()), TaskQueue: queue}, "OutboxProbe")
	require.NoError(t, err)

	svc := &Service{Store: st, Temporal: tc}
	agentID := org.Owner.ID
	msg, created, err := svc.PostMessage(ctx, NewMessage{OrgID: org.Org.ID, ChatID: chat.ID, Kind: "text", SenderKind: "agent",
		SenderID: &agentID, Body: "hello", IdempotencyKey: "k1"})
	require.NoError(t, err)
	require.True(t, created)
	require.Equal(t, 1, outboxRows(t, st, chat.ID))

	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	down, err := client.NewLazyClient(client.Options{HostPort: "127.0.0.1:1"})
	require.NoError(t, err)
	require.NoError(t, NewOutbox(st, down, log).DeliverDue(ctx))
	require.Equal(t, 1, outboxRows(t, st, chat.ID), "kept while Temporal is unreachable")
	var attempts int
	var later bool
	require.NoError(t, st.Pool.QueryRow(ctx, `SELECT attempts, next_attempt_at > now() FROM chat_signal_outbox WHERE chat_id = $1`, chat.ID).Scan(&attempts, &later))
	require.Equal(t, 1, attempts)
	require.True(t, later, "scheduled again with backoff")

	// A retried send of the same message adds nothing.
	_, created, err = svc.PostMessage(ctx, NewMessage{OrgID: org.Org.ID, ChatID: chat.ID, Kind: "text", SenderKind: "agent",
		SenderID: &agentID, Body: "hello", IdempotencyKey: "k1"})
	require.NoError(t, err)
	require.False(t, created)
	require.Equal(t, 1, outboxRows(t, st, chat.ID))

	// Temporal is back: the signal is delivered and leaves the outbox.
	_, err = st.Pool.Exec(ctx, `UPDATE chat_signal_outbox SET next_attempt_at = now()`)
	require.NoError(t, err)
	require.NoError(t, NewOutbox(st, tc, log).DeliverDue(ctx))
	require.Equal(t, 0, outboxRows(t, st, chat.ID))
	var got workflows.MessageSignal
	require.NoError(t, run.Get(ctx, &got))
	require.Equal(t, msg.ID.String(), got.MessageID)
	require.Equal(t, "agent", got.SenderKind)
	require.Equal(t, agentID.String(), got.SenderID)
}

// outboxRows counts the chat's undelivered signals.
func outboxRows(t *testing.T, st *store.Store, chatID uuid.UUID) int {
	t.Helper()
	var n int
	require.NoError(t, st.Pool.QueryRow(t.Context(), `SELECT count(*) FROM chat_signal_outbox WHERE chat_id = $1`, chatID).Scan(&n))
	return n
}
