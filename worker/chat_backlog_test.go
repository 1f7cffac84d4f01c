package worker_test

import (
	"fmt"
	"net/http"
	"sort"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"livechat/store/db"
)

// TestBurstRespectsCapacityAndDrainsFIFO: 50 chats start at once against 5
// online agents with capacity 3. No agent ever holds more than 3; 15 chats
// are assigned and 35 wait; as agents end chats, the waiting ones are
// assigned strictly oldest first until the queue is empty.
func TestBurstRespectsCapacityAndDrainsFIFO(t *testing.T) {
	t.Parallel()
	s := newStack(t)
	s.setTeam("auto_assignment = 'round_robin', capacity = 3")
	agents := map[uuid.UUID]*agent{}
	for i := range 5 {
		a := s.addAgent(fmt.Sprintf("agent%d", i), true)
		agents[a.ID] = a
	}

	const total = 50
	ids := make([]uuid.UUID, total)
	var wg sync.WaitGroup
	for i := range total {
		wg.Go(func() { ids[i] = s.handoff(fmt.Sprintf("burst-%d", i), fmt.Sprintf("burst-user-%d", i)) })
	}
	wg.Wait()

	capacityHolds := func() map[uuid.UUID]int {
		t.Helper()
		rows, err := s.st.Pool.Query(t.Context(), `SELECT assignee_id, count(*) FROM chats
			WHERE org_id = $1 AND status IN ('offered','assigned','transferring') GROUP BY assignee_id`, s.org.Org.ID)
		require.NoError(t, err)
		defer rows.Close()
		load := map[uuid.UUID]int{}
		for rows.Next() {
			var id uuid.UUID
			var n int
			require.NoError(t, rows.Scan(&id, &n))
			require.LessOrEqual(t, n, 3, "agent %s holds %d chats", id, n)
			load[id] = n
		}
		return load
	}
	waitCounts := func(assigned, waiting int) {
		t.Helper()
		require.Eventually(t, func() bool {
			capacityHolds()
			var a, w int
			require.NoError(t, s.st.Pool.QueryRow(t.Context(), `SELECT
				count(*) FILTER (WHERE status = 'assigned' AND NOT assignment_pending),
				count(*) FILTER (WHERE status = 'waiting') FROM chats WHERE org_id = $1`, s.org.Org.ID).Scan(&a, &w))
			return a == assigned && w == waiting
		}, 60*alicePatience, pollEvery, "want %d assigned and %d waiting", assigned, waiting)
	}
	waitCounts(15, 35)

	// The queue in the order it must drain: oldest first.
	queue := s.waitingInQueueOrder()
	require.Len(t, queue, 35)

	// End one chat at a time; each time exactly the oldest waiting chat moves
	// to the agent who freed capacity.
	for i, next := range queue {
		victim := s.anyAssigned()
		a := agents[*victim.AssigneeID]
		status, body, _ := s.call(http.MethodPost, chatPath(victim.ID, "/end"), a, map[string]string{"reason": "resolved"})
		require.Equal(t, http.StatusOK, status, "%v", body)
		got := s.waitChat(next, "assigned", assignedTo(a))
		require.Equal(t, a.ID, *got.AssigneeID)
		require.Equal(t, queue[i+1:], s.waitingInQueueOrder(), "after %d ends the rest still waits in order", i+1)
		capacityHolds()
	}
	waitCounts(15, 0)
	_ = ids
}

// waitingInQueueOrder lists the waiting chats oldest first.
func (s *stack) waitingInQueueOrder() []uuid.UUID {
	s.t.Helper()
	rows, err := s.st.Pool.Query(s.t.Context(), `SELECT id, queued_at FROM chats WHERE org_id = $1 AND status = 'waiting'`, s.org.Org.ID)
	require.NoError(s.t, err)
	type q struct {
		id  uuid.UUID
		key string
	}
	var list []q
	for rows.Next() {
		var c db.Chat
		require.NoError(s.t, rows.Scan(&c.ID, &c.QueuedAt))
		list = append(list, q{c.ID, c.QueuedAt.UTC().Format("2006-01-02T15:04:05.000000") + c.ID.String()})
	}
	require.NoError(s.t, rows.Err())
	sort.Slice(list, func(i, j int) bool { return list[i].key < list[j].key })
	out := make([]uuid.UUID, len(list))
	for i, e := range list {
		out[i] = e.id
	}
	return out
}

// anyAssigned returns one assigned chat (taken in by its workflow).
func (s *stack) anyAssigned() db.Chat {
	s.t.Helper()
	var id uuid.UUID
	require.NoError(s.t, s.st.Pool.QueryRow(s.t.Context(), `SELECT id FROM chats WHERE org_id = $1 AND status = 'assigned'
		AND NOT assignment_pending ORDER BY first_assigned_at LIMIT 1`, s.org.Org.ID).Scan(&id))
	return s.chat(id)
}
