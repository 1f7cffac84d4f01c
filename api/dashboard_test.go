package api

import (
	"net/http"
	"net/url"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"livechat/accounts"
)

// seedContact inserts a contact of org straight into the database.
func (e *testEnv) seedContact(orgID uuid.UUID, name string) uuid.UUID {
	e.t.Helper()
	id := uuid.New()
	_, err := e.Store.Pool.Exec(e.t.Context(), `INSERT INTO contacts (id, org_id, name) VALUES ($1, $2, $3)`, id, orgID, name)
	require.NoError(e.t, err)
	return id
}

// seededChat is a chat projection row as the workflow's activities leave it;
// times are RFC 3339 ("" = NULL).
type seededChat struct {
	org, team, contact                uuid.UUID
	status                            string
	created, queued, responded, ended string
}

// seedChat inserts a chat, then sets its timestamps as a finished workflow would.
func (e *testEnv) seedChat(c seededChat) {
	e.t.Helper()
	id := uuid.New()
	_, err := e.Store.Pool.Exec(e.t.Context(),
		`INSERT INTO chats (id, org_id, team_id, contact_id, status) VALUES ($1, $2, $3, $4, $5)`,
		id, c.org, c.team, c.contact, c.status)
	require.NoError(e.t, err)
	_, err = e.Store.Pool.Exec(e.t.Context(), `UPDATE chats SET
		created_at = $2::timestamptz,
		queued_at = NULLIF($3, '')::timestamptz,
		first_agent_response_at = NULLIF($4, '')::timestamptz,
		ended_at = NULLIF($5, '')::timestamptz
		WHERE id = $1`, id, c.created, c.queued, c.responded, c.ended)
	require.NoError(e.t, err)
}

// dashboard fetches /dashboard with a query string and expects 200.
func (c *apiClient) dashboard(query string) map[string]any {
	c.t.Helper()
	status, body := c.do(http.MethodGet, "/api/v1/dashboard"+query, nil)
	require.Equal(c.t, http.StatusOK, status, "%v", body)
	return body
}

// figs are the expected figures of a day or period; the seconds are nil or a number.
type figs struct {
	chats, answered                    int
	frAvg, frMedian, resAvg, resMedian any
	newContacts, returning             int
}

// none is a day without chats.
var none = figs{}

func (f figs) json() map[string]any {
	num := func(v any) any {
		switch v := v.(type) {
		case nil:
			return nil
		case int:
			return float64(v)
		default:
			return v
		}
	}
	return map[string]any{
		"chats": float64(f.chats), "answered": float64(f.answered),
		"first_response_avg_seconds": num(f.frAvg), "first_response_median_seconds": num(f.frMedian),
		"resolution_avg_seconds": num(f.resAvg), "resolution_median_seconds": num(f.resMedian),
		"new_contacts": float64(f.newContacts), "returning_contacts": float64(f.returning),
	}
}

// requireDashboard checks the days (date → figures, in order) and totals of a reply.
func requireDashboard(t *testing.T, body map[string]any, days []string, perDay map[string]figs, totals figs) {
	t.Helper()
	got := items(t, body, "days")
	require.Equal(t, days, pluck(got, "date"), "every day of the period, in order")
	for _, d := range got {
		want := perDay[d["date"].(string)].json()
		want["date"] = d["date"]
		require.Equal(t, want, d, "day %s", d["date"])
	}
	require.Equal(t, totals.json(), body["totals"], "totals")
}

