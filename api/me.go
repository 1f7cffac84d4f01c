package api

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"livechat/apperr"
	"livechat/store/db"
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
	return c.JSON(presenceResponse{Status: row.Status, UpdatedAt: row.UpdatedAt})
}
