package workflows_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"livechat/activities"
	"livechat/workflows"
)

const invitationID = "0190a4f4-0000-7000-8000-000000000001"

// invitationEnv registers the workflow and the real activities struct, whose
// SendInvitationEmail each test mocks with send.
func invitationEnv(t *testing.T, send func(context.Context, string) (activities.InvitationDelivery, error)) (*testsuite.TestWorkflowEnvironment, *atomic.Int32) {
	t.Helper()
	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestWorkflowEnvironment()
	env.RegisterWorkflowWithOptions(workflows.Invitation, workflow.RegisterOptions{Name: workflows.InvitationWorkflowName})
	env.RegisterActivity(&activities.Activities{})

	calls := new(atomic.Int32)
	var a *activities.Activities
	env.OnActivity(a.SendInvitationEmail, mock.Anything, invitationID).Return(
		func(ctx context.Context, id string) (activities.InvitationDelivery, error) {
			calls.Add(1)
			return send(ctx, id)
		})
	return env, calls
}

func TestInvitationWorkflowID(t *testing.T) {
	t.Parallel()
	require.Equal(t, "invitation:"+invitationID, workflows.InvitationWorkflowID(invitationID))
	require.NotEqual(t, workflows.InvitationWorkflowID("a"), workflows.InvitationWorkflowID("b"))
}

func TestInvitationReturnsTheDelivery(t *testing.T) {
	t.Parallel()
	want := activities.InvitationDelivery{Status: activities.DeliverySent, ProviderMessageID: "sg-1"}
	env, calls := invitationEnv(t, func(context.Context, string) (activities.InvitationDelivery, error) {
		return want, nil
	})

	env.ExecuteWorkflow(workflows.InvitationWorkflowName, workflows.InvitationInput{InvitationID: invitationID})
	require.True(t, env.IsWorkflowCompleted())
	require.NoError(t, env.GetWorkflowError())
	var got activities.InvitationDelivery
	require.NoError(t, env.GetWorkflowResult(&got))
	require.Equal(t, want, got)
	require.EqualValues(t, 1, calls.Load())
}

func TestInvitationRetriesTransientErrors(t *testing.T) {
	t.Parallel()
	var attempt atomic.Int32
	env, calls := invitationEnv(t, func(context.Context, string) (activities.InvitationDelivery, error) {
		if attempt.Add(1) == 1 {
			return activities.InvitationDelivery{}, errors.New("sendgrid: HTTP 503")
		}
		return activities.InvitationDelivery{Status: activities.DeliverySent}, nil
	})

	env.ExecuteWorkflow(workflows.InvitationWorkflowName, workflows.InvitationInput{InvitationID: invitationID})
	require.True(t, env.IsWorkflowCompleted())
	require.NoError(t, env.GetWorkflowError())
	var got activities.InvitationDelivery
	require.NoError(t, env.GetWorkflowResult(&got))
	require.Equal(t, activities.DeliverySent, got.Status)
	require.EqualValues(t, 2, calls.Load(), "the failed attempt was retried once")
}

func TestInvitationDoesNotRetryPermanentErrors(t *testing.T) {
	t.Parallel()
	env, calls := invitationEnv(t, func(context.Context, string) (activities.InvitationDelivery, error) {
		return activities.InvitationDelivery{}, temporal.NewNonRetryableApplicationError("invitation email refused", "PermanentDeliveryFailure", nil)
	})

	env.ExecuteWorkflow(workflows.InvitationWorkflowName, workflows.InvitationInput{InvitationID: invitationID})
	require.True(t, env.IsWorkflowCompleted())
	err := env.GetWorkflowError()
	require.Error(t, err)
	var appErr *temporal.ApplicationError
	require.True(t, errors.As(err, &appErr), "want an application error, got %v", err)
	require.Equal(t, "PermanentDeliveryFailure", appErr.Type())
	require.True(t, appErr.NonRetryable())
	require.EqualValues(t, 1, calls.Load(), "no retry")
}