func TestDashboard(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	owner := env.login("owner@acme.test")
	acme := env.Org.Org.ID
	inbox := env.Org.Inbox.ID
	sales := uuid.MustParse(owner.createTeam("Sales")["id"].(string))
	globex := env.newOrg("Globex", "globex", "owner@globex.test")

	a, b, c := env.seedContact(acme, "A"), env.seedContact(acme, "B"), env.seedContact(acme, "C")
	d, e, f := env.seedContact(acme, "D"), env.seedContact(acme, "E"), env.seedContact(acme, "F")
	g := env.seedContact(globex.Org.ID, "G")

	// Europe/Berlin is UTC+1 in November: 23:30 UTC is 00:30 the next local day.
	for _, ch := range []seededChat{
		// A's first chat, before the period: A returns in it.
		{acme, inbox, a, "ended", "2026-10-20T10:00:00Z", "2026-10-20T10:00:00Z", "", "2026-10-20T11:00:00Z"},
		// Berlin 11-01: response 120 s, resolution 1800 s.
		{acme, inbox, a, "ended", "2026-11-01T09:00:00Z", "2026-11-01T09:00:00Z", "2026-11-01T09:02:00Z", "2026-11-01T09:30:00Z"},
		// Berlin 11-01 00:30 (UTC 10-31): response 240 s after queuing, resolution 3600 s. B's first chat.
		{acme, inbox, b, "ended", "2026-10-31T23:30:00Z", "2026-10-31T23:31:00Z", "2026-10-31T23:35:00Z", "2026-11-01T00:30:00Z"},
		// Berlin 11-01: B again (another team), still waiting.
		{acme, sales, b, "waiting", "2026-11-01T12:00:00Z", "2026-11-01T12:00:00Z", "", ""},
		// Berlin 11-01 23:30: response 60 s, resolution 1800 s. C's first chat.
		{acme, sales, c, "ended", "2026-11-01T22:30:00Z", "2026-11-01T22:30:00Z", "2026-11-01T22:31:00Z", "2026-11-01T23:00:00Z"},
		// A failed chat never counts, not even as D's first chat.
		{acme, sales, d, "failed", "2026-11-01T08:00:00Z", "2026-11-01T08:00:00Z", "2026-11-01T08:00:10Z", "2026-11-01T08:01:00Z"},
		// Berlin 11-03 00:30 (UTC 11-02): response 300 s, resolution 600 s. D's first chat.
		{acme, inbox, d, "ended", "2026-11-02T23:30:00Z", "2026-11-02T23:30:00Z", "2026-11-02T23:35:00Z", "2026-11-02T23:40:00Z"},
		// Berlin 11-03: C returns; response 30 s, still open.
		{acme, inbox, c, "assigned", "2026-11-03T08:00:00Z", "2026-11-03T08:00:00Z", "2026-11-03T08:00:30Z", ""},
		// E's only chat failed: E is nowhere.
		{acme, inbox, e, "failed", "2026-11-03T09:00:00Z", "2026-11-03T09:00:00Z", "2026-11-03T09:01:00Z", "2026-11-03T09:05:00Z"},
		// Berlin 11-05: A returns; moved to Sales (queued again) after the
		// first response, so the response counts from creation: 90 s; resolution 3600 s.
		{acme, sales, a, "ended", "2026-11-05T10:00:00Z", "2026-11-05T10:30:00Z", "2026-11-05T10:01:30Z", "2026-11-05T11:00:00Z"},
		// Berlin 11-06 00:30: after the period (UTC 11-05).
		{acme, inbox, b, "waiting", "2026-11-05T23:30:00Z", "2026-11-05T23:30:00Z", "", ""},
		// Around the end of summer time (10-25 03:00 CEST → 02:00 CET): both on Berlin 10-25.
		{acme, inbox, f, "ended", "2026-10-24T22:30:00Z", "2026-10-24T22:30:00Z", "2026-10-24T22:30:10Z", "2026-10-24T22:40:00Z"},
		{acme, inbox, f, "ended", "2026-10-25T22:30:00Z", "2026-10-25T22:30:00Z", "2026-10-25T22:30:20Z", "2026-10-25T22:50:00Z"},
		// Another organisation, same days.
		{globex.Org.ID, globex.Inbox.ID, g, "ended", "2026-11-01T09:00:00Z", "2026-11-01T09:00:00Z", "2026-11-01T09:00:07Z", "2026-11-01T09:10:00Z"},
	} {
		env.seedChat(ch)
	}
	period := []string{"2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05"}

	t.Run("local days in a time zone", func(t *testing.T) {
		body := owner.dashboard("?from=2026-11-01&to=2026-11-05&tz=Europe/Berlin")
		require.Equal(t, "2026-11-01", body["from"])
		require.Equal(t, "2026-11-05", body["to"])
		require.Equal(t, "Europe/Berlin", body["tz"])
		require.Nil(t, body["team_id"])
		require.Contains(t, body, "team_id")
		requireDashboard(t, body, period, map[string]figs{
			// A returns; B and C are new. Responses 120, 240, 60; resolutions 1800, 3600, 1800.
			"2026-11-01": {4, 3, 140, 120, 2400, 1800, 2, 1},
			"2026-11-02": none,
			// D new, C returning. Responses 300, 30; resolution 600.
			"2026-11-03": {2, 2, 165, 165, 600, 600, 1, 1},
			"2026-11-04": none,
			"2026-11-05": {1, 1, 90, 90, 3600, 3600, 0, 1},
		},
			// Responses 30 60 90 120 240 300; resolutions 600 1800 1800 3600 3600;
			// contacts once: B, C, D new, A returning.
			figs{7, 6, 140, 105, 2280, 1800, 3, 1})
	})

	t.Run("UTC by default", func(t *testing.T) {
		body := owner.dashboard("?from=2026-11-01&to=2026-11-05")
		require.Equal(t, "UTC", body["tz"])
		requireDashboard(t, body, period, map[string]figs{
			// B's first chat was on 10-31 in UTC: B returns here.
			"2026-11-01": {3, 2, 90, 90, 1800, 1800, 1, 2},
			"2026-11-02": {1, 1, 300, 300, 600, 600, 1, 0},
			"2026-11-03": {1, 1, 30, 30, nil, nil, 0, 1},
			"2026-11-04": none,
			// The 23:30 chat is on 11-05 in UTC.
			"2026-11-05": {2, 1, 90, 90, 3600, 3600, 0, 2},
		}, figs{7, 5, 120, 90, 1950, 1800, 2, 2})
	})

	t.Run("one team", func(t *testing.T) {
		body := owner.dashboard("?from=2026-11-01&to=2026-11-05&tz=Europe/Berlin&team_id=" + inbox.String())
		require.Equal(t, inbox.String(), body["team_id"])
		requireDashboard(t, body, period, map[string]figs{
			"2026-11-01": {2, 2, 180, 180, 2700, 2700, 1, 1},
			"2026-11-03": {2, 2, 165, 165, 600, 600, 1, 1},
		},
			// C's first chat (11-01) was with Sales: in Inbox's figures C only returns.
			figs{4, 4, 172.5, 180, 2000, 1800, 2, 2})

		body = owner.dashboard("?from=2026-11-01&to=2026-11-05&tz=Europe/Berlin&team_id=" + sales.String())
		require.Equal(t, sales.String(), body["team_id"])
		requireDashboard(t, body, period, map[string]figs{
			// B's first chat in the organisation was with Inbox the same day: new.
			"2026-11-01": {2, 1, 60, 60, 1800, 1800, 2, 0},
			"2026-11-05": {1, 1, 90, 90, 3600, 3600, 0, 1},
		}, figs{3, 2, 75, 75, 2700, 2700, 2, 1})
	})

	t.Run("days across a daylight saving change", func(t *testing.T) {
		body := owner.dashboard("?from=2026-10-24&to=2026-10-25&tz=Europe/Berlin")
		requireDashboard(t, body, []string{"2026-10-24", "2026-10-25"}, map[string]figs{
			"2026-10-25": {2, 2, 15, 15, 900, 900, 1, 0},
		}, figs{2, 2, 15, 15, 900, 900, 1, 0})
		body = owner.dashboard("?from=2026-10-24&to=2026-10-25")
		requireDashboard(t, body, []string{"2026-10-24", "2026-10-25"}, map[string]figs{
			"2026-10-24": {1, 1, 10, 10, 600, 600, 1, 0},
			"2026-10-25": {1, 1, 20, 20, 1200, 1200, 0, 1},
		}, figs{2, 2, 15, 15, 900, 900, 1, 0})
	})

	t.Run("other organisations are invisible", func(t *testing.T) {
		other := env.login("owner@globex.test")
		body := other.dashboard("?from=2026-11-01&to=2026-11-05&tz=Europe/Berlin")
		requireDashboard(t, body, period, map[string]figs{
			"2026-11-01": {1, 1, 7, 7, 600, 600, 1, 0},
		}, figs{1, 1, 7, 7, 600, 600, 1, 0})

		// Neither organisation may name the other's team.
		for _, tc := range []struct {
			client *apiClient
			team   uuid.UUID
		}{{owner, globex.Inbox.ID}, {other, inbox}, {owner, uuid.New()}} {
			status, body := tc.client.do(http.MethodGet, "/api/v1/dashboard?team_id="+tc.team.String(), nil)
			require.Equal(t, http.StatusNotFound, status, "%v", body)
			require.Equal(t, "not_found", errorCode(t, body))
		}
	})

	t.Run("supervisors and API keys; not agents", func(t *testing.T) {
		env.addMember(env.Org, "super@acme.test", accounts.RoleSupervisor)
		env.addMember(env.Org, "agent@acme.test", accounts.RoleAgent)
		want := owner.dashboard("?from=2026-11-01&to=2026-11-05&tz=Europe/Berlin")
		require.Equal(t, want, env.login("super@acme.test").dashboard("?from=2026-11-01&to=2026-11-05&tz=Europe/Berlin"))
		_, secret := owner.createKey("Reports")
		require.Equal(t, want, env.withKey(secret).dashboard("?from=2026-11-01&to=2026-11-05&tz=Europe/Berlin"))

		status, body := env.login("agent@acme.test").do(http.MethodGet, "/api/v1/dashboard", nil)
		require.Equal(t, http.StatusForbidden, status, "%v", body)
		require.Equal(t, "forbidden", errorCode(t, body))
		status, body = env.anonymous().do(http.MethodGet, "/api/v1/dashboard", nil)
		require.Equal(t, http.StatusUnauthorized, status, "%v", body)
	})
}

