package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/workflowservice/v1"
	tclient "go.temporal.io/sdk/client"
	tlog "go.temporal.io/sdk/log"

	"livechat/workflows"
)

// temporalCheck asks Temporal (read only) how many chat workflows of the
// team run, and which timer the sampled chat's workflow has armed.
func temporalCheck(ctx context.Context, o options, teamID, sampleChatID string) (running int64, timer string, err error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	c, err := tclient.DialContext(ctx, tclient.Options{
		HostPort: o.temporalAddress, Namespace: o.temporalNamespace,
		Logger: tlog.NewStructuredLogger(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))),
	})
	if err != nil {
		return 0, "", fmt.Errorf("dial %s: %w", o.temporalAddress, err)
	}
	defer c.Close()
	query := fmt.Sprintf("TeamId = '%s' AND ExecutionStatus = 'Running'", teamID)
	res, err := c.CountWorkflow(ctx, &workflowservice.CountWorkflowExecutionsRequest{Namespace: o.temporalNamespace, Query: query})
	if err != nil {
		return 0, "", fmt.Errorf("count workflows: %w", err)
	}
	running = res.GetCount()
	if sampleChatID == "" {
		return running, "", nil
	}
	it := c.GetWorkflowHistory(ctx, workflows.ChatWorkflowID(sampleChatID), "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		ev, err := it.Next()
		if err != nil {
			return running, "", fmt.Errorf("history of chat %s: %w", sampleChatID, err)
		}
		if a := ev.GetTimerStartedEventAttributes(); a != nil {
			timer = fmt.Sprintf("chat %s: timer %s started %s", sampleChatID,
				a.GetStartToFireTimeout().AsDuration().Round(time.Second), ev.GetEventTime().AsTime().UTC().Format(time.RFC3339))
		}
	}
	if timer == "" {
		timer = "chat " + sampleChatID + ": no timer started (unexpected)"
	}
	return running, timer, nil
}

func checkLoopbackHostPort(hp string) error {
	host, _, err := net.SplitHostPort(hp)
	if err != nil {
		return fmt.Errorf("-temporal-address %q: %w", hp, err)
	}
	return checkLoopbackHost(host)
}
