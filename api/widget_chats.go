package api

import (
	"context"
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"livechat/apperr"
	"livechat/chats"
	"livechat/realtime"
	"livechat/store"
	"livechat/store/db"
	"livechat/workflows"
)

// visitorChatResponse is a chat as its visitor sees it.
type visitorChatResponse struct {
	ID            string         `json:"id"`
	Status        string         `json:"status"` // waiting, assigned or ended
	QueuePosition int            `json:"queue_position,omitempty"`
	Agent         *visitorAgent  `json:"agent"`  // the assignee
	Agents        []visitorAgent `json:"agents"` // the assignee and everyone who wrote
	// OpensAt is when the team opens, while the chat waits after hours.
	OpensAt *time.Time `json:"opens_at"`
	// PromptPending: the team asks whether to keep waiting for the
	// assignee or to talk to another agent (the prompt strategy).
	PromptPending bool       `json:"prompt_pending"`
	CreatedAt     time.Time  `json:"created_at"`
	EndedAt       *time.Time `json:"ended_at"`
}

// visitorAgent is an agent as visitors see them.
type visitorAgent struct {
	ID        string  `json:"id"`
	Name      string  `json:"name"`
	AvatarURL *string `json:"avatar_url"`
}

// openingHorizon bounds opens_at: a chat held back further (no opening is
// scheduled, or it is being created) has none to show.
const openingHorizon = 400 * 24 * time.Hour

func (s *Server) visitorChatJSON(ctx context.Context, chat db.Chat) (visitorChatResponse, error) {
	out := visitorChatResponse{ID: chat.ID.String(), Status: realtime.VisitorStatus(chat.Status), Agents: []visitorAgent{},
		PromptPending: chat.PromptPending && chat.Status == workflows.StatusAssigned, CreatedAt: chat.CreatedAt, EndedAt: chat.EndedAt}
	if chat.Status == workflows.StatusWaiting {
		pos, err := s.Store.QueuePosition(ctx, chat.ID)
		if err != nil {
			return out, err
		}
		out.QueuePosition = int(pos)
		if now := time.Now(); chat.DispatchAfter != nil && chat.DispatchAfter.After(now) && chat.DispatchAfter.Before(now.Add(openingHorizon)) {
			out.OpensAt = chat.DispatchAfter
		}
	}
	agents, err := s.Store.VisitorChatAgents(ctx, db.VisitorChatAgentsParams{AssigneeID: chat.AssigneeID, ChatID: chat.ID})
	if err != nil {
		return out, err
	}
	for _, a := range agents {
		va := visitorAgent{ID: a.ID.String(), Name: a.Name, AvatarURL: a.AvatarURL}
		out.Agents = append(out.Agents, va)
		if out.Status == "assigned" && chat.AssigneeID != nil && a.ID == *chat.AssigneeID {
			out.Agent = &va
		}
	}
	return out, nil
}

type visitorSessionInfo struct {
	ContactID string               `json:"contact_id"`
	Widget    widgetRef            `json:"widget"`
	OpenChat  *visitorChatResponse `json:"open_chat"`
	// Blocked: the visitor may finish their open chat but not start
	// another (the blacklist names their contact, email, phone or address).
	Blocked bool `json:"blocked"`
}

// getVisitorSession tells the widget who the visitor is and their open chat.
func (s *Server) getVisitorSession(c *fiber.Ctx) error {
	v := theVisitor(c)
	out := visitorSessionInfo{ContactID: v.ContactID.String(), Widget: widgetRef{ID: v.Widget.ID.String(), TeamID: v.Widget.TeamID.String(), Name: v.Widget.Name}}
	chat, err := s.Store.ContactOpenChat(c.UserContext(), db.ContactOpenChatParams{OrgID: v.Widget.OrgID, TeamID: v.Widget.TeamID, ContactID: v.ContactID})
	switch {
	case err == nil:
		cj, err := s.visitorChatJSON(c.UserContext(), chat)
		if err != nil {
			return err
		}
		out.OpenChat = &cj
	case !errors.Is(store.Err(err), store.ErrNotFound):
		return err
	}
	out.Blocked, err = s.Store.ContactBlocked(c.UserContext(), db.ContactBlockedParams{ContactID: v.ContactID, OrgID: v.Widget.OrgID, IP: clientIP(c)})
	if err != nil {
		return err
	}
	return c.JSON(out)
}

