package notify

import (
	"context"
	"fmt"
	"log/slog"
	"unicode/utf8"
)

// LogMailer is the Mailer used when no email provider is configured: it logs
// the recipient and subject (never the body, which may hold a one-time link)
// and fails with ErrNotConfigured.
type LogMailer struct {
	Logger *slog.Logger // nil = slog.Default()
}

var _ Mailer = (*LogMailer)(nil)

// NewLogMailer returns a LogMailer writing to log (nil = slog.Default()).
func NewLogMailer(log *slog.Logger) *LogMailer {
	return &LogMailer{Logger: log}
}

// SendEmail logs e and returns an error wrapping ErrNotConfigured.
func (m *LogMailer) SendEmail(ctx context.Context, e Email) (Receipt, error) {
	loggerOrDefault(m.Logger).LogAttrs(ctx, slog.LevelWarn, "email not sent: provider not configured",
		slog.String("to", e.To),
		slog.String("subject", e.Subject),
	)
	return Receipt{}, fmt.Errorf("notify: email not sent: %w", ErrNotConfigured)
}

// LogTexter is the Texter used when no SMS provider is configured: it logs
// the recipient and the body length (never the body, which may hold a code)
// and fails with ErrNotConfigured.
type LogTexter struct {
	Logger *slog.Logger // nil = slog.Default()
}

var _ Texter = (*LogTexter)(nil)

// NewLogTexter returns a LogTexter writing to log (nil = slog.Default()).
func NewLogTexter(log *slog.Logger) *LogTexter {
	return &LogTexter{Logger: log}
}

// SendSMS logs s and returns an error wrapping ErrNotConfigured.
func (t *LogTexter) SendSMS(ctx context.Context, s SMS) (Receipt, error) {
	loggerOrDefault(t.Logger).LogAttrs(ctx, slog.LevelWarn, "sms not sent: provider not configured",
		slog.String("to", s.To),
		slog.Int("body_chars", utf8.RuneCountInString(s.Body)),
	)
	return Receipt{}, fmt.Errorf("notify: sms not sent: %w", ErrNotConfigured)
}

// loggerOrDefault returns l, or slog.Default() when l is nil.
func loggerOrDefault(l *slog.Logger) *slog.Logger {
	if l == nil {
		return slog.Default()
	}
	return l
}
