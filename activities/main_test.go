package activities_test

import (
	"testing"

	"livechat/worker/workertest"
)

// TestMain gives the notification tests the shared Temporal server: planning
// starts the delivery workflow.
func TestMain(m *testing.M) { workertest.Main(m) }
