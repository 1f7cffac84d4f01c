package accounts_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"livechat/accounts"
	"livechat/apperr"
	"livechat/store/db"
)

func TestInviteAndAcceptNewUser(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	created, owner := e.org("acme", "olivia@example.test")

	inv, err := e.svc.Invite(e.ctx, owner, "New.Agent@Example.test", accounts.RoleAgent, []uuid.UUID{created.Inbox.ID})
	require.NoError(t, err)
	require.Equal(t, "new.agent@example.test", inv.Email)
	require.Equal(t, string(accounts.RoleAgent), inv.Role)
	token := e.svc.Signer().InvitationToken(inv.ID.String())
	require.Equal(t, accounts.HashToken(token), inv.TokenHash, "only the token's hash is stored")

	pending, err := e.svc.LookupInvitation(e.ctx, token)
	require.NoError(t, err)
	require.Equal(t, inv.ID, pending.ID)
	require.Equal(t, created.Org.Name, pending.OrgName)

	sess, err := e.svc.AcceptInvitation(e.ctx, token, "New Agent", "a new password 123", "ua", "192.0.2.1")
	require.NoError(t, err)
	require.NotEmpty(t, sess.Token)
	require.Equal(t, created.Org.ID, sess.Principal.OrgID)
	require.Equal(t, accounts.RoleAgent, sess.Principal.Role)
	require.Equal(t, "new.agent@example.test", sess.Principal.Email)

	members, err := e.st.ListTeamMembers(e.ctx, db.ListTeamMembersParams{OrgID: created.Org.ID, TeamID: created.Inbox.ID})
	require.NoError(t, err)
	var ids []uuid.UUID
	for _, m := range members {
		ids = append(ids, m.UserID)
	}
	require.Contains(t, ids, sess.Principal.UserID, "joined the invited team")

	_, err = e.svc.Login(e.ctx, "new.agent@example.test", "a new password 123", "", "")
	require.NoError(t, err)

	_, err = e.svc.AcceptInvitation(e.ctx, token, "Someone Else", "another password 1", "", "")
	require.ErrorIs(t, err, accounts.ErrInvitationNotFound, "accepting twice fails")
	_, err = e.svc.LookupInvitation(e.ctx, token)
	require.ErrorIs(t, err, accounts.ErrInvitationNotFound)
}

func TestAcceptInvitationValidatesNewAccount(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, owner := e.org("acme", "olivia@example.test")
	inv, err := e.svc.Invite(e.ctx, owner, "new@example.test", accounts.RoleAgent, nil)
	require.NoError(t, err)
	token := e.svc.Signer().InvitationToken(inv.ID.String())

	_, err = e.svc.AcceptInvitation(e.ctx, token, "", "short", "", "")
	ae := requireAppErr(t, err, apperr.Invalid, "validation_failed")
	require.Contains(t, ae.Fields, "name")
	require.Contains(t, ae.Fields, "password")

	_, err = e.svc.LookupInvitation(e.ctx, token)
	require.NoError(t, err, "a failed acceptance leaves the invitation pending")
}

func TestAcceptInvitationExistingUserNeedsTheirPassword(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, acme := e.org("acme", "olivia@example.test")
	globex, _ := e.org("globex", "hank@example.test") // Hank owns another org

	inv, err := e.svc.Invite(e.ctx, acme, "hank@example.test", accounts.RoleSupervisor, nil)
	require.NoError(t, err)
	token := e.svc.Signer().InvitationToken(inv.ID.String())

	_, err = e.svc.AcceptInvitation(e.ctx, token, "Hank", "not his password", "", "")
	requireAppErr(t, err, apperr.Unauthenticated, "invalid_credentials")
	_, err = e.svc.LookupInvitation(e.ctx, token)
	require.NoError(t, err, "a wrong password leaves the invitation pending")

	sess, err := e.svc.AcceptInvitation(e.ctx, token, "", testPassword, "", "")
	require.NoError(t, err)
	require.Equal(t, acme.OrgID, sess.Principal.OrgID)
	require.Equal(t, globex.Owner.ID, sess.Principal.UserID, "the existing account joined")
	require.Equal(t, accounts.RoleSupervisor, sess.Principal.Role)
	require.Equal(t, accounts.RoleOwner, e.role(globex.Org.ID, globex.Owner.ID), "still owner of the other org")

	user, err := e.st.GetUserByEmail(e.ctx, "hank@example.test")
	require.NoError(t, err)
	require.Equal(t, globex.Owner.PasswordHash, user.PasswordHash, "password unchanged")
}

