package activities_test

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"livechat/activities"
	"livechat/routing"
	"livechat/store/db"
)

// TestEndingAChatWithAPendingAssignmentDispatchesItsAgent: the dispatcher
// gives chat A to the only agent (capacity 1) and chat B waits; chat A ends
// before its workflow took the assignment in (the workflow knows no assignee
// to free). Ending it must hand the agent's freed place to chat B.
func TestEndingAChatWithAPendingAssignmentDispatchesItsAgent(t *testing.T) {
	d := routedDesk(t, 1)
	ctx := context.Background()
	team := d.org.Inbox.ID

	queue := func(chat db.Chat) {
		t.Helper()
		d.enterQueue(chat)
		// No workflow runs for these chats: the dispatcher's signals find
		// none and are skipped, as for a chat that ended meanwhile.
		_, err := d.env.ExecuteActivity(d.acts.Dispatch, activities.DispatchInput{OrgID: d.org.Org.ID.String(), TeamIDs: []string{team.String()}})
		require.NoError(t, err)
	}
	row := func(id uuid.UUID) db.Chat {
		t.Helper()
		c, err := d.st.GetChatByID(ctx, id)
		require.NoError(t, err)
		return c
	}

	queue(d.chat)
	a := row(d.chat.ID)
	require.Equal(t, "assigned", a.Status)
	require.True(t, a.AssignmentPending, "the workflow has not taken the assignment in")
	require.Equal(t, d.agent.ID, *a.AssigneeID)

	contact, err := d.st.CreateContact(ctx, db.CreateContactParams{ID: uuid.New(), OrgID: d.org.Org.ID, Name: "Bo Buyer", CustomFields: []byte("{}"), Tags: []string{}})
	require.NoError(t, err)
	b, err := d.st.CreateChat(ctx, db.CreateChatParams{ID: uuid.New(), OrgID: d.org.Org.ID, TeamID: team, ContactID: contact.ID, Source: "api"})
	require.NoError(t, err)
	queue(b)
	require.Equal(t, "waiting", row(b.ID).Status, "the only agent is full")

	_, err = d.env.ExecuteActivity(d.acts.EndChat, activities.EndInput{ChatID: d.chat.ID.String(), Reason: "resolved", EndedByKind: "contact"})
	require.NoError(t, err)
	require.Equal(t, "ended", row(d.chat.ID).Status)
	got := row(b.ID)
	require.Equal(t, "assigned", got.Status, "the capacity chat A held goes to the waiting chat")
	require.Equal(t, d.agent.ID, *got.AssigneeID)

	// Ending it again (a retried activity) changes nothing.
	_, err = d.env.ExecuteActivity(d.acts.EndChat, activities.EndInput{ChatID: d.chat.ID.String(), Reason: "resolved", EndedByKind: "contact"})
	require.NoError(t, err)
}

// TestDispatchReturnsTheCallersOwnAssignment: the chat whose workflow runs
// the dispatch gets its own assignment back in the result (no signal to
// itself); the assignment stays pending until the workflow takes it in.
func TestDispatchReturnsTheCallersOwnAssignment(t *testing.T) {
	d := routedDesk(t, 3)
	ctx := context.Background()
	team := d.org.Inbox.ID
	d.enterQueue(d.chat)

	v, err := d.env.ExecuteActivity(d.acts.Dispatch, activities.DispatchInput{OrgID: d.org.Org.ID.String(), TeamIDs: []string{team.String()}, CallerChatID: d.chat.ID.String()})
	require.NoError(t, err)
	var res activities.DispatchResult
	require.NoError(t, v.Get(&res))
	require.Equal(t, &activities.AssignmentSignal{AgentID: d.agent.ID.String()}, res.Own)
	c, err := d.st.GetChatByID(ctx, d.chat.ID)
	require.NoError(t, err)
	require.True(t, c.AssignmentPending)
	require.Equal(t, d.agent.ID, *c.AssigneeID)
}

// routedDesk is a desk whose inbox assigns round robin with the given
// capacity, with its agent online and a real dispatcher.
func routedDesk(t *testing.T, capacity int) *desk {
	t.Helper()
	d := newDesk(t)
	d.acts.Dispatcher = &routing.Dispatcher{Store: d.st}
	_, err := d.st.Pool.Exec(t.Context(), "UPDATE teams SET auto_assignment = 'round_robin', capacity = $2 WHERE id = $1", d.org.Inbox.ID, capacity)
	require.NoError(t, err)
	_, err = d.st.UpsertPresence(t.Context(), db.UpsertPresenceParams{OrgID: d.org.Org.ID, UserID: d.agent.ID, Status: "online"})
	require.NoError(t, err)
	return d
}

// enterQueue runs EnterQueue for a chat of the inbox.
func (d *desk) enterQueue(chat db.Chat) {
	d.t.Helper()
	_, err := d.env.ExecuteActivity(d.acts.EnterQueue, activities.QueueInput{
		ChatID: chat.ID.String(), TeamID: d.org.Inbox.ID.String(), QueuedAt: chat.CreatedAt, EventType: "chat.queued"})
	require.NoError(d.t, err)
}
