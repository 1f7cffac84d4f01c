package accounts_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"livechat/accounts"
	"livechat/apperr"
	"livechat/store/db"
)

func TestAdminCannotTouchOwner(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, owner := e.org("acme", "olivia@example.test")
	admin := e.member(owner, "adam@example.test", accounts.RoleAdmin)
	agent := e.member(owner, "alice@example.test", accounts.RoleAgent)

	_, err := e.svc.ChangeRole(e.ctx, admin, owner.UserID, accounts.RoleAgent)
	requireAppErr(t, err, apperr.Forbidden, "forbidden")
	requireAppErr(t, e.svc.RemoveMember(e.ctx, admin, owner.UserID), apperr.Forbidden, "forbidden")
	_, err = e.svc.ChangeRole(e.ctx, admin, agent.UserID, accounts.RoleOwner)
	requireAppErr(t, err, apperr.Forbidden, "forbidden")

	require.Equal(t, accounts.RoleOwner, e.role(owner.OrgID, owner.UserID))
	require.Equal(t, accounts.RoleAgent, e.role(owner.OrgID, agent.UserID))

	// What an admin may do.
	m, err := e.svc.ChangeRole(e.ctx, admin, agent.UserID, accounts.RoleSupervisor)
	require.NoError(t, err)
	require.Equal(t, string(accounts.RoleSupervisor), m.Role)
	require.Equal(t, accounts.RoleSupervisor, e.role(owner.OrgID, agent.UserID))
	require.NoError(t, e.svc.RemoveMember(e.ctx, admin, agent.UserID))
	_, err = e.st.GetMembership(e.ctx, db.GetMembershipParams{OrgID: owner.OrgID, UserID: agent.UserID})
	require.True(t, isNotFound(err))
}

func TestSupervisorAndAgentCannotManage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, owner := e.org("acme", "olivia@example.test")
	sup := e.member(owner, "sam@example.test", accounts.RoleSupervisor)
	agent := e.member(owner, "alice@example.test", accounts.RoleAgent)

	for _, actor := range []accounts.Principal{sup, agent} {
		_, err := e.svc.ChangeRole(e.ctx, actor, agent.UserID, accounts.RoleAgent)
		requireAppErr(t, err, apperr.Forbidden, "forbidden")
		requireAppErr(t, e.svc.RemoveMember(e.ctx, actor, agent.UserID), apperr.Forbidden, "forbidden")
	}
	require.Equal(t, accounts.RoleAgent, e.role(owner.OrgID, agent.UserID))
}

func TestLastOwnerIsProtected(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, owner := e.org("acme", "olivia@example.test")

	_, err := e.svc.ChangeRole(e.ctx, owner, owner.UserID, accounts.RoleAdmin)
	requireAppErr(t, err, apperr.Conflict, "last_owner")
	requireAppErr(t, e.svc.RemoveMember(e.ctx, owner, owner.UserID), apperr.Conflict, "last_owner")
	require.Equal(t, accounts.RoleOwner, e.role(owner.OrgID, owner.UserID))
}

func TestOneOfTwoOwnersMayBeDemoted(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, owner := e.org("acme", "olivia@example.test")
	second := e.member(owner, "otto@example.test", accounts.RoleOwner)

	m, err := e.svc.ChangeRole(e.ctx, second, owner.UserID, accounts.RoleAdmin)
	require.NoError(t, err)
	require.Equal(t, string(accounts.RoleAdmin), m.Role)
	require.Equal(t, accounts.RoleAdmin, e.role(owner.OrgID, owner.UserID))

	// Now second is the last owner.
	_, err = e.svc.ChangeRole(e.ctx, second, second.UserID, accounts.RoleAgent)
	requireAppErr(t, err, apperr.Conflict, "last_owner")

	// With two owners again, one may remove the other.
	third := e.member(second, "tina@example.test", accounts.RoleOwner)
	require.NoError(t, e.svc.RemoveMember(e.ctx, third, second.UserID))
	requireAppErr(t, e.svc.RemoveMember(e.ctx, third, third.UserID), apperr.Conflict, "last_owner")
}

func TestChangeRoleUnknownMemberOrRole(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, owner := e.org("acme", "olivia@example.test")
	_, other := e.org("globex", "hank@example.test")

	_, err := e.svc.ChangeRole(e.ctx, owner, owner.UserID, "emperor")
	requireAppErr(t, err, apperr.Invalid, "validation_failed")
	_, err = e.svc.ChangeRole(e.ctx, owner, uuid.New(), accounts.RoleAgent)
	requireAppErr(t, err, apperr.NotFound, "not_found")
	_, err = e.svc.ChangeRole(e.ctx, owner, other.UserID, accounts.RoleAgent)
	requireAppErr(t, err, apperr.NotFound, "not_found")
	requireAppErr(t, e.svc.RemoveMember(e.ctx, owner, other.UserID), apperr.NotFound, "not_found")
	require.Equal(t, accounts.RoleOwner, e.role(other.OrgID, other.UserID), "another org's owner untouched")
}

func TestTwoOwnersDemotingEachOtherAtOnceLeaveOneOwner(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, first := e.org("acme", "olivia@example.test")
	second := e.member(first, "otto@example.test", accounts.RoleOwner)

	start := make(chan struct{})
	errs := make(chan error, 2)
	for _, pair := range [][2]accounts.Principal{{first, second}, {second, first}} {
		go func() {
			<-start
			_, err := e.svc.ChangeRole(e.ctx, pair[0], pair[1].UserID, accounts.RoleAdmin)
			errs <- err
		}()
	}
	close(start)

	var failed int
	for range 2 {
		if err := <-errs; err != nil {
			requireAppErr(t, err, apperr.Conflict, "last_owner")
			failed++
		}
	}
	require.Equal(t, 1, failed, "exactly one demotion wins")
	var owners int
	require.NoError(t, e.st.Pool.QueryRow(e.ctx, `SELECT count(*) FROM memberships WHERE org_id = $1 AND role = 'owner'`, first.OrgID).Scan(&owners))
	require.Equal(t, 1, owners)
}