// getVisitorChat shows one of the visitor's chats (the widget reloads it
// on each chat.updated frame).
func (s *Server) getVisitorChat(c *fiber.Ctx) error {
	id, err := pathID(c, "chatID")
	if err != nil {
		return err
	}
	return s.showVisitorChat(c, id)
}

// listVisitorChats lists the visitor's chats, newest first.
func (s *Server) listVisitorChats(c *fiber.Ctx) error {
	v := theVisitor(c)
	rows, err := s.Store.ContactChats(c.UserContext(), db.ContactChatsParams{OrgID: v.Widget.OrgID, ContactID: v.ContactID, Limit: 20})
	if err != nil {
		return err
	}
	out := make([]visitorChatResponse, len(rows))
	for i, chat := range rows {
		if out[i], err = s.visitorChatJSON(c.UserContext(), chat); err != nil {
			return err
		}
	}
	return c.JSON(fiber.Map{"chats": out})
}

// visitorChat loads the :chatID chat, which must be the visitor's own.
func (s *Server) visitorChat(c *fiber.Ctx) (db.Chat, error) {
	id, err := pathID(c, "chatID")
	if err != nil {
		return db.Chat{}, err
	}
	return s.visitorChatByID(c.UserContext(), theVisitor(c), id)
}

func (s *Server) visitorChatByID(ctx context.Context, v visitorCaller, id uuid.UUID) (db.Chat, error) {
	chat, err := s.Chats.Get(ctx, v.Widget.OrgID, id)
	if err != nil {
		return chat, err
	}
	if chat.ContactID != v.ContactID {
		return db.Chat{}, chats.ErrChatNotFound
	}
	return chat, nil
}

// listVisitorMessages pages through the visitor's chat, oldest first,
// without notes or internal discussion.
func (s *Server) listVisitorMessages(c *fiber.Ctx) error {
	chat, err := s.visitorChat(c)
	if err != nil {
		return err
	}
	return s.pageMessages(c, chat, false)
}

type visitorSendRequest struct {
	ChatID         *uuid.UUID `json:"chat_id"`
	Body           string     `json:"body"`
	IdempotencyKey string     `json:"idempotency_key"`
}

type visitorSendResponse struct {
	Message messageResponse     `json:"message"`
	Chat    visitorChatResponse `json:"chat"`
}

// postVisitorMessage stores the visitor's message, opening a chat in the
// widget's team when they have none open.
func (s *Server) postVisitorMessage(c *fiber.Ctx) error {
	var req visitorSendRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	msg, chat, created, err := s.visitorSend(c.UserContext(), theVisitor(c), clientIP(c), req)
	if err != nil {
		return err
	}
	cj, err := s.visitorChatJSON(c.UserContext(), chat)
	if err != nil {
		return err
	}
	status := fiber.StatusCreated
	if !created {
		status = fiber.StatusOK
	}
	return c.Status(status).JSON(visitorSendResponse{Message: messageJSON(msg), Chat: cj})
}

var errVisitorFlood = apperr.New(apperr.RateLimited, "rate_limited", "too many messages; slow down")

// visitorSend is the visitor's send, from HTTP or the widget's socket.
func (s *Server) visitorSend(ctx context.Context, v visitorCaller, ip string, req visitorSendRequest) (db.Message, db.Chat, bool, error) {
	if err := validateMessage(&postMessageRequest{Body: req.Body, IdempotencyKey: req.IdempotencyKey}); err != nil {
		return db.Message{}, db.Chat{}, false, err
	}
	if !s.limits.visitorMessages.allow(v.ContactID.String()) || !s.limits.ipMessages.allow(ip) {
		return db.Message{}, db.Chat{}, false, errVisitorFlood
	}
	chat, err := s.visitorTarget(ctx, v, ip, req.ChatID)
	if err != nil {
		return db.Message{}, chat, false, err
	}
	contact := v.ContactID
	msg, created, err := s.Chats.PostMessage(ctx, chats.NewMessage{
		OrgID: chat.OrgID, ChatID: chat.ID, Kind: "text", SenderKind: "contact", SenderID: &contact,
		Body: req.Body, IdempotencyKey: req.IdempotencyKey,
	})
	return msg, chat, created, err
}

