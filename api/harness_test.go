package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"livechat/accounts"
	"livechat/attachments"
	"livechat/chats"
	"livechat/realtime"
	"livechat/storage"
	"livechat/store"
	"livechat/store/db"
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
	// StorageDir holds the attachment files of the server.
	StorageDir string
	// deps are the servers' dependencies (serve starts more replicas).
	deps Deps
}

func newTestEnv(t *testing.T) *testEnv {
	t.Helper()
	return newTestEnvWith(t, nil)
}

// newTestEnvWith is newTestEnv with the server's dependencies adjusted by
// adjust (nil = as they are) before the server starts.
func newTestEnvWith(t *testing.T, adjust func(*Deps)) *testEnv {
	t.Helper()
	st, _ := storetest.NewDatabase(t)
	acc := accounts.NewService(st, accounts.NewSigner(testSecret))
	env := &testEnv{t: t, Store: st, Accounts: acc, TaskQueue: workertest.TaskQueue(t)}
	tc := workertest.Client(t)
	quietLog := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	chatService := &chats.Service{Store: st, Temporal: tc, TaskQueue: env.TaskQueue, Outbox: chats.NewOutbox(st, tc, quietLog)}
	env.StorageDir = t.TempDir()
	deps := Deps{
		Store: st, Accounts: acc, Temporal: tc, TaskQueue: env.TaskQueue,
		Chats:       chatService,
		Attachments: &attachments.Service{Store: st, Chats: chatService, Storage: storage.NewDisk(env.StorageDir), Log: quietLog},
		PublicURL:   "http://app.test", Log: quietLog,
	}
	if adjust != nil {
		adjust(&deps)
	}
	env.deps = deps
	env.URL = env.serve()
	env.Org = env.newOrg("Acme", "acme", "owner@acme.test")
	return env
}

// serve starts one more API replica over the environment's database, with
// its own event listener, hub and receipts, and returns its base URL.
func (e *testEnv) serve() string {
	e.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	deps := e.deps
	deps.Hub = realtime.NewHub(deps.Store, deps.Log)
	listener := &realtime.Listener{Pool: deps.Store.Pool, Hub: deps.Hub, Log: deps.Log}
	go listener.Run(ctx)
	deps.Receipts = realtime.NewReceipts(deps.Store, deps.Log)
	go deps.Receipts.Run(ctx)
	deps.Context = ctx
	select {
	case <-listener.Listening():
	case <-time.After(10 * time.Second):
		e.t.Fatal("the event listener did not start")
	}
	app := New(deps)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(e.t, err)
	go func() { _ = app.Listener(ln) }()
	e.t.Cleanup(func() {
		cancel()
		_ = app.Shutdown()
	})
	return "http://" + ln.Addr().String()
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
	resp, out := c.exchange(req)
	return resp.StatusCode, out
}

// exchange performs a prepared request with the client's credentials and
// returns the response (its body already read and closed, kept in Raw) with
// the decoded JSON object.
func (c *apiClient) exchange(req *http.Request) (*reply, map[string]any) {
	c.t.Helper()
	if c.csrf != "" {
		req.Header.Set(CSRFHeader, c.csrf)
	}
	if c.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+c.bearer)
	}
	r := c.roundTrip(req)
	var out map[string]any
	if len(bytes.TrimSpace(r.Raw)) > 0 {
		require.NoError(c.t, json.Unmarshal(r.Raw, &out), "reply is not a JSON object: %s", r.Raw)
	}
	return r, out
}

// reply is an HTTP response whose body has been read into Raw.
type reply struct {
	*http.Response
	Raw []byte
}

// roundTrip performs req as is and reads the whole reply.
func (c *apiClient) roundTrip(req *http.Request) *reply {
	c.t.Helper()
	resp, err := c.http.Do(req)
	require.NoError(c.t, err)
	defer func() { _ = resp.Body.Close() }()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(c.t, err)
	return &reply{Response: resp, Raw: raw}
}

