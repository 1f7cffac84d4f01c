package api

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"livechat/accounts"
	"livechat/store"
	"livechat/store/storetest"
	"livechat/worker/workertest"
)

// testPassword is the password of every account the harness creates.
const testPassword = "correct horse battery"

// testSecret is the session secret of test servers.
const testSecret = "test-secret-test-secret-test-secret-0123"

// testEnv is a real API server on a loopback port over a fresh database and
// the shared Temporal dev server, with one organisation ("Acme") and its owner.
type testEnv struct {
	t         *testing.T
	Store     *store.Store
	Accounts  *accounts.Service
	URL       string
	TaskQueue string
	Org       accounts.CreatedOrganization
}

func newTestEnv(t *testing.T) *testEnv {
	t.Helper()
	st, _ := storetest.NewDatabase(t)
	acc := accounts.NewService(st, accounts.NewSigner(testSecret))
	env := &testEnv{t: t, Store: st, Accounts: acc, TaskQueue: workertest.TaskQueue(t)}
	app := New(Deps{
		Store: st, Accounts: acc, Temporal: workertest.Client(t), TaskQueue: env.TaskQueue,
		PublicURL: "http://app.test", Log: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go func() { _ = app.Listener(ln) }()
	t.Cleanup(func() { _ = app.Shutdown() })
	env.URL = "http://" + ln.Addr().String()
	env.Org = env.newOrg("Acme", "acme", "owner@acme.test")
	return env
}

// newOrg creates another organisation with its owner and Inbox team.
func (e *testEnv) newOrg(name, slug, ownerEmail string) accounts.CreatedOrganization {
	e.t.Helper()
	org, err := e.Accounts.CreateOrganization(e.t.Context(), accounts.NewOrganization{
		Name: name, Slug: slug, OwnerEmail: ownerEmail, OwnerName: name + " Owner", OwnerPassword: testPassword,
	})
	require.NoError(e.t, err)
	return org
}

// addMember adds a member with a role to org (in its Inbox team).
func (e *testEnv) addMember(org accounts.CreatedOrganization, email string, role accounts.Role) {
	e.t.Helper()
	actor := accounts.Principal{OrgID: org.Org.ID, UserID: org.Owner.ID, Role: accounts.RoleOwner}
	_, err := e.Accounts.AddMember(e.t.Context(), actor, email, "Member "+email, testPassword, role, org.Inbox.ID)
	require.NoError(e.t, err)
}

// apiClient is an HTTP client with its own cookie jar and, once signed in, the
// session's CSRF token on every write.
type apiClient struct {
	t    *testing.T
	base string
	http *http.Client
	csrf string
	// bearer, when set, is sent as Authorization: Bearer (API keys).
	bearer string
}

func (e *testEnv) anonymous() *apiClient {
	jar, err := cookiejar.New(nil)
	require.NoError(e.t, err)
	return &apiClient{t: e.t, base: e.URL, http: &http.Client{Jar: jar}}
}

// login signs in with the test password and returns the signed-in client.
func (e *testEnv) login(email string) *apiClient {
	e.t.Helper()
	c := e.anonymous()
	status, body := c.do(http.MethodPost, "/api/v1/auth/login", map[string]string{"email": email, "password": testPassword})
	require.Equal(e.t, http.StatusOK, status, "login %s: %v", email, body)
	c.csrf = body["csrf_token"].(string)
	return c
}

// withKey returns a client that authenticates with an API key.
func (e *testEnv) withKey(secret string) *apiClient {
	c := e.anonymous()
	c.bearer = secret
	return c
}

// do sends a JSON request (body nil = none) and decodes a JSON object reply.
func (c *apiClient) do(method, path string, body any) (int, map[string]any) {
	c.t.Helper()
	var rdr io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		require.NoError(c.t, err)
		rdr = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(c.t.Context(), method, c.base+path, rdr)
	require.NoError(c.t, err)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return c.send(req)
}

// send performs a prepared request with the client's credentials.
func (c *apiClient) send(req *http.Request) (int, map[string]any) {
	c.t.Helper()
	if c.csrf != "" {
		req.Header.Set(CSRFHeader, c.csrf)
	}
	if c.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+c.bearer)
	}
	resp, err := c.http.Do(req)
	require.NoError(c.t, err)
	defer func() { _ = resp.Body.Close() }()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(c.t, err)
	var out map[string]any
	if len(bytes.TrimSpace(raw)) > 0 {
		require.NoError(c.t, json.Unmarshal(raw, &out), "reply is not a JSON object: %s", raw)
	}
	return resp.StatusCode, out
}

// errorCode extracts error.code from an error reply.
func errorCode(t *testing.T, body map[string]any) string {
	t.Helper()
	e, ok := body["error"].(map[string]any)
	require.True(t, ok, "not an error reply: %v", body)
	require.NotEmpty(t, e["message"], "error without message: %v", body)
	return e["code"].(string)
}

func TestHarnessLogin(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	c := env.login("owner@acme.test")
	status, body := c.do(http.MethodGet, "/api/v1/auth/session", nil)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, "Acme", body["organization"].(map[string]any)["name"])
	require.Equal(t, "owner", body["role"])
}
