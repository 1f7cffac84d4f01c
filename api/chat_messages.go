package api

import (
	"context"
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"livechat/accounts"
	"livechat/apperr"
	"livechat/chats"
	"livechat/store/db"
	"livechat/workflows"
)

type messageResponse struct {
	ID         string  `json:"id"`
	ChatID     string  `json:"chat_id"`
	Kind       string  `json:"kind"`
	SenderKind string  `json:"sender_kind"`
	SenderID   *string `json:"sender_id"`
	Body       string  `json:"body"`
	// IdempotencyKey is the sender's key for the message (retries reuse it).
	IdempotencyKey *string   `json:"idempotency_key"`
	CreatedAt      time.Time `json:"created_at"`
	// DeliveredAt and ReadAt are the other side's receipts (the ticks).
	DeliveredAt *time.Time `json:"delivered_at"`
	ReadAt      *time.Time `json:"read_at"`

	// Attachment is the file of an attachment message.
	Attachment *attachmentRef `json:"attachment,omitempty"`
}

func messageJSON(m db.Message) messageResponse {
	return messageResponse{ID: m.ID.String(), ChatID: m.ChatID.String(), Kind: m.Kind, SenderKind: m.SenderKind,
		SenderID: idString(m.SenderID), Body: m.Body, IdempotencyKey: m.IdempotencyKey, CreatedAt: m.CreatedAt,
		DeliveredAt: m.DeliveredAt, ReadAt: m.ReadAt}
}

type postMessageRequest struct {
	Body           string `json:"body"`
	Kind           string `json:"kind"`   // text (default) or note
	Sender         string `json:"sender"` // API keys only: bot (default) or contact
	IdempotencyKey string `json:"idempotency_key"`
}

// postMessage stores a message from an agent (or, with an API key, from the
// bot or the contact it relays) and tells the chat workflow.
func (s *Server) postMessage(c *fiber.Ctx) error {
	var req postMessageRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	id, err := pathID(c, "chatID")
	if err != nil {
		return err
	}
	m, created, err := s.sendAsCaller(c.UserContext(), principal(c), id, req)
	if err != nil {
		return err
	}
	status := fiber.StatusCreated
	if !created {
		status = fiber.StatusOK
	}
	return c.Status(status).JSON(messageJSON(m))
}

// validateMessage checks a message's body, kind and idempotency key.
func validateMessage(req *postMessageRequest) error {
	f := map[string]string{}
	if strings.TrimSpace(req.Body) == "" || utf8.RuneCountInString(req.Body) > maxMessageBody {
		f["body"] = "1 to 4000 characters"
	}
	if req.Kind == "" {
		req.Kind = "text"
	}
	if req.Kind != "text" && req.Kind != "note" {
		f["kind"] = "text or note"
	}
	if len(req.IdempotencyKey) > 100 {
		f["idempotency_key"] = "at most 100 characters"
	}
	if len(f) > 0 {
		return apperr.Validation(f)
	}
	return nil
}

// sendAsCaller posts a member's or API key's message in a chat, from HTTP
// or the agent's socket.
func (s *Server) sendAsCaller(ctx context.Context, p accounts.Principal, chatID uuid.UUID, req postMessageRequest) (db.Message, bool, error) {
	if err := validateMessage(&req); err != nil {
		return db.Message{}, false, err
	}
	chat, actor, team, err := s.chatFor(ctx, p, chatID)
	if err != nil {
		return db.Message{}, false, err
	}
	msg := chats.NewMessage{OrgID: chat.OrgID, ChatID: chat.ID, Kind: req.Kind, Body: req.Body, IdempotencyKey: req.IdempotencyKey}
	switch {
	case actor.Kind == workflows.ActorBot:
		if req.Kind == "note" {
			return db.Message{}, false, apperr.Validation(map[string]string{"kind": "bots write text messages"})
		}
		msg.SenderKind = "bot"
		if req.Sender == "contact" {
			msg.SenderKind = "contact"
		} else if req.Sender != "" && req.Sender != "bot" {
			return db.Message{}, false, apperr.Validation(map[string]string{"sender": "bot or contact"})
		}
	case req.Sender != "":
		return db.Message{}, false, apperr.Validation(map[string]string{"sender": "only API keys choose the sender"})
	default:
		msg.SenderKind = "agent"
		id := p.UserID
		msg.SenderID = &id
		if err := canWrite(req.Kind, chat.Status, team.PermissionMode, actor, deref(idString(chat.AssigneeID))); err != nil {
			return db.Message{}, false, err
		}
	}
	if chat.Status == "ended" || chat.Status == "failed" {
		return db.Message{}, false, errChatEnded
	}
	return s.Chats.PostMessage(ctx, msg)
}

