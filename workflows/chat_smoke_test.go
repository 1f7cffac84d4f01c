package workflows

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/testsuite"

	"livechat/activities"
)

func TestChatSmokeAssignedThenInactive(t *testing.T) {
	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	env.RegisterActivity(&activities.Activities{})
	team := activities.TeamSettings{ID: "t1", PermissionMode: ModeCollaborative, AutoAssignment: "round_robin", Capacity: 3,
		UnresponsiveStrategy: "none", InactivityAssigned: time.Hour, InactivityWaiting: 6 * time.Hour, TransferTimeout: time.Minute}
	env.OnActivity(acts.LoadTeam, mock.Anything, "o1", "t1").Return(team, nil)
	env.OnActivity(acts.EnterQueue, mock.Anything, mock.Anything).Return(nil)
	env.OnActivity(acts.Dispatch, mock.Anything, mock.Anything).Return(func(_ context.Context, in activities.DispatchInput) (activities.DispatchResult, error) {
		if len(in.TeamIDs) > 0 {
			env.SignalWorkflow(SignalAssignment, activities.AssignmentSignal{AgentID: "a1"})
		}
		return activities.DispatchResult{}, nil
	})
	env.OnActivity(acts.ApplyAssignment, mock.Anything, mock.Anything).Return(true, nil)
	env.OnActivity(acts.NotifyAgent, mock.Anything, mock.Anything).Return(nil)
	var ended activities.EndInput
	env.OnActivity(acts.EndChat, mock.Anything, mock.Anything).Return(func(_ context.Context, in activities.EndInput) error { ended = in; return nil })
	env.ExecuteWorkflow(Chat, ChatInput{ChatID: "c1", OrgID: "o1", TeamID: "t1", ContactID: "k1"})
	require.True(t, env.IsWorkflowCompleted())
	require.NoError(t, env.GetWorkflowError())
	var view ChatView
	require.NoError(t, env.GetWorkflowResult(&view))
	require.Equal(t, StatusEnded, view.Status)
	require.Equal(t, EndInactive, ended.Reason)
}
