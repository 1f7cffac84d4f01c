package workflows

import (
	"fmt"
	"slices"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"livechat/activities"
)

// Search attribute keys upserted on every transition.
var (
	saStatus   = temporal.NewSearchAttributeKeyKeyword("ChatStatus")
	saOrg      = temporal.NewSearchAttributeKeyKeyword("OrgId")
	saTeam     = temporal.NewSearchAttributeKeyKeyword("TeamId")
	saAssignee = temporal.NewSearchAttributeKeyKeyword("AssigneeId")
	saContact  = temporal.NewSearchAttributeKeyKeyword("ContactId")
)

// searchValues are the chat's search attributes.
type searchValues struct {
	Status, OrgID, TeamID, AssigneeID, ContactID string
	// AssigneeSet: AssigneeId holds a value ("" included); the API starts
	// the workflow without it.
	AssigneeSet bool
}

// publish makes the current status, team and assignee searchable in
// Temporal UI. A lean chat skips the upsert when nothing would change
// (each is a write to Temporal's visibility store).
func (w *chatWorkflow) publish(ctx workflow.Context) error {
	now := searchValues{Status: w.s.Status, OrgID: w.s.OrgID, TeamID: w.s.TeamID, AssigneeID: w.s.AssigneeID,
		ContactID: w.s.ContactID, AssigneeSet: true}
	if w.s.Lean && w.published != nil {
		same := *w.published
		if !same.AssigneeSet && now.AssigneeID == "" {
			same.AssigneeSet = true // unset and "" both mean nobody
		}
		if same == now {
			return nil
		}
	}
	if err := workflow.UpsertTypedSearchAttributes(ctx,
		saStatus.ValueSet(w.s.Status), saOrg.ValueSet(w.s.OrgID), saTeam.ValueSet(w.s.TeamID),
		saAssignee.ValueSet(w.s.AssigneeID), saContact.ValueSet(w.s.ContactID)); err != nil {
		return err
	}
	w.published = &now
	return nil
}

// start loads the team and puts the new chat into its queue.
func (w *chatWorkflow) start(ctx workflow.Context) error {
	now := workflow.Now(ctx)
	w.s.QueuedAt, w.s.LastActivityAt = now, now
	return w.enterTeamQueue(ctx, w.s.TeamID, "chat.queued", "")
}

// enterTeamQueue (re)loads the team's settings, writes the chat into the
// team's queue — held back with the after-hours message while the team is
// closed — and dispatches when open.
func (w *chatWorkflow) enterTeamQueue(ctx workflow.Context, teamID, eventType, actorID string) error {
	var team activities.TeamSettings
	if err := local(ctx, acts.LoadTeam, w.s.OrgID, teamID).Get(ctx, &team); err != nil {
		return err
	}
	if teamID != w.s.TeamID {
		w.s.Announced = false // the new team hears of the chat too
	}
	w.s.Team, w.s.TeamID = team, teamID
	return w.queue(ctx, eventType, actorID)
}

// reloadTeam picks up changed team settings; a waiting chat re-enters the
// queue under them (a changed schedule may open or close the team for it).
func (w *chatWorkflow) reloadTeam(ctx workflow.Context) error {
	if w.s.Status == StatusWaiting {
		return w.enterTeamQueue(ctx, w.s.TeamID, "chat.team_changed", "")
	}
	var team activities.TeamSettings
	if err := local(ctx, acts.LoadTeam, w.s.OrgID, w.s.TeamID).Get(ctx, &team); err != nil {
		return err
	}
	w.s.Team = team
	return nil
}

