package notify

import (
	"log/slog"
	"strings"
)

// NewMailer returns the SendGrid mailer when cfg has an APIKey and a
// FromEmail, else a LogMailer on log (nil = slog.Default()). A half-filled
// configuration is logged as a warning, since it is almost surely a mistake.
func NewMailer(cfg SendGridConfig, log *slog.Logger) Mailer {
	log = loggerOrDefault(log)
	names := []string{"APIKey", "FromEmail"}
	missing := missingSettings(map[string]string{
		"APIKey": cfg.APIKey, "FromEmail": cfg.FromEmail,
	}, names...)
	switch len(missing) {
	case 0:
		return NewSendGridMailer(cfg)
	case len(names): // nothing set: the intended log-only mode
	default:
		log.Warn("email provider partially configured; emails will be logged, not sent",
			slog.String("provider", ProviderSendGrid), slog.String("missing", strings.Join(missing, ",")))
	}
	return NewLogMailer(log)
}

// NewTexter returns the Twilio texter when cfg has an AccountSID, an
// AuthToken and a From, else a LogTexter on log (nil = slog.Default()). A
// half-filled configuration is logged as a warning.
func NewTexter(cfg TwilioConfig, log *slog.Logger) Texter {
	log = loggerOrDefault(log)
	names := []string{"AccountSID", "AuthToken", "From"}
	missing := missingSettings(map[string]string{
		"AccountSID": cfg.AccountSID, "AuthToken": cfg.AuthToken, "From": cfg.From,
	}, names...)
	switch len(missing) {
	case 0:
		return NewTwilioTexter(cfg)
	case len(names): // nothing set: the intended log-only mode
	default:
		log.Warn("sms provider partially configured; sms will be logged, not sent",
			slog.String("provider", ProviderTwilio), slog.String("missing", strings.Join(missing, ",")))
	}
	return NewLogTexter(log)
}

// missingSettings lists, in order, the names whose value is blank.
func missingSettings(values map[string]string, names ...string) []string {
	var missing []string
	for _, n := range names {
		if strings.TrimSpace(values[n]) == "" {
			missing = append(missing, n)
		}
	}
	return missing
}
