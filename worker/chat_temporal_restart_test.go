package worker_test

import (
	"io"
	"net"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/testsuite"

	"livechat/store/db"
	"livechat/worker"
	"livechat/worker/workertest"
)

// TestTimerFiresAcrossTemporalRestart: the Temporal server itself stops
// while an assigned chat's unresponsive-agent timer is armed; started again
// from the same database file, it fires the timer and the chat is
// reassigned.
func TestTimerFiresAcrossTemporalRestart(t *testing.T) {
	t.Parallel()
	bin, err := worker.FindTemporalCLI()
	require.NoError(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	dbFile := filepath.Join(t.TempDir(), "temporal.db")
	start := func() *testsuite.DevServer {
		srv, err := testsuite.StartDevServer(t.Context(), testsuite.DevServerOptions{
			ExistingPath: bin, DBFilename: dbFile, LogLevel: "error", Stdout: io.Discard, Stderr: io.Discard,
			ClientOptions: &client.Options{HostPort: addr},
			ExtraArgs:     append([]string{"--headless"}, worker.DevServerSearchAttributeFlags()...),
		})
		require.NoError(t, err)
		return srv
	}
	srv := start()
	t.Cleanup(func() { _ = srv.Stop() })
	tc, err := client.Dial(client.Options{HostPort: addr, Logger: workertest.Logger})
	require.NoError(t, err)
	t.Cleanup(tc.Close)

	s := newStackOn(t, tc)
	s.setTeam("auto_assignment = 'round_robin', unresponsive_strategy = 'reassign', unresponsive_timeout_seconds = 10")
	alice, bob := s.addAgent("alice", true), s.addAgent("bob", true)
	chatID := s.handoff("temporal-restart", "temporal-restart-user")
	first := s.waitChat(chatID, "assigned", func(c db.Chat) bool { return c.Status == "assigned" && !c.AssignmentPending })
	other := bob
	if *first.AssigneeID == bob.ID {
		other = alice
	}

	// Temporal goes down with the timer armed, and comes back later.
	require.NoError(t, srv.Stop())
	restartedAt := time.Now()
	srv = start()

	got := s.waitChat(chatID, "reassigned after the restart", assignedTo(other))
	require.Contains(t, got.ExcludedAgentIds, *first.AssigneeID)
	require.WithinDuration(t, first.FirstAssignedAt.Add(10*time.Second), time.Now(), 25*time.Second, "the timer kept its deadline (restarted at %s)", restartedAt)
}
