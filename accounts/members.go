package accounts

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"livechat/apperr"
	"livechat/store"
	"livechat/store/db"
)

// join makes user a member of the actor's organisation with a role and teams.
func (s *Service) join(ctx context.Context, q *db.Queries, actor Principal, user db.User, role Role, teamIDs []uuid.UUID) error {
	if _, err := q.CreateMembership(ctx, db.CreateMembershipParams{OrgID: actor.OrgID, UserID: user.ID, Role: string(role)}); err != nil {
		if errors.Is(store.Err(err), store.ErrConflict) {
			return apperr.New(apperr.Conflict, "already_member", "%s is already a member of this organisation", user.Email)
		}
		return fmt.Errorf("accounts: create membership: %w", err)
	}
	for _, teamID := range teamIDs {
		if _, err := q.GetTeam(ctx, db.GetTeamParams{OrgID: actor.OrgID, ID: teamID}); err != nil {
			if errors.Is(store.Err(err), store.ErrNotFound) {
				return apperr.Validation(map[string]string{"team_ids": "unknown team " + teamID.String()})
			}
			return fmt.Errorf("accounts: team %s: %w", teamID, err)
		}
		if err := q.AddTeamMember(ctx, db.AddTeamMemberParams{TeamID: teamID, OrgID: actor.OrgID, UserID: user.ID}); err != nil {
			return fmt.Errorf("accounts: join team %s: %w", teamID, err)
		}
	}
	return Audit(ctx, q, actor, "member.added", "user", user.ID.String(), map[string]any{"email": user.Email, "role": role})
}

// memberOf loads a member of the actor's organisation, or apperr.NotFound.
func memberOf(ctx context.Context, q *db.Queries, orgID, userID uuid.UUID) (db.GetMemberRow, error) {
	m, err := q.GetMember(ctx, db.GetMemberParams{OrgID: orgID, UserID: userID})
	if err != nil {
		if errors.Is(store.Err(err), store.ErrNotFound) {
			return m, apperr.New(apperr.NotFound, "not_found", "no member %s in this organisation", userID)
		}
		return m, fmt.Errorf("accounts: load member: %w", err)
	}
	return m, nil
}

// ChangeRole sets a member's role. Admins cannot touch owners or make
// owners; the last owner cannot be demoted.
func (s *Service) ChangeRole(ctx context.Context, actor Principal, userID uuid.UUID, role Role) (db.GetMemberRow, error) {
	if !role.Valid() {
		return db.GetMemberRow{}, apperr.Validation(map[string]string{"role": "one of owner, admin, supervisor, agent"})
	}
	var out db.GetMemberRow
	err := s.store.InTx(ctx, func(q *db.Queries) error {
		if err := q.LockOrgOwners(ctx, actor.OrgID); err != nil {
			return fmt.Errorf("accounts: lock owners: %w", err)
		}
		m, err := memberOf(ctx, q, actor.OrgID, userID)
		if err != nil {
			return err
		}
		current := Role(m.Role)
		if !actor.Role.CanManage(current) || !actor.Role.CanManage(role) {
			return apperr.New(apperr.Forbidden, "forbidden", "only owners can change an owner's role or grant the owner role")
		}
		if current == RoleOwner && role != RoleOwner {
			if err := ensureAnotherOwner(ctx, q, actor.OrgID); err != nil {
				return err
			}
		}
		if _, err := q.UpdateMembershipRole(ctx, db.UpdateMembershipRoleParams{OrgID: actor.OrgID, UserID: userID, Role: string(role)}); err != nil {
			return fmt.Errorf("accounts: update role: %w", err)
		}
		m.Role = string(role)
		out = m
		return Audit(ctx, q, actor, "member.role_changed", "user", userID.String(), map[string]any{"from": current, "to": role})
	})
	return out, err
}

// RemoveMember takes a member out of the organisation (their sessions for it
// stop working at once). The last owner cannot be removed.
func (s *Service) RemoveMember(ctx context.Context, actor Principal, userID uuid.UUID) error {
	return s.store.InTx(ctx, func(q *db.Queries) error {
		if err := q.LockOrgOwners(ctx, actor.OrgID); err != nil {
			return fmt.Errorf("accounts: lock owners: %w", err)
		}
		m, err := memberOf(ctx, q, actor.OrgID, userID)
		if err != nil {
			return err
		}
		if !actor.Role.CanManage(Role(m.Role)) {
			return apperr.New(apperr.Forbidden, "forbidden", "only owners can remove an owner")
		}
		if Role(m.Role) == RoleOwner {
			if err := ensureAnotherOwner(ctx, q, actor.OrgID); err != nil {
				return err
			}
		}
		if _, err := q.DeleteMembership(ctx, db.DeleteMembershipParams{OrgID: actor.OrgID, UserID: userID}); err != nil {
			return fmt.Errorf("accounts: delete membership: %w", err)
		}
		return Audit(ctx, q, actor, "member.removed", "user", userID.String(), map[string]any{"email": m.Email})
	})
}

func ensureAnotherOwner(ctx context.Context, q *db.Queries, orgID uuid.UUID) error {
	owners, err := q.CountOwners(ctx, orgID)
	if err != nil {
		return fmt.Errorf("accounts: count owners: %w", err)
	}
	if owners <= 1 {
		return apperr.New(apperr.Conflict, "last_owner", "an organisation needs at least one owner")
	}
	return nil
}
