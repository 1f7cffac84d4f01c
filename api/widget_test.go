package api

import (
	"encoding/json"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"livechat/web"
)

// requireWidgetBuilt fails (never skips) when the embedded widget is missing.
func requireWidgetBuilt(t *testing.T) {
	t.Helper()
	_, err := fs.Stat(web.Widget(), "widget.js")
	require.NoError(t, err, "the widget is not built into web/dist/widget: run `make web` (npm run build in web/) before the Go tests")
}

func TestWidgetAppearance(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	owner := env.login("owner@acme.test")
	status, w := owner.do(http.MethodPost, "/api/v1/widgets", map[string]any{"name": "Shop", "team_id": env.Org.Inbox.ID})
	require.Equal(t, http.StatusCreated, status, "%v", w)
	require.Equal(t, "#2563eb", w["color"])
	require.Equal(t, "Chat with us", w["title"])
	require.Equal(t, "Hi! How can we help you today?", w["greeting"])
	require.Equal(t, "right", w["position"])
	require.Equal(t, "en", w["language"])
	path := "/api/v1/widgets/" + w["id"].(string)

	status, w = owner.do(http.MethodPatch, path, map[string]any{"color": "#FF8800", "title": " Talk to us ", "greeting": "", "position": "left", "language": "fr"})
	require.Equal(t, http.StatusOK, status, "%v", w)
	require.Equal(t, "#ff8800", w["color"])
	require.Equal(t, "Talk to us", w["title"])
	require.Equal(t, "", w["greeting"])
	require.Equal(t, "left", w["position"])
	require.Equal(t, "fr", w["language"])
	require.Equal(t, "Shop", w["name"], "fields not named stay")

	status, body := owner.do(http.MethodPatch, path, map[string]any{
		"name": "Renamed", "color": "orange", "title": strings.Repeat("t", 61), "greeting": strings.Repeat("g", 501), "position": "top", "language": "xx",
	})
	require.Equal(t, http.StatusBadRequest, status, "%v", body)
	fields := errorFields(t, body)
	for _, f := range []string{"color", "title", "greeting", "position", "language"} {
		require.Contains(t, fields, f)
	}
	status, body = owner.do(http.MethodPatch, path, map[string]any{"title": "   "})
	require.Equal(t, http.StatusBadRequest, status, "%v", body)
	require.Contains(t, errorFields(t, body), "title")

	status, body = owner.do(http.MethodGet, "/api/v1/widgets", nil)
	require.Equal(t, http.StatusOK, status)
	saved := items(t, body, "widgets")[0]
	require.Equal(t, "Shop", saved["name"], "a refused change writes nothing")
	require.Equal(t, "#ff8800", saved["color"])
	require.Equal(t, "Talk to us", saved["title"])
}

// widgetGet sends a GET the way a browser on origin would.
func widgetGet(t *testing.T, base, path, origin string) (int, http.Header, map[string]any) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, base+path, nil)
	require.NoError(t, err)
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body := map[string]any{}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&body))
	return resp.StatusCode, resp.Header, body
}

func TestWidgetConfig(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	owner := env.login("owner@acme.test")
	key := env.newWidget(owner, map[string]any{"allowed_origins": []string{"https://shop.example"}, "color": "#112233", "language": "de"})
	path := "/api/v1/widget/config?key=" + url.QueryEscape(key)

	status, header, body := widgetGet(t, env.URL, path, "https://shop.example")
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, "public, max-age=60", header.Get("Cache-Control"))
	require.Equal(t, "https://shop.example", header.Get("Access-Control-Allow-Origin"))
	widget := body["widget"].(map[string]any)
	require.Equal(t, "#112233", widget["color"])
	require.Equal(t, "de", widget["language"])
	require.Equal(t, "Chat with us", widget["title"])
	require.NotContains(t, widget, "public_key")
	require.NotContains(t, widget, "allowed_origins")
	require.Equal(t, map[string]any{"open": true, "opens_at": nil}, body["team"], "no schedule: always open")
	uploads := body["uploads"].(map[string]any)
	require.Contains(t, uploads["extensions"], "png")
	require.NotContains(t, uploads["extensions"], "exe")
	require.Greater(t, uploads["max_bytes"], float64(0))

	status, _, body = widgetGet(t, env.URL, path, "https://evil.example")
	require.Equal(t, http.StatusForbidden, status)
	require.Equal(t, "origin_not_allowed", errorCode(t, body))
	status, header, body = widgetGet(t, env.URL, path, env.URL)
	require.Equal(t, http.StatusOK, status, "the chat frame calls from the API's own origin: %v", body)
	require.Equal(t, "Origin", header.Get("Vary"))
	status, header, _ = widgetGet(t, env.URL, path, "")
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, "Origin", header.Get("Vary"), "a cached answer without CORS headers must not serve another origin")
	for _, bad := range []string{"/api/v1/widget/config", "/api/v1/widget/config?key=wk_nope"} {
		status, _, body = widgetGet(t, env.URL, bad, "https://shop.example")
		require.Equal(t, http.StatusNotFound, status, "%s", bad)
		require.Equal(t, "widget_not_found", errorCode(t, body))
	}

	// A schedule closed now: the widget says when the team opens.
	today := time.Now().UTC().Weekday()
	closedDay := (int(today) + 3) % 7
	status, sched := owner.do(http.MethodPut, "/api/v1/teams/"+env.Org.Inbox.ID.String()+"/schedule", map[string]any{
		"time_zone": "UTC", "hours": []map[string]any{{"weekday": closedDay, "opens": "09:00", "closes": "10:00"}},
	})
	require.Equal(t, http.StatusOK, status, "%v", sched)
	status, _, body = widgetGet(t, env.URL, path, "https://shop.example")
	require.Equal(t, http.StatusOK, status)
	team := body["team"].(map[string]any)
	require.Equal(t, false, team["open"])
	require.NotNil(t, sched["next_opening"])
	opens, err := time.Parse(time.RFC3339, team["opens_at"].(string))
	require.NoError(t, err)
	want, err := time.Parse(time.RFC3339, sched["next_opening"].(string))
	require.NoError(t, err)
	require.True(t, want.Equal(opens), "opens_at %s, schedule says %s", opens, want)
}

