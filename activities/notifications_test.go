package activities_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"livechat/activities"
	"livechat/notify"
	"livechat/notify/notifytest"
	"livechat/store/db"
)

func TestNotifyAgentPlansEachChannelOnce(t *testing.T) {
	t.Parallel()
	d := newDesk(t)
	key := d.key("n1")
	in := activities.NoticeInput{ChatID: d.chat.ID.String(), AgentID: d.agent.ID.String(), Kind: activities.NoticeAssigned, EventKey: key}
	d.notice(in)
	d.notice(in) // a retry, or a replay of the workflow, plans nothing new

	rows := d.rows(key)
	me := d.agent.ID.String()
	require.Len(t, rows, 3)
	require.Equal(t, "sent", rows[me+"/browser"].Status, "the console is told at once")
	require.Equal(t, "pending", rows[me+"/email"].Status)
	require.Equal(t, "ana@example.test", rows[me+"/email"].Address)
	require.Equal(t, "pending", rows[me+"/sms"].Status)
	require.Equal(t, "+14155550100", rows[me+"/sms"].Address)
	link := publicURL + "/chats/" + d.chat.ID.String()
	for _, n := range rows {
		require.Equal(t, "New chat assigned to you", n.Title)
		require.Equal(t, "A chat with Carla Customer was assigned to you.", n.Body)
		require.Equal(t, link, *n.Link)
	}

	events := d.consoleEvents(d.agent.ID)
	require.Len(t, events, 1, "one browser notification, whatever the retries")
	require.Equal(t, rows[me+"/browser"].ID.String(), events[0]["id"])
	require.Equal(t, "chat_assigned", events[0]["kind"])
	require.Equal(t, link, events[0]["link"])
	require.Empty(t, d.consoleEvents(d.ownerID), "nobody else hears of it")

	desc, err := d.acts.Temporal.DescribeWorkflowExecution(context.Background(), activities.NotificationWorkflowID(key), "")
	require.NoError(t, err, "the email and SMS go to the delivery workflow")
	require.Equal(t, activities.NotificationWorkflowName, desc.WorkflowExecutionInfo.Type.Name)
}

func TestNotifyAgentFollowsPreferences(t *testing.T) {
	t.Parallel()
	d := newDesk(t)
	ctx := context.Background()
	require.NoError(t, d.st.SetNotificationDefaults(ctx, db.SetNotificationDefaultsParams{
		ID: d.org.Org.ID, NotificationDefaults: []byte(`{"chat_assigned":{"email":false},"transfer_expired":{"email":true}}`),
	}))
	require.NoError(t, d.st.SetNotificationPreferences(ctx, db.SetNotificationPreferencesParams{
		OrgID: d.org.Org.ID, UserID: d.agent.ID, NotificationPreferences: []byte(`{"chat_assigned":{"sms":false,"browser":true}}`), QuietHours: true,
	}))
	d.notice(activities.NoticeInput{ChatID: d.chat.ID.String(), AgentID: d.agent.ID.String(), Kind: activities.NoticeAssigned, EventKey: d.key("n1")})
	require.Equal(t, []string{d.agent.ID.String() + "/browser"}, keys(d.rows(d.key("n1"))),
		"the organisation turned email off, the agent SMS")

	d.notice(activities.NoticeInput{ChatID: d.chat.ID.String(), AgentID: d.agent.ID.String(), Kind: activities.NoticeTransferExpired, EventKey: d.key("n2")})
	require.ElementsMatch(t, []string{d.agent.ID.String() + "/browser", d.agent.ID.String() + "/email"}, keys(d.rows(d.key("n2"))),
		"the organisation turned email on for expired transfers")

	// Without a phone number there is no SMS, whatever the preferences.
	_, err := d.st.UpdateUserProfile(ctx, db.UpdateUserProfileParams{ID: d.agent.ID, Name: d.agent.Name})
	require.NoError(t, err)
	require.NoError(t, d.st.SetNotificationPreferences(ctx, db.SetNotificationPreferencesParams{
		OrgID: d.org.Org.ID, UserID: d.agent.ID, NotificationPreferences: []byte(`{}`), QuietHours: true,
	}))
	d.notice(activities.NoticeInput{ChatID: d.chat.ID.String(), AgentID: d.agent.ID.String(), Kind: activities.NoticeTransferRequested, EventKey: d.key("n3")})
	require.ElementsMatch(t, []string{d.agent.ID.String() + "/browser", d.agent.ID.String() + "/email"}, keys(d.rows(d.key("n3"))))
}

