package accounts_test

import (
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"livechat/accounts"
	"livechat/apperr"
	"livechat/store/db"
)

func TestLogin(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	created, _ := e.org("acme", "olivia@example.test")

	sess, err := e.svc.Login(e.ctx, " OLIVIA@example.test", testPassword, "test-agent", "192.0.2.1")
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(sess.Token, accounts.SessionTokenPrefix))
	require.Equal(t, accounts.HashToken(sess.Token), sess.Hash)
	require.Equal(t, created.Org.ID, sess.Principal.OrgID)
	require.Equal(t, created.Owner.ID, sess.Principal.UserID)
	require.Equal(t, accounts.RoleOwner, sess.Principal.Role)

	var stored int
	require.NoError(t, e.st.Pool.QueryRow(e.ctx, `SELECT count(*) FROM sessions WHERE token_hash = $1`, sess.Hash).Scan(&stored))
	require.Equal(t, 1, stored, "only the hash is stored")
}

func TestLoginRefusesBadCredentialsAlike(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.org("acme", "olivia@example.test")

	_, err := e.svc.Login(e.ctx, "olivia@example.test", "wrong password!", "", "")
	require.ErrorIs(t, err, accounts.ErrInvalidCredentials)
	_, err = e.svc.Login(e.ctx, "nobody@example.test", testPassword, "", "")
	require.ErrorIs(t, err, accounts.ErrInvalidCredentials)
	require.Zero(t, e.count("sessions"))
}

func TestLoginWithoutMembership(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	hash, err := accounts.HashPassword(testPassword)
	require.NoError(t, err)
	_, err = e.st.CreateUser(e.ctx, db.CreateUserParams{ID: uuid.New(), Email: "loner@example.test", Name: "Loner", PasswordHash: hash})
	require.NoError(t, err)

	_, err = e.svc.Login(e.ctx, "loner@example.test", testPassword, "", "")
	requireAppErr(t, err, apperr.Forbidden, "no_organization")
	require.Zero(t, e.count("sessions"))
}

func TestAuthenticate(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	created, _ := e.org("acme", "olivia@example.test")
	sess, err := e.svc.Login(e.ctx, "olivia@example.test", testPassword, "", "")
	require.NoError(t, err)

	got, err := e.svc.Authenticate(e.ctx, sess.Token)
	require.NoError(t, err)
	require.Equal(t, sess.Hash, got.Hash)
	require.Equal(t, created.Org.ID, got.Principal.OrgID)
	require.Equal(t, created.Org.Name, got.Principal.OrgName)
	require.Equal(t, created.Owner.ID, got.Principal.UserID)
	require.Equal(t, "olivia@example.test", got.Principal.Email)
	require.Equal(t, accounts.RoleOwner, got.Principal.Role)
	require.Empty(t, got.Token, "the token is only returned when the session is created")

	for _, bad := range []string{"", "garbage", accounts.SessionTokenPrefix + "garbage", sess.Token + "x"} {
		_, err := e.svc.Authenticate(e.ctx, bad)
		require.ErrorIs(t, err, accounts.ErrUnauthenticated, "%q", bad)
	}
}

func TestAuthenticateRefusesExpiredSession(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.org("acme", "olivia@example.test")
	sess, err := e.svc.Login(e.ctx, "olivia@example.test", testPassword, "", "")
	require.NoError(t, err)

	tag, err := e.st.Pool.Exec(e.ctx, `UPDATE sessions SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, sess.Hash)
	require.NoError(t, err)
	require.EqualValues(t, 1, tag.RowsAffected())

	_, err = e.svc.Authenticate(e.ctx, sess.Token)
	require.ErrorIs(t, err, accounts.ErrUnauthenticated)
}

func TestAuthenticateRefusesRemovedMember(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, owner := e.org("acme", "olivia@example.test")
	agent := e.member(owner, "alice@example.test", accounts.RoleAgent)
	sess, err := e.svc.Login(e.ctx, "alice@example.test", testPassword, "", "")
	require.NoError(t, err)
	_, err = e.svc.Authenticate(e.ctx, sess.Token)
	require.NoError(t, err)

	require.NoError(t, e.svc.RemoveMember(e.ctx, owner, agent.UserID))
	_, err = e.svc.Authenticate(e.ctx, sess.Token)
	require.ErrorIs(t, err, accounts.ErrUnauthenticated)
}

func TestLogout(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.org("acme", "olivia@example.test")
	sess, err := e.svc.Login(e.ctx, "olivia@example.test", testPassword, "", "")
	require.NoError(t, err)
	require.NoError(t, e.svc.Logout(e.ctx, sess.Hash))
	_, err = e.svc.Authenticate(e.ctx, sess.Token)
	require.ErrorIs(t, err, accounts.ErrUnauthenticated)
}