func TestWidgetLoaderAndFrame(t *testing.T) {
	t.Parallel()
	requireWidgetBuilt(t)
	env := newTestEnv(t)
	owner := env.login("owner@acme.test")
	anon := env.anonymous()

	loader := anon.get("/widget.js")
	require.Equal(t, http.StatusOK, loader.StatusCode)
	want, err := fs.ReadFile(web.Widget(), "widget.js")
	require.NoError(t, err)
	require.Equal(t, want, loader.Raw)
	require.Contains(t, loader.Header.Get("Content-Type"), "javascript")
	require.Equal(t, "public, max-age=300", loader.Header.Get("Cache-Control"))
	require.Equal(t, "cross-origin", loader.Header.Get("Cross-Origin-Resource-Policy"))

	key := env.newWidget(owner, map[string]any{"allowed_origins": []string{"https://shop.example", "https://*.brand.example"}})
	frame := anon.get("/widget/frame?key=" + url.QueryEscape(key))
	require.Equal(t, http.StatusOK, frame.StatusCode, "%s", frame.Raw)
	require.Contains(t, frame.Header.Get("Content-Type"), "text/html")
	require.Empty(t, frame.Header.Get("X-Frame-Options"), "the frame is meant to be embedded")
	csp := frame.Header.Get("Content-Security-Policy")
	require.Contains(t, csp, "frame-ancestors https://shop.example https://*.brand.example")
	require.Contains(t, csp, "default-src 'self'")
	require.Contains(t, csp, "connect-src 'self'")
	html, err := fs.ReadFile(web.Widget(), "frame.html")
	require.NoError(t, err)
	require.Equal(t, html, frame.Raw)

	open := env.newWidget(owner, nil)
	frame = anon.get("/widget/frame?key=" + url.QueryEscape(open))
	require.Equal(t, http.StatusOK, frame.StatusCode)
	require.Contains(t, frame.Header.Get("Content-Security-Policy"), "frame-ancestors *", "no list: any site")

	missing := anon.get("/widget/frame?key=wk_nope")
	require.Equal(t, http.StatusNotFound, missing.StatusCode)
	require.Contains(t, string(missing.Raw), "does not exist")
	require.Equal(t, http.StatusNotFound, anon.get("/widget/assets/frame-missing.js").StatusCode)
	require.NotContains(t, string(anon.get("/widget/assets/../../embed.go").Raw), "package web")

	// The frame's files, content-hashed, are cached for good.
	assets, err := fs.ReadDir(web.Widget(), "assets")
	require.NoError(t, err)
	require.NotEmpty(t, assets)
	r := anon.get("/widget/assets/" + assets[0].Name())
	require.Equal(t, http.StatusOK, r.StatusCode)
	require.Contains(t, r.Header.Get("Cache-Control"), "immutable")
}

func TestFrameAdmitsOnlyListedSites(t *testing.T) {
	t.Parallel()
	require.Equal(t, "*", frameAncestors(nil))
	require.Equal(t, "https://a.example http://localhost:8080", frameAncestors([]string{"https://a.example", "http://localhost:8080"}))
	require.Equal(t, "'none'", frameAncestors([]string{"https://a.example; script-src *"}), "nothing that could end the directive")
}