func TestNotifyAgentQuietHoursHoldBackEmailAndSMS(t *testing.T) {
	t.Parallel()
	d := newDesk(t)
	ctx := context.Background()
	// The agent works one hour, three days from now: they are off now.
	off := time.Now().UTC().AddDate(0, 0, 3)
	sched, err := d.st.CreateSchedule(ctx, db.CreateScheduleParams{ID: uuid.New(), OrgID: d.org.Org.ID, Timezone: "UTC"})
	require.NoError(t, err)
	require.NoError(t, d.st.InsertScheduleHour(ctx, db.InsertScheduleHourParams{
		ScheduleID: sched.ID, Weekday: int16(off.Weekday()), Opens: "09:00", Closes: "10:00",
	}))
	require.NoError(t, d.st.SetMemberSchedule(ctx, db.SetMemberScheduleParams{OrgID: d.org.Org.ID, UserID: d.agent.ID, ScheduleID: &sched.ID}))

	d.notice(activities.NoticeInput{ChatID: d.chat.ID.String(), AgentID: d.agent.ID.String(), Kind: activities.NoticeAssigned, EventKey: d.key("n1")})
	me := d.agent.ID.String()
	rows := d.rows(d.key("n1"))
	require.Equal(t, "sent", rows[me+"/browser"].Status, "the open console still hears of it")
	require.Equal(t, "suppressed_quiet_hours", rows[me+"/email"].Status)
	require.Equal(t, "suppressed_quiet_hours", rows[me+"/sms"].Status)

	// Quiet hours off: everything goes.
	require.NoError(t, d.st.SetNotificationPreferences(ctx, db.SetNotificationPreferencesParams{
		OrgID: d.org.Org.ID, UserID: d.agent.ID, NotificationPreferences: []byte(`{}`), QuietHours: false,
	}))
	d.notice(activities.NoticeInput{ChatID: d.chat.ID.String(), AgentID: d.agent.ID.String(), Kind: activities.NoticeAssigned, EventKey: d.key("n2")})
	rows = d.rows(d.key("n2"))
	require.Equal(t, "pending", rows[me+"/email"].Status)
	require.Equal(t, "pending", rows[me+"/sms"].Status)
	require.Zero(t, d.mail.Hits()+d.sms.Hits(), "planning sends nothing itself")
}

func TestNotifyTeamOfWaitingChatAndSupervisorsOfLongWait(t *testing.T) {
	t.Parallel()
	d := newDesk(t)
	ctx := context.Background()
	_, err := d.st.UpsertPresence(ctx, db.UpsertPresenceParams{OrgID: d.org.Org.ID, UserID: d.agent.ID, Status: "online"})
	require.NoError(t, err)

	d.notice(activities.NoticeInput{ChatID: d.chat.ID.String(), Kind: activities.NoticeWaiting, EventKey: d.key("n1")})
	require.Equal(t, []string{d.agent.ID.String() + "/browser"}, keys(d.rows(d.key("n1"))),
		"the online agent of the team, in the browser only; the offline owner is not told")

	d.notice(activities.NoticeInput{ChatID: d.chat.ID.String(), Kind: activities.NoticeWaitExceeded, EventKey: d.key("n2")})
	owner := d.ownerID.String()
	require.ElementsMatch(t, []string{owner + "/browser", owner + "/email"}, keys(d.rows(d.key("n2"))),
		"the team's supervisors (here its owner), not its agents")
}

