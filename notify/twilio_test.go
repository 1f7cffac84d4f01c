package notify

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

const (
	testTwilioSID   = "AC0123456789abcdef0123456789abcdef"
	testTwilioToken = "authtoken0123456789abcdef01234567"
	testTwilioFrom  = "+15005550006"
)

func testTwilioTexter(baseURL string) Texter {
	return NewTwilioTexter(TwilioConfig{
		AccountSID: testTwilioSID,
		AuthToken:  testTwilioToken,
		From:       testTwilioFrom,
		BaseURL:    baseURL,
	})
}

// twilioReply answers like Twilio: a JSON body with the given status.
func twilioReply(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

func TestTwilioSendsRequest(t *testing.T) {
	srv := newFakeProvider(t, twilioReply(http.StatusCreated,
		`{"sid":"SM0123456789abcdef0123456789abcdef","status":"queued","to":"+14155550100","from":"+15005550006"}`))

	rcpt, err := testTwilioTexter(srv.URL).SendSMS(context.Background(), SMS{To: "+14155550100", Body: "New chat waiting in Sales"})
	require.NoError(t, err)
	require.Equal(t, Receipt{Provider: ProviderTwilio, MessageID: "SM0123456789abcdef0123456789abcdef", Status: "queued"}, rcpt)
	require.EqualValues(t, 1, srv.hits.Load())

	req := srv.lastRequest(t)
	require.Equal(t, http.MethodPost, req.Method)
	require.Equal(t, "/2010-04-01/Accounts/"+testTwilioSID+"/Messages.json", req.Path)
	user, pass, ok := (&http.Request{Header: req.Header}).BasicAuth()
	require.True(t, ok)
	require.Equal(t, testTwilioSID, user)
	require.Equal(t, testTwilioToken, pass)
	require.Equal(t, "application/x-www-form-urlencoded", req.Header.Get("Content-Type"))
	form, err := url.ParseQuery(string(req.Body))
	require.NoError(t, err)
	require.Equal(t, url.Values{
		"To":   {"+14155550100"},
		"From": {testTwilioFrom},
		"Body": {"New chat waiting in Sales"},
	}, form)
}

func TestTwilioMessagingServiceSender(t *testing.T) {
	srv := newFakeProvider(t, twilioReply(http.StatusCreated, `{"sid":"SM1"}`))
	texter := NewTwilioTexter(TwilioConfig{
		AccountSID: testTwilioSID, AuthToken: testTwilioToken,
		From: "MG0123456789abcdef0123456789abcdef", BaseURL: srv.URL,
	})
	_, err := texter.SendSMS(context.Background(), SMS{To: "+14155550100", Body: "hi"})
	require.NoError(t, err)
	form, err := url.ParseQuery(string(srv.lastRequest(t).Body))
	require.NoError(t, err)
	require.Equal(t, "MG0123456789abcdef0123456789abcdef", form.Get("MessagingServiceSid"))
	require.Empty(t, form.Get("From"))
}

func TestTwilioBaseURLWithPathPrefix(t *testing.T) {
	srv := newFakeProvider(t, twilioReply(http.StatusCreated, `{"sid":"SM1"}`))
	_, err := testTwilioTexter(srv.URL+"/twilio/").SendSMS(context.Background(), SMS{To: "+14155550100", Body: "hi"})
	require.NoError(t, err)
	require.Equal(t, "/twilio/2010-04-01/Accounts/"+testTwilioSID+"/Messages.json", srv.lastRequest(t).Path)
}

func TestTwilioErrorClassification(t *testing.T) {
	tests := []struct {
		name      string
		status    int
		body      string
		permanent bool
		code      int
		contains  string
	}{
		{"server error is transient", http.StatusInternalServerError,
			`{"code":20500,"message":"Internal Server Error","status":500}`, false, 20500, "Internal Server Error"},
		{"rate limit is transient", http.StatusTooManyRequests,
			`{"code":20429,"message":"Too Many Requests","status":429}`, false, 20429, "Too Many Requests"},
		{"invalid number is permanent", http.StatusBadRequest,
			`{"code":21211,"message":"The 'To' number +14155550100 is not a valid phone number.","status":400}`, true, 21211, "not a valid phone number"},
		{"bad credentials are permanent", http.StatusUnauthorized,
			`{"code":20003,"message":"Authenticate","status":401}`, true, 20003, "Authenticate"},
		{"proxy page on 502 is transient", http.StatusBadGateway, `<html>bad gateway</html>`, false, 0, "HTTP 502"},
		{"proxy page on 400 is permanent", http.StatusBadRequest, `<html>bad request</html>`, true, 0, "HTTP 400"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := newFakeProvider(t, twilioReply(tc.status, tc.body))
			_, err := testTwilioTexter(srv.URL).SendSMS(context.Background(), SMS{To: "+14155550100", Body: "hi"})
			require.Error(t, err)
			require.Equal(t, tc.permanent, IsPermanent(err))
			require.ErrorContains(t, err, tc.contains)
			require.NotContains(t, err.Error(), testTwilioToken)

			var pe *ProviderError
			require.ErrorAs(t, err, &pe)
			require.Equal(t, ProviderTwilio, pe.Provider)
			require.Equal(t, tc.status, pe.Status)
			require.Equal(t, tc.code, pe.Code)
		})
	}
}

func TestTwilioRejectsLocallyWithoutRequest(t *testing.T) {
	srv := newFakeProvider(t, twilioReply(http.StatusCreated, `{"sid":"SM1"}`))
	texter := testTwilioTexter(srv.URL)
	for _, s := range []SMS{
		{To: "4155550100", Body: "hi"},
		{To: "+1 415 555 0100", Body: "hi"},
		{To: "+0155550100", Body: "hi"},
		{To: "", Body: "hi"},
		{To: "+14155550100", Body: "  "},
	} {
		_, err := texter.SendSMS(context.Background(), s)
		require.ErrorIs(t, err, ErrPermanent, "%+v", s)
	}
	require.Zero(t, srv.hits.Load())
}

func TestTwilioNetworkErrorIsTransient(t *testing.T) {
	srv := newFakeProvider(t, twilioReply(http.StatusCreated, `{"sid":"SM1"}`))
	srv.Close()
	_, err := testTwilioTexter(srv.URL).SendSMS(context.Background(), SMS{To: "+14155550100", Body: "hi"})
	require.Error(t, err)
	require.False(t, IsPermanent(err))
	require.NotContains(t, err.Error(), testTwilioToken)
}

func TestTwilioHonoursContext(t *testing.T) {
	srv := newFakeProvider(t, func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := testTwilioTexter(srv.URL).SendSMS(ctx, SMS{To: "+14155550100", Body: "hi"})
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.False(t, IsPermanent(err))
	require.Less(t, time.Since(start), 5*time.Second)
}

func TestTwilioInvalidBaseURL(t *testing.T) {
	_, err := testTwilioTexter("not a url").SendSMS(context.Background(), SMS{To: "+14155550100", Body: "hi"})
	require.ErrorIs(t, err, ErrNotConfigured)
}

func TestValidE164(t *testing.T) {
	for phone, want := range map[string]bool{
		"+14155550100":      true,
		"+442071838750":     true,
		"+1234567":          true,
		"+123456789012345":  true,
		"+1234567890123456": false, // 16 digits
		"+123456":           false, // too short
		"14155550100":       false,
		"+04155550100":      false,
		"+1 415 555 0100":   false,
		"+1-415-555-0100":   false,
		"":                  false,
	} {
		require.Equal(t, want, ValidE164(phone), phone)
	}
}
