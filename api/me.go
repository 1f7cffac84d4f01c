package api

import (
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"livechat/apperr"
	"livechat/store/db"
	"livechat/workflows"
)

type presenceRequest struct {
	Status string `json:"status"`
}

type presenceResponse struct {
	Status    string    `json:"status"`
	UpdatedAt time.Time `json:"updated_at"`
}

func (s *Server) setPresence(c *fiber.Ctx) error {
	var req presenceRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	switch req.Status {
	case "online", "away", "offline":
	default:
		return apperr.Validation(map[string]string{"status": "one of online, away, offline"})
	}
	p := principal(c)
	row, err := s.Store.UpsertPresence(c.UserContext(), db.UpsertPresenceParams{OrgID: p.OrgID, UserID: p.UserID, Status: req.Status})
	if err != nil {
		return err
	}
	if req.Status == "online" {
		s.wakeQueues(c, p.UserID)
	}
	return c.JSON(presenceResponse{Status: row.Status, UpdatedAt: row.UpdatedAt})
}

// wakeQueues asks the oldest waiting chat of each of the agent's teams to
// dispatch its team, so a newly available agent gets the backlog at once.
// A failure is logged: the agent's next heartbeat tries again.
func (s *Server) wakeQueues(c *fiber.Ctx, agentID uuid.UUID) {
	rows, err := s.Store.OldestWaitingChatsOfAgentTeams(c.UserContext(), db.OldestWaitingChatsOfAgentTeamsParams{OrgID: principal(c).OrgID, UserID: agentID})
	if err != nil {
		s.Log.Warn("wake queues", "request_id", requestID(c), "error", err)
		return
	}
	ids := make([]uuid.UUID, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	s.signalChats(c, workflows.SignalDispatch, ids)
}

// teamChanged tells the team's open chats to reload its settings (a chat
// waiting after hours re-reads the schedule). Failures are logged: the chats
// keep their earlier settings until their next transition.
func (s *Server) teamChanged(c *fiber.Ctx, teamID uuid.UUID) {
	ids, err := s.Store.OpenChatsOfTeam(c.UserContext(), teamID)
	if err != nil {
		s.Log.Warn("team changed", "request_id", requestID(c), "error", err)
		return
	}
	s.signalChats(c, workflows.SignalTeamChanged, ids)
}

// signalChats sends a payload-less signal to each chat's workflow, logging
// the ones that fail.
func (s *Server) signalChats(c *fiber.Ctx, signal string, ids []uuid.UUID) {
	for _, id := range ids {
		if err := s.Temporal.SignalWorkflow(c.UserContext(), workflows.ChatWorkflowID(id.String()), "", signal, nil); err != nil {
			s.Log.Warn("signal chat", "request_id", requestID(c), "signal", signal, "chat_id", id, "error", err)
		}
	}
}
