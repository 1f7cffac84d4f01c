package accounts_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"livechat/accounts"
)

var allRoles = []accounts.Role{accounts.RoleOwner, accounts.RoleAdmin, accounts.RoleSupervisor, accounts.RoleAgent}

func TestRoleValid(t *testing.T) {
	t.Parallel()
	for _, r := range allRoles {
		require.True(t, r.Valid(), r)
	}
	for _, r := range []accounts.Role{"", "Owner", "root", "superadmin"} {
		require.False(t, r.Valid(), r)
	}
}

func TestRoleAtLeast(t *testing.T) {
	t.Parallel()
	// allRoles is ordered from most to least privileged.
	for i, r := range allRoles {
		for j, min := range allRoles {
			require.Equal(t, i <= j, r.AtLeast(min), "%s.AtLeast(%s)", r, min)
		}
	}
	require.False(t, accounts.Role("bogus").AtLeast(accounts.RoleAgent))
}

func TestRoleCanManage(t *testing.T) {
	t.Parallel()
	const (
		O = accounts.RoleOwner
		A = accounts.RoleAdmin
		S = accounts.RoleSupervisor
		G = accounts.RoleAgent
	)
	want := map[accounts.Role]map[accounts.Role]bool{
		O: {O: true, A: true, S: true, G: true},
		A: {O: false, A: true, S: true, G: true},
		S: {O: false, A: false, S: false, G: false},
		G: {O: false, A: false, S: false, G: false},
	}
	for _, actor := range allRoles {
		for _, target := range allRoles {
			t.Run(fmt.Sprintf("%s manages %s", actor, target), func(t *testing.T) {
				require.Equal(t, want[actor][target], actor.CanManage(target))
			})
		}
	}
	require.False(t, accounts.Role("bogus").CanManage(G))
}
