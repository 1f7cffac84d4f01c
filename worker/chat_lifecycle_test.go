package worker_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
	"go.temporal.io/api/workflowservice/v1"

	"livechat/store/db"
)

// TestHandoffToEndOverHTTP follows one chat through the whole product: a bot
// hands a contact over, round robin assigns the online agent, the agent
// answers and ends it, and every step is in the projection, the event log
// and Temporal's search attributes.
func TestHandoffToEndOverHTTP(t *testing.T) {
	t.Parallel()
	s := newStack(t)
	s.setTeam("auto_assignment = 'round_robin', assigned_message = 'You are now chatting with an agent.'")
	alice := s.addAgent("alice", true)

	chatID := s.handoff("conv-1", "user-1")
	chat := s.waitChat(chatID, "assigned to alice", assignedTo(alice))
	require.NotNil(t, chat.FirstAssignedAt)

	// The same hand-off, or another one for the same contact, finds this chat.
	require.Equal(t, chatID, s.handoff("conv-1", "user-1"))
	require.Equal(t, chatID, s.handoff("conv-2", "user-1"))

	// Ops can find the chat in Temporal UI by its search attributes.
	require.Eventually(t, func() bool {
		resp, err := s.tc.ListWorkflow(t.Context(), &workflowservice.ListWorkflowExecutionsRequest{
			Query: "WorkflowId = 'chat:" + chatID.String() + "' AND ChatStatus = 'assigned' AND AssigneeId = '" + alice.ID.String() + "'",
		})
		require.NoError(t, err)
		return len(resp.Executions) == 1
	}, 20*alicePatience, pollEvery)

	status, body, _ := s.call(http.MethodPost, chatPath(chatID, "/messages"), alice, map[string]string{"body": "Hello, how can I help?", "idempotency_key": "m1"})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	status, _, _ = s.call(http.MethodPost, chatPath(chatID, "/messages"), alice, map[string]string{"body": "Hello, how can I help?", "idempotency_key": "m1"})
	require.Equal(t, http.StatusOK, status, "a retried send answers with the original")
	require.NotNil(t, s.chat(chatID).FirstAgentResponseAt)

	status, body, _ = s.call(http.MethodPost, chatPath(chatID, "/end"), alice, map[string]string{"reason": "resolved"})
	require.Equal(t, http.StatusOK, status, "%v", body)
	chat = s.waitChat(chatID, "ended", hasStatus("ended"))
	require.Equal(t, "resolved", *chat.EndReason)
	require.Equal(t, alice.ID, *chat.EndedBy)
	require.Equal(t, "agent", *chat.EndedByKind)

	events, err := s.st.ListChatEvents(t.Context(), db.ListChatEventsParams{OrgID: s.org.Org.ID, ChatID: chatID})
	require.NoError(t, err)
	var types []string
	for _, e := range events {
		types = append(types, e.Type)
	}
	require.Subset(t, types, []string{"chat.queued", "chat.assigned", "chat.ended"})
	require.Equal(t, []string{"chat_assigned"}, s.browserNotices(chatID, alice), "alice's console heard of the assignment")

	messages, err := s.st.ListMessages(t.Context(), db.ListMessagesParams{OrgID: s.org.Org.ID, ChatID: chatID, Limit: 50, IncludeNotes: true})
	require.NoError(t, err)
	var bodies []string
	for _, m := range messages {
		bodies = append(bodies, m.SenderKind+": "+m.Body)
	}
	require.Equal(t, []string{"contact: I need a human", "system: You are now chatting with an agent.", "agent: Hello, how can I help?"}, bodies)

	s.recordHistory("handoff-assign-message-end", chatID)

	// A new hand-off after the end makes a new chat; the old one stays ended.
	require.NotEqual(t, chatID, s.handoff("conv-3", "user-1"))
	require.Equal(t, chatID, s.handoff("conv-1", "user-1"), "a hand-off id keeps answering with its chat")
}

// TestConcurrentClaimsExactlyOneWins: two agents claim the same chat at the
// same moment; one gets it, the other a 409 naming who has it.
func TestConcurrentClaimsExactlyOneWins(t *testing.T) {
	t.Parallel()
	s := newStack(t)
	alice, bob := s.addAgent("alice", true), s.addAgent("bob", true)
	for round := range 5 {
		chatID := s.handoff("claim-"+string(rune('a'+round)), "claimer-"+string(rune('a'+round)))
		start := make(chan struct{})
		type result struct {
			who    *agent
			status int
			body   map[string]any
		}
		results := make(chan result, 2)
		for _, a := range []*agent{alice, bob} {
			go func() {
				<-start
				status, body, _ := s.call(http.MethodPost, chatPath(chatID, "/claim"), a, nil)
				results <- result{a, status, body}
			}()
		}
		close(start)
		r1, r2 := <-results, <-results
		winner, loser := r1, r2
		if r2.status == http.StatusOK {
			winner, loser = r2, r1
		}
		require.Equal(t, http.StatusOK, winner.status, "%v", winner.body)
		require.Equal(t, http.StatusConflict, loser.status, "%v", loser.body)
		e := loser.body["error"].(map[string]any)
		require.Equal(t, "chat_taken", e["code"])
		require.Contains(t, e["message"], winner.who.Name)
		require.Equal(t, winner.who.ID, *s.chat(chatID).AssigneeID)
		if round == 0 {
			s.recordHistory("concurrent-claims", chatID)
		}
	}
}
