package workflows

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/temporal"

	"livechat/activities"
)

func claimBy(agentID string) ClaimRequest { return ClaimRequest{Actor: agent(agentID)} }

// conflictOf returns the details of a conflict error.
func conflictOf(t *testing.T, err error) ConflictDetails {
	t.Helper()
	var app *temporal.ApplicationError
	require.True(t, errors.As(err, &app), "not an application error: %v", err)
	require.Equal(t, ErrTypeConflict, app.Type())
	var details ConflictDetails
	require.NoError(t, app.Details(&details))
	return details
}

func TestClaimAWaitingChat(t *testing.T) {
	d := newDesk(t, baseTeam()) // nobody is free
	claim := d.updateAt(time.Minute, UpdateClaim, claimBy(agentB))
	d.run()

	requireDone(t, claim)
	require.Equal(t, StatusAssigned, claim.Result.Status)
	require.Equal(t, agentB, claim.Result.AssigneeID)
	takes := calls(d, &d.takes)
	require.Len(t, takes, 1)
	require.Equal(t, activities.TakeInput{ChatID: testChat, AgentID: agentB, ActorID: agentB, EventType: "chat.claimed",
		AssignedMessage: baseTeam().AssignedMessage}, takes[0].In)
	require.Empty(t, d.noticesOf(activities.NoticeAssigned), "nobody to tell: the agent took it")
}

func TestClaimLostToTheDispatcher(t *testing.T) {
	d := newDesk(t, baseTeam())
	d.takeChat = func(activities.TakeInput) (activities.TakeResult, error) {
		return activities.TakeResult{Taken: false, HolderID: agentA, Status: StatusAssigned}, nil
	}
	claim := d.updateAt(time.Minute, UpdateClaim, claimBy(agentB))
	d.run()

	requireConflict(t, claim)
	require.True(t, claim.Accepted)
	require.Equal(t, ConflictDetails{HolderID: agentA, Status: StatusAssigned}, conflictOf(t, claim.Err))
	require.Len(t, calls(d, &d.takes), 1)
}

func TestClaimOnAnAssignedChatIsRejected(t *testing.T) {
	d := newDesk(t, baseTeam())
	d.assignTo(agentA)
	claim := d.updateAt(time.Minute, UpdateClaim, claimBy(agentB))
	d.run()

	requireRejected(t, claim, ErrTypeConflict)
	require.Equal(t, ConflictDetails{HolderID: agentA, Status: StatusAssigned}, conflictOf(t, claim.Rejected))
	require.Empty(t, calls(d, &d.takes))
}

func TestTwoClaimsAtOnceExactlyOneWins(t *testing.T) {
	d := newDesk(t, baseTeam()) // nobody is free
	var mu sync.Mutex
	holder, taken := "", 0
	d.takeChat = func(in activities.TakeInput) (activities.TakeResult, error) {
		mu.Lock()
		defer mu.Unlock()
		if holder == "" {
			holder, taken = in.AgentID, taken+1
			return activities.TakeResult{Taken: true, HolderID: in.AgentID, Status: StatusAssigned}, nil
		}
		return activities.TakeResult{Taken: false, HolderID: holder, Status: StatusAssigned}, nil
	}
	var first, second *outcome
	d.at(time.Minute, func() {
		first = d.update(UpdateClaim, claimBy(agentB))
		second = d.update(UpdateClaim, claimBy(agentC))
	})
	after := d.stateAt(2 * time.Minute)
	d.run()

	require.Equal(t, 1, taken, "exactly one TakeChat took the chat")
	require.NoError(t, first.Rejected)
	require.NoError(t, second.Rejected)
	winner, loser := first, second
	if first.Err != nil {
		winner, loser = second, first
	}
	requireDone(t, winner)
	requireConflict(t, loser)
	require.Equal(t, holder, winner.Result.AssigneeID)
	require.Equal(t, holder, conflictOf(t, loser.Err).HolderID, "the loser learns who has it")
	require.Equal(t, StatusAssigned, after.Status)
	require.Equal(t, holder, after.AssigneeID)
}

func TestClaimOfOwnOfferAcceptsIt(t *testing.T) {
	d := newDesk(t, offerTeam())
	d.offerTo(agentA)
	mine := d.updateAt(10*time.Second, UpdateClaim, claimBy(agentA))
	d.run()

	requireDone(t, mine)
	require.Equal(t, StatusAssigned, mine.Result.Status)
	require.Equal(t, agentA, mine.Result.AssigneeID)
	require.Equal(t, []string{"chat.queued"}, d.queueEvents(), "no expiry after the claim")
}
