package api

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestVisitorAndAgentTalkAcrossReplicas: the visitor's socket is on one
// API replica, the agent's on another; messages, transitions, receipts and
// typing cross between them through PostgreSQL.
func TestVisitorAndAgentTalkAcrossReplicas(t *testing.T) {
	env := newTestEnv(t)
	env.startChatWorker()
	second := env.serve()
	owner := env.login("owner@acme.test")
	key := env.newWidget(owner, nil)

	v := env.newVisitor(env.URL, key, map[string]any{"name": "Vera"})
	vs := v.socket(env.URL, "")
	agent := owner.agentSocket(second)

	// The visitor's first message opens a chat in the widget's team.
	ack := vs.reply(map[string]any{"type": "send", "ref": "v1", "body": "Hello from the site", "idempotency_key": "k1"})
	require.Equal(t, "ack", ack["type"], "%v", ack)
	data := ack["data"].(map[string]any)
	require.NotContains(t, data, "chat", "the socket's ack carries the message only")
	chatID := data["message"].(map[string]any)["chat_id"].(string)
	visitorMsgID := data["message"].(map[string]any)["id"].(string)
	got, _ := agent.waitFor(messageBody("Hello from the site"))
	require.Equal(t, chatID, got["chat_id"])

	// A retried send returns the same message.
	again := vs.reply(map[string]any{"type": "send", "ref": "v1-retry", "chat_id": chatID, "body": "Hello from the site", "idempotency_key": "k1"})
	require.Equal(t, visitorMsgID, again["data"].(map[string]any)["message"].(map[string]any)["id"])
	status, body := v.do(http.MethodPost, "/api/v1/widget/messages", map[string]any{"body": "Hello from the site", "idempotency_key": "k1"}, nil)
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, visitorMsgID, body["message"].(map[string]any)["id"])

	// The agent's socket got the visitor's message: it is delivered.
	agent.waitFor(isEvent("message.delivered", func(d map[string]any) bool {
		return containsID(d["message_ids"], visitorMsgID)
	}))

	status, body = owner.do(http.MethodPost, "/api/v1/chats/"+chatID+"/claim", nil)
	require.Equal(t, http.StatusOK, status, "%v", body)
	vs.waitFor(isEvent("chat.updated", func(d map[string]any) bool { return d["status"] == "assigned" }))

	// A note is for agents only; the visitor gets the next message, not the note.
	status, body = owner.do(http.MethodPost, "/api/v1/chats/"+chatID+"/messages", map[string]any{"body": "VIP customer", "kind": "note"})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	agent.waitFor(messageBody("VIP customer"))
	ack = agent.reply(map[string]any{"type": "send", "ref": "a1", "chat_id": chatID, "body": "Hi Vera, how can I help?", "idempotency_key": "a-k1"})
	require.Equal(t, "ack", ack["type"], "%v", ack)
	agentMsgID := ack["data"].(map[string]any)["message"].(map[string]any)["id"].(string)
	_, before := vs.waitFor(messageBody("Hi Vera, how can I help?"))
	for _, f := range before {
		require.NotContains(t, fmt.Sprint(f), "VIP customer", "a note reached the visitor")
	}

	// Delivered once on the visitor's socket, read when the visitor says so.
	agent.waitFor(isEvent("message.delivered", func(d map[string]any) bool { return containsID(d["message_ids"], agentMsgID) }))
	read := vs.reply(map[string]any{"type": "read", "ref": "r1", "chat_id": chatID, "message_id": agentMsgID})
	require.Equal(t, "ack", read["type"], "%v", read)
	agent.waitFor(isEvent("message.read", func(d map[string]any) bool {
		return d["reader"] == "contact" && containsID(d["message_ids"], agentMsgID)
	}))

	// Typing crosses replicas; it is not echoed to the typist.
	typing := vs.reply(map[string]any{"type": "typing", "ref": "t1", "chat_id": chatID, "typing": true})
	require.Equal(t, true, typing["data"].(map[string]any)["published"])
	f, _ := agent.waitFor(func(f map[string]any) bool { return f["type"] == "typing" })
	require.Equal(t, "contact", f["sender_kind"])
	require.Equal(t, chatID, f["chat_id"])

	// The visitor's history over HTTP has no notes.
	status, body = v.do(http.MethodGet, "/api/v1/widget/chats/"+chatID+"/messages", nil, nil)
	require.Equal(t, http.StatusOK, status)
	require.NotContains(t, fmt.Sprint(body["messages"]), "VIP customer")
	require.Contains(t, fmt.Sprint(body["messages"]), "Hi Vera")
}

