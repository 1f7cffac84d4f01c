package chats

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"livechat/accounts"
	"livechat/store"
	"livechat/store/db"
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
	st, _, org := testOrg(t, "outbox")
	chat := newChat(t, st, org)
	// The agent answers while the visitor is asked "keep waiting?": the
	// message the workflow must hear at once.
	_, err := st.Pool.Exec(ctx, `UPDATE chats SET status = 'assigned', assignee_id = $2, prompt_pending = true WHERE id = $1`, chat.ID, org.Owner.ID)
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

// TestOnlyMessagesTheWorkflowMustActOnAreSignalled: the workflow reads the
// chat's messages at its deadlines (decision 32); only the assignee's
// answer to the "keep waiting?" prompt is signalled, once.
func TestOnlyMessagesTheWorkflowMustActOnAreSignalled(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	st, accs, org := testOrg(t, "signals")
	owner := accounts.Principal{OrgID: org.Org.ID, UserID: org.Owner.ID, Role: accounts.RoleOwner}
	colleague, err := accs.AddMember(ctx, owner, "colleague@signals.test", "Colleague", "signals-password-2", accounts.RoleAgent, org.Inbox.ID)
	require.NoError(t, err)
	chat := newChat(t, st, org)
	_, err = st.Pool.Exec(ctx, `UPDATE chats SET status = 'assigned', assignee_id = $2 WHERE id = $1`, chat.ID, org.Owner.ID)
	require.NoError(t, err)

	svc := &Service{Store: st, Temporal: workertest.Client(t)}
	n := 0
	post := func(kind string, sender *uuid.UUID) {
		t.Helper()
		n++
		m := NewMessage{OrgID: org.Org.ID, ChatID: chat.ID, Kind: "text", SenderKind: kind, SenderID: sender, Body: "hi", IdempotencyKey: strconv.Itoa(n)}
		_, created, err := svc.PostMessage(ctx, m)
		require.NoError(t, err)
		require.True(t, created)
	}
	assignee, other, contactID := org.Owner.ID, colleague.ID, chat.ContactID
	post("contact", &contactID)
	post("agent", &assignee)
	require.Equal(t, 0, outboxRows(t, st, chat.ID), "read from PostgreSQL at the deadlines")
	var last time.Time
	require.NoError(t, st.Pool.QueryRow(ctx, `SELECT last_message_at FROM chats WHERE id = $1`, chat.ID).Scan(&last))
	require.WithinDuration(t, time.Now(), last, time.Minute, "what the inactivity deadline reads")

	_, err = st.Pool.Exec(ctx, `UPDATE chats SET prompt_pending = true WHERE id = $1`, chat.ID)
	require.NoError(t, err)
	post("contact", &contactID)
	post("agent", &other)
	require.Equal(t, 0, outboxRows(t, st, chat.ID), "the prompt waits for the assignee, not the others")
	post("agent", &assignee)
	require.Equal(t, 1, outboxRows(t, st, chat.ID), "the assignee's answer to the prompt")
}

// outboxRows counts the chat's undelivered signals.
func outboxRows(t *testing.T, st *store.Store, chatID uuid.UUID) int {
	t.Helper()
	var n int
	require.NoError(t, st.Pool.QueryRow(t.Context(), `SELECT count(*) FROM chat_signal_outbox WHERE chat_id = $1`, chatID).Scan(&n))
	return n
}

// collector stands in for a chat workflow: it keeps the message ids of the
// message signals it gets, in order, until one with the id "done".
func collector(ctx workflow.Context) ([]string, error) {
	var ids []string
	ch := workflow.GetSignalChannel(ctx, workflows.SignalMessage)
	for {
		var sig workflows.MessageSignal
		ch.Receive(ctx, &sig)
		if sig.MessageID == "done" {
			return ids, nil
		}
		ids = append(ids, sig.MessageID)
	}
}

// outboxFixture is an organisation with chats whose workflows are
// collectors, and a way to read what each collector got.
type outboxFixture struct {
	t     *testing.T
	st    *store.Store
	tc    client.Client
	chats []uuid.UUID
	runs  []client.WorkflowRun
}

