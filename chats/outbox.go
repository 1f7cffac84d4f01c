package chats

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"livechat/store"
	"livechat/store/db"
	"livechat/workflows"
)

// Outbox delivery settings.
const (
	// outboxBatch is how many signals a sender takes at a time.
	outboxBatch = 500
	// outboxWorkers is how many chats a sender signals at once.
	outboxWorkers = 32
	// outboxLease is how long a sender holds the signals it took.
	outboxLease = 30 * time.Second
	// outboxSignalTimeout bounds one signal call.
	outboxSignalTimeout = 5 * time.Second
	// outboxMaxBackoff caps the wait between attempts while Temporal is down.
	outboxMaxBackoff = 30 * time.Second
	// outboxBookkeepingTimeout bounds the deletes and reschedules after a
	// batch, which run even when the sender is stopping.
	outboxBookkeepingTimeout = 10 * time.Second
)

// Outbox delivers the message signals that PostMessage writes in the same
// transaction as the message, so every message reaches its chat workflow
// even when Temporal or this process was down at the time. Every API replica
// may run one: signals are leased, never sent by two senders at once, and a
// chat's signals reach its workflow in the order they were written.
type Outbox struct {
	Store    *store.Store
	Temporal client.Client
	Log      *slog.Logger
	kick     chan struct{}
}

// NewOutbox builds an outbox sender.
func NewOutbox(st *store.Store, tc client.Client, log *slog.Logger) *Outbox {
	return &Outbox{Store: st, Temporal: tc, Log: log, kick: make(chan struct{}, 1)}
}

// Kick wakes the sender: a new signal is waiting.
func (o *Outbox) Kick() {
	if o == nil {
		return
	}
	select {
	case o.kick <- struct{}{}:
	default:
	}
}

// Run delivers signals until ctx ends: whatever is due now, then it sleeps
// until the next signal is due or Kick is called.
func (o *Outbox) Run(ctx context.Context) {
	for {
		if err := o.DeliverDue(ctx); err != nil && ctx.Err() == nil {
			o.Log.Warn("chat signal outbox", "error", err)
		}
		wait := outboxMaxBackoff
		if due, err := o.Store.NextChatSignalDue(ctx); err == nil {
			wait = max(time.Until(due), 10*time.Millisecond)
			wait = min(wait, outboxMaxBackoff)
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-o.kick:
			timer.Stop()
		case <-timer.C:
		}
	}
}

// DeliverDue sends the signals that are due, batch after batch while full
// batches come back: it deletes the delivered ones and schedules the others
// again with backoff. It stops early when a signal fails (Run comes back
// for the rest when they are due).
func (o *Outbox) DeliverDue(ctx context.Context) error {
	for {
		taken, failed, err := o.deliverBatch(ctx)
		if err != nil {
			return err
		}
		if taken < outboxBatch || failed > 0 {
			return nil
		}
		select {
		case <-ctx.Done(): // stopping: the rest waits for the next sender
			return nil
		default:
		}
	}
}

// chatSignals are the signals of one chat in a batch, oldest first, and what
// became of them.
type chatSignals struct {
	rows []db.ChatSignalOutbox
	// sent is how many rows (from the first) reached the workflow.
	sent int
	// err is why rows[sent] failed; nil when rows[sent:] were not tried
	// (the sender is stopping or its lease runs out).
	err error
}

// deliverBatch takes one batch of due signals and sends them: the chats in
// parallel (at most outboxWorkers at once), each chat's signals one after
// the other in insert order, stopping at a chat's first failure so no later
// signal overtakes it. It returns how many signals it took and how many
// chats failed.
func (o *Outbox) deliverBatch(ctx context.Context) (taken, failed int, err error) {
	rows, err := o.lease(ctx)
	if err != nil {
		return 0, 0, err
	}
	if len(rows) == 0 {
		return 0, 0, nil
	}
	// Stop sending in time for the last call to end before the lease does:
	// past it another sender may take the same signals.
	deadline := time.Now().Add(outboxLease - outboxSignalTimeout)
	chats := groupByChat(rows)
	jobs := make(chan *chatSignals)
	var wg sync.WaitGroup
	for range min(outboxWorkers, len(chats)) {
		wg.Go(func() {
			for c := range jobs {
				o.deliverChat(ctx, c, deadline)
			}
		})
	}
	for _, c := range chats {
		jobs <- c
	}
	close(jobs)
	wg.Wait()
	failed, err = o.settle(ctx, chats)
	return len(rows), failed, err
}

