package api

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/gofiber/contrib/websocket"
	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"livechat/accounts"
	"livechat/apperr"
	"livechat/store"
	"livechat/store/db"
)

// VisitorTokenHeader carries a visitor's session token on widget requests.
const VisitorTokenHeader = "X-Visitor-Token"

// visitorSessionTTL is how long a visitor session lives after its last use.
const visitorSessionTTL = 30 * 24 * time.Hour

const visitorKey = "visitor"

var visitorSessionLimit = &limitRule{name: "visitor-session-ip", max: 30, window: time.Minute, key: byIP}

// visitorCaller is an authenticated widget visitor.
type visitorCaller struct {
	Widget    db.Widget
	ContactID uuid.UUID
}

// theVisitor returns the visitor of a visitor route.
func theVisitor(c *fiber.Ctx) visitorCaller {
	v, _ := c.Locals(visitorKey).(visitorCaller)
	return v
}

var (
	errWidgetNotFound   = apperr.New(apperr.NotFound, "widget_not_found", "no widget has this key")
	errOriginNotAllowed = apperr.New(apperr.Forbidden, "origin_not_allowed", "this website is not allowed to use the widget")
	errVisitorToken     = apperr.New(apperr.Unauthenticated, "visitor_unauthenticated", "the visitor token is missing, expired or unknown; start a new session")
)

// widgetCORS lets the widget, served on customers' websites, call the
// visitor endpoints. No cookies are involved (the visitor token travels in a
// header), and each request's Origin is checked against its widget's list.
func widgetCORS(c *fiber.Ctx) error {
	if !strings.HasPrefix(c.Path(), "/api/v1/widget/") {
		return c.Next()
	}
	// Answers differ by Origin (the CORS headers, refusals): caches must not
	// hand the chat frame's same-origin answer to a page elsewhere.
	c.Set(fiber.HeaderVary, fiber.HeaderOrigin)
	if origin := c.Get(fiber.HeaderOrigin); origin != "" {
		c.Set(fiber.HeaderAccessControlAllowOrigin, origin)
		c.Set(fiber.HeaderAccessControlAllowHeaders, "Content-Type, "+VisitorTokenHeader)
		c.Set(fiber.HeaderAccessControlAllowMethods, "GET, POST, OPTIONS")
		c.Set(fiber.HeaderAccessControlMaxAge, "600")
	}
	if c.Method() == fiber.MethodOptions {
		return c.SendStatus(fiber.StatusNoContent)
	}
	return c.Next()
}

// originOnList checks a browser's Origin against a widget's list: an empty
// list allows every site; requests without Origin (servers, bots) pass.
// Entries are origins ("https://shop.example") or subdomain wildcards
// ("https://*.example").
func originOnList(w db.Widget, origin string) bool {
	if origin == "" || len(w.AllowedOrigins) == 0 {
		return true
	}
	origin = strings.ToLower(strings.TrimSuffix(origin, "/"))
	for _, allowed := range w.AllowedOrigins {
		allowed = strings.ToLower(allowed)
		if origin == allowed {
			return true
		}
		if scheme, host, ok := strings.Cut(allowed, "://*."); ok && strings.HasPrefix(origin, scheme+"://") &&
			strings.HasSuffix(origin, "."+host) {
			return true
		}
	}
	return false
}

// authenticateVisitor resolves the visitor from their token (header, or
// the query on socket upgrades) and checks the widget's origin list.
func (s *Server) authenticateVisitor(c *fiber.Ctx) (visitorCaller, error) {
	token := c.Get(VisitorTokenHeader)
	if token == "" && websocket.IsWebSocketUpgrade(c) {
		token = c.Query("token") // browsers cannot set headers on sockets
	}
	if token == "" {
		return visitorCaller{}, errVisitorToken
	}
	sess, err := s.Store.GetVisitorSession(c.UserContext(), db.GetVisitorSessionParams{
		TokenHash: accounts.HashToken(token), ExpiresAt: time.Now().Add(visitorSessionTTL),
	})
	if errors.Is(store.Err(err), store.ErrNotFound) {
		return visitorCaller{}, errVisitorToken
	}
	if err != nil {
		return visitorCaller{}, err
	}
	w, err := s.Store.GetWidget(c.UserContext(), db.GetWidgetParams{OrgID: sess.OrgID, ID: sess.WidgetID})
	if err != nil {
		return visitorCaller{}, err
	}
	if !s.originAllowed(c, w) {
		return visitorCaller{}, errOriginNotAllowed
	}
	return visitorCaller{Widget: w, ContactID: sess.ContactID}, nil
}

type visitorSessionRequest struct {
	WidgetKey string `json:"widget_key"`
	// Token resumes an earlier session (page reloads).
	Token string `json:"token"`
	// UserID and UserHash prove who a signed-in customer is:
	// UserHash = hex(HMAC-SHA256(identity secret, UserID)).
	UserID   string `json:"user_id"`
	UserHash string `json:"user_hash"`
	Name     string `json:"name"`
	Email    string `json:"email"`
}

type visitorSessionResponse struct {
	Token     string    `json:"token"`
	ContactID string    `json:"contact_id"`
	ExpiresAt time.Time `json:"expires_at"`
	Widget    widgetRef `json:"widget"`
	Resumed   bool      `json:"resumed"`
}

type widgetRef struct {
	ID     string `json:"id"`
	TeamID string `json:"team_id"`
	Name   string `json:"name"`
}

