package workflows

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"livechat/activities"
)

// The dispatcher's decision for this chat arrives as a signal while the
// workflow is still running the Dispatch activity (it is sent from inside
// it, as for the histories recorded before the Own result). It must be
// taken in at once, not when the next timer fires.
func TestAssignmentSignalledDuringADispatchIsAppliedAtOnce(t *testing.T) {
	d := newDesk(t, baseTeam())
	d.signalOwn = true
	d.assignTo("", agentA) // nobody at the start; A once an agent comes online
	d.messageAt(59*time.Minute, "contact", testContact)
	d.signalAt(time.Hour, SignalDispatch, nil)
	v := d.stateAt(time.Hour + time.Second)
	d.run()

	require.Len(t, d.teamDispatches(), 2)
	applies := calls(d, &d.applies)
	require.Len(t, applies, 1)
	require.Equal(t, time.Hour, d.since(applies[0].At), "the assignment waited for a timer")
	require.Equal(t, StatusAssigned, v.Status)
	require.Equal(t, agentA, v.AssigneeID)
}

func TestDispatchAssignmentAtTheStart(t *testing.T) {
	d := newDesk(t, baseTeam())
	d.assignTo(agentA)
	v := d.stateAt(time.Second)
	d.run()

	require.Equal(t, StatusAssigned, v.Status)
	require.Equal(t, agentA, v.AssigneeID)
	queues := calls(d, &d.queues)
	require.Len(t, queues, 1)
	require.Equal(t, testTeam, queues[0].In.TeamID)
	require.Equal(t, "chat.queued", queues[0].In.EventType)
	require.True(t, queues[0].In.QueuedAt.Equal(d.start))
	require.Nil(t, queues[0].In.DispatchAfter)
	applies := calls(d, &d.applies)
	require.Len(t, applies, 1)
	require.Equal(t, agentA, applies[0].In.AgentID)
	require.False(t, applies[0].In.Offered)
	require.Equal(t, baseTeam().AssignedMessage, applies[0].In.AssignedMessage)
	notices := d.noticesOf("chat_assigned")
	require.Len(t, notices, 1)
	require.Equal(t, agentA, notices[0].In.AgentID)
}

// TestAssignmentSignalledByAnotherChatsDispatch: a waiting chat gets its
// agent when another chat's dispatch (an end freeing capacity) signals it;
// its own dispatches return their assignment instead (the desk's default).
func TestAssignmentSignalledByAnotherChatsDispatch(t *testing.T) {
	d := newDesk(t, baseTeam()) // nobody is free when it starts
	d.signalAt(2*time.Minute, SignalAssignment, activities.AssignmentSignal{AgentID: agentA})
	before := d.stateAt(2*time.Minute - time.Second)
	after := d.stateAt(2*time.Minute + time.Second)
	d.run()

	require.Equal(t, StatusWaiting, before.Status)
	require.Equal(t, StatusAssigned, after.Status)
	require.Equal(t, agentA, after.AssigneeID)
	applies := calls(d, &d.applies)
	require.Len(t, applies, 1)
	require.Equal(t, 2*time.Minute, d.since(applies[0].At))
}
