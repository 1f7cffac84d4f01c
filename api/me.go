package api

import (
	"context"
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"livechat/accounts"
	"livechat/apperr"
	"livechat/realtime"
	"livechat/store"
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
	row, err := s.updatePresence(c.UserContext(), principal(c), req.Status)
	if err != nil {
		return err
	}
	return c.JSON(presenceResponse{Status: row.Status, UpdatedAt: row.UpdatedAt})
}

// presenceTTL is how long a heartbeat keeps an agent available.
const presenceTTL = 60 * time.Second

// effectivePresence is the status others see: a lapsed heartbeat is offline.
func effectivePresence(p db.AgentPresence, now time.Time) string {
	if p.LastHeartbeatAt == nil || now.Sub(*p.LastHeartbeatAt) > presenceTTL {
		return "offline"
	}
	return p.Status
}

// updatePresence sets the caller's status (HTTP or socket), tells the
// organisation when it changed, and wakes the agent's queues when they come
// online.
func (s *Server) updatePresence(ctx context.Context, p accounts.Principal, status string) (db.AgentPresence, error) {
	switch status {
	case "online", "away", "offline":
	default:
		return db.AgentPresence{}, apperr.Validation(map[string]string{"status": "one of online, away, offline"})
	}
	var row db.AgentPresence
	err := s.Store.InTx(ctx, func(q *db.Queries) error {
		before := "offline"
		if prev, err := q.GetPresence(ctx, db.GetPresenceParams{OrgID: p.OrgID, UserID: p.UserID}); err == nil {
			before = effectivePresence(prev, time.Now())
		}
		var err error
		row, err = q.UpsertPresence(ctx, db.UpsertPresenceParams{OrgID: p.OrgID, UserID: p.UserID, Status: status})
		if err != nil || before == status {
			return err
		}
		return realtime.PresenceChanged(ctx, q, p.OrgID, p.UserID, status)
	})
	if err != nil {
		return row, err
	}
	if status == "online" {
		s.wakeQueues(ctx, p.OrgID, p.UserID)
	}
	return row, nil
}

// heartbeat keeps an agent's status fresh from their open socket. An
// online agent whose heartbeat had lapsed is announced and gets the backlog.
func (s *Server) heartbeat(ctx context.Context, p accounts.Principal) error {
	prev, err := s.Store.GetPresence(ctx, db.GetPresenceParams{OrgID: p.OrgID, UserID: p.UserID})
	if errors.Is(store.Err(err), store.ErrNotFound) {
		return nil // never set: nothing to keep fresh
	}
	if err != nil {
		return err
	}
	if _, err := s.Store.TouchPresence(ctx, db.TouchPresenceParams{OrgID: p.OrgID, UserID: p.UserID}); err != nil {
		return err
	}
	if prev.Status != "online" || effectivePresence(prev, time.Now()) == "online" {
		return nil
	}
	if err := realtime.PresenceChanged(ctx, s.Store.Queries, p.OrgID, p.UserID, "online"); err != nil {
		return err
	}
	s.wakeQueues(ctx, p.OrgID, p.UserID)
	return nil
}

// wakeQueues asks the oldest waiting chat of each of the agent's teams to
// dispatch its team, so a newly available agent gets the backlog at once.
// A failure is logged: the agent's next heartbeat tries again.
func (s *Server) wakeQueues(ctx context.Context, orgID, agentID uuid.UUID) {
	rows, err := s.Store.OldestWaitingChatsOfAgentTeams(ctx, db.OldestWaitingChatsOfAgentTeamsParams{OrgID: orgID, UserID: agentID})
	if err != nil {
		s.Log.Warn("wake queues", "user_id", agentID, "error", err)
		return
	}
	ids := make([]uuid.UUID, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	s.signalChats(ctx, workflows.SignalDispatch, ids)
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
	s.signalChats(c.UserContext(), workflows.SignalTeamChanged, ids)
}

// signalChats sends a payload-less signal to each chat's workflow, logging
// the ones that fail.
func (s *Server) signalChats(ctx context.Context, signal string, ids []uuid.UUID) {
	for _, id := range ids {
		if err := s.Temporal.SignalWorkflow(ctx, workflows.ChatWorkflowID(id.String()), "", signal, nil); err != nil {
			s.Log.Warn("signal chat", "signal", signal, "chat_id", id, "error", err)
		}
	}
}
