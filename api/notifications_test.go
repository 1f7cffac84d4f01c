package api

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"livechat/accounts"
)

func TestAssignmentReachesTheAgentsConsoleAndOutbox(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.startChatWorker()
	env.addMember(env.Org, "ana@acme.test", accounts.RoleAgent)
	owner, ana := env.login("owner@acme.test"), env.login("ana@acme.test")
	status, body := owner.do(http.MethodPatch, "/api/v1/teams/"+env.Org.Inbox.ID.String(), map[string]any{"auto_assignment": "round_robin"})
	require.Equal(t, http.StatusOK, status, "%v", body)
	status, body = ana.do(http.MethodPatch, "/api/v1/me", map[string]any{"phone": "+14155550100"})
	require.Equal(t, http.StatusOK, status, "%v", body)
	socket := ana.agentSocket(env.URL)
	status, body = ana.do(http.MethodPut, "/api/v1/me/presence", map[string]string{"status": "online"})
	require.Equal(t, http.StatusOK, status, "%v", body)

	_, secret := owner.createKey("Bot")
	chatID := discHandoff(t, env.withKey(secret), env.Org.Inbox.ID, "n-1")

	frame, _ := socket.waitFor(isEvent("notification.created", func(data map[string]any) bool {
		n := data["notification"].(map[string]any)
		return n["kind"] == "chat_assigned" && n["chat_id"] == chatID
	}))
	n := frame["data"].(map[string]any)["notification"].(map[string]any)
	require.Equal(t, "New chat assigned to you", n["title"])
	require.Equal(t, "http://app.test/chats/"+chatID, n["link"])

	// The console's list: the browser notification, unread, and the email
	// and SMS, recorded as not sent since no provider is configured here.
	var list map[string]any
	require.Eventually(t, func() bool {
		status, list = ana.do(http.MethodGet, "/api/v1/me/notifications", nil)
		require.Equal(t, http.StatusOK, status, "%v", list)
		byChannel := map[string]string{}
		for _, item := range items(t, list, "notifications") {
			byChannel[item["channel"].(string)] = item["status"].(string)
		}
		return byChannel["browser"] == "sent" && byChannel["email"] == "not_configured" && byChannel["sms"] == "not_configured"
	}, 30*time.Second, 20*time.Millisecond, "the email and SMS are recorded as not sent")
	require.EqualValues(t, 1, list["unread"])
	for _, item := range items(t, list, "notifications") {
		if item["channel"] != "browser" {
			require.Equal(t, "not sent: provider not configured", item["error"])
		}
	}
	status, body = ana.do(http.MethodGet, "/api/v1/me/notifications?channel=browser&limit=1", nil)
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Len(t, items(t, body, "notifications"), 1)
	require.Equal(t, n["id"], body["next_before"], "a full page points at the next one")
	status, body = ana.do(http.MethodGet, "/api/v1/me/notifications?before="+n["id"].(string)+"&channel=browser", nil)
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Empty(t, items(t, body, "notifications"))

	status, body = ana.do(http.MethodPost, "/api/v1/me/notifications/read", map[string]any{})
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.EqualValues(t, 0, body["unread"])

	// Admins see the organisation's outbox, addresses masked; agents don't.
	status, body = owner.do(http.MethodGet, "/api/v1/notifications?channel=sms", nil)
	require.Equal(t, http.StatusOK, status, "%v", body)
	outbox := items(t, body, "notifications")
	require.Len(t, outbox, 1)
	require.Equal(t, "+1415***0100", outbox[0]["recipient"])
	require.Equal(t, "Member ana@acme.test", outbox[0]["recipient_name"])
	status, _ = ana.do(http.MethodGet, "/api/v1/notifications", nil)
	require.Equal(t, http.StatusForbidden, status)

	// Another organisation sees none of it.
	env.newOrg("Other", "other", "owner@other.test")
	other := env.login("owner@other.test")
	status, body = other.do(http.MethodGet, "/api/v1/notifications", nil)
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Empty(t, items(t, body, "notifications"))
	status, body = other.do(http.MethodGet, "/api/v1/me/notifications", nil)
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Empty(t, items(t, body, "notifications"))
}

func TestNotificationListsRejectBadFilters(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	owner := env.login("owner@acme.test")
	for path, field := range map[string]string{
		"/api/v1/me/notifications?channel=pigeon":  "channel",
		"/api/v1/me/notifications?before=x":        "before",
		"/api/v1/me/notifications?limit=0":         "limit",
		"/api/v1/notifications?status=lost":        "status",
		"/api/v1/notifications?kind=chat_exploded": "kind",
	} {
		status, body := owner.do(http.MethodGet, path, nil)
		require.Equal(t, http.StatusBadRequest, status, "%s: %v", path, body)
		require.Contains(t, errorFields(t, body), field, path)
	}
	status, body := owner.do(http.MethodPost, "/api/v1/me/notifications/read", map[string]any{"up_to_id": "nope"})
	require.Equal(t, http.StatusBadRequest, status, "%v", body)
}

