package activities

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"livechat/notify"
	"livechat/routing"
	"livechat/store"
	"livechat/store/db"
)

// Kinds of agent notices, as the chat workflow names them.
const (
	NoticeAssigned          = notify.KindChatAssigned
	NoticeOffered           = notify.KindChatOffered
	NoticeTransferRequested = notify.KindTransferRequested
	NoticeTransferAccepted  = notify.KindTransferAccepted
	NoticeTransferRejected  = notify.KindTransferRejected
	NoticeTransferExpired   = notify.KindTransferExpired
	NoticeWaiting           = notify.KindChatWaiting
	NoticeWaitExceeded      = notify.KindChatWaitExceeded
)

// NotificationWorkflowName is the registered name of the workflow that
// delivers one event's email and SMS notifications.
const NotificationWorkflowName = "NotificationDelivery"

// NotificationWorkflowID is the delivery workflow of one event: one event
// never gets two deliveries.
func NotificationWorkflowID(eventKey string) string { return "notification:" + eventKey }

// NoticeInput names an event of a chat to tell people about.
type NoticeInput struct {
	ChatID string `json:"chat_id"`
	// AgentID is the one member to tell. Left empty for chat_waiting (the
	// team's online agents) and chat_wait_exceeded (its supervisors).
	AgentID string `json:"agent_id,omitempty"`
	Kind    string `json:"kind"`
	// EventKey identifies the event across retries and replays; the chat
	// workflow numbers its notices. Inputs recorded before it existed get
	// a key made of the activity's identity.
	EventKey string `json:"event_key,omitempty"`
}

// DeliveryInput lists the outbox rows a delivery workflow sends.
type DeliveryInput struct {
	NotificationIDs []string `json:"notification_ids"`
}

// NotifyAgent plans the notifications of a chat event — one outbox row per
// recipient and channel their preferences allow — pushes the browser ones to
// the recipients' consoles at once, and starts the delivery workflow for the
// email and SMS ones, which retries through provider outages. Running it
// again for the same event changes nothing.
func (a *Activities) NotifyAgent(ctx context.Context, in NoticeInput) error {
	key := in.EventKey
	if key == "" {
		info := activity.GetInfo(ctx)
		key = "activity:" + info.WorkflowExecution.RunID + "/" + info.ActivityID
	}
	rows, err := a.planChatNotice(ctx, in, key)
	if err != nil {
		return err
	}
	return a.startDelivery(ctx, key, rows)
}

// planChatNotice writes the outbox rows of a chat event and returns them.
func (a *Activities) planChatNotice(ctx context.Context, in NoticeInput, key string) ([]db.Notification, error) {
	chatID, err := mustID(in.ChatID)
	if err != nil {
		return nil, err
	}
	info, ok := notify.LookupKind(in.Kind)
	if !ok {
		return nil, temporal.NewNonRetryableApplicationError("unknown notice "+in.Kind, "InvalidInput", nil)
	}
	chat, err := a.Store.GetChatByID(ctx, chatID)
	if err != nil {
		return nil, fmt.Errorf("activities: load chat: %w", err)
	}
	recipients, err := a.noticeRecipients(ctx, chat, in)
	if err != nil {
		return nil, err
	}
	contact, err := a.Store.GetContact(ctx, db.GetContactParams{OrgID: chat.OrgID, ID: chat.ContactID})
	if err != nil {
		return nil, fmt.Errorf("activities: load contact: %w", err)
	}
	who := contact.Name
	if who == "" {
		who = "a visitor"
	}
	link := a.PublicURL + "/chats/" + chat.ID.String()
	note := plannedNote{
		OrgID: chat.OrgID, EventKey: key, Kind: in.Kind, ChatID: &chat.ID,
		Title: info.Title, Body: fmt.Sprintf(info.Detail, who), Link: &link,
	}
	return a.planForMembers(ctx, note, recipients)
}

