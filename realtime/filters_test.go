package realtime

import (
	"encoding/json"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

func messageEvent(audience, senderKind string, chat, team, contact uuid.UUID, assignee *uuid.UUID) *Event {
	payload, _ := json.Marshal(map[string]any{"message": map[string]any{"id": uuid.New(), "sender_kind": senderKind, "body": "hi"}})
	return &Event{Seq: 7, Type: "message.created", Audience: audience, ChatID: &chat, TeamID: &team, ContactID: &contact, AssigneeID: assignee, Payload: payload}
}

func TestVisitorSeesOwnChatButNeverNotes(t *testing.T) {
	chat, team, contact := uuid.New(), uuid.New(), uuid.New()
	f := &VisitorFilter{ContactID: contact}

	out, ok := f.Event(messageEvent(AudienceAll, "agent", chat, team, contact, nil))
	require.True(t, ok)
	require.NotEqual(t, uuid.Nil, out.Delivered, "an agent's message reaching the visitor counts as delivered")

	_, ok = f.Event(messageEvent(AudienceAgents, "agent", chat, team, contact, nil))
	require.False(t, ok, "notes and internal discussion never reach the visitor")

	_, ok = f.Event(messageEvent(AudienceAll, "contact", chat, team, uuid.New(), nil))
	require.False(t, ok, "another visitor's chat")

	out, ok = f.Event(messageEvent(AudienceAll, "contact", chat, team, contact, nil))
	require.True(t, ok)
	require.Equal(t, uuid.Nil, out.Delivered, "the visitor's own message is not a delivery")

	transition := &Event{Seq: 9, Type: "chat.transfer_requested", Audience: AudienceAll, ChatID: &chat, ContactID: &contact,
		Payload: json.RawMessage(`{"status":"transferring","excluded":["x"]}`)}
	out, ok = f.Event(transition)
	require.True(t, ok)
	require.JSONEq(t, `{"seq":9,"type":"chat.updated","chat_id":"`+chat.String()+`","data":{"status":"assigned"},"created_at":"0001-01-01T00:00:00Z"}`, string(out.Frame))
}

func TestAgentSeesWhatPermissionModesAllow(t *testing.T) {
	me, other := uuid.New(), uuid.New()
	collab, restrictive, foreign := uuid.New(), uuid.New(), uuid.New()
	view := &AgentView{UserID: me, Role: "agent",
		InTeam: map[uuid.UUID]bool{collab: true, restrictive: true},
		Modes:  map[uuid.UUID]string{collab: "collaborative", restrictive: "restrictive", foreign: "collaborative"}}
	f := NewAgentFilter(view)
	chat, contact := uuid.New(), uuid.New()

	cases := []struct {
		name     string
		team     uuid.UUID
		assignee *uuid.UUID
		transfer *uuid.UUID
		want     bool
	}{
		{"collaborative team, someone else's chat", collab, &other, nil, true},
		{"restrictive team, someone else's chat", restrictive, &other, nil, false},
		{"restrictive team, own chat", restrictive, &me, nil, true},
		{"team the agent is not in", foreign, nil, nil, false},
		{"transfer offered to the agent", foreign, &other, &me, true},
	}
	for _, tc := range cases {
		ev := messageEvent(AudienceAgents, "agent", chat, tc.team, contact, tc.assignee)
		ev.TransferToID = tc.transfer
		_, ok := f.Event(ev)
		require.Equal(t, tc.want, ok, tc.name)
	}

	presence := &Event{Seq: 1, Type: "presence.changed", Audience: AudienceAll, Payload: json.RawMessage(`{}`)}
	_, ok := f.Event(presence)
	require.True(t, ok, "organisation events reach every agent")

	invite := &Event{Seq: 2, Type: "discussion.invited", Audience: AudienceUser, UserID: &other, Payload: json.RawMessage(`{}`)}
	_, ok = f.Event(invite)
	require.False(t, ok, "events for one user reach only that user")

	out, ok := f.Event(messageEvent(AudienceAll, "contact", chat, collab, contact, nil))
	require.True(t, ok)
	require.NotEqual(t, uuid.Nil, out.Delivered, "a visitor's message reaching an agent counts as delivered")
}
