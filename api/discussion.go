package api

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"livechat/apperr"
	"livechat/chats"
	"livechat/store/db"
	"livechat/workflows"
)

// The internal discussion of a chat: agents of the chat's team talk about it
// among themselves, out of the contact's sight. Its messages are messages of
// kind "discussion" (never in the chat's message list, never on a visitor's
// socket); its participants are whoever wrote in it or was invited. Once the
// chat has ended the discussion is read only.

// discussionParticipant is one agent taking part in a chat's discussion.
type discussionParticipant struct {
	UserID    string    `json:"user_id"`
	Name      string    `json:"name"`
	InvitedBy *string   `json:"invited_by"`
	JoinedAt  time.Time `json:"joined_at"`
}

// discussionResponse is a page of a chat's discussion with its participants.
type discussionResponse struct {
	Participants []discussionParticipant `json:"participants"`
	Messages     []messageResponse       `json:"messages"`
	NextAfter    string                  `json:"next_after"`
	ReadOnly     bool                    `json:"read_only"`
}

type postDiscussionMessageRequest struct {
	Body           string `json:"body"`
	IdempotencyKey string `json:"idempotency_key"`
}

type inviteToDiscussionRequest struct {
	UserID string `json:"user_id"`
}

// EventDiscussionInvited is the event (audience: the invitee only) that tells
// an agent they were invited to a chat's discussion.
const EventDiscussionInvited = "discussion.invited"

var errDiscussionReadOnly = apperr.New(apperr.Conflict, "discussion_read_only",
	"the chat has ended: its internal discussion can be read but no longer written to")

// chatClosed says whether a chat has ended (or failed): its discussion is then read only.
func chatClosed(status string) bool {
	return status == workflows.StatusEnded || status == "failed"
}

// loadDiscussion loads the :chatID chat whose discussion a member reads or
// writes. The discussion is for the chat's team: members who may see the
// chat take part when they belong to its team or are supervisors and up. An
// agent of the team who was invited to it (or wrote in it) takes part even
// when the team's permission mode hides the chat itself from them — that is
// what an invitation is for; they still see only the discussion. Everyone
// else gets the 404 (or 403) the chat would give them.
func (s *Server) loadDiscussion(c *fiber.Ctx) (db.Chat, error) {
	if principal(c).IsAPIKey() {
		return db.Chat{}, apperr.New(apperr.Forbidden, "session_required", "the internal discussion is for signed-in agents")
	}
	chat, actor, _, err := s.loadChat(c)
	if err != nil {
		// loadChat hands back the chat and the caller with the 404 of a chat
		// the permission mode hides; anything else (unknown chat, database
		// error) comes without them.
		ae, hidden := apperr.As(err)
		if !hidden || ae.Code != "chat_not_found" || chat.ID == uuid.Nil || actor.Kind != workflows.ActorMember || !actor.InTeam {
			return chat, err
		}
		ok, perr := s.Store.IsDiscussionParticipant(c.UserContext(), db.IsDiscussionParticipantParams{
			OrgID: chat.OrgID, ChatID: chat.ID, UserID: principal(c).UserID,
		})
		if perr != nil {
			return chat, fmt.Errorf("api: discussion participant: %w", perr)
		}
		if !ok {
			return chat, err
		}
		return chat, nil
	}
	if actor.Kind != workflows.ActorMember {
		return chat, apperr.New(apperr.Forbidden, "session_required", "the internal discussion is for signed-in agents")
	}
	if !actor.InTeam && !workflows.IsSupervisorRole(actor.Role) {
		return chat, apperr.New(apperr.Forbidden, "forbidden", "the internal discussion is for agents of the chat's team")
	}
	return chat, nil
}

