package workflows

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"livechat/activities"
)

func offerTeam() activities.TeamSettings {
	team := baseTeam()
	team.OfferEnabled, team.OfferTimeout = true, 30*time.Second
	return team
}

func offerAnswer(agentID string, accept bool) OfferAnswer {
	return OfferAnswer{Actor: agent(agentID), Accept: accept}
}

func TestOfferExpiresAndRequeues(t *testing.T) {
	d := newDesk(t, offerTeam())
	d.offerTo(agentA) // then nobody is free
	offered := d.stateAt(10 * time.Second)
	after := d.stateAt(31 * time.Second)
	d.run()

	applies := calls(d, &d.applies)
	require.Len(t, applies, 1)
	require.True(t, applies[0].In.Offered)
	require.NotNil(t, applies[0].In.OfferExpiresAt)
	require.Equal(t, d.start.Add(offerTeam().OfferTimeout), *applies[0].In.OfferExpiresAt, "the console's countdown")
	notices := d.noticesOf(activities.NoticeOffered)
	require.Len(t, notices, 1)
	require.Equal(t, agentA, notices[0].In.AgentID)
	require.Equal(t, StatusOffered, offered.Status)
	require.Equal(t, agentA, offered.OfferedTo)

	queues := calls(d, &d.queues)
	require.Len(t, queues, 2)
	require.Equal(t, "chat.offer_expired", queues[1].In.EventType)
	require.Equal(t, 30*time.Second, d.since(queues[1].At))
	require.Equal(t, []string{agentA}, queues[1].In.Excluded)
	require.Equal(t, StatusWaiting, after.Status)
	require.Empty(t, after.OfferedTo)
	require.Empty(t, after.AssigneeID)
	require.Len(t, d.teamDispatches(), 2)
	require.Empty(t, calls(d, &d.takes))
}

func TestOfferAccepted(t *testing.T) {
	d := newDesk(t, offerTeam())
	d.offerTo(agentA)
	accept := d.updateAt(10*time.Second, UpdateAnswerOffer, offerAnswer(agentA, true))
	d.run()

	requireDone(t, accept)
	require.Equal(t, StatusAssigned, accept.Result.Status)
	require.Equal(t, agentA, accept.Result.AssigneeID)
	require.Empty(t, accept.Result.OfferedTo)
	takes := calls(d, &d.takes)
	require.Len(t, takes, 1)
	require.Equal(t, activities.TakeInput{ChatID: testChat, AgentID: agentA, ActorID: agentA, EventType: "chat.offer_accepted",
		AssignedMessage: offerTeam().AssignedMessage}, takes[0].In)
	require.Equal(t, []string{"chat.queued"}, d.queueEvents(), "no expiry after the accept")
	require.Equal(t, EndInactive, d.onlyEnd().In.Reason)
}

func TestOfferRejectedRequeues(t *testing.T) {
	d := newDesk(t, offerTeam())
	d.offerTo(agentA)
	reject := d.updateAt(10*time.Second, UpdateAnswerOffer, offerAnswer(agentA, false))
	d.run()

	requireDone(t, reject)
	require.Equal(t, StatusWaiting, reject.Result.Status)
	queues := calls(d, &d.queues)
	require.Len(t, queues, 2)
	require.Equal(t, "chat.offer_rejected", queues[1].In.EventType)
	require.Equal(t, 10*time.Second, d.since(queues[1].At))
	require.Equal(t, []string{agentA}, queues[1].In.Excluded)
	require.Equal(t, []string{agentA}, d.freed())
	require.Empty(t, calls(d, &d.takes))
}

func TestOfferAnsweredByAnotherAgentIsRejected(t *testing.T) {
	d := newDesk(t, offerTeam())
	d.offerTo(agentB)
	other := d.updateAt(10*time.Second, UpdateAnswerOffer, offerAnswer(agentA, true))
	third := d.updateAt(10*time.Second, UpdateAnswerOffer, offerAnswer(agentC, false))
	contact := d.updateAt(10*time.Second, UpdateAnswerOffer, OfferAnswer{Actor: contactActor(), Accept: true})
	d.run()

	requireRejected(t, other, ErrTypeForbidden)
	requireRejected(t, third, ErrTypeForbidden)
	requireRejected(t, contact, ErrTypeForbidden)
	require.Empty(t, calls(d, &d.takes))
	require.Equal(t, []string{"chat.queued", "chat.offer_expired"}, d.queueEvents(), "the offer still runs out")
	require.Equal(t, []string{agentB}, calls(d, &d.queues)[1].In.Excluded)
}

func TestOfferAnswerWithoutOfferIsRejected(t *testing.T) {
	d := newDesk(t, offerTeam()) // nobody is free: nothing is offered
	answer := d.updateAt(time.Minute, UpdateAnswerOffer, offerAnswer(agentA, true))
	d.run()

	requireRejected(t, answer, ErrTypeConflict)
}
