package api

import (
	"context"
	"slices"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"livechat/accounts"
	"livechat/apperr"
	"livechat/store/db"
	"livechat/workflows"
)

// chatResponse is the chat projection as the API shows it.
type chatResponse struct {
	ID                   string     `json:"id"`
	TeamID               string     `json:"team_id"`
	ContactID            string     `json:"contact_id"`
	ContactName          string     `json:"contact_name,omitempty"`
	Status               string     `json:"status"`
	AssigneeID           *string    `json:"assignee_id"`
	AssigneeName         string     `json:"assignee_name,omitempty"`
	TransferToID         *string    `json:"transfer_to_id"`
	TransferExpiresAt    *time.Time `json:"transfer_expires_at"`
	HandoffID            *string    `json:"handoff_id"`
	Source               string     `json:"source"`
	Reason               string     `json:"reason"`
	QueuePosition        int        `json:"queue_position,omitempty"`
	CreatedAt            time.Time  `json:"created_at"`
	QueuedAt             *time.Time `json:"queued_at"`
	FirstAssignedAt      *time.Time `json:"first_assigned_at"`
	FirstAgentResponseAt *time.Time `json:"first_agent_response_at"`
	LastMessageAt        *time.Time `json:"last_message_at"`
	EndedAt              *time.Time `json:"ended_at"`
	EndReason            *string    `json:"end_reason"`
	EndedBy              *string    `json:"ended_by"`
	EndedByKind          *string    `json:"ended_by_kind"`
}

func chatJSON(c db.Chat) chatResponse {
	return chatResponse{
		ID: c.ID.String(), TeamID: c.TeamID.String(), ContactID: c.ContactID.String(), Status: c.Status,
		AssigneeID: idString(c.AssigneeID), TransferToID: idString(c.TransferToID), TransferExpiresAt: c.TransferExpiresAt, HandoffID: c.HandoffID,
		Source: c.Source, Reason: c.Reason, CreatedAt: c.CreatedAt, QueuedAt: c.QueuedAt,
		FirstAssignedAt: c.FirstAssignedAt, FirstAgentResponseAt: c.FirstAgentResponseAt, LastMessageAt: c.LastMessageAt,
		EndedAt: c.EndedAt, EndReason: c.EndReason, EndedBy: idString(c.EndedBy), EndedByKind: c.EndedByKind,
	}
}

// loadChat fetches the :chatID chat of the caller's organisation and checks
// the caller may see it (permission mode × role); hidden chats are 404s.
func (s *Server) loadChat(c *fiber.Ctx) (db.Chat, workflows.Actor, db.Team, error) {
	id, err := pathID(c, "chatID")
	if err != nil {
		return db.Chat{}, workflows.Actor{}, db.Team{}, err
	}
	return s.chatFor(c.UserContext(), principal(c), id)
}

// chatFor is loadChat for a caller and chat id (HTTP or socket).
func (s *Server) chatFor(ctx context.Context, p accounts.Principal, id uuid.UUID) (db.Chat, workflows.Actor, db.Team, error) {
	chat, err := s.Chats.Get(ctx, p.OrgID, id)
	if err != nil {
		return chat, workflows.Actor{}, db.Team{}, err
	}
	team, err := s.Store.GetTeam(ctx, db.GetTeamParams{OrgID: chat.OrgID, ID: chat.TeamID})
	if err != nil {
		return chat, workflows.Actor{}, team, err
	}
	actor, err := s.actorOf(ctx, p, chat.TeamID)
	if err != nil {
		return chat, actor, team, err
	}
	transferTarget := chat.TransferToID != nil && actor.UserID == chat.TransferToID.String()
	if !transferTarget && workflows.Authorize(workflows.ActionView, team.PermissionMode, actor, deref(idString(chat.AssigneeID))) != nil {
		return chat, actor, team, apperr.New(apperr.NotFound, "chat_not_found", "no such chat")
	}
	return chat, actor, team, nil
}

// actorOf describes the caller to the chat workflow, with whether they
// belong to the team.
func (s *Server) actorOf(ctx context.Context, p accounts.Principal, teamID uuid.UUID) (workflows.Actor, error) {
	if p.IsAPIKey() {
		return workflows.Actor{Kind: workflows.ActorBot}, nil
	}
	inTeam, err := s.inTeam(ctx, p.OrgID, teamID, p.UserID)
	if err != nil {
		return workflows.Actor{}, err
	}
	return workflows.Actor{Kind: workflows.ActorMember, UserID: p.UserID.String(), Role: string(p.Role), TeamID: teamID.String(), InTeam: inTeam}, nil
}

func (s *Server) isTeamMember(c *fiber.Ctx, teamID, userID uuid.UUID) (bool, error) {
	return s.inTeam(c.UserContext(), principal(c).OrgID, teamID, userID)
}

func (s *Server) inTeam(ctx context.Context, orgID, teamID, userID uuid.UUID) (bool, error) {
	ids, err := s.Store.TeamIDsOfAgent(ctx, db.TeamIDsOfAgentParams{OrgID: orgID, UserID: userID})
	if err != nil {
		return false, err
	}
	return slices.Contains(ids, teamID), nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func (s *Server) getChat(c *fiber.Ctx) error {
	chat, _, _, err := s.loadChat(c)
	if err != nil {
		return err
	}
	out, err := s.chatWithPosition(c, chat)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

// chatWithPosition shows a chat with its contact's name and its place in
// the queue while it waits.
func (s *Server) chatWithPosition(c *fiber.Ctx, chat db.Chat) (chatResponse, error) {
	out := chatJSON(chat)
	contact, err := s.Store.GetContact(c.UserContext(), db.GetContactParams{OrgID: chat.OrgID, ID: chat.ContactID})
	if err != nil {
		return out, err
	}
	out.ContactName = contact.Name
	if chat.Status == workflows.StatusWaiting {
		pos, err := s.Store.QueuePosition(c.UserContext(), chat.ID)
		if err != nil {
			return out, err
		}
		out.QueuePosition = int(pos)
	}
	return out, nil
}

// listChats lists chats with filters: status, team_id, assignee_id,
// view=unassigned|mine|open|all, q (contact name, username or email),
// unread=true, sort=newest|waiting, limit, before (the last chat id of the
// previous page). Agents see what their teams' permission modes allow.
func (s *Server) listChats(c *fiber.Ctx) error {
	p := principal(c)
	params, err := s.chatListParams(c, p)
	if err != nil {
		return err
	}
	out, next, err := s.chatPage(c, params)
	if err != nil {
		return err
	}
	if next == nil {
		return c.JSON(fiber.Map{"chats": out, "next_before": ""})
	}
	return c.JSON(fiber.Map{"chats": out, "next_before": *next})
}