// visitorTarget is the chat a visitor's message goes to: the one named, or
// their open chat in the widget's team, or a new one.
func (s *Server) visitorTarget(ctx context.Context, v visitorCaller, ip string, chatID *uuid.UUID) (db.Chat, error) {
	if chatID != nil {
		chat, err := s.visitorChatByID(ctx, v, *chatID)
		if err != nil {
			return chat, err
		}
		if chat.Status == "ended" || chat.Status == "failed" {
			return chat, errChatEnded
		}
		return chat, nil
	}
	chat, err := s.Store.ContactOpenChat(ctx, db.ContactOpenChatParams{OrgID: v.Widget.OrgID, TeamID: v.Widget.TeamID, ContactID: v.ContactID})
	if err == nil || !errors.Is(store.Err(err), store.ErrNotFound) {
		return chat, err
	}
	opened, err := s.Chats.Open(ctx, chats.OpenRequest{
		OrgID: v.Widget.OrgID, TeamID: v.Widget.TeamID, Source: "widget", ContactID: v.ContactID, IP: ip,
	})
	if err != nil {
		return db.Chat{}, err
	}
	return opened.Chat, nil
}

type typingRequest struct {
	Typing bool `json:"typing"`
}

// visitorTyping tells the chat's agents the visitor is typing.
func (s *Server) visitorTyping(c *fiber.Ctx) error {
	var req typingRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	chat, err := s.visitorChat(c)
	if err != nil {
		return err
	}
	contact := theVisitor(c).ContactID
	return s.typing(c, chat, "contact", &contact, req.Typing)
}

// visitorRead records that the visitor has read up to a message.
func (s *Server) visitorRead(c *fiber.Ctx) error {
	chat, err := s.visitorChat(c)
	if err != nil {
		return err
	}
	return s.markRead(c, chat, realtime.ReaderContact)
}

// endVisitorChat: the visitor leaves; the chat ends for the agent too.
func (s *Server) endVisitorChat(c *fiber.Ctx) error {
	chat, err := s.visitorChat(c)
	if err != nil {
		return err
	}
	actor := workflows.Actor{Kind: workflows.ActorContact, UserID: chat.ContactID.String()}
	if _, err := s.Chats.Update(c.UserContext(), chat.ID, workflows.UpdateEnd, workflows.EndRequest{Actor: actor, Reason: workflows.EndContactLeft}); err != nil {
		return err
	}
	return s.showVisitorChat(c, chat.ID)
}

// answerVisitorPrompt is the visitor's own answer to the unresponsive-agent
// prompt (keep waiting, or another agent).
func (s *Server) answerVisitorPrompt(c *fiber.Ctx) error {
	var req promptAnswerRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	chat, err := s.visitorChat(c)
	if err != nil {
		return err
	}
	actor := workflows.Actor{Kind: workflows.ActorContact, UserID: chat.ContactID.String()}
	if _, err := s.Chats.Update(c.UserContext(), chat.ID, workflows.UpdateAnswerPrompt, workflows.PromptAnswer{Actor: actor, Choice: req.Choice}); err != nil {
		return err
	}
	return s.showVisitorChat(c, chat.ID)
}

// showVisitorChat answers with the chat as it is now.
func (s *Server) showVisitorChat(c *fiber.Ctx, id uuid.UUID) error {
	chat, err := s.visitorChatByID(c.UserContext(), theVisitor(c), id)
	if err != nil {
		return err
	}
	out, err := s.visitorChatJSON(c.UserContext(), chat)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

// uploadVisitorAttachment sends a file from the visitor into their chat.
func (s *Server) uploadVisitorAttachment(c *fiber.Ctx) error {
	chat, err := s.visitorChat(c)
	if err != nil {
		return err
	}
	if chatOver(chat) {
		return errChatEnded
	}
	v := theVisitor(c)
	if !s.limits.visitorMessages.allow(v.ContactID.String()) || !s.limits.ipMessages.allow(clientIP(c)) {
		return errVisitorFlood
	}
	contact := v.ContactID
	return s.receiveUpload(c, chat, chats.NewMessage{OrgID: chat.OrgID, ChatID: chat.ID, SenderKind: "contact", SenderID: &contact})
}

// getVisitorAttachment serves a file of one of the visitor's own chats.
func (s *Server) getVisitorAttachment(c *fiber.Ctx) error {
	id, err := pathID(c, "attachmentID")
	if err != nil {
		return err
	}
	v := theVisitor(c)
	att, err := s.Store.GetAttachment(c.UserContext(), db.GetAttachmentParams{OrgID: v.Widget.OrgID, ID: id})
	if errors.Is(store.Err(err), store.ErrNotFound) {
		return errAttachmentNotFound
	}
	if err != nil {
		return err
	}
	if _, err := s.visitorChatByID(c.UserContext(), v, att.ChatID); err != nil {
		return errAttachmentNotFound
	}
	return s.sendAttachment(c, att)
}
