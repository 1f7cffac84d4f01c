package api

import (
	"errors"
	"fmt"
	"net/mail"
	"net/netip"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"livechat/accounts"
	"livechat/apperr"
	"livechat/notify"
	"livechat/store"
	"livechat/store/db"
)

// maxBlockReason bounds the reason of a blacklist entry.
const maxBlockReason = 250

// blacklistEntry is one blocked identifier of a visitor.
type blacklistEntry struct {
	ID        string    `json:"id"`
	Kind      string    `json:"kind"`
	Value     string    `json:"value"`
	Reason    string    `json:"reason"`
	CreatedBy *string   `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

func blacklistJSON(e db.BlacklistEntry) blacklistEntry {
	return blacklistEntry{ID: e.ID.String(), Kind: e.Kind, Value: e.Value, Reason: e.Reason,
		CreatedBy: idString(e.CreatedBy), CreatedAt: e.CreatedAt}
}

type createBlacklistRequest struct {
	Kind   string `json:"kind"`
	Value  string `json:"value"`
	Reason string `json:"reason"`
}

// normalize checks the request and returns the value in the form visitors'
// identifiers are matched against (lower-case email, canonical IP, contact
// id as a lower-case UUID).
func (r createBlacklistRequest) normalize() (string, error) {
	f := map[string]string{}
	value := strings.TrimSpace(r.Value)
	switch r.Kind {
	case "contact":
		id, err := uuid.Parse(value)
		if err != nil {
			f["value"] = "a contact id"
		}
		value = id.String()
	case "email":
		value = strings.ToLower(value)
		if a, err := mail.ParseAddress(value); err != nil || a.Address != value || len(value) > maxIdentifierSize {
			f["value"] = "an email address such as name@example.com"
		}
	case "phone":
		if !notify.ValidE164(value) {
			f["value"] = "a phone number in E.164 form, e.g. +4930123456"
		}
	case "ip":
		addr, err := netip.ParseAddr(value)
		if err != nil || addr.Zone() != "" {
			f["value"] = "an IPv4 or IPv6 address"
		}
		value = addr.Unmap().String()
	default:
		f["kind"] = "one of contact, email, phone, ip"
	}
	if r.Value == "" {
		f["value"] = "required"
	}
	if utf8.RuneCountInString(strings.TrimSpace(r.Reason)) > maxBlockReason {
		f["reason"] = fmt.Sprintf("at most %d characters", maxBlockReason)
	}
	if len(f) > 0 {
		return "", apperr.Validation(f)
	}
	return value, nil
}

// auditBlacklist records the caller's change to the blacklist.
func auditBlacklist(c *fiber.Ctx, q *db.Queries, action string, e db.BlacklistEntry) error {
	return accounts.Audit(c.UserContext(), q, principal(c), action, "blacklist_entry", e.ID.String(),
		map[string]any{"kind": e.Kind, "value": e.Value, "reason": e.Reason})
}

// listBlacklist lists the organisation's blocked visitors, newest first.
func (s *Server) listBlacklist(c *fiber.Ctx) error {
	rows, err := s.Store.ListBlacklist(c.UserContext(), principal(c).OrgID)
	if err != nil {
		return err
	}
	out := make([]blacklistEntry, len(rows))
	for i, e := range rows {
		out[i] = blacklistJSON(e)
	}
	return c.JSON(fiber.Map{"entries": out})
}

// createBlacklistEntry blocks a visitor organisation-wide by contact, email,
// phone or IP: they can start no new chat. Chats already open go on.
func (s *Server) createBlacklistEntry(c *fiber.Ctx) error {
	var req createBlacklistRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	value, err := req.normalize()
	if err != nil {
		return err
	}
	ctx, p := c.UserContext(), principal(c)
	var entry db.BlacklistEntry
	err = s.Store.InTx(ctx, func(q *db.Queries) error {
		if req.Kind == "contact" {
			if _, err := q.GetContact(ctx, db.GetContactParams{OrgID: p.OrgID, ID: uuid.MustParse(value)}); err != nil {
				return notFoundOr(err, "no contact %s in this organisation", value)
			}
		}
		var createdBy *uuid.UUID
		if p.UserID != uuid.Nil {
			createdBy = &p.UserID
		}
		var err error
		entry, err = q.CreateBlacklistEntry(ctx, db.CreateBlacklistEntryParams{
			ID: uuid.Must(uuid.NewV7()), OrgID: p.OrgID, Kind: req.Kind, Value: value,
			Reason: strings.TrimSpace(req.Reason), CreatedBy: createdBy,
		})
		if errors.Is(store.Err(err), store.ErrConflict) {
			return apperr.New(apperr.Conflict, "already_blocked", "this %s is already blocked", req.Kind)
		}
		if err != nil {
			return fmt.Errorf("api: create blacklist entry: %w", err)
		}
		return auditBlacklist(c, q, "blacklist.added", entry)
	})
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(blacklistJSON(entry))
}

// deleteBlacklistEntry unblocks a visitor.
func (s *Server) deleteBlacklistEntry(c *fiber.Ctx) error {
	id, err := pathID(c, "entryID")
	if err != nil {
		return err
	}
	ctx, p := c.UserContext(), principal(c)
	err = s.Store.InTx(ctx, func(q *db.Queries) error {
		entry, err := q.RemoveBlacklistEntry(ctx, db.RemoveBlacklistEntryParams{OrgID: p.OrgID, ID: id})
		if err != nil {
			return notFoundOr(err, "no blacklist entry %s in this organisation", id)
		}
		return auditBlacklist(c, q, "blacklist.removed", entry)
	})
	if err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
