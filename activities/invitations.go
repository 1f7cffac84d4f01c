package activities

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"

	"livechat/notify"
	"livechat/store"
)

// Delivery statuses of an invitation email.
const (
	DeliverySent          = "sent"
	DeliveryNotConfigured = "not_sent_provider_not_configured"
	DeliverySkipped       = "skipped"
)

// InvitationDelivery is the outcome of sending an invitation email.
type InvitationDelivery struct {
	Status            string `json:"status"`
	ProviderMessageID string `json:"provider_message_id,omitempty"`
}

// SendInvitationEmail emails the one-time link of an invitation and records
// that it was sent. It sends nothing for an invitation already sent,
// accepted or revoked, so a retry after success does not email twice.
func (a *Activities) SendInvitationEmail(ctx context.Context, invitationID string) (InvitationDelivery, error) {
	id, err := uuid.Parse(invitationID)
	if err != nil {
		return InvitationDelivery{}, temporal.NewNonRetryableApplicationError("bad invitation id", "InvalidInput", err)
	}
	inv, err := a.Store.GetInvitationDetails(ctx, id)
	if err != nil {
		if errors.Is(store.Err(err), store.ErrNotFound) {
			return InvitationDelivery{}, temporal.NewNonRetryableApplicationError("invitation not found", "NotFound", err)
		}
		return InvitationDelivery{}, fmt.Errorf("activities: load invitation: %w", err)
	}
	if inv.SentAt != nil || inv.AcceptedAt != nil || inv.RevokedAt != nil {
		return InvitationDelivery{Status: DeliverySkipped}, nil
	}
	email, err := notify.RenderEmail(notify.TemplateInvitation, notify.InvitationData{
		OrgName:     inv.OrgName,
		InviterName: inv.InviterName,
		Role:        inv.Role,
		AcceptURL:   a.PublicURL + "/accept-invite?token=" + a.Signer.InvitationToken(inv.ID.String()),
		ExpiresAt:   inv.ExpiresAt,
	})
	if err != nil {
		return InvitationDelivery{}, temporal.NewNonRetryableApplicationError("render invitation", "Template", err)
	}
	email.To = inv.Email
	receipt, err := a.Mailer.SendEmail(ctx, email)
	switch {
	case errors.Is(err, notify.ErrNotConfigured):
		activity.GetLogger(ctx).Warn("invitation email not sent: email provider not configured", "invitation_id", invitationID)
		return InvitationDelivery{Status: DeliveryNotConfigured}, nil
	case notify.IsPermanent(err):
		return InvitationDelivery{}, temporal.NewNonRetryableApplicationError("invitation email refused", "PermanentDeliveryFailure", err)
	case err != nil:
		return InvitationDelivery{}, fmt.Errorf("activities: send invitation: %w", err)
	}
	if err := a.Store.MarkInvitationSent(ctx, inv.ID); err != nil {
		return InvitationDelivery{}, fmt.Errorf("activities: mark invitation sent: %w", err)
	}
	return InvitationDelivery{Status: DeliverySent, ProviderMessageID: receipt.MessageID}, nil
}
