package chats

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"
	sdkworker "go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"livechat/apperr"
	"livechat/worker/workertest"
	"livechat/workflows"
)

// TestRetryableUpdateError: only an Update lost to a failed workflow task
// is sent again; the workflow's refusals, finished workflows, timeouts and
// other failures are final.
func TestRetryableUpdateError(t *testing.T) {
	t.Parallel()
	lost := serviceerror.NewWorkflowNotReady("Unable to perform workflow execution update due to unexpected workflow task failure.")
	for name, tc := range map[string]struct {
		err  error
		want bool
	}{
		"lost with its workflow task":  {lost, true},
		"wrapped":                      {fmt.Errorf("update: %w", lost), true},
		"workflow task failing":        {serviceerror.NewWorkflowNotReady("Unable to perform workflow execution update due to Workflow Task in failed state."), true},
		"unhandled command, by name":   {errors.New("workflow task failed: UnhandledCommand"), true},
		"unhandled command, by words":  {errors.New("Workflow task failed: unhandled command"), true},
		"no error":                     {nil, false},
		"refused by the workflow":      {temporal.NewApplicationErrorWithOptions("already ended", workflows.ErrTypeConflict, temporal.ApplicationErrorOptions{NonRetryable: true}), false},
		"refusal naming the race":      {temporal.NewApplicationError("unhandled command", workflows.ErrTypeInvalid), false},
		"workflow finished":            {serviceerror.NewNotFound("workflow execution already completed"), false},
		"update aborted by completion": {serviceerror.NewNotFound("workflow update was aborted by closing workflow"), false},
		"timed out":                    {context.DeadlineExceeded, false},
		"canceled":                     {fmt.Errorf("poll: %w", context.Canceled), false},
		"bad request":                  {serviceerror.NewInvalidArgument("unknown update name"), false},
		"other":                        {errors.New("connection reset"), false},
	} {
		require.Equal(t, tc.want, retryableUpdateError(tc.err), name)
	}
}

// TestUpdateErrorWhenTemporalIsSlow: an Update that Temporal did not answer
// in time (a busy or unreachable server) is a 503 the client may retry,
// never an internal error.
func TestUpdateErrorWhenTemporalIsSlow(t *testing.T) {
	t.Parallel()
	for name, err := range map[string]error{
		"update wait timed out": client.NewWorkflowUpdateServiceTimeoutOrCanceledError(errors.New("context deadline exceeded")),
		"our deadline":          fmt.Errorf("update: %w", context.DeadlineExceeded),
		"server busy":           serviceerror.NewResourceExhausted(0, "namespace rate limit exceeded"),
		"server unreachable":    serviceerror.NewUnavailable("connection refused"),
	} {
		ae, ok := apperr.As(updateError(err))
		require.True(t, ok, name)
		require.Equal(t, apperr.Unavailable, ae.Kind, name)
		require.Equal(t, "temporal_unavailable", ae.Code, name)
	}
	_, ok := apperr.As(updateError(errors.New("connection reset")))
	require.False(t, ok, "anything else stays an internal error")
}

// endRace stands in for a chat workflow: its "end" Update ends it. The first
// time the handler runs it waits for the test to send a message signal, so
// the workflow task that completes the workflow races that signal.
type endRace struct {
	entered, release chan struct{}
	calls            atomic.Int32
}

func (r *endRace) run(ctx workflow.Context) (int, error) {
	ended, signals := false, 0
	if err := workflow.SetUpdateHandler(ctx, workflows.UpdateEnd, func(ctx workflow.Context, req workflows.EndRequest) (workflows.ChatView, error) {
		if r.calls.Add(1) == 1 {
			close(r.entered)
			<-r.release
		}
		ended = true
		return workflows.ChatView{Status: workflows.StatusEnded, EndReason: req.Reason}, nil
	}); err != nil {
		return 0, err
	}
	ch := workflow.GetSignalChannel(ctx, workflows.SignalMessage)
	workflow.Go(ctx, func(ctx workflow.Context) {
		for {
			ch.Receive(ctx, nil)
			signals++
		}
	})
	if err := workflow.Await(ctx, func() bool { return ended }); err != nil {
		return 0, err
	}
	return signals, nil
}

// TestEndUpdateSurvivesLateSignal: a message signal that arrives while the
// workflow task completing an ended chat runs fails that task
// (UnhandledCommand) and the Update with it; Update sends it again and the
// chat ends.
func TestEndUpdateSurvivesLateSignal(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	tc := workertest.Client(t)
	queue := workertest.TaskQueue(t)
	race := &endRace{entered: make(chan struct{}), release: make(chan struct{})}
	w := sdkworker.New(tc, queue, sdkworker.Options{})
	w.RegisterWorkflowWithOptions(race.run, workflow.RegisterOptions{Name: "EndRaceProbe"})
	require.NoError(t, w.Start())
	t.Cleanup(w.Stop)
	chatID := uuid.New()
	run, err := tc.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: workflows.ChatWorkflowID(chatID.String()), TaskQueue: queue}, "EndRaceProbe")
	require.NoError(t, err)

	go func() {
		<-race.entered
		// The signal lands while the task that will complete the workflow runs.
		_ = tc.SignalWorkflow(ctx, workflows.ChatWorkflowID(chatID.String()), "", workflows.SignalMessage, workflows.MessageSignal{MessageID: "late"})
		close(race.release)
	}()
	svc := &Service{Temporal: tc}
	view, err := svc.Update(ctx, chatID, workflows.UpdateEnd, workflows.EndRequest{Reason: "resolved"})
	require.NoError(t, err)
	require.Equal(t, workflows.StatusEnded, view.Status)
	require.Equal(t, "resolved", view.EndReason)
	var signals int
	require.NoError(t, run.Get(ctx, &signals), "the workflow ended")
	require.Equal(t, 1, signals, "and saw the late message")
	require.Equal(t, int32(2), race.calls.Load(), "the Update was sent again")
}
