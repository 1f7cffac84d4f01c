package workflows

import (
	"go.temporal.io/sdk/temporal"
)

// Error types of rejected chat updates; the API maps them to statuses.
const (
	ErrTypeForbidden = "forbidden"
	ErrTypeConflict  = "conflict"
	ErrTypeInvalid   = "invalid"
)

// ConflictDetails travel with a conflict error: who holds the chat.
type ConflictDetails struct {
	HolderID string `json:"holder_id,omitempty"`
	Status   string `json:"status"`
}

func forbidden(msg string) error {
	return temporal.NewApplicationErrorWithOptions(msg, ErrTypeForbidden, temporal.ApplicationErrorOptions{NonRetryable: true})
}

func invalid(msg string) error {
	return temporal.NewApplicationErrorWithOptions(msg, ErrTypeInvalid, temporal.ApplicationErrorOptions{NonRetryable: true})
}

func conflict(msg string) error {
	return temporal.NewApplicationErrorWithOptions(msg, ErrTypeConflict, temporal.ApplicationErrorOptions{NonRetryable: true})
}

// taken is the conflict of a chat someone else holds; its details name them.
func taken(s *ChatState) error {
	return temporal.NewApplicationErrorWithOptions("the chat is already taken", ErrTypeConflict, temporal.ApplicationErrorOptions{
		NonRetryable: true, Details: []any{ConflictDetails{HolderID: s.AssigneeID, Status: s.Status}},
	})
}

// Chat actions that permissions govern.
const (
	ActionClaim          = "claim"
	ActionAssign         = "assign"
	ActionEnd            = "end"
	ActionTransfer       = "transfer"
	ActionTransferToTeam = "transfer_to_team"
	ActionPost           = "post"
	ActionView           = "view"
	ActionAnswerPrompt   = "answer_prompt"
	ActionHandBack       = "hand_back"
)

// Team permission modes.
const (
	ModeCollaborative = "collaborative"
	ModeSelfService   = "self_service"
	ModeRestrictive   = "restrictive"
)

// IsSupervisorRole is true for roles that can always see and re-assign.
func IsSupervisorRole(role string) bool {
	return role == "owner" || role == "admin" || role == "supervisor"
}

// Authorize decides whether actor may do action on a chat of a team in the
// given permission mode, whose assignee is assigneeID. It is the one rule
// book, used by the API for reads and by the workflow's update validators
// for every change:
//
//   - owners, admins and supervisors may do everything an agent may, in any
//     mode, and re-assign;
//   - bots (API keys) may assign, end, move to another team, hand back to the
//     bot and answer the prompt for the contact;
//   - Collaborative: team agents see every chat, claim, re-assign, end and
//     write in assigned chats;
//   - Self Service: team agents see unassigned chats and their own, claim,
//     and act only on their own chats;
//   - Restrictive: team agents see and act only on their own chats and never
//     claim (chats come from auto-assignment, supervisors or bots).
func Authorize(action, mode string, actor Actor, assigneeID string) error {
	if why := denial(action, mode, actor, assigneeID); why != "" {
		return forbidden(why)
	}
	return nil
}

// Allowed is Authorize as a yes or no, without building an error: for hot
// paths such as the event stream's filters.
func Allowed(action, mode string, actor Actor, assigneeID string) bool {
	return denial(action, mode, actor, assigneeID) == ""
}

// denial is why Authorize refuses, or "" when it allows.
func denial(action, mode string, actor Actor, assigneeID string) string {
	switch actor.Kind {
	case ActorSystem:
		return ""
	case ActorBot:
		switch action {
		case ActionAssign, ActionEnd, ActionTransferToTeam, ActionHandBack, ActionAnswerPrompt, ActionView, ActionPost:
			return ""
		}
		return "API keys cannot " + action + " chats"
	case ActorContact:
		if action == ActionAnswerPrompt || action == ActionEnd || action == ActionPost || action == ActionView {
			return ""
		}
		return "visitors cannot " + action + " chats"
	case ActorMember:
	default:
		return "unknown caller"
	}
	if action == ActionHandBack || action == ActionAnswerPrompt {
		return "only bots and contacts can " + action
	}
	if IsSupervisorRole(actor.Role) {
		return ""
	}
	if !actor.InTeam {
		return "you are not a member of this chat's team"
	}
	own := assigneeID != "" && assigneeID == actor.UserID
	switch mode {
	case ModeCollaborative:
		return ""
	case ModeSelfService:
		switch action {
		case ActionAssign:
			return "in a self-service team only supervisors re-assign chats"
		case ActionClaim:
			return ""
		case ActionView:
			if own || assigneeID == "" {
				return ""
			}
		default:
			if own {
				return ""
			}
		}
		return "in a self-service team agents act only on their own chats"
	case ModeRestrictive:
		if action == ActionClaim {
			return "in a restrictive team chats are assigned automatically or by a supervisor"
		}
		if action == ActionAssign {
			return "in a restrictive team only supervisors re-assign chats"
		}
		if own {
			return ""
		}
		return "in a restrictive team agents act only on their own chats"
	}
	return "unknown permission mode " + mode
}
