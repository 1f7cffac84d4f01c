package worker_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"livechat/worker"
	"livechat/worker/workertest"
	"livechat/workflows"
)

// TestEnsureHousekeepingIsIdempotent: every worker start ensures the hourly
// schedule; the second call finds it and leaves it as it is.
func TestEnsureHousekeepingIsIdempotent(t *testing.T) {
	tc := workertest.Client(t)
	queue := workertest.TaskQueue(t)
	require.NoError(t, worker.EnsureHousekeeping(t.Context(), tc, queue))
	require.NoError(t, worker.EnsureHousekeeping(t.Context(), tc, queue))
	handle := tc.ScheduleClient().GetHandle(t.Context(), workflows.HousekeepingScheduleID)
	desc, err := handle.Describe(t.Context())
	require.NoError(t, err)
	require.Len(t, desc.Schedule.Spec.Intervals, 1)
	require.Equal(t, worker.HousekeepingInterval, desc.Schedule.Spec.Intervals[0].Every)
	t.Cleanup(func() { _ = handle.Delete(context.Background()) })
}
