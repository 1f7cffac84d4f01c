package workflows

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"livechat/activities"
)

func unresponsiveTeam(strategy string) activities.TeamSettings {
	team := baseTeam()
	team.UnresponsiveStrategy, team.UnresponsiveTimeout = strategy, 5*time.Minute
	return team
}

func TestUnresponsiveReassignRequeuesWithoutTheAgent(t *testing.T) {
	d := newDesk(t, unresponsiveTeam("reassign"))
	d.assignTo(agentA) // then nobody is free
	before := d.stateAt(5*time.Minute - time.Second)
	after := d.stateAt(5*time.Minute + time.Second)
	d.run()

	require.Equal(t, StatusAssigned, before.Status)
	require.Equal(t, StatusWaiting, after.Status)
	require.Empty(t, after.AssigneeID)
	queues := calls(d, &d.queues)
	require.Len(t, queues, 2)
	requeue := queues[1]
	require.Equal(t, 5*time.Minute, d.since(requeue.At))
	require.Equal(t, "chat.reassigned_unresponsive", requeue.In.EventType)
	require.Equal(t, []string{agentA}, requeue.In.Excluded)
	require.True(t, requeue.In.QueuedAt.Equal(d.start), "back in its original place")
	dispatches := d.teamDispatches()
	require.Len(t, dispatches, 2)
	require.Equal(t, 5*time.Minute, d.since(dispatches[1].At))
	require.Equal(t, []string{agentA}, d.freed(), "the agent's capacity is freed")
}

func TestUnresponsiveReassignIsPreventedByTheAgentsMessage(t *testing.T) {
	d := newDesk(t, unresponsiveTeam("reassign"))
	d.assignTo(agentA)
	d.messageAt(3*time.Minute, "agent", agentA)
	d.run()

	require.Equal(t, []string{"chat.queued"}, d.queueEvents())
	end := d.onlyEnd()
	require.Equal(t, EndInactive, end.In.Reason)
	require.Equal(t, time.Hour+3*time.Minute, d.since(end.At))
}

func TestUnresponsiveReassignIsNotPreventedByOthersMessages(t *testing.T) {
	d := newDesk(t, unresponsiveTeam("reassign"))
	d.assignTo(agentA)
	d.messageAt(2*time.Minute, "contact", testContact)
	d.messageAt(3*time.Minute, "agent", agentB) // a colleague, not the assignee
	d.run()

	require.Equal(t, []string{"chat.queued", "chat.reassigned_unresponsive"}, d.queueEvents())
	require.Equal(t, 5*time.Minute, d.since(calls(d, &d.queues)[1].At))
}

func TestUnresponsivePromptAsksTheContact(t *testing.T) {
	d := newDesk(t, unresponsiveTeam("prompt"))
	d.assignTo(agentA)
	early := d.updateAt(2*time.Minute, UpdateAnswerPrompt, PromptAnswer{Actor: contactActor(), Choice: PromptAnotherAgent})
	asked := d.stateAt(6 * time.Minute)
	byAgent := d.updateAt(7*time.Minute, UpdateAnswerPrompt, PromptAnswer{Actor: agent(agentA), Choice: PromptKeepWaiting})
	badChoice := d.updateAt(7*time.Minute, UpdateAnswerPrompt, PromptAnswer{Actor: contactActor(), Choice: "maybe"})
	answer := d.updateAt(10*time.Minute, UpdateAnswerPrompt, PromptAnswer{Actor: contactActor(), Choice: PromptAnotherAgent})
	d.run()

	requireRejected(t, early, ErrTypeConflict) // nothing asked yet
	systems := calls(d, &d.systems)
	require.NotEmpty(t, systems)
	require.Equal(t, activities.SystemMessageInput{ChatID: testChat, Body: unresponsiveTeam("prompt").UnresponsiveMessage,
		EventType: "chat.prompt"}, systems[0].In)
	require.Equal(t, 5*time.Minute, d.since(systems[0].At))
	require.Equal(t, StatusAssigned, asked.Status)
	require.Equal(t, agentA, asked.AssigneeID)
	require.True(t, asked.PromptPending)

	requireRejected(t, byAgent, ErrTypeForbidden)
	requireRejected(t, badChoice, ErrTypeInvalid)
	requireDone(t, answer)
	require.Equal(t, StatusWaiting, answer.Result.Status)
	require.False(t, answer.Result.PromptPending)
	queues := calls(d, &d.queues)
	require.Len(t, queues, 2)
	require.Equal(t, "chat.prompt_another_agent", queues[1].In.EventType)
	require.Equal(t, []string{agentA}, queues[1].In.Excluded)
	require.Equal(t, 10*time.Minute, d.since(queues[1].At))
	require.Equal(t, []string{agentA}, d.freed())
}

func TestUnresponsivePromptKeepWaiting(t *testing.T) {
	d := newDesk(t, unresponsiveTeam("prompt"))
	d.assignTo(agentA)
	answer := d.updateAt(10*time.Minute, UpdateAnswerPrompt, PromptAnswer{Actor: contactActor(), Choice: PromptKeepWaiting})
	after := d.stateAt(11 * time.Minute)
	d.run()

	requireDone(t, answer)
	require.Equal(t, StatusAssigned, after.Status)
	require.Equal(t, agentA, after.AssigneeID)
	require.False(t, after.PromptPending)
	require.Equal(t, []string{"chat.queued"}, d.queueEvents(), "the agent keeps the chat")
	var events []string
	for _, c := range calls(d, &d.systems) {
		events = append(events, c.In.EventType)
	}
	require.Equal(t, []string{"chat.prompt", "chat.prompt_keep_waiting"}, events, "no second prompt")
	require.Equal(t, time.Hour, d.since(d.onlyEnd().At), "inactivity still ends the chat")
}

func TestUnresponsiveNoneDoesNothingUntilInactivity(t *testing.T) {
	d := newDesk(t, unresponsiveTeam("none"))
	d.assignTo(agentA)
	v := d.stateAt(30 * time.Minute)
	d.run()

	require.Equal(t, StatusAssigned, v.Status)
	require.False(t, v.PromptPending)
	require.Equal(t, []string{"chat.queued"}, d.queueEvents())
	require.Empty(t, calls(d, &d.systems))
	end := d.onlyEnd()
	require.Equal(t, EndInactive, end.In.Reason)
	require.Equal(t, time.Hour, d.since(end.At))
}
