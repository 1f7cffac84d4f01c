package realtime

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"

	"livechat/store"
	"livechat/store/db"
)

const (
	// receiptBatch is the most message ids written per delivery batch.
	receiptBatch = 500
	// receiptDelay is how long the first id of a batch waits for others.
	receiptDelay = 20 * time.Millisecond
)

// Receipts records that messages reached the other side's socket, in
// batches: one UPDATE and one message.delivered event per chat and batch.
type Receipts struct {
	store *store.Store
	log   *slog.Logger
	ids   chan uuid.UUID
}

// NewReceipts makes the delivery recorder; Run writes the batches.
func NewReceipts(st *store.Store, log *slog.Logger) *Receipts {
	return &Receipts{store: st, log: log, ids: make(chan uuid.UUID, 16*receiptBatch)}
}

// Delivered notes that a message reached a socket of the other side.
func (r *Receipts) Delivered(id uuid.UUID) {
	select {
	case r.ids <- id:
	default:
		r.log.Warn("realtime: delivery receipts backlog full; receipt dropped", "message_id", id)
	}
}

// Run writes batches until ctx ends.
func (r *Receipts) Run(ctx context.Context) {
	for {
		var first uuid.UUID
		select {
		case <-ctx.Done():
			return
		case first = <-r.ids:
		}
		batch := []uuid.UUID{first}
		timer := time.NewTimer(receiptDelay)
	collect:
		for len(batch) < receiptBatch {
			select {
			case id := <-r.ids:
				batch = append(batch, id)
			case <-timer.C:
				break collect
			case <-ctx.Done():
				break collect
			}
		}
		timer.Stop()
		if err := r.store.RecordDelivered(context.WithoutCancel(ctx), batch); err != nil {
			r.log.Warn("realtime: record deliveries", "messages", len(batch), "error", err)
		}
	}
}

// Readers of a chat: who reports having read the other side's messages.
const (
	ReaderContact = "contact"
	ReaderAgent   = "agent"
)

// MarkRead records that the reader has read the chat up to and including
// message upTo: every message of the other side up to it is read, and one
// message.read event names them. It returns the ids it marked.
func MarkRead(ctx context.Context, st *store.Store, chat db.Chat, reader string, upTo uuid.UUID) ([]uuid.UUID, error) {
	kinds := []string{"contact"}
	if reader == ReaderContact {
		kinds = []string{"agent", "bot"}
	}
	var ids []uuid.UUID
	err := st.InTx(ctx, func(q *db.Queries) error {
		var err error
		ids, err = q.MarkMessagesRead(ctx, db.MarkMessagesReadParams{UpToID: upTo, ChatID: chat.ID, SenderKinds: kinds})
		if err != nil {
			return fmt.Errorf("realtime: mark read: %w", err)
		}
		if len(ids) == 0 {
			return nil
		}
		payload, _ := json.Marshal(map[string]any{"message_ids": ids, "reader": reader})
		err = q.InsertEvent(ctx, db.InsertEventParams{
			OrgID: chat.OrgID, Type: "message.read", Audience: AudienceAll, ChatID: &chat.ID, TeamID: &chat.TeamID,
			ContactID: &chat.ContactID, AssigneeID: chat.AssigneeID, TransferToID: chat.TransferToID, Payload: payload,
		})
		if err != nil {
			return fmt.Errorf("realtime: read event: %w", err)
		}
		return nil
	})
	return ids, err
}

// NotifyTyping publishes a typing indicator to every replica's sockets.
func NotifyTyping(ctx context.Context, st *store.Store, chat db.Chat, senderKind string, senderID *uuid.UUID, typing bool) error {
	b, _ := json.Marshal(Typing{
		OrgID: chat.OrgID, ChatID: chat.ID, TeamID: chat.TeamID, ContactID: chat.ContactID, AssigneeID: chat.AssigneeID,
		TransferToID: chat.TransferToID, SenderKind: senderKind, SenderID: senderID, Typing: typing,
	})
	if err := st.NotifyTyping(ctx, string(b)); err != nil {
		return fmt.Errorf("realtime: notify typing: %w", err)
	}
	return nil
}

// PresenceChanged publishes an agent's new presence to the organisation.
func PresenceChanged(ctx context.Context, q *db.Queries, orgID, userID uuid.UUID, status string) error {
	payload, _ := json.Marshal(map[string]string{"user_id": userID.String(), "status": status})
	if err := q.InsertEvent(ctx, db.InsertEventParams{OrgID: orgID, Type: "presence.changed", Audience: AudienceAll, UserID: &userID, Payload: payload}); err != nil {
		return fmt.Errorf("realtime: presence event: %w", err)
	}
	return nil
}
