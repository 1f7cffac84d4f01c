package workflows

import (
	"time"

	"livechat/activities"
)

// ChatState is everything a chat workflow knows; it is carried across
// continue-as-new, so it must stay serialisable and backward compatible.
type ChatState struct {
	ChatID    string                  `json:"chat_id"`
	OrgID     string                  `json:"org_id"`
	TeamID    string                  `json:"team_id"`
	ContactID string                  `json:"contact_id"`
	Team      activities.TeamSettings `json:"team"`

	Status     string    `json:"status"`
	AssigneeID string    `json:"assignee_id,omitempty"`
	QueuedAt   time.Time `json:"queued_at"`
	// LastActivityAt is the last message from either side (or the start).
	LastActivityAt time.Time `json:"last_activity_at"`
	// AssignedAt is when the current assignee got the chat.
	AssignedAt time.Time `json:"assigned_at"`
	// Responded is whether the current assignee has written since.
	Responded bool `json:"responded"`
	// Excluded agents are not auto-assigned this chat while others are free.
	Excluded []string `json:"excluded,omitempty"`

	Offer    *Offer    `json:"offer,omitempty"`
	Transfer *Transfer `json:"transfer,omitempty"`
	// PromptPending is set while the contact is asked to keep waiting or
	// take another agent.
	PromptPending bool `json:"prompt_pending,omitempty"`
	// OpensAt is when the team opens again, while it is after hours.
	OpensAt time.Time `json:"opens_at"`
	// OpenedAt is when the team opened for a chat that waited after hours.
	OpenedAt time.Time `json:"opened_at"`
	// RecheckAt is when an agent's own hours begin, for a waiting chat.
	RecheckAt time.Time `json:"recheck_at"`

	EndReason string `json:"end_reason,omitempty"`

	// Notices counts the notices sent so far; it numbers their event keys,
	// so a notice is never planned twice, whatever retries or replays.
	Notices int `json:"notices,omitempty"`
	// QueueNotices is set on chats started since the team hears of new and
	// long waits (chats started before keep their recorded behaviour).
	QueueNotices bool `json:"queue_notices,omitempty"`
	// Lean is set on chats started since they read their messages at their
	// deadlines without asking again, skip search attribute upserts that
	// change nothing and plan notices in a local activity (versionLean).
	Lean bool `json:"lean,omitempty"`
	// WaitStartedAt is when the current wait in the queue began.
	WaitStartedAt time.Time `json:"wait_started_at"`
	// Announced: the team's online agents were told the chat is waiting.
	Announced bool `json:"announced,omitempty"`
	// WaitAlerted: supervisors were told this wait passed the threshold.
	WaitAlerted bool `json:"wait_alerted,omitempty"`
}

// Offer is a chat offered to one agent until ExpiresAt.
type Offer struct {
	AgentID   string    `json:"agent_id"`
	ExpiresAt time.Time `json:"expires_at"`
}

// Transfer is a pending request from the assignee to another agent.
type Transfer struct {
	FromID    string    `json:"from_id"`
	ToID      string    `json:"to_id"`
	ExpiresAt time.Time `json:"expires_at"`
}

// deadline kinds, in the order they are handled when due together.
const (
	dueInactivity   = "inactivity"
	dueOffer        = "offer"
	dueTransfer     = "transfer"
	dueUnresponsive = "unresponsive"
	dueOpens        = "opens"
	dueRecheck      = "recheck"
	dueAnnounce     = "announce"
	dueWaitAlert    = "wait_alert"
)

// announceGrace lets auto-assignment place a new chat before the team's
// consoles are told it waits: nobody hears of chats an agent got at once.
const announceGrace = 5 * time.Second

type deadline struct {
	kind string
	at   time.Time
}

// deadlines lists the chat's armed deadlines. Only the earliest gets a
// timer; after it fires the list is computed again.
func (s *ChatState) deadlines() []deadline {
	if s.Status == StatusEnded {
		return nil
	}
	var out []deadline
	out = append(out, deadline{dueInactivity, s.idleSince().Add(s.idleLimit())})
	if s.Offer != nil {
		out = append(out, deadline{dueOffer, s.Offer.ExpiresAt})
	}
	if s.Transfer != nil {
		out = append(out, deadline{dueTransfer, s.Transfer.ExpiresAt})
	}
	if s.Status == StatusAssigned && !s.Responded && !s.PromptPending && s.Team.UnresponsiveStrategy != "none" && !s.AssignedAt.IsZero() {
		out = append(out, deadline{dueUnresponsive, s.AssignedAt.Add(s.Team.UnresponsiveTimeout)})
	}
	if s.Status == StatusWaiting && !s.OpensAt.IsZero() {
		out = append(out, deadline{dueOpens, s.OpensAt})
	}
	if s.Status == StatusWaiting && !s.RecheckAt.IsZero() {
		out = append(out, deadline{dueRecheck, s.RecheckAt})
	}
	return append(out, s.queueNoticeDeadlines()...)
}

// queueNoticeDeadlines are the notices of a chat waiting in an open team:
// once per chat to the team's online agents, once per wait to supervisors
// past the team's threshold (counted from when the team opened, for a chat
// written after hours).
func (s *ChatState) queueNoticeDeadlines() []deadline {
	if !s.QueueNotices || s.Status != StatusWaiting || !s.OpensAt.IsZero() {
		return nil
	}
	since := s.WaitStartedAt
	if s.OpenedAt.After(since) {
		since = s.OpenedAt
	}
	var out []deadline
	if !s.Announced {
		grace := announceGrace
		if s.Team.AutoAssignment == "none" {
			grace = 0
		}
		out = append(out, deadline{dueAnnounce, since.Add(grace)})
	}
	if s.Team.WaitingAlert > 0 && !s.WaitAlerted {
		out = append(out, deadline{dueWaitAlert, since.Add(s.Team.WaitingAlert)})
	}
	return out
}

// idleLimit is how long the chat may go without a message: the team's
// waiting limit while nobody has it, the assigned limit once somebody does.
func (s *ChatState) idleLimit() time.Duration {
	if s.Status == StatusWaiting || s.Status == StatusOffered {
		return s.Team.InactivityWaiting
	}
	return s.Team.InactivityAssigned
}

// idleSince is when the chat's idle time started: the last message, but
// never before the current assignee got the chat, nor before the team
// opened for a chat written after hours (while closed, the clock starts at
// the opening).
func (s *ChatState) idleSince() time.Time {
	since := s.LastActivityAt
	later := func(t time.Time) {
		if t.After(since) {
			since = t
		}
	}
	switch s.Status {
	case StatusAssigned, StatusTransferring:
		later(s.AssignedAt)
	case StatusWaiting:
		later(s.OpensAt)
		later(s.OpenedAt)
	}
	return since
}

// nextDeadline is the earliest armed deadline (zero when none).
func (s *ChatState) nextDeadline() time.Time {
	var next time.Time
	for _, d := range s.deadlines() {
		if next.IsZero() || d.at.Before(next) {
			next = d.at
		}
	}
	return next
}

// view is the outside view of the state.
func (s *ChatState) view() ChatView {
	v := ChatView{ChatID: s.ChatID, Status: s.Status, TeamID: s.TeamID, AssigneeID: s.AssigneeID,
		PromptPending: s.PromptPending, EndReason: s.EndReason}
	if s.Offer != nil {
		v.OfferedTo = s.Offer.AgentID
	}
	if s.Transfer != nil {
		v.TransferTo = s.Transfer.ToID
	}
	if !s.OpensAt.IsZero() {
		at := s.OpensAt
		v.AfterHours, v.OpensAt = true, &at
	}
	return v
}