func TestDeliverEmailSendsTheExactRequestOnce(t *testing.T) {
	t.Parallel()
	d := newDesk(t)
	d.notice(activities.NoticeInput{ChatID: d.chat.ID.String(), AgentID: d.agent.ID.String(), Kind: activities.NoticeAssigned, EventKey: d.key("n1")})
	email := d.rows(d.key("n1"))[d.agent.ID.String()+"/email"]

	require.NoError(t, d.deliver(email.ID))
	require.NoError(t, d.deliver(email.ID), "a retry after success")

	reqs := d.mail.Requests()
	require.Len(t, reqs, 1, "one email, whatever the retries")
	req := reqs[0]
	require.Equal(t, "POST", req.Method)
	require.Equal(t, "/v3/mail/send", req.Path)
	require.Equal(t, "Bearer "+sendGridKey, req.Header.Get("Authorization"))
	var body struct {
		Personalizations []struct {
			To []struct{ Email, Name string } `json:"to"`
		} `json:"personalizations"`
		From    struct{ Email string }         `json:"from"`
		Subject string                         `json:"subject"`
		Content []struct{ Type, Value string } `json:"content"`
	}
	require.NoError(t, json.Unmarshal(req.Body, &body))
	require.Len(t, body.Personalizations, 1)
	require.Equal(t, []struct{ Email, Name string }{{"ana@example.test", "Ana Agent"}}, body.Personalizations[0].To)
	require.Equal(t, "noreply@livechat.test", body.From.Email)
	require.Equal(t, "New chat assigned to you", body.Subject)
	require.Len(t, body.Content, 2)
	for _, part := range body.Content {
		require.Contains(t, part.Value, publicURL+"/chats/"+d.chat.ID.String(), "%s part links to the chat", part.Type)
	}

	got := d.reload(email.ID)
	require.Equal(t, "sent", got.Status)
	require.Equal(t, notify.ProviderSendGrid, *got.Provider)
	require.Equal(t, "sg-fake-1", *got.ProviderMessageID)
	require.Equal(t, "accepted", *got.ProviderStatus)
	require.EqualValues(t, 1, got.Attempts)
	require.NotNil(t, got.SentAt)
}

func TestDeliverSMSSendsTheExactRequestOnce(t *testing.T) {
	t.Parallel()
	d := newDesk(t)
	d.notice(activities.NoticeInput{ChatID: d.chat.ID.String(), AgentID: d.agent.ID.String(), Kind: activities.NoticeTransferRequested, EventKey: d.key("n1")})
	sms := d.rows(d.key("n1"))[d.agent.ID.String()+"/sms"]

	require.NoError(t, d.deliver(sms.ID))
	require.NoError(t, d.deliver(sms.ID))

	reqs := d.sms.Requests()
	require.Len(t, reqs, 1)
	req := reqs[0]
	require.Equal(t, "/2010-04-01/Accounts/"+twilioSID+"/Messages.json", req.Path)
	user, pass, ok := (&http.Request{Header: req.Header}).BasicAuth()
	require.True(t, ok)
	require.Equal(t, twilioSID, user)
	require.Equal(t, twilioToken, pass)
	form, err := url.ParseQuery(string(req.Body))
	require.NoError(t, err)
	require.Equal(t, "+14155550100", form.Get("To"))
	require.Equal(t, "+15005550006", form.Get("From"))
	require.Equal(t, "Transfer request: You are asked to take over the chat with Carla Customer. "+publicURL+"/chats/"+d.chat.ID.String(), form.Get("Body"))

	got := d.reload(sms.ID)
	require.Equal(t, "sent", got.Status)
	require.Equal(t, "SMfake0000000000000000000000000001", *got.ProviderMessageID)
	require.Equal(t, "queued", *got.ProviderStatus)
}

