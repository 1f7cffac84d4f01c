package api

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"livechat/accounts"
)

func TestLoginSetsSessionCookie(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	c := env.anonymous()

	r, body := c.raw(http.MethodPost, "/api/v1/auth/login", "application/json",
		[]byte(`{"email":"Owner@Acme.test","password":"`+testPassword+`"}`))
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.Raw)

	var cookie *http.Cookie
	for _, ck := range r.Cookies() {
		if ck.Name == SessionCookie {
			cookie = ck
		}
	}
	require.NotNil(t, cookie, "no %s cookie in %v", SessionCookie, r.Header.Values("Set-Cookie"))
	require.True(t, strings.HasPrefix(cookie.Value, accounts.SessionTokenPrefix), "session token %q", cookie.Value)
	require.True(t, cookie.HttpOnly, "session cookie must be HttpOnly: %v", r.Header.Values("Set-Cookie"))
	require.Equal(t, http.SameSiteLaxMode, cookie.SameSite, "session cookie must be SameSite=Lax: %v", r.Header.Values("Set-Cookie"))
	require.Equal(t, "/", cookie.Path)
	require.True(t, cookie.Expires.After(time.Now().Add(24*time.Hour)), "cookie expires %v", cookie.Expires)

	require.Equal(t, "owner@acme.test", body["user"].(map[string]any)["email"])
	require.Equal(t, "owner", body["role"])
	require.NotEmpty(t, body["csrf_token"])
	require.NotContains(t, string(r.Raw), cookie.Value, "the session token must only travel in the cookie")

	// The cookie alone signs the client in.
	c.csrf = body["csrf_token"].(string)
	status, sess := c.do(http.MethodGet, "/api/v1/auth/session", nil)
	require.Equal(t, http.StatusOK, status, "%v", sess)
	require.Equal(t, env.Org.Owner.ID.String(), sess["user"].(map[string]any)["id"])
}

func TestLoginRefusesBadCredentialsAlike(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	tests := []struct {
		name            string
		email, password string
	}{
		{"wrong password", "owner@acme.test", "not the password"},
		{"unknown email", "nobody@acme.test", testPassword},
		{"password too long", "owner@acme.test", strings.Repeat("x", 300)},
	}
	var messages []string
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := env.anonymous()
			r, body := c.raw(http.MethodPost, "/api/v1/auth/login", "application/json",
				[]byte(`{"email":"`+tt.email+`","password":"`+tt.password+`"}`))
			require.Equal(t, http.StatusUnauthorized, r.StatusCode, "%v", body)
			require.Equal(t, "invalid_credentials", errorCode(t, body))
			require.Empty(t, r.Cookies(), "a failed login must not set cookies")
			messages = append(messages, body["error"].(map[string]any)["message"].(string))
		})
	}
	// The same answer whether or not the account exists.
	require.Len(t, messages, len(tests))
	for _, m := range messages {
		require.Equal(t, messages[0], m)
	}
}

func TestLoginRejectsBadBodies(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	tests := []struct {
		name        string
		contentType string
		body        string
		status      int
		code        string
		mention     string // a word the message must contain
	}{
		{"malformed JSON", "application/json", `{"email": "owner@acme.test", "password": }`, 400, "malformed_json", "invalid JSON"},
		{"truncated JSON", "application/json", `{"email": "owner@acme.test"`, 400, "malformed_json", "ends too early"},
		{"text/plain", "text/plain", `{"email":"owner@acme.test","password":"` + testPassword + `"}`, 415, "unsupported_media_type", "application/json"},
		{"form encoded", "application/x-www-form-urlencoded", "email=owner%40acme.test&password=x", 415, "unsupported_media_type", "application/json"},
		{"no content type", "", `{"email":"owner@acme.test","password":"` + testPassword + `"}`, 415, "unsupported_media_type", "application/json"},
		{"empty body", "application/json", ``, 400, "malformed_json", "empty"},
		{"blank body", "application/json", "  \n ", 400, "malformed_json", "empty"},
		{"JSON null", "application/json", `null`, 400, "malformed_json", "object"},
		{"JSON array", "application/json", `[]`, 400, "malformed_json", "object"},
		{"JSON string", "application/json", `"owner@acme.test"`, 400, "malformed_json", "object"},
		{"unknown field", "application/json", `{"email":"owner@acme.test","password":"` + testPassword + `","remember":true}`, 400, "malformed_json", "remember"},
		{"wrong type", "application/json", `{"email":"owner@acme.test","password":12345}`, 400, "malformed_json", "password"},
		{"trailing data", "application/json", `{"email":"owner@acme.test","password":"` + testPassword + `"} {}`, 400, "malformed_json", "after"},
		{"missing password", "application/json", `{"email":"owner@acme.test"}`, 400, "validation_failed", "password"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := env.anonymous()
			r, body := c.raw(http.MethodPost, "/api/v1/auth/login", tt.contentType, []byte(tt.body))
			require.Equal(t, tt.status, r.StatusCode, "%s", r.Raw)
			require.Equal(t, tt.code, errorCode(t, body))
			require.Contains(t, body["error"].(map[string]any)["message"], tt.mention)
			require.Empty(t, r.Cookies(), "a refused login must not set cookies")
		})
	}
}

