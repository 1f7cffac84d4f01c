package chats

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
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
// on Temporal), in a group with the sends that arrive meanwhile (see
// messageGroup). The chat's workflow reads the chat's latest message and
// the assignee's answers from PostgreSQL when its inactivity or
// unresponsive deadline comes due, so most messages need no signal; the one
// it must act on at once (the assignee answering while the visitor is shown
// the "keep waiting?" prompt) is signalled through the Outbox, written in
// the same transaction. A retried send with the same idempotency key
// returns the original message and signals nothing twice.
func (s *Service) PostMessage(ctx context.Context, m NewMessage) (db.Message, bool, error) {
	p := s.messages.store(ctx, m, s.writeGroup)
	return p.msg, p.created, p.err
}

// writeGroup stores a group of messages in one transaction, each in a
// savepoint (a refused message leaves the others alone), and answers every
// sender. The transaction's context is the writer's, without its
// cancellation: the group is other senders' too.
func (s *Service) writeGroup(ctx context.Context, group []*queuedMessage) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), groupTimeout)
	defer cancel()
	// Chats are locked in id order (a message's chat row first), so two
	// groups never wait on each other's rows in opposite orders; a chat's
	// messages keep their order.
	order := slices.Clone(group)
	slices.SortStableFunc(order, func(a, b *queuedMessage) int { return bytes.Compare(a.m.ChatID[:], b.m.ChatID[:]) })
	errs, err := s.Store.InGroup(ctx, len(order), func(i int, q *db.Queries) error {
		p := order[i]
		if err := p.ctx.Err(); err != nil {
			return err // the sender has gone: nothing stored for it
		}
		var err error
		p.msg, p.created, p.signalled, err = postOne(ctx, q, p.m)
		return err
	})
	kick := false
	for i, p := range order {
		switch {
		case err != nil:
			p.msg, p.created, p.err = db.Message{}, false, err
		case errs[i] != nil:
			p.msg, p.created, p.err = db.Message{}, false, errs[i]
		default:
			kick = kick || p.signalled
		}
		close(p.done)
	}
	if kick {
		s.Outbox.Kick()
	}
}

// postOne stores one message of a group; signalled says whether its signal
// went into the outbox.
func postOne(ctx context.Context, q *db.Queries, m NewMessage) (msg db.Message, created, signalled bool, err error) {
	var key *string
	if m.IdempotencyKey != "" {
		key = &m.IdempotencyKey
	}
	signal := false
	if !internal(m.Kind) {
		// The chat row before the message: the order the chat activities
		// lock in.
		chat, err := touchChat(ctx, q, m)
		if err != nil {
			return msg, false, false, err
		}
		signal = m.SenderKind == "agent" && chat.PromptPending && sameSender(chat.AssigneeID, m.SenderID)
	}
	msg, err = q.InsertMessage(ctx, db.InsertMessageParams{
		ID: uuid.Must(uuid.NewV7()), OrgID: m.OrgID, ChatID: m.ChatID, Kind: m.Kind, SenderKind: m.SenderKind,
		SenderID: m.SenderID, Body: m.Body, IdempotencyKey: key, AttachmentID: m.AttachmentID,
	})
	if errors.Is(err, pgx.ErrNoRows) {
		msg, err = q.GetMessageByIdempotencyKey(ctx, db.GetMessageByIdempotencyKeyParams{ChatID: m.ChatID, IdempotencyKey: key})
		if err != nil {
			return msg, false, false, fmt.Errorf("chats: load retried message: %w", err)
		}
		if msg.Kind != m.Kind || msg.SenderKind != m.SenderKind || !sameSender(msg.SenderID, m.SenderID) {
			// Not a retry: someone else's key. Never hand their message back.
			return db.Message{}, false, false, ErrKeyReused
		}
		return msg, false, false, nil
	}
	if err != nil {
		return msg, false, false, fmt.Errorf("chats: insert message: %w", err)
	}
	if !signal {
		return msg, true, false, nil
	}
	sig := workflows.MessageSignal{MessageID: msg.ID.String(), SenderKind: m.SenderKind, At: msg.CreatedAt}
	if m.SenderID != nil {
		sig.SenderID = m.SenderID.String()
	}
	return msg, true, true, enqueueSignal(ctx, q, m.ChatID, sig)
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
