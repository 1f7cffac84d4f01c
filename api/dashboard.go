package api

import (
	"errors"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"livechat/apperr"
	"livechat/store/db"
)

const (
	// dashboardDefaultDays is the period shown when from and to are omitted:
	// the last 30 days, today included.
	dashboardDefaultDays = 30
	// dashboardMaxDays is the longest period one request may ask for.
	dashboardMaxDays = 366
	dateLayout       = "2006-01-02"
)

// dashboardFigures are the chat and contact figures of one day or a period.
type dashboardFigures struct {
	Chats                      int64    `json:"chats"`
	Answered                   int64    `json:"answered"`
	FirstResponseAvgSeconds    *float64 `json:"first_response_avg_seconds"`
	FirstResponseMedianSeconds *float64 `json:"first_response_median_seconds"`
	ResolutionAvgSeconds       *float64 `json:"resolution_avg_seconds"`
	ResolutionMedianSeconds    *float64 `json:"resolution_median_seconds"`
	NewContacts                int64    `json:"new_contacts"`
	ReturningContacts          int64    `json:"returning_contacts"`
}

// dashboardDay is the figures of one local day.
type dashboardDay struct {
	Date string `json:"date"`
	dashboardFigures
}

type dashboardResponse struct {
	From   string           `json:"from"`
	To     string           `json:"to"`
	TZ     string           `json:"tz"`
	TeamID *string          `json:"team_id"`
	Days   []dashboardDay   `json:"days"`
	Totals dashboardFigures `json:"totals"`
}

// dashboardQuery is a validated dashboard request.
type dashboardQuery struct {
	from, to time.Time // local calendar days (midnight UTC stands for the date)
	tz       string
	teamID   *uuid.UUID
}

// getDashboard answers the organisation's (or a team's) chat statistics per
// local day: ?from=YYYY-MM-DD&to=YYYY-MM-DD (inclusive, default the last 30
// days ending today in tz), team_id, tz (IANA zone, default UTC).
func (s *Server) getDashboard(c *fiber.Ctx) error {
	q, err := parseDashboardQuery(c, time.Now())
	if err != nil {
		return err
	}
	p := principal(c)
	if q.teamID != nil {
		if _, err := s.Store.GetTeam(c.UserContext(), teamParams(p.OrgID, *q.teamID)); err != nil {
			return notFoundOr(err, "no team %s in this organisation", *q.teamID)
		}
	}
	rows, err := s.Store.DashboardStats(c.UserContext(), db.DashboardStatsParams{
		Tz: q.tz, OrgID: p.OrgID, TeamID: q.teamID,
		FromDay: pgtype.Date{Time: q.from, Valid: true}, ToDay: pgtype.Date{Time: q.to, Valid: true},
	})
	if err != nil {
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && pgErr.Code == "22023" { // invalid_parameter_value: a zone Go knows and PostgreSQL does not
			return apperr.Validation(map[string]string{"tz": "an IANA time zone this server knows"})
		}
		return fmt.Errorf("dashboard: %w", err)
	}
	out := dashboardResponse{
		From: q.from.Format(dateLayout), To: q.to.Format(dateLayout), TZ: q.tz,
		TeamID: idString(q.teamID), Days: make([]dashboardDay, 0, len(rows)),
	}
	for _, r := range rows {
		f := dashboardFigures{
			Chats: r.Chats, Answered: r.Answered,
			FirstResponseAvgSeconds: r.FirstResponseAvg, FirstResponseMedianSeconds: r.FirstResponseMedian,
			ResolutionAvgSeconds: r.ResolutionAvg, ResolutionMedianSeconds: r.ResolutionMedian,
			NewContacts: r.NewContacts, ReturningContacts: r.ReturningContacts,
		}
		if r.Total {
			out.Totals = f
			continue
		}
		out.Days = append(out.Days, dashboardDay{Date: r.Day, dashboardFigures: f})
	}
	return c.JSON(out)
}

// parseDashboardQuery validates the query string; now fixes "today".
func parseDashboardQuery(c *fiber.Ctx, now time.Time) (dashboardQuery, error) {
	q := dashboardQuery{tz: c.Query("tz", "UTC")}
	fields := map[string]string{}
	loc, err := time.LoadLocation(q.tz)
	if err != nil || q.tz == "" || q.tz == "Local" {
		fields["tz"] = `an IANA time zone such as "Europe/Berlin" or "UTC"`
		loc = time.UTC
	}
	y, m, d := now.In(loc).Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)

	from, fromOK := parseDashboardDate(c, "from", fields)
	to, toOK := parseDashboardDate(c, "to", fields)
	switch {
	case from == nil && to == nil:
		q.to = today
		q.from = today.AddDate(0, 0, 1-dashboardDefaultDays)
	case from == nil:
		q.to = *to
		q.from = to.AddDate(0, 0, 1-dashboardDefaultDays)
	case to == nil:
		q.from, q.to = *from, today
	default:
		q.from, q.to = *from, *to
	}
	if fromOK && toOK {
		switch days := int(q.to.Sub(q.from)/(24*time.Hour)) + 1; {
		case days < 1 && to == nil:
			fields["from"] = "must not be after today"
		case days < 1:
			fields["from"] = "must not be after to"
		case days > dashboardMaxDays:
			fields["to"] = fmt.Sprintf("the period is at most %d days", dashboardMaxDays)
		case q.from.Year() < 1:
			fields["to"] = "too early a date"
		}
	}

	if v := c.Query("team_id"); v != "" {
		id, err := uuid.Parse(v)
		if err != nil {
			fields["team_id"] = "not a valid id"
		} else {
			q.teamID = &id
		}
	}
	if len(fields) > 0 {
		return q, apperr.Validation(fields)
	}
	return q, nil
}

// parseDashboardDate reads a YYYY-MM-DD query parameter: nil when absent,
// ok false (with the fault in fields) when malformed.
func parseDashboardDate(c *fiber.Ctx, name string, fields map[string]string) (*time.Time, bool) {
	v := c.Query(name)
	if v == "" {
		return nil, true
	}
	t, err := time.Parse(dateLayout, v)
	if err != nil || t.Year() < 1 {
		fields[name] = "a date as YYYY-MM-DD"
		return nil, false
	}
	return &t, true
}
