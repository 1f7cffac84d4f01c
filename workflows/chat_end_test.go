package workflows

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"livechat/activities"
)

func TestEndByTheAgent(t *testing.T) {
	d := newDesk(t, baseTeam())
	d.assignTo(agentA)
	end := d.updateAt(10*time.Minute, UpdateEnd, EndRequest{Actor: agent(agentA), Reason: EndResolved})
	d.run()

	requireDone(t, end)
	require.Equal(t, StatusEnded, end.Result.Status)
	require.Equal(t, EndResolved, end.Result.EndReason)
	v := d.result()
	require.Equal(t, StatusEnded, v.Status)
	require.Equal(t, EndResolved, v.EndReason)
	got := d.onlyEnd()
	require.Equal(t, activities.EndInput{ChatID: testChat, Reason: EndResolved, EndedByID: agentA, EndedByKind: "agent"}, got.In)
	require.Equal(t, 10*time.Minute, d.since(got.At))
	require.Equal(t, []string{agentA}, d.freed())
}

func TestEndTwiceAtOnceEndsOnce(t *testing.T) {
	d := newDesk(t, baseTeam())
	d.assignTo(agentA)
	var first, second *outcome
	d.at(10*time.Minute, func() {
		first = d.update(UpdateEnd, EndRequest{Actor: agent(agentA), Reason: EndResolved})
		second = d.update(UpdateEnd, EndRequest{Actor: contactActor(), Reason: EndContactLeft})
	})
	d.run()

	requireDone(t, first)
	requireConflict(t, second)
	require.Equal(t, EndResolved, d.onlyEnd().In.Reason)
	require.Equal(t, EndResolved, d.result().EndReason)
}

func TestEndByTheContact(t *testing.T) {
	d := newDesk(t, baseTeam()) // nobody is free
	end := d.updateAt(time.Minute, UpdateEnd, EndRequest{Actor: contactActor(), Reason: EndContactLeft})
	d.run()

	requireDone(t, end)
	require.Equal(t, activities.EndInput{ChatID: testChat, Reason: EndContactLeft, EndedByID: testContact, EndedByKind: "contact"},
		d.onlyEnd().In)
	require.Empty(t, d.freed())
}

func TestHandBackToTheBot(t *testing.T) {
	d := newDesk(t, baseTeam())
	d.assignTo(agentA)
	end := d.updateAt(time.Minute, UpdateEnd, EndRequest{Actor: botActor(), Reason: EndHandedBackToBot})
	d.run()

	requireDone(t, end)
	require.Equal(t, activities.EndInput{ChatID: testChat, Reason: EndHandedBackToBot, EndedByID: botActor().UserID, EndedByKind: "bot"},
		d.onlyEnd().In)
	require.Equal(t, EndHandedBackToBot, d.result().EndReason)
}

func TestHandBackByAMemberIsRejected(t *testing.T) {
	d := newDesk(t, baseTeam())
	d.assignTo(agentA)
	byAgent := d.updateAt(time.Minute, UpdateEnd, EndRequest{Actor: agent(agentA), Reason: EndHandedBackToBot})
	bySupervisor := d.updateAt(time.Minute, UpdateEnd, EndRequest{Actor: supervisor(), Reason: EndHandedBackToBot})
	d.run()

	requireRejected(t, byAgent, ErrTypeForbidden)
	requireRejected(t, bySupervisor, ErrTypeForbidden)
	require.Equal(t, EndInactive, d.onlyEnd().In.Reason, "the chat ran on until inactivity")
}

func TestEndValidation(t *testing.T) {
	d := newDesk(t, baseTeam())
	d.assignTo(agentA)
	noReason := d.updateAt(time.Minute, UpdateEnd, EndRequest{Actor: agent(agentA)})
	outsider := d.updateAt(time.Minute, UpdateEnd, EndRequest{Actor: Actor{Kind: ActorMember, UserID: agentC, Role: "agent"}, Reason: EndResolved})
	d.run()

	requireRejected(t, noReason, ErrTypeInvalid)
	requireRejected(t, outsider, ErrTypeForbidden)
	require.Equal(t, EndInactive, d.onlyEnd().In.Reason)
}
