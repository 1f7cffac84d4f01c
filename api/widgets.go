package api

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"livechat/accounts"
	"livechat/apperr"
	"livechat/store"
	"livechat/store/db"
)

// maxAllowedOrigins caps a widget's origin list.
const maxAllowedOrigins = 50

type widgetResponse struct {
	ID               string   `json:"id"`
	TeamID           string   `json:"team_id"`
	Name             string   `json:"name"`
	PublicKey        string   `json:"public_key"`
	AllowedOrigins   []string `json:"allowed_origins"`
	IdentityRequired bool     `json:"identity_required"`
	widgetAppearance
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

func widgetJSON(w db.Widget) widgetResponse {
	return widgetResponse{ID: w.ID.String(), TeamID: w.TeamID.String(), Name: w.Name, PublicKey: w.PublicKey,
		AllowedOrigins: w.AllowedOrigins, IdentityRequired: w.IdentityRequired, widgetAppearance: appearanceOf(w),
		CreatedAt: w.CreatedAt, UpdatedAt: w.UpdatedAt}
}

// widgetRequest creates a widget or, with the fields it names, changes one.
type widgetRequest struct {
	Name             *string    `json:"name"`
	TeamID           *uuid.UUID `json:"team_id"`
	AllowedOrigins   *[]string  `json:"allowed_origins"`
	IdentityRequired *bool      `json:"identity_required"`
	widgetAppearanceRequest
}

var errWidgetMissing = apperr.New(apperr.NotFound, "widget_not_found", "no such widget")

func (s *Server) listWidgets(c *fiber.Ctx) error {
	rows, err := s.Store.ListWidgets(c.UserContext(), principal(c).OrgID)
	if err != nil {
		return err
	}
	out := make([]widgetResponse, len(rows))
	for i, w := range rows {
		out[i] = widgetJSON(w)
	}
	return c.JSON(fiber.Map{"widgets": out})
}

func (s *Server) createWidget(c *fiber.Ctx) error {
	var req widgetRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if req.Name == nil || req.TeamID == nil {
		return apperr.Validation(map[string]string{"name": "required with team_id", "team_id": "required with name"})
	}
	d := defaultAppearance
	w := db.Widget{OrgID: principal(c).OrgID, AllowedOrigins: []string{},
		Color: d.Color, Title: d.Title, Greeting: d.Greeting, Position: d.Position, Language: d.Language}
	if err := s.applyWidget(c, &w, req); err != nil {
		return err
	}
	key, err := accounts.NewToken("wk_")
	if err != nil {
		return err
	}
	err = s.Store.InTx(c.UserContext(), func(q *db.Queries) error {
		w, err = q.CreateWidget(c.UserContext(), db.CreateWidgetParams{
			ID: uuid.Must(uuid.NewV7()), OrgID: w.OrgID, TeamID: w.TeamID, Name: w.Name, PublicKey: key,
			AllowedOrigins: w.AllowedOrigins, IdentityRequired: w.IdentityRequired,
			Color: w.Color, Title: w.Title, Greeting: w.Greeting, Position: w.Position, Language: w.Language,
		})
		if err != nil {
			return err
		}
		return auditWidget(c, q, "widget.created", w)
	})
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(widgetJSON(w))
}

func (s *Server) updateWidget(c *fiber.Ctx) error {
	w, err := s.loadWidget(c)
	if err != nil {
		return err
	}
	var req widgetRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if err := s.applyWidget(c, &w, req); err != nil {
		return err
	}
	err = s.Store.InTx(c.UserContext(), func(q *db.Queries) error {
		w, err = q.UpdateWidget(c.UserContext(), db.UpdateWidgetParams{
			OrgID: w.OrgID, ID: w.ID, TeamID: w.TeamID, Name: w.Name, AllowedOrigins: w.AllowedOrigins, IdentityRequired: w.IdentityRequired,
			Color: w.Color, Title: w.Title, Greeting: w.Greeting, Position: w.Position, Language: w.Language,
		})
		if err != nil {
			return err
		}
		return auditWidget(c, q, "widget.updated", w)
	})
	if err != nil {
		return err
	}
	return c.JSON(widgetJSON(w))
}

func (s *Server) deleteWidget(c *fiber.Ctx) error {
	w, err := s.loadWidget(c)
	if err != nil {
		return err
	}
	err = s.Store.InTx(c.UserContext(), func(q *db.Queries) error {
		if _, err := q.DeleteWidget(c.UserContext(), db.DeleteWidgetParams{OrgID: w.OrgID, ID: w.ID}); err != nil {
			return err
		}
		return auditWidget(c, q, "widget.deleted", w)
	})
	if err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *Server) loadWidget(c *fiber.Ctx) (db.Widget, error) {
	id, err := pathID(c, "widgetID")
	if err != nil {
		return db.Widget{}, err
	}
	w, err := s.Store.GetWidget(c.UserContext(), db.GetWidgetParams{OrgID: principal(c).OrgID, ID: id})
	if errors.Is(store.Err(err), store.ErrNotFound) {
		return w, errWidgetMissing
	}
	return w, err
}

// applyWidget validates the request's fields and copies them onto w.
func (s *Server) applyWidget(c *fiber.Ctx, w *db.Widget, req widgetRequest) error {
	f := map[string]string{}
	if req.Name != nil {
		name := strings.TrimSpace(*req.Name)
		if name == "" || len(name) > 100 {
			f["name"] = "1 to 100 characters"
		}
		w.Name = name
	}
	if req.TeamID != nil {
		if _, err := s.Store.GetTeam(c.UserContext(), db.GetTeamParams{OrgID: w.OrgID, ID: *req.TeamID}); err != nil {
			f["team_id"] = "no such team"
		}
		w.TeamID = *req.TeamID
	}
	if req.AllowedOrigins != nil {
		origins, msg := normalizeOrigins(*req.AllowedOrigins)
		if msg != "" {
			f["allowed_origins"] = msg
		}
		w.AllowedOrigins = origins
	}
	if req.IdentityRequired != nil {
		w.IdentityRequired = *req.IdentityRequired
	}
	req.apply(w, f)
	if len(f) > 0 {
		return apperr.Validation(f)
	}
	return nil
}

// normalizeOrigins checks each entry is an origin (scheme://host[:port],
// host may start with "*." for subdomains) and lower-cases it.
func normalizeOrigins(in []string) ([]string, string) {
	if len(in) > maxAllowedOrigins {
		return nil, "at most 50 origins"
	}
	out := make([]string, 0, len(in))
	for _, o := range in {
		o = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(o), "/"))
		u, err := url.Parse(strings.Replace(o, "://*.", "://wildcard.", 1))
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Path != "" || u.RawQuery != "" || u.User != nil {
			return nil, "each entry is an origin such as https://shop.example or https://*.example"
		}
		out = append(out, o)
	}
	return out, ""
}

