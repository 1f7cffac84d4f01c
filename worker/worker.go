// Package worker wires the Temporal worker: it registers every workflow and
// activity on the task queue and stops gracefully.
package worker

import (
	"context"
	"fmt"
	"time"

	"go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"livechat/activities"
	"livechat/workflows"
)

// StopTimeout is how long in-flight activities get to finish on shutdown.
const StopTimeout = 20 * time.Second

// New builds a worker for the task queue with every workflow and activity registered.
func New(c client.Client, taskQueue string, acts *activities.Activities) sdkworker.Worker {
	w := sdkworker.New(c, taskQueue, sdkworker.Options{WorkerStopTimeout: StopTimeout})
	w.RegisterWorkflowWithOptions(workflows.Invitation, workflow.RegisterOptions{Name: workflows.InvitationWorkflowName})
	w.RegisterWorkflowWithOptions(workflows.Chat, workflow.RegisterOptions{Name: workflows.ChatWorkflowName})
	w.RegisterWorkflowWithOptions(workflows.NotificationDelivery, workflow.RegisterOptions{Name: workflows.NotificationWorkflowName})
	w.RegisterWorkflowWithOptions(workflows.Housekeeping, workflow.RegisterOptions{Name: workflows.HousekeepingWorkflowName})
	w.RegisterActivity(acts)
	return w
}

// Run starts the worker and blocks until ctx is cancelled, then stops it,
// letting running activities finish within StopTimeout.
func Run(ctx context.Context, w sdkworker.Worker) error {
	if err := w.Start(); err != nil {
		return fmt.Errorf("worker: start: %w", err)
	}
	<-ctx.Done()
	w.Stop()
	return nil
}
