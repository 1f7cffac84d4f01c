package workflows

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"livechat/activities"
)

// noticeTimes are the times (since the start) of a kind's notices.
func (d *desk) noticeTimes(kind string) []time.Duration {
	var out []time.Duration
	for _, c := range d.noticesOf(kind) {
		require.Empty(d.t, c.In.AgentID, "%s names no agent: the activity finds the recipients", kind)
		out = append(out, d.since(c.At))
	}
	return out
}

func TestWaitingChatIsAnnouncedToTheTeamOnceAfterTheGrace(t *testing.T) {
	d := newDesk(t, baseTeam())
	d.run()

	require.Equal(t, []time.Duration{announceGrace}, d.noticeTimes(activities.NoticeWaiting),
		"once, when auto-assignment could not place the chat")
	require.Empty(t, d.noticesOf(activities.NoticeWaitExceeded), "the team has no alert threshold")
	require.Equal(t, "chat:c1:n1", d.noticesOf(activities.NoticeWaiting)[0].In.EventKey)
}

func TestChatAssignedAtOnceIsNeverAnnounced(t *testing.T) {
	d := newDesk(t, baseTeam())
	d.assignTo(agentA)
	d.run()

	require.Empty(t, d.noticesOf(activities.NoticeWaiting))
	assigned := d.noticesOf(activities.NoticeAssigned)
	require.Len(t, assigned, 1)
	require.Equal(t, "chat:c1:n1", assigned[0].In.EventKey)
}

func TestManualTeamAnnouncesAtOnce(t *testing.T) {
	team := baseTeam()
	team.AutoAssignment = "none"
	d := newDesk(t, team)
	d.run()

	require.Equal(t, []time.Duration{0}, d.noticeTimes(activities.NoticeWaiting), "nobody will be given it: tell the team now")
}

func TestLongWaitAlertsSupervisorsOncePerWait(t *testing.T) {
	team := baseTeam()
	team.WaitingAlert = 10 * time.Minute
	team.UnresponsiveStrategy, team.UnresponsiveTimeout = "reassign", 5*time.Minute
	d := newDesk(t, team)
	d.assignTo("", agentA) // nobody at the start; A at the dispatch at 3 min
	d.signalAt(3*time.Minute, SignalDispatch, nil)
	d.run()

	// Waits: 0–3 min (shorter than the threshold), then from the
	// unresponsive agent's requeue at 8 min until the chat ends.
	require.Equal(t, []time.Duration{18 * time.Minute}, d.noticeTimes(activities.NoticeWaitExceeded))
	require.Len(t, d.noticesOf(activities.NoticeWaiting), 1, "the team hears of a new chat once")

	keys := map[string]bool{}
	for _, c := range calls(d, &d.notices) {
		require.False(t, keys[c.In.EventKey], "event key %s used twice", c.In.EventKey)
		keys[c.In.EventKey] = true
	}
	require.Len(t, keys, 3, "waiting, assigned, long wait")
}

func TestAfterHoursWaitCountsFromTheOpening(t *testing.T) {
	team := scheduledTeam(t, "UTC")
	team.WaitingAlert = 10 * time.Minute
	d := newDesk(t, team)
	d.startAt(time.Date(2026, 1, 5, 7, 0, 0, 0, time.UTC)) // Monday 07:00, opens at 09:00
	d.run()

	require.Equal(t, []time.Duration{2*time.Hour + announceGrace}, d.noticeTimes(activities.NoticeWaiting))
	require.Equal(t, []time.Duration{2*time.Hour + 10*time.Minute}, d.noticeTimes(activities.NoticeWaitExceeded))
}

func TestChatMovedToAnotherTeamIsAnnouncedThere(t *testing.T) {
	d := newDesk(t, baseTeam(), salesTeam())
	d.assignTo(agentA, "") // A in the first team at once; nobody free in the second
	d.updateAt(10*time.Minute, UpdateTransferToTeam, toTeam(agent(agentA)))
	d.run()

	require.Equal(t, []time.Duration{10*time.Minute + announceGrace}, d.noticeTimes(activities.NoticeWaiting),
		"never announced in the first team (A got it at once), announced in the second")
}
