package notify

import (
	"fmt"

	"github.com/twilio/twilio-go/client"
)

// VerifyTwilioSignature reports whether a form-encoded webhook request came
// from Twilio: its X-Twilio-Signature must be the HMAC of the URL Twilio
// called and the parameters, keyed with the account's auth token.
func VerifyTwilioSignature(authToken, url string, body []byte, signature string) bool {
	if authToken == "" || signature == "" {
		return false
	}
	v := client.NewRequestValidator(authToken)
	return v.ValidateBody(url, body, signature)
}

// TwilioFinalFailure reports whether a status Twilio posts about a message
// means it will never arrive, and describes it.
func TwilioFinalFailure(status, errorCode string) (string, bool) {
	switch status {
	case "failed", "undelivered", "canceled":
		if errorCode != "" {
			return fmt.Sprintf("twilio: %s (error %s)", status, errorCode), true
		}
		return "twilio: " + status, true
	}
	return "", false
}
