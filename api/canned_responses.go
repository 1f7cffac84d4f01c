package api

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"livechat/accounts"
	"livechat/apperr"
	"livechat/store"
	"livechat/store/db"
)

// Limits of a canned response (the migration checks them too).
const (
	maxCannedShortcut = 32
	maxCannedTitle    = 100
	maxCannedBody     = 4000
	maxCannedQuery    = 100
)

// Scopes of a canned response.
const (
	scopePersonal     = "personal"
	scopeOrganization = "organization"
)

// cannedShortcutRE is the form of a shortcut: what follows the "/" typed in
// the composer.
var cannedShortcutRE = regexp.MustCompile(`^[a-z0-9_-]{1,32}$`)

// cannedResponse is a canned response ("text block") as the API shows it.
type cannedResponse struct {
	ID        string    `json:"id"`
	Scope     string    `json:"scope"`
	OwnerID   *string   `json:"owner_id"`
	Shortcut  string    `json:"shortcut"`
	Title     string    `json:"title"`
	Body      string    `json:"body"`
	CreatedBy *string   `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

func cannedScope(r db.CannedResponse) string {
	if r.OwnerID == nil {
		return scopeOrganization
	}
	return scopePersonal
}

func cannedJSON(r db.CannedResponse) cannedResponse {
	return cannedResponse{
		ID: r.ID.String(), Scope: cannedScope(r), OwnerID: idString(r.OwnerID), Shortcut: r.Shortcut,
		Title: r.Title, Body: r.Body, CreatedBy: idString(r.CreatedBy), CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
	}
}

// createCannedRequest is the body of POST /canned-responses.
type createCannedRequest struct {
	Shortcut string `json:"shortcut"`
	Title    string `json:"title"`
	Body     string `json:"body"`
	Scope    string `json:"scope"`
}

// cannedPatch is the body of PATCH /canned-responses/:cannedID: absent (or
// null) fields keep their value. The scope cannot change.
type cannedPatch struct {
	Shortcut *string `json:"shortcut"`
	Title    *string `json:"title"`
	Body     *string `json:"body"`
}

// cannedFields are the editable fields of a canned response, normalised.
type cannedFields struct {
	Shortcut, Title, Body string
}

// normalizeShortcut accepts a shortcut as typed: surrounding blanks and one
// leading "/" are dropped and letters lower-cased.
func normalizeShortcut(s string) string {
	return strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s), "/"))
}

func newCannedFields(shortcut, title, body string) cannedFields {
	return cannedFields{Shortcut: normalizeShortcut(shortcut), Title: strings.TrimSpace(title), Body: strings.TrimSpace(body)}
}

// validate names every field out of bounds.
func (f cannedFields) validate(fields map[string]string) {
	switch {
	case f.Shortcut == "":
		fields["shortcut"] = "required"
	case !cannedShortcutRE.MatchString(f.Shortcut):
		fields["shortcut"] = fmt.Sprintf("1 to %d lower-case letters, digits, - or _", maxCannedShortcut)
	}
	switch {
	case f.Title == "":
		fields["title"] = "required"
	case utf8.RuneCountInString(f.Title) > maxCannedTitle:
		fields["title"] = fmt.Sprintf("at most %d characters", maxCannedTitle)
	case strings.ContainsFunc(f.Title, unicode.IsControl):
		fields["title"] = "one line without control characters"
	}
	switch {
	case f.Body == "":
		fields["body"] = "required"
	case utf8.RuneCountInString(f.Body) > maxCannedBody:
		fields["body"] = fmt.Sprintf("at most %d characters", maxCannedBody)
	case strings.ContainsFunc(f.Body, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' }):
		fields["body"] = "text without control characters other than line breaks and tabs"
	}
}

// shortcutTaken turns a unique violation into 409 shortcut_taken.
func shortcutTaken(err error, shortcut, scope string) error {
	if errors.Is(store.Err(err), store.ErrConflict) {
		if scope == scopePersonal {
			return apperr.New(apperr.Conflict, "shortcut_taken", "you already have a canned response /%s", shortcut)
		}
		return apperr.New(apperr.Conflict, "shortcut_taken", "the organisation already has a canned response /%s", shortcut)
	}
	return fmt.Errorf("api: write canned response: %w", err)
}

// auditCanned records a change to an organisation-wide response; personal
// responses are the member's own business and are not audited.
func auditCanned(c *fiber.Ctx, q *db.Queries, action string, r db.CannedResponse, details map[string]any) error {
	if r.OwnerID != nil {
		return nil
	}
	if details == nil {
		details = map[string]any{}
	}
	details["shortcut"], details["title"] = r.Shortcut, r.Title
	return accounts.Audit(c.UserContext(), q, principal(c), action, "canned_response", r.ID.String(), details)
}

// listCannedResponses lists the organisation's responses and the caller's
// own (never another member's), filtered by q (a case-insensitive substring
// of shortcut or title) and scope=all|organization|personal.
func (s *Server) listCannedResponses(c *fiber.Ctx) error {
	p := principal(c)
	params := db.ListVisibleCannedResponsesParams{OrgID: p.OrgID, ViewerID: p.UserID, IncludeOrg: true, IncludePersonal: true}
	switch c.Query("scope", "all") {
	case "all":
	case scopeOrganization:
		params.IncludePersonal = false
	case scopePersonal:
		params.IncludeOrg = false
	default:
		return apperr.Validation(map[string]string{"scope": "one of all, organization, personal"})
	}
	params.Query = strings.TrimSpace(c.Query("q"))
	if utf8.RuneCountInString(params.Query) > maxCannedQuery {
		return apperr.Validation(map[string]string{"q": fmt.Sprintf("at most %d characters", maxCannedQuery)})
	}
	rows, err := s.Store.ListVisibleCannedResponses(c.UserContext(), params)
	if err != nil {
		return fmt.Errorf("api: list canned responses: %w", err)
	}
	out := make([]cannedResponse, len(rows))
	for i, r := range rows {
		out[i] = cannedJSON(r)
	}
	return c.JSON(fiber.Map{"canned_responses": out})
}

// createCannedResponse adds a personal response (any member) or an
// organisation-wide one (supervisors and up).
func (s *Server) createCannedResponse(c *fiber.Ctx) error {
	var req createCannedRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	p := principal(c)
	f := newCannedFields(req.Shortcut, req.Title, req.Body)
	problems := map[string]string{}
	scope := req.Scope
	if scope == "" {
		scope = scopePersonal
	}
	if scope != scopePersonal && scope != scopeOrganization {
		problems["scope"] = "one of personal, organization"
	}
	f.validate(problems)
	if len(problems) > 0 {
		return apperr.Validation(problems)
	}
	var owner *uuid.UUID
	if scope == scopePersonal {
		owner = &p.UserID
	} else if !p.Role.AtLeast(accounts.RoleSupervisor) {
		return apperr.New(apperr.Forbidden, "forbidden", "organisation-wide canned responses need the supervisor role or higher")
	}
	var created db.CannedResponse
	err := s.Store.InTx(c.UserContext(), func(q *db.Queries) error {
		var err error
		created, err = q.CreateCannedResponse(c.UserContext(), db.CreateCannedResponseParams{
			ID: uuid.Must(uuid.NewV7()), OrgID: p.OrgID, OwnerID: owner,
			Shortcut: f.Shortcut, Title: f.Title, Body: f.Body, CreatedBy: &p.UserID,
		})
		if err != nil {
			return shortcutTaken(err, f.Shortcut, scope)
		}
		return auditCanned(c, q, "canned_response.created", created, nil)
	})
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(cannedJSON(created))
}

// loadCannedForWrite fetches the :cannedID response for a change: another
// member's personal response is a 404 (it cannot be probed), an
// organisation-wide one needs supervisor or above.
func (s *Server) loadCannedForWrite(c *fiber.Ctx, q *db.Queries) (db.CannedResponse, error) {
	id, err := pathID(c, "cannedID")
	if err != nil {
		return db.CannedResponse{}, err
	}
	p := principal(c)
	r, err := q.GetVisibleCannedResponse(c.UserContext(), db.GetVisibleCannedResponseParams{OrgID: p.OrgID, ID: id, ViewerID: p.UserID})
	if err != nil {
		return r, notFoundOr(err, "no canned response %s", id)
	}
	if r.OwnerID == nil && !p.Role.AtLeast(accounts.RoleSupervisor) {
		return r, apperr.New(apperr.Forbidden, "forbidden", "organisation-wide canned responses need the supervisor role or higher")
	}
	return r, nil
}

func (s *Server) updateCannedResponse(c *fiber.Ctx) error {
	var patch cannedPatch
	if err := decode(c, &patch); err != nil {
		return err
	}
	var updated db.CannedResponse
	err := s.Store.InTx(c.UserContext(), func(q *db.Queries) error {
		current, err := s.loadCannedForWrite(c, q)
		if err != nil {
			return err
		}
		before := cannedFields{Shortcut: current.Shortcut, Title: current.Title, Body: current.Body}
		f := before
		if patch.Shortcut != nil {
			f.Shortcut = normalizeShortcut(*patch.Shortcut)
		}
		if patch.Title != nil {
			f.Title = strings.TrimSpace(*patch.Title)
		}
		if patch.Body != nil {
			f.Body = strings.TrimSpace(*patch.Body)
		}
		problems := map[string]string{}
		f.validate(problems)
		if len(problems) > 0 {
			return apperr.Validation(problems)
		}
		if f == before {
			updated = current // nothing to change, nothing to record
			return nil
		}
		changed := []string{}
		for _, d := range []struct {
			name      string
			old, next string
		}{{"shortcut", before.Shortcut, f.Shortcut}, {"title", before.Title, f.Title}, {"body", before.Body, f.Body}} {
			if d.old != d.next {
				changed = append(changed, d.name)
			}
		}
		updated, err = q.UpdateCannedResponse(c.UserContext(), db.UpdateCannedResponseParams{
			OrgID: current.OrgID, ID: current.ID, Shortcut: f.Shortcut, Title: f.Title, Body: f.Body,
		})
		if err != nil {
			return shortcutTaken(err, f.Shortcut, cannedScope(current))
		}
		details := map[string]any{"changed": changed}
		if updated.Shortcut != current.Shortcut {
			details["previous_shortcut"] = current.Shortcut
		}
		return auditCanned(c, q, "canned_response.updated", updated, details)
	})
	if err != nil {
		return err
	}
	return c.JSON(cannedJSON(updated))
}

func (s *Server) deleteCannedResponse(c *fiber.Ctx) error {
	err := s.Store.InTx(c.UserContext(), func(q *db.Queries) error {
		current, err := s.loadCannedForWrite(c, q)
		if err != nil {
			return err
		}
		n, err := q.DeleteCannedResponse(c.UserContext(), db.DeleteCannedResponseParams{OrgID: current.OrgID, ID: current.ID})
		if err != nil {
			return fmt.Errorf("api: delete canned response: %w", err)
		}
		if n == 0 {
			return apperr.New(apperr.NotFound, "not_found", "no canned response %s", current.ID)
		}
		return auditCanned(c, q, "canned_response.deleted", current, nil)
	})
	if err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// cannedExpansion is a canned response rendered for one chat.
type cannedExpansion struct {
	ID       string `json:"id"`
	Scope    string `json:"scope"`
	Shortcut string `json:"shortcut"`
	Title    string `json:"title"`
	Body     string `json:"body"`
}

// expandCannedResponse renders the response named by ?shortcut= (the
// caller's personal one wins over the organisation's) or ?id= with the
// placeholders filled from the chat.
func (s *Server) expandCannedResponse(c *fiber.Ctx) error {
	shortcut, rawID := normalizeShortcut(c.Query("shortcut")), strings.TrimSpace(c.Query("id"))
	var id uuid.UUID
	switch {
	case shortcut == "" && rawID == "":
		return apperr.Validation(map[string]string{"shortcut": "give shortcut or id"})
	case shortcut != "" && rawID != "":
		return apperr.Validation(map[string]string{"id": "give shortcut or id, not both"})
	case rawID != "":
		var err error
		if id, err = uuid.Parse(rawID); err != nil {
			return apperr.Validation(map[string]string{"id": "a canned response id"})
		}
	case !cannedShortcutRE.MatchString(shortcut):
		return apperr.Validation(map[string]string{"shortcut": fmt.Sprintf("1 to %d lower-case letters, digits, - or _", maxCannedShortcut)})
	}
	chat, _, team, err := s.loadChat(c)
	if err != nil {
		return err
	}
	ctx, p := c.UserContext(), principal(c)
	var r db.CannedResponse
	if rawID != "" {
		r, err = s.Store.GetVisibleCannedResponse(ctx, db.GetVisibleCannedResponseParams{OrgID: p.OrgID, ID: id, ViewerID: p.UserID})
		err = notFoundOr(err, "no canned response %s", id)
	} else {
		r, err = s.Store.FindCannedResponseByShortcut(ctx, db.FindCannedResponseByShortcutParams{OrgID: p.OrgID, Shortcut: shortcut, ViewerID: p.UserID})
		err = notFoundOr(err, "no canned response /%s", shortcut)
	}
	if err != nil {
		return err
	}
	contact, err := s.Store.GetContact(ctx, db.GetContactParams{OrgID: chat.OrgID, ID: chat.ContactID})
	if err != nil {
		return fmt.Errorf("api: load chat contact: %w", err)
	}
	values := placeholderValues(contact, p.Name, team.Name, p.OrgName)
	return c.JSON(cannedExpansion{ID: r.ID.String(), Scope: cannedScope(r), Shortcut: r.Shortcut, Title: r.Title,
		Body: renderPlaceholders(r.Body, values)})
}

// contactFirstNameFallback stands in for the first name of a contact without
// a name, so "Hi {{contact.first_name}}," reads "Hi there,".
const contactFirstNameFallback = "there"

// placeholderValues are the values of the placeholders of a chat: the
// contact's, the calling agent's (who is about to send the text), the chat
// team's and the organisation's. A missing value is "" except the contact's
// first name, which falls back to "there".
func placeholderValues(contact db.Contact, agentName, teamName, orgName string) map[string]string {
	contactName := strings.TrimSpace(contact.Name)
	contactFirst := firstName(contactName)
	if contactFirst == "" {
		contactFirst = contactFirstNameFallback
	}
	email := ""
	if contact.Email != nil {
		email = *contact.Email
	}
	return map[string]string{
		"contact.name":       contactName,
		"contact.first_name": contactFirst,
		"contact.email":      email,
		"agent.name":         strings.TrimSpace(agentName),
		"agent.first_name":   firstName(agentName),
		"team.name":          teamName,
		"organization.name":  orgName,
	}
}

// firstName is the first word of a name.
func firstName(name string) string {
	if f := strings.Fields(name); len(f) > 0 {
		return f[0]
	}
	return ""
}

// placeholderRE matches {{ name }}: a dotted lower-case name in double
// braces, blanks around it allowed.
var placeholderRE = regexp.MustCompile(`\{\{\s*([A-Za-z_]+(?:\.[A-Za-z_]+)*)\s*\}\}`)

// renderPlaceholders fills the known placeholders of body (names are
// case-insensitive) in one pass, so a value that itself looks like a
// placeholder is not expanded again; unknown ones stay as typed.
func renderPlaceholders(body string, values map[string]string) string {
	return placeholderRE.ReplaceAllStringFunc(body, func(m string) string {
		name := strings.ToLower(placeholderRE.FindStringSubmatch(m)[1])
		if v, ok := values[name]; ok {
			return v
		}
		return m
	})
}