// lease takes up to outboxBatch due signals, oldest first.
func (o *Outbox) lease(ctx context.Context) ([]db.ChatSignalOutbox, error) {
	var rows []db.ChatSignalOutbox
	err := o.Store.InTx(ctx, func(q *db.Queries) error {
		if err := q.LockChatSignalClaims(ctx); err != nil {
			return err
		}
		var err error
		rows, err = q.LeaseChatSignals(ctx, db.LeaseChatSignalsParams{LeaseSeconds: outboxLease.Seconds(), MaxRows: outboxBatch})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("chats: lease signals: %w", err)
	}
	slices.SortFunc(rows, func(a, b db.ChatSignalOutbox) int { return cmp.Compare(a.ID, b.ID) })
	return rows, nil
}

// groupByChat splits rows (sorted by id) by chat, keeping their order.
func groupByChat(rows []db.ChatSignalOutbox) []*chatSignals {
	var chats []*chatSignals
	byChat := map[uuid.UUID]*chatSignals{}
	for _, r := range rows {
		c := byChat[r.ChatID]
		if c == nil {
			c = &chatSignals{}
			byChat[r.ChatID] = c
			chats = append(chats, c)
		}
		c.rows = append(c.rows, r)
	}
	return chats
}

// deliverChat sends one chat's signals in order until one fails.
func (o *Outbox) deliverChat(ctx context.Context, c *chatSignals, deadline time.Time) {
	for _, r := range c.rows {
		if ctx.Err() != nil || time.Now().After(deadline) {
			return
		}
		if err := o.deliver(ctx, r); err != nil {
			// A sender that is stopping counts the signal as not tried.
			if ctx.Err() == nil {
				c.err = err
			}
			return
		}
		c.sent++
	}
}

// settle records a batch's outcome: one delete for every delivered signal;
// a failed signal and the chat's later ones are due again after the failed
// one's backoff, and signals left untried are due again now. It returns how
// many chats failed.
func (o *Outbox) settle(ctx context.Context, chats []*chatSignals) (int, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), outboxBookkeepingTimeout)
	defer cancel()
	var delivered []int64
	var again db.RescheduleChatSignalsParams
	requeue := func(r db.ChatSignalOutbox, at time.Time, attempted bool) {
		again.Ids = append(again.Ids, r.ID)
		again.NextAttemptAts = append(again.NextAttemptAts, at)
		again.Attempted = append(again.Attempted, attempted)
	}
	failed := 0
	var first *chatSignals
	now := time.Now()
	for _, c := range chats {
		for _, r := range c.rows[:c.sent] {
			delivered = append(delivered, r.ID)
		}
		rest := c.rows[c.sent:]
		if len(rest) == 0 {
			continue
		}
		if c.err == nil {
			for _, r := range rest {
				requeue(r, now, false)
			}
			continue
		}
		failed++
		if first == nil {
			first = c
		}
		head := rest[0]
		at := now.Add(retryBackoff(head.Attempts))
		requeue(head, at, true)
		for _, r := range rest[1:] {
			requeue(r, at, false)
		}
	}
	if first != nil {
		// One line per batch: while Temporal is down every chat fails.
		head := first.rows[first.sent]
		o.Log.Warn("chat signals not delivered yet; retrying", "chats", failed, "chat_id", head.ChatID,
			"attempt", head.Attempts, "error", first.err)
	}
	if len(delivered) > 0 {
		if err := o.Store.DeleteChatSignals(ctx, delivered); err != nil {
			return failed, fmt.Errorf("chats: delete delivered signals: %w", err)
		}
	}
	if len(again.Ids) > 0 {
		if err := o.Store.RescheduleChatSignals(ctx, again); err != nil {
			return failed, fmt.Errorf("chats: reschedule signals: %w", err)
		}
	}
	return failed, nil
}

// retryBackoff is the wait before the next attempt of a signal that failed
// its attempts-th attempt: 200 ms, doubling up to 25.6 s (and never more
// than outboxMaxBackoff).
func retryBackoff(attempts int32) time.Duration {
	return min(time.Duration(1<<min(max(attempts, 0), 8))*100*time.Millisecond, outboxMaxBackoff)
}

// deliver signals one chat workflow; a chat whose workflow has finished
// needs no signal.
func (o *Outbox) deliver(ctx context.Context, r db.ChatSignalOutbox) error {
	var sig workflows.MessageSignal
	if err := json.Unmarshal(r.Payload, &sig); err != nil {
		return fmt.Errorf("chats: decode signal: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, outboxSignalTimeout)
	defer cancel()
	err := o.Temporal.SignalWorkflow(ctx, workflows.ChatWorkflowID(r.ChatID.String()), "", workflows.SignalMessage, sig)
	var notFound *serviceerror.NotFound
	if errors.As(err, &notFound) {
		return nil
	}
	return err
}

// enqueueSignal writes the message signal into the outbox (inside the
// message's transaction).
func enqueueSignal(ctx context.Context, q *db.Queries, chatID uuid.UUID, sig workflows.MessageSignal) error {
	raw, err := json.Marshal(sig)
	if err != nil {
		return fmt.Errorf("chats: encode signal: %w", err)
	}
	if err := q.EnqueueChatSignal(ctx, db.EnqueueChatSignalParams{ChatID: chatID, Payload: raw}); err != nil {
		return fmt.Errorf("chats: enqueue signal: %w", err)
	}
	return nil
}