func TestLoginMissingFieldsNamed(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	status, body := env.anonymous().do(http.MethodPost, "/api/v1/auth/login", map[string]string{"email": " "})
	require.Equal(t, http.StatusBadRequest, status)
	require.Equal(t, "validation_failed", errorCode(t, body))
	fields := errorFields(t, body)
	require.Contains(t, fields, "email")
	require.Contains(t, fields, "password")
}

func TestLogoutEndsSession(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	c := env.login("owner@acme.test")
	token, csrf := c.sessionToken(), c.csrf
	require.NotEmpty(t, token)

	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, env.URL+"/api/v1/auth/logout", nil)
	require.NoError(t, err)
	r, _ := c.exchange(req)
	require.Equal(t, http.StatusNoContent, r.StatusCode, "%s", r.Raw)
	cleared := false
	for _, ck := range r.Cookies() {
		if ck.Name == SessionCookie {
			cleared = ck.Value == "" && (ck.MaxAge < 0 || (!ck.Expires.IsZero() && ck.Expires.Before(time.Now())))
		}
	}
	require.True(t, cleared, "logout must clear the cookie: %v", r.Header.Values("Set-Cookie"))

	status, body := c.do(http.MethodGet, "/api/v1/auth/session", nil)
	require.Equal(t, http.StatusUnauthorized, status)
	require.Equal(t, "unauthenticated", errorCode(t, body))

	// The server forgot the session: replaying the old cookie does not work.
	replay := env.withSession(token, csrf)
	status, body = replay.do(http.MethodGet, "/api/v1/auth/session", nil)
	require.Equal(t, http.StatusUnauthorized, status)
	require.Equal(t, "unauthenticated", errorCode(t, body))
	status, body = replay.do(http.MethodPost, "/api/v1/teams", map[string]string{"name": "After logout"})
	require.Equal(t, http.StatusUnauthorized, status, "%v", body)
}

