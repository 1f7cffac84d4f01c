package notify

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

const testSendGridKey = "SG.test-key-0123456789abcdef"

// sendGridBody is the part of SendGrid's v3 Mail Send body the tests check.
type sendGridBody struct {
	From             struct{ Email, Name string } `json:"from"`
	Subject          string                       `json:"subject"`
	Personalizations []struct {
		To []struct{ Email, Name string } `json:"to"`
	} `json:"personalizations"`
	Content []struct {
		Type  string `json:"type"`
		Value string `json:"value"`
	} `json:"content"`
	TrackingSettings struct {
		ClickTracking struct {
			Enable     *bool `json:"enable"`
			EnableText *bool `json:"enable_text"`
		} `json:"click_tracking"`
	} `json:"tracking_settings"`
}

func testSendGridMailer(host string) Mailer {
	return NewSendGridMailer(SendGridConfig{
		APIKey:    testSendGridKey,
		FromEmail: "no-reply@livechat.example.test",
		FromName:  "Livechat",
		Host:      host,
	})
}

func testEmail() Email {
	const link = "https://chat.example.test/invitations/accept?token=tok_123"
	return Email{
		To:      "ana@example.test",
		ToName:  "Ana Lima",
		Subject: "You're invited",
		Text:    "Accept: " + link,
		HTML:    `<p><a href="` + link + `">Accept</a></p>`,
	}
}

func TestSendGridSendsRequest(t *testing.T) {
	srv := newFakeProvider(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Message-Id", "sg-msg-42")
		w.WriteHeader(http.StatusAccepted)
	})

	e := testEmail()
	rcpt, err := testSendGridMailer(srv.URL).SendEmail(context.Background(), e)
	require.NoError(t, err)
	require.Equal(t, Receipt{Provider: ProviderSendGrid, MessageID: "sg-msg-42", Status: "accepted"}, rcpt)
	require.EqualValues(t, 1, srv.hits.Load())

	req := srv.lastRequest(t)
	require.Equal(t, http.MethodPost, req.Method)
	require.Equal(t, "/v3/mail/send", req.Path)
	require.Equal(t, "Bearer "+testSendGridKey, req.Header.Get("Authorization"))
	require.Equal(t, "application/json", req.Header.Get("Content-Type"))
	var got sendGridBody
	require.NoError(t, json.Unmarshal(req.Body, &got))

	require.Equal(t, "no-reply@livechat.example.test", got.From.Email)
	require.Equal(t, "Livechat", got.From.Name)
	require.Equal(t, e.Subject, got.Subject)
	require.Len(t, got.Personalizations, 1)
	require.Len(t, got.Personalizations[0].To, 1)
	require.Equal(t, "ana@example.test", got.Personalizations[0].To[0].Email)
	require.Equal(t, "Ana Lima", got.Personalizations[0].To[0].Name)
	require.Len(t, got.Content, 2)
	require.Equal(t, "text/plain", got.Content[0].Type)
	require.Equal(t, e.Text, got.Content[0].Value)
	require.Contains(t, got.Content[0].Value, "https://chat.example.test/invitations/accept?token=tok_123")
	require.Equal(t, "text/html", got.Content[1].Type)
	require.Equal(t, e.HTML, got.Content[1].Value)
	require.Contains(t, got.Content[1].Value, "https://chat.example.test/invitations/accept?token=tok_123")
	// One-time links must not be rewritten through a click-tracking redirect.
	require.NotNil(t, got.TrackingSettings.ClickTracking.Enable)
	require.False(t, *got.TrackingSettings.ClickTracking.Enable)
	require.NotNil(t, got.TrackingSettings.ClickTracking.EnableText)
	require.False(t, *got.TrackingSettings.ClickTracking.EnableText)
}

func TestSendGridStatusClassification(t *testing.T) {
	tests := []struct {
		name      string
		status    int
		body      string
		permanent bool
		contains  string
	}{
		{"server error is transient", http.StatusInternalServerError, `{"errors":[{"message":"internal error"}]}`, false, "internal error"},
		{"unavailable is transient", http.StatusServiceUnavailable, "upstream down", false, "upstream down"},
		{"rate limit is transient", http.StatusTooManyRequests, `{"errors":[{"message":"too many requests"}]}`, false, "too many requests"},
		{"bad request is permanent", http.StatusBadRequest,
			`{"errors":[{"message":"Does not contain a valid address.","field":"personalizations.0.to.0.email","help":null}]}`,
			true, "Does not contain a valid address. (personalizations.0.to.0.email)"},
		{"forbidden is permanent", http.StatusForbidden, `{"errors":[{"message":"The from address does not match a verified Sender Identity.","field":"from"}]}`, true, "verified Sender Identity"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := newFakeProvider(t, func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tc.status)
				_, _ = io.WriteString(w, tc.body)
			})
			_, err := testSendGridMailer(srv.URL).SendEmail(context.Background(), testEmail())
			require.Error(t, err)
			require.Equal(t, tc.permanent, IsPermanent(err))
			require.ErrorContains(t, err, tc.contains)
			require.NotContains(t, err.Error(), testSendGridKey)

			var pe *ProviderError
			require.ErrorAs(t, err, &pe)
			require.Equal(t, ProviderSendGrid, pe.Provider)
			require.Equal(t, tc.status, pe.Status)
		})
	}
}

func TestSendGridNeverLeaksAPIKey(t *testing.T) {
	// A server echoing the request's credentials into its error body.
	srv := newFakeProvider(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = io.WriteString(w, `{"errors":[{"message":"bad key `+r.Header.Get("Authorization")+`"}]}`)
	})
	_, err := testSendGridMailer(srv.URL).SendEmail(context.Background(), testEmail())
	require.Error(t, err)
	require.True(t, IsPermanent(err))
	require.NotContains(t, err.Error(), testSendGridKey)
	require.Contains(t, err.Error(), "[redacted]")

	// Network failure: the server is gone.
	srv.Close()
	_, err = testSendGridMailer(srv.URL).SendEmail(context.Background(), testEmail())
	require.Error(t, err)
	require.False(t, IsPermanent(err))
	require.NotContains(t, err.Error(), testSendGridKey)
}

func TestSendGridRejectsInvalidEmailLocally(t *testing.T) {
	srv := newFakeProvider(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusAccepted)
	})
	m := testSendGridMailer(srv.URL)
	for name, mutate := range map[string]func(*Email){
		"no recipient":      func(e *Email) { e.To = "" },
		"malformed address": func(e *Email) { e.To = "not-an-address" },
		"display name":      func(e *Email) { e.To = "Ana <ana@example.test>" },
		"no subject":        func(e *Email) { e.Subject = " " },
		"no content":        func(e *Email) { e.Text, e.HTML = "", "" },
	} {
		t.Run(name, func(t *testing.T) {
			e := testEmail()
			mutate(&e)
			_, err := m.SendEmail(context.Background(), e)
			require.ErrorIs(t, err, ErrPermanent)
		})
	}
	require.Zero(t, srv.hits.Load())
}

func TestSendGridHonoursContext(t *testing.T) {
	srv := newFakeProvider(t, func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err := testSendGridMailer(srv.URL).SendEmail(ctx, testEmail())
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.False(t, IsPermanent(err))
}
