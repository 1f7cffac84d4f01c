package workflows

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"livechat/activities"
)

// transferDesk is a chat assigned to A at the start, with A asking B to take
// it after a minute; the team's transfer requests expire after 2 minutes.
func transferDesk(t *testing.T) (*desk, *outcome) {
	d := newDesk(t, baseTeam())
	d.assignTo(agentA)
	req := d.updateAt(time.Minute, UpdateRequestTransfer, TransferRequest{Actor: agent(agentA), ToAgentID: agentB, TargetInTeam: true})
	return d, req
}

func answer(agentID string, accept bool) TransferAnswer {
	return TransferAnswer{Actor: agent(agentID), Accept: accept}
}

func TestTransferRequest(t *testing.T) {
	d, req := transferDesk(t)
	d.run()

	requireDone(t, req)
	require.Equal(t, StatusTransferring, req.Result.Status)
	require.Equal(t, agentA, req.Result.AssigneeID, "A keeps the chat until B answers")
	require.Equal(t, agentB, req.Result.TransferTo)
	transfers := calls(d, &d.transfers)
	require.NotEmpty(t, transfers)
	expires := d.start.Add(time.Minute + baseTeam().TransferTimeout) // asked at 1 min
	require.Equal(t, activities.TransferStateInput{ChatID: testChat, Status: StatusTransferring, ToID: agentB, ExpiresAt: &expires,
		EventType: "chat.transfer_requested", ActorID: agentA,
		Payload: map[string]any{"from_id": agentA, "to_id": agentB, "expires_at": expires}}, transfers[0].In)
	notices := d.noticesOf(activities.NoticeTransferRequested)
	require.Len(t, notices, 1)
	require.Equal(t, agentB, notices[0].In.AgentID)
	require.Equal(t, time.Minute, d.since(notices[0].At))
}

func TestTransferAccepted(t *testing.T) {
	d, req := transferDesk(t)
	accept := d.updateAt(90*time.Second, UpdateAnswerTransfer, answer(agentB, true))
	d.run()

	requireDone(t, req)
	requireDone(t, accept)
	require.Equal(t, StatusAssigned, accept.Result.Status)
	require.Equal(t, agentB, accept.Result.AssigneeID)
	require.Empty(t, accept.Result.TransferTo)
	takes := calls(d, &d.takes)
	require.Len(t, takes, 1)
	require.Equal(t, agentB, takes[0].In.AgentID)
	require.Equal(t, agentB, takes[0].In.ActorID)
	require.True(t, takes[0].In.Force)
	require.Equal(t, "chat.transfer_accepted", takes[0].In.EventType)
	notices := d.noticesOf(activities.NoticeTransferAccepted)
	require.Len(t, notices, 1)
	require.Equal(t, agentA, notices[0].In.AgentID)
	require.Equal(t, agentA, d.freed()[0], "A's capacity is freed on the accept")
	require.Empty(t, d.noticesOf(activities.NoticeTransferExpired), "no expiry after the accept")
	require.Len(t, calls(d, &d.transfers), 1, "only the request was written by SetTransfer")
}

func TestTransferRejected(t *testing.T) {
	d, req := transferDesk(t)
	reject := d.updateAt(90*time.Second, UpdateAnswerTransfer, answer(agentB, false))
	d.run()

	requireDone(t, req)
	requireDone(t, reject)
	require.Equal(t, StatusAssigned, reject.Result.Status)
	require.Equal(t, agentA, reject.Result.AssigneeID)
	require.Empty(t, reject.Result.TransferTo)
	transfers := calls(d, &d.transfers)
	require.Len(t, transfers, 2)
	require.Equal(t, StatusAssigned, transfers[1].In.Status)
	require.Equal(t, "chat.transfer_rejected", transfers[1].In.EventType)
	require.Equal(t, agentB, transfers[1].In.ActorID)
	notices := d.noticesOf(activities.NoticeTransferRejected)
	require.Len(t, notices, 1)
	require.Equal(t, agentA, notices[0].In.AgentID)
	require.Empty(t, calls(d, &d.takes))
	require.Empty(t, d.noticesOf(activities.NoticeTransferExpired), "no expiry after the reject")
	require.Equal(t, []string{agentA}, d.freed(), "only the end frees A")
}

