package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"livechat/apperr"
	"livechat/store"
	"livechat/store/db"
)

type teamResponse struct {
	ID                         string    `json:"id"`
	Name                       string    `json:"name"`
	PermissionMode             string    `json:"permission_mode"`
	AutoAssignment             string    `json:"auto_assignment"`
	Capacity                   int32     `json:"capacity"`
	OfferEnabled               bool      `json:"offer_enabled"`
	OfferTimeoutSeconds        int32     `json:"offer_timeout_seconds"`
	UnresponsiveStrategy       string    `json:"unresponsive_strategy"`
	UnresponsiveTimeoutSeconds int32     `json:"unresponsive_timeout_seconds"`
	UnresponsiveMessage        string    `json:"unresponsive_message"`
	AssignedMessage            string    `json:"assigned_message"`
	AfterHoursMessage          string    `json:"after_hours_message"`
	TransferTimeoutSeconds     int32     `json:"transfer_timeout_seconds"`
	InactivityAssignedSeconds  int32     `json:"inactivity_assigned_seconds"`
	InactivityWaitingSeconds   int32     `json:"inactivity_waiting_seconds"`
	ClosingMessage             string    `json:"closing_message"`
	WaitingAlertSeconds        int32     `json:"waiting_alert_seconds"`
	CreatedAt                  time.Time `json:"created_at"`
	UpdatedAt                  time.Time `json:"updated_at"`
}

func teamJSON(t db.Team) teamResponse {
	return teamResponse{
		ID: t.ID.String(), Name: t.Name, PermissionMode: t.PermissionMode, AutoAssignment: t.AutoAssignment,
		Capacity: t.Capacity, OfferEnabled: t.OfferEnabled, OfferTimeoutSeconds: t.OfferTimeoutSeconds,
		UnresponsiveStrategy: t.UnresponsiveStrategy, UnresponsiveTimeoutSeconds: t.UnresponsiveTimeoutSeconds,
		UnresponsiveMessage: t.UnresponsiveMessage, AssignedMessage: t.AssignedMessage,
		AfterHoursMessage: t.AfterHoursMessage, TransferTimeoutSeconds: t.TransferTimeoutSeconds,
		InactivityAssignedSeconds: t.InactivityAssignedSeconds, InactivityWaitingSeconds: t.InactivityWaitingSeconds,
		ClosingMessage: t.ClosingMessage, WaitingAlertSeconds: t.WaitingAlertSeconds,
		CreatedAt: t.CreatedAt, UpdatedAt: t.UpdatedAt,
	}
}

func (s *Server) listTeams(c *fiber.Ctx) error {
	rows, err := s.Store.ListTeams(c.UserContext(), principal(c).OrgID)
	if err != nil {
		return err
	}
	out := make([]teamResponse, len(rows))
	for i, t := range rows {
		out[i] = teamJSON(t)
	}
	return c.JSON(fiber.Map{"teams": out})
}

// loadTeam fetches a team of the caller's organisation named by :teamID.
func (s *Server) loadTeam(c *fiber.Ctx) (db.Team, error) {
	id, err := pathID(c, "teamID")
	if err != nil {
		return db.Team{}, err
	}
	t, err := s.Store.GetTeam(c.UserContext(), db.GetTeamParams{OrgID: principal(c).OrgID, ID: id})
	if err != nil {
		return t, notFoundOr(err, "no team %s in this organisation", id)
	}
	return t, nil
}

func (s *Server) getTeam(c *fiber.Ctx) error {
	t, err := s.loadTeam(c)
	if err != nil {
		return err
	}
	return c.JSON(teamJSON(t))
}

type createTeamRequest struct {
	Name string `json:"name"`
}

func (s *Server) createTeam(c *fiber.Ctx) error {
	var req createTeamRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	name := strings.TrimSpace(req.Name)
	if msg := checkTeamName(name); msg != "" {
		return apperr.Validation(map[string]string{"name": msg})
	}
	p := principal(c)
	var team db.Team
	err := s.Store.InTx(c.UserContext(), func(q *db.Queries) error {
		var err error
		team, err = q.CreateTeam(c.UserContext(), db.CreateTeamParams{ID: uuid.Must(uuid.NewV7()), OrgID: p.OrgID, Name: name})
		if err != nil {
			return teamNameTaken(err, name)
		}
		return s.auditTeam(c, q, "team.created", team.ID.String(), map[string]any{"name": name})
	})
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(teamJSON(team))
}

func teamNameTaken(err error, name string) error {
	if errors.Is(store.Err(err), store.ErrConflict) {
		return apperr.New(apperr.Conflict, "team_name_taken", "a team named %q already exists", name)
	}
	return fmt.Errorf("api: write team: %w", err)
}

func (s *Server) updateTeam(c *fiber.Ctx) error {
	team, err := s.loadTeam(c)
	if err != nil {
		return err
	}
	var patch teamPatch
	if err := decode(c, &patch); err != nil {
		return err
	}
	params := patch.apply(team)
	if err := validateTeam(params); err != nil {
		return err
	}
	var updated db.Team
	err = s.Store.InTx(c.UserContext(), func(q *db.Queries) error {
		var err error
		updated, err = q.UpdateTeam(c.UserContext(), params)
		if err != nil {
			return teamNameTaken(err, params.Name)
		}
		// The body was decoded into teamPatch already, so it is a valid JSON object.
		var changes map[string]any
		_ = json.Unmarshal(c.Body(), &changes)
		return s.auditTeam(c, q, "team.updated", team.ID.String(), changes)
	})
	if err != nil {
		return err
	}
	s.teamChanged(c, team.ID)
	return c.JSON(teamJSON(updated))
}

func (s *Server) deleteTeam(c *fiber.Ctx) error {
	team, err := s.loadTeam(c)
	if err != nil {
		return err
	}
	p := principal(c)
	return s.Store.InTx(c.UserContext(), func(q *db.Queries) error {
		teams, err := q.ListTeams(c.UserContext(), p.OrgID)
		if err != nil {
			return fmt.Errorf("api: list teams: %w", err)
		}
		if len(teams) <= 1 {
			return apperr.New(apperr.Conflict, "last_team", "an organisation needs at least one team")
		}
		chats, err := q.CountTeamChats(c.UserContext(), db.CountTeamChatsParams{OrgID: p.OrgID, TeamID: team.ID})
		if err != nil {
			return fmt.Errorf("api: count team chats: %w", err)
		}
		if chats > 0 {
			return apperr.New(apperr.Conflict, "team_has_chats", "the team has %d chats; it cannot be deleted", chats)
		}
		if _, err := q.DeleteTeam(c.UserContext(), db.DeleteTeamParams{OrgID: p.OrgID, ID: team.ID}); err != nil {
			return fmt.Errorf("api: delete team: %w", err)
		}
		if err := s.auditTeam(c, q, "team.deleted", team.ID.String(), map[string]any{"name": team.Name}); err != nil {
			return err
		}
		return c.SendStatus(fiber.StatusNoContent)
	})
}

func teamParams(orgID, teamID uuid.UUID) db.GetTeamParams {
	return db.GetTeamParams{OrgID: orgID, ID: teamID}
}