func newOutboxFixture(t *testing.T, chats int) *outboxFixture {
	t.Helper()
	ctx := t.Context()
	st, _, org := testOrg(t, "outbox")
	f := &outboxFixture{t: t, st: st, tc: workertest.Client(t)}
	queue := workertest.TaskQueue(t)
	w := sdkworker.New(f.tc, queue, sdkworker.Options{})
	w.RegisterWorkflowWithOptions(collector, workflow.RegisterOptions{Name: "OutboxCollector"})
	require.NoError(t, w.Start())
	t.Cleanup(w.Stop)
	for range chats {
		contact, err := st.CreateContact(ctx, db.CreateContactParams{ID: uuid.Must(uuid.NewV7()), OrgID: org.Org.ID, CustomFields: []byte("{}"), Tags: []string{}})
		require.NoError(t, err)
		chat, err := st.CreateChat(ctx, db.CreateChatParams{ID: uuid.Must(uuid.NewV7()), OrgID: org.Org.ID, TeamID: org.Inbox.ID, ContactID: contact.ID, Source: "api"})
		require.NoError(t, err)
		run, err := f.tc.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: workflows.ChatWorkflowID(chat.ID.String()), TaskQueue: queue}, "OutboxCollector")
		require.NoError(t, err)
		f.chats = append(f.chats, chat.ID)
		f.runs = append(f.runs, run)
	}
	return f
}

// enqueue writes one signal per (chat, message id) pair, in this order.
func (f *outboxFixture) enqueue(signals [][2]string) {
	f.t.Helper()
	require.NoError(f.t, f.st.InTx(f.t.Context(), func(q *db.Queries) error {
		for _, s := range signals {
			if err := enqueueSignal(f.t.Context(), q, uuid.MustParse(s[0]), workflows.MessageSignal{MessageID: s[1], SenderKind: "contact"}); err != nil {
				return err
			}
		}
		return nil
	}))
}

// received ends each collector and returns the message ids it got.
func (f *outboxFixture) received() [][]string {
	f.t.Helper()
	out := make([][]string, len(f.chats))
	for i, chatID := range f.chats {
		require.NoError(f.t, f.tc.SignalWorkflow(f.t.Context(), workflows.ChatWorkflowID(chatID.String()), "", workflows.SignalMessage, workflows.MessageSignal{MessageID: "done"}))
		require.NoError(f.t, f.runs[i].Get(f.t.Context(), &out[i]))
	}
	return out
}

// total counts every undelivered signal.
func (f *outboxFixture) total() int {
	f.t.Helper()
	var n int
	require.NoError(f.t, f.st.Pool.QueryRow(f.t.Context(), `SELECT count(*) FROM chat_signal_outbox`).Scan(&n))
	return n
}

// peakClient counts the signals in flight at once.
type peakClient struct {
	client.Client
	mu             sync.Mutex
	inFlight, peak int
}

func (c *peakClient) SignalWorkflow(ctx context.Context, workflowID, runID, name string, arg any) error {
	c.mu.Lock()
	c.inFlight++
	c.peak = max(c.peak, c.inFlight)
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		c.inFlight--
		c.mu.Unlock()
	}()
	return c.Client.SignalWorkflow(ctx, workflowID, runID, name, arg)
}

