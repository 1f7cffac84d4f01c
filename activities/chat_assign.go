package activities

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"livechat/store"
	"livechat/store/db"
)

// ApplyAssignmentInput takes a dispatcher's assignment into the chat.
type ApplyAssignmentInput struct {
	ChatID  string `json:"chat_id"`
	AgentID string `json:"agent_id"`
	Offered bool   `json:"offered"`
	// OfferExpiresAt is when an offer runs out (the console's countdown).
	OfferExpiresAt *time.Time `json:"offer_expires_at,omitempty"`
	// AssignedMessage is posted to the contact when the chat is assigned.
	AssignedMessage string `json:"assigned_message,omitempty"`
}

// ApplyAssignment acknowledges a dispatcher assignment in the projection and
// records it. It reports false for a stale assignment (the chat moved on
// since), which the workflow then ignores.
func (a *Activities) ApplyAssignment(ctx context.Context, in ApplyAssignmentInput) (bool, error) {
	chatID, err := mustID(in.ChatID)
	if err != nil {
		return false, err
	}
	agentID, err := mustID(in.AgentID)
	if err != nil {
		return false, err
	}
	status, eventType := "assigned", "chat.assigned"
	if in.Offered {
		status, eventType = "offered", "chat.offered"
	}
	applied := false
	err = a.Store.InTx(ctx, func(q *db.Queries) error {
		chat, err := q.AckAssignment(ctx, db.AckAssignmentParams{ID: chatID, AssigneeID: &agentID, Status: status})
		if errors.Is(store.Err(err), store.ErrNotFound) {
			// Already taken in by an earlier attempt of this activity, or stale.
			chat, err = q.GetChatByID(ctx, chatID)
			if err != nil {
				return fmt.Errorf("activities: load chat: %w", err)
			}
			applied = chat.Status == status && chat.AssigneeID != nil && *chat.AssigneeID == agentID && !chat.AssignmentPending
			return nil
		}
		if err != nil {
			return fmt.Errorf("activities: ack assignment: %w", err)
		}
		applied = true
		payload := map[string]any{"by": "auto_assignment"}
		if in.Offered && in.OfferExpiresAt != nil {
			payload["expires_at"] = *in.OfferExpiresAt
		}
		if err := recordEvent(ctx, q, chat, event{Type: eventType, Payload: payload}); err != nil {
			return err
		}
		if !in.Offered {
			return postSystemMessage(ctx, q, chat, in.AssignedMessage, "assigned")
		}
		return nil
	})
	return applied, err
}

// TakeInput gives a chat to an agent: a claim, an accepted offer, a forced
// assignment or an accepted transfer.
type TakeInput struct {
	ChatID  string `json:"chat_id"`
	AgentID string `json:"agent_id"`
	ActorID string `json:"actor_id,omitempty"`
	// Force takes the chat from whoever has it (assignments, transfers);
	// without it only a waiting chat, or one offered to this agent, is taken.
	Force     bool   `json:"force"`
	EventType string `json:"event_type"`
	// AssignedMessage is posted to the contact when the chat is taken.
	AssignedMessage string `json:"assigned_message,omitempty"`
}

// TakeResult is the outcome: Taken, or who holds the chat instead.
type TakeResult struct {
	Taken      bool   `json:"taken"`
	HolderID   string `json:"holder_id,omitempty"`
	Status     string `json:"status"`
	PreviousID string `json:"previous_id,omitempty"`
}

// TakeChat assigns the chat under a row lock, so it races safely with the
// dispatcher and with other takers: exactly one wins.
func (a *Activities) TakeChat(ctx context.Context, in TakeInput) (TakeResult, error) {
	chatID, err := mustID(in.ChatID)
	if err != nil {
		return TakeResult{}, err
	}
	agentID, err := mustID(in.AgentID)
	if err != nil {
		return TakeResult{}, err
	}
	var out TakeResult
	err = a.Store.InTx(ctx, func(q *db.Queries) error {
		chat, err := q.LockChat(ctx, chatID)
		if err != nil {
			return fmt.Errorf("activities: lock chat: %w", err)
		}
		out.Status = chat.Status
		if chat.AssigneeID != nil {
			out.HolderID = chat.AssigneeID.String()
			out.PreviousID = out.HolderID
		}
		if chat.Status == "assigned" && chat.AssigneeID != nil && *chat.AssigneeID == agentID && !chat.AssignmentPending {
			out.Taken = true // an earlier attempt of this activity took it
			return nil
		}
		free := chat.Status == "waiting" || (chat.Status == "offered" && chat.AssigneeID != nil && *chat.AssigneeID == agentID)
		if chat.Status == "ended" || chat.Status == "failed" || (!free && !in.Force) {
			return nil
		}
		chat, err = q.SetChatAssigned(ctx, db.SetChatAssignedParams{AgentID: &agentID, ID: chatID})
		if err != nil {
			return fmt.Errorf("activities: assign: %w", err)
		}
		out.Taken, out.Status, out.HolderID = true, chat.Status, in.AgentID
		if err := recordEvent(ctx, q, chat, event{Type: in.EventType, ActorID: in.ActorID, Payload: map[string]any{"previous_id": out.PreviousID}}); err != nil {
			return err
		}
		return postSystemMessage(ctx, q, chat, in.AssignedMessage, "assigned")
	})
	return out, err
}