// localToday is the date in zone name now.
func localToday(t *testing.T, name string) time.Time {
	t.Helper()
	loc, err := time.LoadLocation(name)
	require.NoError(t, err)
	y, m, d := time.Now().In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func TestDashboardDefaultPeriod(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	owner := env.login("owner@acme.test")
	contact := env.seedContact(env.Org.Org.ID, "Today")
	now := time.Now().UTC().Truncate(time.Second)
	env.seedChat(seededChat{env.Org.Org.ID, env.Org.Inbox.ID, contact, "waiting", now.Format(time.RFC3339), now.Format(time.RFC3339), "", ""})

	// Kiritimati (UTC+14) and Pago Pago (UTC-11) are on different dates
	// most of the day; "today" is the zone's.
	for _, tz := range []string{"UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago"} {
		t.Run(tz, func(t *testing.T) {
			before := localToday(t, tz)
			body := owner.dashboard("?tz=" + url.QueryEscape(tz))
			after := localToday(t, tz)
			today := before
			if body["to"] != before.Format(dateLayout) {
				today = after // midnight passed during the request
			}
			require.Equal(t, today.Format(dateLayout), body["to"])
			require.Equal(t, today.AddDate(0, 0, -29).Format(dateLayout), body["from"])
			days := items(t, body, "days")
			require.Len(t, days, 30)
			require.Equal(t, body["from"], days[0]["date"])
			require.Equal(t, body["to"], days[29]["date"])
			require.Equal(t, figs{1, 0, nil, nil, nil, nil, 1, 0}.json(), body["totals"], "today's chat is in the period")

			// Only from: until today. Only to: the 30 days up to it.
			from := today.AddDate(0, 0, -6).Format(dateLayout)
			body = owner.dashboard("?tz=" + url.QueryEscape(tz) + "&from=" + from)
			if body["to"] == today.Format(dateLayout) {
				require.Len(t, items(t, body, "days"), 7)
			}
			body = owner.dashboard("?tz=" + url.QueryEscape(tz) + "&to=2026-03-31")
			require.Equal(t, "2026-03-02", body["from"])
			require.Len(t, items(t, body, "days"), 30)
		})
	}
}

func TestDashboardBadQuery(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	owner := env.login("owner@acme.test")
	for _, tt := range []struct{ query, field string }{
		{"?from=2026-13-01&to=2026-12-31", "from"},
		{"?from=2026-11-1&to=2026-11-05", "from"},
		{"?from=01/11/2026", "from"},
		{"?from=2026-11-01T00:00:00Z", "from"},
		{"?from=2026-11-01&to=yesterday", "to"},
		{"?from=2026-02-29&to=2026-03-01", "from"},
		{"?from=2026-11-05&to=2026-11-04", "from"},
		{"?from=2999-01-01", "from"},
		{"?from=2025-01-01&to=2026-01-02", "to"}, // 367 days
		{"?from=2023-01-01&to=2024-12-31", "to"},
		{"?tz=Mars/Olympus", "tz"},
		{"?tz=Local", "tz"},
		{"?tz=../../etc/passwd", "tz"},
		{"?tz=UTC%2B3", "tz"},
		{"?team_id=inbox", "team_id"},
	} {
		t.Run(tt.query, func(t *testing.T) {
			status, body := owner.do(http.MethodGet, "/api/v1/dashboard"+tt.query, nil)
			require.Equal(t, http.StatusBadRequest, status, "%v", body)
			require.Equal(t, "validation_failed", errorCode(t, body))
			require.Contains(t, errorFields(t, body), tt.field)
		})
	}

	// The longest period: 366 days (2024 is a leap year); one day.
	body := owner.dashboard("?from=2024-01-01&to=2024-12-31&tz=Asia/Kolkata")
	require.Len(t, items(t, body, "days"), 366)
	body = owner.dashboard("?from=2025-01-01&to=2026-01-01")
	require.Len(t, items(t, body, "days"), 366)
	body = owner.dashboard("?from=2026-11-01&to=2026-11-01")
	require.Len(t, items(t, body, "days"), 1)
	require.Equal(t, none.json(), body["totals"])
}

// TestOpenAPIDashboardSchemas checks the documented dashboard schemas have
// exactly the JSON fields of the response structs, all required.
func TestOpenAPIDashboardSchemas(t *testing.T) {
	doc, _ := loadOpenAPI(t)
	schemas, _ := doc["components"].(map[string]any)["schemas"].(map[string]any)
	for name, v := range map[string]any{
		"Dashboard": dashboardResponse{}, "DashboardDay": dashboardDay{}, "DashboardFigures": dashboardFigures{},
	} {
		schema, ok := schemas[name].(map[string]any)
		require.True(t, ok, "components/schemas/%s is missing", name)
		props, _ := schema["properties"].(map[string]any)
		var documented, required []string
		for p := range props {
			documented = append(documented, p)
		}
		for _, r := range schema["required"].([]any) {
			required = append(required, r.(string))
		}
		var fields []string
		for _, f := range jsonFields(reflect.TypeOf(v)) {
			fields = append(fields, f.name)
		}
		require.ElementsMatch(t, fields, documented, "components/schemas/%s properties", name)
		require.ElementsMatch(t, fields, required, "components/schemas/%s: every field is always sent", name)
	}
}
