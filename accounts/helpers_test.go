package accounts_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"livechat/accounts"
	"livechat/apperr"
	"livechat/store"
	"livechat/store/db"
	"livechat/store/storetest"
)

const (
	testSecret   = "test-session-secret-0123456789abcdef"
	testPassword = "correct horse battery"
)

// env is one test's account service on its own database.
type env struct {
	t   *testing.T
	ctx context.Context
	st  *store.Store
	svc *accounts.Service
}

func newEnv(t *testing.T) *env {
	t.Helper()
	st, _ := storetest.NewDatabase(t)
	return &env{t: t, ctx: context.Background(), st: st, svc: accounts.NewService(st, accounts.NewSigner(testSecret))}
}

// org creates an organisation whose owner is ownerEmail (password testPassword)
// and returns it with the owner's principal.
func (e *env) org(slug, ownerEmail string) (accounts.CreatedOrganization, accounts.Principal) {
	e.t.Helper()
	created, err := e.svc.CreateOrganization(e.ctx, accounts.NewOrganization{
		Name: "Org " + slug, Slug: slug, OwnerEmail: ownerEmail, OwnerName: "Owner " + slug, OwnerPassword: testPassword,
	})
	require.NoError(e.t, err)
	return created, accounts.Principal{OrgID: created.Org.ID, UserID: created.Owner.ID, Role: accounts.RoleOwner}
}

// member adds a member with a role (password testPassword) and returns their principal.
func (e *env) member(owner accounts.Principal, email string, role accounts.Role) accounts.Principal {
	e.t.Helper()
	u, err := e.svc.AddMember(e.ctx, owner, email, "Member "+email, testPassword, role)
	require.NoError(e.t, err)
	return accounts.Principal{OrgID: owner.OrgID, UserID: u.ID, Role: role}
}

// count returns the number of rows of a table.
func (e *env) count(table string) int {
	e.t.Helper()
	var n int
	require.NoError(e.t, e.st.Pool.QueryRow(e.ctx, `SELECT count(*) FROM `+table).Scan(&n))
	return n
}

// role returns a member's current role in an organisation.
func (e *env) role(orgID, userID uuid.UUID) accounts.Role {
	e.t.Helper()
	m, err := e.st.GetMembership(e.ctx, db.GetMembershipParams{OrgID: orgID, UserID: userID})
	require.NoError(e.t, err)
	return accounts.Role(m.Role)
}

// requireAppErr asserts err is an *apperr.Error of kind with code.
// requireAppErr checks err is an apperr.Error of the kind and code and returns
// it by value (so callers need not check it as an error).
func requireAppErr(t *testing.T, err error, kind apperr.Kind, code string) apperr.Error {
	t.Helper()
	require.Error(t, err)
	ae, ok := apperr.As(err)
	require.True(t, ok, "want an apperr.Error, got %T: %v", err, err)
	require.Equal(t, kind, ae.Kind, "kind of %v", err)
	require.Equal(t, code, ae.Code, "code of %v", err)
	return *ae
}

func isNotFound(err error) bool { return errors.Is(store.Err(err), store.ErrNotFound) }
