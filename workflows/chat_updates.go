package workflows

import (
	"go.temporal.io/sdk/workflow"

	"livechat/activities"
)

// registerUpdates installs every update with its validator. Validators are
// read-only checks against the current state; handlers check again under the
// mutex, because the state may have moved while they waited for it.
func (w *chatWorkflow) registerUpdates(ctx workflow.Context) error {
	regs := []struct {
		name      string
		handler   any
		validator any
	}{
		{UpdateOpen, w.open, func() error { return nil }},
		{UpdateClaim, w.claim, func(r ClaimRequest) error { return w.checkClaim(r) }},
		{UpdateAssign, w.assign, func(r AssignRequest) error { return w.checkAssign(r) }},
		{UpdateEnd, w.endChat, func(r EndRequest) error { return w.checkEnd(r) }},
		{UpdateRequestTransfer, w.requestTransfer, func(r TransferRequest) error { return w.checkRequestTransfer(r) }},
		{UpdateAnswerTransfer, w.answerTransfer, func(r TransferAnswer) error { return w.checkAnswerTransfer(r) }},
		{UpdateTransferToTeam, w.transferToTeam, func(r TeamTransferRequest) error { return w.checkTransferToTeam(r) }},
		{UpdateAnswerOffer, w.answerOffer, func(r OfferAnswer) error { return w.checkAnswerOffer(r) }},
		{UpdateAnswerPrompt, w.answerPrompt, func(r PromptAnswer) error { return w.checkAnswerPrompt(r) }},
	}
	for _, r := range regs {
		if err := workflow.SetUpdateHandlerWithOptions(ctx, r.name, r.handler, workflow.UpdateHandlerOptions{Validator: r.validator}); err != nil {
			return err
		}
	}
	return nil
}

// guarded runs an update handler once the chat is ready, under the mutex,
// re-checking its validator against the state it finds then.
func (w *chatWorkflow) guarded(ctx workflow.Context, check func() error, fn func(ctx workflow.Context) error) (ChatView, error) {
	if err := workflow.Await(ctx, func() bool { return w.ready }); err != nil {
		return ChatView{}, err
	}
	if err := w.mu.Lock(ctx); err != nil {
		return ChatView{}, err
	}
	defer w.mu.Unlock()
	w.updates++
	defer w.changed()
	if err := check(); err != nil {
		return w.s.view(), err
	}
	ctx = withActivityOptions(ctx)
	if err := fn(ctx); err != nil {
		return w.s.view(), err
	}
	return w.s.view(), nil
}

// sameTeam refuses actors whose team check was made against another team
// (the chat moved meanwhile).
func (w *chatWorkflow) sameTeam(a Actor) error {
	if a.Kind == ActorMember && a.TeamID != "" && a.TeamID != w.s.TeamID {
		return conflict("the chat moved to another team; reload it")
	}
	return nil
}

func (w *chatWorkflow) notEnded() error {
	if w.s.Status == StatusEnded {
		return conflict("the chat has ended")
	}
	return nil
}

// open answers the new chat's state once it has entered its queue.
func (w *chatWorkflow) open(ctx workflow.Context) (ChatView, error) {
	if err := workflow.Await(ctx, func() bool { return w.ready }); err != nil {
		return ChatView{}, err
	}
	return w.s.view(), nil
}

func (w *chatWorkflow) checkClaim(r ClaimRequest) error {
	if err := w.notEnded(); err != nil {
		return err
	}
	if err := w.sameTeam(r.Actor); err != nil {
		return err
	}
	if err := Authorize(ActionClaim, w.s.Team.PermissionMode, r.Actor, w.s.AssigneeID); err != nil {
		return err
	}
	if r.Actor.UserID == "" {
		return invalid("claims need an agent")
	}
	if w.s.Status == StatusOffered && w.s.AssigneeID == r.Actor.UserID {
		return nil // claiming one's own offer accepts it
	}
	if w.s.Status != StatusWaiting {
		return taken(&w.s)
	}
	return nil
}

// claim gives a waiting chat to the calling agent; of two agents claiming at
// once exactly one wins, the other gets a conflict naming the winner.
func (w *chatWorkflow) claim(ctx workflow.Context, r ClaimRequest) (ChatView, error) {
	return w.guarded(ctx, func() error { return w.checkClaim(r) }, func(ctx workflow.Context) error {
		return w.take(ctx, r.Actor.UserID, r.Actor, false, "chat.claimed")
	})
}