func TestTransferExpires(t *testing.T) {
	d, req := transferDesk(t)
	pending := d.stateAt(3*time.Minute - time.Second)
	after := d.stateAt(3*time.Minute + time.Second)
	d.run()

	requireDone(t, req)
	require.Equal(t, StatusTransferring, pending.Status)
	require.Equal(t, StatusAssigned, after.Status)
	require.Equal(t, agentA, after.AssigneeID)
	require.Empty(t, after.TransferTo)
	transfers := calls(d, &d.transfers)
	require.Len(t, transfers, 2)
	require.Equal(t, "chat.transfer_expired", transfers[1].In.EventType)
	require.Equal(t, StatusAssigned, transfers[1].In.Status)
	notices := d.noticesOf(activities.NoticeTransferExpired)
	require.Len(t, notices, 1)
	require.Equal(t, agentA, notices[0].In.AgentID)
	require.Equal(t, 3*time.Minute, d.since(notices[0].At), "the team's transfer timeout after the request")
	require.Empty(t, calls(d, &d.takes))
}

func TestTransferAnsweredBySomeoneElseIsRejected(t *testing.T) {
	d, req := transferDesk(t)
	byC := d.updateAt(90*time.Second, UpdateAnswerTransfer, answer(agentC, true))
	byA := d.updateAt(90*time.Second, UpdateAnswerTransfer, answer(agentA, true))
	bySupervisor := d.updateAt(90*time.Second, UpdateAnswerTransfer, TransferAnswer{Actor: supervisor(), Accept: true})
	d.run()

	requireDone(t, req)
	requireRejected(t, byC, ErrTypeForbidden)
	requireRejected(t, byA, ErrTypeForbidden)
	requireRejected(t, bySupervisor, ErrTypeForbidden)
	require.Empty(t, calls(d, &d.takes))
	require.Len(t, d.noticesOf(activities.NoticeTransferExpired), 1, "the request still expires")
}

func TestSecondTransferRequestWhilePendingIsRejected(t *testing.T) {
	d, req := transferDesk(t)
	second := d.updateAt(90*time.Second, UpdateRequestTransfer, TransferRequest{Actor: agent(agentA), ToAgentID: agentC, TargetInTeam: true})
	d.run()

	requireDone(t, req)
	requireRejected(t, second, ErrTypeConflict)
	require.Len(t, d.noticesOf(activities.NoticeTransferRequested), 1)
}

func TestTransferRequestValidation(t *testing.T) {
	d := newDesk(t, baseTeam())
	d.assignTo(agentA)
	toSelf := d.updateAt(time.Minute, UpdateRequestTransfer, TransferRequest{Actor: agent(agentA), ToAgentID: agentA, TargetInTeam: true})
	outsider := d.updateAt(time.Minute, UpdateRequestTransfer, TransferRequest{Actor: agent(agentA), ToAgentID: agentB})
	noPending := d.updateAt(time.Minute, UpdateAnswerTransfer, answer(agentB, true))
	d.run()

	requireRejected(t, toSelf, ErrTypeInvalid)
	requireRejected(t, outsider, ErrTypeInvalid)
	requireRejected(t, noPending, ErrTypeConflict)
	require.Empty(t, calls(d, &d.transfers))
}

func TestTransferRequestOnAWaitingChatIsRejected(t *testing.T) {
	d := newDesk(t, baseTeam()) // nobody is free
	req := d.updateAt(time.Minute, UpdateRequestTransfer, TransferRequest{Actor: supervisor(), ToAgentID: agentB, TargetInTeam: true})
	d.run()

	requireRejected(t, req, ErrTypeConflict)
}
