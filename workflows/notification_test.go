package workflows

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/testsuite"

	"livechat/activities"
)

// deliveryRun runs the delivery workflow with DeliverNotification answered
// by deliver and records the attempts and give-ups.
type deliveryRun struct {
	mu       sync.Mutex
	attempts map[string][]time.Duration
	gaveUp   []activities.GiveUpInput
}

func runDelivery(t *testing.T, ids []string, deliver func(id string, attempt int) error) *deliveryRun {
	t.Helper()
	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestWorkflowEnvironment()
	env.RegisterActivity(&activities.Activities{})
	start := env.Now()
	r := &deliveryRun{attempts: map[string][]time.Duration{}}
	env.OnActivity(acts.DeliverNotification, mock.Anything, mock.Anything).Return(func(_ context.Context, id string) error {
		r.mu.Lock()
		r.attempts[id] = append(r.attempts[id], env.Now().Sub(start))
		n := len(r.attempts[id])
		r.mu.Unlock()
		return deliver(id, n)
	})
	env.OnActivity(acts.GiveUpNotification, mock.Anything, mock.Anything).Return(func(_ context.Context, in activities.GiveUpInput) error {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.gaveUp = append(r.gaveUp, in)
		return nil
	})
	env.ExecuteWorkflow(NotificationDelivery, activities.DeliveryInput{NotificationIDs: ids})
	require.True(t, env.IsWorkflowCompleted())
	require.NoError(t, env.GetWorkflowError())
	return r
}

func TestDeliveryRetriesTransientErrorsWithBackoff(t *testing.T) {
	r := runDelivery(t, []string{"email", "sms"}, func(id string, attempt int) error {
		if id == "email" && attempt < 4 {
			return errors.New("sendgrid: HTTP 503")
		}
		return nil
	})
	require.Len(t, r.attempts["sms"], 1, "one channel's outage never holds back another")
	gaps := make([]time.Duration, 0, 3)
	for i := 1; i < len(r.attempts["email"]); i++ {
		gaps = append(gaps, r.attempts["email"][i]-r.attempts["email"][i-1])
	}
	require.Equal(t, []time.Duration{2 * time.Second, 4 * time.Second, 8 * time.Second}, gaps, "exponential backoff")
	require.Empty(t, r.gaveUp)
}

func TestDeliveryGivesUpWhenRetriesRunOut(t *testing.T) {
	r := runDelivery(t, []string{"email", "sms"}, func(id string, _ int) error {
		if id == "sms" {
			return errors.New("twilio: HTTP 500")
		}
		return nil
	})
	require.Len(t, r.gaveUp, 1)
	require.Equal(t, "sms", r.gaveUp[0].NotificationID)
	require.Contains(t, r.gaveUp[0].Reason, "twilio: HTTP 500")
	last := slices.Max(r.attempts["sms"])
	require.LessOrEqual(t, last, notificationRetry.ScheduleToCloseTimeout, "no attempt after the deadline")
	require.Greater(t, last, 50*time.Minute, "retried until the deadline")
}
