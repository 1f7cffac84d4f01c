package chats

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"livechat/apperr"
	"livechat/store"
	"livechat/store/db"
	"livechat/workflows"
)

// ContactInput identifies and describes the person behind a chat.
type ContactInput struct {
	ExternalID   string
	Name         string
	Email        string
	Phone        string
	Username     string
	CustomFields map[string]any
	Tags         []string
}

// TranscriptEntry is one message of the bot conversation before the hand-off.
type TranscriptEntry struct {
	Sender string // contact or bot
	Body   string
}

// OpenRequest opens a chat (a bot hand-off).
type OpenRequest struct {
	OrgID     uuid.UUID
	TeamID    uuid.UUID
	HandoffID string
	Source    string // bot, widget, api
	Reason    string
	// ContactID opens the chat for a known contact (a widget visitor);
	// otherwise Contact describes who to create or update.
	ContactID  uuid.UUID
	Contact    ContactInput
	Transcript []TranscriptEntry
	IP         string
}

// Opened is the chat a hand-off leads to.
type Opened struct {
	Chat db.Chat
	View workflows.ChatView
	// Existing is true when the hand-off id or the contact's open chat in the
	// team was found instead of making a new chat.
	Existing bool
}

// ErrBlocked refuses visitors on the organisation's blacklist.
var ErrBlocked = apperr.New(apperr.Forbidden, "contact_blocked", "this contact is blocked and cannot start chats")

// Open makes a chat for a hand-off, idempotently: the same hand-off id never
// makes two chats, and a contact with an open chat in the team gets that
// chat back. Blocked contacts are refused. The chat's workflow is started
// with Update-with-Start and has entered its queue when Open returns.
func (s *Service) Open(ctx context.Context, req OpenRequest) (Opened, error) {
	chat, existing, err := s.createChat(ctx, req)
	if err != nil {
		return Opened{}, err
	}
	if chat.Status == "ended" || chat.Status == "failed" {
		return Opened{Chat: chat, Existing: true, View: workflows.ChatView{ChatID: chat.ID.String(), Status: chat.Status}}, nil
	}
	view, err := s.startWorkflow(ctx, chat)
	if err != nil {
		if !existing {
			// Nothing else may use the row: mark it so a retry starts afresh.
			_ = s.Store.MarkChatFailed(context.WithoutCancel(ctx), db.MarkChatFailedParams{ID: chat.ID, EndReason: ptr("workflow_start_failed")})
		}
		return Opened{}, apperr.New(apperr.Unavailable, "temporal_unavailable", "the chat could not be started; try again shortly")
	}
	chat, err = s.Get(ctx, req.OrgID, chat.ID)
	if err != nil {
		return Opened{}, err
	}
	return Opened{Chat: chat, View: view, Existing: existing}, nil
}

func ptr[T any](v T) *T { return &v }

// createChat writes the contact, the chat and the transcript in one
// transaction, or finds the chat that already answers the hand-off.
func (s *Service) createChat(ctx context.Context, req OpenRequest) (db.Chat, bool, error) {
	if chat, ok := s.byHandoff(ctx, req); ok {
		return chat, true, nil
	}
	var chat db.Chat
	existing := false
	err := s.Store.InTx(ctx, func(q *db.Queries) error {
		contact, err := openingContact(ctx, q, req)
		if err != nil {
			return err
		}
		if _, err := q.MatchBlacklist(ctx, db.MatchBlacklistParams{
			OrgID: req.OrgID, ContactID: contact.ID.String(), Email: deref(contact.Email), Phone: deref(contact.Phone), IP: req.IP,
		}); err == nil {
			return ErrBlocked
		} else if !errors.Is(store.Err(err), store.ErrNotFound) {
			return fmt.Errorf("chats: blacklist: %w", err)
		}
		if open, err := q.FindOpenChat(ctx, db.FindOpenChatParams{OrgID: req.OrgID, TeamID: req.TeamID, ContactID: contact.ID}); err == nil {
			chat, existing = open, true
			return nil
		}
		var handoff *string
		if req.HandoffID != "" {
			handoff = &req.HandoffID
		}
		chat, err = q.CreateChat(ctx, db.CreateChatParams{
			ID: uuid.Must(uuid.NewV7()), OrgID: req.OrgID, TeamID: req.TeamID, ContactID: contact.ID,
			HandoffID: handoff, Source: req.Source, Reason: req.Reason,
		})
		if err != nil {
			return fmt.Errorf("chats: create: %w", store.Err(err))
		}
		return insertTranscript(ctx, q, chat, req.Transcript)
	})
	if errors.Is(err, store.ErrConflict) {
		// A concurrent request made the chat first: answer with it.
		return s.findAfterConflict(ctx, req)
	}
	return chat, existing, err
}

