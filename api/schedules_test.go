package api

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"livechat/accounts"
	"livechat/store/db"
)

// weekdays is a schedule body open 09:00-17:00 Monday to Friday in Berlin,
// closed at Christmas.
func weekdays() map[string]any {
	hours := []map[string]any{}
	for d := 1; d <= 5; d++ {
		hours = append(hours, map[string]any{"weekday": d, "opens": "09:00", "closes": "17:00"})
	}
	return map[string]any{
		"time_zone": "Europe/Berlin",
		"hours":     hours,
		"holidays":  []map[string]any{{"day": "2026-12-25", "name": "Christmas"}},
	}
}

// countRows counts the rows of a table for the organisation.
func (e *testEnv) countRows(table string, orgID uuid.UUID) int {
	e.t.Helper()
	var n int
	err := e.Store.Pool.QueryRow(e.t.Context(), "SELECT count(*) FROM "+table+" WHERE org_id = $1", orgID).Scan(&n)
	require.NoError(e.t, err)
	return n
}

// auditActions lists the audit log's actions of the organisation, newest first.
func (e *testEnv) auditActions(orgID uuid.UUID) []db.AuditLog {
	e.t.Helper()
	rows, err := e.Store.ListAudit(e.t.Context(), db.ListAuditParams{OrgID: orgID, Limit: 200})
	require.NoError(e.t, err)
	return rows
}

func requireAudit(t *testing.T, env *testEnv, orgID uuid.UUID, action, targetType, targetID string) db.AuditLog {
	t.Helper()
	for _, r := range env.auditActions(orgID) {
		if r.Action == action && r.TargetType == targetType && r.TargetID == targetID {
			return r
		}
	}
	require.Failf(t, "audit entry missing", "no %s on %s %s", action, targetType, targetID)
	return db.AuditLog{}
}

func TestTeamScheduleLifecycle(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	owner := env.login("owner@acme.test")
	team := env.Org.Inbox.ID.String()
	path := "/api/v1/teams/" + team + "/schedule"

	// No schedule: the team is always open.
	status, body := owner.do(http.MethodGet, path, nil)
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, map[string]any{"enabled": false, "time_zone": "", "hours": []any{}, "holidays": []any{},
		"open_now": true, "next_opening": nil}, body)

	status, body = owner.do(http.MethodPut, path, weekdays())
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, true, body["enabled"])
	require.Equal(t, "Europe/Berlin", body["time_zone"])
	require.Len(t, items(t, body, "hours"), 5)
	require.Equal(t, map[string]any{"weekday": float64(1), "opens": "09:00", "closes": "17:00"}, items(t, body, "hours")[0])
	require.Equal(t, []map[string]any{{"day": "2026-12-25", "name": "Christmas"}}, items(t, body, "holidays"))
	_, body2 := owner.do(http.MethodGet, path, nil)
	require.Equal(t, body, body2, "GET shows what PUT answered")
	team1, err := env.Store.GetTeam(t.Context(), teamParams(env.Org.Org.ID, env.Org.Inbox.ID))
	require.NoError(t, err)
	require.NotNil(t, team1.ScheduleID)
	audit := requireAudit(t, env, env.Org.Org.ID, "team.schedule_updated", "team", team)
	require.Contains(t, string(audit.Details), "Europe/Berlin")

	// A second PUT replaces everything, in the same schedule row.
	second := map[string]any{
		"time_zone": "America/New_York",
		"hours": []map[string]any{
			{"weekday": 6, "opens": "10:00", "closes": "14:00"},
			{"weekday": 0, "opens": "18:00", "closes": "24:00"},
			{"weekday": 0, "opens": "08:00", "closes": "12:00"},
		},
		"holidays": []map[string]any{{"day": "2026-07-04", "name": " Independence Day "}, {"day": "2026-01-01"}},
	}
	status, body = owner.do(http.MethodPut, path, second)
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, "America/New_York", body["time_zone"])
	require.Equal(t, []map[string]any{
		{"weekday": float64(0), "opens": "08:00", "closes": "12:00"},
		{"weekday": float64(0), "opens": "18:00", "closes": "24:00"},
		{"weekday": float64(6), "opens": "10:00", "closes": "14:00"},
	}, items(t, body, "hours"), "only the second set, ordered by weekday and time")
	require.Equal(t, []map[string]any{{"day": "2026-01-01", "name": ""}, {"day": "2026-07-04", "name": "Independence Day"}},
		items(t, body, "holidays"))
	team2, err := env.Store.GetTeam(t.Context(), teamParams(env.Org.Org.ID, env.Org.Inbox.ID))
	require.NoError(t, err)
	require.Equal(t, team1.ScheduleID, team2.ScheduleID, "the schedule is updated in place")
	require.Equal(t, 1, env.countRows("availability_schedules", env.Org.Org.ID))

	// DELETE disables it: the row goes, the team is always open again.
	status, body = owner.do(http.MethodDelete, path, nil)
	require.Equal(t, http.StatusNoContent, status, "%v", body)
	status, body = owner.do(http.MethodGet, path, nil)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, false, body["enabled"])
	require.Equal(t, true, body["open_now"])
	require.Equal(t, 0, env.countRows("availability_schedules", env.Org.Org.ID))
	team3, err := env.Store.GetTeam(t.Context(), teamParams(env.Org.Org.ID, env.Org.Inbox.ID))
	require.NoError(t, err)
	require.Nil(t, team3.ScheduleID)
	requireAudit(t, env, env.Org.Org.ID, "team.schedule_removed", "team", team)

	// Removing again is a no-op, not an error, and is not audited twice.
	status, _ = owner.do(http.MethodDelete, path, nil)
	require.Equal(t, http.StatusNoContent, status)
	removed := 0
	for _, r := range env.auditActions(env.Org.Org.ID) {
		if r.Action == "team.schedule_removed" {
			removed++
		}
	}
	require.Equal(t, 1, removed)

	// A new PUT after DELETE makes a new schedule.
	status, body = owner.do(http.MethodPut, path, weekdays())
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, 1, env.countRows("availability_schedules", env.Org.Org.ID))
}

