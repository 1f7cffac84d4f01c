package realtime

import (
	"context"
	"encoding/json"
	"strings"
	"sync/atomic"

	"github.com/google/uuid"

	"livechat/store/db"
	"livechat/workflows"
)

// Outgoing is one frame for a socket. Delivered names the message whose
// delivery the frame proves once written (uuid.Nil for none).
type Outgoing struct {
	Frame     []byte
	Delivered uuid.UUID
}

// Filter decides what one socket sees and how.
type Filter interface {
	// Event renders ev for the socket, or says it is not for it.
	Event(ev *Event) (Outgoing, bool)
	// Typing renders a typing indicator for the socket, or says it is not for it.
	Typing(t *Typing) ([]byte, bool)
	// Backlog reads the socket's candidate events after a sequence number,
	// oldest first, at most limit.
	Backlog(ctx context.Context, q *db.Queries, orgID uuid.UUID, after int64, limit int32) ([]db.Event, error)
}

// AgentView is what an agent may see: their role, their teams and every
// team's permission mode.
type AgentView struct {
	UserID uuid.UUID
	Role   string
	// InTeam holds the agent's teams; Modes every team of the organisation.
	InTeam map[uuid.UUID]bool
	Modes  map[uuid.UUID]string
}

// seesChat applies the permission rules (workflows.Allowed) to a chat with
// the given team, assignee (also as text, "" for none) and transfer target.
// It runs for every agent socket and event: no allocation.
func (v *AgentView) seesChat(teamID, assigneeID, transferToID *uuid.UUID, assignee string) bool {
	if workflows.IsSupervisorRole(v.Role) || same(transferToID, v.UserID) || same(assigneeID, v.UserID) {
		return true
	}
	if teamID == nil {
		return false
	}
	mode, ok := v.Modes[*teamID]
	if !ok {
		return false
	}
	// The agent's own chats were let through above, so the rules need
	// neither their id nor the team's as text.
	actor := workflows.Actor{Kind: workflows.ActorMember, Role: v.Role, InTeam: v.InTeam[*teamID]}
	return workflows.Allowed(workflows.ActionView, mode, actor, assignee)
}

// AgentFilter is the filter of an agent's console. Its view can be replaced
// while the socket is open (team changes).
type AgentFilter struct {
	view atomic.Pointer[AgentView]
}

// NewAgentFilter starts a filter with a view.
func NewAgentFilter(v *AgentView) *AgentFilter {
	f := &AgentFilter{}
	f.view.Store(v)
	return f
}

// SetView replaces the agent's view.
func (f *AgentFilter) SetView(v *AgentView) { f.view.Store(v) }

// Event implements Filter.
func (f *AgentFilter) Event(ev *Event) (Outgoing, bool) {
	v := f.view.Load()
	switch {
	case ev.Audience == AudienceUser:
		if !same(ev.UserID, v.UserID) {
			return Outgoing{}, false
		}
	case ev.ChatID == nil:
		// Organisation events (presence) reach every agent.
	case !v.seesChat(ev.TeamID, ev.AssigneeID, ev.TransferToID, ev.assigneeText()):
		return Outgoing{}, false
	}
	out := Outgoing{Frame: ev.frame()}
	if id, sender, ok := ev.message(); ok && sender == "contact" {
		out.Delivered = id
	}
	return out, true
}

// Typing implements Filter: others' typing in chats the agent sees.
func (f *AgentFilter) Typing(t *Typing) ([]byte, bool) {
	v := f.view.Load()
	if t.SenderKind == "agent" && same(t.SenderID, v.UserID) {
		return nil, false
	}
	if !v.seesChat(&t.TeamID, t.AssigneeID, t.TransferToID, idText(t.AssigneeID)) {
		return nil, false
	}
	return typingFrameOf(t), true
}

// Backlog implements Filter: the organisation's events.
func (f *AgentFilter) Backlog(ctx context.Context, q *db.Queries, orgID uuid.UUID, after int64, limit int32) ([]db.Event, error) {
	return q.EventsAfter(ctx, db.EventsAfterParams{OrgID: orgID, Seq: after, Limit: limit})
}

// VisitorFilter is the filter of a visitor's widget: their own chats'
// messages (never notes or internal discussion), receipts, and their chats'
// status in visitor terms.
type VisitorFilter struct {
	ContactID uuid.UUID
}

func (f *VisitorFilter) contact() uuid.UUID { return f.ContactID }

// VisitorStatus maps a chat status to what a visitor is shown.
func VisitorStatus(status string) string {
	switch status {
	case workflows.StatusWaiting, "offered":
		return "waiting"
	case workflows.StatusAssigned, workflows.StatusTransferring:
		return "assigned"
	default:
		return "ended"
	}
}

// Event implements Filter.
func (f *VisitorFilter) Event(ev *Event) (Outgoing, bool) {
	if ev.Audience != AudienceAll || !same(ev.ContactID, f.ContactID) {
		return Outgoing{}, false
	}
	switch {
	case strings.HasPrefix(ev.Type, "message."):
		out := Outgoing{Frame: ev.frame()}
		if id, sender, ok := ev.message(); ok && (sender == "agent" || sender == "bot") {
			out.Delivered = id
		}
		return out, true
	case strings.HasPrefix(ev.Type, "chat."):
		var p struct {
			Status string `json:"status"`
		}
		if json.Unmarshal(ev.Payload, &p) != nil {
			return Outgoing{}, false
		}
		data, _ := json.Marshal(map[string]string{"status": VisitorStatus(p.Status)})
		return Outgoing{Frame: frameOf(ev, "chat.updated", data)}, true
	}
	return Outgoing{}, false
}

// Typing implements Filter: agents and the bot typing in the visitor's chats.
func (f *VisitorFilter) Typing(t *Typing) ([]byte, bool) {
	if t.ContactID != f.ContactID || t.SenderKind == "contact" {
		return nil, false
	}
	return typingFrameOf(t), true
}

// Backlog implements Filter: the contact's events.
func (f *VisitorFilter) Backlog(ctx context.Context, q *db.Queries, orgID uuid.UUID, after int64, limit int32) ([]db.Event, error) {
	return q.ContactEventsAfter(ctx, db.ContactEventsAfterParams{ContactID: &f.ContactID, OrgID: orgID, AfterSeq: after, MaxRows: limit})
}