// take assigns the chat to agentID through the projection's row lock: the
// dispatcher may have given it to someone else a moment ago.
func (w *chatWorkflow) take(ctx workflow.Context, agentID string, by Actor, force bool, eventType string) error {
	previous := w.s.AssigneeID
	var res activities.TakeResult
	err := local(ctx, acts.TakeChat, activities.TakeInput{
		ChatID: w.s.ChatID, AgentID: agentID, ActorID: by.UserID, Force: force, EventType: eventType,
		AssignedMessage: w.s.Team.AssignedMessage,
	}).Get(ctx, &res)
	if err != nil {
		return err
	}
	if !res.Taken {
		// The dispatcher got there first; its signal brings the state up to date.
		s := w.s
		s.AssigneeID, s.Status = res.HolderID, res.Status
		return taken(&s)
	}
	w.assigned(workflow.Now(ctx), agentID)
	if err := w.publish(ctx); err != nil {
		return err
	}
	if by.UserID != agentID {
		if err := w.notify(ctx, agentID, activities.NoticeAssigned); err != nil {
			return err
		}
	}
	if previous != "" && previous != agentID {
		return w.freeAgent(ctx, previous)
	}
	return nil
}

func (w *chatWorkflow) checkAssign(r AssignRequest) error {
	if err := w.notEnded(); err != nil {
		return err
	}
	if err := w.sameTeam(r.Actor); err != nil {
		return err
	}
	if err := Authorize(ActionAssign, w.s.Team.PermissionMode, r.Actor, w.s.AssigneeID); err != nil {
		return err
	}
	if r.AgentID == "" || !r.AgentInTeam {
		return invalid("the agent must be a member of the chat's team")
	}
	if r.AgentID == w.s.AssigneeID && w.s.Status == StatusAssigned {
		return conflict("the chat is already assigned to this agent")
	}
	return nil
}

// assign gives the chat to a named agent (supervisors, bots, collaborative
// agents); capacity does not apply to deliberate assignments.
func (w *chatWorkflow) assign(ctx workflow.Context, r AssignRequest) (ChatView, error) {
	return w.guarded(ctx, func() error { return w.checkAssign(r) }, func(ctx workflow.Context) error {
		return w.take(ctx, r.AgentID, r.Actor, true, "chat.reassigned")
	})
}

func (w *chatWorkflow) checkEnd(r EndRequest) error {
	if err := w.notEnded(); err != nil {
		return err
	}
	if err := w.sameTeam(r.Actor); err != nil {
		return err
	}
	action := ActionEnd
	if r.Reason == EndHandedBackToBot {
		action = ActionHandBack
	}
	if err := Authorize(action, w.s.Team.PermissionMode, r.Actor, w.s.AssigneeID); err != nil {
		return err
	}
	if r.Reason == "" || len(r.Reason) > 200 {
		return invalid("a reason of at most 200 characters is required")
	}
	return nil
}

// endChat ends the chat, recording who and why.
func (w *chatWorkflow) endChat(ctx workflow.Context, r EndRequest) (ChatView, error) {
	return w.guarded(ctx, func() error { return w.checkEnd(r) }, func(ctx workflow.Context) error {
		return w.end(ctx, r.Reason, r.Actor)
	})
}

func (w *chatWorkflow) checkRequestTransfer(r TransferRequest) error {
	if err := w.notEnded(); err != nil {
		return err
	}
	if err := w.sameTeam(r.Actor); err != nil {
		return err
	}
	if err := Authorize(ActionTransfer, w.s.Team.PermissionMode, r.Actor, w.s.AssigneeID); err != nil {
		return err
	}
	switch {
	case w.s.Status == StatusTransferring:
		return conflict("a transfer is already pending")
	case w.s.Status != StatusAssigned:
		return conflict("only an assigned chat can be transferred to an agent")
	case r.ToAgentID == "" || !r.TargetInTeam:
		return invalid("the target must be a member of the chat's team")
	case r.ToAgentID == w.s.AssigneeID:
		return invalid("the chat is already with this agent")
	}
	return nil
}

// requestTransfer asks another agent to take the chat; the assignee keeps it
// until the target accepts, rejects, or the request expires.
func (w *chatWorkflow) requestTransfer(ctx workflow.Context, r TransferRequest) (ChatView, error) {
	return w.guarded(ctx, func() error { return w.checkRequestTransfer(r) }, func(ctx workflow.Context) error {
		expires := workflow.Now(ctx).Add(w.s.Team.TransferTimeout)
		err := local(ctx, acts.SetTransfer, activities.TransferStateInput{
			ChatID: w.s.ChatID, Status: StatusTransferring, ToID: r.ToAgentID, ExpiresAt: &expires, EventType: "chat.transfer_requested",
			ActorID: r.Actor.UserID, Payload: map[string]any{"from_id": w.s.AssigneeID, "to_id": r.ToAgentID, "expires_at": expires},
		}).Get(ctx, nil)
		if err != nil {
			return err
		}
		w.s.Status = StatusTransferring
		w.s.Transfer = &Transfer{FromID: w.s.AssigneeID, ToID: r.ToAgentID, ExpiresAt: expires}
		if err := w.publish(ctx); err != nil {
			return err
		}
		return w.notify(ctx, r.ToAgentID, activities.NoticeTransferRequested)
	})
}

