package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestCapacityCheckCountsEveryAgentAboveCapacityInEverySample(t *testing.T) {
	c := capacityCheck{Capacity: 3}
	c.observe(nil)
	c.observe([]assignedChat{{"c1", "a", false}, {"c2", "a", false}, {"c3", "a", false}, {"c4", "b", false}})
	require.Zero(t, c.Violations, "at capacity is allowed")
	c.observe([]assignedChat{
		{"c1", "a", false}, {"c2", "a", false}, {"c3", "a", false}, {"c4", "a", true},
		{"c5", "b", false}, {"c6", "b", false}, {"c7", "b", false}, {"c8", "b", false}, {"c9", "b", false},
	})
	c.observe([]assignedChat{{"c1", "a", false}, {"c2", "a", false}, {"c3", "a", false}, {"c4", "a", false}})
	require.Equal(t, capacityCheck{Capacity: 3, Samples: 4, Violations: 3, SamplesWithViolation: 2, MaxPerAgent: 5,
		AgentsOver: map[string]int{"a": 4, "b": 5}}, c)
}

func TestAgentSpread(t *testing.T) {
	pool := []*session{{userID: "a"}, {userID: "b"}, {userID: "c"}}
	lo, hi := agentSpread(pool, map[string]int{"a": 4, "b": 6, "x": 99})
	require.Equal(t, 0, lo, "an agent who got nothing counts")
	require.Equal(t, 6, hi, "agents outside the pool do not")
}

// endServer answers POST /api/v1/chats/{id}/end, failing the first attempt
// for the ids in failOnce, and records who ended what; GET
// /api/v1/chats/{id}/events has chat.assigned unless the id is in notTaken.
type endServer struct {
	mu       sync.Mutex
	ends     map[string][]string // chat → the session tokens that ended it
	failOnce map[string]bool
	notTaken map[string]bool
	// slowEnd chats end but answer 503 (the workflow confirmed too late).
	slowEnd map[string]bool
}

func (s *endServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if id, ok := strings.CutSuffix(strings.TrimPrefix(r.URL.Path, "/api/v1/chats/"), "/events"); ok && r.Method == http.MethodGet {
		if s.notTaken[id] {
			_, _ = w.Write([]byte(`{"events":[{"type":"chat.queued"}]}`))
			return
		}
		_, _ = w.Write([]byte(`{"events":[{"type":"chat.queued"},{"type":"chat.assigned"}]}`))
		return
	}
	if id, ok := strings.CutPrefix(r.URL.Path, "/api/v1/chats/"); ok && r.Method == http.MethodGet {
		status := "assigned"
		if len(s.ends[id]) > 0 {
			status = "ended"
		}
		_, _ = w.Write([]byte(`{"id":"` + id + `","status":"` + status + `"}`))
		return
	}
	id := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/api/v1/chats/"), "/end")
	who := ""
	if ck, err := r.Cookie(sessionCookie); err == nil {
		who = ck.Value
	}
	if s.failOnce[id] {
		delete(s.failOnce, id)
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(`{"error":{"code":"temporal_unavailable","message":"try again"}}`))
		return
	}
	s.ends[id] = append(s.ends[id], who)
	if s.slowEnd[id] {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(`{"error":{"code":"temporal_unavailable","message":"try again"}}`))
		return
	}
	_, _ = w.Write([]byte(`{}`))
}

func TestAssignWatchDrainsOnlyChatsTheirAgentsGot(t *testing.T) {
	srv := &endServer{ends: map[string][]string{}, failOnce: map[string]bool{"c3": true}, notTaken: map[string]bool{"c5": true},
		slowEnd: map[string]bool{"c6": true}}
	hs := httptest.NewServer(srv)
	defer hs.Close()
	a := &session{token: "tok-a", csrf: "x", userID: "a"}
	b := &session{token: "tok-b", csrf: "x", userID: "b"}
	var errs counter
	w, err := newAssignWatch(context.Background(), &fixture{c: newClient(hs.URL, 4), key: "k"}, "team", 3, []*session{a, b}, &errs)
	require.NoError(t, err)
	require.Equal(t, "api", w.source)
	ctx := context.Background()
	t0 := time.Now()

	w.expect("c1")
	w.observe(ctx, t0, []assignedChat{{"c1", "a", false}, {"c0", "b", false}})
	require.Equal(t, 1, w.assignedCount(), "c0 is not a chat of the burst")
	w.expect("c0")
	require.Equal(t, 2, w.assignedCount(), "seen before its hand-off answered")
	w.observe(ctx, t0.Add(time.Second), []assignedChat{{"c1", "a", false}, {"c2", "b", false}})
	require.Equal(t, t0, w.seenSnapshot()["c1"].at, "the first sample that showed it")
	require.Empty(t, srv.ends, "nobody ends before the drain")

	drain := w.startDrain()
	require.False(t, drain.Before(t0))
	w.expect("c6")
	w.observe(ctx, t0.Add(2*time.Second), []assignedChat{{"c1", "a", false}, {"c2", "b", false}, {"c3", "b", false}, {"c4", "a", true}, {"c5", "a", false}, {"c6", "b", false}})
	w.waitEnds()
	w.observe(ctx, t0.Add(3*time.Second), []assignedChat{{"c1", "a", false}, {"c3", "b", false}, {"c4", "a", true}, {"c5", "a", false}})
	w.waitEnds()
	require.Equal(t, map[string][]string{"c1": {"tok-a"}, "c2": {"tok-b"}, "c3": {"tok-b"}, "c6": {"tok-b"}}, srv.ends,
		"each agent ends its own chats once, a failed end is tried again, an assignment the workflow has not taken in is left alone")
	require.True(t, w.wasEnded("c6"), "answered 503 but ended: counted, not tried again")

	srv.mu.Lock()
	delete(srv.notTaken, "c5")
	srv.mu.Unlock()
	w.observe(ctx, t0.Add(4*time.Second), []assignedChat{{"c4", "a", true}, {"c5", "a", false}})
	w.waitEnds()
	require.Equal(t, []string{"tok-a"}, srv.ends["c5"], "ended once its workflow took it in")
	require.Equal(t, map[string]int{"agent end: 503 temporal_unavailable": 2}, errs.snapshot())
	require.True(t, w.wasEnded("c3"))
	require.False(t, w.wasEnded("c4"))
	require.Equal(t, 5, w.endedCount())
	require.Equal(t, 2, w.burstEnded(), "of the burst (c0, c1, c6), c1 and c6 were ended")
	require.Equal(t, 5, w.capacitySnapshot().Samples)
	require.Zero(t, w.capacitySnapshot().Violations)
	require.Equal(t, 5, w.endLat.summary().N)
}
