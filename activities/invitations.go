package activities

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"go.temporal.io/sdk/temporal"

	"livechat/notify"
	"livechat/store"
	"livechat/store/db"
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

// invitationEventPrefix starts the outbox event key of an invitation.
const invitationEventPrefix = "invitation:"

// SendInvitationEmail emails the one-time link of an invitation through the
// notification outbox, so a retry never emails twice. It sends nothing for
// an invitation already sent, accepted or revoked. A permanent refusal is recorded
// and returned as a non-retryable error.
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
	n, err := a.planInvitation(ctx, inv)
	if err != nil {
		return InvitationDelivery{}, err
	}
	if err := a.DeliverNotification(ctx, n.ID.String()); err != nil {
		return InvitationDelivery{}, err
	}
	if n, err = a.Store.GetNotification(ctx, n.ID); err != nil {
		return InvitationDelivery{}, fmt.Errorf("activities: reload invitation email: %w", err)
	}
	return invitationOutcome(ctx, a.Store.Queries, inv.ID, n)
}

// planInvitation writes (once) the outbox row of an invitation email.
func (a *Activities) planInvitation(ctx context.Context, inv db.GetInvitationDetailsRow) (db.Notification, error) {
	key := invitationEventPrefix + inv.ID.String()
	_, err := a.Store.InsertNotification(ctx, db.InsertNotificationParams{
		ID: uuid.Must(uuid.NewV7()), OrgID: inv.OrgID, EventKey: key, Kind: notify.KindInvitation,
		Channel: notify.ChannelEmail, RecipientKey: strings.ToLower(inv.Email), Address: inv.Email,
		Title: "Invitation to " + inv.OrgName, Body: "An invitation to join " + inv.OrgName + " as " + inv.Role + ".",
		Status: "pending",
	})
	if err != nil {
		return db.Notification{}, fmt.Errorf("activities: plan invitation email: %w", err)
	}
	rows, err := a.Store.NotificationsOfEvent(ctx, db.NotificationsOfEventParams{OrgID: inv.OrgID, EventKey: key})
	if err != nil || len(rows) != 1 {
		return db.Notification{}, fmt.Errorf("activities: load invitation email (%d rows): %w", len(rows), err)
	}
	return rows[0], nil
}

// invitationOutcome maps the outbox row to the workflow's result and marks
// the invitation sent.
func invitationOutcome(ctx context.Context, q *db.Queries, invitationID uuid.UUID, n db.Notification) (InvitationDelivery, error) {
	switch n.Status {
	case "not_configured":
		return InvitationDelivery{Status: DeliveryNotConfigured}, nil
	case "failed":
		reason := ""
		if n.LastError != nil {
			reason = *n.LastError
		}
		return InvitationDelivery{}, temporal.NewNonRetryableApplicationError("invitation email refused: "+reason, "PermanentDeliveryFailure", nil)
	}
	if err := q.MarkInvitationSent(ctx, invitationID); err != nil {
		return InvitationDelivery{}, fmt.Errorf("activities: mark invitation sent: %w", err)
	}
	out := InvitationDelivery{Status: DeliverySent}
	if n.ProviderMessageID != nil {
		out.ProviderMessageID = *n.ProviderMessageID
	}
	return out, nil
}

// renderInvitation renders the invitation email of an outbox row, with a
// fresh one-time link (the link itself is never stored).
func (a *Activities) renderInvitation(ctx context.Context, n db.Notification) (notify.Email, error) {
	id, err := uuid.Parse(strings.TrimPrefix(n.EventKey, invitationEventPrefix))
	if err != nil {
		return notify.Email{}, fmt.Errorf("activities: invitation email %s has a bad key: %w", n.ID, notify.ErrPermanent)
	}
	inv, err := a.Store.GetInvitationDetails(ctx, id)
	if err != nil {
		return notify.Email{}, fmt.Errorf("activities: load invitation: %w", err)
	}
	email, err := notify.RenderEmail(notify.TemplateInvitation, notify.InvitationData{
		OrgName:     inv.OrgName,
		InviterName: inv.InviterName,
		Role:        inv.Role,
		AcceptURL:   a.PublicURL + "/accept-invite?token=" + a.Signer.InvitationToken(inv.ID.String()),
		ExpiresAt:   inv.ExpiresAt,
	})
	if err != nil {
		return email, fmt.Errorf("activities: render invitation: %w: %w", err, notify.ErrPermanent)
	}
	email.To = n.Address
	return email, nil
}
