package notify

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/twilio/twilio-go"
	"github.com/twilio/twilio-go/client"
	openapi "github.com/twilio/twilio-go/rest/api/v2010"
)

// TwilioConfig configures the Twilio texter. Its fields match
// config.Twilio, so a plain conversion works.
type TwilioConfig struct {
	AccountSID string // required, "AC…"
	AuthToken  string // required
	// From is the sender: an E.164 number, an alphanumeric sender ID, or a
	// Messaging Service SID ("MG…"), which is sent as MessagingServiceSid.
	From string
	// BaseURL, when set, replaces the scheme and host (and prefixes the path)
	// of every API request; empty = the library default. For tests.
	BaseURL string
	// StatusCallback, when set, is the URL Twilio posts each message's
	// delivery status to (see VerifyTwilioSignature).
	StatusCallback string
}

// e164 is the ITU E.164 format Twilio expects: "+", country code, number.
var e164 = regexp.MustCompile(`^\+[1-9]\d{6,14}$`)

// ValidE164 reports whether phone is in E.164 form, e.g. "+14155550100".
func ValidE164(phone string) bool {
	return e164.MatchString(phone)
}

// twilioTexter sends SMS through Twilio's Messages API.
type twilioTexter struct {
	cfg       TwilioConfig
	baseURL   *url.URL // nil = library default
	baseErr   error    // BaseURL did not parse
	transport http.RoundTripper
}

var _ Texter = (*twilioTexter)(nil)

// NewTwilioTexter returns a Texter that sends through Twilio. It does not
// check the credentials; NewTexter picks the log fallback when they are
// missing. An unusable BaseURL makes every SendSMS fail with
// ErrNotConfigured.
func NewTwilioTexter(cfg TwilioConfig) Texter {
	cfg.AccountSID = strings.TrimSpace(cfg.AccountSID)
	cfg.AuthToken = strings.TrimSpace(cfg.AuthToken)
	t := &twilioTexter{
		cfg:       cfg,
		transport: http.DefaultTransport.(*http.Transport).Clone(),
	}
	if cfg.BaseURL != "" {
		u, err := url.Parse(cfg.BaseURL)
		switch {
		case err != nil:
			t.baseErr = err
		case (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
			t.baseErr = fmt.Errorf("want an http(s) URL, got %q", cfg.BaseURL)
		default:
			t.baseURL = u
		}
	}
	return t
}

// SendSMS sends s. A To that is not E.164 or an empty body fails with
// ErrPermanent before any request is made.
func (t *twilioTexter) SendSMS(ctx context.Context, s SMS) (Receipt, error) {
	if !ValidE164(s.To) {
		return Receipt{}, fmt.Errorf("notify: twilio: recipient %q is not an E.164 number: %w", s.To, ErrPermanent)
	}
	if strings.TrimSpace(s.Body) == "" {
		return Receipt{}, fmt.Errorf("notify: twilio: empty message body: %w", ErrPermanent)
	}
	if t.baseErr != nil {
		return Receipt{}, fmt.Errorf("notify: twilio: invalid BaseURL: %w: %w", t.baseErr, ErrNotConfigured)
	}

	// twilio-go sends every request with context.Background(). A client per
	// call, whose transport carries this call's context, makes cancellation
	// and deadlines work; connections are still pooled in t.transport.
	ctx, cancel := context.WithTimeout(ctx, requestTimeout)
	defer cancel()
	rt := &twilioRoundTripper{ctx: ctx, base: t.transport, target: t.baseURL}
	c := &client.Client{
		Credentials: client.NewCredentials(t.cfg.AccountSID, t.cfg.AuthToken),
		HTTPClient: &http.Client{
			Transport: rt,
			// Like the library's default client: return a redirect as is.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
	c.SetAccountSid(t.cfg.AccountSID)
	api := twilio.NewRestClientWithParams(twilio.ClientParams{Client: c}).Api

	params := &openapi.CreateMessageParams{}
	params.SetTo(s.To).SetBody(s.Body)
	if t.cfg.StatusCallback != "" {
		params.SetStatusCallback(t.cfg.StatusCallback)
	}
	if strings.HasPrefix(t.cfg.From, "MG") {
		params.SetMessagingServiceSid(t.cfg.From)
	} else {
		params.SetFrom(t.cfg.From)
	}

	msg, err := api.CreateMessage(params)
	if err != nil {
		return Receipt{}, t.classify(err, rt.status)
	}
	if msg.Sid == nil || *msg.Sid == "" {
		return Receipt{}, fmt.Errorf("notify: twilio: send: HTTP %d response has no message sid", rt.status)
	}
	status := "queued"
	if msg.Status != nil && *msg.Status != "" {
		status = *msg.Status
	}
	return Receipt{Provider: ProviderTwilio, MessageID: *msg.Sid, Status: status}, nil
}

// classify turns a twilio-go error into this package's contract. status is
// the HTTP status seen on the wire, 0 when no response arrived.
func (t *twilioTexter) classify(err error, status int) error {
	// The status on the wire wins over the one in the error body.
	pe := &ProviderError{Provider: ProviderTwilio, Status: status}
	var restErr *client.TwilioRestError
	var restErrV1 *client.RestErrorV1
	switch {
	case errors.As(err, &restErr):
		pe.Code, pe.Message = restErr.Code, restErr.Message
		if pe.Status == 0 { // rejected locally, e.g. malformed credentials
			pe.Status = restErr.Status
		}
	case errors.As(err, &restErrV1):
		pe.Code, pe.Message = restErrV1.Code, restErrV1.Message
		if pe.Status == 0 {
			pe.Status = restErrV1.HttpStatusCode
		}
	case status != 0:
		// A response twilio-go could not decode: a proxy's error page or a
		// garbled body. Its status decides.
		pe.Message = "unreadable response: " + err.Error()
	default:
		// No response: network failure, timeout or cancellation (the error
		// wraps context.Canceled or context.DeadlineExceeded).
		return fmt.Errorf("notify: twilio: send: %w", err)
	}
	pe.Message = redact(pe.Message, t.cfg.AuthToken)
	return fmt.Errorf("notify: twilio: send: %w", pe)
}

// twilioRoundTripper gives each request the caller's context, optionally
// points it at another base URL, and remembers the response status.
type twilioRoundTripper struct {
	ctx    context.Context
	base   http.RoundTripper
	target *url.URL
	status int // status of the last response; read after the call returns
}

// RoundTrip implements http.RoundTripper.
func (rt *twilioRoundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(rt.ctx)
	if rt.target != nil {
		r.URL.Scheme = rt.target.Scheme
		r.URL.Host = rt.target.Host
		r.URL.Path = strings.TrimSuffix(rt.target.Path, "/") + r.URL.Path
		r.URL.RawPath = ""
		r.Host = ""
	}
	resp, err := rt.base.RoundTrip(r)
	if resp != nil {
		rt.status = resp.StatusCode
	}
	return resp, err
}
