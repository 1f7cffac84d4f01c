package api

import (
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"livechat/apperr"
	"livechat/store/db"
)

type teamMemberResponse struct {
	UserID    string    `json:"user_id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Role      string    `json:"role"`
	CreatedAt time.Time `json:"created_at"`
}

func (s *Server) listTeamMembers(c *fiber.Ctx) error {
	team, err := s.loadTeam(c)
	if err != nil {
		return err
	}
	rows, err := s.Store.ListTeamMembers(c.UserContext(), db.ListTeamMembersParams{OrgID: team.OrgID, TeamID: team.ID})
	if err != nil {
		return err
	}
	out := make([]teamMemberResponse, len(rows))
	for i, m := range rows {
		out[i] = teamMemberResponse{UserID: m.UserID.String(), Email: m.Email, Name: m.Name, Role: m.Role, CreatedAt: m.CreatedAt}
	}
	return c.JSON(fiber.Map{"members": out})
}

// addTeamMember puts a member of the organisation into a team (idempotent).
func (s *Server) addTeamMember(c *fiber.Ctx) error {
	team, err := s.loadTeam(c)
	if err != nil {
		return err
	}
	userID, err := pathID(c, "userID")
	if err != nil {
		return err
	}
	if _, err := s.Store.GetMembership(c.UserContext(), db.GetMembershipParams{OrgID: team.OrgID, UserID: userID}); err != nil {
		return notFoundOr(err, "no member %s in this organisation", userID)
	}
	err = s.Store.InTx(c.UserContext(), func(q *db.Queries) error {
		if err := q.AddTeamMember(c.UserContext(), db.AddTeamMemberParams{TeamID: team.ID, OrgID: team.OrgID, UserID: userID}); err != nil {
			return fmt.Errorf("api: add team member: %w", err)
		}
		return s.auditTeam(c, q, "team.member_added", team.ID.String(), map[string]any{"user_id": userID})
	})
	if err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *Server) removeTeamMember(c *fiber.Ctx) error {
	team, err := s.loadTeam(c)
	if err != nil {
		return err
	}
	userID, err := pathID(c, "userID")
	if err != nil {
		return err
	}
	return s.Store.InTx(c.UserContext(), func(q *db.Queries) error {
		n, err := q.RemoveTeamMember(c.UserContext(), db.RemoveTeamMemberParams{OrgID: team.OrgID, TeamID: team.ID, UserID: userID})
		if err != nil {
			return fmt.Errorf("api: remove team member: %w", err)
		}
		if n == 0 {
			return apperr.New(apperr.NotFound, "not_found", "%s is not in team %s", userID, team.Name)
		}
		if err := s.auditTeam(c, q, "team.member_removed", team.ID.String(), map[string]any{"user_id": userID}); err != nil {
			return err
		}
		return c.SendStatus(fiber.StatusNoContent)
	})
}
