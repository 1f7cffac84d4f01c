package activities

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"

	"livechat/store"
	"livechat/store/db"
)

// Signal names the dispatcher sends to chat workflows (the workflows
// package re-exports them beside its other names).
const (
	SignalAssignment = "assignment"
	SignalDispatch   = "dispatch"
)

// ChatWorkflowID is the workflow ID of a chat: one workflow per chat.
func ChatWorkflowID(chatID string) string { return "chat:" + chatID }

// AssignmentSignal is the dispatcher's decision for one chat.
type AssignmentSignal struct {
	AgentID string `json:"agent_id"`
	Offered bool   `json:"offered"`
}

// QueueInput puts a chat into a team's queue.
type QueueInput struct {
	ChatID   string    `json:"chat_id"`
	TeamID   string    `json:"team_id"`
	QueuedAt time.Time `json:"queued_at"`
	// DispatchAfter holds the chat back until then (after hours).
	DispatchAfter *time.Time `json:"dispatch_after,omitempty"`
	Excluded      []string   `json:"excluded,omitempty"`
	EventType     string     `json:"event_type"`
	ActorID       string     `json:"actor_id,omitempty"`
	// Message, when set, is posted to the contact (the after-hours message).
	Message string `json:"message,omitempty"`
}

// EnterQueue writes the chat into its team's queue.
func (a *Activities) EnterQueue(ctx context.Context, in QueueInput) error {
	chatID, err := mustID(in.ChatID)
	if err != nil {
		return err
	}
	teamID, err := mustID(in.TeamID)
	if err != nil {
		return err
	}
	excluded := make([]uuid.UUID, 0, len(in.Excluded))
	for _, s := range in.Excluded {
		if id, err := uuid.Parse(s); err == nil {
			excluded = append(excluded, id)
		}
	}
	return a.Store.InTx(ctx, func(q *db.Queries) error {
		chat, err := q.EnterQueue(ctx, db.EnterQueueParams{
			TeamID: teamID, QueuedAt: &in.QueuedAt, DispatchAfter: in.DispatchAfter, ExcludedAgentIds: excluded, ID: chatID,
		})
		if errors.Is(store.Err(err), store.ErrNotFound) {
			return nil // ended meanwhile
		}
		if errors.Is(store.Err(err), store.ErrConflict) {
			return temporal.NewNonRetryableApplicationError("the contact already has an open chat in that team", "conflict", err)
		}
		if err != nil {
			return fmt.Errorf("activities: enter queue: %w", err)
		}
		payload := map[string]any{}
		if in.DispatchAfter != nil {
			payload["opens_at"] = in.DispatchAfter
		}
		if err := recordEvent(ctx, q, chat, event{Type: in.EventType, ActorID: in.ActorID, Payload: payload}); err != nil {
			return err
		}
		return postSystemMessage(ctx, q, chat, in.Message, "queue")
	})
}

// DispatchInput names the teams to dispatch: given ones and, when an agent
// freed capacity, every team of that agent.
type DispatchInput struct {
	OrgID        string   `json:"org_id"`
	TeamIDs      []string `json:"team_ids,omitempty"`
	FreedAgentID string   `json:"freed_agent_id,omitempty"`
	// CallerChatID is the chat whose workflow runs the dispatch: its own
	// assignment comes back in the result instead of a signal to itself.
	CallerChatID string `json:"caller_chat_id,omitempty"`
}

// DispatchResult tells a waiting chat when to try again on its own.
type DispatchResult struct {
	// NextAgentOpening is when the next online agent of the first team's
	// schedule begins, if one is outside their hours now.
	NextAgentOpening *time.Time `json:"next_agent_opening,omitempty"`
	// Own is the caller's own assignment (DispatchInput.CallerChatID),
	// which it takes in without a signal.
	Own *AssignmentSignal `json:"own,omitempty"`
}

// Dispatch assigns waiting chats of the teams (routing.Dispatcher) and
// delivers every pending assignment to its chat's workflow. Safe to retry:
// assignments not yet taken in are delivered again.
func (a *Activities) Dispatch(ctx context.Context, in DispatchInput) (DispatchResult, error) {
	orgID, err := mustID(in.OrgID)
	if err != nil {
		return DispatchResult{}, err
	}
	teams := map[uuid.UUID]bool{}
	var order []uuid.UUID
	add := func(id uuid.UUID) {
		if !teams[id] {
			teams[id] = true
			order = append(order, id)
		}
	}
	for _, s := range in.TeamIDs {
		id, err := mustID(s)
		if err != nil {
			return DispatchResult{}, err
		}
		add(id)
	}
	if in.FreedAgentID != "" {
		agentID, err := mustID(in.FreedAgentID)
		if err != nil {
			return DispatchResult{}, err
		}
		ids, err := a.Store.TeamIDsOfAgent(ctx, db.TeamIDsOfAgentParams{OrgID: orgID, UserID: agentID})
		if err != nil {
			return DispatchResult{}, fmt.Errorf("activities: teams of agent: %w", err)
		}
		for _, id := range ids {
			add(id)
		}
	}
	var out DispatchResult
	for _, teamID := range order {
		pending, err := a.Dispatcher.DispatchTeam(ctx, orgID, teamID, activity.GetInfo(ctx).Attempt > 1)
		if err != nil {
			return DispatchResult{}, err
		}
		for _, p := range pending {
			sig := AssignmentSignal{AgentID: p.AgentID.String(), Offered: p.Offered}
			if in.CallerChatID != "" && p.ChatID.String() == in.CallerChatID {
				out.Own = &sig
				continue
			}
			if err := a.signalChat(ctx, p.ChatID.String(), SignalAssignment, sig); err != nil {
				return DispatchResult{}, err
			}
		}
	}
	if len(in.TeamIDs) > 0 {
		next, err := a.Dispatcher.NextAgentOpening(ctx, orgID, order[0])
		if err != nil {
			return DispatchResult{}, err
		}
		out.NextAgentOpening = next
	}
	return out, nil
}

// signalChat signals a chat workflow; a chat whose workflow has finished is
// skipped (it ended meanwhile).
func (a *Activities) signalChat(ctx context.Context, chatID, name string, payload any) error {
	err := a.Temporal.SignalWorkflow(ctx, ChatWorkflowID(chatID), "", name, payload)
	var notFound *serviceerror.NotFound
	if errors.As(err, &notFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("activities: signal chat %s: %w", chatID, err)
	}
	return nil
}
