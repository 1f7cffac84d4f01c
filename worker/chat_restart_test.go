package worker_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"

	"livechat/store/db"
	"livechat/workflows"
)

// TestTimerFiresAcrossWorkerRestart: the unresponsive-agent timer of an
// assigned chat comes due while no worker runs; a new worker picks the chat
// up and applies the strategy (reassign to the other agent).
func TestTimerFiresAcrossWorkerRestart(t *testing.T) {
	t.Parallel()
	s := newStack(t)
	s.setTeam("auto_assignment = 'round_robin', unresponsive_strategy = 'reassign', unresponsive_timeout_seconds = 10")
	alice, bob := s.addAgent("alice", true), s.addAgent("bob", true)

	chatID := s.handoff("restart-1", "restart-user")
	first := s.waitChat(chatID, "assigned", func(c db.Chat) bool { return c.Status == "assigned" && !c.AssignmentPending })
	other := bob
	if *first.AssigneeID == bob.ID {
		other = alice
	}
	// The workflow has armed the unresponsive timer (10 s, not the 1 h inactivity one).
	require.Eventually(t, func() bool {
		return s.hasEvent(chatID.String(), func(e *historypb.HistoryEvent) bool {
			a := e.GetTimerStartedEventAttributes()
			return a != nil && a.GetStartToFireTimeout().AsDuration() <= 10*time.Second
		})
	}, 30*alicePatience, pollEvery)

	// The worker dies; the timer still fires on the Temporal server.
	s.stopWorker()
	require.Eventually(t, func() bool {
		return s.hasEvent(chatID.String(), func(e *historypb.HistoryEvent) bool { return e.GetEventType() == enumspb.EVENT_TYPE_TIMER_FIRED })
	}, 60*alicePatience, 100*pollEvery)
	require.Equal(t, first.AssigneeID, s.chat(chatID).AssigneeID, "nothing moved without a worker")

	// A new worker takes over and applies the strategy.
	s.startWorker()
	got := s.waitChat(chatID, "reassigned to the other agent", assignedTo(other))
	require.Contains(t, got.ExcludedAgentIds, *first.AssigneeID)
	s.recordHistory("unresponsive-reassign-after-restart", chatID)
}

// hasEvent reports whether the chat workflow's history has a matching event.
func (s *stack) hasEvent(chatID string, match func(*historypb.HistoryEvent) bool) bool {
	it := s.tc.GetWorkflowHistory(s.t.Context(), workflows.ChatWorkflowID(chatID), "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		e, err := it.Next()
		require.NoError(s.t, err)
		if match(e) {
			return true
		}
	}
	return false
}