// errChatEnded refuses writes to a chat that is over.
var errChatEnded = apperr.New(apperr.Conflict, "chat_ended", "the chat has ended")

// canWrite applies the permission mode to an agent's message: notes need
// only sight of the chat; messages to the contact need an assigned chat that
// the agent may act on.
func canWrite(kind, status, mode string, actor workflows.Actor, assigneeID string) error {
	if kind == "note" {
		return nil
	}
	if status != workflows.StatusAssigned && status != workflows.StatusTransferring {
		return apperr.New(apperr.Conflict, "chat_not_assigned", "claim or assign the chat before writing to the contact")
	}
	if err := workflows.Authorize(workflows.ActionPost, mode, actor, assigneeID); err != nil {
		return apperr.New(apperr.Forbidden, "forbidden", "your team's permission mode does not let you write in this chat")
	}
	return nil
}

// listMessages pages through a chat's messages oldest first (?after=<message
// id>&limit=); notes are shown to members only.
func (s *Server) listMessages(c *fiber.Ctx) error {
	chat, actor, _, err := s.loadChat(c)
	if err != nil {
		return err
	}
	return s.pageMessages(c, chat, actor.Kind == workflows.ActorMember)
}

// pageMessages answers one page of a chat's messages (?after=&limit=),
// with notes only when includeNotes.
func (s *Server) pageMessages(c *fiber.Ctx, chat db.Chat, includeNotes bool) error {
	params := db.ListMessagesParams{OrgID: chat.OrgID, ChatID: chat.ID, Limit: 100, IncludeNotes: includeNotes}
	if l := c.Query("limit"); l != "" {
		n, err := parseLimit(l)
		if err != nil {
			return err
		}
		params.Limit = n
	}
	if a := c.Query("after"); a != "" {
		id, err := uuid.Parse(a)
		if err != nil {
			return apperr.Validation(map[string]string{"after": "a message id"})
		}
		prev, err := s.Store.GetMessage(c.UserContext(), db.GetMessageParams{ChatID: chat.ID, ID: id})
		if err != nil {
			return apperr.Validation(map[string]string{"after": "unknown message"})
		}
		params.AfterCreated, params.AfterID = &prev.CreatedAt, &prev.ID
	}
	rows, err := s.Store.ListMessages(c.UserContext(), params)
	if err != nil {
		return err
	}
	out := make([]messageResponse, len(rows))
	for i, m := range rows {
		out[i] = messageJSON(m)
	}
	if err := s.withAttachments(c.UserContext(), chat.OrgID, rows, out); err != nil {
		return err
	}
	next := ""
	if len(rows) == int(params.Limit) {
		next = rows[len(rows)-1].ID.String()
	}
	return c.JSON(fiber.Map{"messages": out, "next_after": next})
}

type chatEventResponse struct {
	ID        int64           `json:"id"`
	Type      string          `json:"type"`
	ActorID   *string         `json:"actor_id"`
	Payload   json.RawMessage `json:"payload"`
	CreatedAt time.Time       `json:"created_at"`
}

// listChatEvents returns the chat's transitions in order (its journey).
func (s *Server) listChatEvents(c *fiber.Ctx) error {
	chat, _, _, err := s.loadChat(c)
	if err != nil {
		return err
	}
	rows, err := s.Store.ListChatEvents(c.UserContext(), db.ListChatEventsParams{OrgID: chat.OrgID, ChatID: chat.ID})
	if err != nil {
		return err
	}
	out := make([]chatEventResponse, len(rows))
	for i, e := range rows {
		out[i] = chatEventResponse{ID: e.ID, Type: e.Type, ActorID: idString(e.ActorID), Payload: e.Payload, CreatedAt: e.CreatedAt}
	}
	return c.JSON(fiber.Map{"events": out})
}
