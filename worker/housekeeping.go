package worker

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"livechat/workflows"
)

// HousekeepingInterval is how often the housekeeping workflow runs.
const HousekeepingInterval = time.Hour

// EnsureHousekeeping creates the Temporal Schedule that runs the
// housekeeping workflow every hour on the task queue, unless it exists.
func EnsureHousekeeping(ctx context.Context, c client.Client, taskQueue string) error {
	_, err := c.ScheduleClient().Create(ctx, client.ScheduleOptions{
		ID:   workflows.HousekeepingScheduleID,
		Spec: client.ScheduleSpec{Intervals: []client.ScheduleIntervalSpec{{Every: HousekeepingInterval}}},
		Action: &client.ScheduleWorkflowAction{
			ID:        "housekeeping",
			Workflow:  workflows.HousekeepingWorkflowName,
			TaskQueue: taskQueue,
		},
	})
	if err != nil && !errors.Is(err, temporal.ErrScheduleAlreadyRunning) {
		return fmt.Errorf("worker: create housekeeping schedule: %w", err)
	}
	return nil
}
