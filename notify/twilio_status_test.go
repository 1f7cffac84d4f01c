package notify

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"livechat/notify/notifytest"
)

func TestTwilioSendsTheStatusCallback(t *testing.T) {
	srv := newFakeProvider(t, twilioReply(http.StatusCreated, `{"sid":"SM0123456789abcdef0123456789abcdef","status":"queued"}`))
	texter := NewTwilioTexter(TwilioConfig{AccountSID: testTwilioSID, AuthToken: testTwilioToken, From: testTwilioFrom,
		BaseURL: srv.URL, StatusCallback: "https://chat.example.test/api/v1/webhooks/twilio/status"})
	_, err := texter.SendSMS(context.Background(), SMS{To: "+14155550100", Body: "hello"})
	require.NoError(t, err)
	form, err := url.ParseQuery(string(srv.lastRequest(t).Body))
	require.NoError(t, err)
	require.Equal(t, "https://chat.example.test/api/v1/webhooks/twilio/status", form.Get("StatusCallback"))
}

func TestVerifyTwilioSignature(t *testing.T) {
	const token, link = "0123456789abcdef0123456789abcdef", "https://chat.example.test/api/v1/webhooks/twilio/status"
	form := url.Values{"MessageSid": {"SM1"}, "MessageStatus": {"delivered"}, "To": {"+14155550100"}}
	body := []byte(form.Encode())
	sig := notifytest.TwilioSignature(token, link, form)
	require.True(t, VerifyTwilioSignature(token, link, body, sig))
	require.False(t, VerifyTwilioSignature("fedcba9876543210fedcba9876543210", link, body, sig), "another token")
	require.False(t, VerifyTwilioSignature(token, link, []byte(form.Encode()+"&ErrorCode=1"), sig), "another body")
	require.False(t, VerifyTwilioSignature(token, link+"?x=1", body, sig), "another URL")
	require.False(t, VerifyTwilioSignature(token, link, body, ""), "no signature")
	require.False(t, VerifyTwilioSignature("", link, body, sig), "no token")
}

func TestTwilioFinalFailure(t *testing.T) {
	for status, want := range map[string]string{"undelivered": "twilio: undelivered (error 30003)", "failed": "twilio: failed (error 30003)"} {
		got, final := TwilioFinalFailure(status, "30003")
		require.True(t, final, status)
		require.Equal(t, want, got)
	}
	got, final := TwilioFinalFailure("canceled", "")
	require.True(t, final)
	require.Equal(t, "twilio: canceled", got)
	for _, status := range []string{"queued", "sending", "sent", "delivered", "read"} {
		_, final := TwilioFinalFailure(status, "")
		require.False(t, final, status)
	}
}
