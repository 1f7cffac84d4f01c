package notify

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestNewMailerPicksImplementation(t *testing.T) {
	log, buf := bufferLogger()
	require.IsType(t, &sendGridMailer{}, NewMailer(SendGridConfig{APIKey: "k", FromEmail: "a@example.test"}, log))
	require.Empty(t, buf.String())

	require.IsType(t, &LogMailer{}, NewMailer(SendGridConfig{FromName: "Livechat"}, log))
	require.Empty(t, buf.String(), "an unconfigured provider is the intended dev mode, not a warning")

	require.IsType(t, &LogMailer{}, NewMailer(SendGridConfig{APIKey: "secret-key"}, log))
	require.Contains(t, buf.String(), "missing=FromEmail")
	require.NotContains(t, buf.String(), "secret-key")
}

func TestNewTexterPicksImplementation(t *testing.T) {
	log, buf := bufferLogger()
	full := TwilioConfig{AccountSID: "AC1", AuthToken: "tok", From: "+15005550006"}
	require.IsType(t, &twilioTexter{}, NewTexter(full, log))
	require.IsType(t, &LogTexter{}, NewTexter(TwilioConfig{}, log))
	require.Empty(t, buf.String())

	partial := full
	partial.From = ""
	require.IsType(t, &LogTexter{}, NewTexter(partial, log))
	require.Contains(t, buf.String(), "missing=From")
	require.NotContains(t, buf.String(), "tok")
}
