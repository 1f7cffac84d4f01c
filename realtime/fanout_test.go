package realtime

import (
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"livechat/store/storetest"
)

// TestEventsReachOnlyTheirContactsSockets: the hub offers a chat's event to
// the agents' sockets and to its own contact's sockets, never to another
// visitor's; a visitor who leaves is forgotten by the index.
func TestEventsReachOnlyTheirContactsSockets(t *testing.T) {
	st, _ := storetest.NewDatabase(t)
	orgID := newOrg(t, st)
	hub := NewHub(st, quiet)
	ctx := t.Context()
	alice, bob := uuid.New(), uuid.New()
	subscribe := func(f Filter) *Subscriber {
		t.Helper()
		sub := NewSubscriber(orgID, f)
		require.NoError(t, hub.Subscribe(ctx, sub, nil))
		require.Equal(t, "ready", next(t, sub).Type)
		return sub
	}
	agent := subscribe(NewAgentFilter(&AgentView{UserID: uuid.New(), Role: "supervisor"}))
	aliceSock := subscribe(&VisitorFilter{ContactID: alice})
	aliceTab := subscribe(&VisitorFilter{ContactID: alice})
	bobSock := subscribe(&VisitorFilter{ContactID: bob})

	chat, team := uuid.New(), uuid.New()
	for seq := int64(1); seq <= 3; seq++ {
		hub.Publish(ctx, Event{OrgID: orgID, Seq: seq, Type: "message.created", Audience: AudienceAll,
			ChatID: &chat, TeamID: &team, ContactID: &alice, Payload: []byte(`{"message":{"id":"` + uuid.NewString() + `","sender_kind":"agent"}}`)})
	}
	for _, sub := range []*Subscriber{agent, aliceSock, aliceTab} {
		for seq := int64(1); seq <= 3; seq++ {
			require.Equal(t, seq, next(t, sub).Seq)
		}
	}
	require.Empty(t, bobSock.Out(), "another visitor gets nothing")

	hub.Unsubscribe(aliceSock)
	hub.Unsubscribe(aliceTab)
	hub.mu.Lock()
	_, indexed := hub.orgs[orgID].byContact[alice]
	hub.mu.Unlock()
	require.False(t, indexed, "a contact without sockets leaves the index")
}
