package workflows

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"livechat/activities"
)

func TestInactivityEndsAnAssignedChatAfterAnHour(t *testing.T) {
	d := newDesk(t, baseTeam())
	d.assignTo(agentA)
	d.run()

	v := d.result()
	require.Equal(t, StatusEnded, v.Status)
	require.Equal(t, EndInactive, v.EndReason)
	end := d.onlyEnd()
	require.Equal(t, activities.EndInput{ChatID: testChat, Reason: EndInactive, EndedByKind: "system",
		ClosingMessage: baseTeam().ClosingMessage}, end.In)
	require.Equal(t, time.Hour, d.since(end.At))
	require.Equal(t, []string{agentA}, d.freed(), "the end frees the agent's capacity")
}

func TestInactivityIsResetByEveryMessage(t *testing.T) {
	d := newDesk(t, baseTeam())
	d.assignTo(agentA)
	d.messageAt(50*time.Minute, "contact", testContact)
	d.messageAt(90*time.Minute, "agent", agentA)
	before := d.stateAt(150*time.Minute - time.Second)
	d.run()

	require.Equal(t, StatusAssigned, before.Status, "still open just before the deadline")
	end := d.onlyEnd()
	require.Equal(t, EndInactive, end.In.Reason)
	require.Equal(t, 150*time.Minute, d.since(end.At), "1 h after the last message")
}

func TestInactivityEndsAWaitingChatAfterSixHours(t *testing.T) {
	d := newDesk(t, baseTeam()) // nobody is ever free
	waiting := d.stateAt(6*time.Hour - time.Second)
	d.run()

	require.Equal(t, StatusWaiting, waiting.Status)
	require.Equal(t, StatusEnded, d.result().Status)
	end := d.onlyEnd()
	require.Equal(t, activities.EndInput{ChatID: testChat, Reason: EndInactive, EndedByKind: "system",
		ClosingMessage: baseTeam().ClosingMessage}, end.In)
	require.Equal(t, 6*time.Hour, d.since(end.At))
	require.Empty(t, d.freed(), "nobody had the chat")
}

// A chat that waited in the queue must not be closed the moment an agent
// gets it: the assigned chat's hour counts from the assignment when that is
// later than the last message.
func TestInactivityOfAnAssignedChatCountsFromTheAssignment(t *testing.T) {
	d := newDesk(t, baseTeam()) // nobody is free
	claim := d.updateAt(2*time.Hour, UpdateClaim, ClaimRequest{Actor: agent(agentA)})
	mid := d.stateAt(150 * time.Minute)
	d.run()

	requireDone(t, claim)
	require.Equal(t, StatusAssigned, claim.Result.Status)
	require.Equal(t, 3*time.Hour, d.since(d.onlyEnd().At), "1 h after the claim")
	require.Equal(t, StatusAssigned, mid.Status)
}
