package api

import (
	"encoding/json"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"livechat/accounts"
	"livechat/apperr"
	"livechat/notify"
	"livechat/store/db"
)

// kindJSON is one kind of the catalogue: the channels it may use.
type kindJSON struct {
	Kind     string   `json:"kind"`
	Channels []string `json:"channels"`
}

func catalogJSON() []kindJSON {
	kinds := notify.Catalog()
	out := make([]kindJSON, len(kinds))
	for i, k := range kinds {
		out[i] = kindJSON{Kind: k.Kind, Channels: k.Channels}
	}
	return out
}

// myPreferencesResponse is a member's notification choices and what applies.
type myPreferencesResponse struct {
	Kinds       []kindJSON         `json:"kinds"`
	Effective   notify.Preferences `json:"effective"`
	Overrides   notify.Preferences `json:"overrides"`
	QuietHours  bool               `json:"quiet_hours"`
	HasPhone    bool               `json:"has_phone"`
	HasSchedule bool               `json:"has_schedule"`
}

// myPreferencesRequest is the body of PUT /me/notification-preferences.
type myPreferencesRequest struct {
	Overrides  notify.Preferences `json:"overrides"`
	QuietHours *bool              `json:"quiet_hours"`
}

// orgDefaultsResponse is the organisation's notification defaults.
type orgDefaultsResponse struct {
	Kinds     []kindJSON         `json:"kinds"`
	Effective notify.Preferences `json:"effective"`
	Overrides notify.Preferences `json:"overrides"`
}

// orgDefaultsRequest is the body of PUT /notification-defaults.
type orgDefaultsRequest struct {
	Overrides notify.Preferences `json:"overrides"`
}

func (s *Server) getMyPreferences(c *fiber.Ctx) error {
	out, err := s.myPreferences(c, s.Store.Queries)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (s *Server) putMyPreferences(c *fiber.Ctx) error {
	var req myPreferencesRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	_, raw, err := validPreferences(req.Overrides)
	if err != nil {
		return err
	}
	p := principal(c)
	ctx := c.UserContext()
	var out myPreferencesResponse
	err = s.Store.InTx(ctx, func(q *db.Queries) error {
		current, err := q.GetNotificationPreferences(ctx, db.GetNotificationPreferencesParams{OrgID: p.OrgID, UserID: p.UserID})
		if err != nil {
			return err
		}
		quiet := current.QuietHours
		if req.QuietHours != nil {
			quiet = *req.QuietHours
		}
		err = q.SetNotificationPreferences(ctx, db.SetNotificationPreferencesParams{
			OrgID: p.OrgID, UserID: p.UserID, NotificationPreferences: raw, QuietHours: quiet,
		})
		if err != nil {
			return err
		}
		if err := auditMember(c, q, "member.notification_preferences_updated", map[string]any{"quiet_hours": quiet}); err != nil {
			return err
		}
		out, err = s.myPreferences(c, q)
		return err
	})
	if err != nil {
		return err
	}
	return c.JSON(out)
}

// myPreferences reads the caller's choices, the organisation's defaults and
// what the choices need (a phone, a schedule).
func (s *Server) myPreferences(c *fiber.Ctx, q *db.Queries) (myPreferencesResponse, error) {
	p := principal(c)
	ctx := c.UserContext()
	org, err := orgPreferences(c, q)
	if err != nil {
		return myPreferencesResponse{}, err
	}
	row, err := q.GetNotificationPreferences(ctx, db.GetNotificationPreferencesParams{OrgID: p.OrgID, UserID: p.UserID})
	if err != nil {
		return myPreferencesResponse{}, err
	}
	own, err := notify.ParsePreferences(row.NotificationPreferences)
	if err != nil {
		return myPreferencesResponse{}, err
	}
	user, err := q.GetUser(ctx, p.UserID)
	if err != nil {
		return myPreferencesResponse{}, err
	}
	return myPreferencesResponse{
		Kinds: catalogJSON(), Effective: notify.Effective(org, own), Overrides: own, QuietHours: row.QuietHours,
		HasPhone: user.Phone != nil && notify.ValidE164(*user.Phone), HasSchedule: row.ScheduleID != nil,
	}, nil
}

// orgPreferences reads the caller's organisation's defaults.
func orgPreferences(c *fiber.Ctx, q *db.Queries) (notify.Preferences, error) {
	raw, err := q.GetNotificationDefaults(c.UserContext(), principal(c).OrgID)
	if err != nil {
		return nil, err
	}
	return notify.ParsePreferences(raw)
}

func (s *Server) getOrgDefaults(c *fiber.Ctx) error {
	org, err := orgPreferences(c, s.Store.Queries)
	if err != nil {
		return err
	}
	return c.JSON(orgDefaultsJSON(org))
}

func orgDefaultsJSON(org notify.Preferences) orgDefaultsResponse {
	return orgDefaultsResponse{Kinds: catalogJSON(), Effective: notify.Effective(org, nil), Overrides: org}
}

func (s *Server) putOrgDefaults(c *fiber.Ctx) error {
	var req orgDefaultsRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	overrides, raw, err := validPreferences(req.Overrides)
	if err != nil {
		return err
	}
	p := principal(c)
	ctx := c.UserContext()
	err = s.Store.InTx(ctx, func(q *db.Queries) error {
		if err := q.SetNotificationDefaults(ctx, db.SetNotificationDefaultsParams{ID: p.OrgID, NotificationDefaults: raw}); err != nil {
			return err
		}
		return accounts.Audit(ctx, q, p, "organization.notification_defaults_updated", "organization", p.OrgID.String(),
			map[string]any{"overrides": overrides})
	})
	if err != nil {
		return err
	}
	return c.JSON(orgDefaultsJSON(overrides))
}

// validPreferences checks choices against the catalogue and encodes them;
// no choices (null) are an empty set.
func validPreferences(p notify.Preferences) (notify.Preferences, []byte, error) {
	if p == nil {
		p = notify.Preferences{}
	}
	if field, message, ok := p.Validate(); !ok {
		return nil, nil, apperr.Validation(map[string]string{"overrides." + field: message})
	}
	raw, err := json.Marshal(p)
	if err != nil {
		return nil, nil, fmt.Errorf("api: encode preferences: %w", err)
	}
	return p, raw, nil
}