func containsID(list any, id string) bool {
	items, _ := list.([]any)
	for _, x := range items {
		if x == id {
			return true
		}
	}
	return false
}

// TestReconnectingVisitorMissesNothing drops the visitor's socket again and
// again while the agent writes; reconnecting with the last seq it saw, the
// visitor receives every message exactly once, in order.
func TestReconnectingVisitorMissesNothing(t *testing.T) {
	env := newTestEnv(t)
	env.startChatWorker()
	owner := env.login("owner@acme.test")
	v := env.newVisitor(env.URL, env.newWidget(owner, nil), nil)
	status, body := v.do(http.MethodPost, "/api/v1/widget/messages", map[string]any{"body": "hello"}, nil)
	require.Equal(t, http.StatusCreated, status, "%v", body)
	chatID := body["chat"].(map[string]any)["id"].(string)
	status, body = owner.do(http.MethodPost, "/api/v1/chats/"+chatID+"/claim", nil)
	require.Equal(t, http.StatusOK, status, "%v", body)

	// The visitor starts from the stream's position before the agent writes.
	start, err := env.Store.LastEventSeq(t.Context(), env.Org.Org.ID)
	require.NoError(t, err)
	const total = 60
	sent := make(chan error, 1)
	go func() {
		for i := range total {
			raw, _ := json.Marshal(map[string]any{"body": fmt.Sprintf("m%02d", i), "idempotency_key": fmt.Sprintf("key-%d", i)})
			req, _ := http.NewRequest(http.MethodPost, owner.base+"/api/v1/chats/"+chatID+"/messages", bytes.NewReader(raw))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set(CSRFHeader, owner.csrf)
			resp, err := owner.http.Do(req)
			if err != nil {
				sent <- err
				return
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusCreated {
				sent <- fmt.Errorf("message %d: status %d", i, resp.StatusCode)
				return
			}
		}
		sent <- nil
	}()

	var bodies []string
	collect := func(f map[string]any) {
		if f["type"] != "message.created" {
			return
		}
		m := f["data"].(map[string]any)["message"].(map[string]any)
		if m["sender_kind"] == "agent" {
			bodies = append(bodies, m["body"].(string))
		}
	}
	after := fmt.Sprintf("&after=%d", start)
	drops := 0
	for len(bodies) < total {
		ws := v.socket(env.URL, after)
		for _, f := range ws.backlog {
			collect(f)
		}
		// Read a handful of live frames, then drop the connection.
		for n := 0; n < 7 && len(bodies) < total; n++ {
			collect(ws.next())
		}
		require.NoError(t, ws.conn.Close())
		drops++
		after = fmt.Sprintf("&after=%d", ws.lastSeq)
	}
	require.NoError(t, <-sent)
	require.Greater(t, drops, 3)
	want := make([]string, total)
	for i := range want {
		want[i] = fmt.Sprintf("m%02d", i)
	}
	require.Equal(t, want, bodies, "every message exactly once, in order")
}

// TestSocketBadInput: malformed and forbidden frames get error frames, the
// socket stays up, and nothing is stored.
func TestSocketBadInput(t *testing.T) {
	env := newTestEnv(t)
	env.startChatWorker()
	owner := env.login("owner@acme.test")
	key := env.newWidget(owner, nil)
	v := env.newVisitor(env.URL, key, nil)
	other := env.newVisitor(env.URL, key, nil)
	status, body := other.do(http.MethodPost, "/api/v1/widget/messages", map[string]any{"body": "mine"}, nil)
	require.Equal(t, http.StatusCreated, status, "%v", body)
	othersChat := body["chat"].(map[string]any)["id"].(string)
	ws := v.socket(env.URL, "")

	require.NoError(t, ws.conn.WriteMessage(1, []byte("not json")))
	f := ws.next()
	require.Equal(t, "error", f["type"])
	require.Equal(t, "malformed_frame", f["error"].(map[string]any)["code"])

	cases := []struct {
		frame map[string]any
		code  string
	}{
		{map[string]any{"type": "send", "ref": "e1", "body": ""}, "validation_failed"},
		{map[string]any{"type": "send", "ref": "e2", "body": strings.Repeat("x", 4001)}, "validation_failed"},
		{map[string]any{"type": "send", "ref": "e3", "chat_id": othersChat, "body": "let me in"}, "chat_not_found"},
		{map[string]any{"type": "typing", "ref": "e4", "chat_id": othersChat, "typing": true}, "chat_not_found"},
		{map[string]any{"type": "presence", "ref": "e5", "status": "online"}, "forbidden"},
		{map[string]any{"type": "fly", "ref": "e6"}, "unknown_frame"},
		{map[string]any{"type": "send", "ref": "e7", "body": "x", "bogus": 1}, "malformed_frame"},
	}
	for _, tc := range cases {
		ws.send(tc.frame)
		f := ws.next()
		require.Equal(t, "error", f["type"], "%v", tc.frame)
		require.Equal(t, tc.code, f["error"].(map[string]any)["code"], "%v", tc.frame)
	}
	ws.send(map[string]any{"type": "ping"})
	require.Equal(t, "pong", ws.next()["type"], "the socket stays up")
	require.Equal(t, 1, env.countRows("messages", env.Org.Org.ID), "nothing stored but the other visitor's message")

	// Forged and missing tokens never get a socket or an answer.
	require.Equal(t, http.StatusUnauthorized, dialStatus(t, env.URL, "/api/v1/widget/ws?token=vt_forged", nil))
	forged := &visitor{t: t, base: env.URL, token: "vt_forged"}
	status, body = forged.do(http.MethodGet, "/api/v1/widget/session", nil, nil)
	require.Equal(t, http.StatusUnauthorized, status)
	require.Equal(t, "visitor_unauthenticated", body["error"].(map[string]any)["code"])
	status, _ = other.do(http.MethodGet, "/api/v1/widget/chats/"+othersChat+"/messages", nil, http.Header{VisitorTokenHeader: {v.token}})
	require.Equal(t, http.StatusNotFound, status, "a visitor cannot read another visitor's chat")

	// The console socket refuses other sites (cross-site socket hijacking).
	u := owner.agentSocket(env.URL) // from no Origin (a script) it opens
	require.NoError(t, u.conn.Close())
	require.Equal(t, http.StatusForbidden, dialStatus(t, env.URL, "/api/v1/ws", http.Header{"Origin": {"https://evil.example"}, "Cookie": owner.cookieHeader()}))
	require.Equal(t, http.StatusUnauthorized, dialStatus(t, env.URL, "/api/v1/ws", nil))
}

func (c *apiClient) cookieHeader() []string {
	req, _ := http.NewRequest(http.MethodGet, c.base, nil)
	var out []string
	for _, ck := range c.http.Jar.Cookies(req.URL) {
		out = append(out, ck.Name+"="+ck.Value)
	}
	return out
}

// TestWidgetOriginsAndIdentity: allowed origins, CORS, and the signed
// identity of a known customer.
func TestWidgetOriginsAndIdentity(t *testing.T) {
	env := newTestEnv(t)
	owner := env.login("owner@acme.test")
	key := env.newWidget(owner, map[string]any{"allowed_origins": []string{"https://shop.example", "https://*.brand.example"}})

	anon := &visitor{t: t, base: env.URL}
	status, body := anon.do(http.MethodPost, "/api/v1/widget/sessions", map[string]any{"widget_key": key}, http.Header{"Origin": {"https://evil.example"}})
	require.Equal(t, http.StatusForbidden, status)
	require.Equal(t, "origin_not_allowed", body["error"].(map[string]any)["code"])
	for _, origin := range []string{"https://shop.example", "https://eu.brand.example"} {
		status, body = anon.do(http.MethodPost, "/api/v1/widget/sessions", map[string]any{"widget_key": key}, http.Header{"Origin": {origin}})
		require.Equal(t, http.StatusCreated, status, "%s: %v", origin, body)
	}
	req, _ := http.NewRequest(http.MethodOptions, env.URL+"/api/v1/widget/messages", nil)
	req.Header.Set("Origin", "https://shop.example")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusNoContent, resp.StatusCode)
	require.Equal(t, "https://shop.example", resp.Header.Get("Access-Control-Allow-Origin"))
	require.Contains(t, resp.Header.Get("Access-Control-Allow-Headers"), VisitorTokenHeader)

	status, body = anon.do(http.MethodPost, "/api/v1/widget/sessions", map[string]any{"widget_key": "wk_unknown"}, nil)
	require.Equal(t, http.StatusNotFound, status, "%v", body)

	// Identity: the customer's server signs the user id with the secret.
	status, body = owner.do(http.MethodGet, "/api/v1/identity-secret", nil)
	require.Equal(t, http.StatusOK, status)
	secret := body["secret"].(string)
	sign := func(userID string) string {
		mac := hmac.New(sha256.New, []byte(secret))
		mac.Write([]byte(userID))
		return hex.EncodeToString(mac.Sum(nil))
	}
	strict := env.newWidget(owner, map[string]any{"identity_required": true})
	status, body = anon.do(http.MethodPost, "/api/v1/widget/sessions", map[string]any{"widget_key": strict}, nil)
	require.Equal(t, http.StatusUnauthorized, status)
	require.Equal(t, "identity_required", body["error"].(map[string]any)["code"])
	status, body = anon.do(http.MethodPost, "/api/v1/widget/sessions", map[string]any{"widget_key": strict, "user_id": "cust-42", "user_hash": sign("cust-43")}, nil)
	require.Equal(t, http.StatusUnauthorized, status)
	require.Equal(t, "identity_invalid", body["error"].(map[string]any)["code"])

	first := env.newVisitor(env.URL, strict, map[string]any{"user_id": "cust-42", "user_hash": sign("cust-42"), "name": "Carla"})
	second := env.newVisitor(env.URL, strict, map[string]any{"user_id": "cust-42", "user_hash": sign("cust-42")})
	require.Equal(t, first.contactID, second.contactID, "one customer, one contact")

	// A page reload resumes the session; another customer cannot take it over.
	status, body = anon.do(http.MethodPost, "/api/v1/widget/sessions", map[string]any{"widget_key": strict, "token": first.token, "user_id": "cust-42", "user_hash": sign("cust-42")}, nil)
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, true, body["resumed"])
	require.Equal(t, first.token, body["token"])
	status, body = anon.do(http.MethodPost, "/api/v1/widget/sessions", map[string]any{"widget_key": strict, "token": first.token, "user_id": "cust-7", "user_hash": sign("cust-7")}, nil)
	require.Equal(t, http.StatusCreated, status, "%v", body)
	require.NotEqual(t, first.contactID, body["contact_id"])

	// Rotating the secret invalidates old signatures.
	status, _ = owner.do(http.MethodPost, "/api/v1/identity-secret/rotate", nil)
	require.Equal(t, http.StatusOK, status)
	status, _ = anon.do(http.MethodPost, "/api/v1/widget/sessions", map[string]any{"widget_key": strict, "user_id": "cust-42", "user_hash": sign("cust-42")}, nil)
	require.Equal(t, http.StatusUnauthorized, status)

	// Agents cannot manage widgets.
	env.addMember(env.Org, "agent@acme.test", "agent")
	status, _ = env.login("agent@acme.test").do(http.MethodPost, "/api/v1/widgets", map[string]any{"name": "x", "team_id": env.Org.Inbox.ID})
	require.Equal(t, http.StatusForbidden, status)
}