// byHandoff finds the chat an earlier request with the same hand-off id made.
func (s *Service) byHandoff(ctx context.Context, req OpenRequest) (db.Chat, bool) {
	if req.HandoffID == "" {
		return db.Chat{}, false
	}
	chat, err := s.Store.GetChatByHandoff(ctx, db.GetChatByHandoffParams{OrgID: req.OrgID, HandoffID: &req.HandoffID})
	return chat, err == nil
}

func (s *Service) findAfterConflict(ctx context.Context, req OpenRequest) (db.Chat, bool, error) {
	if chat, ok := s.byHandoff(ctx, req); ok {
		return chat, true, nil
	}
	var chat db.Chat
	err := s.Store.InTx(ctx, func(q *db.Queries) error {
		contact, err := openingContact(ctx, q, req)
		if err != nil {
			return err
		}
		chat, err = q.FindOpenChat(ctx, db.FindOpenChatParams{OrgID: req.OrgID, TeamID: req.TeamID, ContactID: contact.ID})
		if err != nil {
			return fmt.Errorf("chats: find open chat: %w", err)
		}
		return nil
	})
	return chat, true, err
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func optional(s string) *string {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	return &s
}

// upsertContact finds the contact by external id (refreshing what the bot
// knows) or creates one.
// openingContact is the known contact of the request, or the one its
// contact details name.
func openingContact(ctx context.Context, q *db.Queries, req OpenRequest) (db.Contact, error) {
	if req.ContactID == uuid.Nil {
		return upsertContact(ctx, q, req.OrgID, req.Contact)
	}
	c, err := q.GetContact(ctx, db.GetContactParams{OrgID: req.OrgID, ID: req.ContactID})
	if err != nil {
		return c, fmt.Errorf("chats: load contact: %w", err)
	}
	return c, nil
}

func upsertContact(ctx context.Context, q *db.Queries, orgID uuid.UUID, in ContactInput) (db.Contact, error) {
	fields, err := json.Marshal(in.CustomFields)
	if err != nil || in.CustomFields == nil {
		fields = []byte("{}")
	}
	tags := in.Tags
	if tags == nil {
		tags = []string{}
	}
	email := optional(strings.ToLower(in.Email))
	if in.ExternalID == "" {
		c, err := q.CreateContact(ctx, db.CreateContactParams{
			ID: uuid.Must(uuid.NewV7()), OrgID: orgID, Name: strings.TrimSpace(in.Name), Email: email,
			Phone: optional(in.Phone), Username: optional(in.Username), CustomFields: fields, Tags: tags,
		})
		if err != nil {
			return c, fmt.Errorf("chats: create contact: %w", err)
		}
		return c, nil
	}
	c, err := q.UpsertContactByExternalID(ctx, db.UpsertContactByExternalIDParams{
		ID: uuid.Must(uuid.NewV7()), OrgID: orgID, ExternalID: &in.ExternalID, Name: strings.TrimSpace(in.Name),
		Email: email, Phone: optional(in.Phone), Username: optional(in.Username), CustomFields: fields, Tags: tags,
	})
	if err != nil {
		return c, fmt.Errorf("chats: upsert contact: %w", err)
	}
	return c, nil
}

// insertTranscript stores the bot conversation before the hand-off, in order.
func insertTranscript(ctx context.Context, q *db.Queries, chat db.Chat, entries []TranscriptEntry) error {
	for i, e := range entries {
		key := fmt.Sprintf("handoff:%d", i)
		_, err := q.InsertMessage(ctx, db.InsertMessageParams{
			ID: uuid.Must(uuid.NewV7()), OrgID: chat.OrgID, ChatID: chat.ID, Kind: "text", SenderKind: e.Sender,
			Body: e.Body, IdempotencyKey: &key,
		})
		if err != nil {
			return fmt.Errorf("chats: transcript: %w", err)
		}
	}
	return nil
}
