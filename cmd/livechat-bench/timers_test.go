package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func late(d time.Duration) *time.Duration { return &d }

func TestSummarizeTimersLatenessAndMisses(t *testing.T) {
	t0 := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	rows := []timerRow{
		{id: "a", endReason: "inactive", late: late(40 * time.Millisecond), endedAt: t0},
		{id: "b", endReason: "inactive", late: late(100 * time.Millisecond), endedAt: t0.Add(time.Second)},
		{id: "c", endReason: "inactive", late: late(3 * time.Minute), endedAt: t0.Add(4 * time.Minute)},
		{id: "d", endReason: "inactive", late: late(-5 * time.Millisecond), endedAt: t0},
		{id: "e", endReason: "resolved", late: late(time.Second), endedAt: t0.Add(5 * time.Minute)},
		{id: "f", sinceDue: 3 * time.Minute},   // open, overdue
		{id: "g", sinceDue: 30 * time.Second},  // open, still within grace
		{id: "h", sinceDue: -10 * time.Second}, // open, not due yet
	}
	st := summarizeTimers(rows, 2*time.Minute)
	require.Equal(t, 4, st.byTimer)
	require.Equal(t, map[string]int{"resolved": 1}, st.otherwise)
	require.Equal(t, 3, st.open)
	require.Equal(t, 2, st.notInTime, "c fired 3 min late, f has not fired 3 min after due")
	require.Equal(t, 1, st.early)
	require.Equal(t, t0.Add(5*time.Minute), st.lastEnd, "the last end of any kind")
	require.Equal(t, latencySummary{N: 4, Min: -5, Mean: 45033.8, P50: 40, P90: 180000, P95: 180000, P99: 180000, Max: 180000}, st.lateness)

	empty := summarizeTimers(nil, time.Minute)
	require.Zero(t, empty.byTimer)
	require.Equal(t, latencySummary{}, empty.lateness)
}
