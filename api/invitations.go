package api

import (
	"context"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"
	"go.temporal.io/sdk/client"

	"livechat/accounts"
	"livechat/apperr"
	"livechat/store/db"
	"livechat/workflows"
)

type invitationResponse struct {
	ID        string     `json:"id"`
	Email     string     `json:"email"`
	Role      string     `json:"role"`
	TeamIDs   []string   `json:"team_ids"`
	ExpiresAt time.Time  `json:"expires_at"`
	SentAt    *time.Time `json:"sent_at"`
	CreatedAt time.Time  `json:"created_at"`
}

func invitationJSON(inv db.Invitation) invitationResponse {
	teams := make([]string, len(inv.TeamIds))
	for i, id := range inv.TeamIds {
		teams[i] = id.String()
	}
	return invitationResponse{ID: inv.ID.String(), Email: inv.Email, Role: inv.Role, TeamIDs: teams,
		ExpiresAt: inv.ExpiresAt, SentAt: inv.SentAt, CreatedAt: inv.CreatedAt}
}

func (s *Server) listInvitations(c *fiber.Ctx) error {
	rows, err := s.Store.ListPendingInvitations(c.UserContext(), principal(c).OrgID)
	if err != nil {
		return err
	}
	out := make([]invitationResponse, len(rows))
	for i, inv := range rows {
		out[i] = invitationJSON(inv)
	}
	return c.JSON(fiber.Map{"invitations": out})
}

type createInvitationRequest struct {
	Email   string      `json:"email"`
	Role    string      `json:"role"`
	TeamIDs []uuid.UUID `json:"team_ids"`
}

// createInvitation stores the invitation, then starts the workflow that
// emails it. If Temporal cannot take the workflow the invitation is revoked
// again, so nothing half-done is left behind.
func (s *Server) createInvitation(c *fiber.Ctx) error {
	var req createInvitationRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	p := principal(c)
	inv, err := s.Accounts.Invite(c.UserContext(), p, req.Email, accounts.Role(req.Role), req.TeamIDs)
	if err != nil {
		return err
	}
	if err := s.startInvitationDelivery(c.UserContext(), inv.ID); err != nil {
		if rerr := s.Accounts.RevokeInvitation(context.WithoutCancel(c.UserContext()), p, inv.ID); rerr != nil {
			return fmt.Errorf("api: revoke undeliverable invitation: %w (after %w)", rerr, err)
		}
		s.Log.Error("start invitation workflow", "request_id", requestID(c), "error", err)
		return apperr.New(apperr.Unavailable, "temporal_unavailable", "the invitation could not be queued for sending; try again shortly")
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{
		"invitation": invitationJSON(inv),
		// Admins may also share the link themselves (e.g. when email is not configured).
		"accept_url": s.PublicURL + "/accept-invite?token=" + s.Accounts.Signer().InvitationToken(inv.ID.String()),
	})
}

func (s *Server) startInvitationDelivery(ctx context.Context, id uuid.UUID) error {
	_, err := s.Temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:        workflows.InvitationWorkflowID(id.String()),
		TaskQueue: s.TaskQueue,
	}, workflows.InvitationWorkflowName, workflows.InvitationInput{InvitationID: id.String()})
	if err != nil {
		return fmt.Errorf("api: start invitation workflow: %w", err)
	}
	return nil
}

func (s *Server) revokeInvitation(c *fiber.Ctx) error {
	id, err := pathID(c, "invitationID")
	if err != nil {
		return err
	}
	if err := s.Accounts.RevokeInvitation(c.UserContext(), principal(c), id); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

type invitationLookupResponse struct {
	Email        string    `json:"email"`
	Role         string    `json:"role"`
	Organization orgRef    `json:"organization"`
	ExpiresAt    time.Time `json:"expires_at"`
}

func (s *Server) lookupInvitation(c *fiber.Ctx) error {
	inv, err := s.Accounts.LookupInvitation(c.UserContext(), c.Params("token"))
	if err != nil {
		return err
	}
	return c.JSON(invitationLookupResponse{Email: inv.Email, Role: inv.Role,
		Organization: orgRef{ID: inv.OrgID.String(), Name: inv.OrgName}, ExpiresAt: inv.ExpiresAt})
}

type acceptInvitationRequest struct {
	Token    string `json:"token"`
	Name     string `json:"name"`
	Password string `json:"password"`
}

func (s *Server) acceptInvitation(c *fiber.Ctx) error {
	var req acceptInvitationRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if err := required(map[string]string{"token": req.Token, "password": req.Password}); err != nil {
		return err
	}
	sess, err := s.Accounts.AcceptInvitation(c.UserContext(), req.Token, req.Name, req.Password, c.Get(fiber.HeaderUserAgent), clientIP(c))
	if err != nil {
		return err
	}
	s.setSessionCookie(c, sess)
	return c.JSON(s.sessionBody(sess))
}
