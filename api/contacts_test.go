package api

import (
	"net/http"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"livechat/store/db"
)

func TestContactsSearchEditAndHistory(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	s := seedInbox(t, env)
	ana := env.login("ana@acme.test")

	search := func(query string) []string {
		status, body := ana.do(http.MethodGet, "/api/v1/contacts"+query, nil)
		require.Equal(t, http.StatusOK, status, "%s: %v", query, body)
		return pluck(items(t, body, "contacts"), "name")
	}
	require.Equal(t, []string{"Carla Customer"}, search("?q=customer"))
	require.Equal(t, []string{"Bob Buyer"}, search("?q=BOBBY"))
	require.Equal(t, []string{"Carla Customer"}, search("?tag=vip"))
	require.Equal(t, []string{"Yara", "Zed", "Bob Buyer", "Carla Customer"}, search(""), "newest first")
	require.Equal(t, []string{"Yara", "Zed"}, search("?limit=2"))

	status, carla := ana.do(http.MethodGet, "/api/v1/contacts/"+s.carla.String(), nil)
	require.Equal(t, http.StatusOK, status, "%v", carla)
	require.EqualValues(t, 2, carla["chats_count"])
	require.NotNil(t, carla["last_chat_at"])
	require.Equal(t, false, carla["blocked"])
	require.Equal(t, []any{"vip"}, carla["tags"])

	// Edits in place: validated as a whole, nothing written on a mistake.
	status, body := ana.do(http.MethodPatch, "/api/v1/contacts/"+s.carla.String(), map[string]any{
		"email": "not-an-address", "phone": "12345", "tags": []string{""}, "custom_fields": map[string]any{"plan": []int{1}},
	})
	require.Equal(t, http.StatusBadRequest, status, "%v", body)
	require.Len(t, errorFields(t, body), 4)
	status, body = ana.do(http.MethodPatch, "/api/v1/contacts/"+s.carla.String(), map[string]any{
		"name": "Carla C.", "phone": "+49 (30) 1234-567", "tags": []string{"VIP", "renewal", "vip"},
		"custom_fields": map[string]any{"plan": "gold", "seats": 12, "trial": false}, "email": "",
	})
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, "Carla C.", body["name"])
	require.Equal(t, "+49301234567", body["phone"])
	require.Nil(t, body["email"], "an empty email clears it")
	require.Equal(t, []any{"renewal", "vip"}, body["tags"])
	require.Equal(t, map[string]any{"plan": "gold", "seats": float64(12), "trial": false}, body["custom_fields"])

	// The contact's chats the agent may see, newest first.
	status, body = ana.do(http.MethodGet, "/api/v1/contacts/"+s.carla.String()+"/chats", nil)
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, []string{s.carlaOpen.String(), s.carlaEnded.String()}, pluck(items(t, body, "chats"), "id"))
	status, body = ana.do(http.MethodGet, "/api/v1/contacts/"+s.yara.String()+"/chats", nil)
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Empty(t, items(t, body, "chats"), "Yara's chat is in a team Ana is not in")

	status, body = ana.do(http.MethodGet, "/api/v1/contacts/"+s.carla.String()+"/journey", nil)
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Empty(t, items(t, body, "sessions"))
	require.EqualValues(t, 2, body["chats"])

	// Another organisation sees nothing of it.
	env.newOrg("Other", "other", "owner@other.test")
	other := env.login("owner@other.test")
	for _, path := range []string{"", "/chats", "/journey"} {
		status, _ = other.do(http.MethodGet, "/api/v1/contacts/"+s.carla.String()+path, nil)
		require.Equal(t, http.StatusNotFound, status, path)
	}
	status, _ = other.do(http.MethodPatch, "/api/v1/contacts/"+s.carla.String(), map[string]any{"name": "x"})
	require.Equal(t, http.StatusNotFound, status)
	status, body = other.do(http.MethodGet, "/api/v1/contacts", nil)
	require.Equal(t, http.StatusOK, status)
	require.Empty(t, items(t, body, "contacts"))
}

func TestBlockAndUnblockContact(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	s := seedInbox(t, env)
	ana, owner := env.login("ana@acme.test"), env.login("owner@acme.test")
	path := "/api/v1/contacts/" + s.carla.String() + "/block"

	status, body := ana.do(http.MethodPost, path, map[string]string{"reason": "abusive"})
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, true, body["blocked"])
	status, body = ana.do(http.MethodPost, path, nil)
	require.Equal(t, http.StatusOK, status, "blocking twice is fine: %v", body)
	entry, err := env.Store.MatchBlacklist(t.Context(), db.MatchBlacklistParams{OrgID: env.Org.Org.ID, ContactID: s.carla.String()})
	require.NoError(t, err, "the widget and hand-offs now refuse the contact")
	require.Equal(t, "abusive", entry.Reason)

	// An email entry blocks the contact too, and unblocking lifts it.
	status, body = owner.do(http.MethodPost, "/api/v1/blacklist", map[string]string{"kind": "email", "value": "carla@example.test"})
	require.Equal(t, http.StatusCreated, status, "%v", body)

	status, _ = ana.do(http.MethodDelete, path, nil)
	require.Equal(t, http.StatusForbidden, status, "unblocking takes a supervisor")
	status, body = owner.do(http.MethodDelete, path, nil)
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, false, body["blocked"])
	status, body = owner.do(http.MethodGet, "/api/v1/blacklist", nil)
	require.Equal(t, http.StatusOK, status)
	require.Empty(t, items(t, body, "entries"))

	status, _ = owner.do(http.MethodPost, "/api/v1/contacts/"+uuid.NewString()+"/block", nil)
	require.Equal(t, http.StatusNotFound, status)
}