func TestExpiredSessionRefused(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	c := env.login("owner@acme.test")
	status, _ := c.do(http.MethodGet, "/api/v1/auth/session", nil)
	require.Equal(t, http.StatusOK, status)

	tag, err := env.Store.Pool.Exec(t.Context(),
		`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, env.Org.Owner.ID)
	require.NoError(t, err)
	require.EqualValues(t, 1, tag.RowsAffected())

	status, body := c.do(http.MethodGet, "/api/v1/auth/session", nil)
	require.Equal(t, http.StatusUnauthorized, status, "%v", body)
	require.Equal(t, "unauthenticated", errorCode(t, body))
	status, body = c.do(http.MethodGet, "/api/v1/teams", nil)
	require.Equal(t, http.StatusUnauthorized, status, "%v", body)
	require.Equal(t, "unauthenticated", errorCode(t, body))
}

func TestNoCredentialsUnauthenticated(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	tests := []struct {
		method, path string
		cookie       string
	}{
		{http.MethodGet, "/api/v1/auth/session", ""},
		{http.MethodGet, "/api/v1/teams", ""},
		{http.MethodGet, "/api/v1/members", ""},
		{http.MethodPost, "/api/v1/auth/logout", ""},
		{http.MethodGet, "/api/v1/teams", "lcs_not-a-real-session"},
		{http.MethodGet, "/api/v1/audit-log", "garbage"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path+" "+tt.cookie, func(t *testing.T) {
			c := env.anonymous()
			if tt.cookie != "" {
				c = env.withSession(tt.cookie, "")
			}
			status, body := c.do(tt.method, tt.path, nil)
			require.Equal(t, http.StatusUnauthorized, status, "%v", body)
			require.Equal(t, "unauthenticated", errorCode(t, body))
		})
	}
}

func TestCSRFRequiredOnCookieWrites(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.addMember(env.Org, "agent@acme.test", accounts.RoleAgent)
	owner := env.login("owner@acme.test")
	other := env.login("agent@acme.test") // a valid token, but of another session
	agentID := env.userID("agent@acme.test")

	tests := []struct {
		name  string
		token string
	}{
		{"no header", ""},
		{"wrong token", "bm90LXRoZS10b2tlbg"},
		{"not base64", "%%%"},
		{"another session's token", other.csrf},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := owner.withCSRF(tt.token)
			writes := []struct {
				method, path string
				body         any
			}{
				{http.MethodPost, "/api/v1/teams", map[string]string{"name": "Forged"}},
				{http.MethodPatch, "/api/v1/members/" + agentID.String(), map[string]string{"role": "admin"}},
				{http.MethodDelete, "/api/v1/members/" + agentID.String(), nil},
				{http.MethodPost, "/api/v1/api-keys", map[string]string{"name": "forged"}},
				{http.MethodPost, "/api/v1/auth/logout", nil},
			}
			for _, w := range writes {
				status, body := c.do(w.method, w.path, w.body)
				require.Equal(t, http.StatusForbidden, status, "%s %s: %v", w.method, w.path, body)
				require.Equal(t, "csrf_failed", errorCode(t, body), "%s %s", w.method, w.path)
			}
		})
	}

	// Nothing changed, and the session still works.
	status, body := owner.do(http.MethodGet, "/api/v1/teams", nil)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, []string{"Inbox"}, pluck(items(t, body, "teams"), "name"))
	require.Equal(t, "agent", env.role(env.Org, "agent@acme.test"))
	status, body = owner.do(http.MethodGet, "/api/v1/api-keys", nil)
	require.Equal(t, http.StatusOK, status)
	require.Empty(t, items(t, body, "api_keys"))
	status, _ = owner.do(http.MethodGet, "/api/v1/auth/session", nil)
	require.Equal(t, http.StatusOK, status)

	// With the right token the same write goes through.
	owner.createTeam("Genuine")
}

func TestLoginRateLimitedPerEmail(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	const perEmail, window = 10, 15 * time.Minute
	// The limit is a fixed window; if the window turns over mid-run, try again
	// with another account (at most once: a run takes well under a window).
	for attempt := 0; ; attempt++ {
		require.Less(t, attempt, 2, "the rate-limit window turned over twice")
		email := "limited" + strconv.Itoa(attempt) + "@acme.test"
		env.addMember(env.Org, email, accounts.RoleAgent)
		start := time.Now().Truncate(window)
		c := env.anonymous()
		for i := range perEmail {
			// Case and spacing do not make a new key.
			addr := email
			if i%2 == 1 {
				addr = " " + strings.ToUpper(email)
			}
			status, body := c.do(http.MethodPost, "/api/v1/auth/login", map[string]string{"email": addr, "password": "wrong password"})
			require.Equal(t, http.StatusUnauthorized, status, "attempt %d: %v", i+1, body)
		}
		// Even the right password is refused now.
		r, body := c.raw(http.MethodPost, "/api/v1/auth/login", "application/json",
			[]byte(`{"email":"`+email+`","password":"`+testPassword+`"}`))
		if time.Now().Truncate(window) != start {
			continue
		}
		require.Equal(t, http.StatusTooManyRequests, r.StatusCode, "%s", r.Raw)
		require.Equal(t, "rate_limited", errorCode(t, body))
		require.Empty(t, r.Cookies())
		retry, err := strconv.Atoi(r.Header.Get("Retry-After"))
		require.NoError(t, err, "Retry-After %q", r.Header.Get("Retry-After"))
		require.Positive(t, retry)
		require.LessOrEqual(t, retry, int(window.Seconds())+1)
		break
	}
	// Other accounts are not locked out.
	env.login("owner@acme.test")
}
