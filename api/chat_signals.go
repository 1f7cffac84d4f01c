package api

import (
	"context"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"livechat/apperr"
	"livechat/realtime"
	"livechat/store/db"
)

// agentTyping tells the chat's visitor and other agents the caller is typing.
func (s *Server) agentTyping(c *fiber.Ctx) error {
	var req typingRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	chat, _, _, err := s.loadChat(c)
	if err != nil {
		return err
	}
	kind, id := "bot", (*uuid.UUID)(nil)
	if p := principal(c); !p.IsAPIKey() {
		kind, id = "agent", &p.UserID
	}
	return s.typing(c, chat, kind, id, req.Typing)
}

// typing answers a typing request: 202 when published, 204 when it was
// throttled (at most one "typing" per chat and sender every 2 seconds).
func (s *Server) typing(c *fiber.Ctx, chat db.Chat, senderKind string, senderID *uuid.UUID, typing bool) error {
	published, err := s.publishTyping(c.UserContext(), chat, senderKind, senderID, typing)
	if err != nil {
		return err
	}
	if !published {
		return c.SendStatus(fiber.StatusNoContent)
	}
	return c.SendStatus(fiber.StatusAccepted)
}

// publishTyping sends a typing indicator unless it is throttled or the
// chat is over.
func (s *Server) publishTyping(ctx context.Context, chat db.Chat, senderKind string, senderID *uuid.UUID, typing bool) (bool, error) {
	if chat.Status == "ended" || chat.Status == "failed" {
		return false, errChatEnded
	}
	sender := senderKind
	if senderID != nil {
		sender = senderID.String()
	}
	if typing && !s.limits.typing.allow(chat.ID.String()+"/"+sender) {
		return false, nil
	}
	return true, realtime.NotifyTyping(ctx, s.Store, chat, senderKind, senderID, typing)
}

type readRequest struct {
	MessageID uuid.UUID `json:"message_id"`
}

type readResponse struct {
	MessageIDs []uuid.UUID `json:"message_ids"`
}

// agentRead records that the agents have read the visitor's messages up to
// one.
func (s *Server) agentRead(c *fiber.Ctx) error {
	chat, _, _, err := s.loadChat(c)
	if err != nil {
		return err
	}
	return s.markRead(c, chat, realtime.ReaderAgent)
}

// markRead reads {message_id} and marks the other side's messages up to it
// read.
func (s *Server) markRead(c *fiber.Ctx, chat db.Chat, reader string) error {
	var req readRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	ids, err := s.readUpTo(c.UserContext(), chat, reader, req.MessageID)
	if err != nil {
		return err
	}
	return c.JSON(readResponse{MessageIDs: ids})
}

func (s *Server) readUpTo(ctx context.Context, chat db.Chat, reader string, upTo uuid.UUID) ([]uuid.UUID, error) {
	if upTo == uuid.Nil {
		return nil, apperr.Validation(map[string]string{"message_id": "required"})
	}
	if _, err := s.Store.GetMessage(ctx, db.GetMessageParams{ChatID: chat.ID, ID: upTo}); err != nil {
		return nil, apperr.Validation(map[string]string{"message_id": "no such message in this chat"})
	}
	ids, err := realtime.MarkRead(ctx, s.Store, chat, reader, upTo)
	if ids == nil {
		ids = []uuid.UUID{}
	}
	return ids, err
}