// TestVisitorChatView: what the widget shows of a chat — the queue, the
// agent who joined, a wait after hours — and a blocked visitor finishing the
// chat they have but starting no other.
func TestVisitorChatView(t *testing.T) {
	env := newTestEnv(t)
	env.startChatWorker()
	owner := env.login("owner@acme.test")
	status, me := owner.do(http.MethodGet, "/api/v1/me", nil)
	require.Equal(t, http.StatusOK, status)
	key := env.newWidget(owner, nil)
	v := env.newVisitor(env.URL, key, map[string]any{"name": "Vera"})

	status, body := v.do(http.MethodPost, "/api/v1/widget/messages", map[string]any{"body": "Hello?", "idempotency_key": "v-1"}, nil)
	require.Equal(t, http.StatusCreated, status, "%v", body)
	chatID := body["chat"].(map[string]any)["id"].(string)
	env.waitChatStatus(chatID, "waiting")
	status, chat := v.do(http.MethodGet, "/api/v1/widget/chats/"+chatID, nil, nil)
	require.Equal(t, http.StatusOK, status, "%v", chat)
	require.Equal(t, "waiting", chat["status"])
	require.Equal(t, float64(1), chat["queue_position"])
	require.Nil(t, chat["agent"])
	require.Empty(t, chat["agents"])
	require.Nil(t, chat["opens_at"])
	require.Equal(t, false, chat["prompt_pending"])

	status, body = owner.do(http.MethodPost, "/api/v1/chats/"+chatID+"/claim", nil)
	require.Equal(t, http.StatusOK, status, "%v", body)
	status, chat = v.do(http.MethodGet, "/api/v1/widget/chats/"+chatID, nil, nil)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, "assigned", chat["status"])
	agent := chat["agent"].(map[string]any)
	require.Equal(t, me["id"], agent["id"])
	require.Equal(t, me["name"], agent["name"])
	require.Len(t, chat["agents"], 1)

	// Another visitor cannot read this chat.
	other := env.newVisitor(env.URL, key, nil)
	status, body = other.do(http.MethodGet, "/api/v1/widget/chats/"+chatID, nil, nil)
	require.Equal(t, http.StatusNotFound, status, "%v", body)

	// Blocked: the open chat goes on; no new chat after it ends.
	status, body = owner.do(http.MethodPost, "/api/v1/contacts/"+v.contactID+"/block", map[string]any{"reason": "abuse"})
	require.Equal(t, http.StatusOK, status, "%v", body)
	status, session := v.do(http.MethodGet, "/api/v1/widget/session", nil, nil)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, true, session["blocked"])
	require.Equal(t, chatID, session["open_chat"].(map[string]any)["id"])
	status, body = v.do(http.MethodPost, "/api/v1/widget/messages", map[string]any{"body": "still here", "idempotency_key": "v-2"}, nil)
	require.Equal(t, http.StatusCreated, status, "the ongoing chat continues: %v", body)
	status, body = v.do(http.MethodPost, "/api/v1/widget/chats/"+chatID+"/end", nil, nil)
	require.Equal(t, http.StatusOK, status, "%v", body)
	status, session = v.do(http.MethodGet, "/api/v1/widget/session", nil, nil)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, true, session["blocked"])
	require.Nil(t, session["open_chat"])
	status, body = v.do(http.MethodPost, "/api/v1/widget/messages", map[string]any{"body": "again", "idempotency_key": "v-3"}, nil)
	require.Equal(t, http.StatusForbidden, status, "%v", body)
	require.Equal(t, "contact_blocked", errorCode(t, body))
	status, session = other.do(http.MethodGet, "/api/v1/widget/session", nil, nil)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, false, session["blocked"])

	// After hours: the chat waits with the team's message and its opening.
	status, team := owner.do(http.MethodPost, "/api/v1/teams", map[string]any{"name": "Night shift"})
	require.Equal(t, http.StatusCreated, status, "%v", team)
	teamID := team["id"].(string)
	closedDay := (int(time.Now().UTC().Weekday()) + 3) % 7
	status, sched := owner.do(http.MethodPut, "/api/v1/teams/"+teamID+"/schedule", map[string]any{
		"time_zone": "UTC", "hours": []map[string]any{{"weekday": closedDay, "opens": "09:00", "closes": "10:00"}},
	})
	require.Equal(t, http.StatusOK, status, "%v", sched)
	status, w := owner.do(http.MethodPost, "/api/v1/widgets", map[string]any{"name": "Night", "team_id": teamID})
	require.Equal(t, http.StatusCreated, status, "%v", w)
	night := env.newVisitor(env.URL, w["public_key"].(string), nil)
	status, body = night.do(http.MethodPost, "/api/v1/widget/messages", map[string]any{"body": "Anyone there?", "idempotency_key": "n-1"}, nil)
	require.Equal(t, http.StatusCreated, status, "%v", body)
	nightChat := body["chat"].(map[string]any)["id"].(string)
	want, err := time.Parse(time.RFC3339, sched["next_opening"].(string))
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		_, chat = night.do(http.MethodGet, "/api/v1/widget/chats/"+nightChat, nil, nil)
		at, _ := chat["opens_at"].(string)
		opens, err := time.Parse(time.RFC3339Nano, at)
		return err == nil && opens.Equal(want)
	}, 30*time.Second, 20*time.Millisecond, "opens_at never became %s (last %v)", want, chat)
	require.Equal(t, "waiting", chat["status"])
	status, body = night.do(http.MethodGet, "/api/v1/widget/chats/"+nightChat+"/messages", nil, nil)
	require.Equal(t, http.StatusOK, status)
	var notices []any
	for _, m := range items(t, body, "messages") {
		if m["kind"] == "system" {
			notices = append(notices, m["body"])
		}
	}
	require.Len(t, notices, 1, "the team's after-hours message")
	require.Contains(t, notices[0], "closed", "the default after-hours text")
}