func TestTeamScheduleValidation(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	owner := env.login("owner@acme.test")
	path := "/api/v1/teams/" + env.Org.Inbox.ID.String() + "/schedule"

	with := func(change func(b map[string]any)) map[string]any {
		b := weekdays()
		change(b)
		return b
	}
	hour := func(wd int, opens, closes string) map[string]any {
		return map[string]any{"weekday": wd, "opens": opens, "closes": closes}
	}
	many := func(n int, f func(i int) map[string]any) []map[string]any {
		out := make([]map[string]any, n)
		for i := range out {
			out[i] = f(i)
		}
		return out
	}
	for name, c := range map[string]struct {
		body  map[string]any
		field string
	}{
		"no time zone":      {with(func(b map[string]any) { delete(b, "time_zone") }), "time_zone"},
		"unknown time zone": {with(func(b map[string]any) { b["time_zone"] = "Mars/Olympus_Mons" }), "time_zone"},
		"local time zone":   {with(func(b map[string]any) { b["time_zone"] = "Local" }), "time_zone"},
		"no hours":          {with(func(b map[string]any) { b["hours"] = []any{} }), "hours"},
		"too many hours": {with(func(b map[string]any) {
			b["hours"] = many(51, func(i int) map[string]any {
				return hour(i%7, fmt.Sprintf("%02d:00", i/7), fmt.Sprintf("%02d:30", i/7))
			})
		}), "hours"},
		"weekday 7":        {with(func(b map[string]any) { b["hours"] = []any{hour(7, "09:00", "17:00")} }), "hours[0].weekday"},
		"weekday -1":       {with(func(b map[string]any) { b["hours"] = []any{hour(-1, "09:00", "17:00")} }), "hours[0].weekday"},
		"short clock":      {with(func(b map[string]any) { b["hours"] = []any{hour(1, "9:00", "17:00")} }), "hours[0].opens"},
		"clock past 24":    {with(func(b map[string]any) { b["hours"] = []any{hour(1, "09:00", "24:30")} }), "hours[0].closes"},
		"opens at 24:00":   {with(func(b map[string]any) { b["hours"] = []any{hour(1, "24:00", "24:00")} }), "hours[0]"},
		"closes too early": {with(func(b map[string]any) { b["hours"] = []any{hour(2, "17:00", "09:00")} }), "hours[0]"},
		"overlap": {with(func(b map[string]any) {
			b["hours"] = []any{hour(3, "09:00", "13:00"), hour(3, "12:00", "17:00")}
		}), "hours[1]"},
		"bad holiday":       {with(func(b map[string]any) { b["holidays"] = []any{map[string]any{"day": "2026-02-30"}} }), "holidays[0].day"},
		"holiday not a day": {with(func(b map[string]any) { b["holidays"] = []any{map[string]any{"day": "25.12.2026"}} }), "holidays[0].day"},
		"duplicate holiday": {with(func(b map[string]any) {
			b["holidays"] = []any{map[string]any{"day": "2026-12-25"}, map[string]any{"day": "2026-12-25", "name": "again"}}
		}), "holidays[1]"},
		"long holiday name": {with(func(b map[string]any) {
			b["holidays"] = []any{map[string]any{"day": "2026-12-25", "name": strings.Repeat("é", 101)}}
		}), "holidays[0].name"},
		"too many holidays": {with(func(b map[string]any) {
			start := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
			b["holidays"] = many(101, func(i int) map[string]any {
				return map[string]any{"day": start.AddDate(0, 0, i).Format(time.DateOnly)}
			})
		}), "holidays"},
	} {
		status, body := owner.do(http.MethodPut, path, c.body)
		require.Equal(t, http.StatusBadRequest, status, "%s: %v", name, body)
		require.Equal(t, "validation_failed", errorCode(t, body), name)
		require.Contains(t, errorFields(t, body), c.field, "%s: %v", name, body)
	}

	// Limits are inclusive: 50 intervals and 100 holidays of 100 characters pass.
	status, body := owner.do(http.MethodPut, path, with(func(b map[string]any) {
		b["hours"] = many(50, func(i int) map[string]any {
			return hour(i%7, fmt.Sprintf("%02d:00", i/7), fmt.Sprintf("%02d:30", i/7))
		})
		start := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
		b["holidays"] = many(100, func(i int) map[string]any {
			return map[string]any{"day": start.AddDate(0, 0, i).Format(time.DateOnly), "name": strings.Repeat("x", 100)}
		})
	}))
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Len(t, items(t, body, "hours"), 50)
	require.Len(t, items(t, body, "holidays"), 100)

	// A refused PUT changes nothing.
	status, _ = owner.do(http.MethodPut, path, with(func(b map[string]any) { b["time_zone"] = "Nowhere/Else" }))
	require.Equal(t, http.StatusBadRequest, status)
	_, body = owner.do(http.MethodGet, path, nil)
	require.Equal(t, "Europe/Berlin", body["time_zone"])
	require.Len(t, items(t, body, "hours"), 50)

	// Unknown fields and wrong types are malformed JSON.
	status, body = owner.do(http.MethodPut, path, with(func(b map[string]any) { b["timezone"] = "UTC" }))
	require.Equal(t, http.StatusBadRequest, status)
	require.Equal(t, "malformed_json", errorCode(t, body))
	status, body = owner.do(http.MethodPut, path, with(func(b map[string]any) {
		b["hours"] = []any{map[string]any{"weekday": "monday", "opens": "09:00", "closes": "17:00"}}
	}))
	require.Equal(t, http.StatusBadRequest, status)
	require.Equal(t, "malformed_json", errorCode(t, body))
}

