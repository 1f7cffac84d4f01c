package api

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestUnknownAPIRouteIsJSON404(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	owner := env.login("owner@acme.test")
	tests := []struct {
		name   string
		client *apiClient
		method string
		path   string
	}{
		{"anonymous GET", env.anonymous(), http.MethodGet, "/api/v1/nope"},
		{"signed-in GET", owner, http.MethodGet, "/api/v1/chats-that-do-not-exist"},
		{"nested", owner, http.MethodGet, "/api/v1/teams/x/y/z/w"},
		{"POST", owner, http.MethodPost, "/api/v1/unknown"},
		{"wrong method on a known path", owner, http.MethodDelete, "/api/v1/audit-log"},
		{"API root", env.anonymous(), http.MethodGet, "/api/v1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, body := tt.client.raw(tt.method, tt.path, "", nil)
			require.Equal(t, http.StatusNotFound, r.StatusCode, "%s", r.Raw)
			require.True(t, strings.HasPrefix(r.Header.Get("Content-Type"), "application/json"), "Content-Type %q", r.Header.Get("Content-Type"))
			require.Equal(t, "route_not_found", errorCode(t, body))
		})
	}
}

func TestMalformedIDInPathIs404(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	owner := env.login("owner@acme.test")
	tests := []struct {
		method, path string
		body         any
	}{
		{http.MethodGet, "/api/v1/teams/not-a-uuid", nil},
		{http.MethodPatch, "/api/v1/teams/123", map[string]int{"capacity": 5}},
		{http.MethodDelete, "/api/v1/teams/' OR 1=1 --", nil},
		{http.MethodGet, "/api/v1/teams/not-a-uuid/members", nil},
		{http.MethodPut, "/api/v1/teams/" + env.Org.Inbox.ID.String() + "/members/not-a-uuid", nil},
		{http.MethodGet, "/api/v1/members/zzz", nil},
		{http.MethodPatch, "/api/v1/members/zzz", map[string]string{"role": "agent"}},
		{http.MethodDelete, "/api/v1/members/zzz", nil},
		{http.MethodDelete, "/api/v1/invitations/zzz", nil},
		{http.MethodDelete, "/api/v1/api-keys/zzz", nil},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			status, body := owner.do(tt.method, strings.ReplaceAll(tt.path, " ", "%20"), tt.body)
			require.Equal(t, http.StatusNotFound, status, "%v", body)
			require.Equal(t, "not_found", errorCode(t, body))
		})
	}
}

// rawPost sends a request line and headers declaring a body of length bytes
// over a plain TCP connection, without sending the body, and reads the reply.
// (A Go client still writing the body may see the server's reset before the
// reply, so the over-limit reply is read this way.)
func rawPost(t *testing.T, env *testEnv, path string, length int, extra http.Header) (int, http.Header, map[string]any) {
	t.Helper()
	u, err := url.Parse(env.URL)
	require.NoError(t, err)
	conn, err := net.Dial("tcp", u.Host)
	require.NoError(t, err)
	defer func() { _ = conn.Close() }()
	require.NoError(t, conn.SetDeadline(time.Now().Add(30*time.Second)))
	var head strings.Builder
	fmt.Fprintf(&head, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n", path, u.Host, length)
	for name, values := range extra {
		for _, v := range values {
			fmt.Fprintf(&head, "%s: %s\r\n", name, v)
		}
	}
	head.WriteString("\r\n")
	_, err = conn.Write([]byte(head.String()))
	require.NoError(t, err)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	require.NoError(t, err)
	defer func() { _ = resp.Body.Close() }()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var body map[string]any
	require.NoError(t, json.Unmarshal(raw, &body), "reply is not JSON: %s", raw)
	return resp.StatusCode, resp.Header, body
}

func TestBodyOverLimitIs413(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	owner := env.login("owner@acme.test")
	member := http.Header{
		"Cookie":   {SessionCookie + "=" + owner.sessionToken()},
		CSRFHeader: {owner.csrf},
	}
	tests := []struct {
		name   string
		path   string
		header http.Header
	}{
		{"public route", "/api/v1/auth/login", nil},
		{"member route", "/api/v1/teams", member},
		{"unknown route", "/api/v1/nowhere", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, header, body := rawPost(t, env, tt.path, BodyLimit+1, tt.header)
			require.Equal(t, http.StatusRequestEntityTooLarge, status, "%v", body)
			require.True(t, strings.HasPrefix(header.Get("Content-Type"), "application/json"), "Content-Type %q", header.Get("Content-Type"))
			require.Equal(t, "payload_too_large", errorCode(t, body))
			require.Contains(t, body["error"].(map[string]any)["message"], "1 MiB")
		})
	}

	// A body just under the limit is read (and refused on its merits).
	name := strings.Repeat("a", BodyLimit-64)
	r, body := owner.raw(http.MethodPost, "/api/v1/teams", "application/json", []byte(`{"name":"`+name+`"}`))
	require.Equal(t, http.StatusBadRequest, r.StatusCode, "%s", r.Raw)
	require.Equal(t, "validation_failed", errorCode(t, body))
	require.Contains(t, errorFields(t, body), "name")

	status, teams := owner.do(http.MethodGet, "/api/v1/teams", nil)
	require.Equal(t, http.StatusOK, status)
	require.Len(t, items(t, teams, "teams"), 1)
}

func TestErrorsCarryRequestIDAndSecurityHeaders(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	r, body := env.anonymous().raw(http.MethodGet, "/api/v1/teams", "", nil)
	require.Equal(t, http.StatusUnauthorized, r.StatusCode)
	require.Equal(t, "unauthenticated", errorCode(t, body))
	require.NotEmpty(t, r.Header.Get("X-Request-Id"))
	require.Equal(t, "nosniff", r.Header.Get("X-Content-Type-Options"))
	require.Equal(t, "DENY", r.Header.Get("X-Frame-Options"))
	// Only {"error":{...}} at the top level.
	require.Len(t, body, 1, "%s", r.Raw)
	require.False(t, bytes.Contains(r.Raw, []byte("goroutine")), "no stack traces in replies")
}
