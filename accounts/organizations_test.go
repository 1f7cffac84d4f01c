package accounts_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"livechat/accounts"
	"livechat/apperr"
	"livechat/store"
	"livechat/store/db"
)

func TestCreateOrganization(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	created, err := e.svc.CreateOrganization(e.ctx, accounts.NewOrganization{
		Name: "  Acme Support ", Slug: "acme", OwnerEmail: " Olivia@Example.TEST ", OwnerName: "Olivia", OwnerPassword: testPassword,
	})
	require.NoError(t, err)

	org, err := e.st.GetOrganizationBySlug(e.ctx, "acme")
	require.NoError(t, err)
	require.Equal(t, created.Org.ID, org.ID)
	require.Equal(t, "Acme Support", org.Name)

	owner, err := e.st.GetUserByEmail(e.ctx, "olivia@example.test")
	require.NoError(t, err)
	require.Equal(t, created.Owner.ID, owner.ID)
	require.NotEqual(t, testPassword, owner.PasswordHash)
	ok, err := accounts.VerifyPassword(owner.PasswordHash, testPassword)
	require.NoError(t, err)
	require.True(t, ok)

	require.Equal(t, accounts.RoleOwner, e.role(org.ID, owner.ID))

	teams, err := e.st.ListTeams(e.ctx, org.ID)
	require.NoError(t, err)
	require.Len(t, teams, 1)
	require.Equal(t, accounts.DefaultTeamName, teams[0].Name)
	require.Equal(t, created.Inbox.ID, teams[0].ID)
	members, err := e.st.ListTeamMembers(e.ctx, db.ListTeamMembersParams{OrgID: org.ID, TeamID: teams[0].ID})
	require.NoError(t, err)
	require.Len(t, members, 1)
	require.Equal(t, owner.ID, members[0].UserID)

	var action, targetType, targetID string
	require.NoError(t, e.st.Pool.QueryRow(e.ctx,
		`SELECT action, target_type, target_id FROM audit_log WHERE org_id = $1 AND actor_user_id = $2`,
		org.ID, owner.ID).Scan(&action, &targetType, &targetID))
	require.Equal(t, "organization.created", action)
	require.Equal(t, "organization", targetType)
	require.Equal(t, org.ID.String(), targetID)
}

func TestCreateOrganizationValidates(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, err := e.svc.CreateOrganization(e.ctx, accounts.NewOrganization{
		Name: " ", Slug: "Not A Slug", OwnerEmail: "not-an-email", OwnerName: "", OwnerPassword: "short",
	})
	ae := requireAppErr(t, err, apperr.Invalid, "validation_failed")
	for _, field := range []string{"name", "slug", "owner_email", "owner_name", "owner_password"} {
		require.Contains(t, ae.Fields, field)
		require.Contains(t, ae.Message, field)
	}
	require.Zero(t, e.count("organizations"))
	require.Zero(t, e.count("users"))
}

func TestCreateOrganizationDuplicateSlugLeavesNoRows(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.org("acme", "first@example.test")
	orgs, users, teams, members, audits := e.count("organizations"), e.count("users"), e.count("teams"), e.count("memberships"), e.count("audit_log")

	_, err := e.svc.CreateOrganization(e.ctx, accounts.NewOrganization{
		Name: "Other Acme", Slug: "acme", OwnerEmail: "second@example.test", OwnerName: "Second", OwnerPassword: testPassword,
	})
	require.ErrorIs(t, err, store.ErrConflict)

	require.Equal(t, orgs, e.count("organizations"))
	require.Equal(t, users, e.count("users"), "the second owner was not created")
	require.Equal(t, teams, e.count("teams"))
	require.Equal(t, members, e.count("memberships"))
	require.Equal(t, audits, e.count("audit_log"))
	_, err = e.st.GetUserByEmail(e.ctx, "second@example.test")
	require.True(t, isNotFound(err))
}
