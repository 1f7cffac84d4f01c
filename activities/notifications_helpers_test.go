package activities_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/testsuite"

	"livechat/accounts"
	"livechat/activities"
	"livechat/notify"
	"livechat/notify/notifytest"
	"livechat/store"
	"livechat/store/db"
	"livechat/store/storetest"
	"livechat/worker/workertest"
)

const (
	sendGridKey = "SG.fake-key-for-tests"
	twilioSID   = "ACfake00000000000000000000000000aa"
	twilioToken = "0123456789abcdef0123456789abcdef"
)

func sendGridMailer(f *notifytest.Provider) notify.Mailer {
	return notify.NewSendGridMailer(notify.SendGridConfig{APIKey: sendGridKey, FromEmail: "noreply@livechat.test", Host: f.URL})
}

func twilioTexter(f *notifytest.Provider) notify.Texter {
	return notify.NewTwilioTexter(notify.TwilioConfig{AccountSID: twilioSID, AuthToken: twilioToken, From: "+15005550006", BaseURL: f.URL})
}

// desk is an organisation with a chat, an agent with a phone number, and
// activities whose providers are the fakes.
type desk struct {
	t       *testing.T
	st      *store.Store
	org     accounts.CreatedOrganization
	agent   db.User
	chat    db.Chat
	acts    *activities.Activities
	mail    *notifytest.Provider
	sms     *notifytest.Provider
	env     *testsuite.TestActivityEnvironment
	accSvc  *accounts.Service
	ownerID uuid.UUID
}

func newDesk(t *testing.T) *desk {
	t.Helper()
	ctx := context.Background()
	st, _ := storetest.NewDatabase(t)
	svc := accounts.NewService(st, accounts.NewSigner(testSecret))
	org, err := svc.CreateOrganization(ctx, accounts.NewOrganization{
		Name: "Acme Support", Slug: "acme", OwnerEmail: "olivia@example.test", OwnerName: "Olivia Owner", OwnerPassword: "correct horse battery",
	})
	require.NoError(t, err)
	owner := accounts.Principal{OrgID: org.Org.ID, UserID: org.Owner.ID, Role: accounts.RoleOwner}
	agent, err := svc.AddMember(ctx, owner, "ana@example.test", "Ana Agent", "correct horse battery", accounts.RoleAgent, org.Inbox.ID)
	require.NoError(t, err)
	phone := "+14155550100"
	agent, err = st.UpdateUserProfile(ctx, db.UpdateUserProfileParams{ID: agent.ID, Name: agent.Name, Phone: &phone})
	require.NoError(t, err)
	contact, err := st.CreateContact(ctx, db.CreateContactParams{ID: uuid.New(), OrgID: org.Org.ID, Name: "Carla Customer", CustomFields: []byte("{}"), Tags: []string{}})
	require.NoError(t, err)
	chat, err := st.CreateChat(ctx, db.CreateChatParams{ID: uuid.New(), OrgID: org.Org.ID, TeamID: org.Inbox.ID, ContactID: contact.ID, Source: "api"})
	require.NoError(t, err)

	d := &desk{t: t, st: st, org: org, agent: agent, chat: chat, accSvc: svc, ownerID: org.Owner.ID,
		mail: notifytest.New(t, notifytest.SendGridAccepted), sms: notifytest.New(t, notifytest.TwilioQueued)}
	d.acts = &activities.Activities{Store: st, Mailer: sendGridMailer(d.mail), Texter: twilioTexter(d.sms),
		Signer: accounts.NewSigner(testSecret), PublicURL: publicURL, Temporal: workertest.Client(t)}
	var suite testsuite.WorkflowTestSuite
	d.env = suite.NewTestActivityEnvironment()
	d.env.RegisterActivity(d.acts)
	return d
}

// notice runs NotifyAgent as the activity environment would.
func (d *desk) notice(in activities.NoticeInput) {
	d.t.Helper()
	_, err := d.env.ExecuteActivity(d.acts.NotifyAgent, in)
	require.NoError(d.t, err)
}

// deliver runs DeliverNotification as the activity environment would, in an
// environment of its own (they are not safe for concurrent use).
func (d *desk) deliver(id uuid.UUID) error {
	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestActivityEnvironment()
	env.RegisterActivity(d.acts)
	_, err := env.ExecuteActivity(d.acts.DeliverNotification, id.String())
	return err
}

// rows lists the outbox rows of an event by channel.
func (d *desk) rows(eventKey string) map[string]db.Notification {
	d.t.Helper()
	list, err := d.st.NotificationsOfEvent(context.Background(), db.NotificationsOfEventParams{OrgID: d.org.Org.ID, EventKey: eventKey})
	require.NoError(d.t, err)
	out := map[string]db.Notification{}
	for _, n := range list {
		_, seen := out[n.RecipientKey+"/"+n.Channel]
		require.False(d.t, seen, "two rows for %s on %s", n.RecipientKey, n.Channel)
		out[n.RecipientKey+"/"+n.Channel] = n
	}
	return out
}

// reload reads an outbox row again.
func (d *desk) reload(id uuid.UUID) db.Notification {
	d.t.Helper()
	n, err := d.st.GetNotification(context.Background(), id)
	require.NoError(d.t, err)
	return n
}

// consoleEvents lists the notification events on a member's socket stream.
func (d *desk) consoleEvents(userID uuid.UUID) []map[string]any {
	d.t.Helper()
	events, err := d.st.EventsAfter(context.Background(), db.EventsAfterParams{OrgID: d.org.Org.ID, Seq: 0, Limit: 1000})
	require.NoError(d.t, err)
	var out []map[string]any
	for _, e := range events {
		if e.Type != "notification.created" {
			continue
		}
		require.Equal(d.t, "user", e.Audience)
		if e.UserID != nil && *e.UserID == userID {
			var payload map[string]any
			require.NoError(d.t, json.Unmarshal(e.Payload, &payload))
			out = append(out, payload["notification"].(map[string]any))
		}
	}
	return out
}

func (d *desk) key(suffix string) string { return "chat:" + d.chat.ID.String() + ":" + suffix }

func keys(rows map[string]db.Notification) []string {
	out := make([]string, 0, len(rows))
	for k := range rows {
		out = append(out, k)
	}
	return out
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }
