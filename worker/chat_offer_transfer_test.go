package worker_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"livechat/store/db"
)

// TestOfferAndTransferOverHTTP: in offer mode the chosen agent rejects and
// the chat is offered to the next one, who accepts; later that agent asks
// the first to take the chat over — rejected once, then accepted.
func TestOfferAndTransferOverHTTP(t *testing.T) {
	t.Parallel()
	s := newStack(t)
	s.setTeam("auto_assignment = 'round_robin', offer_enabled = true, offer_timeout_seconds = 600")
	alice, bob := s.addAgent("alice", true), s.addAgent("bob", true)
	byID := map[string]*agent{alice.ID.String(): alice, bob.ID.String(): bob}

	chatID := s.handoff("offer-1", "offer-user")
	offered := s.waitChat(chatID, "offered", func(c db.Chat) bool { return c.Status == "offered" && !c.AssignmentPending })
	events, err := s.st.ListChatEvents(t.Context(), db.ListChatEventsParams{OrgID: s.org.Org.ID, ChatID: chatID})
	require.NoError(t, err)
	var offeredEvent string
	for _, e := range events {
		if e.Type == "chat.offered" {
			offeredEvent = string(e.Payload)
		}
	}
	require.Contains(t, offeredEvent, `"expires_at"`, "chat.offered tells the console when the offer runs out")
	first := byID[offered.AssigneeID.String()]
	second := alice
	if first == alice {
		second = bob
	}

	// Only the offered agent may answer.
	status, body, _ := s.call(http.MethodPost, chatPath(chatID, "/offer/answer"), second, map[string]bool{"accept": true})
	require.Equal(t, http.StatusForbidden, status, "%v", body)

	status, body, _ = s.call(http.MethodPost, chatPath(chatID, "/offer/answer"), first, map[string]bool{"accept": false})
	require.Equal(t, http.StatusOK, status, "%v", body)
	s.waitChat(chatID, "offered to the other agent", func(c db.Chat) bool {
		return c.Status == "offered" && c.AssigneeID != nil && *c.AssigneeID == second.ID && !c.AssignmentPending
	})
	status, body, _ = s.call(http.MethodPost, chatPath(chatID, "/offer/answer"), second, map[string]bool{"accept": true})
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, "assigned", body["status"])
	s.waitChat(chatID, "assigned to the second agent", assignedTo(second))

	// A transfer request: the target rejects, the requester keeps the chat.
	status, body, _ = s.call(http.MethodPost, chatPath(chatID, "/transfer"), second, map[string]any{"agent_id": first.ID})
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, "transferring", s.chat(chatID).Status)
	require.NotNil(t, s.chat(chatID).TransferExpiresAt, "the console shows the countdown")
	status, body, _ = s.call(http.MethodPost, chatPath(chatID, "/transfer"), second, map[string]any{"agent_id": first.ID})
	require.Equal(t, http.StatusConflict, status, "a second request while one is pending: %v", body)
	status, body, _ = s.call(http.MethodPost, chatPath(chatID, "/transfer/answer"), first, map[string]bool{"accept": false})
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, second.ID, *s.waitChat(chatID, "back with the requester", hasStatus("assigned")).AssigneeID)

	// Asked again, the target accepts and takes the chat.
	status, body, _ = s.call(http.MethodPost, chatPath(chatID, "/transfer"), second, map[string]any{"agent_id": first.ID})
	require.Equal(t, http.StatusOK, status, "%v", body)
	status, body, _ = s.call(http.MethodPost, chatPath(chatID, "/transfer/answer"), first, map[string]bool{"accept": true})
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Nil(t, s.waitChat(chatID, "with the first agent", assignedTo(first)).TransferExpiresAt)

	require.Equal(t, []string{"chat_offered", "transfer_requested", "transfer_requested"}, s.browserNotices(chatID, first))
	require.Equal(t, []string{"chat_offered", "transfer_rejected", "transfer_accepted"}, s.browserNotices(chatID, second))
	s.recordHistory("offer-reject-accept-transfer", chatID)
}
