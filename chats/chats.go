// Package chats is the API side of the chat lifecycle: it opens chats (bot
// hand-offs now, widget visitors later) and sends the chat workflow its
// Updates and Signals, turning the workflow's refusals into apperr errors.
package chats

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"livechat/apperr"
	"livechat/store"
	"livechat/store/db"
	"livechat/workflows"
)

// Service opens chats and talks to their workflows.
type Service struct {
	Store     *store.Store
	Temporal  client.Client
	TaskQueue string
	// Outbox delivers message signals; PostMessage wakes it.
	Outbox *Outbox

	messages messageGroup
}

// ErrChatNotFound answers unknown chats and chats of other organisations.
var ErrChatNotFound = apperr.New(apperr.NotFound, "chat_not_found", "no such chat")

// Get loads a chat of the organisation.
func (s *Service) Get(ctx context.Context, orgID, chatID uuid.UUID) (db.Chat, error) {
	chat, err := s.Store.GetChat(ctx, db.GetChatParams{OrgID: orgID, ID: chatID})
	if errors.Is(store.Err(err), store.ErrNotFound) {
		return chat, ErrChatNotFound
	}
	if err != nil {
		return chat, fmt.Errorf("chats: load: %w", err)
	}
	return chat, nil
}

// startWorkflow starts the chat's workflow (or finds it running) and waits
// until the chat has entered its queue.
func (s *Service) startWorkflow(ctx context.Context, chat db.Chat) (workflows.ChatView, error) {
	op := s.Temporal.NewWithStartWorkflowOperation(client.StartWorkflowOptions{
		ID:                       workflows.ChatWorkflowID(chat.ID.String()),
		TaskQueue:                s.TaskQueue,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		// An ended chat is never started again.
		WorkflowIDReusePolicy: enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
		TypedSearchAttributes: temporal.NewSearchAttributes(
			temporal.NewSearchAttributeKeyKeyword("ChatStatus").ValueSet(workflows.StatusWaiting),
			temporal.NewSearchAttributeKeyKeyword("OrgId").ValueSet(chat.OrgID.String()),
			temporal.NewSearchAttributeKeyKeyword("TeamId").ValueSet(chat.TeamID.String()),
			temporal.NewSearchAttributeKeyKeyword("ContactId").ValueSet(chat.ContactID.String()),
		),
	}, workflows.ChatWorkflowName, workflows.ChatInput{
		ChatID: chat.ID.String(), OrgID: chat.OrgID.String(), TeamID: chat.TeamID.String(), ContactID: chat.ContactID.String(),
	})
	handle, err := s.Temporal.UpdateWithStartWorkflow(ctx, client.UpdateWithStartWorkflowOptions{
		StartWorkflowOperation: op,
		UpdateOptions: client.UpdateWorkflowOptions{
			UpdateName:   workflows.UpdateOpen,
			WaitForStage: client.WorkflowUpdateStageCompleted,
		},
	})
	if err != nil {
		return workflows.ChatView{}, fmt.Errorf("chats: start workflow: %w", err)
	}
	var view workflows.ChatView
	if err := handle.Get(ctx, &view); err != nil {
		return view, fmt.Errorf("chats: open: %w", err)
	}
	return view, nil
}

// Update retry settings: see retryableUpdateError.
const (
	updateAttempts = 4
	// updateRetryBackoff is the first wait between attempts; it doubles.
	updateRetryBackoff = 50 * time.Millisecond
)

// Update sends a chat workflow an Update and waits for its answer.
// Refusals by the validator or the handler become apperr errors:
// forbidden → 403, conflict → 409 (naming the holder), invalid → 400; a chat
// whose workflow has finished is a 409 "ended". An Update lost to a failed
// workflow task (see retryableUpdateError) is sent again, with the same
// update ID, a few times.
func (s *Service) Update(ctx context.Context, chatID uuid.UUID, name string, payload any) (workflows.ChatView, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	opts := client.UpdateWorkflowOptions{
		// One ID for every attempt: the server answers a repeated ID with
		// the outcome of the update it already ran, never runs it twice.
		UpdateID:     uuid.NewString(),
		WorkflowID:   workflows.ChatWorkflowID(chatID.String()),
		UpdateName:   name,
		Args:         []any{payload},
		WaitForStage: client.WorkflowUpdateStageCompleted,
	}
	var view workflows.ChatView
	var err error
	backoff := updateRetryBackoff
	for attempt := 1; ; attempt++ {
		view, err = s.updateOnce(ctx, opts)
		if err == nil || attempt == updateAttempts || !retryableUpdateError(err) {
			break
		}
		timer := time.NewTimer(backoff)
		select {
		case <-ctx.Done():
			timer.Stop()
			return view, s.withHolderName(ctx, updateError(err))
		case <-timer.C:
		}
		backoff *= 2
	}
	if err != nil {
		return view, s.withHolderName(ctx, updateError(err))
	}
	return view, nil
}