// createVisitorSession starts (or resumes) a visitor's session on a widget.
func (s *Server) createVisitorSession(c *fiber.Ctx) error {
	var req visitorSessionRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if err := validateVisitorSession(&req); err != nil {
		return err
	}
	ctx := c.UserContext()
	w, err := s.widgetByKey(c, req.WidgetKey)
	if err != nil {
		return err
	}
	if err := s.verifyIdentity(c, w, req); err != nil {
		return err
	}
	ref := widgetRef{ID: w.ID.String(), TeamID: w.TeamID.String(), Name: w.Name}
	expires := time.Now().Add(visitorSessionTTL)
	if req.Token != "" {
		sess, err := s.Store.GetVisitorSession(ctx, db.GetVisitorSessionParams{TokenHash: accounts.HashToken(req.Token), ExpiresAt: expires})
		if err == nil && sess.WidgetID == w.ID && s.sameIdentity(c, sess.OrgID, sess.ContactID, req.UserID) {
			return c.JSON(visitorSessionResponse{Token: req.Token, ContactID: sess.ContactID.String(), ExpiresAt: sess.ExpiresAt, Widget: ref, Resumed: true})
		}
	}
	token, err := accounts.NewToken("vt_")
	if err != nil {
		return err
	}
	var sess db.VisitorSession
	err = s.Store.InTx(ctx, func(q *db.Queries) error {
		contact, err := visitorContact(c, q, w.OrgID, req)
		if err != nil {
			return err
		}
		sess, err = q.CreateVisitorSession(ctx, db.CreateVisitorSessionParams{
			TokenHash: accounts.HashToken(token), OrgID: w.OrgID, WidgetID: w.ID, ContactID: contact.ID,
			ExpiresAt: expires, IP: clientIP(c), UserAgent: truncate(c.Get(fiber.HeaderUserAgent), 300),
		})
		return err
	})
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(visitorSessionResponse{Token: token, ContactID: sess.ContactID.String(), ExpiresAt: sess.ExpiresAt, Widget: ref})
}

func validateVisitorSession(req *visitorSessionRequest) error {
	f := map[string]string{}
	if req.WidgetKey == "" {
		f["widget_key"] = "required"
	}
	if len(req.UserID) > 200 {
		f["user_id"] = "at most 200 characters"
	}
	if (req.UserID == "") != (req.UserHash == "") {
		f["user_hash"] = "user_id and user_hash go together"
	}
	if len(req.Name) > 200 {
		f["name"] = "at most 200 characters"
	}
	req.Email = strings.TrimSpace(req.Email)
	if req.Email != "" && !accounts.ValidEmail(req.Email) {
		f["email"] = "not a valid email address"
	}
	if len(req.Token) > 200 {
		f["token"] = "not a visitor token"
	}
	if len(f) > 0 {
		return apperr.Validation(f)
	}
	return nil
}

// verifyIdentity checks a signed user id against the organisation's
// identity secret, and whether the widget requires one.
func (s *Server) verifyIdentity(c *fiber.Ctx, w db.Widget, req visitorSessionRequest) error {
	if req.UserID == "" {
		if w.IdentityRequired {
			return apperr.New(apperr.Unauthenticated, "identity_required", "this widget needs a signed user_id and user_hash")
		}
		return nil
	}
	secret, err := s.Store.GetIdentitySecret(c.UserContext(), w.OrgID)
	if err != nil {
		return err
	}
	if secret == nil {
		return apperr.New(apperr.Invalid, "identity_not_configured", "the organisation has no identity secret yet; an admin creates one under widget settings")
	}
	mac := hmac.New(sha256.New, []byte(*secret))
	mac.Write([]byte(req.UserID))
	given, err := hex.DecodeString(req.UserHash)
	if err != nil || !hmac.Equal(mac.Sum(nil), given) {
		return apperr.New(apperr.Unauthenticated, "identity_invalid", "user_hash does not match user_id")
	}
	return nil
}

// sameIdentity says whether a resumed session may continue for the
// (verified) user id of the request: an anonymous session continues
// anonymously, an identified one only for the same user.
func (s *Server) sameIdentity(c *fiber.Ctx, orgID, contactID uuid.UUID, userID string) bool {
	contact, err := s.Store.GetContact(c.UserContext(), db.GetContactParams{OrgID: orgID, ID: contactID})
	if err != nil {
		return false
	}
	return deref(contact.ExternalID) == userID
}

// visitorContact is the contact a new session speaks for: the identified
// customer (by external id), or a new anonymous contact.
func visitorContact(c *fiber.Ctx, q *db.Queries, orgID uuid.UUID, req visitorSessionRequest) (db.Contact, error) {
	var email *string
	if req.Email != "" {
		e := strings.ToLower(req.Email)
		email = &e
	}
	name := strings.TrimSpace(req.Name)
	if req.UserID != "" {
		return q.UpsertContactByExternalID(c.UserContext(), db.UpsertContactByExternalIDParams{
			ID: uuid.Must(uuid.NewV7()), OrgID: orgID, ExternalID: &req.UserID, Name: name, Email: email,
			CustomFields: []byte("{}"), Tags: []string{},
		})
	}
	return q.CreateContact(c.UserContext(), db.CreateContactParams{
		ID: uuid.Must(uuid.NewV7()), OrgID: orgID, Name: name, Email: email, CustomFields: []byte("{}"), Tags: []string{},
	})
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