// raw sends body byte for byte with the given Content-Type ("" = none) and
// the client's credentials, and decodes a JSON object reply.
func (c *apiClient) raw(method, path, contentType string, body []byte) (*reply, map[string]any) {
	c.t.Helper()
	var rdr io.Reader
	if body != nil {
		rdr = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(c.t.Context(), method, c.base+path, rdr)
	require.NoError(c.t, err)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return c.exchange(req)
}

// get fetches a path without decoding the reply (HTML, assets).
func (c *apiClient) get(path string) *reply {
	c.t.Helper()
	req, err := http.NewRequestWithContext(c.t.Context(), http.MethodGet, c.base+path, nil)
	require.NoError(c.t, err)
	return c.roundTrip(req)
}

// withCSRF returns a client sharing c's cookies that sends token as the CSRF
// header ("" = no header).
func (c *apiClient) withCSRF(token string) *apiClient {
	cp := *c
	cp.csrf = token
	return &cp
}

// sessionToken returns the session cookie held in c's jar ("" = none).
func (c *apiClient) sessionToken() string {
	c.t.Helper()
	u, err := url.Parse(c.base)
	require.NoError(c.t, err)
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == SessionCookie {
			return ck.Value
		}
	}
	return ""
}

// withSession returns a fresh client that presents a session token (and
// CSRF token) it was handed, as a replayed or stolen cookie would be.
func (e *testEnv) withSession(token, csrf string) *apiClient {
	e.t.Helper()
	c := e.anonymous()
	u, err := url.Parse(c.base)
	require.NoError(e.t, err)
	c.http.Jar.SetCookies(u, []*http.Cookie{{Name: SessionCookie, Value: token, Path: "/"}})
	c.csrf = csrf
	return c
}

// userID returns the id of the account with this email.
func (e *testEnv) userID(email string) uuid.UUID {
	e.t.Helper()
	u, err := e.Store.GetUserByEmail(e.t.Context(), email)
	require.NoError(e.t, err, "user %s", email)
	return u.ID
}

// role returns the role of email in org, or "" when it is not a member.
func (e *testEnv) role(org accounts.CreatedOrganization, email string) string {
	e.t.Helper()
	m, err := e.Store.GetMember(e.t.Context(), db.GetMemberParams{OrgID: org.Org.ID, UserID: e.userID(email)})
	if errors.Is(store.Err(err), store.ErrNotFound) {
		return ""
	}
	require.NoError(e.t, err)
	return m.Role
}

// createTeam creates a team through the API and returns its JSON.
func (c *apiClient) createTeam(name string) map[string]any {
	c.t.Helper()
	status, body := c.do(http.MethodPost, "/api/v1/teams", map[string]string{"name": name})
	require.Equal(c.t, http.StatusCreated, status, "create team %q: %v", name, body)
	return body
}

// items returns the array body[key] as objects.
func items(t *testing.T, body map[string]any, key string) []map[string]any {
	t.Helper()
	raw, ok := body[key].([]any)
	require.True(t, ok, "%q is not an array in %v", key, body)
	out := make([]map[string]any, len(raw))
	for i, v := range raw {
		out[i], ok = v.(map[string]any)
		require.True(t, ok, "%q[%d] is not an object: %v", key, i, v)
	}
	return out
}

// pluck returns field of every object, as strings.
func pluck(objs []map[string]any, field string) []string {
	out := make([]string, len(objs))
	for i, o := range objs {
		out[i], _ = o[field].(string)
	}
	return out
}

// errorFields extracts error.fields from a validation error reply.
func errorFields(t *testing.T, body map[string]any) map[string]any {
	t.Helper()
	e, ok := body["error"].(map[string]any)
	require.True(t, ok, "not an error reply: %v", body)
	fields, ok := e["fields"].(map[string]any)
	require.True(t, ok, "error without fields: %v", body)
	return fields
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
