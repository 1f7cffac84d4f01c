package api

import (
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"livechat/apperr"
	"livechat/chats"
	"livechat/notify"
	"livechat/workflows"
)

// Hand-off limits.
const (
	maxTranscript     = 200
	maxMessageBody    = 4000
	maxCustomFields   = 50
	maxTags           = 50
	maxIdentifierSize = 200
)

type handoffContact struct {
	ExternalID   string         `json:"external_id"`
	Name         string         `json:"name"`
	Email        string         `json:"email"`
	Phone        string         `json:"phone"`
	Username     string         `json:"username"`
	CustomFields map[string]any `json:"custom_fields"`
	Tags         []string       `json:"tags"`
}

type handoffMessage struct {
	Sender string `json:"sender"`
	Body   string `json:"body"`
}

type handoffRequest struct {
	HandoffID  string           `json:"handoff_id"`
	TeamID     *uuid.UUID       `json:"team_id"`
	AgentID    *uuid.UUID       `json:"agent_id"`
	Reason     string           `json:"reason"`
	Contact    handoffContact   `json:"contact"`
	Transcript []handoffMessage `json:"transcript"`
}

// normalizePhone drops the spaces, dashes, dots and brackets people write
// in phone numbers, so "+49 (30) 1234-567" becomes "+49301234567".
func normalizePhone(p string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(" -.()", r) {
			return -1
		}
		return r
	}, strings.TrimSpace(p))
}

func (r handoffRequest) validate() error {
	f := map[string]string{}
	if r.HandoffID == "" || len(r.HandoffID) > maxIdentifierSize {
		f["handoff_id"] = "required, at most 200 characters"
	}
	if r.TeamID == nil {
		f["team_id"] = "required"
	}
	if utf8.RuneCountInString(r.Reason) > 500 {
		f["reason"] = "at most 500 characters"
	}
	ct := r.Contact
	if ct.ExternalID == "" && ct.Email == "" && ct.Phone == "" {
		f["contact"] = "give at least one of external_id, email, phone"
	}
	for name, v := range map[string]string{"contact.external_id": ct.ExternalID, "contact.name": ct.Name,
		"contact.email": ct.Email, "contact.phone": ct.Phone, "contact.username": ct.Username} {
		if len(v) > maxIdentifierSize {
			f[name] = "at most 200 characters"
		}
	}
	if ct.Email != "" && !strings.Contains(ct.Email, "@") {
		f["contact.email"] = "not a valid email address"
	}
	if ct.Phone != "" && !notify.ValidE164(ct.Phone) {
		f["contact.phone"] = "an international number in E.164 form, e.g. +14155550100"
	}
	if len(ct.CustomFields) > maxCustomFields {
		f["contact.custom_fields"] = "at most 50 fields"
	}
	if len(ct.Tags) > maxTags {
		f["contact.tags"] = "at most 50 tags"
	}
	if len(r.Transcript) > maxTranscript {
		f["transcript"] = "at most 200 messages"
	}
	for _, m := range r.Transcript {
		if m.Sender != "contact" && m.Sender != "bot" {
			f["transcript"] = "each sender is contact or bot"
		}
		if m.Body == "" || utf8.RuneCountInString(m.Body) > maxMessageBody {
			f["transcript"] = "each body has 1 to 4000 characters"
		}
	}
	if len(f) > 0 {
		return apperr.Validation(f)
	}
	return nil
}

// createHandoff opens a live chat for a contact handed over by a bot.
// The same handoff_id always answers with the same chat; a contact with an
// open chat in the team gets that chat.
func (s *Server) createHandoff(c *fiber.Ctx) error {
	var req handoffRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	req.Contact.Phone = normalizePhone(req.Contact.Phone)
	if err := req.validate(); err != nil {
		return err
	}
	p := principal(c)
	if _, err := s.Store.GetTeam(c.UserContext(), teamParams(p.OrgID, *req.TeamID)); err != nil {
		return notFoundOr(err, "no team %s in this organisation", *req.TeamID)
	}
	transcript := make([]chats.TranscriptEntry, len(req.Transcript))
	for i, m := range req.Transcript {
		transcript[i] = chats.TranscriptEntry{Sender: m.Sender, Body: m.Body}
	}
	opened, err := s.Chats.Open(c.UserContext(), chats.OpenRequest{
		OrgID: p.OrgID, TeamID: *req.TeamID, HandoffID: req.HandoffID, Source: "bot", Reason: req.Reason,
		Contact: chats.ContactInput{ExternalID: req.Contact.ExternalID, Name: req.Contact.Name, Email: req.Contact.Email,
			Phone: req.Contact.Phone, Username: req.Contact.Username, CustomFields: req.Contact.CustomFields, Tags: req.Contact.Tags},
		Transcript: transcript,
	})
	if err != nil {
		return err
	}
	if req.AgentID != nil && !opened.Existing {
		inTeam, err := s.isTeamMember(c, opened.Chat.TeamID, *req.AgentID)
		if err != nil {
			return err
		}
		if _, err := s.Chats.Update(c.UserContext(), opened.Chat.ID, workflows.UpdateAssign, workflows.AssignRequest{
			Actor: workflows.Actor{Kind: workflows.ActorBot}, AgentID: req.AgentID.String(), AgentInTeam: inTeam,
		}); err != nil {
			return err
		}
	}
	chat, err := s.Chats.Get(c.UserContext(), p.OrgID, opened.Chat.ID)
	if err != nil {
		return err
	}
	out, err := s.chatWithPosition(c, chat)
	if err != nil {
		return err
	}
	status := fiber.StatusCreated
	if opened.Existing {
		status = fiber.StatusOK
	}
	return c.Status(status).JSON(fiber.Map{"chat": out, "existing": opened.Existing, "after_hours": opened.View.AfterHours, "opens_at": opened.View.OpensAt})
}