// noticeRecipients is who hears about a chat event.
func (a *Activities) noticeRecipients(ctx context.Context, chat db.Chat, in NoticeInput) ([]uuid.UUID, error) {
	switch {
	case in.AgentID != "":
		id, err := mustID(in.AgentID)
		return []uuid.UUID{id}, err
	case in.Kind == NoticeWaiting:
		ids, err := a.Store.OnlineTeamMembers(ctx, db.OnlineTeamMembersParams{OrgID: chat.OrgID, TeamID: chat.TeamID})
		if err != nil {
			return nil, fmt.Errorf("activities: online team members: %w", err)
		}
		return ids, nil
	case in.Kind == NoticeWaitExceeded:
		ids, err := a.Store.TeamSupervisors(ctx, db.TeamSupervisorsParams{OrgID: chat.OrgID, TeamID: chat.TeamID})
		if err != nil {
			return nil, fmt.Errorf("activities: team supervisors: %w", err)
		}
		return ids, nil
	}
	return nil, temporal.NewNonRetryableApplicationError("notice "+in.Kind+" names nobody", "InvalidInput", nil)
}

// plannedNote is what one event says, before it is addressed.
type plannedNote struct {
	OrgID    uuid.UUID
	EventKey string
	Kind     string
	ChatID   *uuid.UUID
	Title    string
	Body     string
	Link     *string
}

// planForMembers addresses a note to members on the channels their
// preferences allow, in one transaction: email and SMS rows wait for
// delivery (or are held back by quiet hours); browser rows are pushed to the
// member's socket in the same transaction, so each goes out exactly once.
func (a *Activities) planForMembers(ctx context.Context, note plannedNote, members []uuid.UUID) ([]db.Notification, error) {
	if len(members) == 0 {
		return nil, nil
	}
	var rows []db.Notification
	err := a.Store.InTx(ctx, func(q *db.Queries) error {
		rawDefaults, err := q.GetNotificationDefaults(ctx, note.OrgID)
		if err != nil {
			return fmt.Errorf("activities: notification defaults: %w", err)
		}
		orgPrefs, err := notify.ParsePreferences(rawDefaults)
		if err != nil {
			return err
		}
		people, err := q.NotificationRecipients(ctx, db.NotificationRecipientsParams{OrgID: note.OrgID, UserIds: members})
		if err != nil {
			return fmt.Errorf("activities: notification recipients: %w", err)
		}
		quiet, err := quietMembers(ctx, q, people, time.Now())
		if err != nil {
			return err
		}
		for _, p := range people {
			own, err := notify.ParsePreferences(p.NotificationPreferences)
			if err != nil {
				return err
			}
			for _, channel := range notify.Effective(orgPrefs, own).Channels(note.Kind) {
				if err := insertNote(ctx, q, note, p, channel, quiet[p.UserID]); err != nil {
					return err
				}
			}
		}
		rows, err = q.NotificationsOfEvent(ctx, db.NotificationsOfEventParams{OrgID: note.OrgID, EventKey: note.EventKey})
		if err != nil {
			return fmt.Errorf("activities: planned notifications: %w", err)
		}
		return nil
	})
	return rows, err
}

// quietMembers tells which members are outside their availability schedule
// with quiet hours on: they get no email or SMS now.
func quietMembers(ctx context.Context, q *db.Queries, people []db.NotificationRecipientsRow, now time.Time) (map[uuid.UUID]bool, error) {
	var ids []uuid.UUID
	for _, p := range people {
		if p.QuietHours && p.ScheduleID != nil {
			ids = append(ids, *p.ScheduleID)
		}
	}
	schedules, err := routing.LoadSchedules(ctx, q, ids)
	if err != nil {
		return nil, err
	}
	out := map[uuid.UUID]bool{}
	for _, p := range people {
		if !p.QuietHours || p.ScheduleID == nil {
			continue
		}
		if s := schedules[*p.ScheduleID]; s != nil && !s.OpenAt(now) {
			out[p.UserID] = true
		}
	}
	return out, nil
}

