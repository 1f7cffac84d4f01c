package chats

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"go.temporal.io/api/serviceerror"

	"livechat/store/db"
	"livechat/workflows"
)

// NewMessage is a message to store in a chat.
type NewMessage struct {
	OrgID          uuid.UUID
	ChatID         uuid.UUID
	Kind           string // text or note
	SenderKind     string // contact, agent, bot
	SenderID       *uuid.UUID
	Body           string
	IdempotencyKey string
}

// PostMessage stores a message straight in PostgreSQL (delivery never waits
// on Temporal), then signals the chat workflow so it resets its inactivity
// timer and sees the agent's response. A retried send with the same
// idempotency key returns the original message and signals nothing twice.
func (s *Service) PostMessage(ctx context.Context, m NewMessage) (db.Message, bool, error) {
	var msg db.Message
	created := false
	err := s.Store.InTx(ctx, func(q *db.Queries) error {
		var key *string
		if m.IdempotencyKey != "" {
			key = &m.IdempotencyKey
		}
		var err error
		msg, err = q.InsertMessage(ctx, db.InsertMessageParams{
			ID: uuid.Must(uuid.NewV7()), OrgID: m.OrgID, ChatID: m.ChatID, Kind: m.Kind, SenderKind: m.SenderKind,
			SenderID: m.SenderID, Body: m.Body, IdempotencyKey: key,
		})
		if errors.Is(err, pgx.ErrNoRows) {
			msg, err = q.GetMessageByIdempotencyKey(ctx, db.GetMessageByIdempotencyKeyParams{ChatID: m.ChatID, IdempotencyKey: key})
			if err != nil {
				return fmt.Errorf("chats: load retried message: %w", err)
			}
			return nil
		}
		if err != nil {
			return fmt.Errorf("chats: insert message: %w", err)
		}
		created = true
		if m.Kind == "note" {
			return nil
		}
		if err := q.TouchChatMessage(ctx, db.TouchChatMessageParams{ID: m.ChatID, LastMessageAt: &msg.CreatedAt}); err != nil {
			return fmt.Errorf("chats: touch chat: %w", err)
		}
		if m.SenderKind == "agent" {
			if err := q.RecordFirstAgentResponse(ctx, db.RecordFirstAgentResponseParams{ID: m.ChatID, FirstAgentResponseAt: &msg.CreatedAt}); err != nil {
				return fmt.Errorf("chats: first response: %w", err)
			}
		}
		return nil
	})
	if err != nil || !created || m.Kind == "note" {
		return msg, created, err
	}
	sig := workflows.MessageSignal{MessageID: msg.ID.String(), SenderKind: m.SenderKind, At: msg.CreatedAt}
	if m.SenderID != nil {
		sig.SenderID = m.SenderID.String()
	}
	s.signalUntilDelivered(m.ChatID, sig)
	return msg, created, nil
}

// signalUntilDelivered signals the chat workflow about a message, retrying
// with backoff (in the background, for up to an hour) while Temporal is
// unreachable. A finished workflow needs no signal.
func (s *Service) signalUntilDelivered(chatID uuid.UUID, sig workflows.MessageSignal) {
	send := func(ctx context.Context) error {
		err := s.Temporal.SignalWorkflow(ctx, workflows.ChatWorkflowID(chatID.String()), "", workflows.SignalMessage, sig)
		var notFound *serviceerror.NotFound
		if errors.As(err, &notFound) {
			return nil
		}
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	err := send(ctx)
	cancel()
	if err == nil {
		return
	}
	go func() {
		delay := 250 * time.Millisecond
		deadline := time.Now().Add(time.Hour)
		for time.Now().Before(deadline) {
			time.Sleep(delay)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			err := send(ctx)
			cancel()
			if err == nil {
				return
			}
			slog.Warn("chat message signal not delivered yet; retrying", "chat_id", chatID, "error", err)
			delay = min(delay*2, 30*time.Second)
		}
		slog.Error("chat message signal given up", "chat_id", chatID, "message_id", sig.MessageID)
	}()
}
