// Package workflows holds Livechat's Temporal workflows: their IDs, names,
// payload types and the code that runs them.
package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"livechat/activities"
)

// InvitationWorkflowName is the registered name of the invitation workflow.
const InvitationWorkflowName = "Invitation"

// InvitationWorkflowID is the workflow ID for delivering one invitation; one
// invitation never gets two deliveries.
func InvitationWorkflowID(invitationID string) string { return "invitation:" + invitationID }

// InvitationInput starts an invitation delivery.
type InvitationInput struct {
	InvitationID string `json:"invitation_id"`
}

// Invitation emails the one-time link of an invitation. Transient provider
// errors retry with backoff; a permanent refusal ends the workflow with the
// outcome recorded.
func Invitation(ctx workflow.Context, in InvitationInput) (activities.InvitationDelivery, error) {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 30 * time.Second,
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval:    time.Second,
			BackoffCoefficient: 2,
			MaximumInterval:    5 * time.Minute,
			MaximumAttempts:    20,
		},
	})
	var a *activities.Activities
	var out activities.InvitationDelivery
	err := workflow.ExecuteActivity(ctx, a.SendInvitationEmail, in.InvitationID).Get(ctx, &out)
	return out, err
}
