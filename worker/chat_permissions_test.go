package worker_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"livechat/accounts"
	"livechat/store/db"
)

// TestPermissionModesOverHTTP checks, for each team mode, what a second
// agent of the team may see and do with a chat assigned to the first, and
// that a supervisor may always see and re-assign.
func TestPermissionModesOverHTTP(t *testing.T) {
	t.Parallel()
	s := newStack(t)
	owner := accounts.Principal{OrgID: s.org.Org.ID, UserID: s.org.Owner.ID, Role: accounts.RoleOwner}
	alice, bob, carol := s.addAgent("alice", false), s.addAgent("bob", false), s.addAgent("carol", false)
	super := s.addMemberWithRole("sam", accounts.RoleSupervisor)
	outsider := s.addMemberWithRole("olga", accounts.RoleAgent)
	_, err := s.st.Pool.Exec(t.Context(), `DELETE FROM team_members WHERE user_id = $1`, outsider.ID)
	require.NoError(t, err)

	type expect struct {
		bobSeesAssigned, bobSeesUnassigned, bobPosts, bobEnds, bobReassigns, bobClaims bool
	}
	modes := map[string]expect{
		"collaborative": {bobSeesAssigned: true, bobSeesUnassigned: true, bobPosts: true, bobEnds: true, bobReassigns: true, bobClaims: true},
		"self_service":  {bobSeesAssigned: false, bobSeesUnassigned: true, bobPosts: false, bobEnds: false, bobReassigns: false, bobClaims: true},
		"restrictive":   {bobSeesAssigned: false, bobSeesUnassigned: false, bobPosts: false, bobEnds: false, bobReassigns: false, bobClaims: false},
	}
	for mode, want := range modes {
		t.Run(mode, func(t *testing.T) {
			team, err := s.st.CreateTeam(t.Context(), db.CreateTeamParams{ID: uuid.Must(uuid.NewV7()), OrgID: owner.OrgID, Name: "team " + mode})
			require.NoError(t, err)
			_, err = s.st.Pool.Exec(t.Context(), `UPDATE teams SET permission_mode = $2 WHERE id = $1`, team.ID, mode)
			require.NoError(t, err)
			for _, a := range []*agent{alice, bob, carol, super} {
				require.NoError(t, s.st.AddTeamMember(t.Context(), db.AddTeamMemberParams{TeamID: team.ID, OrgID: owner.OrgID, UserID: a.ID}))
			}
			assigned := s.handoffTo(team.ID, "assigned-"+mode)
			status, body, _ := s.call(http.MethodPost, chatPath(assigned, "/assign"), nil, map[string]any{"agent_id": alice.ID})
			require.Equal(t, http.StatusOK, status, "the bot assigns: %v", body)
			unassigned := s.handoffTo(team.ID, "unassigned-"+mode)

			check := func(who *agent, method, path string, body any, allowed bool, okStatus int, what string) {
				t.Helper()
				status, reply, _ := s.call(method, path, who, body)
				if allowed {
					require.Equal(t, okStatus, status, "%s should be allowed: %v", what, reply)
				} else {
					require.Contains(t, []int{http.StatusForbidden, http.StatusNotFound}, status, "%s should be refused: %v", what, reply)
				}
			}
			check(bob, http.MethodGet, chatPath(assigned, ""), nil, want.bobSeesAssigned, http.StatusOK, "bob sees alice's chat")
			check(bob, http.MethodGet, chatPath(unassigned, ""), nil, want.bobSeesUnassigned, http.StatusOK, "bob sees an unassigned chat")
			check(bob, http.MethodPost, chatPath(assigned, "/messages"), map[string]string{"body": "hi"}, want.bobPosts, http.StatusCreated, "bob writes in alice's chat")
			check(bob, http.MethodPost, chatPath(assigned, "/assign"), map[string]any{"agent_id": carol.ID}, want.bobReassigns, http.StatusOK, "bob re-assigns alice's chat")
			check(bob, http.MethodPost, chatPath(unassigned, "/claim"), nil, want.bobClaims, http.StatusOK, "bob claims")
			check(outsider, http.MethodGet, chatPath(unassigned, ""), nil, false, 0, "an agent of another team sees the chat")
			check(outsider, http.MethodPost, chatPath(unassigned, "/claim"), nil, false, 0, "an agent of another team claims")

			// Whatever the mode, the supervisor sees, re-assigns and ends.
			check(super, http.MethodGet, chatPath(assigned, ""), nil, true, http.StatusOK, "the supervisor sees")
			status, body, _ = s.call(http.MethodPost, chatPath(assigned, "/assign"), super, map[string]any{"agent_id": alice.ID})
			require.Contains(t, []int{http.StatusOK, http.StatusConflict}, status, "%v", body) // 409 when already alice's
			check(bob, http.MethodPost, chatPath(assigned, "/end"), map[string]string{"reason": "resolved"}, want.bobEnds, http.StatusOK, "bob ends alice's chat")
			if !want.bobEnds {
				check(super, http.MethodPost, chatPath(assigned, "/end"), map[string]string{"reason": "resolved"}, true, http.StatusOK, "the supervisor ends")
			}

			// An agent's list holds only what the mode lets them see.
			status, body, _ = s.call(http.MethodGet, fmt.Sprintf("/chats?team_id=%s&view=all", team.ID), bob, nil)
			require.Equal(t, http.StatusOK, status)
			seen := map[string]bool{}
			for _, c := range body["chats"].([]any) {
				seen[c.(map[string]any)["id"].(string)] = true
			}
			require.Equal(t, want.bobSeesAssigned, seen[assigned.String()], "alice's chat in bob's list")
		})
	}
}

// addMemberWithRole adds a signed-in member with a role to the Inbox team.
func (s *stack) addMemberWithRole(name string, role accounts.Role) *agent {
	s.t.Helper()
	email := name + "@stack.test"
	owner := accounts.Principal{OrgID: s.org.Org.ID, UserID: s.org.Owner.ID, Role: accounts.RoleOwner}
	user, err := s.acc.AddMember(s.t.Context(), owner, email, name, stackPassword, role, s.org.Inbox.ID)
	require.NoError(s.t, err)
	status, body, cookie := s.call(http.MethodPost, "/auth/login", nil, map[string]string{"email": email, "password": stackPassword})
	require.Equal(s.t, http.StatusOK, status, "%v", body)
	return &agent{ID: user.ID, Name: name, cookie: cookie, csrf: body["csrf_token"].(string)}
}

// handoffTo hands a new contact over to a team and returns the chat id.
func (s *stack) handoffTo(teamID uuid.UUID, handoffID string) uuid.UUID {
	s.t.Helper()
	status, body, _ := s.call(http.MethodPost, "/handoffs", nil, map[string]any{
		"handoff_id": handoffID, "team_id": teamID, "contact": map[string]any{"external_id": handoffID},
	})
	require.Equal(s.t, http.StatusCreated, status, "%v", body)
	return uuid.MustParse(body["chat"].(map[string]any)["id"].(string))
}