// TestOutboxDrainsBacklogInChatOrder: a backlog of 2,000 signals over 100
// chats, taken by two senders at once (two API replicas), drains
// completely, in parallel, with every chat's signals reaching its workflow
// once each and in insert order.
func TestOutboxDrainsBacklogInChatOrder(t *testing.T) {
	t.Parallel()
	const chats, perChat = 100, 20
	f := newOutboxFixture(t, chats)
	var signals [][2]string
	for seq := range perChat {
		for _, chatID := range f.chats {
			signals = append(signals, [2]string{chatID.String(), strconv.Itoa(seq)})
		}
	}
	f.enqueue(signals)
	require.Equal(t, chats*perChat, f.total())

	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	counted := &peakClient{Client: f.tc}
	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for range 2 {
		sender := NewOutbox(f.st, counted, log)
		wg.Go(func() {
			// A sender stops when the other holds the rest; it comes back
			// as Run would.
			for i := 0; ; i++ {
				var left int
				if err := f.st.Pool.QueryRow(t.Context(), `SELECT count(*) FROM chat_signal_outbox`).Scan(&left); err != nil || left == 0 {
					errs <- err
					return
				}
				if i == 10_000 {
					errs <- fmt.Errorf("the backlog did not drain")
					return
				}
				if err := sender.DeliverDue(t.Context()); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	t.Logf("%d signals delivered in %s, at most %d at once", chats*perChat, time.Since(start), counted.peak)
	require.Equal(t, 0, f.total())
	require.Greater(t, counted.peak, 1, "chats are signalled in parallel")
	require.LessOrEqual(t, counted.peak, 2*outboxWorkers, "each sender signals at most outboxWorkers chats at once")

	want := make([]string, perChat)
	for i := range want {
		want[i] = strconv.Itoa(i)
	}
	for i, got := range f.received() {
		require.Equal(t, want, got, "chat %d got its signals once each, in order", i)
	}
}

// TestOutboxHoldsChatBehindFailedSignal: when a chat's signal fails, the
// chat's later signals wait behind it (they never overtake it, nor does a
// new one), other chats go on, and the sender sleeps until the failed
// signal's retry instead of spinning on the waiting ones.
func TestOutboxHoldsChatBehindFailedSignal(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newOutboxFixture(t, 2)
	stuck, fine := f.chats[0].String(), f.chats[1].String()
	// The stuck chat's first signal cannot be decoded; it has failed
	// before, so its next wait is long (25.6 s).
	_, err := f.st.Pool.Exec(ctx, `INSERT INTO chat_signal_outbox (chat_id, payload, attempts) VALUES ($1, '"broken"', 7)`, stuck)
	require.NoError(t, err)
	f.enqueue([][2]string{{stuck, "1"}, {fine, "1"}, {stuck, "2"}, {fine, "2"}})

	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	sender := NewOutbox(f.st, f.tc, log)
	require.NoError(t, sender.DeliverDue(ctx))
	require.Equal(t, 0, outboxRows(t, f.st, f.chats[1]), "the other chat is delivered")
	require.Equal(t, 3, outboxRows(t, f.st, f.chats[0]))
	var attempts []int32
	var retryAt []time.Time
	rows, err := f.st.Pool.Query(ctx, `SELECT attempts, next_attempt_at FROM chat_signal_outbox WHERE chat_id = $1 ORDER BY id`, stuck)
	require.NoError(t, err)
	for rows.Next() {
		var a int32
		var at time.Time
		require.NoError(t, rows.Scan(&a, &at))
		attempts, retryAt = append(attempts, a), append(retryAt, at)
	}
	require.NoError(t, rows.Err())
	require.Equal(t, []int32{8, 0, 0}, attempts, "only the failed signal used an attempt")
	require.True(t, retryAt[0].After(time.Now().Add(20*time.Second)), "the failed signal waits for its backoff")
	require.True(t, retryAt[1].Equal(retryAt[0]) && retryAt[2].Equal(retryAt[0]), "the later ones wait with it")
	due, err := f.st.NextChatSignalDue(ctx)
	require.NoError(t, err)
	require.True(t, due.Equal(retryAt[0]), "the sender wakes for the retry, not before")

	// A new signal of the stuck chat waits too, though it is due now.
	f.enqueue([][2]string{{stuck, "3"}})
	require.NoError(t, sender.DeliverDue(ctx))
	require.Equal(t, 4, outboxRows(t, f.st, f.chats[0]))

	// Once the first signal goes through, the rest follow in order.
	_, err = f.st.Pool.Exec(ctx, `UPDATE chat_signal_outbox SET payload = '{"message_id": "0", "sender_kind": "contact"}'
		WHERE chat_id = $1 AND payload = '"broken"'`, stuck)
	require.NoError(t, err)
	_, err = f.st.Pool.Exec(ctx, `UPDATE chat_signal_outbox SET next_attempt_at = now()`)
	require.NoError(t, err)
	require.NoError(t, sender.DeliverDue(ctx))
	require.Equal(t, 0, f.total())
	require.Equal(t, [][]string{{"0", "1", "2", "3"}, {"1", "2"}}, f.received())
}

func TestRetryBackoff(t *testing.T) {
	t.Parallel()
	require.Equal(t, 200*time.Millisecond, retryBackoff(1))
	require.Equal(t, 400*time.Millisecond, retryBackoff(2))
	require.Equal(t, 25600*time.Millisecond, retryBackoff(8))
	require.Equal(t, 25600*time.Millisecond, retryBackoff(30), "capped")
	require.LessOrEqual(t, retryBackoff(30), outboxMaxBackoff)
}
