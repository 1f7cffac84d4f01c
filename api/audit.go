package api

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"livechat/accounts"
	"livechat/apperr"
	"livechat/store/db"
)

// auditTeam records the caller's action on a team inside the request's transaction.
func (s *Server) auditTeam(c *fiber.Ctx, q *db.Queries, action, teamID string, details map[string]any) error {
	return accounts.Audit(c.UserContext(), q, principal(c), action, "team", teamID, details)
}

type auditEntry struct {
	ID            int64           `json:"id"`
	ActorUserID   *string         `json:"actor_user_id"`
	ActorAPIKeyID *string         `json:"actor_api_key_id"`
	Action        string          `json:"action"`
	TargetType    string          `json:"target_type"`
	TargetID      string          `json:"target_id"`
	Details       json.RawMessage `json:"details"`
	IP            string          `json:"ip"`
	CreatedAt     time.Time       `json:"created_at"`
}

// listAudit pages through the audit log, newest first: ?limit=1..200&before=<id>.
func (s *Server) listAudit(c *fiber.Ctx) error {
	limit := int32(50)
	if l := c.Query("limit"); l != "" {
		n, err := parseLimit(l)
		if err != nil {
			return err
		}
		limit = n
	}
	params := db.ListAuditParams{OrgID: principal(c).OrgID, Limit: limit}
	if b := c.Query("before"); b != "" {
		before, err := strconv.ParseInt(b, 10, 64)
		if err != nil || before < 1 {
			return apperr.Validation(map[string]string{"before": "an audit entry id"})
		}
		params.BeforeID = &before
	}
	rows, err := s.Store.ListAudit(c.UserContext(), params)
	if err != nil {
		return err
	}
	out := make([]auditEntry, len(rows))
	for i, r := range rows {
		out[i] = auditEntry{ID: r.ID, ActorUserID: idString(r.ActorUserID), ActorAPIKeyID: idString(r.ActorAPIKeyID),
			Action: r.Action, TargetType: r.TargetType, TargetID: r.TargetID, Details: r.Details, IP: r.IP, CreatedAt: r.CreatedAt}
	}
	next := ""
	if len(rows) == int(limit) {
		next = strconv.FormatInt(rows[len(rows)-1].ID, 10)
	}
	return c.JSON(fiber.Map{"entries": out, "next_before": next})
}
