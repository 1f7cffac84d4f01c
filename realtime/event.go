// Package realtime carries the organisation event stream to sockets.
// PostgreSQL numbers every event per organisation and publishes it with
// NOTIFY (see store/migrations/0004_realtime.sql); every API replica's
// Listener hands the events to its Hub, which sends each subscriber the events
// it may see, after the ones it missed while it was away.
package realtime

import (
	"encoding/json"
	"time"

	"github.com/google/uuid"

	"livechat/store/db"
)

// Audiences of events.
const (
	// AudienceAll: agents who may see the chat and the chat's contact, or
	// every agent of the organisation when the event has no chat.
	AudienceAll = "all"
	// AudienceAgents: agents who may see the chat, never the contact.
	AudienceAgents = "agents"
	// AudienceUser: one user (UserID).
	AudienceUser = "user"
)

// Event is one row of the organisation's stream, as the events table holds
// it and its NOTIFY carries it.
type Event struct {
	OrgID        uuid.UUID       `json:"org_id"`
	Seq          int64           `json:"seq"`
	Type         string          `json:"type"`
	Audience     string          `json:"audience"`
	ChatID       *uuid.UUID      `json:"chat_id"`
	TeamID       *uuid.UUID      `json:"team_id"`
	ContactID    *uuid.UUID      `json:"contact_id"`
	AssigneeID   *uuid.UUID      `json:"assignee_id"`
	TransferToID *uuid.UUID      `json:"transfer_to_id"`
	UserID       *uuid.UUID      `json:"user_id"`
	Payload      json.RawMessage `json:"payload"`
	CreatedAt    time.Time       `json:"created_at"`
	// Truncated notifications carry only OrgID and Seq; the row is read back.
	Truncated bool `json:"truncated"`

	// Rendered once, on first use, and shared by every socket that gets
	// the event (see frame and message).
	rendered []byte
	parsed   bool
	msgID    uuid.UUID
	msgFrom  string
	assignee *string
}

// FromRow turns a stored event into an Event.
func FromRow(r db.Event) Event {
	return Event{
		OrgID: r.OrgID, Seq: r.Seq, Type: r.Type, Audience: r.Audience, ChatID: r.ChatID, TeamID: r.TeamID,
		ContactID: r.ContactID, AssigneeID: r.AssigneeID, TransferToID: r.TransferToID, UserID: r.UserID,
		Payload: r.Payload, CreatedAt: r.CreatedAt,
	}
}

// Typing is a fleeting typing indicator: published with NOTIFY, never stored
// or replayed. The chat's columns let sockets filter it like a chat event.
type Typing struct {
	OrgID        uuid.UUID  `json:"org_id"`
	ChatID       uuid.UUID  `json:"chat_id"`
	TeamID       uuid.UUID  `json:"team_id"`
	ContactID    uuid.UUID  `json:"contact_id"`
	AssigneeID   *uuid.UUID `json:"assignee_id"`
	TransferToID *uuid.UUID `json:"transfer_to_id"`
	SenderKind   string     `json:"sender_kind"`
	SenderID     *uuid.UUID `json:"sender_id"`
	Typing       bool       `json:"typing"`
}

// eventFrame is an event as a socket receives it.
type eventFrame struct {
	Seq       int64           `json:"seq"`
	Type      string          `json:"type"`
	ChatID    *uuid.UUID      `json:"chat_id,omitempty"`
	Data      json.RawMessage `json:"data"`
	CreatedAt time.Time       `json:"created_at"`
}

// typingFrame is a typing indicator as a socket receives it.
type typingFrame struct {
	Type       string     `json:"type"`
	ChatID     uuid.UUID  `json:"chat_id"`
	SenderKind string     `json:"sender_kind"`
	SenderID   *uuid.UUID `json:"sender_id"`
	Typing     bool       `json:"typing"`
}

// frameOf renders an event with the given type and data.
func frameOf(ev *Event, typ string, data json.RawMessage) []byte {
	b, _ := json.Marshal(eventFrame{Seq: ev.Seq, Type: typ, ChatID: ev.ChatID, Data: data, CreatedAt: ev.CreatedAt})
	return b
}

func typingFrameOf(t *Typing) []byte {
	b, _ := json.Marshal(typingFrame{Type: "typing", ChatID: t.ChatID, SenderKind: t.SenderKind, SenderID: t.SenderID, Typing: t.Typing})
	return b
}

// ControlFrame renders a frame without a sequence number (ready, ack,
// error, pong, resync_required).
func ControlFrame(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

// The lazy methods below run under the hub's mutex, or on an event only
// one goroutine holds (a catch-up page), so the event is rendered and
// parsed once however many sockets get it.

// frame is the event as sockets receive it unchanged.
func (ev *Event) frame() []byte {
	if ev.rendered == nil {
		ev.rendered = frameOf(ev, ev.Type, ev.Payload)
	}
	return ev.rendered
}

// assigneeText is the chat's assignee as the permission rules take it
// ("" for none).
func (ev *Event) assigneeText() string {
	if ev.assignee == nil {
		text := idText(ev.AssigneeID)
		ev.assignee = &text
	}
	return *ev.assignee
}

// idText is an optional id as text ("" for none).
func idText(id *uuid.UUID) string {
	if id == nil {
		return ""
	}
	return id.String()
}

// message reads the message of a message.created event: its id and who
// sent it, for delivery receipts.
func (ev *Event) message() (id uuid.UUID, senderKind string, ok bool) {
	if ev.Type != "message.created" {
		return uuid.Nil, "", false
	}
	if !ev.parsed {
		var p struct {
			Message struct {
				ID         uuid.UUID `json:"id"`
				SenderKind string    `json:"sender_kind"`
			} `json:"message"`
		}
		if json.Unmarshal(ev.Payload, &p) == nil {
			ev.msgID, ev.msgFrom = p.Message.ID, p.Message.SenderKind
		}
		ev.parsed = true
	}
	return ev.msgID, ev.msgFrom, ev.msgID != uuid.Nil
}

func same(a *uuid.UUID, b uuid.UUID) bool { return a != nil && *a == b }