// TestVisitorFloodAndBlacklist: a flooding visitor is throttled without
// affecting another; a blocked visitor keeps their ongoing chat but cannot
// start a new one.
func TestVisitorFloodAndBlacklist(t *testing.T) {
	env := newTestEnv(t)
	env.startChatWorker()
	owner := env.login("owner@acme.test")
	key := env.newWidget(owner, nil)
	flooder, calm := env.newVisitor(env.URL, key, nil), env.newVisitor(env.URL, key, nil)

	limited := 0
	for i := range 15 {
		status, body := flooder.do(http.MethodPost, "/api/v1/widget/messages", map[string]any{"body": fmt.Sprintf("spam %d", i)}, nil)
		if status == http.StatusTooManyRequests {
			limited++
			continue
		}
		require.Contains(t, []int{http.StatusCreated}, status, "%v", body)
	}
	require.GreaterOrEqual(t, limited, 4, "bursts above 10 are refused")
	status, body := calm.do(http.MethodPost, "/api/v1/widget/messages", map[string]any{"body": "just one question"}, nil)
	require.Equal(t, http.StatusCreated, status, "the other visitor is not affected: %v", body)
	chatID := body["chat"].(map[string]any)["id"].(string)

	status, body = owner.do(http.MethodPost, "/api/v1/blacklist", map[string]any{"kind": "contact", "value": calm.contactID, "reason": "abusive"})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	status, body = calm.do(http.MethodPost, "/api/v1/widget/messages", map[string]any{"body": "still here"}, nil)
	require.Equal(t, http.StatusCreated, status, "an ongoing chat is not cut: %v", body)

	status, body = calm.do(http.MethodPost, "/api/v1/widget/chats/"+chatID+"/end", nil, nil)
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, "ended", body["status"])
	status, body = calm.do(http.MethodPost, "/api/v1/widget/messages", map[string]any{"body": "again"}, nil)
	require.Equal(t, http.StatusForbidden, status, "%v", body)
	require.Equal(t, "contact_blocked", body["error"].(map[string]any)["code"])
}