func TestAcceptInvitationRevokedOrExpired(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, owner := e.org("acme", "olivia@example.test")

	revoked, err := e.svc.Invite(e.ctx, owner, "revoked@example.test", accounts.RoleAgent, nil)
	require.NoError(t, err)
	require.NoError(t, e.svc.RevokeInvitation(e.ctx, owner, revoked.ID))
	_, err = e.svc.AcceptInvitation(e.ctx, e.svc.Signer().InvitationToken(revoked.ID.String()), "Rev", testPassword, "", "")
	require.ErrorIs(t, err, accounts.ErrInvitationNotFound)

	expired, err := e.svc.Invite(e.ctx, owner, "expired@example.test", accounts.RoleAgent, nil)
	require.NoError(t, err)
	tag, err := e.st.Pool.Exec(e.ctx, `UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = $1`, expired.ID)
	require.NoError(t, err)
	require.EqualValues(t, 1, tag.RowsAffected())
	_, err = e.svc.AcceptInvitation(e.ctx, e.svc.Signer().InvitationToken(expired.ID.String()), "Exp", testPassword, "", "")
	require.ErrorIs(t, err, accounts.ErrInvitationNotFound)

	_, err = e.svc.AcceptInvitation(e.ctx, "lci_garbage", "G", testPassword, "", "")
	require.ErrorIs(t, err, accounts.ErrInvitationNotFound)

	for _, email := range []string{"revoked@example.test", "expired@example.test", "g@example.test"} {
		_, err := e.st.GetUserByEmail(e.ctx, email)
		require.True(t, isNotFound(err), "no account created for %s", email)
	}
}

func TestAcceptInvitationTokenFromAnotherSecretFails(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, owner := e.org("acme", "olivia@example.test")
	inv, err := e.svc.Invite(e.ctx, owner, "new@example.test", accounts.RoleAgent, nil)
	require.NoError(t, err)
	forged := accounts.NewSigner("another secret, 32 characters long!").InvitationToken(inv.ID.String())
	_, err = e.svc.AcceptInvitation(e.ctx, forged, "New", testPassword, "", "")
	require.ErrorIs(t, err, accounts.ErrInvitationNotFound)
}

func TestInviteRules(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, owner := e.org("acme", "olivia@example.test")
	admin := e.member(owner, "adam@example.test", accounts.RoleAdmin)
	agent := e.member(owner, "alice@example.test", accounts.RoleAgent)

	_, err := e.svc.Invite(e.ctx, owner, "bad", "wizard", nil)
	ae := requireAppErr(t, err, apperr.Invalid, "validation_failed")
	require.Contains(t, ae.Fields, "email")
	require.Contains(t, ae.Fields, "role")

	_, err = e.svc.Invite(e.ctx, admin, "o2@example.test", accounts.RoleOwner, nil)
	requireAppErr(t, err, apperr.Forbidden, "forbidden")
	_, err = e.svc.Invite(e.ctx, agent, "a2@example.test", accounts.RoleAgent, nil)
	requireAppErr(t, err, apperr.Forbidden, "forbidden")

	_, err = e.svc.Invite(e.ctx, admin, "alice@example.test", accounts.RoleAgent, nil)
	requireAppErr(t, err, apperr.Conflict, "already_member")

	_, err = e.svc.Invite(e.ctx, admin, "new@example.test", accounts.RoleAgent, []uuid.UUID{uuid.New()})
	ae = requireAppErr(t, err, apperr.Invalid, "validation_failed")
	require.Contains(t, ae.Fields, "team_ids")

	_, err = e.svc.Invite(e.ctx, admin, "new@example.test", accounts.RoleAgent, nil)
	require.NoError(t, err)
	_, err = e.svc.Invite(e.ctx, admin, "NEW@example.test", accounts.RoleAgent, nil)
	requireAppErr(t, err, apperr.Conflict, "already_invited")
}