// TransferStateInput records a transfer request or its outcome.
type TransferStateInput struct {
	ChatID string `json:"chat_id"`
	Status string `json:"status"` // transferring, or assigned again
	ToID   string `json:"to_id,omitempty"`
	// ExpiresAt is when a requested transfer runs out.
	ExpiresAt *time.Time     `json:"expires_at,omitempty"`
	EventType string         `json:"event_type"`
	ActorID   string         `json:"actor_id,omitempty"`
	Payload   map[string]any `json:"payload,omitempty"`
}

// SetTransfer writes a transfer request (status transferring, the target) or
// its end without a change of hands (rejected, expired).
func (a *Activities) SetTransfer(ctx context.Context, in TransferStateInput) error {
	chatID, err := mustID(in.ChatID)
	if err != nil {
		return err
	}
	return a.Store.InTx(ctx, func(q *db.Queries) error {
		chat, err := q.SetChatTransferring(ctx, db.SetChatTransferringParams{
			Status: in.Status, TransferToID: optionalUUID(in.ToID), TransferExpiresAt: in.ExpiresAt, ID: chatID,
		})
		if errors.Is(store.Err(err), store.ErrNotFound) {
			return nil // ended meanwhile
		}
		if err != nil {
			return fmt.Errorf("activities: transfer state: %w", err)
		}
		return recordEvent(ctx, q, chat, event{Type: in.EventType, ActorID: in.ActorID, Payload: in.Payload})
	})
}

// EndInput ends a chat.
type EndInput struct {
	ChatID      string `json:"chat_id"`
	Reason      string `json:"reason"`
	EndedByID   string `json:"ended_by_id,omitempty"`
	EndedByKind string `json:"ended_by_kind"`
	// ClosingMessage is posted to the contact.
	ClosingMessage string `json:"closing_message,omitempty"`
}

// EndChat records the end of a chat: who, why, when. A chat the dispatcher
// had given to an agent whose assignment its workflow had not taken in yet
// frees that agent's capacity here, so EndChat dispatches the agent's teams
// (the workflow only frees the assignee it knows).
func (a *Activities) EndChat(ctx context.Context, in EndInput) error {
	chatID, err := mustID(in.ChatID)
	if err != nil {
		return err
	}
	// ended_by names a user; a contact or a bot who ended the chat is in
	// ended_by_kind and the event's actor.
	var endedBy *uuid.UUID
	if in.EndedByKind == "agent" {
		endedBy = optionalUUID(in.EndedByID)
	}
	// pendingAgent is the agent the dispatcher gave the chat to when the
	// workflow had not taken that assignment in yet: ending the chat frees
	// capacity the workflow does not know the agent held.
	var pendingAgent *uuid.UUID
	var orgID uuid.UUID
	err = a.Store.InTx(ctx, func(q *db.Queries) error {
		before, err := q.LockChat(ctx, chatID)
		if errors.Is(store.Err(err), store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("activities: lock chat: %w", err)
		}
		chat, err := q.EndChat(ctx, db.EndChatParams{
			EndReason: &in.Reason, EndedBy: endedBy, EndedByKind: &in.EndedByKind, ID: chatID,
		})
		if errors.Is(store.Err(err), store.ErrNotFound) {
			return nil // an earlier attempt ended it
		}
		if err != nil {
			return fmt.Errorf("activities: end chat: %w", err)
		}
		if before.AssignmentPending {
			pendingAgent, orgID = before.AssigneeID, chat.OrgID
		}
		if err := recordEvent(ctx, q, chat, event{Type: "chat.ended", ActorID: in.EndedByID,
			Payload: map[string]any{"reason": in.Reason, "ended_by_kind": in.EndedByKind}}); err != nil {
			return err
		}
		return postSystemMessage(ctx, q, chat, in.ClosingMessage, "closing")
	})
	if err != nil || pendingAgent == nil {
		return err
	}
	if _, err := a.Dispatch(ctx, DispatchInput{OrgID: orgID.String(), FreedAgentID: pendingAgent.String()}); err != nil {
		return fmt.Errorf("activities: dispatch the capacity the chat held: %w", err)
	}
	return nil
}

// SystemMessageInput posts a message from the system to the contact.
type SystemMessageInput struct {
	ChatID    string `json:"chat_id"`
	Body      string `json:"body"`
	EventType string `json:"event_type"`
}

// Events of the prompt strategy, which PostSystemMessage also records on the
// chat (prompt_pending) so the visitor's widget shows the question's buttons.
const (
	EventPrompt            = "chat.prompt"
	EventPromptKeepWaiting = "chat.prompt_keep_waiting"
)

// PostSystemMessage stores a system message (e.g. the prompt) and its event.
func (a *Activities) PostSystemMessage(ctx context.Context, in SystemMessageInput) error {
	chatID, err := mustID(in.ChatID)
	if err != nil {
		return err
	}
	return a.Store.InTx(ctx, func(q *db.Queries) error {
		chat, err := q.GetChatByID(ctx, chatID)
		if err != nil {
			return fmt.Errorf("activities: load chat: %w", err)
		}
		if in.EventType == EventPrompt || in.EventType == EventPromptKeepWaiting {
			err := q.SetPromptPending(ctx, db.SetPromptPendingParams{ID: chat.ID, PromptPending: in.EventType == EventPrompt})
			if err != nil {
				return fmt.Errorf("activities: prompt pending: %w", err)
			}
		}
		if err := recordEvent(ctx, q, chat, event{Type: in.EventType}); err != nil {
			return err
		}
		return postSystemMessage(ctx, q, chat, in.Body, in.EventType)
	})
}
