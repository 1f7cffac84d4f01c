package accounts

// Role is a member's role in an organisation.
type Role string

// The roles, from most to least privileged.
const (
	RoleOwner      Role = "owner"
	RoleAdmin      Role = "admin"
	RoleSupervisor Role = "supervisor"
	RoleAgent      Role = "agent"
)

var roleRank = map[Role]int{RoleAgent: 1, RoleSupervisor: 2, RoleAdmin: 3, RoleOwner: 4}

// Valid reports whether r is one of the four roles.
func (r Role) Valid() bool { return roleRank[r] > 0 }

// AtLeast reports whether r is as privileged as min or more.
func (r Role) AtLeast(min Role) bool { return roleRank[r] >= roleRank[min] }

// CanManage reports whether a member with role r may invite, change or remove
// a member holding (or about to hold) role target: admins manage everyone but
// owners; only owners manage owners.
func (r Role) CanManage(target Role) bool {
	if !r.AtLeast(RoleAdmin) {
		return false
	}
	return target != RoleOwner || r == RoleOwner
}
