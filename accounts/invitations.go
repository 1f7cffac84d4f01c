package accounts

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"livechat/apperr"
	"livechat/store"
	"livechat/store/db"
)

// InvitationTTL is how long an invitation link stays valid.
const InvitationTTL = 7 * 24 * time.Hour

// ErrInvitationNotFound answers unknown, used, revoked and expired tokens alike.
var ErrInvitationNotFound = apperr.New(apperr.NotFound, "invitation_not_found", "this invitation link is unknown, used or expired")

// Invite creates an invitation to join the actor's organisation with a role
// and teams. The caller sends the email (a Temporal workflow) afterwards.
func (s *Service) Invite(ctx context.Context, actor Principal, email string, role Role, teamIDs []uuid.UUID) (db.Invitation, error) {
	fields := map[string]string{}
	validateEmail(fields, "email", email)
	if !role.Valid() {
		fields["role"] = "one of owner, admin, supervisor, agent"
	}
	if len(fields) > 0 {
		return db.Invitation{}, apperr.Validation(fields)
	}
	if !actor.Role.CanManage(role) {
		return db.Invitation{}, apperr.New(apperr.Forbidden, "forbidden", "your role cannot invite a %s", role)
	}
	email = normalizeEmail(email)
	if teamIDs == nil {
		teamIDs = []uuid.UUID{}
	}
	var inv db.Invitation
	err := s.store.InTx(ctx, func(q *db.Queries) error {
		if user, err := q.GetUserByEmail(ctx, email); err == nil {
			if _, err := q.GetMembership(ctx, db.GetMembershipParams{OrgID: actor.OrgID, UserID: user.ID}); err == nil {
				return apperr.New(apperr.Conflict, "already_member", "%s is already a member of this organisation", email)
			}
		}
		for _, id := range teamIDs {
			if _, err := q.GetTeam(ctx, db.GetTeamParams{OrgID: actor.OrgID, ID: id}); err != nil {
				if errors.Is(store.Err(err), store.ErrNotFound) {
					return apperr.Validation(map[string]string{"team_ids": "unknown team " + id.String()})
				}
				return fmt.Errorf("accounts: invite team: %w", err)
			}
		}
		if err := q.RevokeExpiredInvitations(ctx, db.RevokeExpiredInvitationsParams{OrgID: actor.OrgID, Email: email}); err != nil {
			return fmt.Errorf("accounts: clear expired invitations: %w", err)
		}
		id := newID()
		var err error
		inv, err = q.CreateInvitation(ctx, db.CreateInvitationParams{
			ID: id, OrgID: actor.OrgID, Email: email, Role: string(role), TeamIds: teamIDs,
			TokenHash: HashToken(s.signer.InvitationToken(id.String())), InvitedBy: optionalID(actor.UserID),
			ExpiresAt: s.now().Add(InvitationTTL),
		})
		if err != nil {
			if errors.Is(store.Err(err), store.ErrConflict) {
				return apperr.New(apperr.Conflict, "already_invited", "%s already has a pending invitation; revoke it to invite again", email)
			}
			return fmt.Errorf("accounts: create invitation: %w", err)
		}
		return Audit(ctx, q, actor, "invitation.created", "invitation", id.String(), map[string]any{"email": email, "role": role})
	})
	return inv, err
}

// RevokeInvitation cancels a pending invitation.
func (s *Service) RevokeInvitation(ctx context.Context, actor Principal, id uuid.UUID) error {
	return s.store.InTx(ctx, func(q *db.Queries) error {
		n, err := q.RevokeInvitation(ctx, db.RevokeInvitationParams{OrgID: actor.OrgID, ID: id})
		if err != nil {
			return fmt.Errorf("accounts: revoke invitation: %w", err)
		}
		if n == 0 {
			return apperr.New(apperr.NotFound, "not_found", "no pending invitation %s", id)
		}
		return Audit(ctx, q, actor, "invitation.revoked", "invitation", id.String(), nil)
	})
}

// LookupInvitation returns the pending invitation behind a token.
func (s *Service) LookupInvitation(ctx context.Context, token string) (db.GetPendingInvitationByTokenRow, error) {
	inv, err := s.store.GetPendingInvitationByToken(ctx, HashToken(token))
	if err != nil {
		if errors.Is(store.Err(err), store.ErrNotFound) {
			return inv, ErrInvitationNotFound
		}
		return inv, fmt.Errorf("accounts: lookup invitation: %w", err)
	}
	return inv, nil
}

// AcceptInvitation turns an invitation into a membership and signs the
// invitee in. A new person sets name and password; someone who already has an
// account proves it with their existing password.
func (s *Service) AcceptInvitation(ctx context.Context, token, name, password, userAgent, ip string) (Session, error) {
	var sess Session
	err := s.store.InTx(ctx, func(q *db.Queries) error {
		inv, err := q.GetPendingInvitationByToken(ctx, HashToken(token))
		if err != nil {
			if errors.Is(store.Err(err), store.ErrNotFound) {
				return ErrInvitationNotFound
			}
			return fmt.Errorf("accounts: accept invitation: %w", err)
		}
		if n, err := q.MarkInvitationAccepted(ctx, inv.ID); err != nil || n == 0 {
			if err != nil {
				return fmt.Errorf("accounts: mark invitation: %w", err)
			}
			return ErrInvitationNotFound
		}
		user, err := s.inviteeAccount(ctx, q, inv.Email, name, password)
		if err != nil {
			return err
		}
		actor := Principal{OrgID: inv.OrgID, UserID: user.ID, Role: Role(inv.Role), IP: ip}
		if err := s.join(ctx, q, actor, user, Role(inv.Role), inv.TeamIds); err != nil {
			return err
		}
		if err := Audit(ctx, q, actor, "invitation.accepted", "invitation", inv.ID.String(), nil); err != nil {
			return err
		}
		sess, err = s.openSession(ctx, q, user.ID, inv.OrgID, userAgent, ip)
		return err
	})
	return sess, err
}

// inviteeAccount returns the existing account for email (checking its
// password) or creates one with the given name and password.
func (s *Service) inviteeAccount(ctx context.Context, q *db.Queries, email, name, password string) (db.User, error) {
	user, err := q.GetUserByEmail(ctx, email)
	if err == nil {
		ok, err := VerifyPassword(user.PasswordHash, password)
		if err != nil {
			return user, fmt.Errorf("accounts: verify invitee: %w", err)
		}
		if !ok {
			return user, apperr.New(apperr.Unauthenticated, "invalid_credentials", "an account with this email exists: enter its password to join")
		}
		return user, nil
	}
	if !errors.Is(store.Err(err), store.ErrNotFound) {
		return user, fmt.Errorf("accounts: look up invitee: %w", err)
	}
	fields := map[string]string{}
	validateName(fields, "name", name)
	validatePassword(fields, "password", password)
	if len(fields) > 0 {
		return user, apperr.Validation(fields)
	}
	hash, err := HashPassword(password)
	if err != nil {
		return user, err
	}
	user, err = q.CreateUser(ctx, db.CreateUserParams{ID: newID(), Email: email, Name: strings.TrimSpace(name), PasswordHash: hash})
	if err != nil {
		return user, fmt.Errorf("accounts: create invitee: %w", err)
	}
	return user, nil
}