// insertNote writes one member's row on one channel. SMS needs a phone
// number in E.164 form; without one the channel is skipped.
func insertNote(ctx context.Context, q *db.Queries, note plannedNote, p db.NotificationRecipientsRow, channel string, quiet bool) error {
	address, status := "", "pending"
	switch channel {
	case notify.ChannelEmail:
		address = p.Email
	case notify.ChannelSMS:
		if p.Phone == nil || !notify.ValidE164(*p.Phone) {
			return nil
		}
		address = *p.Phone
	}
	if quiet && channel != notify.ChannelBrowser {
		status = "suppressed_quiet_hours"
	}
	id := uuid.Must(uuid.NewV7())
	inserted, err := q.InsertNotification(ctx, db.InsertNotificationParams{
		ID: id, OrgID: note.OrgID, EventKey: note.EventKey, Kind: note.Kind, Channel: channel,
		RecipientID: &p.UserID, RecipientKey: p.UserID.String(), Address: address, ChatID: note.ChatID,
		Title: note.Title, Body: note.Body, Link: note.Link, Status: status,
	})
	if err != nil {
		return fmt.Errorf("activities: plan notification: %w", err)
	}
	if inserted == 0 || channel != notify.ChannelBrowser {
		return nil
	}
	return pushToConsole(ctx, q, id)
}

// pushToConsole publishes a browser notification on its member's socket
// and marks it sent, in the caller's transaction.
func pushToConsole(ctx context.Context, q *db.Queries, id uuid.UUID) error {
	n, err := q.FinishNotification(ctx, db.FinishNotificationParams{ID: id, Status: "sent"})
	if err != nil {
		return fmt.Errorf("activities: mark browser notification: %w", err)
	}
	payload, err := json.Marshal(map[string]any{"notification": map[string]any{
		"id": n.ID, "kind": n.Kind, "title": n.Title, "body": n.Body, "chat_id": n.ChatID, "link": n.Link, "created_at": n.CreatedAt,
	}})
	if err != nil {
		return fmt.Errorf("activities: notification event: %w", err)
	}
	err = q.InsertEvent(ctx, db.InsertEventParams{
		OrgID: n.OrgID, Type: "notification.created", Audience: "user", UserID: n.RecipientID, Payload: payload,
	})
	if err != nil {
		return fmt.Errorf("activities: publish notification: %w", err)
	}
	return nil
}

// startDelivery starts the delivery workflow of an event's pending email and
// SMS rows. A second start for the same event is refused by Temporal and
// changes nothing.
func (a *Activities) startDelivery(ctx context.Context, eventKey string, rows []db.Notification) error {
	var ids []string
	for _, n := range rows {
		if n.Status == "pending" && n.Channel != notify.ChannelBrowser {
			ids = append(ids, n.ID.String())
		}
	}
	if len(ids) == 0 {
		return nil
	}
	_, err := a.Temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:                    NotificationWorkflowID(eventKey),
		TaskQueue:             activity.GetInfo(ctx).TaskQueue,
		WorkflowIDReusePolicy: enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
	}, NotificationWorkflowName, DeliveryInput{NotificationIDs: ids})
	var started *serviceerror.WorkflowExecutionAlreadyStarted
	if err != nil && !errors.As(err, &started) {
		return fmt.Errorf("activities: start notification delivery: %w", err)
	}
	return nil
}

// errNotPending means a notification is already done (sent, refused, held
// back): nothing is left to do for it.
var errNotPending = errors.New("notification is not pending")

// loadPending returns the notification when it still waits for delivery.
func loadPending(ctx context.Context, q *db.Queries, id uuid.UUID) (db.Notification, error) {
	n, err := q.GetNotification(ctx, id)
	if err != nil {
		if errors.Is(store.Err(err), store.ErrNotFound) {
			return n, temporal.NewNonRetryableApplicationError("notification not found", "NotFound", err)
		}
		return n, fmt.Errorf("activities: load notification: %w", err)
	}
	if n.Status != "pending" {
		return n, errNotPending
	}
	return n, nil
}
