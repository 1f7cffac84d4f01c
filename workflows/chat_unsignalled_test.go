package workflows

import (
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/temporal"
)

// Messages are stored without a signal (PostMessage signals only what the
// workflow must act on at once): the deadlines read them from PostgreSQL.

func TestInactivityCountsMessagesItWasNotSignalled(t *testing.T) {
	d := newDesk(t, baseTeam())
	d.assignTo(agentA)
	d.storeAt(50*time.Minute, "")
	d.storeAt(90*time.Minute, agentA)
	before := d.stateAt(150*time.Minute - time.Second)
	d.run()

	require.Equal(t, StatusAssigned, before.Status, "still open just before an hour after the last message")
	end := d.onlyEnd()
	require.Equal(t, EndInactive, end.In.Reason)
	require.Equal(t, 150*time.Minute, d.since(end.At))
	reads := calls(d, &d.reads)
	require.Len(t, reads, 3, "read at 1 h, at 1 h 50 and at 2 h 30")
	require.Equal(t, time.Hour, d.since(reads[0].At))
	require.Equal(t, 110*time.Minute, d.since(reads[1].At))
}

func TestUnresponsiveReassignIsPreventedByAnUnsignalledAnswer(t *testing.T) {
	d := newDesk(t, unresponsiveTeam("reassign"))
	d.assignTo(agentA)
	d.storeAt(3*time.Minute, agentA)
	d.run()

	require.Equal(t, []string{"chat.queued"}, d.queueEvents(), "the agent answered: no reassignment")
	end := d.onlyEnd()
	require.Equal(t, EndInactive, end.In.Reason)
	require.Equal(t, time.Hour+3*time.Minute, d.since(end.At))
	reads := calls(d, &d.reads)
	require.NotEmpty(t, reads)
	require.Equal(t, 5*time.Minute, d.since(reads[0].At), "read when the agent's time ran out")
	require.Equal(t, agentA, reads[0].In.AssigneeID)
	require.True(t, reads[0].In.Since.Equal(d.start), "answers since the assignment count")
}

func TestUnresponsiveReassignIsNotPreventedByAColleaguesUnsignalledMessage(t *testing.T) {
	d := newDesk(t, unresponsiveTeam("reassign"))
	d.assignTo(agentA)
	d.storeAt(2*time.Minute, "")
	d.storeAt(3*time.Minute, agentB)
	d.run()

	require.Equal(t, []string{"chat.queued", "chat.reassigned_unresponsive"}, d.queueEvents())
	require.Equal(t, 5*time.Minute, d.since(calls(d, &d.queues)[1].At))
}

// TestLeanChatsSkipUpsertsThatChangeNothing: the API starts the workflow
// with its search attributes, so a chat that only waits and ends upserts
// them once (ended); an assignment adds one.
func TestLeanChatsSkipUpsertsThatChangeNothing(t *testing.T) {
	statuses := func(assign bool) []string {
		d := newDesk(t, baseTeam())
		if assign {
			d.assignTo(agentA)
		}
		var got []string
		d.env.OnUpsertTypedSearchAttributes(mock.Anything).Run(func(args mock.Arguments) {
			status, _ := args.Get(0).(temporal.SearchAttributes).GetKeyword(saStatus)
			got = append(got, status)
		}).Return(nil)
		d.run()
		require.Equal(t, EndInactive, d.onlyEnd().In.Reason)
		return got
	}
	require.Equal(t, []string{StatusEnded}, statuses(false), "waiting as started: nothing to upsert until the end")
	require.Equal(t, []string{StatusAssigned, StatusEnded}, statuses(true))
}
