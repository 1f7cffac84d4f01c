package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/fasthttp/websocket"
	"github.com/stretchr/testify/require"
)

// wsClient is a real WebSocket client reading frames on its own goroutine.
type wsClient struct {
	t      *testing.T
	conn   *websocket.Conn
	frames chan map[string]any
	// lastSeq is the highest event seq read so far.
	lastSeq int64
	// backlog holds the frames replayed before the ready frame.
	backlog []map[string]any
}

// dial opens a socket at base+path; it fails the test unless the upgrade
// succeeds.
func dial(t *testing.T, base, path string, header http.Header) *wsClient {
	t.Helper()
	conn, resp, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(base, "http")+path, header)
	if resp != nil && resp.Body != nil {
		defer resp.Body.Close()
	}
	require.NoError(t, err, "dial %s", path)
	c := &wsClient{t: t, conn: conn, frames: make(chan map[string]any, 4096)}
	go func() {
		defer close(c.frames)
		for {
			_, data, err := conn.ReadMessage()
			if err != nil {
				return
			}
			var f map[string]any
			if json.Unmarshal(data, &f) == nil {
				c.frames <- f
			}
		}
	}()
	t.Cleanup(func() { _ = conn.Close() })
	return c
}

// dialStatus tries to open a socket and returns the HTTP status of a refused
// upgrade.
func dialStatus(t *testing.T, base, path string, header http.Header) int {
	t.Helper()
	conn, resp, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(base, "http")+path, header)
	if err == nil {
		_ = conn.Close()
		return http.StatusSwitchingProtocols
	}
	require.NotNil(t, resp, "dial %s: %v", path, err)
	defer resp.Body.Close()
	return resp.StatusCode
}

// agentSocket opens the console socket of a signed-in client.
func (c *apiClient) agentSocket(base string) *wsClient {
	c.t.Helper()
	u, err := url.Parse(c.base)
	require.NoError(c.t, err)
	h := http.Header{}
	for _, ck := range c.http.Jar.Cookies(u) {
		h.Add("Cookie", ck.Name+"="+ck.Value)
	}
	ws := dial(c.t, base, "/api/v1/ws", h)
	_, ws.backlog = ws.waitFor(func(f map[string]any) bool { return f["type"] == "ready" })
	return ws
}

// next returns the next frame, failing after 10 s.
func (w *wsClient) next() map[string]any {
	w.t.Helper()
	select {
	case f, ok := <-w.frames:
		require.True(w.t, ok, "the socket closed")
		if seq, ok := f["seq"].(float64); ok && int64(seq) > w.lastSeq {
			w.lastSeq = int64(seq)
		}
		return f
	case <-time.After(10 * time.Second):
		w.t.Fatal("no frame within 10 s")
		return nil
	}
}

// waitFor reads frames until one matches and returns it with the frames
// read before it.
func (w *wsClient) waitFor(match func(map[string]any) bool) (map[string]any, []map[string]any) {
	w.t.Helper()
	var before []map[string]any
	for {
		f := w.next()
		if match(f) {
			return f, before
		}
		before = append(before, f)
	}
}

func (w *wsClient) send(v any) {
	w.t.Helper()
	require.NoError(w.t, w.conn.WriteJSON(v))
}

// reply sends a frame with a ref and returns the ack or error answering it.
func (w *wsClient) reply(frame map[string]any) map[string]any {
	w.t.Helper()
	w.send(frame)
	f, _ := w.waitFor(func(f map[string]any) bool {
		return (f["type"] == "ack" || f["type"] == "error") && f["ref"] == frame["ref"]
	})
	return f
}

// isEvent matches an event frame of a type whose data passes check.
func isEvent(typ string, check func(data map[string]any) bool) func(map[string]any) bool {
	return func(f map[string]any) bool {
		if f["type"] != typ {
			return false
		}
		data, _ := f["data"].(map[string]any)
		return check == nil || check(data)
	}
}

// messageBody matches message.created events with a body.
func messageBody(body string) func(map[string]any) bool {
	return isEvent("message.created", func(d map[string]any) bool {
		m, _ := d["message"].(map[string]any)
		return m["body"] == body
	})
}

// visitor is a widget visitor talking to one API replica over HTTP.
type visitor struct {
	t         *testing.T
	base      string
	token     string
	contactID string
}

// newWidget creates a widget of the Inbox team and returns its public key.
func (e *testEnv) newWidget(owner *apiClient, extra map[string]any) string {
	e.t.Helper()
	body := map[string]any{"name": "Website", "team_id": e.Org.Inbox.ID}
	for k, v := range extra {
		body[k] = v
	}
	status, w := owner.do(http.MethodPost, "/api/v1/widgets", body)
	require.Equal(e.t, http.StatusCreated, status, "%v", w)
	return w["public_key"].(string)
}

// newVisitor starts a visitor session on base.
func (e *testEnv) newVisitor(base, key string, extra map[string]any) *visitor {
	e.t.Helper()
	v := &visitor{t: e.t, base: base}
	body := map[string]any{"widget_key": key}
	for k, val := range extra {
		body[k] = val
	}
	status, out := v.do(http.MethodPost, "/api/v1/widget/sessions", body, nil)
	require.Equal(e.t, http.StatusCreated, status, "%v", out)
	v.token, v.contactID = out["token"].(string), out["contact_id"].(string)
	return v
}

// do sends a visitor request with the token and extra headers.
func (v *visitor) do(method, path string, body any, header http.Header) (int, map[string]any) {
	v.t.Helper()
	var raw []byte
	if body != nil {
		var err error
		raw, err = json.Marshal(body)
		require.NoError(v.t, err)
	}
	req, err := http.NewRequestWithContext(v.t.Context(), method, v.base+path, bytes.NewReader(raw))
	require.NoError(v.t, err)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if v.token != "" {
		req.Header.Set(VisitorTokenHeader, v.token)
	}
	for k, vals := range header {
		req.Header[k] = vals
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(v.t, err)
	defer resp.Body.Close()
	out := map[string]any{}
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

// socket opens the visitor's socket on base (after: "" or "&after=N").
func (v *visitor) socket(base, after string) *wsClient {
	v.t.Helper()
	ws := dial(v.t, base, "/api/v1/widget/ws?token="+url.QueryEscape(v.token)+after, nil)
	_, ws.backlog = ws.waitFor(func(f map[string]any) bool { return f["type"] == "ready" })
	return ws
}
