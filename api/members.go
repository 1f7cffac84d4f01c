package api

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"livechat/accounts"
	"livechat/apperr"
	"livechat/store/db"
)

type memberResponse struct {
	UserID    string    `json:"user_id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Role      string    `json:"role"`
	CreatedAt time.Time `json:"created_at"`
}

func memberJSON(m db.GetMemberRow) memberResponse {
	return memberResponse{UserID: m.UserID.String(), Email: m.Email, Name: m.Name, Role: m.Role, CreatedAt: m.CreatedAt}
}

func (s *Server) listMembers(c *fiber.Ctx) error {
	rows, err := s.Store.ListMembers(c.UserContext(), principal(c).OrgID)
	if err != nil {
		return err
	}
	out := make([]memberResponse, len(rows))
	for i, m := range rows {
		out[i] = memberJSON(db.GetMemberRow(m))
	}
	return c.JSON(fiber.Map{"members": out})
}

func (s *Server) getMember(c *fiber.Ctx) error {
	id, err := pathID(c, "userID")
	if err != nil {
		return err
	}
	m, err := s.Store.GetMember(c.UserContext(), db.GetMemberParams{OrgID: principal(c).OrgID, UserID: id})
	if err != nil {
		return notFoundOr(err, "no member %s in this organisation", id)
	}
	return c.JSON(memberJSON(m))
}

type updateMemberRequest struct {
	Role string `json:"role"`
}

func (s *Server) updateMember(c *fiber.Ctx) error {
	id, err := pathID(c, "userID")
	if err != nil {
		return err
	}
	var req updateMemberRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	m, err := s.Accounts.ChangeRole(c.UserContext(), principal(c), id, accounts.Role(req.Role))
	if err != nil {
		return err
	}
	return c.JSON(memberJSON(m))
}

func (s *Server) removeMember(c *fiber.Ctx) error {
	id, err := pathID(c, "userID")
	if err != nil {
		return err
	}
	if id == principal(c).UserID {
		return apperr.New(apperr.Conflict, "cannot_remove_self", "you cannot remove yourself; ask another admin")
	}
	if err := s.Accounts.RemoveMember(c.UserContext(), principal(c), id); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
