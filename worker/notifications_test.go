package worker_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/interceptor"
	sdkworker "go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"livechat/accounts"
	"livechat/activities"
	"livechat/notify"
	"livechat/notify/notifytest"
	"livechat/store"
	"livechat/store/db"
	"livechat/store/storetest"
	"livechat/worker/workertest"
	"livechat/workflows"
)

// outbox is a database with an organisation whose notifications go to fake
// providers through a real worker on the shared Temporal server.
type outbox struct {
	t     *testing.T
	st    *store.Store
	orgID uuid.UUID
	tc    client.Client
	queue string
	mail  *notifytest.Provider
	sms   *notifytest.Provider
}

func newOutbox(t *testing.T, mail, sms []notifytest.Reply, interceptors ...interceptor.WorkerInterceptor) *outbox {
	t.Helper()
	st, _ := storetest.NewDatabase(t)
	acc := accounts.NewService(st, accounts.NewSigner("outbox-secret-outbox-secret-outbox-sec"))
	org, err := acc.CreateOrganization(t.Context(), accounts.NewOrganization{
		Name: "Outbox", Slug: "outbox", OwnerEmail: "owner@outbox.test", OwnerName: "Owner", OwnerPassword: stackPassword,
	})
	require.NoError(t, err)
	o := &outbox{t: t, st: st, orgID: org.Org.ID, tc: workertest.Client(t), queue: workertest.TaskQueue(t),
		mail: notifytest.New(t, mail...), sms: notifytest.New(t, sms...)}
	w := sdkworker.New(o.tc, o.queue, sdkworker.Options{Interceptors: interceptors})
	w.RegisterWorkflowWithOptions(workflows.NotificationDelivery, workflow.RegisterOptions{Name: workflows.NotificationWorkflowName})
	w.RegisterActivity(&activities.Activities{
		Store:  st,
		Mailer: notify.NewSendGridMailer(notify.SendGridConfig{APIKey: "SG.outbox", FromEmail: "noreply@outbox.test", Host: o.mail.URL}),
		Texter: notify.NewTwilioTexter(notify.TwilioConfig{AccountSID: "ACoutbox000000000000000000000000aa",
			AuthToken: "0123456789abcdef0123456789abcdef", From: "+15005550006", BaseURL: o.sms.URL}),
	})
	require.NoError(t, w.Start())
	t.Cleanup(w.Stop)
	return o
}

// plan writes a pending notification, as planning would.
func (o *outbox) plan(channel, address string) uuid.UUID {
	o.t.Helper()
	id := uuid.Must(uuid.NewV7())
	link := "http://app.test/chats/" + uuid.NewString()
	_, err := o.st.InsertNotification(o.t.Context(), db.InsertNotificationParams{
		ID: id, OrgID: o.orgID, EventKey: "test:" + id.String(), Kind: notify.KindChatAssigned, Channel: channel,
		RecipientKey: address, Address: address, Title: "New chat assigned to you", Body: "A chat with Carla was assigned to you.",
		Link: &link, Status: "pending",
	})
	require.NoError(o.t, err)
	return id
}

// deliver runs the delivery workflow for the notifications to its end.
func (o *outbox) deliver(ids ...uuid.UUID) {
	o.t.Helper()
	in := activities.DeliveryInput{}
	for _, id := range ids {
		in.NotificationIDs = append(in.NotificationIDs, id.String())
	}
	run, err := o.tc.ExecuteWorkflow(o.t.Context(), client.StartWorkflowOptions{
		ID: activities.NotificationWorkflowID("test:" + uuid.NewString()), TaskQueue: o.queue,
	}, workflows.NotificationWorkflowName, in)
	require.NoError(o.t, err)
	require.NoError(o.t, run.Get(o.t.Context(), nil))
}

func (o *outbox) row(id uuid.UUID) db.Notification {
	o.t.Helper()
	n, err := o.st.GetNotification(o.t.Context(), id)
	require.NoError(o.t, err)
	return n
}

func TestDeliveryRetriesA500AndNotA400(t *testing.T) {
	t.Parallel()
	o := newOutbox(t,
		[]notifytest.Reply{notifytest.SendGridDown, notifytest.SendGridAccepted},
		[]notifytest.Reply{notifytest.TwilioInvalid})
	email, sms := o.plan(notify.ChannelEmail, "ana@example.test"), o.plan(notify.ChannelSMS, "+14155550100")
	o.deliver(email, sms)

	require.Equal(t, 2, o.mail.Hits(), "the 500 was retried once, then accepted")
	got := o.row(email)
	require.Equal(t, "sent", got.Status)
	require.Equal(t, "sg-fake-1", *got.ProviderMessageID)
	require.EqualValues(t, 2, got.Attempts)
	for _, req := range o.mail.Requests() {
		require.Equal(t, "Bearer SG.outbox", req.Header.Get("Authorization"))
	}

	require.Equal(t, 1, o.sms.Hits(), "the 400 was not retried")
	got = o.row(sms)
	require.Equal(t, "failed", got.Status)
	require.Contains(t, *got.LastError, "21211")
	require.EqualValues(t, 1, got.Attempts)
}

func TestForcedActivityRetryDoesNotSendTwice(t *testing.T) {
	t.Parallel()
	lose := &loseFirstResult{attempts: map[string]int{}}
	o := newOutbox(t, []notifytest.Reply{notifytest.SendGridAccepted}, []notifytest.Reply{notifytest.TwilioQueued}, lose)
	email, sms := o.plan(notify.ChannelEmail, "ana@example.test"), o.plan(notify.ChannelSMS, "+14155550100")
	o.deliver(email, sms)

	require.Equal(t, map[string]int{email.String(): 2, sms.String(): 2}, lose.snapshot(),
		"each delivery ran twice: its first result was lost")
	require.Equal(t, 1, o.mail.Hits(), "one email")
	require.Equal(t, 1, o.sms.Hits(), "one SMS")
	require.Equal(t, "sent", o.row(email).Status)
	require.Equal(t, "sent", o.row(sms).Status)
}

// loseFirstResult makes the first successful attempt of every delivery
// fail after the fact, as if the worker died before reporting it: Temporal
// retries an activity whose provider call already went through.
type loseFirstResult struct {
	interceptor.WorkerInterceptorBase
	mu       sync.Mutex
	attempts map[string]int
}

func (l *loseFirstResult) InterceptActivity(_ context.Context, next interceptor.ActivityInboundInterceptor) interceptor.ActivityInboundInterceptor {
	i := &loseFirstResultActivity{owner: l}
	i.Next = next
	return i
}

func (l *loseFirstResult) snapshot() map[string]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make(map[string]int, len(l.attempts))
	for k, v := range l.attempts {
		out[k] = v
	}
	return out
}

type loseFirstResultActivity struct {
	interceptor.ActivityInboundInterceptorBase
	owner *loseFirstResult
}

func (a *loseFirstResultActivity) ExecuteActivity(ctx context.Context, in *interceptor.ExecuteActivityInput) (any, error) {
	out, err := a.Next.ExecuteActivity(ctx, in)
	info := activity.GetInfo(ctx)
	if info.ActivityType.Name != "DeliverNotification" || len(in.Args) != 1 {
		return out, err
	}
	id, _ := in.Args[0].(string)
	a.owner.mu.Lock()
	a.owner.attempts[id]++
	a.owner.mu.Unlock()
	if err == nil && info.Attempt == 1 {
		return nil, errors.New("forced retry: the first attempt's result was lost")
	}
	return out, err
}
