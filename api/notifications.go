package api

import (
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"livechat/apperr"
	"livechat/notify"
	"livechat/store/db"
)

// notificationResponse is one notification as its recipient sees it.
type notificationResponse struct {
	ID        string     `json:"id"`
	Kind      string     `json:"kind"`
	Channel   string     `json:"channel"`
	Status    string     `json:"status"`
	Title     string     `json:"title"`
	Body      string     `json:"body"`
	ChatID    *string    `json:"chat_id"`
	Link      *string    `json:"link"`
	CreatedAt time.Time  `json:"created_at"`
	SentAt    *time.Time `json:"sent_at"`
	ReadAt    *time.Time `json:"read_at"`
	Error     *string    `json:"error"`
}

// outboxEntryResponse is one notification as an admin sees the outbox.
type outboxEntryResponse struct {
	notificationResponse
	RecipientID       *string `json:"recipient_id"`
	RecipientName     *string `json:"recipient_name"`
	Recipient         string  `json:"recipient"`
	Provider          *string `json:"provider"`
	ProviderMessageID *string `json:"provider_message_id"`
	ProviderStatus    *string `json:"provider_status"`
	Attempts          int32   `json:"attempts"`
}

func notificationJSON(n db.Notification) notificationResponse {
	return notificationResponse{
		ID: n.ID.String(), Kind: n.Kind, Channel: n.Channel, Status: n.Status, Title: n.Title, Body: n.Body,
		ChatID: idString(n.ChatID), Link: n.Link, CreatedAt: n.CreatedAt, SentAt: n.SentAt, ReadAt: n.ReadAt, Error: n.LastError,
	}
}

// notificationFilters are the query parameters shared by both lists.
type notificationFilters struct {
	before  *uuid.UUID
	channel *string
	limit   int32
}

func parseNotificationFilters(c *fiber.Ctx) (notificationFilters, error) {
	f := notificationFilters{limit: 50}
	fields := map[string]string{}
	if l := c.Query("limit"); l != "" {
		n, err := parseLimit(l)
		if err != nil {
			return f, err
		}
		f.limit = n
	}
	if b := c.Query("before"); b != "" {
		id, err := uuid.Parse(b)
		if err != nil {
			fields["before"] = "a notification id"
		}
		f.before = &id
	}
	if ch := c.Query("channel"); ch != "" {
		switch ch {
		case notify.ChannelBrowser, notify.ChannelEmail, notify.ChannelSMS:
			f.channel = &ch
		default:
			fields["channel"] = "one of browser, email, sms"
		}
	}
	if len(fields) > 0 {
		return f, apperr.Validation(fields)
	}
	return f, nil
}

// listMyNotifications is the caller's notifications, newest first, with the
// count of unread browser notifications (the console's badge).
func (s *Server) listMyNotifications(c *fiber.Ctx) error {
	f, err := parseNotificationFilters(c)
	if err != nil {
		return err
	}
	p := principal(c)
	ctx := c.UserContext()
	rows, err := s.Store.MemberNotifications(ctx, db.MemberNotificationsParams{
		OrgID: p.OrgID, RecipientID: &p.UserID, Before: f.before, Channel: f.channel, MaxRows: f.limit,
	})
	if err != nil {
		return err
	}
	unread, err := s.Store.CountUnreadNotifications(ctx, db.CountUnreadNotificationsParams{OrgID: p.OrgID, RecipientID: &p.UserID})
	if err != nil {
		return err
	}
	out := make([]notificationResponse, len(rows))
	ids := make([]uuid.UUID, len(rows))
	for i, n := range rows {
		out[i], ids[i] = notificationJSON(n), n.ID
	}
	return c.JSON(fiber.Map{"notifications": out, "unread": unread, "next_before": nextBefore(ids, f.limit)})
}

// markNotificationsReadRequest is the body of POST /me/notifications/read.
type markNotificationsReadRequest struct {
	UpToID *string `json:"up_to_id"`
}

// markMyNotificationsRead clears the badge: all browser notifications, or
// those up to one.
func (s *Server) markMyNotificationsRead(c *fiber.Ctx) error {
	var req markNotificationsReadRequest
	if len(c.Body()) > 0 {
		if err := decode(c, &req); err != nil {
			return err
		}
	}
	var upTo *uuid.UUID
	if req.UpToID != nil {
		id, err := uuid.Parse(*req.UpToID)
		if err != nil {
			return apperr.Validation(map[string]string{"up_to_id": "a notification id"})
		}
		upTo = &id
	}
	p := principal(c)
	ctx := c.UserContext()
	if err := s.Store.MarkNotificationsRead(ctx, db.MarkNotificationsReadParams{OrgID: p.OrgID, RecipientID: &p.UserID, UpTo: upTo}); err != nil {
		return err
	}
	unread, err := s.Store.CountUnreadNotifications(ctx, db.CountUnreadNotificationsParams{OrgID: p.OrgID, RecipientID: &p.UserID})
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"unread": unread})
}

// notificationStatuses are the statuses an outbox row can have.
var notificationStatuses = []string{"pending", "sent", "not_configured", "suppressed_quiet_hours", "failed"}

// listOutbox is the organisation's notification outbox for admins: what
// was sent to whom, the provider's answer, and what was not sent and why.
func (s *Server) listOutbox(c *fiber.Ctx) error {
	f, err := parseNotificationFilters(c)
	if err != nil {
		return err
	}
	params := db.OrgNotificationsParams{OrgID: principal(c).OrgID, Before: f.before, Channel: f.channel, MaxRows: f.limit}
	if st := c.Query("status"); st != "" {
		if !slices.Contains(notificationStatuses, st) {
			return apperr.Validation(map[string]string{"status": "one of " + strings.Join(notificationStatuses, ", ")})
		}
		params.Status = &st
	}
	if k := c.Query("kind"); k != "" {
		if _, ok := notify.LookupKind(k); !ok && k != notify.KindInvitation {
			return apperr.Validation(map[string]string{"kind": "unknown notification kind"})
		}
		params.Kind = &k
	}
	rows, err := s.Store.OrgNotifications(c.UserContext(), params)
	if err != nil {
		return err
	}
	out := make([]outboxEntryResponse, len(rows))
	ids := make([]uuid.UUID, len(rows))
	for i, r := range rows {
		n := r.Notification
		out[i] = outboxEntryResponse{
			notificationResponse: notificationJSON(n), RecipientID: idString(n.RecipientID), RecipientName: r.RecipientName,
			Recipient: maskAddress(n.Channel, n.Address), Provider: n.Provider, ProviderMessageID: n.ProviderMessageID,
			ProviderStatus: n.ProviderStatus, Attempts: n.Attempts,
		}
		ids[i] = n.ID
	}
	return c.JSON(fiber.Map{"notifications": out, "next_before": nextBefore(ids, f.limit)})
}

// maskAddress hides most of an email address or phone number.
func maskAddress(channel, address string) string {
	switch channel {
	case notify.ChannelEmail:
		local, domain, ok := strings.Cut(address, "@")
		if !ok || local == "" {
			return "***"
		}
		return local[:1] + "***@" + domain
	case notify.ChannelSMS:
		if len(address) < 8 {
			return "***"
		}
		return address[:5] + "***" + address[len(address)-4:]
	}
	return ""
}
