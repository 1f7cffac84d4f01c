package api

import (
	"encoding/json"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"livechat/accounts"
	"livechat/apperr"
	"livechat/store/db"
)

// contactResponse is a contact as the console shows it.
type contactResponse struct {
	ID           string          `json:"id"`
	ExternalID   *string         `json:"external_id"`
	Name         string          `json:"name"`
	Email        *string         `json:"email"`
	Phone        *string         `json:"phone"`
	Username     *string         `json:"username"`
	CustomFields json.RawMessage `json:"custom_fields"`
	Tags         []string        `json:"tags"`
	Status       string          `json:"status"`
	Blocked      bool            `json:"blocked"`
	ChatsCount   int32           `json:"chats_count"`
	LastChatAt   *time.Time      `json:"last_chat_at"`
	CreatedAt    time.Time       `json:"created_at"`
	UpdatedAt    time.Time       `json:"updated_at"`
}

func contactJSON(r db.ListContactsRow) contactResponse {
	ct := r.Contact
	out := contactResponse{
		ID: ct.ID.String(), ExternalID: ct.ExternalID, Name: ct.Name, Email: ct.Email, Phone: ct.Phone, Username: ct.Username,
		CustomFields: json.RawMessage(ct.CustomFields), Tags: ct.Tags, Status: ct.Status, Blocked: r.Blocked,
		ChatsCount: r.ChatsCount, CreatedAt: ct.CreatedAt, UpdatedAt: ct.UpdatedAt,
	}
	if t, ok := r.LastChatAt.(time.Time); ok {
		out.LastChatAt = &t
	}
	return out
}

// listContacts searches the organisation's contacts (q: name, username or
// email; tag), newest first.
func (s *Server) listContacts(c *fiber.Ctx) error {
	p := principal(c)
	params := db.ListContactsParams{OrgID: p.OrgID, MaxRows: 50}
	if q, msg := searchText(c.Query("q")); msg != "" {
		return apperr.Validation(map[string]string{"q": msg})
	} else if q != "" {
		params.Search = &q
	}
	if tag := c.Query("tag"); tag != "" {
		params.Tag = &tag
	}
	if l := c.Query("limit"); l != "" {
		n, err := parseLimit(l)
		if err != nil {
			return err
		}
		params.MaxRows = n
	}
	if b := c.Query("before"); b != "" {
		id, err := uuid.Parse(b)
		if err != nil {
			return apperr.Validation(map[string]string{"before": "a contact id"})
		}
		prev, err := s.Store.GetContact(c.UserContext(), db.GetContactParams{OrgID: p.OrgID, ID: id})
		if err != nil {
			return apperr.Validation(map[string]string{"before": "unknown contact"})
		}
		params.BeforeCreated, params.BeforeID = &prev.CreatedAt, &prev.ID
	}
	rows, err := s.Store.ListContacts(c.UserContext(), params)
	if err != nil {
		return err
	}
	out := make([]contactResponse, len(rows))
	ids := make([]uuid.UUID, len(rows))
	for i, r := range rows {
		out[i], ids[i] = contactJSON(r), r.Contact.ID
	}
	return c.JSON(fiber.Map{"contacts": out, "next_before": nextBefore(ids, params.MaxRows)})
}

// loadContact reads one contact of the caller's organisation with its
// counts, or 404.
func loadContact(c *fiber.Ctx, q *db.Queries, id uuid.UUID) (contactResponse, error) {
	rows, err := q.ListContacts(c.UserContext(), db.ListContactsParams{OrgID: principal(c).OrgID, ContactID: &id, MaxRows: 1})
	if err != nil {
		return contactResponse{}, err
	}
	if len(rows) == 0 {
		return contactResponse{}, apperr.New(apperr.NotFound, "contact_not_found", "no such contact")
	}
	return contactJSON(rows[0]), nil
}