// queue puts the chat (back) into its team's queue with no assignee.
func (w *chatWorkflow) queue(ctx workflow.Context, eventType, actorID string) error {
	now := workflow.Now(ctx)
	if w.s.Status != StatusWaiting || w.s.WaitStartedAt.IsZero() {
		w.s.WaitStartedAt, w.s.WaitAlerted = now, false
	}
	w.s.Status, w.s.AssigneeID, w.s.Offer, w.s.Transfer, w.s.PromptPending = StatusWaiting, "", nil, nil, false
	w.s.OpensAt, w.s.RecheckAt = time.Time{}, time.Time{}
	in := activities.QueueInput{ChatID: w.s.ChatID, TeamID: w.s.TeamID, QueuedAt: w.s.QueuedAt, Excluded: w.s.Excluded,
		EventType: eventType, ActorID: actorID}
	if sched := w.s.Team.Schedule; sched != nil && !sched.OpenAt(now) {
		if opens, ok := sched.NextOpen(now); ok {
			w.s.OpensAt = opens
			in.DispatchAfter = &opens
		} else {
			never := now.AddDate(100, 0, 0)
			w.s.OpensAt = never
			in.DispatchAfter = &never
		}
		in.Message = w.s.Team.AfterHoursMessage
	}
	if err := local(ctx, acts.EnterQueue, in).Get(ctx, nil); err != nil {
		return err
	}
	if err := w.publish(ctx); err != nil {
		return err
	}
	if !w.s.OpensAt.IsZero() {
		return nil
	}
	return w.dispatch(ctx)
}

// dispatch runs the team's dispatcher; this chat's own assignment, if any,
// arrives as a signal.
func (w *chatWorkflow) dispatch(ctx workflow.Context) error {
	var res activities.DispatchResult
	err := local(ctx, acts.Dispatch, activities.DispatchInput{OrgID: w.s.OrgID, TeamIDs: []string{w.s.TeamID}, CallerChatID: w.s.ChatID}).Get(ctx, &res)
	if err != nil {
		return err
	}
	w.s.RecheckAt = time.Time{}
	if res.NextAgentOpening != nil {
		w.s.RecheckAt = *res.NextAgentOpening
	}
	if res.Own != nil {
		// This chat's own assignment, taken in as a signal would be.
		w.assignments = append(w.assignments, *res.Own)
		w.changed()
	}
	return nil
}

// freeAgent lets the dispatcher give the agent's freed capacity to the
// oldest waiting chats of their teams.
func (w *chatWorkflow) freeAgent(ctx workflow.Context, agentID string) error {
	if agentID == "" {
		return nil
	}
	return local(ctx, acts.Dispatch, activities.DispatchInput{OrgID: w.s.OrgID, FreedAgentID: agentID}).Get(ctx, nil)
}

// applyAssignment takes in the dispatcher's decision, unless it is stale.
// The state moves first, so updates arriving while the activity runs (the
// agent accepting the offer they were just shown) see the new state; it is
// put back if the assignment turns out stale.
func (w *chatWorkflow) applyAssignment(ctx workflow.Context, as activities.AssignmentSignal) error {
	if w.s.Status != StatusWaiting {
		return nil
	}
	saved := w.s
	now := workflow.Now(ctx)
	notice := activities.NoticeAssigned
	if as.Offered {
		w.s.Status, w.s.AssigneeID = StatusOffered, as.AgentID
		w.s.Offer = &Offer{AgentID: as.AgentID, ExpiresAt: now.Add(w.s.Team.OfferTimeout)}
		w.s.OpensAt, w.s.RecheckAt = time.Time{}, time.Time{}
		notice = activities.NoticeOffered
	} else {
		w.assigned(now, as.AgentID)
	}
	var applied bool
	in := activities.ApplyAssignmentInput{
		ChatID: w.s.ChatID, AgentID: as.AgentID, Offered: as.Offered, AssignedMessage: w.s.Team.AssignedMessage,
	}
	if w.s.Offer != nil {
		in.OfferExpiresAt = &w.s.Offer.ExpiresAt
	}
	err := local(ctx, acts.ApplyAssignment, in).Get(ctx, &applied)
	if err != nil || !applied {
		w.s = saved
		return err
	}
	if err := w.publish(ctx); err != nil {
		return err
	}
	return w.notify(ctx, as.AgentID, notice)
}

