package chats

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"livechat/apperr"
	"livechat/store/db"
	"livechat/workflows"
)

// NewMessage is a message to store in a chat.
type NewMessage struct {
	OrgID          uuid.UUID
	ChatID         uuid.UUID
	Kind           string // text, attachment, note or discussion
	SenderKind     string // contact, agent, bot
	SenderID       *uuid.UUID
	Body           string
	IdempotencyKey string
	AttachmentID   *uuid.UUID
}

// ErrKeyReused refuses a message whose idempotency key another message of
// the chat (another sender or kind) already holds.
var ErrKeyReused = apperr.New(apperr.Conflict, "idempotency_key_reused", "this idempotency key belongs to another message of the chat; use a new key")

func sameSender(a, b *uuid.UUID) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}

// internal says whether a message kind stays among agents: notes and the
// internal discussion neither touch the chat nor reach its workflow.
func internal(kind string) bool { return kind == "note" || kind == "discussion" }

// PostMessage stores a message straight in PostgreSQL (delivery never waits
// on Temporal). The chat's workflow reads the chat's latest message and the
// assignee's answers from PostgreSQL when its inactivity or unresponsive
// deadline comes due, so most messages need no signal; the one it must act
// on at once (the assignee answering while the visitor is shown the "keep
// waiting?" prompt) is signalled through the Outbox, written in the same
// transaction. A retried send with the same idempotency key returns the
// original message and signals nothing twice.
func (s *Service) PostMessage(ctx context.Context, m NewMessage) (db.Message, bool, error) {
	var msg db.Message
	created, signal := false, false
	err := s.Store.InTx(ctx, func(q *db.Queries) error {
		var key *string
		if m.IdempotencyKey != "" {
			key = &m.IdempotencyKey
		}
		if !internal(m.Kind) {
			// The chat row before the message: the order the chat
			// activities lock in.
			chat, err := touchChat(ctx, q, m)
			if err != nil {
				return err
			}
			signal = m.SenderKind == "agent" && chat.PromptPending && sameSender(chat.AssigneeID, m.SenderID)
		}
		var err error
		msg, err = q.InsertMessage(ctx, db.InsertMessageParams{
			ID: uuid.Must(uuid.NewV7()), OrgID: m.OrgID, ChatID: m.ChatID, Kind: m.Kind, SenderKind: m.SenderKind,
			SenderID: m.SenderID, Body: m.Body, IdempotencyKey: key, AttachmentID: m.AttachmentID,
		})
		if errors.Is(err, pgx.ErrNoRows) {
			msg, err = q.GetMessageByIdempotencyKey(ctx, db.GetMessageByIdempotencyKeyParams{ChatID: m.ChatID, IdempotencyKey: key})
			if err != nil {
				return fmt.Errorf("chats: load retried message: %w", err)
			}
			if msg.Kind != m.Kind || msg.SenderKind != m.SenderKind || !sameSender(msg.SenderID, m.SenderID) {
				// Not a retry: someone else's key. Never hand their message back.
				return ErrKeyReused
			}
			return nil
		}
		if err != nil {
			return fmt.Errorf("chats: insert message: %w", err)
		}
		created = true
		if !signal {
			return nil
		}
		sig := workflows.MessageSignal{MessageID: msg.ID.String(), SenderKind: m.SenderKind, At: msg.CreatedAt}
		if m.SenderID != nil {
			sig.SenderID = m.SenderID.String()
		}
		return enqueueSignal(ctx, q, m.ChatID, sig)
	})
	if err != nil {
		return msg, created, err
	}
	if created && signal {
		s.Outbox.Kick()
	}
	return msg, created, nil
}

// touchChat records the chat's latest message and the agent's first
// response, and returns the chat's assignee and prompt.
func touchChat(ctx context.Context, q *db.Queries, m NewMessage) (db.TouchChatMessageRow, error) {
	now := time.Now()
	chat, err := q.TouchChatMessage(ctx, db.TouchChatMessageParams{ID: m.ChatID, At: &now, ByAgent: m.SenderKind == "agent"})
	if err != nil {
		return chat, fmt.Errorf("chats: touch chat: %w", err)
	}
	return chat, nil
}