func TestTeamScheduleRoles(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.addMember(env.Org, "agent@acme.test", accounts.RoleAgent)
	env.addMember(env.Org, "super@acme.test", accounts.RoleSupervisor)
	agent := env.login("agent@acme.test")
	super := env.login("super@acme.test")
	_, secret := env.login("owner@acme.test").createKey("Bot")
	key := env.withKey(secret)
	path := "/api/v1/teams/" + env.Org.Inbox.ID.String() + "/schedule"

	status, body := agent.do(http.MethodPut, path, weekdays())
	require.Equal(t, http.StatusForbidden, status, "%v", body)
	require.Equal(t, "forbidden", errorCode(t, body))
	status, body = key.do(http.MethodPut, path, weekdays())
	require.Equal(t, http.StatusForbidden, status, "%v", body)
	require.Equal(t, "session_required", errorCode(t, body))

	status, body = super.do(http.MethodPut, path, weekdays())
	require.Equal(t, http.StatusOK, status, "%v", body)

	for _, c := range []*apiClient{agent, key} {
		status, body = c.do(http.MethodGet, path, nil)
		require.Equal(t, http.StatusOK, status, "%v", body)
		require.Equal(t, true, body["enabled"])
	}
	status, body = agent.do(http.MethodDelete, path, nil)
	require.Equal(t, http.StatusForbidden, status, "%v", body)
	status, _ = super.do(http.MethodDelete, path, nil)
	require.Equal(t, http.StatusNoContent, status)

	status, _ = env.anonymous().do(http.MethodGet, path, nil)
	require.Equal(t, http.StatusUnauthorized, status)
}

