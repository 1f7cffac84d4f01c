package api

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"livechat/notify/notifytest"
	"livechat/store/db"
)

const testTwilioToken = "0123456789abcdef0123456789abcdef"

// postTwilioStatus posts a status callback signed with token.
func postTwilioStatus(t *testing.T, env *testEnv, token string, form url.Values) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, env.URL+TwilioStatusPath, strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Twilio-Signature", notifytest.TwilioSignature(token, "http://app.test"+TwilioStatusPath, form))
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	return resp.StatusCode
}

// sentSMS writes an SMS notification Twilio accepted as sid.
func sentSMS(t *testing.T, env *testEnv, sid string) uuid.UUID {
	t.Helper()
	id := uuid.Must(uuid.NewV7())
	_, err := env.Store.InsertNotification(t.Context(), db.InsertNotificationParams{
		ID: id, OrgID: env.Org.Org.ID, EventKey: "test:" + sid, Kind: "chat_assigned", Channel: "sms",
		RecipientKey: "+14155550100", Address: "+14155550100", Title: "t", Body: "b", Status: "pending",
	})
	require.NoError(t, err)
	provider, queued := "twilio", "queued"
	_, err = env.Store.FinishNotification(t.Context(), db.FinishNotificationParams{
		ID: id, Status: "sent", Provider: &provider, ProviderMessageID: &sid, ProviderStatus: &queued,
	})
	require.NoError(t, err)
	return id
}

func TestTwilioStatusCallbackRecordsDelivery(t *testing.T) {
	t.Parallel()
	env := newTestEnvWith(t, func(d *Deps) { d.TwilioAuthToken = testTwilioToken })
	delivered, lost := sentSMS(t, env, "SM00000000000000000000000000000001"), sentSMS(t, env, "SM00000000000000000000000000000002")
	row := func(id uuid.UUID) db.Notification {
		n, err := env.Store.GetNotification(t.Context(), id)
		require.NoError(t, err)
		return n
	}

	status := postTwilioStatus(t, env, testTwilioToken, url.Values{"MessageSid": {"SM00000000000000000000000000000001"}, "MessageStatus": {"delivered"}, "AccountSid": {"ACx"}})
	require.Equal(t, http.StatusNoContent, status)
	require.Equal(t, "delivered", *row(delivered).ProviderStatus)
	require.Equal(t, "sent", row(delivered).Status)

	// A "sent" arriving late does not replace "delivered".
	status = postTwilioStatus(t, env, testTwilioToken, url.Values{"MessageSid": {"SM00000000000000000000000000000001"}, "MessageStatus": {"sent"}})
	require.Equal(t, http.StatusNoContent, status)
	require.Equal(t, "delivered", *row(delivered).ProviderStatus)

	status = postTwilioStatus(t, env, testTwilioToken, url.Values{
		"MessageSid": {"SM00000000000000000000000000000002"}, "MessageStatus": {"undelivered"}, "ErrorCode": {"30003"},
	})
	require.Equal(t, http.StatusNoContent, status)
	got := row(lost)
	require.Equal(t, "failed", got.Status, "a message that will never arrive shows as failed")
	require.Equal(t, "twilio: undelivered (error 30003)", *got.LastError)

	// Forged: signed with another token. Nothing changes.
	status = postTwilioStatus(t, env, "another-token-another-token-0000", url.Values{"MessageSid": {"SM00000000000000000000000000000001"}, "MessageStatus": {"failed"}})
	require.Equal(t, http.StatusForbidden, status)
	require.Equal(t, "sent", row(delivered).Status)

	// An unknown message is acknowledged (Twilio would retry otherwise).
	status = postTwilioStatus(t, env, testTwilioToken, url.Values{"MessageSid": {"SMunknown"}, "MessageStatus": {"delivered"}})
	require.Equal(t, http.StatusNoContent, status)
}

func TestTwilioStatusCallbackNeedsTwilio(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	status := postTwilioStatus(t, env, "", url.Values{"MessageSid": {"SM1"}, "MessageStatus": {"delivered"}})
	require.Equal(t, http.StatusNotFound, status)
}
