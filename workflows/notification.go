package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"livechat/activities"
)

// NotificationWorkflowName is the registered name of the delivery workflow.
const NotificationWorkflowName = activities.NotificationWorkflowName

// notificationRetry is how long and how often an email or SMS is retried
// through provider outages (429, 5xx, timeouts): a notice about a chat that
// arrives hours late is worse than none.
var notificationRetry = workflow.ActivityOptions{
	StartToCloseTimeout:    45 * time.Second,
	ScheduleToCloseTimeout: time.Hour,
	RetryPolicy: &temporal.RetryPolicy{
		InitialInterval:    2 * time.Second,
		BackoffCoefficient: 2,
		MaximumInterval:    5 * time.Minute,
		// The deadline above ends the retries first; the cap only keeps a
		// misconfigured deadline from retrying for ever.
		MaximumAttempts: 30,
	},
}

// NotificationDelivery sends the email and SMS notifications of one event,
// each in its own activity so one channel's outage never holds back another.
// A notification still undelivered when its retries run out is recorded as
// failed.
func NotificationDelivery(ctx workflow.Context, in activities.DeliveryInput) error {
	sendCtx := workflow.WithActivityOptions(ctx, notificationRetry)
	pending := make([]workflow.Future, len(in.NotificationIDs))
	for i, id := range in.NotificationIDs {
		pending[i] = workflow.ExecuteActivity(sendCtx, acts.DeliverNotification, id)
	}
	recordCtx := withActivityOptions(ctx)
	for i, f := range pending {
		err := f.Get(ctx, nil)
		if err == nil {
			continue
		}
		giveUp := activities.GiveUpInput{NotificationID: in.NotificationIDs[i], Reason: err.Error()}
		if err := workflow.ExecuteActivity(recordCtx, acts.GiveUpNotification, giveUp).Get(ctx, nil); err != nil {
			return err
		}
	}
	return nil
}
