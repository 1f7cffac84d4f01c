package worker_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSilentConsoleGetsNoChatsUntilItBeatsAgain: an agent whose console has
// not confirmed their status for over a minute (closed tab) is not
// auto-assigned; the next heartbeat makes them available, and the waiting
// chat is assigned to them at once.
func TestSilentConsoleGetsNoChatsUntilItBeatsAgain(t *testing.T) {
	t.Parallel()
	s := newStack(t)
	s.setTeam("auto_assignment = 'round_robin'")
	alice := s.addAgent("alice", true)
	_, err := s.st.Pool.Exec(t.Context(), `UPDATE agent_presence SET last_heartbeat_at = now() - interval '2 minutes' WHERE user_id = $1`, alice.ID)
	require.NoError(t, err)

	chatID := s.handoff("silent-1", "silent-user")
	require.Equal(t, "waiting", s.chat(chatID).Status, "no chat for a silent console")
	status, body, _ := s.call(http.MethodGet, "/auth/session", alice, nil)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, "offline", body["presence"], "a silent console shows as offline")

	status, body, _ = s.call(http.MethodPut, "/me/presence", alice, map[string]string{"status": "online"})
	require.Equal(t, http.StatusOK, status, "%v", body)
	s.waitChat(chatID, "assigned once the console beats again", assignedTo(alice))
}
