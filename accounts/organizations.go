package accounts

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/google/uuid"

	"livechat/apperr"
	"livechat/store"
	"livechat/store/db"
)

// DefaultTeamName is the team every new organisation starts with.
const DefaultTeamName = "Inbox"

// NewOrganization describes an organisation and its first owner.
type NewOrganization struct {
	Name          string
	Slug          string
	OwnerEmail    string
	OwnerName     string
	OwnerPassword string
}

// CreatedOrganization is what CreateOrganization made.
type CreatedOrganization struct {
	Org   db.Organization
	Owner db.User
	Inbox db.Team
}

var slugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,62}$`)

// CreateOrganization creates an organisation with its owner and the default
// "Inbox" team (the owner is a member of it), in one transaction.
func (s *Service) CreateOrganization(ctx context.Context, in NewOrganization) (CreatedOrganization, error) {
	fields := map[string]string{}
	if strings.TrimSpace(in.Name) == "" {
		fields["name"] = "required"
	}
	if !slugPattern.MatchString(in.Slug) {
		fields["slug"] = "2–63 lowercase letters, digits or dashes"
	}
	validateEmail(fields, "owner_email", in.OwnerEmail)
	validateName(fields, "owner_name", in.OwnerName)
	validatePassword(fields, "owner_password", in.OwnerPassword)
	if len(fields) > 0 {
		return CreatedOrganization{}, apperr.Validation(fields)
	}
	hash, err := HashPassword(in.OwnerPassword)
	if err != nil {
		return CreatedOrganization{}, err
	}
	var out CreatedOrganization
	err = s.store.InTx(ctx, func(q *db.Queries) error {
		var err error
		out.Org, err = q.CreateOrganization(ctx, db.CreateOrganizationParams{ID: newID(), Name: strings.TrimSpace(in.Name), Slug: in.Slug})
		if err != nil {
			return fmt.Errorf("accounts: create organisation: %w", store.Err(err))
		}
		out.Owner, err = q.CreateUser(ctx, db.CreateUserParams{ID: newID(), Email: normalizeEmail(in.OwnerEmail), Name: strings.TrimSpace(in.OwnerName), PasswordHash: hash})
		if err != nil {
			return fmt.Errorf("accounts: create owner: %w", store.Err(err))
		}
		if _, err := q.CreateMembership(ctx, db.CreateMembershipParams{OrgID: out.Org.ID, UserID: out.Owner.ID, Role: string(RoleOwner)}); err != nil {
			return fmt.Errorf("accounts: owner membership: %w", err)
		}
		out.Inbox, err = q.CreateTeam(ctx, db.CreateTeamParams{ID: newID(), OrgID: out.Org.ID, Name: DefaultTeamName})
		if err != nil {
			return fmt.Errorf("accounts: create inbox: %w", err)
		}
		if err := q.AddTeamMember(ctx, db.AddTeamMemberParams{TeamID: out.Inbox.ID, OrgID: out.Org.ID, UserID: out.Owner.ID}); err != nil {
			return fmt.Errorf("accounts: inbox membership: %w", err)
		}
		owner := Principal{OrgID: out.Org.ID, UserID: out.Owner.ID, Role: RoleOwner}
		return Audit(ctx, q, owner, "organization.created", "organization", out.Org.ID.String(), map[string]any{"name": out.Org.Name})
	})
	return out, err
}

// AddMember creates (or reuses) the user with this email and makes them a
// member with the given role and teams. It is used to seed organisations;
// people normally join through invitations.
func (s *Service) AddMember(ctx context.Context, actor Principal, email, name, password string, role Role, teamIDs ...uuid.UUID) (db.User, error) {
	fields := map[string]string{}
	validateEmail(fields, "email", email)
	validateName(fields, "name", name)
	validatePassword(fields, "password", password)
	if !role.Valid() {
		fields["role"] = "one of owner, admin, supervisor, agent"
	}
	if len(fields) > 0 {
		return db.User{}, apperr.Validation(fields)
	}
	hash, err := HashPassword(password)
	if err != nil {
		return db.User{}, err
	}
	var user db.User
	err = s.store.InTx(ctx, func(q *db.Queries) error {
		var err error
		user, err = q.CreateUser(ctx, db.CreateUserParams{ID: newID(), Email: normalizeEmail(email), Name: strings.TrimSpace(name), PasswordHash: hash})
		if err != nil {
			return fmt.Errorf("accounts: create user: %w", store.Err(err))
		}
		return s.join(ctx, q, actor, user, role, teamIDs)
	})
	return user, err
}
