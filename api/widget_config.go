package api

import (
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	"livechat/attachments"
	"livechat/store"
	"livechat/store/db"
)

// widgetConfigLimit bounds config reads per address: one per page view of a
// customer's website (browsers cache the answer for a minute).
var widgetConfigLimit = &limitRule{name: "widget-config-ip", max: 300, window: time.Minute, key: byIP}

// widgetConfigMaxAge is how long browsers may reuse a widget's config.
const widgetConfigMaxAge = "public, max-age=60"

type widgetConfigResponse struct {
	Widget  widgetPublic        `json:"widget"`
	Team    widgetTeamState     `json:"team"`
	Uploads widgetUploadsPolicy `json:"uploads"`
}

// widgetPublic is what a website's visitors may know about a widget.
type widgetPublic struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	widgetAppearance
}

// widgetTeamState says whether the widget's team is open now and, when
// closed, when it opens (nil: no opening is scheduled).
type widgetTeamState struct {
	Open    bool       `json:"open"`
	OpensAt *time.Time `json:"opens_at"`
}

type widgetUploadsPolicy struct {
	MaxBytes   int64    `json:"max_bytes"`
	Extensions []string `json:"extensions"`
}

// getWidgetConfig answers the loader and the chat frame: the widget's
// appearance, whether its team is open and which files visitors may send.
func (s *Server) getWidgetConfig(c *fiber.Ctx) error {
	w, err := s.widgetByKey(c, c.Query("key"))
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	team, err := s.Store.GetTeam(ctx, db.GetTeamParams{OrgID: w.OrgID, ID: w.TeamID})
	if err != nil {
		return err
	}
	sched, err := scheduleView(ctx, s.Store.Queries, team.ScheduleID, time.Now())
	if err != nil {
		return err
	}
	out := widgetConfigResponse{
		Widget:  widgetPublic{ID: w.ID.String(), Name: w.Name, widgetAppearance: appearanceOf(w)},
		Team:    widgetTeamState{Open: sched.OpenNow, OpensAt: sched.NextOpening},
		Uploads: widgetUploadsPolicy{MaxBytes: attachments.DefaultMaxBytes, Extensions: attachments.Extensions()},
	}
	if s.Attachments != nil {
		out.Uploads.MaxBytes = s.Attachments.Limit()
	}
	c.Set(fiber.HeaderCacheControl, widgetConfigMaxAge)
	return c.JSON(out)
}

// widgetByKey loads the widget of a public key and checks the caller's
// origin against its list.
func (s *Server) widgetByKey(c *fiber.Ctx, key string) (db.Widget, error) {
	if key == "" || len(key) > 200 {
		return db.Widget{}, errWidgetNotFound
	}
	w, err := s.Store.GetWidgetByKey(c.UserContext(), key)
	if errors.Is(store.Err(err), store.ErrNotFound) {
		return w, errWidgetNotFound
	}
	if err != nil {
		return w, err
	}
	if !s.originAllowed(c, w) {
		return w, errOriginNotAllowed
	}
	return w, nil
}

// originAllowed checks the caller's Origin: the widget's chat frame, served
// by this API, calls from the API's own origin (which sites may embed the
// frame is the frame's frame-ancestors policy); anything else must be on the
// widget's list.
func (s *Server) originAllowed(c *fiber.Ctx, w db.Widget) bool {
	origin := c.Get(fiber.HeaderOrigin)
	return s.ownOrigin(c, origin) || originOnList(w, origin)
}
