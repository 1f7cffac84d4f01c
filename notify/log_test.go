package notify

import (
	"bytes"
	"context"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/require"
)

// bufferLogger returns a logger writing text records into the returned buffer.
func bufferLogger() (*slog.Logger, *bytes.Buffer) {
	var buf bytes.Buffer
	return slog.New(slog.NewTextHandler(&buf, nil)), &buf
}

func TestLogMailer(t *testing.T) {
	log, buf := bufferLogger()
	e := testEmail()
	rcpt, err := NewLogMailer(log).SendEmail(context.Background(), e)
	require.ErrorIs(t, err, ErrNotConfigured)
	require.False(t, IsPermanent(err))
	require.ErrorContains(t, err, "not sent: provider not configured")
	require.Equal(t, Receipt{}, rcpt)

	out := buf.String()
	require.Contains(t, out, "level=WARN")
	require.Contains(t, out, "to=ana@example.test")
	require.Contains(t, out, `subject="You're invited"`)
	require.NotContains(t, out, "tok_123", "the body holds the one-time link and must not be logged")
}

func TestLogTexter(t *testing.T) {
	log, buf := bufferLogger()
	rcpt, err := NewLogTexter(log).SendSMS(context.Background(), SMS{To: "+14155550100", Body: "Your code is 123456"})
	require.ErrorIs(t, err, ErrNotConfigured)
	require.ErrorContains(t, err, "not sent: provider not configured")
	require.Equal(t, Receipt{}, rcpt)

	out := buf.String()
	require.Contains(t, out, "to=+14155550100")
	require.Contains(t, out, "body_chars=19")
	require.NotContains(t, out, "123456")
}

func TestLogImplementationsWithNilLogger(t *testing.T) {
	_, err := (&LogMailer{}).SendEmail(context.Background(), testEmail())
	require.ErrorIs(t, err, ErrNotConfigured)
	_, err = (&LogTexter{}).SendSMS(context.Background(), SMS{To: "+14155550100", Body: "hi"})
	require.ErrorIs(t, err, ErrNotConfigured)
}
