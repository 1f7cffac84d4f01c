package chats

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"livechat/store/db"
)

// TestMessageGroupWritesFewGroupsAtATime: many senders at once; at most
// maxWriters groups written at a time, every send in exactly one group,
// every sender answered, and no writer's place lost.
func TestMessageGroupWritesFewGroupsAtATime(t *testing.T) {
	t.Parallel()
	var g messageGroup
	var writing, groups atomic.Int32
	seen := sync.Map{}
	write := func(_ context.Context, group []*queuedMessage) {
		now := writing.Add(1)
		defer writing.Add(-1)
		require.LessOrEqual(t, now, int32(maxWriters), "more writers than allowed")
		require.NotEmpty(t, group)
		require.LessOrEqual(t, len(group), maxGroup)
		groups.Add(1)
		for _, p := range group {
			_, again := seen.LoadOrStore(p.m.Body, true)
			require.False(t, again, "%s written twice", p.m.Body)
			p.created = true
			close(p.done)
		}
	}
	const senders = 500
	var wg sync.WaitGroup
	for i := range senders {
		wg.Go(func() {
			p := g.store(t.Context(), NewMessage{Body: fmt.Sprint(i)}, write)
			require.True(t, p.created)
		})
	}
	wg.Wait()
	n := 0
	seen.Range(func(any, any) bool { n++; return true })
	require.Equal(t, senders, n)
	require.Less(t, groups.Load(), int32(senders), "sends that arrive together share a group")
	require.Zero(t, g.writing, "nobody left writing")
	require.Empty(t, g.queue)
}

// TestGroupedMessagesKeepOrderAndIdempotency: concurrent senders in several
// chats, each sending in order and retrying every send at once; each chat
// gets each message once, in its sender's order, and the retries get the
// original back. A send with another sender's key is refused alone.
func TestGroupedMessagesKeepOrderAndIdempotency(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	st, _, org := testOrg(t, "groups")
	svc := &Service{Store: st}
	const chatsN, perChat = 6, 30
	chatIDs := make([]uuid.UUID, chatsN)
	contacts := make([]uuid.UUID, chatsN)
	for i := range chatsN {
		chat := newChat(t, st, org)
		chatIDs[i], contacts[i] = chat.ID, chat.ContactID
	}
	var wg sync.WaitGroup
	firstStored := make(chan struct{})
	for i := range chatsN {
		wg.Go(func() {
			for k := range perChat {
				if i == 0 && k == 1 {
					close(firstStored)
				}
				m := NewMessage{OrgID: org.Org.ID, ChatID: chatIDs[i], Kind: "text", SenderKind: "contact", SenderID: &contacts[i],
					Body: fmt.Sprintf("m%02d", k), IdempotencyKey: fmt.Sprintf("k%02d", k)}
				var first, retry db.Message
				var createdFirst, createdRetry bool
				var errFirst, errRetry error
				var pair sync.WaitGroup
				pair.Go(func() { first, createdFirst, errFirst = svc.PostMessage(ctx, m) })
				pair.Go(func() { retry, createdRetry, errRetry = svc.PostMessage(ctx, m) })
				pair.Wait()
				require.NoError(t, errFirst)
				require.NoError(t, errRetry)
				require.True(t, createdFirst != createdRetry, "exactly one of the two stored it")
				require.Equal(t, first.ID, retry.ID, "the retry gets the original")
			}
		})
	}
	// Meanwhile, someone else uses a key of the first chat: refused, alone.
	wg.Go(func() {
		<-firstStored
		other := org.Owner.ID
		_, _, err := svc.PostMessage(ctx, NewMessage{OrgID: org.Org.ID, ChatID: chatIDs[0], Kind: "text", SenderKind: "agent", SenderID: &other,
			Body: "not yours", IdempotencyKey: "k00"})
		require.ErrorIs(t, err, ErrKeyReused)
	})
	wg.Wait()

	for i, id := range chatIDs {
		rows, err := st.Pool.Query(ctx, `SELECT body FROM messages WHERE chat_id = $1 AND sender_kind = 'contact' ORDER BY created_at, id`, id)
		require.NoError(t, err)
		var bodies []string
		for rows.Next() {
			var b string
			require.NoError(t, rows.Scan(&b))
			bodies = append(bodies, b)
		}
		require.NoError(t, rows.Err())
		require.Len(t, bodies, perChat, "chat %d", i)
		for k, b := range bodies {
			require.Equal(t, fmt.Sprintf("m%02d", k), b, "chat %d in its sender's order", i)
		}
	}

	// One group: a refused send is rolled back alone.
	queued := func(i int, kind string, sender uuid.UUID, key string) *queuedMessage {
		return &queuedMessage{ctx: ctx, done: make(chan struct{}), m: NewMessage{OrgID: org.Org.ID, ChatID: chatIDs[i], Kind: "text",
			SenderKind: kind, SenderID: &sender, Body: "grouped " + key, IdempotencyKey: key}}
	}
	before, bad, after := queued(1, "contact", contacts[1], "g1"), queued(0, "agent", org.Owner.ID, "k05"), queued(2, "contact", contacts[2], "g2")
	svc.writeGroup(ctx, []*queuedMessage{before, bad, after})
	require.ErrorIs(t, bad.err, ErrKeyReused)
	for _, p := range []*queuedMessage{before, after} {
		require.NoError(t, p.err)
		require.True(t, p.created)
		_, err := st.GetMessage(ctx, db.GetMessageParams{ChatID: p.m.ChatID, ID: p.msg.ID})
		require.NoError(t, err, "stored beside the refused one")
	}
}
