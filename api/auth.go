package api

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"livechat/accounts"
)

// sessionResponse describes the signed-in member to the web app.
type sessionResponse struct {
	User         userRef   `json:"user"`
	Organization orgRef    `json:"organization"`
	Role         string    `json:"role"`
	Presence     string    `json:"presence"`
	CSRFToken    string    `json:"csrf_token"`
	ExpiresAt    time.Time `json:"expires_at"`
}

type userRef struct {
	ID    string `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
}

type orgRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

func (s *Server) sessionBody(sess accounts.Session) sessionResponse {
	p := sess.Principal
	return sessionResponse{
		User:         userRef{ID: p.UserID.String(), Email: p.Email, Name: p.Name},
		Organization: orgRef{ID: p.OrgID.String(), Name: p.OrgName},
		Role:         string(p.Role),
		Presence:     sess.Presence,
		CSRFToken:    s.Accounts.Signer().CSRFToken(sess.Hash),
		ExpiresAt:    sess.ExpiresAt.UTC(),
	}
}

// setSessionCookie hands the browser its session: HttpOnly, SameSite=Lax,
// Secure when served over https.
func (s *Server) setSessionCookie(c *fiber.Ctx, sess accounts.Session) {
	c.Cookie(&fiber.Cookie{
		Name: SessionCookie, Value: sess.Token, Path: "/", Expires: sess.ExpiresAt,
		HTTPOnly: true, Secure: s.SecureCookies, SameSite: fiber.CookieSameSiteLaxMode,
	})
}

type loginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

func (s *Server) login(c *fiber.Ctx) error {
	var req loginRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if err := required(map[string]string{"email": req.Email, "password": req.Password}); err != nil {
		return err
	}
	if err := s.hit(c, "login-email:"+strings.ToLower(strings.TrimSpace(req.Email)), 10, 15*time.Minute); err != nil {
		return err
	}
	sess, err := s.Accounts.Login(c.UserContext(), req.Email, req.Password, c.Get(fiber.HeaderUserAgent), clientIP(c))
	if err != nil {
		return err
	}
	s.setSessionCookie(c, sess)
	return c.JSON(s.sessionBody(sess))
}

func (s *Server) logout(c *fiber.Ctx) error {
	if sess, ok := currentSession(c); ok {
		if err := s.Accounts.Logout(c.UserContext(), sess.Hash); err != nil {
			return err
		}
	}
	c.Cookie(&fiber.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1, Expires: time.Unix(0, 0),
		HTTPOnly: true, Secure: s.SecureCookies, SameSite: fiber.CookieSameSiteLaxMode})
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *Server) session(c *fiber.Ctx) error {
	sess, ok := currentSession(c)
	if !ok {
		return accounts.ErrUnauthenticated
	}
	return c.JSON(s.sessionBody(sess))
}