func TestProfilePhoneIsValidatedOnSave(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.addMember(env.Org, "ana@acme.test", accounts.RoleAgent)
	ana := env.login("ana@acme.test")

	status, body := ana.do(http.MethodGet, "/api/v1/me", nil)
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, "ana@acme.test", body["email"])
	require.Nil(t, body["phone"])
	require.Equal(t, "agent", body["role"])

	for _, bad := range []map[string]any{
		{"phone": "0044 20 7946 0958"}, {"phone": "+0123456789"}, {"phone": "+1 415 555 0100"},
		{"name": "  "}, {"avatar_url": "javascript:alert(1)"}, {"avatar_url": "https://" + strings.Repeat("a", 2050)},
	} {
		status, body = ana.do(http.MethodPatch, "/api/v1/me", bad)
		require.Equal(t, http.StatusBadRequest, status, "%v: %v", bad, body)
		for field := range bad {
			require.Contains(t, errorFields(t, body), field)
		}
	}
	status, body = ana.do(http.MethodGet, "/api/v1/me", nil)
	require.Equal(t, http.StatusOK, status)
	require.Nil(t, body["phone"], "a refused change writes nothing")
	require.Equal(t, "Member ana@acme.test", body["name"])

	status, body = ana.do(http.MethodPatch, "/api/v1/me", map[string]any{"phone": " +442079460958 ", "name": "Ana Agent"})
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, "+442079460958", body["phone"])
	require.Equal(t, "Ana Agent", body["name"])
	status, body = ana.do(http.MethodPatch, "/api/v1/me", map[string]any{"avatar_url": "https://cdn.example.test/ana.png"})
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, "+442079460958", body["phone"], "absent fields keep their value")
	status, body = ana.do(http.MethodPatch, "/api/v1/me", map[string]any{"phone": ""})
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Nil(t, body["phone"], "an empty phone clears it")
	require.Equal(t, "https://cdn.example.test/ana.png", body["avatar_url"])
}

func TestNotificationPreferencesLayerOverOrganisationDefaults(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.addMember(env.Org, "ana@acme.test", accounts.RoleAgent)
	owner, ana := env.login("owner@acme.test"), env.login("ana@acme.test")
	prefs := "/api/v1/me/notification-preferences"

	status, body := ana.do(http.MethodGet, prefs, nil)
	require.Equal(t, http.StatusOK, status, "%v", body)
	kinds := items(t, body, "kinds")
	require.Equal(t, "chat_assigned", kinds[0]["kind"])
	require.Equal(t, []any{"browser", "email", "sms"}, kinds[0]["channels"])
	effective := body["effective"].(map[string]any)
	require.Equal(t, map[string]any{"browser": true, "email": true, "sms": true}, effective["chat_assigned"])
	require.Equal(t, map[string]any{"browser": true}, effective["chat_waiting"])
	require.Equal(t, true, body["quiet_hours"])
	require.Equal(t, false, body["has_phone"])
	require.Equal(t, false, body["has_schedule"])

	// The organisation turns email off for assignments; agents follow.
	status, body = ana.do(http.MethodPut, "/api/v1/notification-defaults", map[string]any{"overrides": map[string]any{}})
	require.Equal(t, http.StatusForbidden, status, "%v", body)
	status, body = owner.do(http.MethodPut, "/api/v1/notification-defaults", map[string]any{
		"overrides": map[string]any{"chat_assigned": map[string]bool{"email": false}},
	})
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, map[string]any{"browser": true, "email": false, "sms": true}, body["effective"].(map[string]any)["chat_assigned"])
	status, body = ana.do(http.MethodGet, prefs, nil)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, false, body["effective"].(map[string]any)["chat_assigned"].(map[string]any)["email"])

	// The agent's own choice wins; quiet hours can be turned off.
	status, body = ana.do(http.MethodPut, prefs, map[string]any{
		"overrides":   map[string]any{"chat_assigned": map[string]bool{"email": true, "sms": false}},
		"quiet_hours": false,
	})
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, map[string]any{"browser": true, "email": true, "sms": false}, body["effective"].(map[string]any)["chat_assigned"])
	require.Equal(t, map[string]any{"chat_assigned": map[string]any{"email": true, "sms": false}}, body["overrides"])
	require.Equal(t, false, body["quiet_hours"])

	// Choices the catalogue does not allow are refused, and change nothing.
	for _, bad := range []map[string]any{
		{"overrides": map[string]any{"chat_waiting": map[string]bool{"sms": true}}},
		{"overrides": map[string]any{"chat_exploded": map[string]bool{"email": true}}},
		{"overrides": map[string]any{"invitation": map[string]bool{"email": false}}},
	} {
		status, body = ana.do(http.MethodPut, prefs, bad)
		require.Equal(t, http.StatusBadRequest, status, "%v: %v", bad, body)
		status, body = owner.do(http.MethodPut, "/api/v1/notification-defaults", bad)
		require.Equal(t, http.StatusBadRequest, status, "%v: %v", bad, body)
	}
	status, body = ana.do(http.MethodGet, prefs, nil)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, map[string]any{"chat_assigned": map[string]any{"email": true, "sms": false}}, body["overrides"])
	status, body = owner.do(http.MethodGet, "/api/v1/notification-defaults", nil)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, map[string]any{"chat_assigned": map[string]any{"email": false}}, body["overrides"])
}