// updateOnce sends the Update once and waits for its outcome.
func (s *Service) updateOnce(ctx context.Context, opts client.UpdateWorkflowOptions) (workflows.ChatView, error) {
	var view workflows.ChatView
	handle, err := s.Temporal.UpdateWorkflow(ctx, opts)
	if err != nil {
		return view, err
	}
	err = handle.Get(ctx, &view)
	return view, err
}

// retryableUpdateError says whether an Update failed only because the
// workflow task that carried it failed, so sending it again (same update
// ID) is safe and will succeed. That happens when the task completing the
// workflow races a new signal: Temporal fails the task with UnhandledCommand
// (the workflow must see the signal first), drops the Updates delivered in
// it with WorkflowNotReady ("unexpected workflow task failure"), and the
// worker runs the task again with the signal; the Update sent again is
// delivered to that new task. Refusals by the workflow, finished workflows
// and timeouts are final.
func retryableUpdateError(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var appErr *temporal.ApplicationError
	if errors.As(err, &appErr) {
		return false
	}
	var notReady *serviceerror.WorkflowNotReady
	if errors.As(err, &notReady) {
		return true
	}
	msg := strings.ToLower(err.Error())
	return strings.Contains(msg, "unhandledcommand") || strings.Contains(msg, "unhandled command")
}

// withHolderName names the agent who holds the chat in a conflict message.
func (s *Service) withHolderName(ctx context.Context, err error) error {
	e, ok := apperr.As(err)
	if !ok || e.Fields["holder_id"] == "" {
		return err
	}
	id, perr := uuid.Parse(e.Fields["holder_id"])
	if perr != nil {
		return err
	}
	if user, uerr := s.Store.GetUser(ctx, id); uerr == nil {
		e.Message = strings.TrimSuffix(e.Message, " by "+e.Fields["holder_id"]) + " by " + user.Name
		e.Fields["holder_name"] = user.Name
	}
	return e
}

// updateError maps a workflow's refusal to an apperr.
func updateError(err error) error {
	var appErr *temporal.ApplicationError
	if errors.As(err, &appErr) {
		switch appErr.Type() {
		case workflows.ErrTypeForbidden:
			return apperr.New(apperr.Forbidden, "forbidden", "%s", appErr.Message())
		case workflows.ErrTypeInvalid:
			return apperr.New(apperr.Invalid, "invalid_request", "%s", appErr.Message())
		case workflows.ErrTypeConflict:
			e := apperr.New(apperr.Conflict, "conflict", "%s", appErr.Message())
			var d workflows.ConflictDetails
			if appErr.HasDetails() && appErr.Details(&d) == nil && d.HolderID != "" {
				e.Code = "chat_taken"
				e.Message = appErr.Message() + " by " + d.HolderID
				e.Fields = map[string]string{"holder_id": d.HolderID, "status": d.Status}
			}
			return e
		}
	}
	var notFound *serviceerror.NotFound
	if errors.As(err, &notFound) {
		return apperr.New(apperr.Conflict, "chat_ended", "the chat has ended")
	}
	var timedOut *client.WorkflowUpdateServiceTimeoutOrCanceledError
	var busy *serviceerror.ResourceExhausted
	var down *serviceerror.Unavailable
	if errors.Is(err, context.DeadlineExceeded) || errors.As(err, &timedOut) || errors.As(err, &busy) || errors.As(err, &down) {
		return apperr.New(apperr.Unavailable, "temporal_unavailable", "the chat did not answer in time; try again")
	}
	return fmt.Errorf("chats: update: %w", err)
}
