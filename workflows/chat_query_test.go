package workflows

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestStateQueryFollowsTheChat(t *testing.T) {
	berlin := zone(t, "Europe/Berlin")
	team := scheduledTeam(t, "Europe/Berlin")
	team.UnresponsiveStrategy, team.UnresponsiveTimeout = "prompt", 5*time.Minute
	d := newDesk(t, team)
	d.startAt(time.Date(2026, 1, 12, 8, 30, 0, 0, berlin)) // Monday, 30 min before opening
	opens := time.Date(2026, 1, 12, 9, 0, 0, 0, berlin)

	closed := d.stateAt(time.Minute)
	open := d.stateAt(31 * time.Minute)
	claim := d.updateAt(32*time.Minute, UpdateClaim, ClaimRequest{Actor: agent(agentA)})
	assigned := d.stateAt(33 * time.Minute)
	prompted := d.stateAt(38 * time.Minute)
	d.run()

	require.NotNil(t, closed.OpensAt)
	require.True(t, closed.OpensAt.Equal(opens), "opens_at %v", closed.OpensAt)
	closed.OpensAt = nil
	require.Equal(t, ChatView{ChatID: testChat, Status: StatusWaiting, TeamID: testTeam, AfterHours: true}, *closed)
	require.Equal(t, ChatView{ChatID: testChat, Status: StatusWaiting, TeamID: testTeam}, *open)
	requireDone(t, claim)
	require.Equal(t, ChatView{ChatID: testChat, Status: StatusAssigned, TeamID: testTeam, AssigneeID: agentA}, *assigned)
	require.Equal(t, ChatView{ChatID: testChat, Status: StatusAssigned, TeamID: testTeam, AssigneeID: agentA, PromptPending: true},
		*prompted)
	v := d.result()
	require.Equal(t, StatusEnded, v.Status)
	require.Equal(t, EndInactive, v.EndReason)
	require.False(t, v.PromptPending)
}
