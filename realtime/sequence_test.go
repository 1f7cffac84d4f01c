package realtime

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"livechat/store/db"
	"livechat/store/storetest"
)

// TestEventsAreNumberedAtCommit: a transaction that wrote an event and is
// still busy does not hold up another writer of the same organisation
// (before migration 0011 the second one waited for the first to finish);
// the numbers follow the commit order, and only committed events count.
func TestEventsAreNumberedAtCommit(t *testing.T) {
	st, _ := storetest.NewDatabase(t)
	orgID := newOrg(t, st)
	ctx := t.Context()
	tick := func(q *db.Queries, n int) {
		t.Helper()
		payload, _ := json.Marshal(map[string]int{"n": n})
		require.NoError(t, q.InsertEvent(ctx, db.InsertEventParams{OrgID: orgID, Type: "test.tick", Audience: AudienceAll, Payload: payload}))
	}

	slow, err := st.Pool.Begin(ctx)
	require.NoError(t, err)
	defer func() { _ = slow.Rollback(ctx) }()
	tick(st.WithTx(slow), 1)

	fast, err := st.Pool.Begin(ctx)
	require.NoError(t, err)
	defer func() { _ = fast.Rollback(ctx) }()
	_, err = fast.Exec(ctx, "SET LOCAL lock_timeout = '3s'")
	require.NoError(t, err)
	tick(st.WithTx(fast), 2)
	require.NoError(t, fast.Commit(ctx), "the second writer commits while the first is still open")

	tick(st.WithTx(slow), 3)
	require.NoError(t, slow.Commit(ctx))

	aborted, err := st.Pool.Begin(ctx)
	require.NoError(t, err)
	tick(st.WithTx(aborted), 4)
	require.NoError(t, aborted.Rollback(ctx))

	rows, err := st.EventsAfter(ctx, db.EventsAfterParams{OrgID: orgID, Seq: 0, Limit: 10})
	require.NoError(t, err)
	var got []string
	for i, r := range rows {
		require.Equal(t, int64(i+1), r.Seq, "numbers without gaps")
		got = append(got, string(r.Payload))
	}
	require.Equal(t, []string{`{"n": 2}`, `{"n": 1}`, `{"n": 3}`}, got, "commit order; a transaction's events in its own order")
	last, err := st.LastEventSeq(ctx, orgID)
	require.NoError(t, err)
	require.Equal(t, int64(3), last)
}