// getDiscussion shows a chat's discussion: its participants and a page of
// its messages, oldest first (?after=<message id>&limit=).
func (s *Server) getDiscussion(c *fiber.Ctx) error {
	chat, err := s.loadDiscussion(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	params := db.ListDiscussionMessagesParams{OrgID: chat.OrgID, ChatID: chat.ID, MaxRows: 100}
	if l := c.Query("limit"); l != "" {
		n, err := parseLimit(l)
		if err != nil {
			return err
		}
		params.MaxRows = n
	}
	if a := c.Query("after"); a != "" {
		id, err := uuid.Parse(a)
		if err != nil {
			return apperr.Validation(map[string]string{"after": "a message id"})
		}
		prev, err := s.Store.GetDiscussionMessage(ctx, db.GetDiscussionMessageParams{ChatID: chat.ID, ID: id})
		if err != nil {
			return apperr.Validation(map[string]string{"after": "unknown message"})
		}
		params.AfterCreated, params.AfterID = &prev.CreatedAt, &prev.ID
	}
	rows, err := s.Store.ListDiscussionMessages(ctx, params)
	if err != nil {
		return fmt.Errorf("api: list discussion: %w", err)
	}
	people, err := s.Store.ListDiscussionParticipants(ctx, db.ListDiscussionParticipantsParams{OrgID: chat.OrgID, ChatID: chat.ID})
	if err != nil {
		return fmt.Errorf("api: list discussion participants: %w", err)
	}
	out := discussionResponse{
		Participants: make([]discussionParticipant, len(people)),
		Messages:     make([]messageResponse, len(rows)),
		ReadOnly:     chatClosed(chat.Status),
	}
	for i, p := range people {
		out.Participants[i] = discussionParticipant{UserID: p.UserID.String(), Name: p.Name, InvitedBy: idString(p.InvitedBy), JoinedAt: p.CreatedAt}
	}
	for i, m := range rows {
		out.Messages[i] = messageJSON(m)
	}
	if len(rows) == int(params.MaxRows) {
		out.NextAfter = rows[len(rows)-1].ID.String()
	}
	return c.JSON(out)
}

// postDiscussionMessage writes in a chat's discussion; the writer becomes a
// participant. A retry with the same idempotency key answers the first
// message with 200, even after the chat has ended.
func (s *Server) postDiscussionMessage(c *fiber.Ctx) error {
	var req postDiscussionMessageRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	f := map[string]string{}
	if strings.TrimSpace(req.Body) == "" || utf8.RuneCountInString(req.Body) > maxMessageBody {
		f["body"] = "1 to 4000 characters"
	}
	if len(req.IdempotencyKey) > 100 {
		f["idempotency_key"] = "at most 100 characters"
	}
	if len(f) > 0 {
		return apperr.Validation(f)
	}
	chat, err := s.loadDiscussion(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	me := principal(c).UserID
	if chatClosed(chat.Status) {
		if req.IdempotencyKey != "" {
			prev, err := s.Store.GetMessageByIdempotencyKey(ctx, db.GetMessageByIdempotencyKeyParams{ChatID: chat.ID, IdempotencyKey: &req.IdempotencyKey})
			if err == nil && isDiscussionMessageBy(prev, me) {
				return c.Status(fiber.StatusOK).JSON(messageJSON(prev))
			}
		}
		return errDiscussionReadOnly
	}
	m, created, err := s.Chats.PostMessage(ctx, chats.NewMessage{
		OrgID: chat.OrgID, ChatID: chat.ID, Kind: "discussion", SenderKind: "agent", SenderID: &me,
		Body: req.Body, IdempotencyKey: req.IdempotencyKey,
	})
	if err != nil {
		return err // chats.ErrKeyReused for someone else's key
	}
	if _, err := s.Store.AddDiscussionParticipant(ctx, db.AddDiscussionParticipantParams{ChatID: chat.ID, UserID: me, OrgID: chat.OrgID}); err != nil {
		return fmt.Errorf("api: add discussion participant: %w", err)
	}
	status := fiber.StatusCreated
	if !created {
		status = fiber.StatusOK
	}
	return c.Status(status).JSON(messageJSON(m))
}

func isDiscussionMessageBy(m db.Message, userID uuid.UUID) bool {
	return m.Kind == "discussion" && m.SenderID != nil && *m.SenderID == userID
}

// inviteToDiscussion adds an agent of the chat's team to its discussion and
// tells them with a discussion.invited event addressed to them alone. The
// inviter takes part too. Inviting someone already there changes nothing.
// There is no "everyone": agents are invited one by one.
func (s *Server) inviteToDiscussion(c *fiber.Ctx) error {
	var req inviteToDiscussionRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	invitee, err := uuid.Parse(strings.TrimSpace(req.UserID))
	if err != nil {
		return apperr.Validation(map[string]string{"user_id": "the id of an agent of the chat's team (invite agents one by one)"})
	}
	chat, err := s.loadDiscussion(c)
	if err != nil {
		return err
	}
	me := principal(c).UserID
	if invitee == me {
		return apperr.Validation(map[string]string{"user_id": "invite another agent; you take part by writing"})
	}
	if chatClosed(chat.Status) {
		return errDiscussionReadOnly
	}
	ctx := c.UserContext()
	if _, err := s.Store.GetMember(ctx, db.GetMemberParams{OrgID: chat.OrgID, UserID: invitee}); err != nil {
		return notFoundOr(err, "no member %s in this organisation", invitee)
	}
	inTeam, err := s.isTeamMember(c, chat.TeamID, invitee)
	if err != nil {
		return err
	}
	if !inTeam {
		return apperr.Validation(map[string]string{"user_id": "not an agent of the chat's team"})
	}
	payload, err := json.Marshal(map[string]string{"chat_id": chat.ID.String(), "invited_by": me.String()})
	if err != nil {
		return fmt.Errorf("api: discussion event payload: %w", err)
	}
	added := false
	var row db.GetDiscussionParticipantRow
	err = s.Store.InTx(ctx, func(q *db.Queries) error {
		n, err := q.AddDiscussionParticipant(ctx, db.AddDiscussionParticipantParams{ChatID: chat.ID, UserID: invitee, OrgID: chat.OrgID, InvitedBy: &me})
		if err != nil {
			return fmt.Errorf("api: add discussion participant: %w", err)
		}
		if added = n == 1; added {
			if err := q.InsertEvent(ctx, db.InsertEventParams{
				OrgID: chat.OrgID, Type: EventDiscussionInvited, Audience: "user",
				ChatID: &chat.ID, TeamID: &chat.TeamID, UserID: &invitee, Payload: payload,
			}); err != nil {
				return fmt.Errorf("api: discussion invited event: %w", err)
			}
		}
		if _, err := q.AddDiscussionParticipant(ctx, db.AddDiscussionParticipantParams{ChatID: chat.ID, UserID: me, OrgID: chat.OrgID}); err != nil {
			return fmt.Errorf("api: add discussion inviter: %w", err)
		}
		row, err = q.GetDiscussionParticipant(ctx, db.GetDiscussionParticipantParams{OrgID: chat.OrgID, ChatID: chat.ID, UserID: invitee})
		if err != nil {
			return fmt.Errorf("api: load discussion participant: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	status := fiber.StatusOK
	if added {
		status = fiber.StatusCreated
	}
	return c.Status(status).JSON(discussionParticipant{UserID: row.UserID.String(), Name: row.Name, InvitedBy: idString(row.InvitedBy), JoinedAt: row.CreatedAt})
}
