package activities_test

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"livechat/activities"
	"livechat/store/db"
)

// TestPromptPendingFollowsThePrompt: the prompt's system message marks the
// chat as waiting for the visitor's answer (what their widget shows), the
// "keep waiting" answer clears it, and so does putting the chat back in the
// queue ("another agent").
func TestPromptPendingFollowsThePrompt(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	pending := func() bool {
		c, err := d.st.GetChatByID(ctx, d.chat.ID)
		require.NoError(t, err)
		return c.PromptPending
	}
	post := func(eventType, body string) {
		_, err := d.env.ExecuteActivity(d.acts.PostSystemMessage, activities.SystemMessageInput{ChatID: d.chat.ID.String(), Body: body, EventType: eventType})
		require.NoError(t, err)
	}
	require.False(t, pending())

	post(activities.EventPrompt, "Keep waiting or talk to another agent?")
	require.True(t, pending(), "the prompt is waiting for the visitor")
	post(activities.EventPromptKeepWaiting, "")
	require.False(t, pending(), "answered: keep waiting")

	post(activities.EventPrompt, "Keep waiting or talk to another agent?")
	require.True(t, pending())
	_, err := d.st.EnterQueue(ctx, db.EnterQueueParams{ID: d.chat.ID, TeamID: d.chat.TeamID, QueuedAt: &d.chat.CreatedAt, ExcludedAgentIds: []uuid.UUID{}})
	require.NoError(t, err)
	require.False(t, pending(), "back in the queue: nothing to answer")

	post("chat.note_for_test", "an unrelated system message")
	require.False(t, pending(), "other system messages leave it alone")
}
