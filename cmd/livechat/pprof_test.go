package main

import (
	"io"
	"log/slog"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestPprofServesProfilesOnItsOwnListener(t *testing.T) {
	t.Parallel()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	p, err := startPprof("127.0.0.1:0", log)
	require.NoError(t, err)
	defer p.stop()

	get := func(path string) (int, string) {
		t.Helper()
		resp, err := http.Get("http://" + p.addr() + path)
		require.NoError(t, err)
		defer func() { _ = resp.Body.Close() }()
		body, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp.StatusCode, string(body)
	}
	status, body := get("/debug/pprof/")
	require.Equal(t, http.StatusOK, status)
	require.Contains(t, body, "heap")
	require.Contains(t, body, "goroutine")
	status, body = get("/debug/pprof/heap")
	require.Equal(t, http.StatusOK, status)
	require.NotEmpty(t, body, "a heap profile (gzipped protobuf)")
	status, _ = get("/")
	require.Equal(t, http.StatusNotFound, status, "only the profiles are served")

	addr := p.addr()
	p.stop()
	resp, err := http.Get("http://" + addr + "/debug/pprof/")
	if err == nil {
		_ = resp.Body.Close()
	}
	require.Error(t, err, "stopped with the process")
}

func TestPprofOffWhenEmpty(t *testing.T) {
	t.Parallel()
	p, err := startPprof("", slog.New(slog.NewTextHandler(io.Discard, nil)))
	require.NoError(t, err)
	require.Nil(t, p)
	require.Empty(t, p.addr())
	p.stop() // a no-op
}

func TestPprofRefusesNonLoopback(t *testing.T) {
	t.Parallel()
	for _, addr := range []string{":0", "0.0.0.0:0", "[::]:0", "10.0.0.1:6060", "example.com:6060", "127.0.0.1"} {
		p, err := startPprof(addr, slog.New(slog.NewTextHandler(io.Discard, nil)))
		require.Error(t, err, addr)
		require.Contains(t, err.Error(), "LIVECHAT_PPROF_ADDR")
		require.Nil(t, p, addr)
	}
}