func TestTeamScheduleOtherOrganisation(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	other := env.newOrg("Globex", "globex", "owner@globex.test")
	owner := env.login("owner@acme.test")
	path := "/api/v1/teams/" + other.Inbox.ID.String() + "/schedule"

	status, body := env.login("owner@globex.test").do(http.MethodPut, path, weekdays())
	require.Equal(t, http.StatusOK, status, "%v", body)

	for _, m := range []string{http.MethodGet, http.MethodPut, http.MethodDelete} {
		var req any
		if m == http.MethodPut {
			req = weekdays()
		}
		status, body := owner.do(m, path, req)
		require.Equal(t, http.StatusNotFound, status, "%s: %v", m, body)
		require.Equal(t, "not_found", errorCode(t, body))
	}
	status, _ = owner.do(http.MethodGet, "/api/v1/teams/not-a-uuid/schedule", nil)
	require.Equal(t, http.StatusNotFound, status)
	status, _ = owner.do(http.MethodGet, "/api/v1/teams/"+uuid.NewString()+"/schedule", nil)
	require.Equal(t, http.StatusNotFound, status)

	globex, err := env.Store.GetTeam(t.Context(), teamParams(other.Org.ID, other.Inbox.ID))
	require.NoError(t, err)
	require.NotNil(t, globex.ScheduleID, "Acme's requests left Globex's schedule alone")
	require.Equal(t, 1, env.countRows("availability_schedules", other.Org.ID))
}

