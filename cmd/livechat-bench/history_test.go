package main

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"livechat/store/storetest"
)

func TestHistorySizesMakeTheMessageTotal(t *testing.T) {
	for _, quick := range []bool{false, true} {
		sz := historySizesFor(quick)
		// Chat j ≥ 1 has 4 + (7j mod 33) messages: 20 on average.
		total := sz.BigChat
		for j := 1; j <= sz.chats(); j++ {
			total += 4 + (j*7)%33
		}
		require.InDelta(t, sz.Messages, total, float64(sz.Messages)/100, "quick=%v", quick)
		require.Greater(t, sz.Contacts, historyFewContact, "the few-matches search needs contact %d", historyFewContact)
		require.Less(t, sz.HeavyChats, sz.chats())
	}
	require.Equal(t, 100_000, historySizesFor(false).Contacts)
	require.Equal(t, 5_000, historySizesFor(false).BigChat)
}

// The ~1% search is a surname: it must not be part of any other name,
// first name or domain, or it would match more than its 1%.
func TestHistorySurnamesAreDistinctSearches(t *testing.T) {
	last := historyLastNames()
	require.Len(t, last, 100)
	others := append(append([]string{}, historyFirstNames...), historyDomains...)
	for i, a := range last {
		la := strings.ToLower(a)
		for j, b := range last {
			if i != j {
				require.NotContains(t, strings.ToLower(b), la)
			}
		}
		for _, o := range others {
			require.NotContains(t, strings.ToLower(o), la)
		}
	}
	require.Equal(t, "Abmont", historyLastName(0))
	require.Equal(t, "run-history-big", historyHandoffID("run", 0))
	require.Equal(t, "run-history-7", historyHandoffID("run", 7))
	require.Equal(t, "run-history-c12", historyContactExternalID("run", 12))
}

func TestCountItemsReadsTheListField(t *testing.T) {
	require.Equal(t, 2, countItems([]byte(`{"contacts":[{},{}],"next_before":"x"}`)))
	require.Equal(t, 1, countItems([]byte(`{"chats":[{"id":"a"}],"next_before":null}`)))
	require.Equal(t, 0, countItems([]byte(`{"unassigned":3,"mine":0}`)))
	require.Equal(t, 0, countItems([]byte(`not json`)))
}

// Seeds a small history into a fresh database: the rows are there, nothing
// reached the events table or the signal outbox, the message trigger is on
// again afterwards, and every list endpoint's statement can be explained
// over it.
func TestSeedHistoryThenExplain(t *testing.T) {
	ctx := context.Background()
	st, _ := storetest.NewDatabase(t)
	org, owner, team := uuid.New(), uuid.New(), uuid.New()
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO organizations (id, name, slug) VALUES ($1, 'History', 'history')`, []any{org}},
		{`INSERT INTO users (id, email, name, password_hash) VALUES ($1, 'owner@history.test', 'Owner', 'x')`, []any{owner}},
		{`INSERT INTO memberships (org_id, user_id, role) VALUES ($1, $2, 'owner')`, []any{org, owner}},
		{`INSERT INTO teams (id, org_id, name) VALUES ($1, $2, 'History')`, []any{team, org}},
	} {
		_, err := st.Pool.Exec(ctx, q.sql, q.args...)
		require.NoError(t, err)
	}
	f := &fixture{db: st.Pool, owner: &session{userID: owner.String()}, run: "bench-test"}
	sz := historySizes{Contacts: 300, Messages: 600, BigChat: 100, HeavyChats: 5}
	var seed historySeed
	require.NoError(t, seedHistory(ctx, f, historySeedParams{
		Org: org.String(), Team: team.String(), Agent: owner.String(), Run: f.run, Sizes: sz,
	}, &seed))

	wantMessages := int64(sz.BigChat)
	for j := 1; j <= sz.chats(); j++ {
		wantMessages += int64(4 + (j*7)%33)
	}
	require.EqualValues(t, sz.Contacts, seed.Contacts)
	require.EqualValues(t, sz.chats()+1, seed.Chats)
	require.Equal(t, wantMessages, seed.Messages)
	require.Zero(t, seed.EventsAdded)
	require.Zero(t, seed.OutboxAdded)
	var events, outbox, bigChat, heavy int
	var trigger string
	require.NoError(t, st.Pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM chat_signal_outbox),
		(SELECT count(*) FROM messages WHERE chat_id = $1), (SELECT count(*) FROM chats WHERE contact_id = $2),
		(SELECT tgenabled::text FROM pg_trigger WHERE tgname = 'messages_event')`, seed.BigChatID, seed.HeavyContactID).
		Scan(&events, &outbox, &bigChat, &heavy, &trigger))
	require.Zero(t, events)
	require.Zero(t, outbox)
	require.Equal(t, sz.BigChat, bigChat)
	require.Equal(t, sz.HeavyChats+1, heavy)
	require.Equal(t, "O", trigger, "the message trigger is enabled again")
	var open, unread int
	require.NoError(t, st.Pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM chats WHERE org_id = $1 AND status <> 'ended'),
		(SELECT count(*) FROM messages WHERE org_id = $1 AND read_at IS NULL)`, org).Scan(&open, &unread))
	require.Zero(t, open, "every seeded chat is ended")
	require.Positive(t, unread, "one chat in twenty ends with unread contact messages")

	res, err := runExplain(ctx, f, options{})
	require.NoError(t, err)
	require.NotEmpty(t, res.Queries)
	for _, q := range res.Queries {
		require.Empty(t, q.Error, q.Name)
		require.NotNil(t, q.Custom, q.Name)
		require.NotNil(t, q.Generic, q.Name)
		require.Contains(t, []string{"custom", "generic"}, q.Settled, q.Name)
		require.NotEmpty(t, q.Custom.TopNode, q.Name)
	}
	require.EqualValues(t, sz.Contacts, res.Tables["contacts"])
}
