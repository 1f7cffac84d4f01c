package api

import (
	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"livechat/apperr"
	"livechat/workflows"
)

// chatUpdate loads the chat (checking the caller may see it), lets build
// make the update's payload from the caller and sends it to the workflow.
func (s *Server) chatUpdate(c *fiber.Ctx, name string, build func(actor workflows.Actor, teamID uuid.UUID) (any, error)) error {
	chat, actor, _, err := s.loadChat(c)
	if err != nil {
		return err
	}
	payload, err := build(actor, chat.TeamID)
	if err != nil {
		return err
	}
	view, err := s.Chats.Update(c.UserContext(), chat.ID, name, payload)
	if err != nil {
		return err
	}
	return c.JSON(view)
}

func (s *Server) claimChat(c *fiber.Ctx) error {
	if principal(c).IsAPIKey() {
		return apperr.New(apperr.Forbidden, "session_required", "claims are made by agents; bots assign")
	}
	return s.chatUpdate(c, workflows.UpdateClaim, func(actor workflows.Actor, _ uuid.UUID) (any, error) {
		return workflows.ClaimRequest{Actor: actor}, nil
	})
}

type assignRequest struct {
	AgentID uuid.UUID `json:"agent_id"`
}

func (s *Server) assignChat(c *fiber.Ctx) error {
	var req assignRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	return s.chatUpdate(c, workflows.UpdateAssign, func(actor workflows.Actor, teamID uuid.UUID) (any, error) {
		inTeam, err := s.isTeamMember(c, teamID, req.AgentID)
		if err != nil {
			return nil, err
		}
		return workflows.AssignRequest{Actor: actor, AgentID: req.AgentID.String(), AgentInTeam: inTeam}, nil
	})
}

type endRequest struct {
	Reason string `json:"reason"`
}

func (s *Server) endChat(c *fiber.Ctx) error {
	req := endRequest{Reason: workflows.EndResolved}
	if len(c.Body()) > 0 {
		if err := decode(c, &req); err != nil {
			return err
		}
	}
	if req.Reason == workflows.EndHandedBackToBot {
		return apperr.Validation(map[string]string{"reason": "use POST /chats/{id}/hand-back"})
	}
	return s.chatUpdate(c, workflows.UpdateEnd, func(actor workflows.Actor, _ uuid.UUID) (any, error) {
		return workflows.EndRequest{Actor: actor, Reason: req.Reason}, nil
	})
}

// handBack ends the live part of a chat and returns the contact to the bot.
func (s *Server) handBack(c *fiber.Ctx) error {
	return s.chatUpdate(c, workflows.UpdateEnd, func(actor workflows.Actor, _ uuid.UUID) (any, error) {
		return workflows.EndRequest{Actor: actor, Reason: workflows.EndHandedBackToBot}, nil
	})
}

type transferRequest struct {
	AgentID *uuid.UUID `json:"agent_id"`
	TeamID  *uuid.UUID `json:"team_id"`
}

// transferChat asks an agent to take the chat (they accept or reject) or
// moves it into another team's queue.
func (s *Server) transferChat(c *fiber.Ctx) error {
	var req transferRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if (req.AgentID == nil) == (req.TeamID == nil) {
		return apperr.Validation(map[string]string{"agent_id": "give agent_id or team_id, not both"})
	}
	if req.TeamID != nil {
		if _, err := s.Store.GetTeam(c.UserContext(), teamParams(principal(c).OrgID, *req.TeamID)); err != nil {
			return notFoundOr(err, "no team %s in this organisation", *req.TeamID)
		}
		return s.chatUpdate(c, workflows.UpdateTransferToTeam, func(actor workflows.Actor, _ uuid.UUID) (any, error) {
			return workflows.TeamTransferRequest{Actor: actor, TeamID: req.TeamID.String()}, nil
		})
	}
	if principal(c).IsAPIKey() {
		return apperr.New(apperr.Forbidden, "session_required", "bots move chats with team_id or assign them directly")
	}
	return s.chatUpdate(c, workflows.UpdateRequestTransfer, func(actor workflows.Actor, teamID uuid.UUID) (any, error) {
		inTeam, err := s.isTeamMember(c, teamID, *req.AgentID)
		if err != nil {
			return nil, err
		}
		return workflows.TransferRequest{Actor: actor, ToAgentID: req.AgentID.String(), TargetInTeam: inTeam}, nil
	})
}

type answerRequest struct {
	Accept *bool `json:"accept"`
}

func decodeAnswer(c *fiber.Ctx) (bool, error) {
	var req answerRequest
	if err := decode(c, &req); err != nil {
		return false, err
	}
	if req.Accept == nil {
		return false, apperr.Validation(map[string]string{"accept": "required: true or false"})
	}
	return *req.Accept, nil
}

func (s *Server) answerTransfer(c *fiber.Ctx) error {
	accept, err := decodeAnswer(c)
	if err != nil {
		return err
	}
	return s.chatUpdate(c, workflows.UpdateAnswerTransfer, func(actor workflows.Actor, _ uuid.UUID) (any, error) {
		return workflows.TransferAnswer{Actor: actor, Accept: accept}, nil
	})
}

func (s *Server) answerOffer(c *fiber.Ctx) error {
	accept, err := decodeAnswer(c)
	if err != nil {
		return err
	}
	return s.chatUpdate(c, workflows.UpdateAnswerOffer, func(actor workflows.Actor, _ uuid.UUID) (any, error) {
		return workflows.OfferAnswer{Actor: actor, Accept: accept}, nil
	})
}

type promptAnswerRequest struct {
	Choice string `json:"choice"`
}

// answerPrompt relays the contact's choice (keep waiting / another agent).
// Bots relay it today; the widget's visitor endpoint does too.
func (s *Server) answerPrompt(c *fiber.Ctx) error {
	var req promptAnswerRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	return s.chatUpdate(c, workflows.UpdateAnswerPrompt, func(actor workflows.Actor, _ uuid.UUID) (any, error) {
		return workflows.PromptAnswer{Actor: actor, Choice: req.Choice}, nil
	})
}