// assigned records a new assignee in the state.
func (w *chatWorkflow) assigned(now time.Time, agentID string) {
	w.s.Status, w.s.AssigneeID, w.s.Offer, w.s.Transfer = StatusAssigned, agentID, nil, nil
	w.s.AssignedAt, w.s.Responded, w.s.PromptPending = now, false, false
	w.s.OpensAt, w.s.RecheckAt = time.Time{}, time.Time{}
}

// notify tells an agent (or, with no agent, the people the kind names)
// about the chat. Each notice gets the next number of the chat's notices,
// which makes its outbox rows unique.
func (w *chatWorkflow) notify(ctx workflow.Context, agentID, kind string) error {
	w.s.Notices++
	in := activities.NoticeInput{ChatID: w.s.ChatID, AgentID: agentID, Kind: kind,
		EventKey: fmt.Sprintf("chat:%s:n%d", w.s.ChatID, w.s.Notices)}
	if w.s.Lean {
		// Planning a notice is a few queries and starting its delivery
		// workflow: a local activity, with no round trip through Temporal's
		// activity queue (the delivery itself, which may retry for an hour,
		// is that workflow's).
		return local(ctx, acts.NotifyAgent, in).Get(ctx, nil)
	}
	return workflow.ExecuteActivity(ctx, acts.NotifyAgent, in).Get(ctx, nil)
}

// requeue takes the chat from its agent (unresponsive, rejected or expired
// offer, "another agent" prompt answer) and puts it back in the queue in
// its original place, never again to that agent while others are free.
func (w *chatWorkflow) requeue(ctx workflow.Context, eventType string) error {
	previous := w.s.AssigneeID
	if previous != "" && !slices.Contains(w.s.Excluded, previous) {
		w.s.Excluded = append(w.s.Excluded, previous)
	}
	if err := w.queue(ctx, eventType, ""); err != nil {
		return err
	}
	return w.freeAgent(ctx, previous)
}

// end finishes the chat and frees its agent.
func (w *chatWorkflow) end(ctx workflow.Context, reason string, by Actor) error {
	previous := w.s.AssigneeID
	closing := ""
	if reason == EndInactive {
		closing = w.s.Team.ClosingMessage
	}
	err := local(ctx, acts.EndChat, activities.EndInput{
		ChatID: w.s.ChatID, Reason: reason, EndedByID: by.UserID, EndedByKind: endedByKind(by), ClosingMessage: closing,
	}).Get(ctx, nil)
	if err != nil {
		return err
	}
	w.s.Status, w.s.EndReason, w.s.Offer, w.s.Transfer, w.s.PromptPending = StatusEnded, reason, nil, nil, false
	if err := w.publish(ctx); err != nil {
		return err
	}
	return w.freeAgent(ctx, previous)
}

func endedByKind(by Actor) string {
	switch by.Kind {
	case ActorMember:
		return "agent"
	case ActorBot, ActorContact, ActorSystem:
		return by.Kind
	}
	return ActorSystem
}

// onDeadline handles one due deadline.
func (w *chatWorkflow) onDeadline(ctx workflow.Context, kind string) error {
	switch kind {
	case dueInactivity:
		if still, err := w.stillDue(ctx, kind); !still || err != nil {
			return err
		}
		return w.end(ctx, EndInactive, Actor{Kind: ActorSystem})
	case dueOffer:
		return w.requeue(ctx, "chat.offer_expired")
	case dueTransfer:
		return w.finishTransfer(ctx, false, "chat.transfer_expired", activities.NoticeTransferExpired, Actor{Kind: ActorSystem})
	case dueUnresponsive:
		if still, err := w.stillDue(ctx, kind); !still || err != nil {
			return err
		}
		return w.onUnresponsive(ctx)
	case dueOpens:
		w.s.OpensAt, w.s.OpenedAt = time.Time{}, workflow.Now(ctx)
		return w.queue(ctx, "chat.team_opened", "")
	case dueRecheck:
		w.s.RecheckAt = time.Time{}
		return w.dispatch(ctx)
	case dueAnnounce:
		w.s.Announced = true
		return w.notify(ctx, "", activities.NoticeWaiting)
	case dueWaitAlert:
		w.s.WaitAlerted = true
		return w.notify(ctx, "", activities.NoticeWaitExceeded)
	}
	return nil
}

