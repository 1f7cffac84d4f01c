package main

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestMessagingQuickKeepsExplicitSizes(t *testing.T) {
	o, err := parseMessagingFlags([]string{"-quick", "-chats", "80"})
	require.NoError(t, err)
	require.Equal(t, 80, o.chats)
	require.Equal(t, 5, o.agents)
	require.Equal(t, 50.0, o.rate)
	require.Equal(t, 15*time.Second, o.duration)

	o, err = parseMessagingFlags(nil)
	require.NoError(t, err, "the goal configuration respects the API's limits")
	require.Equal(t, 1000, o.chats)
	require.Equal(t, 500.0, o.rate)
}

func TestMessagingRefusesSizesTheLimitsWouldThrottle(t *testing.T) {
	for name, args := range map[string][]string{
		"visitor over 1 message/s":    {"-chats", "100", "-rate", "500"},
		"console socket near 20/s":    {"-chats", "1000", "-rate", "500", "-agents", "10"},
		"over the team capacity":      {"-chats", "1000", "-agents", "5", "-rate", "100"},
		"not loopback":                {"-url", "http://10.0.0.1:8080"},
		"zero rate":                   {"-rate", "0"},
		"stray argument":              {"-quick", "extra"},
		"duration under a second":     {"-duration", "500ms"},
		"more chats than the bench's": {"-chats", "20001", "-agents", "500"},
	} {
		_, err := parseMessagingFlags(args)
		require.Error(t, err, name)
	}
}

func TestBenchIDRoundTrips(t *testing.T) {
	body := messageBody("m140419-v000042", time.Unix(0, 1234))
	require.Equal(t, "lcb m140419-v000042 t=1234", body)
	require.Equal(t, "m140419-v000042", benchID(body))
	require.Empty(t, benchID("Hello, I have a question"))
	require.Empty(t, benchID("lcbx y"))
}

func TestTrackerJudgesByMessageID(t *testing.T) {
	now := time.Now()
	tr := newTracker(now)
	tr.now = func() time.Time { return now } // every message is sent at now
	at := now.Add(10 * time.Millisecond)

	tr.sending("ok", toAgent, "A")
	tr.acked("ok", "srv-ok", now.Add(3*time.Millisecond))
	tr.received("ok", "srv-ok", "A", at)

	tr.sending("dup", toAgent, "A")
	tr.acked("dup", "srv-dup", now)
	tr.received("dup", "srv-dup", "A", at)
	tr.received("dup", "srv-dup", "A", at)

	tr.sending("lost", toAgent, "A")
	tr.acked("lost", "srv-lost", now)

	tr.sending("twice", toAgent, "A")
	tr.acked("twice", "srv-1", now)
	tr.received("twice", "srv-2", "A", at)

	tr.sending("refused", toAgent, "A")
	require.True(t, tr.refused("refused"))

	tr.sending("elsewhere", toAgent, "A")
	tr.acked("elsewhere", "srv-e", now)
	tr.received("elsewhere", "srv-e", "B", at)

	tr.sending("back", toVisitor, "V")
	tr.writeFailed("back")
	tr.received("unknown", "srv-x", "A", at)

	r := tr.result(toAgent)
	require.Equal(t, 6, r.Sent)
	require.Equal(t, 5, r.Stored)
	require.Equal(t, 1, r.Refused)
	require.Equal(t, 3, r.Delivered) // ok, dup, twice
	require.Equal(t, 2, r.Lost)      // lost, and elsewhere (only another socket saw it)
	require.Equal(t, 1, r.Duplicated)
	require.Equal(t, 1, r.StoredTwice)
	require.Equal(t, 1, r.ElsewhereReceipts)
	require.Equal(t, 10.0, r.Latency.Max)
	require.Equal(t, 7.0, tr.result(toAgent).AfterAck.Min, "ok: received 7 ms after its ack")

	v := tr.result(toVisitor)
	require.Equal(t, 1, v.WriteFailed)
	require.Equal(t, 0, v.Lost, "a frame never written is not lost by the server")
	require.Equal(t, 2, tr.outstanding(), "lost and elsewhere may still arrive")
	require.Equal(t, []int{3}, tr.deliveriesPerSecond(1))
}

func TestPaceKeepsTheRateAndTheCount(t *testing.T) {
	start := time.Now()
	var got []int
	last := pace(context.Background(), start, 200, 40, func(n int) bool { got = append(got, n); return true })
	require.Len(t, got, 40)
	require.Equal(t, 39, got[39])
	// 40 at 200/s: the last is due at 195 ms.
	require.GreaterOrEqual(t, last.Sub(start), 190*time.Millisecond)
	require.Less(t, last.Sub(start), time.Second)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	n := 0
	pace(ctx, time.Now(), 10, 100, func(int) bool { n++; return true })
	require.LessOrEqual(t, n, 1, "a cancelled pacer stops")
}