func TestScheduleOpenNowAndNextOpening(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	owner := env.login("owner@acme.test")
	path := "/api/v1/teams/" + env.Org.Inbox.ID.String() + "/schedule"

	// Open around the clock: open now, no next opening.
	allWeek := []map[string]any{}
	for d := range 7 {
		allWeek = append(allWeek, map[string]any{"weekday": d, "opens": "00:00", "closes": "24:00"})
	}
	status, body := owner.do(http.MethodPut, path, map[string]any{"time_zone": "Asia/Tokyo", "hours": allWeek})
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, true, body["open_now"])
	require.Nil(t, body["next_opening"])

	// Open only three days from now (UTC), 09:00-17:00: closed now, opening
	// then. The instant does not depend on when exactly the request runs.
	now := time.Now().UTC()
	day := time.Date(now.Year(), now.Month(), now.Day(), 9, 0, 0, 0, time.UTC).AddDate(0, 0, 3)
	hours := []map[string]any{{"weekday": int(day.Weekday()), "opens": "09:00", "closes": "17:00"}}
	status, body = owner.do(http.MethodPut, path, map[string]any{"time_zone": "UTC", "hours": hours})
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, false, body["open_now"])
	next, err := time.Parse(time.RFC3339, body["next_opening"].(string))
	require.NoError(t, err)
	require.True(t, day.Equal(next), "next opening %s, want %s", next, day)

	// A holiday on that day moves the opening a week on.
	holiday := []map[string]any{{"day": day.Format(time.DateOnly), "name": "Closed"}}
	status, body = owner.do(http.MethodPut, path, map[string]any{"time_zone": "UTC", "hours": hours, "holidays": holiday})
	require.Equal(t, http.StatusOK, status, "%v", body)
	next, err = time.Parse(time.RFC3339, body["next_opening"].(string))
	require.NoError(t, err)
	require.True(t, day.AddDate(0, 0, 7).Equal(next), "next opening %s, want %s", next, day.AddDate(0, 0, 7))

	// next_opening is given in the schedule's time zone.
	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	local := time.Date(day.Year(), day.Month(), day.Day(), 9, 0, 0, 0, berlin)
	status, body = owner.do(http.MethodPut, path, map[string]any{"time_zone": "Europe/Berlin", "hours": []map[string]any{
		{"weekday": int(local.Weekday()), "opens": "09:00", "closes": "17:00"},
	}})
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, local.Format(time.RFC3339), body["next_opening"])
}

func TestMySchedule(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.addMember(env.Org, "agent@acme.test", accounts.RoleAgent)
	env.addMember(env.Org, "other@acme.test", accounts.RoleAgent)
	agent := env.login("agent@acme.test")
	other := env.login("other@acme.test")
	agentID := env.userID("agent@acme.test")
	const path = "/api/v1/me/schedule"
	membership := func(id uuid.UUID) db.Membership {
		m, err := env.Store.GetMembership(t.Context(), db.GetMembershipParams{OrgID: env.Org.Org.ID, UserID: id})
		require.NoError(t, err)
		return m
	}

	status, body := agent.do(http.MethodGet, path, nil)
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, false, body["enabled"])
	require.Equal(t, true, body["open_now"])

	status, body = agent.do(http.MethodPut, path, weekdays())
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, true, body["enabled"])
	first := membership(agentID).ScheduleID
	require.NotNil(t, first)
	requireAudit(t, env, env.Org.Org.ID, "member.schedule_updated", "member", agentID.String())

	// Replace: only the second set remains, in the same row.
	status, body = agent.do(http.MethodPut, path, map[string]any{"time_zone": "UTC", "hours": []map[string]any{
		{"weekday": 2, "opens": "12:00", "closes": "20:00"},
	}})
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, []map[string]any{{"weekday": float64(2), "opens": "12:00", "closes": "20:00"}}, items(t, body, "hours"))
	require.Empty(t, items(t, body, "holidays"))
	require.Equal(t, first, membership(agentID).ScheduleID)

	// Another agent's schedule is their own.
	status, body = other.do(http.MethodGet, path, nil)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, false, body["enabled"])
	require.Nil(t, membership(env.userID("other@acme.test")).ScheduleID)

	status, body = agent.do(http.MethodPut, path, map[string]any{"time_zone": "UTC", "hours": []any{}})
	require.Equal(t, http.StatusBadRequest, status)
	require.Contains(t, errorFields(t, body), "hours")

	status, _ = agent.do(http.MethodDelete, path, nil)
	require.Equal(t, http.StatusNoContent, status)
	require.Nil(t, membership(agentID).ScheduleID)
	require.Equal(t, 0, env.countRows("availability_schedules", env.Org.Org.ID))
	requireAudit(t, env, env.Org.Org.ID, "member.schedule_removed", "member", agentID.String())
	status, body = agent.do(http.MethodGet, path, nil)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, false, body["enabled"])

	// Member-only: API keys have no "me".
	_, secret := env.login("owner@acme.test").createKey("Bot")
	status, body = env.withKey(secret).do(http.MethodGet, path, nil)
	require.Equal(t, http.StatusForbidden, status)
	require.Equal(t, "session_required", errorCode(t, body))
}