func TestDeliverTransientErrorIsRetriedPermanentIsRecorded(t *testing.T) {
	t.Parallel()
	d := newDesk(t)
	d.mail = notifytest.New(t, notifytest.SendGridDown, notifytest.SendGridAccepted)
	d.sms = notifytest.New(t, notifytest.TwilioInvalid)
	d.acts.Mailer, d.acts.Texter = sendGridMailer(d.mail), twilioTexter(d.sms)
	d.notice(activities.NoticeInput{ChatID: d.chat.ID.String(), AgentID: d.agent.ID.String(), Kind: activities.NoticeAssigned, EventKey: d.key("n1")})
	rows := d.rows(d.key("n1"))
	email, sms := rows[d.agent.ID.String()+"/email"], rows[d.agent.ID.String()+"/sms"]

	err := d.deliver(email.ID)
	require.Error(t, err, "a 500 is returned for Temporal to retry")
	require.Contains(t, err.Error(), "500")
	got := d.reload(email.ID)
	require.Equal(t, "pending", got.Status)
	require.Contains(t, *got.LastError, "HTTP 500")
	require.Nil(t, got.LeaseUntil, "the row is free for the next attempt")
	require.NoError(t, d.deliver(email.ID), "the retry goes through")
	require.Equal(t, "sent", d.reload(email.ID).Status)
	require.EqualValues(t, 2, d.mail.Hits())

	require.NoError(t, d.deliver(sms.ID), "a 400 is not retried")
	got = d.reload(sms.ID)
	require.Equal(t, "failed", got.Status)
	require.Contains(t, *got.LastError, "21211")
	require.NoError(t, d.deliver(sms.ID))
	require.EqualValues(t, 1, d.sms.Hits())
}

func TestDeliverWithoutProviderRecordsNotConfigured(t *testing.T) {
	t.Parallel()
	d := newDesk(t)
	d.acts.Mailer = notify.NewLogMailer(discardLogger())
	d.notice(activities.NoticeInput{ChatID: d.chat.ID.String(), AgentID: d.agent.ID.String(), Kind: activities.NoticeAssigned, EventKey: d.key("n1")})
	email := d.rows(d.key("n1"))[d.agent.ID.String()+"/email"]

	require.NoError(t, d.deliver(email.ID))
	got := d.reload(email.ID)
	require.Equal(t, "not_configured", got.Status)
	require.Equal(t, "not sent: provider not configured", *got.LastError)
	require.Nil(t, got.SentAt)
}

func TestConcurrentDeliveriesSendOnce(t *testing.T) {
	t.Parallel()
	d := newDesk(t)
	d.notice(activities.NoticeInput{ChatID: d.chat.ID.String(), AgentID: d.agent.ID.String(), Kind: activities.NoticeAssigned, EventKey: d.key("n1")})
	email := d.rows(d.key("n1"))[d.agent.ID.String()+"/email"]

	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			// An attempt that finds the row held by another returns a
			// transient error; it is the retry that would find it done.
			_ = d.deliver(email.ID)
		})
	}
	wg.Wait()
	require.NoError(t, d.deliver(email.ID))
	require.EqualValues(t, 1, d.mail.Hits(), "eight attempts at once, one email")
	require.Equal(t, "sent", d.reload(email.ID).Status)
}

func TestGiveUpNotificationRecordsFailureUnlessSent(t *testing.T) {
	t.Parallel()
	d := newDesk(t)
	d.notice(activities.NoticeInput{ChatID: d.chat.ID.String(), AgentID: d.agent.ID.String(), Kind: activities.NoticeAssigned, EventKey: d.key("n1")})
	rows := d.rows(d.key("n1"))
	email, sms := rows[d.agent.ID.String()+"/email"], rows[d.agent.ID.String()+"/sms"]
	require.NoError(t, d.deliver(email.ID))

	for _, id := range []string{email.ID.String(), sms.ID.String()} {
		_, err := d.env.ExecuteActivity(d.acts.GiveUpNotification, activities.GiveUpInput{NotificationID: id, Reason: "HTTP 503"})
		require.NoError(t, err)
	}
	require.Equal(t, "sent", d.reload(email.ID).Status, "a delivered notification stays delivered")
	got := d.reload(sms.ID)
	require.Equal(t, "failed", got.Status)
	require.True(t, strings.HasPrefix(*got.LastError, "gave up after retries: HTTP 503"), *got.LastError)
}
