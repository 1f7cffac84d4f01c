package activities

import (
	"context"
	"fmt"
	"time"

	"livechat/store/db"
)

// MessageActivityInput asks what a chat's stored messages say: its latest
// message, and whether the assignee (if any) has written since Since.
type MessageActivityInput struct {
	ChatID     string    `json:"chat_id"`
	AssigneeID string    `json:"assignee_id,omitempty"`
	Since      time.Time `json:"since"`
}

// MessageActivity is the answer of MessageActivity.
type MessageActivity struct {
	// LastMessageAt is when the chat's latest message from the contact, an
	// agent or a bot was stored (nil: none yet).
	LastMessageAt *time.Time `json:"last_message_at,omitempty"`
	AssigneeWrote bool       `json:"assignee_wrote"`
}

// MessageActivity reads a chat's message activity from PostgreSQL. Messages
// are not signalled to the chat workflow one by one; it asks here when an
// inactivity or unresponsive deadline comes due.
func (a *Activities) MessageActivity(ctx context.Context, in MessageActivityInput) (MessageActivity, error) {
	chatID, err := mustID(in.ChatID)
	if err != nil {
		return MessageActivity{}, err
	}
	row, err := a.Store.ChatMessageActivity(ctx, db.ChatMessageActivityParams{ID: chatID, AssigneeID: optionalUUID(in.AssigneeID), Since: in.Since})
	if err != nil {
		return MessageActivity{}, fmt.Errorf("activities: message activity: %w", err)
	}
	return MessageActivity{LastMessageAt: row.LastMessageAt, AssigneeWrote: row.AssigneeWrote}, nil
}
