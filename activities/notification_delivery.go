package activities

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"go.temporal.io/sdk/activity"

	"livechat/notify"
	"livechat/store/db"
)

// deliveryLease is how long one attempt holds a notification. It outlasts
// the provider request timeout and the activity's start-to-close timeout,
// so a second attempt never runs while the first may still be sending.
const deliveryLease = 90

// DeliverNotification sends one email or SMS of the outbox and records the
// outcome. A notification already sent, refused or held back is not sent
// again, so a retried or repeated activity never reaches a person twice.
// Transient provider errors are returned for Temporal to retry with backoff;
// permanent refusals are recorded as failed and not retried; without a
// configured provider the notification is recorded as not sent.
func (a *Activities) DeliverNotification(ctx context.Context, notificationID string) error {
	id, err := mustID(notificationID)
	if err != nil {
		return err
	}
	n, err := a.claim(ctx, id)
	if errors.Is(err, errNotPending) {
		return nil
	}
	if err != nil {
		return err
	}
	receipt, sendErr := a.send(ctx, n)
	return a.recordOutcome(ctx, n, receipt, sendErr)
}

// claim takes the notification for this attempt. A notification another
// attempt still holds is a transient error: the retry finds it done.
func (a *Activities) claim(ctx context.Context, id uuid.UUID) (db.Notification, error) {
	n, err := a.Store.ClaimNotification(ctx, db.ClaimNotificationParams{ID: id, LeaseSeconds: deliveryLease})
	if err == nil {
		return n, nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return n, fmt.Errorf("activities: claim notification: %w", err)
	}
	if n, err := loadPending(ctx, a.Store.Queries, id); err != nil {
		return n, err
	}
	return n, fmt.Errorf("activities: notification %s is held by another attempt", id)
}

// send renders the notification for its channel and hands it to the provider.
func (a *Activities) send(ctx context.Context, n db.Notification) (notify.Receipt, error) {
	switch n.Channel {
	case notify.ChannelEmail:
		email, err := a.renderEmail(ctx, n)
		if err != nil {
			return notify.Receipt{}, err
		}
		return a.Mailer.SendEmail(ctx, email)
	case notify.ChannelSMS:
		return a.Texter.SendSMS(ctx, notify.SMS{To: n.Address, Body: smsBody(n)})
	}
	return notify.Receipt{}, fmt.Errorf("activities: notification %s: channel %q is not delivered here: %w", n.ID, n.Channel, notify.ErrPermanent)
}

// renderEmail renders a notification with its email template.
func (a *Activities) renderEmail(ctx context.Context, n db.Notification) (notify.Email, error) {
	if n.Kind == notify.KindInvitation {
		return a.renderInvitation(ctx, n)
	}
	org, err := a.Store.GetOrganization(ctx, n.OrgID)
	if err != nil {
		return notify.Email{}, fmt.Errorf("activities: load organisation: %w", err)
	}
	name := ""
	if n.RecipientID != nil {
		user, err := a.Store.GetUser(ctx, *n.RecipientID)
		if err != nil {
			return notify.Email{}, fmt.Errorf("activities: load recipient: %w", err)
		}
		name = user.Name
	}
	link := ""
	if n.Link != nil {
		link = *n.Link
	}
	email, err := notify.RenderEmail(notify.TemplateAgentNotice, notify.AgentNoticeData{
		OrgName: org.Name, AgentName: name, Headline: n.Title, Detail: n.Body, ChatURL: link,
	})
	if err != nil {
		return email, fmt.Errorf("activities: render notification: %w: %w", err, notify.ErrPermanent)
	}
	email.To, email.ToName = n.Address, name
	return email, nil
}

// smsBody is the text of an SMS notification: short, with the link.
func smsBody(n db.Notification) string {
	body := n.Title + ": " + n.Body
	if n.Link != nil {
		body += " " + *n.Link
	}
	return body
}

// recordOutcome stores what the provider answered. Only a transient error is
// returned, so that Temporal retries it.
func (a *Activities) recordOutcome(ctx context.Context, n db.Notification, receipt notify.Receipt, sendErr error) error {
	log := activity.GetLogger(ctx)
	params := db.FinishNotificationParams{ID: n.ID, Status: "sent"}
	switch {
	case sendErr == nil:
		params.Provider, params.ProviderMessageID, params.ProviderStatus = &receipt.Provider, &receipt.MessageID, &receipt.Status
	case errors.Is(sendErr, notify.ErrNotConfigured):
		params.Status, params.LastError = "not_configured", ptr("not sent: provider not configured")
		log.Info("notification not sent: provider not configured", "channel", n.Channel, "kind", n.Kind, "notification_id", n.ID)
	case notify.IsPermanent(sendErr):
		params.Status, params.LastError = "failed", ptr(sendErr.Error())
		log.Warn("notification refused by the provider", "channel", n.Channel, "notification_id", n.ID, "error", sendErr)
	default:
		if err := a.Store.ReleaseNotification(ctx, db.ReleaseNotificationParams{ID: n.ID, LastError: ptr(sendErr.Error())}); err != nil {
			return fmt.Errorf("activities: release notification after %w: %w", sendErr, err)
		}
		return fmt.Errorf("activities: deliver notification: %w", sendErr)
	}
	if _, err := a.Store.FinishNotification(ctx, params); err != nil {
		return fmt.Errorf("activities: record notification outcome: %w", err)
	}
	return nil
}

// GiveUpInput names a notification whose delivery ran out of retries.
type GiveUpInput struct {
	NotificationID string `json:"notification_id"`
	Reason         string `json:"reason"`
}

// GiveUpNotification records that a notification could not be delivered in
// time, unless it was delivered meanwhile.
func (a *Activities) GiveUpNotification(ctx context.Context, in GiveUpInput) error {
	id, err := mustID(in.NotificationID)
	if err != nil {
		return err
	}
	reason := "gave up after retries: " + in.Reason
	_, err = a.Store.FinishNotification(ctx, db.FinishNotificationParams{ID: id, Status: "failed", LastError: &reason})
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("activities: give up notification: %w", err)
	}
	return nil
}

func ptr[T any](v T) *T { return &v }
