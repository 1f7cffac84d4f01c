package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestPercentileIsNearestRank(t *testing.T) {
	d := make([]time.Duration, 100)
	for i := range d {
		d[i] = time.Duration(i+1) * time.Millisecond
	}
	s := summarize(d)
	require.Equal(t, 50.0, s.P50)
	require.Equal(t, 99.0, s.P99)
	require.Equal(t, 100.0, s.Max)
	require.Equal(t, 1.0, s.Min)
	require.Equal(t, latencySummary{N: 1, Min: 7, Mean: 7, P50: 7, P90: 7, P95: 7, P99: 7, Max: 7},
		summarize([]time.Duration{7 * time.Millisecond}))
	require.Equal(t, latencySummary{}, summarize(nil))
}

func TestOnlyLoopbackTargets(t *testing.T) {
	for _, ok := range []string{"http://127.0.0.1:8080", "http://localhost:18090", "http://[::1]:8080", "https://127.0.0.2"} {
		require.NoError(t, checkLoopback(ok), ok)
	}
	for _, bad := range []string{"http://10.0.0.1:8080", "http://example.com", "ftp://127.0.0.1", "http://0.0.0.0:8080"} {
		require.Error(t, checkLoopback(bad), bad)
	}
	require.NoError(t, checkLoopbackHostPort("127.0.0.1:7233"))
	require.Error(t, checkLoopbackHostPort("temporal:7233"))
}

func TestQuickKeepsExplicitSizes(t *testing.T) {
	o, err := parseFlags([]string{"-quick", "-handoffs", "77"})
	require.NoError(t, err)
	require.Equal(t, 77, o.handoffs)
	require.Equal(t, 5, o.agents)
	require.Equal(t, 500, o.openChats)
	_, err = parseFlags([]string{"-url", "http://192.168.1.5:8080"})
	require.Error(t, err)
}
