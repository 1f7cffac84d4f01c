package api

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"livechat/accounts"
	"livechat/apperr"
)

// SessionCookie is the name of the session cookie.
const SessionCookie = "livechat_session"

// CSRFHeader carries the session's CSRF token on cookie-authenticated writes.
const CSRFHeader = "X-CSRF-Token"

const principalKey = "principal"
const sessionKey = "session"

// guard authenticates and authorises a request for route r before its handler.
func (s *Server) guard(r route) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if r.limit != nil {
			if err := s.rateLimit(c, r.limit); err != nil {
				return err
			}
		}
		switch r.access {
		case public:
			return c.Next()
		case visitorAccess:
			v, err := s.authenticateVisitor(c)
			if err != nil {
				return err
			}
			c.Locals(visitorKey, v)
			return c.Next()
		}
		p, err := s.authenticate(c, r.access == memberOrKey)
		if err != nil {
			return err
		}
		if !p.Role.AtLeast(r.role) {
			return apperr.New(apperr.Forbidden, "forbidden", "this needs the %s role or higher", r.role)
		}
		c.Locals(principalKey, p)
		return c.Next()
	}
}

// authenticate resolves the caller from a bearer API key or the session
// cookie. Cookie-authenticated writes must carry the CSRF token.
func (s *Server) authenticate(c *fiber.Ctx, allowKey bool) (accounts.Principal, error) {
	if h := c.Get(fiber.HeaderAuthorization); h != "" {
		secret, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return accounts.Principal{}, apperr.New(apperr.Unauthenticated, "unauthenticated", "use Authorization: Bearer <API key>")
		}
		if !allowKey {
			return accounts.Principal{}, apperr.New(apperr.Forbidden, "session_required", "this endpoint is for signed-in members, not API keys")
		}
		p, err := s.Accounts.AuthenticateAPIKey(c.UserContext(), secret)
		p.IP = clientIP(c)
		return p, err
	}
	sess, err := s.Accounts.Authenticate(c.UserContext(), c.Cookies(SessionCookie))
	if err != nil {
		return accounts.Principal{}, err
	}
	if !isSafeMethod(c.Method()) && !s.Accounts.Signer().ValidCSRF(sess.Hash, c.Get(CSRFHeader)) {
		return accounts.Principal{}, apperr.New(apperr.Forbidden, "csrf_failed", "missing or wrong "+CSRFHeader+" header")
	}
	c.Locals(sessionKey, sess)
	sess.Principal.IP = clientIP(c)
	return sess.Principal, nil
}

func isSafeMethod(m string) bool {
	return m == fiber.MethodGet || m == fiber.MethodHead || m == fiber.MethodOptions
}

// principal returns the authenticated caller of a guarded route.
func principal(c *fiber.Ctx) accounts.Principal {
	p, _ := c.Locals(principalKey).(accounts.Principal)
	return p
}

// currentSession returns the session of a cookie-authenticated request.
func currentSession(c *fiber.Ctx) (accounts.Session, bool) {
	sess, ok := c.Locals(sessionKey).(accounts.Session)
	return sess, ok
}