func auditWidget(c *fiber.Ctx, q *db.Queries, action string, w db.Widget) error {
	return accounts.Audit(c.UserContext(), q, principal(c), action, "widget", w.ID.String(),
		map[string]any{"name": w.Name, "team_id": w.TeamID, "allowed_origins": w.AllowedOrigins, "identity_required": w.IdentityRequired})
}

type identitySecretResponse struct {
	Secret string `json:"secret"`
}

// getIdentitySecret shows the key a customer's server signs user ids with,
// creating it on first use.
func (s *Server) getIdentitySecret(c *fiber.Ctx) error {
	p := principal(c)
	secret, err := s.Store.GetIdentitySecret(c.UserContext(), p.OrgID)
	if err != nil {
		return err
	}
	if secret != nil {
		return c.JSON(identitySecretResponse{Secret: *secret})
	}
	return s.newIdentitySecret(c, "identity_secret.created")
}

// rotateIdentitySecret replaces the key: signatures made with the old one
// stop working at once.
func (s *Server) rotateIdentitySecret(c *fiber.Ctx) error {
	return s.newIdentitySecret(c, "identity_secret.rotated")
}

func (s *Server) newIdentitySecret(c *fiber.Ctx, action string) error {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return err
	}
	secret := hex.EncodeToString(raw)
	p := principal(c)
	err := s.Store.InTx(c.UserContext(), func(q *db.Queries) error {
		if err := q.SetIdentitySecret(c.UserContext(), db.SetIdentitySecretParams{ID: p.OrgID, IdentitySecret: &secret}); err != nil {
			return err
		}
		return accounts.Audit(c.UserContext(), q, p, action, "organization", p.OrgID.String(), nil)
	})
	if err != nil {
		return err
	}
	return c.JSON(identitySecretResponse{Secret: secret})
}
