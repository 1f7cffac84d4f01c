package api

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io/fs"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"livechat/accounts"
	"livechat/store/db"
)

var (
	pngBytes = append([]byte("\x89PNG\r\n\x1A\n\x00\x00\x00\x0DIHDR"), bytes.Repeat([]byte{1}, 300)...)
	pdfBytes = []byte("%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n")
)

// attachmentChat stores a chat in a team, assigned to assignee (nil:
// waiting).
func (e *testEnv) attachmentChat(org accounts.CreatedOrganization, teamID uuid.UUID, assignee *uuid.UUID) db.Chat {
	e.t.Helper()
	contact := e.newContact(org.Org.ID, "", "")
	chat, err := e.Store.CreateChat(e.t.Context(), db.CreateChatParams{
		ID: uuid.Must(uuid.NewV7()), OrgID: org.Org.ID, TeamID: teamID, ContactID: contact.ID, Source: "api",
	})
	require.NoError(e.t, err)
	if assignee != nil {
		chat, err = e.Store.SetChatAssigned(e.t.Context(), db.SetChatAssignedParams{AgentID: assignee, ID: chat.ID})
		require.NoError(e.t, err)
	}
	return chat
}

// storedFiles lists the files under the server's storage directory.
func (e *testEnv) storedFiles() []string {
	e.t.Helper()
	var out []string
	require.NoError(e.t, filepath.WalkDir(e.StorageDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			out = append(out, p)
		}
		return nil
	}))
	return out
}

// multipartBody builds a multipart/form-data body with a file part (name
// "" = none) and form fields.
func multipartBody(t *testing.T, part, filename string, content []byte, fields map[string]string) (string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		require.NoError(t, w.WriteField(k, v))
	}
	if part != "" {
		fw, err := w.CreateFormFile(part, filename)
		require.NoError(t, err)
		_, err = fw.Write(content)
		require.NoError(t, err)
	}
	require.NoError(t, w.Close())
	return w.FormDataContentType(), buf.Bytes()
}

// upload posts a file (with optional caption / idempotency_key fields) to a chat.
func (c *apiClient) upload(chatID uuid.UUID, filename string, content []byte, fields map[string]string) (*reply, map[string]any) {
	c.t.Helper()
	ct, body := multipartBody(c.t, "file", filename, content, fields)
	return c.raw(http.MethodPost, "/api/v1/chats/"+chatID.String()+"/attachments", ct, body)
}

// download fetches an attachment with the client's credentials.
func (c *apiClient) download(id string) *reply {
	c.t.Helper()
	req, err := http.NewRequestWithContext(c.t.Context(), http.MethodGet, c.base+"/api/v1/attachments/"+id, nil)
	require.NoError(c.t, err)
	if c.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+c.bearer)
	}
	return c.roundTrip(req)
}

// declareUpload sends, over a plain connection, the headers of a POST
// declaring a body of length bytes, without the body, and reads the reply
// (a Go client still writing the body may see the server's reset first).
func declareUpload(t *testing.T, env *testEnv, c *apiClient, path string, length int, contentType string) (int, map[string]any) {
	t.Helper()
	u, err := url.Parse(env.URL)
	require.NoError(t, err)
	conn, err := net.Dial("tcp", u.Host)
	require.NoError(t, err)
	defer func() { _ = conn.Close() }()
	require.NoError(t, conn.SetDeadline(time.Now().Add(30*time.Second)))
	_, err = fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: %s\r\nContent-Length: %d\r\nCookie: %s=%s\r\n%s: %s\r\n\r\n",
		path, u.Host, contentType, length, SessionCookie, c.sessionToken(), CSRFHeader, c.csrf)
	require.NoError(t, err)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	require.NoError(t, err)
	defer func() { _ = resp.Body.Close() }()
	var body map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&body))
	return resp.StatusCode, body
}