// stillDue reads the chat's stored messages before an inactivity or
// unresponsive deadline acts: PostMessage signals only the messages the
// workflow must act on at once, so a later message or the assignee's answer
// may be in PostgreSQL only. It says whether the deadline is still due.
func (w *chatWorkflow) stillDue(ctx workflow.Context, kind string) (bool, error) {
	if !w.s.Lean && workflow.GetVersion(ctx, versionReadsMessages, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		return true, nil // recorded before messages went unsignalled
	}
	var got activities.MessageActivity
	in := activities.MessageActivityInput{ChatID: w.s.ChatID, AssigneeID: w.s.AssigneeID, Since: w.s.AssignedAt}
	if err := local(ctx, acts.MessageActivity, in).Get(ctx, &got); err != nil {
		return false, err
	}
	if got.LastMessageAt != nil && got.LastMessageAt.After(w.s.LastActivityAt) {
		w.s.LastActivityAt = *got.LastMessageAt
	}
	if got.AssigneeWrote && w.s.AssigneeID != "" {
		w.s.Responded = true
	}
	now := workflow.Now(ctx)
	for _, d := range w.s.deadlines() {
		if d.kind == kind && !d.at.After(now) {
			return true, nil
		}
	}
	return false, nil
}

// onUnresponsive applies the team's strategy when the assignee has not
// answered in time.
func (w *chatWorkflow) onUnresponsive(ctx workflow.Context) error {
	switch w.s.Team.UnresponsiveStrategy {
	case "reassign":
		return w.requeue(ctx, "chat.reassigned_unresponsive")
	case "prompt":
		w.s.PromptPending = true
		return local(ctx, acts.PostSystemMessage, activities.SystemMessageInput{
			ChatID: w.s.ChatID, Body: w.s.Team.UnresponsiveMessage, EventType: activities.EventPrompt,
		}).Get(ctx, nil)
	}
	return nil
}

// finishTransfer ends a pending transfer request: accepted (the target takes
// the chat) or not (the requester keeps it), telling the requester.
func (w *chatWorkflow) finishTransfer(ctx workflow.Context, accepted bool, eventType, notice string, by Actor) error {
	t := w.s.Transfer
	if t == nil {
		return nil
	}
	if accepted {
		var res activities.TakeResult
		err := local(ctx, acts.TakeChat, activities.TakeInput{
			ChatID: w.s.ChatID, AgentID: t.ToID, ActorID: by.UserID, Force: true, EventType: eventType,
		}).Get(ctx, &res)
		if err != nil {
			return err
		}
		w.assigned(workflow.Now(ctx), t.ToID)
	} else {
		err := local(ctx, acts.SetTransfer, activities.TransferStateInput{
			ChatID: w.s.ChatID, Status: StatusAssigned, EventType: eventType, ActorID: by.UserID,
			Payload: map[string]any{"from_id": t.FromID, "to_id": t.ToID},
		}).Get(ctx, nil)
		if err != nil {
			return err
		}
		w.s.Status, w.s.Transfer = StatusAssigned, nil
	}
	if err := w.publish(ctx); err != nil {
		return err
	}
	if err := w.notify(ctx, t.FromID, notice); err != nil {
		return err
	}
	if accepted {
		return w.freeAgent(ctx, t.FromID)
	}
	return nil
}