func (s *Server) getContact(c *fiber.Ctx) error {
	id, err := pathID(c, "contactID")
	if err != nil {
		return err
	}
	out, err := loadContact(c, s.Store.Queries, id)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

// updateContact edits a contact's details in place.
func (s *Server) updateContact(c *fiber.Ctx) error {
	id, err := pathID(c, "contactID")
	if err != nil {
		return err
	}
	var req contactPatch
	if err := decode(c, &req); err != nil {
		return err
	}
	ctx, p := c.UserContext(), principal(c)
	var out contactResponse
	err = s.Store.InTx(ctx, func(q *db.Queries) error {
		ct, err := q.LockContact(ctx, db.LockContactParams{OrgID: p.OrgID, ID: id})
		if err != nil {
			return notFoundOr(err, "no such contact")
		}
		changed, err := req.apply(&ct)
		if err != nil {
			return err
		}
		if _, err := q.UpdateContact(ctx, db.UpdateContactParams{
			OrgID: p.OrgID, ID: id, Name: ct.Name, Email: ct.Email, Phone: ct.Phone, Username: ct.Username,
			CustomFields: ct.CustomFields, Tags: ct.Tags, Status: ct.Status,
		}); err != nil {
			return err
		}
		if err := accounts.Audit(ctx, q, p, "contact.updated", "contact", id.String(), map[string]any{"fields": changed}); err != nil {
			return err
		}
		out, err = loadContact(c, q, id)
		return err
	})
	if err != nil {
		return err
	}
	return c.JSON(out)
}

// listContactChats lists a contact's chats the caller may see, newest first.
func (s *Server) listContactChats(c *fiber.Ctx) error {
	id, err := pathID(c, "contactID")
	if err != nil {
		return err
	}
	p := principal(c)
	if _, err := s.Store.GetContact(c.UserContext(), db.GetContactParams{OrgID: p.OrgID, ID: id}); err != nil {
		return notFoundOr(err, "no such contact")
	}
	params, err := s.chatListParams(c, p)
	if err != nil {
		return err
	}
	params.ContactID = &id
	out, next, err := s.chatPage(c, params)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"chats": out, "next_before": next})
}

// blockContactRequest is the body of POST /contacts/{id}/block.
type blockContactRequest struct {
	Reason string `json:"reason"`
}

// blockContact puts the contact on the blacklist: their widget is refused
// and bots cannot hand them over.
func (s *Server) blockContact(c *fiber.Ctx) error {
	id, err := pathID(c, "contactID")
	if err != nil {
		return err
	}
	var req blockContactRequest
	if len(c.Body()) > 0 {
		if err := decode(c, &req); err != nil {
			return err
		}
	}
	if len([]rune(req.Reason)) > 250 {
		return apperr.Validation(map[string]string{"reason": "at most 250 characters"})
	}
	return s.changeBlock(c, id, "contact.blocked", func(q *db.Queries, p accounts.Principal) error {
		var by *uuid.UUID
		if p.UserID != uuid.Nil {
			by = &p.UserID
		}
		return q.BlockContact(c.UserContext(), db.BlockContactParams{
			ID: uuid.Must(uuid.NewV7()), OrgID: p.OrgID, ContactID: id.String(), Reason: req.Reason, CreatedBy: by,
		})
	})
}

// unblockContact lifts every blacklist entry that blocks the contact (by
// id, email or phone).
func (s *Server) unblockContact(c *fiber.Ctx) error {
	id, err := pathID(c, "contactID")
	if err != nil {
		return err
	}
	return s.changeBlock(c, id, "contact.unblocked", func(q *db.Queries, p accounts.Principal) error {
		_, err := q.UnblockContact(c.UserContext(), db.UnblockContactParams{OrgID: p.OrgID, ContactID: id})
		return err
	})
}

// changeBlock runs a block change on an existing contact, audited, and
// answers the contact.
func (s *Server) changeBlock(c *fiber.Ctx, id uuid.UUID, action string, change func(*db.Queries, accounts.Principal) error) error {
	ctx, p := c.UserContext(), principal(c)
	var out contactResponse
	err := s.Store.InTx(ctx, func(q *db.Queries) error {
		if _, err := q.LockContact(ctx, db.LockContactParams{OrgID: p.OrgID, ID: id}); err != nil {
			return notFoundOr(err, "no such contact")
		}
		if err := change(q, p); err != nil {
			return err
		}
		if err := accounts.Audit(ctx, q, p, action, "contact", id.String(), nil); err != nil {
			return err
		}
		var err error
		out, err = loadContact(c, q, id)
		return err
	})
	if err != nil {
		return err
	}
	return c.JSON(out)
}

// journeyResponse is what is known of a contact's visits.
type journeyResponse struct {
	Sessions []journeySession `json:"sessions"`
	Chats    int32            `json:"chats"`
}

type journeySession struct {
	StartedAt  time.Time `json:"started_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	UserAgent  string    `json:"user_agent"`
}

// contactJourney lists the contact's widget visits.
func (s *Server) contactJourney(c *fiber.Ctx) error {
	id, err := pathID(c, "contactID")
	if err != nil {
		return err
	}
	contact, err := loadContact(c, s.Store.Queries, id)
	if err != nil {
		return err
	}
	rows, err := s.Store.ContactSessions(c.UserContext(), db.ContactSessionsParams{OrgID: principal(c).OrgID, ContactID: id})
	if err != nil {
		return err
	}
	out := journeyResponse{Sessions: make([]journeySession, len(rows)), Chats: contact.ChatsCount}
	for i, r := range rows {
		out.Sessions[i] = journeySession{StartedAt: r.CreatedAt, LastSeenAt: r.LastSeenAt, UserAgent: r.UserAgent}
	}
	return c.JSON(out)
}
