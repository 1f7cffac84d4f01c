package chats

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
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
	outboxBatch = 100
	// outboxLease is how long a sender holds the signals it took.
	outboxLease = 30 * time.Second
	// outboxMaxBackoff caps the wait between attempts while Temporal is down.
	outboxMaxBackoff = 30 * time.Second
)

// Outbox delivers the message signals that PostMessage writes in the same
// transaction as the message, so every message reaches its chat workflow
// even when Temporal or this process was down at the time. Every API replica
// may run one: signals are leased, never sent by two senders at once.
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

// DeliverDue sends every signal that is due, deleting the delivered ones and
// scheduling the others again with backoff.
func (o *Outbox) DeliverDue(ctx context.Context) error {
	for {
		rows, err := o.Store.LeaseChatSignals(ctx, db.LeaseChatSignalsParams{LeaseSeconds: outboxLease.Seconds(), MaxRows: outboxBatch})
		if err != nil {
			return fmt.Errorf("chats: lease signals: %w", err)
		}
		for _, r := range rows {
			if err := o.deliver(ctx, r); err != nil {
				backoff := min(time.Duration(1<<min(r.Attempts, 8))*100*time.Millisecond, outboxMaxBackoff)
				if uerr := o.Store.RetryChatSignalAt(ctx, db.RetryChatSignalAtParams{ID: r.ID, NextAttemptAt: time.Now().Add(backoff)}); uerr != nil {
					return fmt.Errorf("chats: reschedule signal: %w", uerr)
				}
				o.Log.Warn("chat signal not delivered yet; retrying", "chat_id", r.ChatID, "attempt", r.Attempts, "error", err)
				continue
			}
			if err := o.Store.DeleteChatSignal(ctx, r.ID); err != nil {
				return fmt.Errorf("chats: delete delivered signal: %w", err)
			}
		}
		if len(rows) < outboxBatch {
			return nil
		}
	}
}

// deliver signals one chat workflow; a chat whose workflow has finished
// needs no signal.
func (o *Outbox) deliver(ctx context.Context, r db.ChatSignalOutbox) error {
	var sig workflows.MessageSignal
	if err := json.Unmarshal(r.Payload, &sig); err != nil {
		return fmt.Errorf("chats: decode signal: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
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
