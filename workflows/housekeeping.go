package workflows

import (
	"time"

	"go.temporal.io/sdk/workflow"

	"livechat/activities"
)

// HousekeepingWorkflowName is the registered name of the housekeeping workflow.
const HousekeepingWorkflowName = "Housekeeping"

// HousekeepingScheduleID is the Temporal Schedule that runs it every hour.
const HousekeepingScheduleID = "housekeeping"

// Housekeeping removes expired sessions and old rate-limit counters. A
// Temporal Schedule starts it every hour (see worker.EnsureHousekeeping).
func Housekeeping(ctx workflow.Context) (activities.HousekeepingResult, error) {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: time.Minute})
	var out activities.HousekeepingResult
	err := workflow.ExecuteActivity(ctx, acts.Housekeeping).Get(ctx, &out)
	return out, err
}