func (w *chatWorkflow) checkAnswerTransfer(r TransferAnswer) error {
	if err := w.notEnded(); err != nil {
		return err
	}
	if w.s.Transfer == nil {
		return conflict("there is no pending transfer")
	}
	if r.Actor.Kind != ActorMember || r.Actor.UserID != w.s.Transfer.ToID {
		return forbidden("only the agent asked can answer a transfer")
	}
	return nil
}

// answerTransfer is the target's accept or reject.
func (w *chatWorkflow) answerTransfer(ctx workflow.Context, r TransferAnswer) (ChatView, error) {
	return w.guarded(ctx, func() error { return w.checkAnswerTransfer(r) }, func(ctx workflow.Context) error {
		if r.Accept {
			return w.finishTransfer(ctx, true, "chat.transfer_accepted", activities.NoticeTransferAccepted, r.Actor)
		}
		return w.finishTransfer(ctx, false, "chat.transfer_rejected", activities.NoticeTransferRejected, r.Actor)
	})
}

func (w *chatWorkflow) checkTransferToTeam(r TeamTransferRequest) error {
	if err := w.notEnded(); err != nil {
		return err
	}
	if err := w.sameTeam(r.Actor); err != nil {
		return err
	}
	if err := Authorize(ActionTransferToTeam, w.s.Team.PermissionMode, r.Actor, w.s.AssigneeID); err != nil {
		return err
	}
	if r.TeamID == "" {
		return invalid("team_id is required")
	}
	if r.TeamID == w.s.TeamID {
		return invalid("the chat is already in this team")
	}
	return nil
}

// transferToTeam moves the chat into another team's queue, under that team's
// rules, as a newcomer there.
func (w *chatWorkflow) transferToTeam(ctx workflow.Context, r TeamTransferRequest) (ChatView, error) {
	return w.guarded(ctx, func() error { return w.checkTransferToTeam(r) }, func(ctx workflow.Context) error {
		saved := w.s
		previous := w.s.AssigneeID
		w.s.QueuedAt, w.s.Excluded = workflow.Now(ctx), nil
		if err := w.enterTeamQueue(ctx, r.TeamID, "chat.transferred_to_team", r.Actor.UserID); err != nil {
			w.s = saved // refused (e.g. the contact has an open chat there): nothing changed
			return err
		}
		return w.freeAgent(ctx, previous)
	})
}

func (w *chatWorkflow) checkAnswerOffer(r OfferAnswer) error {
	if err := w.notEnded(); err != nil {
		return err
	}
	if w.s.Offer == nil {
		return conflict("the chat is not offered")
	}
	if r.Actor.Kind != ActorMember || r.Actor.UserID != w.s.Offer.AgentID {
		return forbidden("the chat is offered to another agent")
	}
	return nil
}

// answerOffer accepts (the chat is the agent's) or rejects (it goes to the
// next available agent) an offer.
func (w *chatWorkflow) answerOffer(ctx workflow.Context, r OfferAnswer) (ChatView, error) {
	return w.guarded(ctx, func() error { return w.checkAnswerOffer(r) }, func(ctx workflow.Context) error {
		if !r.Accept {
			return w.requeue(ctx, "chat.offer_rejected")
		}
		return w.take(ctx, r.Actor.UserID, r.Actor, false, "chat.offer_accepted")
	})
}

func (w *chatWorkflow) checkAnswerPrompt(r PromptAnswer) error {
	if err := w.notEnded(); err != nil {
		return err
	}
	if err := Authorize(ActionAnswerPrompt, w.s.Team.PermissionMode, r.Actor, w.s.AssigneeID); err != nil {
		return err
	}
	if !w.s.PromptPending {
		return conflict("no question is pending")
	}
	if r.Choice != PromptKeepWaiting && r.Choice != PromptAnotherAgent {
		return invalid("choice must be keep_waiting or another_agent")
	}
	return nil
}

// answerPrompt is the contact's choice: keep waiting for this agent, or go
// back to the queue for another one.
func (w *chatWorkflow) answerPrompt(ctx workflow.Context, r PromptAnswer) (ChatView, error) {
	return w.guarded(ctx, func() error { return w.checkAnswerPrompt(r) }, func(ctx workflow.Context) error {
		w.s.PromptPending = false
		if r.Choice == PromptAnotherAgent {
			return w.requeue(ctx, "chat.prompt_another_agent")
		}
		// Keep waiting: the agent keeps the chat with no further timer.
		w.s.Responded = true
		return local(ctx, acts.PostSystemMessage, activities.SystemMessageInput{
			ChatID: w.s.ChatID, EventType: activities.EventPromptKeepWaiting,
		}).Get(ctx, nil)
	})
}
