package realtime

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"livechat/store"
	"livechat/store/db"
	"livechat/store/storetest"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// newOrg inserts an organisation and returns its id.
func newOrg(t *testing.T, st *store.Store) uuid.UUID {
	t.Helper()
	id := uuid.New()
	_, err := st.Pool.Exec(t.Context(), `INSERT INTO organizations (id, name, slug) VALUES ($1, 'Org', $2)`, id, "org-"+id.String()[:8])
	require.NoError(t, err)
	return id
}

func insertTick(t *testing.T, st *store.Store, orgID uuid.UUID, n int) db.Event {
	t.Helper()
	payload, _ := json.Marshal(map[string]int{"n": n})
	// One statement, one transaction: the event has its number once it returns.
	require.NoError(t, st.InsertEvent(context.Background(), db.InsertEventParams{OrgID: orgID, Type: "test.tick", Audience: AudienceAll, Payload: payload}))
	var seq int64
	require.NoError(t, st.Pool.QueryRow(context.Background(), `SELECT seq FROM events WHERE org_id = $1 AND type = 'test.tick' AND payload = $2`, orgID, payload).Scan(&seq))
	require.Positive(t, seq)
	ev, err := st.GetEvent(context.Background(), db.GetEventParams{OrgID: orgID, Seq: seq})
	require.NoError(t, err)
	return ev
}

// startListener runs a hub fed by a real LISTEN connection until the test ends.
func startListener(t *testing.T, st *store.Store) *Hub {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	hub := NewHub(st, quiet)
	l := &Listener{Pool: st.Pool, Hub: hub, Log: quiet}
	go l.Run(ctx)
	select {
	case <-l.Listening():
	case <-time.After(10 * time.Second):
		t.Fatal("listener did not start")
	}
	return hub
}

// frame is what the tests read off a subscriber.
type frame struct {
	Type    string `json:"type"`
	Seq     int64  `json:"seq"`
	LastSeq int64  `json:"last_seq"`
}

func next(t *testing.T, sub *Subscriber) frame {
	t.Helper()
	select {
	case o := <-sub.Out():
		var f frame
		require.NoError(t, json.Unmarshal(o.Frame, &f))
		return f
	case <-sub.Done():
		t.Fatalf("subscriber closed: %s", sub.Reason())
	case <-time.After(10 * time.Second):
		t.Fatal("no frame within 10 s")
	}
	return frame{}
}

// TestReconnectingSubscriberMissesNothing drops a subscriber again and again
// while three writers publish; across its connections it must see every
// event exactly once, in order.
func TestReconnectingSubscriberMissesNothing(t *testing.T) {
	st, _ := storetest.NewDatabase(t)
	orgID := newOrg(t, st)
	hub := startListener(t, st)
	agent := NewAgentFilter(&AgentView{UserID: uuid.New(), Role: "agent"})

	const writers, perWriter = 3, 200
	var wg sync.WaitGroup
	start := make(chan struct{})
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for i := range perWriter {
				insertTick(t, st, orgID, w*perWriter+i)
			}
		}()
	}

	var seen []int64
	var cursor int64
	connections := 0
	close(start)
	for cursor < writers*perWriter {
		sub := NewSubscriber(orgID, agent)
		after := cursor
		require.NoError(t, hub.Subscribe(t.Context(), sub, &after))
		connections++
		// Read a few events on this connection, then drop it mid-stream.
		for n := 0; n < 37 && cursor < writers*perWriter; {
			f := next(t, sub)
			if f.Type == "ready" {
				continue
			}
			require.Equal(t, "test.tick", f.Type)
			seen = append(seen, f.Seq)
			cursor = f.Seq
			n++
		}
		hub.Unsubscribe(sub)
	}
	wg.Wait()

	require.Greater(t, connections, 10, "the subscriber should have reconnected many times")
	require.Len(t, seen, writers*perWriter)
	for i, seq := range seen {
		require.Equal(t, int64(i+1), seq, "event %d out of order or missing", i)
	}
}

// TestHubReadsMissedNotifications: events whose notifications never
// arrived are read from PostgreSQL before the next one is handed on.
func TestHubReadsMissedNotifications(t *testing.T) {
	st, _ := storetest.NewDatabase(t)
	orgID := newOrg(t, st)
	hub := NewHub(st, quiet) // no listener: the test plays the notifications
	sub := NewSubscriber(orgID, NewAgentFilter(&AgentView{UserID: uuid.New(), Role: "agent"}))
	require.NoError(t, hub.Subscribe(t.Context(), sub, nil))
	require.Equal(t, frame{Type: "ready"}, next(t, sub))

	for i := range 3 {
		insertTick(t, st, orgID, i) // their notifications are "lost"
	}
	fourth := insertTick(t, st, orgID, 3)
	hub.Publish(t.Context(), FromRow(fourth))
	for want := int64(1); want <= 4; want++ {
		require.Equal(t, want, next(t, sub).Seq)
	}
	// A repeated notification is not handed on twice.
	hub.Publish(t.Context(), FromRow(fourth))
	fifth := insertTick(t, st, orgID, 4)
	hub.Publish(t.Context(), Event{OrgID: orgID, Seq: fifth.Seq, Truncated: true})
	f := next(t, sub)
	require.Equal(t, int64(5), f.Seq, "a truncated notification is read back whole")
}

// TestLongAbsenceAsksForResync: past MaxReplay events the client reloads.
func TestLongAbsenceAsksForResync(t *testing.T) {
	st, _ := storetest.NewDatabase(t)
	orgID := newOrg(t, st)
	_, err := st.Pool.Exec(t.Context(), `INSERT INTO events (org_id, seq, type, audience)
		SELECT $1, 0, 'test.tick', 'all' FROM generate_series(1, $2)`, orgID, MaxReplay+pageSize)
	require.NoError(t, err)
	hub := NewHub(st, quiet)
	sub := NewSubscriber(orgID, NewAgentFilter(&AgentView{UserID: uuid.New(), Role: "agent"}))
	after := int64(0)
	require.NoError(t, hub.Subscribe(t.Context(), sub, &after))
	replayed := 0
	for {
		f := next(t, sub)
		if f.Type == "resync_required" {
			break
		}
		require.Equal(t, "test.tick", f.Type)
		replayed++
	}
	require.Equal(t, MaxReplay, replayed)
	require.Equal(t, frame{Type: "ready", LastSeq: MaxReplay + pageSize}, next(t, sub))
}
