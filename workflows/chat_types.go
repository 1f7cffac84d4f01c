package workflows

import (
	"time"

	"livechat/activities"
)

// ChatWorkflowName is the registered name of the chat workflow.
const ChatWorkflowName = "Chat"

// ChatWorkflowID is the workflow ID of a chat: one workflow per chat.
func ChatWorkflowID(chatID string) string { return activities.ChatWorkflowID(chatID) }

// Update names of the chat workflow. Each has a validator: a rejected
// update leaves no trace in the history.
const (
	// UpdateOpen is sent with the start (Update-with-Start) and answers the
	// chat's state once it has entered its queue. Payload: none.
	UpdateOpen = "open"
	// UpdateClaim: an agent takes an unassigned chat. Payload: ClaimRequest.
	UpdateClaim = "claim"
	// UpdateAssign: a supervisor, a bot or (collaborative teams) an agent gives
	// the chat to an agent. Payload: AssignRequest.
	UpdateAssign = "assign"
	// UpdateEnd ends the chat. Payload: EndRequest.
	UpdateEnd = "end"
	// UpdateRequestTransfer asks another agent to take the chat. Payload: TransferRequest.
	UpdateRequestTransfer = "request_transfer"
	// UpdateAnswerTransfer is the target agent's accept or reject. Payload: TransferAnswer.
	UpdateAnswerTransfer = "answer_transfer"
	// UpdateTransferToTeam moves the chat into another team's queue. Payload: TeamTransferRequest.
	UpdateTransferToTeam = "transfer_to_team"
	// UpdateAnswerOffer is the offered agent's accept or reject. Payload: OfferAnswer.
	UpdateAnswerOffer = "answer_offer"
	// UpdateAnswerPrompt is the contact's choice after the prompt strategy
	// asked them. Payload: PromptAnswer.
	UpdateAnswerPrompt = "answer_prompt"
)

// Signal names of the chat workflow.
const (
	// SignalMessage tells the workflow a message was stored. Payload: MessageSignal.
	SignalMessage = "message"
	// SignalAssignment delivers the dispatcher's decision. Payload: activities.AssignmentSignal.
	SignalAssignment = activities.SignalAssignment
	// SignalDispatch asks a waiting chat to run a dispatch of its team
	// (an agent came online). Payload: none.
	SignalDispatch = activities.SignalDispatch
	// SignalTeamChanged tells the chat its team's settings or schedule
	// changed; a waiting chat re-enters the queue under the new rules.
	// Payload: none.
	SignalTeamChanged = "team_changed"
)

// QueryState answers the chat's ChatView.
const QueryState = "state"

// Chat statuses (the projection adds "failed" for chats whose workflow
// could not start).
const (
	StatusWaiting      = "waiting"
	StatusOffered      = "offered"
	StatusAssigned     = "assigned"
	StatusTransferring = "transferring"
	StatusEnded        = "ended"
)

// Actor kinds.
const (
	ActorMember  = "member"  // a signed-in person of the organisation
	ActorBot     = "bot"     // an API key (bot automation)
	ActorContact = "contact" // the visitor
	ActorSystem  = "system"  // the workflow itself (timers)
)

// Actor is who asks for a change. The API fills it from the authenticated
// caller; InTeam is checked against the chat's team at request time and
// TeamID names that team, so a chat that moved meanwhile is refused.
type Actor struct {
	Kind   string `json:"kind"`
	UserID string `json:"user_id,omitempty"`
	Role   string `json:"role,omitempty"`
	TeamID string `json:"team_id,omitempty"`
	InTeam bool   `json:"in_team,omitempty"`
}

// ClaimRequest is the payload of UpdateClaim.
type ClaimRequest struct {
	Actor Actor `json:"actor"`
}

// AssignRequest is the payload of UpdateAssign.
type AssignRequest struct {
	Actor   Actor  `json:"actor"`
	AgentID string `json:"agent_id"`
	// AgentInTeam is whether the target is a member of the chat's team.
	AgentInTeam bool `json:"agent_in_team"`
}

// EndRequest is the payload of UpdateEnd.
type EndRequest struct {
	Actor  Actor  `json:"actor"`
	Reason string `json:"reason"`
}

// Reasons a chat ends.
const (
	EndResolved        = "resolved"
	EndInactive        = "inactive"
	EndHandedBackToBot = "handed_back_to_bot"
	EndContactLeft     = "contact_left"
)

// TransferRequest is the payload of UpdateRequestTransfer.
type TransferRequest struct {
	Actor        Actor  `json:"actor"`
	ToAgentID    string `json:"to_agent_id"`
	TargetInTeam bool   `json:"target_in_team"`
}

// TransferAnswer is the payload of UpdateAnswerTransfer.
type TransferAnswer struct {
	Actor  Actor `json:"actor"`
	Accept bool  `json:"accept"`
}

// TeamTransferRequest is the payload of UpdateTransferToTeam.
type TeamTransferRequest struct {
	Actor  Actor  `json:"actor"`
	TeamID string `json:"team_id"`
}

// OfferAnswer is the payload of UpdateAnswerOffer.
type OfferAnswer struct {
	Actor  Actor `json:"actor"`
	Accept bool  `json:"accept"`
}

// Prompt choices.
const (
	PromptKeepWaiting  = "keep_waiting"
	PromptAnotherAgent = "another_agent"
)

// PromptAnswer is the payload of UpdateAnswerPrompt.
type PromptAnswer struct {
	Actor  Actor  `json:"actor"`
	Choice string `json:"choice"`
}

// MessageSignal is the payload of SignalMessage.
type MessageSignal struct {
	MessageID  string    `json:"message_id"`
	SenderKind string    `json:"sender_kind"` // contact, agent, bot, system
	SenderID   string    `json:"sender_id,omitempty"`
	At         time.Time `json:"at"`
}

// ChatView is what updates and the state query answer.
type ChatView struct {
	ChatID        string     `json:"chat_id"`
	Status        string     `json:"status"`
	TeamID        string     `json:"team_id"`
	AssigneeID    string     `json:"assignee_id,omitempty"`
	OfferedTo     string     `json:"offered_to,omitempty"`
	TransferTo    string     `json:"transfer_to,omitempty"`
	AfterHours    bool       `json:"after_hours"`
	OpensAt       *time.Time `json:"opens_at,omitempty"`
	PromptPending bool       `json:"prompt_pending"`
	EndReason     string     `json:"end_reason,omitempty"`
}

// Change IDs of workflow.GetVersion: each marks a change of the chat's
// commands that running chats must not see.
const (
	// versionQueueNotices: new chats tell their team they wait, and
	// supervisors when the wait passes the team's threshold.
	versionQueueNotices = "queue-notices"
	// versionReadsMessages: at an inactivity or unresponsive deadline the
	// chat reads its stored messages first (messages are no longer all
	// signalled).
	versionReadsMessages = "deadline-reads-messages"
	// versionLean: new chats read their messages at deadlines from the
	// start (one version marker per chat instead of one per deadline run),
	// skip search attribute upserts that change nothing and plan notices
	// in a local activity.
	versionLean = "lean"
)
