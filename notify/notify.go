// Package notify sends email (SendGrid) and SMS (Twilio), each behind a small
// interface so the rest of Livechat never imports a provider SDK.
//
// Error contract, shared by every implementation:
//
//   - ErrNotConfigured: the provider has no credentials; nothing was sent.
//   - ErrPermanent (test with IsPermanent): the message itself was refused —
//     bad address, invalid number, any 4xx other than 408 and 429 — and
//     sending it again cannot succeed. Callers must not retry.
//   - Anything else is transient (network error, timeout, 408, 429, 5xx) and
//     worth retrying; a Temporal activity simply returns it.
//
// Providers offer no idempotency key, so a retry after a timeout can deliver
// a message twice: callers that must send once keep an outbox (see
// activities.DeliverNotification).
package notify

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/mail"
	"strings"
)

// Provider names used in Receipt.Provider and ProviderError.Provider.
const (
	ProviderSendGrid = "sendgrid"
	ProviderTwilio   = "twilio"
)

// Email is one email to one recipient. Text and HTML are alternative
// renderings of the same content; at least one must be set.
type Email struct {
	To      string // bare address, e.g. "ana@example.com"
	ToName  string // display name, optional
	Subject string
	Text    string // text/plain part
	HTML    string // text/html part
}

// SMS is one text message to one phone number in E.164 form.
type SMS struct {
	To   string // E.164, e.g. "+14155550100"
	Body string
}

// Receipt identifies a message the provider accepted for delivery.
type Receipt struct {
	Provider  string // ProviderSendGrid or ProviderTwilio
	MessageID string // SendGrid's X-Message-Id or Twilio's message SID
	Status    string // the provider's status of the message, e.g. "accepted" (SendGrid 202) or Twilio's "queued"
}

// Mailer sends email.
type Mailer interface {
	// SendEmail hands e to the provider. See the package doc for the errors.
	SendEmail(ctx context.Context, e Email) (Receipt, error)
}

// Texter sends SMS.
type Texter interface {
	// SendSMS hands s to the provider. See the package doc for the errors.
	SendSMS(ctx context.Context, s SMS) (Receipt, error)
}

// ErrNotConfigured reports that no provider credentials are configured, so
// the message was not sent (only logged).
var ErrNotConfigured = errors.New("provider not configured")

// ErrPermanent reports that the message was refused for good and must not be
// retried. Match it with IsPermanent or errors.Is.
var ErrPermanent = errors.New("permanent failure")

// IsPermanent reports whether err means the message can never be sent as is,
// so retrying is pointless. ErrNotConfigured is not permanent in this sense:
// callers decide separately how to treat an unconfigured provider.
func IsPermanent(err error) bool {
	return errors.Is(err, ErrPermanent)
}

// ProviderError is a provider's answer with an error status. It matches
// ErrPermanent under errors.Is when the status is a permanent one.
type ProviderError struct {
	Provider string // ProviderSendGrid or ProviderTwilio
	Status   int    // HTTP status code
	Code     int    // provider error code (Twilio), 0 when absent
	Message  string // provider's explanation, secrets removed
}

// Error describes the failure without any credential.
func (e *ProviderError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: HTTP %d", e.Provider, e.Status)
	if e.Code != 0 {
		fmt.Fprintf(&b, " (code %d)", e.Code)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	return b.String()
}

// Permanent reports whether the status means "refused for good".
func (e *ProviderError) Permanent() bool {
	return permanentStatus(e.Status)
}

// Is makes errors.Is(err, ErrPermanent) true for permanent statuses.
func (e *ProviderError) Is(target error) bool {
	return target == ErrPermanent && e.Permanent()
}

// permanentStatus is true for 4xx except 408 Request Timeout and 429 Too
// Many Requests, which are worth retrying.
func permanentStatus(status int) bool {
	return status >= 400 && status < 500 &&
		status != http.StatusRequestTimeout && status != http.StatusTooManyRequests
}

// validate checks what can be checked locally, so a malformed email fails
// permanently without a round trip.
func (e Email) validate() error {
	if e.To == "" {
		return fmt.Errorf("notify: email has no recipient: %w", ErrPermanent)
	}
	if a, err := mail.ParseAddress(e.To); err != nil || a.Address != e.To {
		return fmt.Errorf("notify: invalid recipient address %q: %w", e.To, ErrPermanent)
	}
	if strings.TrimSpace(e.Subject) == "" {
		return fmt.Errorf("notify: email has no subject: %w", ErrPermanent)
	}
	if e.Text == "" && e.HTML == "" {
		return fmt.Errorf("notify: email has no content: %w", ErrPermanent)
	}
	return nil
}

// redact replaces every occurrence of each non-empty secret in s.
func redact(s string, secrets ...string) string {
	for _, secret := range secrets {
		if secret != "" {
			s = strings.ReplaceAll(s, secret, "[redacted]")
		}
	}
	return s
}
