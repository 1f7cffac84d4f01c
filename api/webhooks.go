package api

import (
	"net/http"
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"

	"livechat/apperr"
	"livechat/notify"
	"livechat/store/db"
)

// TwilioStatusPath is where Twilio posts the delivery status of each SMS;
// the worker gives Twilio this URL (under the public URL) with every message.
const TwilioStatusPath = "/api/v1/webhooks/twilio/status"

// providerWebhookLimit keeps a flood away from the database; Twilio's own
// callbacks stay far below it.
var providerWebhookLimit = &limitRule{name: "provider-webhook-ip", max: 600, window: time.Minute, key: byIP}

// twilioStatus records Twilio's later word on an SMS: delivered, or never
// arriving (the notification then shows as failed, with Twilio's error
// code). Only requests signed with the account's auth token count; without
// Twilio credentials the endpoint does not exist.
func (s *Server) twilioStatus(c *fiber.Ctx) error {
	if s.TwilioAuthToken == "" {
		return apperr.ErrNotFound
	}
	body := c.Body()
	if !notify.VerifyTwilioSignature(s.TwilioAuthToken, s.PublicURL+TwilioStatusPath, body, c.Get("X-Twilio-Signature")) {
		return apperr.New(apperr.Forbidden, "bad_signature", "the request is not signed by Twilio")
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return apperr.New(apperr.Invalid, "malformed_form", "the body must be form-encoded")
	}
	sid, status := form.Get("MessageSid"), form.Get("MessageStatus")
	if sid == "" || status == "" {
		return apperr.Validation(map[string]string{"MessageSid": "required with MessageStatus"})
	}
	reason, failed := notify.TwilioFinalFailure(status, form.Get("ErrorCode"))
	provider := notify.ProviderTwilio
	_, err = s.Store.RecordProviderStatus(c.UserContext(), db.RecordProviderStatusParams{
		Provider: &provider, ProviderMessageID: &sid, ProviderStatus: &status, Failed: failed, LastError: &reason,
	})
	if err != nil {
		return err
	}
	return c.SendStatus(http.StatusNoContent)
}