func attachmentOf(t *testing.T, msg map[string]any) map[string]any {
	t.Helper()
	att, ok := msg["attachment"].(map[string]any)
	require.True(t, ok, "no attachment in %v", msg)
	return att
}

func requireSafeDownload(t *testing.T, r *reply) {
	t.Helper()
	require.Equal(t, "nosniff", r.Header.Get("X-Content-Type-Options"))
	require.Equal(t, "sandbox; default-src 'none'", r.Header.Get("Content-Security-Policy"))
}

func TestAttachmentUploadAndDownload(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	owner := env.login("owner@acme.test")
	ownerID := env.Org.Owner.ID
	chat := env.attachmentChat(env.Org, env.Org.Inbox.ID, &ownerID)

	r, msg := owner.upload(chat.ID, "screen shot.png", pngBytes, map[string]string{"caption": "this is what I see", "idempotency_key": "up-1"})
	require.Equal(t, http.StatusCreated, r.StatusCode, "%s", r.Raw)
	require.Equal(t, "attachment", msg["kind"])
	require.Equal(t, "this is what I see", msg["body"])
	require.Equal(t, "agent", msg["sender_kind"])
	require.Equal(t, ownerID.String(), msg["sender_id"])
	att := attachmentOf(t, msg)
	require.Equal(t, "screen shot.png", att["filename"])
	require.Equal(t, "image/png", att["content_type"])
	require.EqualValues(t, len(pngBytes), att["size_bytes"])
	require.Len(t, env.storedFiles(), 1)

	// The message list shows the attachment.
	status, page := owner.do(http.MethodGet, "/api/v1/chats/"+chat.ID.String()+"/messages", nil)
	require.Equal(t, http.StatusOK, status)
	msgs := items(t, page, "messages")
	require.Len(t, msgs, 1)
	require.Equal(t, att, attachmentOf(t, msgs[0]))

	// A retry with the same key answers the first message and stores nothing.
	r, again := owner.upload(chat.ID, "other.pdf", pdfBytes, map[string]string{"idempotency_key": "up-1"})
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.Raw)
	require.Equal(t, msg["id"], again["id"])
	require.Equal(t, att, attachmentOf(t, again))
	require.Len(t, env.storedFiles(), 1)
	require.Equal(t, 1, env.countRows("attachments", env.Org.Org.ID))
	require.Equal(t, 1, env.countRows("messages", env.Org.Org.ID))

	// A PNG is served as itself, inline, with the exact bytes.
	d := owner.download(att["id"].(string))
	require.Equal(t, http.StatusOK, d.StatusCode, "%s", d.Raw)
	require.Equal(t, pngBytes, d.Raw)
	require.Equal(t, "image/png", d.Header.Get("Content-Type"))
	disp, params, err := mime.ParseMediaType(d.Header.Get("Content-Disposition"))
	require.NoError(t, err)
	require.Equal(t, "inline", disp)
	require.Equal(t, "screen shot.png", params["filename"])
	requireSafeDownload(t, d)

	// SVG (which can carry script), text and PDFs are downloads.
	svg := []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>`)
	html := []byte("<!DOCTYPE html><html><script>alert(1)</script></html>")
	for name, content := range map[string][]byte{"logo.svg": svg, "page.txt": html, "Überweisung März.pdf": pdfBytes} {
		r, msg := owner.upload(chat.ID, name, content, nil)
		require.Equal(t, http.StatusCreated, r.StatusCode, "%s: %s", name, r.Raw)
		require.Empty(t, msg["body"])
		d := owner.download(attachmentOf(t, msg)["id"].(string))
		require.Equal(t, http.StatusOK, d.StatusCode, name)
		require.Equal(t, content, d.Raw, name)
		require.Equal(t, "application/octet-stream", d.Header.Get("Content-Type"), name)
		disp, params, err := mime.ParseMediaType(d.Header.Get("Content-Disposition"))
		require.NoError(t, err, name)
		require.Equal(t, "attachment", disp, name)
		require.Equal(t, name, params["filename"], name)
		requireSafeDownload(t, d)
	}
	require.Len(t, env.storedFiles(), 4)
}

func TestAttachmentUploadByAPIKeyIsTheBot(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	owner := env.login("owner@acme.test")
	_, secret := owner.createKey("Bot")
	bot := env.withKey(secret)
	chat := env.attachmentChat(env.Org, env.Org.Inbox.ID, nil) // a bot writes in a waiting chat too

	r, msg := bot.upload(chat.ID, "report.csv", []byte("a,b\n1,2\n"), nil)
	require.Equal(t, http.StatusCreated, r.StatusCode, "%s", r.Raw)
	require.Equal(t, "bot", msg["sender_kind"])
	require.Nil(t, msg["sender_id"])
	require.Equal(t, "text/csv; charset=utf-8", attachmentOf(t, msg)["content_type"])

	d := bot.download(attachmentOf(t, msg)["id"].(string))
	require.Equal(t, http.StatusOK, d.StatusCode)
	require.Equal(t, "a,b\n1,2\n", string(d.Raw))
}

func TestAttachmentRefusalsStoreNothing(t *testing.T) {
	t.Parallel()
	env := newTestEnvWith(t, func(d *Deps) { d.Attachments.MaxBytes = 100 << 10 })
	owner := env.login("owner@acme.test")
	_, secret := owner.createKey("Bot")
	bot := env.withKey(secret)
	ownerID := env.Org.Owner.ID
	chat := env.attachmentChat(env.Org, env.Org.Inbox.ID, &ownerID)
	path := "/api/v1/chats/" + chat.ID.String() + "/attachments"

	for name, c := range map[string]struct {
		filename string
		content  []byte
		fields   map[string]string
		status   int
		code     string
	}{
		"executable":         {"setup.exe", []byte("MZ\x90\x00"), nil, http.StatusUnsupportedMediaType, "file_type_not_allowed"},
		"html":               {"page.html", []byte("<html></html>"), nil, http.StatusUnsupportedMediaType, "file_type_not_allowed"},
		"no extension":       {"README", []byte("hello"), nil, http.StatusUnsupportedMediaType, "file_type_not_allowed"},
		"pdf named png":      {"photo.png", pdfBytes, nil, http.StatusUnprocessableEntity, "file_content_mismatch"},
		"binary named txt":   {"notes.txt", []byte("abc\x00def"), nil, http.StatusUnprocessableEntity, "file_content_mismatch"},
		"html named zip":     {"archive.zip", []byte("<html><script>x()</script></html>"), nil, http.StatusUnprocessableEntity, "file_content_mismatch"},
		"empty":              {"empty.txt", nil, nil, http.StatusUnprocessableEntity, "file_empty"},
		"over the limit":     {"big.txt", bytes.Repeat([]byte("a"), 100<<10+1), nil, http.StatusRequestEntityTooLarge, "file_too_large"},
		"caption too long":   {"a.txt", []byte("a"), map[string]string{"caption": strings.Repeat("é", 4001)}, http.StatusBadRequest, "validation_failed"},
		"key too long":       {"a.txt", []byte("a"), map[string]string{"idempotency_key": strings.Repeat("k", 101)}, http.StatusBadRequest, "validation_failed"},
		"unknown form field": {"a.txt", []byte("a"), map[string]string{"kind": "note"}, http.StatusBadRequest, "validation_failed"},
	} {
		r, body := owner.upload(chat.ID, c.filename, c.content, c.fields)
		require.Equal(t, c.status, r.StatusCode, "%s: %s", name, r.Raw)
		require.Equal(t, c.code, errorCode(t, body), name)
	}

	// A body declared far over the limit is refused before it is read.
	status, body := declareUpload(t, env, owner, path, 2<<20, "multipart/form-data; boundary=xyz")
	require.Equal(t, http.StatusRequestEntityTooLarge, status, "%v", body)
	require.Equal(t, "payload_too_large", errorCode(t, body))
	require.Contains(t, body["error"].(map[string]any)["message"], "files up to 100 KiB")

	// Not multipart, no file, the file in another part.
	r, body := owner.raw(http.MethodPost, path, "application/json", []byte(`{"file":"x"}`))
	require.Equal(t, http.StatusUnsupportedMediaType, r.StatusCode, "%s", r.Raw)
	require.Equal(t, "unsupported_media_type", errorCode(t, body))
	ct, raw := multipartBody(t, "", "", nil, map[string]string{"caption": "no file"})
	r, body = owner.raw(http.MethodPost, path, ct, raw)
	require.Equal(t, http.StatusBadRequest, r.StatusCode, "%s", r.Raw)
	require.Contains(t, errorFields(t, body), "file")
	ct, raw = multipartBody(t, "upload", "a.txt", []byte("a"), nil)
	r, body = owner.raw(http.MethodPost, path, ct, raw)
	require.Equal(t, http.StatusBadRequest, r.StatusCode, "%s", r.Raw)
	require.Contains(t, errorFields(t, body), "upload")

	// Without the CSRF token a cookie-authenticated upload is refused.
	r, body = owner.withCSRF("").upload(chat.ID, "a.txt", []byte("a"), nil)
	require.Equal(t, http.StatusForbidden, r.StatusCode, "%s", r.Raw)
	require.Equal(t, "csrf_failed", errorCode(t, body))

	// A waiting chat takes no agent's file; an ended one nobody's.
	waiting := env.attachmentChat(env.Org, env.Org.Inbox.ID, nil)
	r, body = owner.upload(waiting.ID, "a.txt", []byte("a"), nil)
	require.Equal(t, http.StatusConflict, r.StatusCode, "%s", r.Raw)
	require.Equal(t, "chat_not_assigned", errorCode(t, body))
	reason, kind := "resolved", "agent"
	_, err := env.Store.EndChat(t.Context(), db.EndChatParams{ID: chat.ID, EndReason: &reason, EndedBy: &ownerID, EndedByKind: &kind})
	require.NoError(t, err)
	for _, c := range []*apiClient{owner, bot} {
		r, body = c.upload(chat.ID, "a.txt", []byte("a"), nil)
		require.Equal(t, http.StatusConflict, r.StatusCode, "%s", r.Raw)
		require.Equal(t, "chat_ended", errorCode(t, body))
	}

	require.Empty(t, env.storedFiles(), "no refused upload leaves a file")
	require.Equal(t, 0, env.countRows("attachments", env.Org.Org.ID))
	require.Equal(t, 0, env.countRows("messages", env.Org.Org.ID))

	// Exactly the limit is accepted.
	open := env.attachmentChat(env.Org, env.Org.Inbox.ID, &ownerID)
	r, _ = owner.upload(open.ID, "exact.txt", bytes.Repeat([]byte("a"), 100<<10), nil)
	require.Equal(t, http.StatusCreated, r.StatusCode, "%s", r.Raw)
	require.Len(t, env.storedFiles(), 1)
}

func TestAttachmentDownloadNeedsSightOfTheChat(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	owner := env.login("owner@acme.test")
	env.addMember(env.Org, "alice@acme.test", accounts.RoleAgent)
	env.addMember(env.Org, "bob@acme.test", accounts.RoleAgent)
	alice, bob := env.login("alice@acme.test"), env.login("bob@acme.test")
	aliceID := env.userID("alice@acme.test")
	// In a restrictive team agents see only their own chats.
	status, body := owner.do(http.MethodPatch, "/api/v1/teams/"+env.Org.Inbox.ID.String(), map[string]string{"permission_mode": "restrictive"})
	require.Equal(t, http.StatusOK, status, "%v", body)
	chat := env.attachmentChat(env.Org, env.Org.Inbox.ID, &aliceID)

	r, msg := alice.upload(chat.ID, "invoice.pdf", pdfBytes, nil)
	require.Equal(t, http.StatusCreated, r.StatusCode, "%s", r.Raw)
	id := attachmentOf(t, msg)["id"].(string)

	for name, c := range map[string]*apiClient{"assignee": alice, "owner": owner} {
		d := c.download(id)
		require.Equal(t, http.StatusOK, d.StatusCode, "%s: %s", name, d.Raw)
		require.Equal(t, pdfBytes, d.Raw, name)
	}

	// Another agent of the team may not see the chat, nor write in it.
	other := env.newOrg("Globex", "globex", "owner@globex.test")
	stranger := env.login("owner@globex.test")
	for name, c := range map[string]*apiClient{"agent without sight": bob, "other organisation": stranger} {
		d := c.download(id)
		require.Equal(t, http.StatusNotFound, d.StatusCode, "%s: %s", name, d.Raw)
		require.Contains(t, string(d.Raw), "attachment_not_found", name)
		require.NotContains(t, string(d.Raw), "invoice", name)
	}
	r, body = bob.upload(chat.ID, "x.txt", []byte("x"), nil)
	require.Equal(t, http.StatusNotFound, r.StatusCode, "%s", r.Raw)
	require.Equal(t, "chat_not_found", errorCode(t, body))

	// Unknown, malformed and anonymous.
	require.Equal(t, http.StatusNotFound, owner.download(uuid.NewString()).StatusCode)
	require.Equal(t, http.StatusNotFound, owner.download("not-a-uuid").StatusCode)
	require.Equal(t, http.StatusUnauthorized, env.anonymous().download(id).StatusCode)

	require.Len(t, env.storedFiles(), 1)
	require.Equal(t, 0, env.countRows("attachments", other.Org.ID))
}

func TestBodyLimitsWithUploads(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	owner := env.login("owner@acme.test")
	ownerID := env.Org.Owner.ID
	chat := env.attachmentChat(env.Org, env.Org.Inbox.ID, &ownerID)

	// A JSON body over 1 MiB is refused, even though uploads may be
	// larger; also when it arrives compressed under the limit.
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, err := zw.Write([]byte(`{"body":"` + strings.Repeat("a", BodyLimit) + `"}`))
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, owner.base+"/api/v1/chats/"+chat.ID.String()+"/messages", &gz)
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Content-Encoding", "gzip")
	r, body := owner.exchange(req)
	require.Equal(t, http.StatusRequestEntityTooLarge, r.StatusCode, "%.200s", r.Raw)
	require.Equal(t, "payload_too_large", errorCode(t, body))
	require.Contains(t, body["error"].(map[string]any)["message"], "1 MiB")
	status, body := declareUpload(t, env, owner, "/api/v1/chats/"+chat.ID.String()+"/messages", BodyLimit+1, "application/json")
	require.Equal(t, http.StatusRequestEntityTooLarge, status, "%v", body)
	require.Equal(t, "payload_too_large", errorCode(t, body))
	require.Contains(t, body["error"].(map[string]any)["message"], "1 MiB")
	require.Equal(t, 0, env.countRows("messages", env.Org.Org.ID))

	// A 3 MiB file is within the default 10 MiB upload limit.
	content := append(append([]byte{}, pngBytes...), make([]byte, 3<<20)...)
	r, msg := owner.upload(chat.ID, "large.png", content, nil)
	require.Equal(t, http.StatusCreated, r.StatusCode, "%.200s", r.Raw)
	require.EqualValues(t, len(content), attachmentOf(t, msg)["size_bytes"])
	d := owner.download(attachmentOf(t, msg)["id"].(string))
	require.Equal(t, http.StatusOK, d.StatusCode)
	require.Equal(t, content, d.Raw)
	require.Equal(t, 1, env.countRows("messages", env.Org.Org.ID))
}
