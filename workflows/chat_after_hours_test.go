package workflows

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"livechat/activities"
	"livechat/schedule"
)

// officeHours is Monday to Friday, 09:00 to 17:00 in the zone.
func officeHours(t *testing.T, zone string) *schedule.Schedule {
	t.Helper()
	opens, err := schedule.ParseClock("09:00")
	require.NoError(t, err)
	closes, err := schedule.ParseClock("17:00")
	require.NoError(t, err)
	s := &schedule.Schedule{TimeZone: zone}
	for wd := time.Monday; wd <= time.Friday; wd++ {
		s.Hours = append(s.Hours, schedule.Interval{Weekday: wd, Opens: opens, Closes: closes})
	}
	require.NoError(t, s.Validate())
	return s
}

// scheduledTeam waits a week before giving up on a waiting chat, so the
// weekend does not end it first.
func scheduledTeam(t *testing.T, zone string) activities.TeamSettings {
	team := baseTeam()
	team.Schedule = officeHours(t, zone)
	team.InactivityWaiting = 7 * 24 * time.Hour
	return team
}

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	require.NoError(t, err)
	return loc
}

// requireHeldUntil checks that a chat started after hours entered its queue
// held back until opens (with the after-hours message), was dispatched
// exactly then and entered the queue again, released, at that moment.
func requireHeldUntil(t *testing.T, d *desk, opens time.Time) {
	t.Helper()
	queues := calls(d, &d.queues)
	require.Len(t, queues, 2)
	held := queues[0].In
	require.Equal(t, "chat.queued", held.EventType)
	require.NotNil(t, held.DispatchAfter)
	require.Equal(t, opens.UTC(), held.DispatchAfter.UTC())
	require.Equal(t, d.teams[testTeam].AfterHoursMessage, held.Message)

	released := queues[1]
	require.Equal(t, "chat.team_opened", released.In.EventType)
	require.Nil(t, released.In.DispatchAfter)
	require.Empty(t, released.In.Message)
	require.Equal(t, opens.UTC(), released.At.UTC())
	require.True(t, released.In.QueuedAt.Equal(d.start), "keeps its place in the queue")

	dispatches := d.teamDispatches()
	require.Len(t, dispatches, 1, "no dispatch while closed")
	require.Equal(t, opens.UTC(), dispatches[0].At.UTC())
}

func TestAfterHoursWaitsForTheOpening(t *testing.T) {
	berlin := zone(t, "Europe/Berlin")
	d := newDesk(t, scheduledTeam(t, "Europe/Berlin"))
	d.startAt(time.Date(2026, 1, 10, 10, 0, 0, 0, berlin)) // a Saturday
	monday := time.Date(2026, 1, 12, 9, 0, 0, 0, berlin)
	closed := d.stateAt(time.Minute)
	open := d.stateAt(monday.Sub(d.start) + time.Second)
	d.run()

	requireHeldUntil(t, d, monday)
	require.Equal(t, StatusWaiting, closed.Status)
	require.True(t, closed.AfterHours)
	require.NotNil(t, closed.OpensAt)
	require.True(t, closed.OpensAt.Equal(monday))
	require.Equal(t, StatusWaiting, open.Status)
	require.False(t, open.AfterHours)
	require.Nil(t, open.OpensAt)
	// Idle time counts from the opening, not from the message sent at night.
	require.Equal(t, monday.Add(7*24*time.Hour).Sub(d.start), d.since(d.onlyEnd().At))
}

// Europe/Berlin springs forward in the night to Sunday 2026-03-29: Monday
// 09:00 is then CEST, 07:00 UTC.
func TestAfterHoursOpeningAcrossSpringForward(t *testing.T) {
	berlin := zone(t, "Europe/Berlin")
	d := newDesk(t, scheduledTeam(t, "Europe/Berlin"))
	d.startAt(time.Date(2026, 3, 28, 20, 0, 0, 0, berlin))
	d.run()

	requireHeldUntil(t, d, time.Date(2026, 3, 30, 7, 0, 0, 0, time.UTC))
}

// America/New_York falls back on Sunday 2026-11-01: Monday 09:00 is then
// EST, 14:00 UTC.
func TestAfterHoursOpeningAcrossFallBack(t *testing.T) {
	newYork := zone(t, "America/New_York")
	d := newDesk(t, scheduledTeam(t, "America/New_York"))
	d.startAt(time.Date(2026, 10, 31, 20, 0, 0, 0, newYork))
	d.run()

	requireHeldUntil(t, d, time.Date(2026, 11, 2, 14, 0, 0, 0, time.UTC))
}

func TestOpenTeamDispatchesAtOnce(t *testing.T) {
	berlin := zone(t, "Europe/Berlin")
	d := newDesk(t, scheduledTeam(t, "Europe/Berlin"))
	d.startAt(time.Date(2026, 1, 12, 10, 0, 0, 0, berlin)) // Monday, open
	v := d.stateAt(time.Second)
	d.run()

	queues := calls(d, &d.queues)
	require.Len(t, queues, 1)
	require.Nil(t, queues[0].In.DispatchAfter)
	require.Empty(t, queues[0].In.Message)
	require.Len(t, d.teamDispatches(), 1)
	require.Equal(t, d.start.UTC(), d.teamDispatches()[0].At.UTC())
	require.False(t, v.AfterHours)
}

// The chat that waited over the weekend is given to an agent when the team
// opens; it must not be closed as inactive in that same moment because its
// last message is from Saturday.
func TestAfterHoursChatAssignedAtTheOpeningStaysOpen(t *testing.T) {
	berlin := zone(t, "Europe/Berlin")
	d := newDesk(t, scheduledTeam(t, "Europe/Berlin"))
	d.startAt(time.Date(2026, 1, 10, 10, 0, 0, 0, berlin))
	d.assignTo(agentA) // the first dispatch is at the opening
	monday := time.Date(2026, 1, 12, 9, 0, 0, 0, berlin)
	v := d.stateAt(monday.Sub(d.start) + 30*time.Minute)
	d.run()

	applies := calls(d, &d.applies)
	require.Len(t, applies, 1)
	require.Equal(t, monday.UTC(), applies[0].At.UTC(), "assigned at the opening")
	end := d.onlyEnd()
	require.Equal(t, monday.Add(time.Hour).UTC(), end.At.UTC(), "1 h after the assignment")
	require.Equal(t, StatusAssigned, v.Status)
	require.Equal(t, agentA, v.AssigneeID)
}

// With the default 6 h waiting limit, a chat written on Saturday evening is
// not closed during the weekend: its idle time starts when the team opens.
func TestAfterHoursChatOutlivesTheNightWithDefaultLimits(t *testing.T) {
	berlin := zone(t, "Europe/Berlin")
	team := scheduledTeam(t, "Europe/Berlin")
	team.InactivityWaiting = 6 * time.Hour
	d := newDesk(t, team)
	d.startAt(time.Date(2026, 1, 10, 20, 0, 0, 0, berlin)) // a Saturday evening
	monday := time.Date(2026, 1, 12, 9, 0, 0, 0, berlin)
	d.run()

	requireHeldUntil(t, d, monday)
	require.True(t, d.onlyEnd().At.Equal(monday.Add(6*time.Hour)), "ended at %s", d.onlyEnd().At.In(berlin))
}
