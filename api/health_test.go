package api

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestHealthz(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	status, body := env.anonymous().do(http.MethodGet, "/healthz", nil)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, "ok", body["status"])
}

func TestReadyzWhenDependenciesUp(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	status, body := env.anonymous().do(http.MethodGet, "/readyz", nil)
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, true, body["ready"])
	require.Equal(t, map[string]any{"postgres": "ok", "temporal": "ok"}, body["checks"])
}

func TestReadyzWhenPostgresDown(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.Store.Pool.Close()
	status, body := env.anonymous().do(http.MethodGet, "/readyz", nil)
	require.Equal(t, http.StatusServiceUnavailable, status, "%v", body)
	require.Equal(t, false, body["ready"])
	require.Equal(t, map[string]any{"postgres": "unavailable", "temporal": "ok"}, body["checks"])

	// Liveness does not depend on PostgreSQL.
	status, _ = env.anonymous().do(http.MethodGet, "/healthz", nil)
	require.Equal(t, http.StatusOK, status)
}
