package worker_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"livechat/accounts"
	"livechat/activities"
	"livechat/api"
	"livechat/notify"
	"livechat/store/storetest"
	"livechat/worker"
	"livechat/worker/workertest"
	"livechat/workflows"
)

// fakeSendGrid speaks SendGrid's /v3/mail/send and keeps what it received.
type fakeSendGrid struct {
	mu     sync.Mutex
	bodies []map[string]any
}

func (f *fakeSendGrid) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/v3/mail/send" || r.Header.Get("Authorization") != "Bearer SG.roundtrip" {
		http.Error(w, `{"errors":[{"message":"bad request"}]}`, http.StatusBadRequest)
		return
	}
	var body map[string]any
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		http.Error(w, `{"errors":[{"message":"bad json"}]}`, http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	f.bodies = append(f.bodies, body)
	f.mu.Unlock()
	w.Header().Set("X-Message-Id", "msg-1")
	w.WriteHeader(http.StatusAccepted)
}

// TestInvitationRoundTrip proves the wiring end to end: an admin invites over
// HTTP, the API starts a workflow on Temporal, the worker's activity emails
// the link through the SendGrid client and records it in PostgreSQL, and the
// emailed link signs the invitee in.
func TestInvitationRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	st, _ := storetest.NewDatabase(t)
	tc := workertest.Client(t)
	taskQueue := workertest.TaskQueue(t)
	signer := accounts.NewSigner("roundtrip-secret-roundtrip-secret-0123456")
	acc := accounts.NewService(st, signer)
	org, err := acc.CreateOrganization(ctx, accounts.NewOrganization{
		Name: "Roundtrip", Slug: "roundtrip", OwnerEmail: "owner@roundtrip.test", OwnerName: "Owner", OwnerPassword: "roundtrip-password",
	})
	require.NoError(t, err)

	sendgrid := &fakeSendGrid{}
	mailSrv := httptest.NewServer(sendgrid)
	t.Cleanup(mailSrv.Close)
	w := worker.New(tc, taskQueue, &activities.Activities{
		Store:     st,
		Mailer:    notify.NewSendGridMailer(notify.SendGridConfig{APIKey: "SG.roundtrip", FromEmail: "noreply@roundtrip.test", Host: mailSrv.URL}),
		Signer:    signer,
		PublicURL: "http://app.test",
	})
	require.NoError(t, w.Start())
	t.Cleanup(w.Stop)

	app := api.New(api.Deps{Store: st, Accounts: acc, Temporal: tc, TaskQueue: taskQueue, PublicURL: "http://app.test",
		Log: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go func() { _ = app.Listener(ln) }()
	t.Cleanup(func() { _ = app.Shutdown() })
	base := "http://" + ln.Addr().String() + "/api/v1"

	// The owner signs in and invites an agent into the Inbox team.
	var session struct {
		CSRFToken string `json:"csrf_token"`
	}
	cookie := postJSON(t, base+"/auth/login", "", "", map[string]string{"email": "owner@roundtrip.test", "password": "roundtrip-password"}, http.StatusOK, &session)
	var created struct {
		Invitation struct {
			ID string `json:"id"`
		} `json:"invitation"`
	}
	postJSON(t, base+"/invitations", cookie, session.CSRFToken,
		map[string]any{"email": "agent@roundtrip.test", "role": "agent", "team_ids": []string{org.Inbox.ID.String()}}, http.StatusCreated, &created)

	// The workflow completes with the email sent, and PostgreSQL knows it.
	var delivery activities.InvitationDelivery
	require.NoError(t, tc.GetWorkflow(ctx, workflows.InvitationWorkflowID(created.Invitation.ID), "").Get(ctx, &delivery))
	require.Equal(t, activities.DeliverySent, delivery.Status)
	require.Equal(t, "msg-1", delivery.ProviderMessageID)
	var sent bool
	require.NoError(t, st.Pool.QueryRow(ctx, `SELECT sent_at IS NOT NULL FROM invitations WHERE id = $1`, created.Invitation.ID).Scan(&sent))
	require.True(t, sent)

	// Exactly one email went to the invitee, with the one-time link.
	sendgrid.mu.Lock()
	require.Len(t, sendgrid.bodies, 1)
	raw, err := json.Marshal(sendgrid.bodies[0])
	sendgrid.mu.Unlock()
	require.NoError(t, err)
	require.Contains(t, string(raw), "agent@roundtrip.test")
	token := regexp.MustCompile(`accept-invite\?token=(lci_[A-Za-z0-9_-]+)`).FindStringSubmatch(string(raw))
	require.NotNil(t, token, "no accept link in %s", raw)

	// The emailed link signs the invitee in as an agent of the Inbox team.
	var joined struct {
		Role string `json:"role"`
	}
	postJSON(t, base+"/invitations/accept", "", "", map[string]string{"token": token[1], "name": "Agent", "password": "agent-password-1"}, http.StatusOK, &joined)
	require.Equal(t, "agent", joined.Role)
	var inTeam bool
	require.NoError(t, st.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM team_members tm JOIN users u ON u.id = tm.user_id
		WHERE u.email = 'agent@roundtrip.test' AND tm.team_id = $1)`, org.Inbox.ID).Scan(&inTeam))
	require.True(t, inTeam)
}

// postJSON posts body with an optional session cookie and CSRF token,
// requires the status, decodes the reply into out and returns the session
// cookie the reply set (if any).
func postJSON(t *testing.T, url, cookie, csrf string, body any, status int, out any) string {
	t.Helper()
	raw, err := json.Marshal(body)
	require.NoError(t, err)
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, url, bytes.NewReader(raw))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	if cookie != "" {
		req.Header.Set("Cookie", api.SessionCookie+"="+cookie)
		req.Header.Set(api.CSRFHeader, csrf)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer func() { _ = resp.Body.Close() }()
	reply, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, status, resp.StatusCode, "POST %s: %s", url, reply)
	require.NoError(t, json.Unmarshal(reply, out))
	for _, c := range resp.Cookies() {
		if c.Name == api.SessionCookie {
			return c.Value
		}
	}
	return ""
}
