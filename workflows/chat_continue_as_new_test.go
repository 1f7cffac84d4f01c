package workflows

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/workflow"
)

// A long chat continues as new before Temporal's signal limit, carrying its
// state; the next run picks the timers up from that state.
func TestContinueAsNewCarriesTheState(t *testing.T) {
	// Well below Temporal's limits per run: 10,000 signals, 2,000 updates, 50K events.
	require.LessOrEqual(t, maxSignalsPerRun, 5000)
	require.LessOrEqual(t, maxUpdatesPerRun, 1000)
	require.LessOrEqual(t, maxEventsPerRun, 25000)

	d := newDesk(t, baseTeam())
	d.assignTo(agentA)
	// The test environment queues at most 1,000 callbacks at a time: send
	// the contact's messages in bursts of 500, a second apart, then the
	// agent's last ones at 20 min.
	const burst, late = 500, 10
	send := func(n int, kind, sender string) func() {
		return func() {
			for range n {
				d.env.SignalWorkflow(SignalMessage, MessageSignal{MessageID: "m", SenderKind: kind, SenderID: sender, At: d.env.Now()})
			}
		}
	}
	contact := maxSignalsPerRun - late
	for i := 0; contact > 0; i++ {
		n := min(burst, contact)
		d.at(10*time.Minute+time.Duration(i)*time.Second, send(n, "contact", testContact))
		contact -= n
	}
	d.at(20*time.Minute, send(late, "agent", agentA))
	d.run()

	err := d.env.GetWorkflowError()
	var can *workflow.ContinueAsNewError
	require.True(t, errors.As(err, &can), "want continue-as-new, got %v", err)
	require.Equal(t, ChatWorkflowName, can.WorkflowType.Name)
	var in ChatInput
	require.NoError(t, converter.GetDefaultDataConverter().FromPayloads(can.Input, &in))
	require.Equal(t, testChat, in.ChatID)
	require.Equal(t, testOrg, in.OrgID)
	require.Equal(t, testTeam, in.TeamID)
	require.Equal(t, testContact, in.ContactID)
	require.NotNil(t, in.State)
	require.Equal(t, StatusAssigned, in.State.Status)
	require.Equal(t, agentA, in.State.AssigneeID)
	require.True(t, in.State.Responded, "the agent's messages were seen")
	require.Equal(t, 20*time.Minute, d.since(in.State.LastActivityAt), "the last message's time")
	require.Equal(t, baseTeam(), in.State.Team)
	require.Empty(t, calls(d, &d.ends))

	// The next run: no new queue entry, and the chat ends 1 h after the last message.
	next := newDesk(t, baseTeam())
	next.startAt(d.start.Add(20 * time.Minute))
	next.env.ExecuteWorkflow(Chat, in)
	require.True(t, next.env.IsWorkflowCompleted())
	require.Equal(t, StatusEnded, next.result().Status)
	require.Empty(t, calls(next, &next.queues))
	require.Empty(t, calls(next, &next.loads))
	require.Equal(t, time.Hour, next.since(next.onlyEnd().At))
}