// TestPresenceOverTheSocket: an agent's presence frame reaches the other
// agents' consoles.
func TestPresenceOverTheSocket(t *testing.T) {
	env := newTestEnv(t)
	env.addMember(env.Org, "agent@acme.test", "agent")
	owner := env.login("owner@acme.test")
	agent := env.login("agent@acme.test")
	watcher := owner.agentSocket(env.URL)
	ws := agent.agentSocket(env.URL)
	ack := ws.reply(map[string]any{"type": "presence", "ref": "p1", "status": "online"})
	require.Equal(t, "ack", ack["type"], "%v", ack)
	agentID := env.userID("agent@acme.test").String()
	watcher.waitFor(isEvent("presence.changed", func(d map[string]any) bool {
		return d["user_id"] == agentID && d["status"] == "online"
	}))
	ack = ws.reply(map[string]any{"type": "presence", "ref": "p2", "status": "dancing"})
	require.Equal(t, "error", ack["type"])
}

// TestVisitorAttachments: a visitor sends a file into their chat and reads
// it back; another visitor cannot.
func TestVisitorAttachments(t *testing.T) {
	env := newTestEnv(t)
	env.startChatWorker()
	owner := env.login("owner@acme.test")
	key := env.newWidget(owner, nil)
	v, other := env.newVisitor(env.URL, key, nil), env.newVisitor(env.URL, key, nil)
	status, body := v.do(http.MethodPost, "/api/v1/widget/messages", map[string]any{"body": "see attached"}, nil)
	require.Equal(t, http.StatusCreated, status, "%v", body)
	chatID := body["chat"].(map[string]any)["id"].(string)

	contentType, raw := multipartBody(t, "file", "screen.png", pngBytes, map[string]string{"idempotency_key": "f-1"})
	upload := func(who *visitor) (int, map[string]any) {
		req, err := http.NewRequest(http.MethodPost, env.URL+"/api/v1/widget/chats/"+chatID+"/attachments", bytes.NewReader(raw))
		require.NoError(t, err)
		req.Header.Set("Content-Type", contentType)
		req.Header.Set(VisitorTokenHeader, who.token)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		out := map[string]any{}
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
		return resp.StatusCode, out
	}
	status, msg := upload(other)
	require.Equal(t, http.StatusNotFound, status, "another visitor's chat: %v", msg)
	status, msg = upload(v)
	require.Equal(t, http.StatusCreated, status, "%v", msg)
	require.Equal(t, "contact", msg["sender_kind"])
	attID := attachmentOf(t, msg)["id"].(string)

	get := func(who *visitor) (int, http.Header) {
		req, err := http.NewRequest(http.MethodGet, env.URL+"/api/v1/widget/attachments/"+attID, nil)
		require.NoError(t, err)
		req.Header.Set(VisitorTokenHeader, who.token)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		return resp.StatusCode, resp.Header
	}
	status, header := get(v)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, "image/png", header.Get("Content-Type"))
	require.Equal(t, "nosniff", header.Get("X-Content-Type-Options"))
	status, _ = get(other)
	require.Equal(t, http.StatusNotFound, status)
}
