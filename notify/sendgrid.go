package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/sendgrid/rest"
	"github.com/sendgrid/sendgrid-go"
	"github.com/sendgrid/sendgrid-go/helpers/mail"
)

// requestTimeout bounds one provider request when the caller's context has
// no earlier deadline.
const requestTimeout = 30 * time.Second

// maxErrorText caps how much of a provider's error body goes into an error.
const maxErrorText = 500

// sendGridEndpoint is SendGrid's v3 Mail Send path.
const sendGridEndpoint = "/v3/mail/send"

// SendGridConfig configures the SendGrid mailer. Its fields match
// config.SendGrid, so a plain conversion works.
type SendGridConfig struct {
	APIKey    string // required
	FromEmail string // required: a verified sender of the SendGrid account
	FromName  string // optional sender display name
	Host      string // API base URL; empty = the library default (tests pass an httptest URL)
}

// sendGridMailer sends email through SendGrid's v3 Mail Send API.
type sendGridMailer struct {
	cfg    SendGridConfig
	client *rest.Client
}

var _ Mailer = (*sendGridMailer)(nil)

// NewSendGridMailer returns a Mailer that sends through SendGrid. It does not
// check the credentials; NewMailer picks the log fallback when they are
// missing.
func NewSendGridMailer(cfg SendGridConfig) Mailer {
	cfg.APIKey = strings.TrimSpace(cfg.APIKey)
	cfg.Host = strings.TrimRight(strings.TrimSpace(cfg.Host), "/")
	return &sendGridMailer{
		cfg: cfg,
		// Own client, not sendgrid.DefaultClient: a timeout, and no shared
		// global state between mailers.
		client: &rest.Client{HTTPClient: &http.Client{Timeout: requestTimeout}},
	}
}

// SendEmail sends e as a multipart text + HTML email. Click tracking is
// turned off: these emails carry one-time links, which must reach the user
// untouched and not pass through a tracking redirect.
func (m *sendGridMailer) SendEmail(ctx context.Context, e Email) (Receipt, error) {
	if err := e.validate(); err != nil {
		return Receipt{}, err
	}

	msg := mail.NewV3Mail()
	msg.SetFrom(mail.NewEmail(m.cfg.FromName, m.cfg.FromEmail))
	msg.Subject = e.Subject
	p := mail.NewPersonalization()
	p.AddTos(mail.NewEmail(e.ToName, e.To))
	msg.AddPersonalizations(p)
	// SendGrid requires text/plain before text/html.
	if e.Text != "" {
		msg.AddContent(mail.NewContent("text/plain", e.Text))
	}
	if e.HTML != "" {
		msg.AddContent(mail.NewContent("text/html", e.HTML))
	}
	off := false
	msg.SetTrackingSettings(mail.NewTrackingSettings().SetClickTracking(
		&mail.ClickTrackingSetting{Enable: &off, EnableText: &off}))

	req := sendgrid.GetRequest(m.cfg.APIKey, sendGridEndpoint, m.cfg.Host)
	req.Method = rest.Post
	body, err := json.Marshal(msg)
	if err != nil {
		return Receipt{}, fmt.Errorf("notify: sendgrid: encode request: %w", err)
	}
	req.Body = body

	resp, err := m.client.SendWithContext(ctx, req)
	if err != nil {
		// Transport errors name the URL, never the Authorization header.
		return Receipt{}, fmt.Errorf("notify: sendgrid: send: %w", err)
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return Receipt{
			Provider:  ProviderSendGrid,
			MessageID: http.Header(resp.Headers).Get("X-Message-Id"),
			Status:    "accepted",
		}, nil
	}
	return Receipt{}, fmt.Errorf("notify: sendgrid: send: %w", &ProviderError{
		Provider: ProviderSendGrid,
		Status:   resp.StatusCode,
		Message:  redact(sendGridErrorText(resp.Body), m.cfg.APIKey),
	})
}

// sendGridErrorText extracts the messages of SendGrid's error body
// {"errors":[{"message":..,"field":..}]}, falling back to the raw body.
func sendGridErrorText(body string) string {
	var parsed struct {
		Errors []struct {
			Message string  `json:"message"`
			Field   *string `json:"field"`
		} `json:"errors"`
	}
	var parts []string
	if json.Unmarshal([]byte(body), &parsed) == nil {
		for _, e := range parsed.Errors {
			if e.Field != nil && *e.Field != "" {
				parts = append(parts, fmt.Sprintf("%s (%s)", e.Message, *e.Field))
			} else {
				parts = append(parts, e.Message)
			}
		}
	}
	text := strings.Join(parts, "; ")
	if text == "" {
		text = strings.TrimSpace(body)
	}
	if len(text) > maxErrorText {
		text = text[:maxErrorText] + "…"
	}
	return text
}
