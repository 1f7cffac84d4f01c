package workflows

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/temporal"

	"livechat/activities"
)

const otherTeam = "t2"

func salesTeam() activities.TeamSettings {
	team := baseTeam()
	team.ID, team.Name, team.InactivityAssigned = otherTeam, "Sales", 3*time.Hour
	return team
}

func toTeam(actor Actor) TeamTransferRequest {
	return TeamTransferRequest{Actor: actor, TeamID: otherTeam}
}

func TestTransferToAnotherTeam(t *testing.T) {
	d := newDesk(t, baseTeam(), salesTeam())
	d.assignTo(agentA, "") // A in the first team; nobody free in the second
	move := d.updateAt(10*time.Minute, UpdateTransferToTeam, toTeam(agent(agentA)))
	stale := d.updateAt(11*time.Minute, UpdateClaim, ClaimRequest{Actor: agent(agentB)}) // checked against t1
	d.run()

	requireDone(t, move)
	require.Equal(t, StatusWaiting, move.Result.Status)
	require.Equal(t, otherTeam, move.Result.TeamID)
	require.Empty(t, move.Result.AssigneeID)

	loads := calls(d, &d.loads)
	require.Len(t, loads, 2)
	require.Equal(t, otherTeam, loads[1].In)
	require.Equal(t, 10*time.Minute, d.since(loads[1].At))
	queues := calls(d, &d.queues)
	require.Len(t, queues, 2)
	require.Equal(t, otherTeam, queues[1].In.TeamID)
	require.Equal(t, "chat.transferred_to_team", queues[1].In.EventType)
	require.Equal(t, agentA, queues[1].In.ActorID)
	require.Empty(t, queues[1].In.Excluded)
	require.Equal(t, 10*time.Minute, d.since(queues[1].In.QueuedAt), "a newcomer in the new queue")
	dispatches := d.teamDispatches()
	require.Len(t, dispatches, 2)
	require.Equal(t, []string{otherTeam}, dispatches[1].In.TeamIDs)
	require.Equal(t, 10*time.Minute, d.since(dispatches[1].At))
	require.Equal(t, []string{agentA}, d.freed(), "the previous assignee is freed")

	requireRejected(t, stale, ErrTypeConflict)
	require.Empty(t, calls(d, &d.takes))
}

func TestTransferToTeamRefusedLeavesTheChatAlone(t *testing.T) {
	d := newDesk(t, baseTeam(), salesTeam())
	d.assignTo(agentA)
	d.enterQueue = func(in activities.QueueInput) error {
		if in.TeamID == otherTeam {
			return temporal.NewNonRetryableApplicationError("the contact already has an open chat in that team", ErrTypeConflict, nil)
		}
		return nil
	}
	move := d.updateAt(10*time.Minute, UpdateTransferToTeam, toTeam(agent(agentA)))
	after := d.stateAt(11 * time.Minute)
	d.run()

	requireConflict(t, move)
	require.True(t, move.Accepted)
	require.Equal(t, StatusAssigned, after.Status)
	require.Equal(t, testTeam, after.TeamID)
	require.Equal(t, agentA, after.AssigneeID)
	require.Len(t, d.teamDispatches(), 1, "no dispatch of the other team")
	require.Equal(t, time.Hour, d.since(d.onlyEnd().At), "still under the first team's inactivity")
	require.Equal(t, []string{agentA}, d.freed(), "only the end frees A")
	require.Len(t, calls(d, &d.queues), 2)
}

func TestTransferToTeamValidation(t *testing.T) {
	d := newDesk(t, baseTeam(), salesTeam())
	d.assignTo(agentA)
	same := d.updateAt(time.Minute, UpdateTransferToTeam, TeamTransferRequest{Actor: agent(agentA), TeamID: testTeam})
	empty := d.updateAt(time.Minute, UpdateTransferToTeam, TeamTransferRequest{Actor: agent(agentA)})
	byContact := d.updateAt(time.Minute, UpdateTransferToTeam, toTeam(contactActor()))
	d.run()

	requireRejected(t, same, ErrTypeInvalid)
	requireRejected(t, empty, ErrTypeInvalid)
	requireRejected(t, byContact, ErrTypeForbidden)
	require.Len(t, calls(d, &d.loads), 1)
}
