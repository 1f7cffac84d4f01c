package api

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"livechat/apperr"
	"livechat/notify"
	"livechat/store/db"
)

// profileResponse is the signed-in member's own profile.
type profileResponse struct {
	ID        string  `json:"id"`
	Email     string  `json:"email"`
	Name      string  `json:"name"`
	Phone     *string `json:"phone"`
	AvatarURL *string `json:"avatar_url"`
	Role      string  `json:"role"`
	OrgID     string  `json:"org_id"`
}

// profilePatch is the body of PATCH /me: absent (or null) fields keep their
// value; an empty phone or avatar clears it.
type profilePatch struct {
	Name      *string `json:"name"`
	Phone     *string `json:"phone"`
	AvatarURL *string `json:"avatar_url"`
}

// Profile limits.
const maxAvatarURL = 2048

func (s *Server) getProfile(c *fiber.Ctx) error {
	p := principal(c)
	u, err := s.Store.GetUser(c.UserContext(), p.UserID)
	if err != nil {
		return err
	}
	return c.JSON(profileJSON(c, u))
}

func profileJSON(c *fiber.Ctx, u db.User) profileResponse {
	p := principal(c)
	return profileResponse{ID: u.ID.String(), Email: u.Email, Name: u.Name, Phone: u.Phone, AvatarURL: u.AvatarURL,
		Role: string(p.Role), OrgID: p.OrgID.String()}
}

// updateProfile changes the caller's name, phone (E.164, for SMS
// notifications) and avatar.
func (s *Server) updateProfile(c *fiber.Ctx) error {
	var req profilePatch
	if err := decode(c, &req); err != nil {
		return err
	}
	p := principal(c)
	ctx := c.UserContext()
	var out db.User
	err := s.Store.InTx(ctx, func(q *db.Queries) error {
		u, err := q.GetUser(ctx, p.UserID)
		if err != nil {
			return err
		}
		if err := req.apply(&u); err != nil {
			return err
		}
		out, err = q.UpdateUserProfile(ctx, db.UpdateUserProfileParams{ID: u.ID, Name: u.Name, Phone: u.Phone, AvatarURL: u.AvatarURL})
		if err != nil {
			return err
		}
		return auditMember(c, q, "member.profile_updated", map[string]any{"phone_set": out.Phone != nil})
	})
	if err != nil {
		return err
	}
	return c.JSON(profileJSON(c, out))
}

// apply validates the patch and writes it onto u.
func (req profilePatch) apply(u *db.User) error {
	fields := map[string]string{}
	if req.Name != nil {
		name := strings.TrimSpace(*req.Name)
		switch {
		case name == "":
			fields["name"] = "required"
		case utf8.RuneCountInString(name) > 200:
			fields["name"] = "at most 200 characters"
		}
		u.Name = name
	}
	if req.Phone != nil {
		u.Phone = blankToNil(*req.Phone)
		if u.Phone != nil && !notify.ValidE164(*u.Phone) {
			fields["phone"] = "must be an international number in E.164 form, e.g. +14155550100"
		}
	}
	if req.AvatarURL != nil {
		u.AvatarURL = blankToNil(*req.AvatarURL)
		if u.AvatarURL != nil && !validAvatarURL(*u.AvatarURL) {
			fields["avatar_url"] = "must be an http(s) URL of at most 2048 characters"
		}
	}
	if len(fields) > 0 {
		return apperr.Validation(fields)
	}
	return nil
}

// blankToNil trims s and turns an empty value into no value.
func blankToNil(s string) *string {
	v := strings.TrimSpace(s)
	if v == "" {
		return nil
	}
	return &v
}

func validAvatarURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && len(s) <= maxAvatarURL && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}
