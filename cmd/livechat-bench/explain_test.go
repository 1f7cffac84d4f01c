package main

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"livechat/store/db"
)

func TestCaptureSQLRecordsWhatTheGeneratedCodeSends(t *testing.T) {
	org := uuid.New()
	got, err := captureSQL(context.Background(), func(ctx context.Context, q *db.Queries) error {
		_, err := q.ListChats(ctx, db.ListChatsParams{OrgID: org, MaxRows: 50})
		return err
	})
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(got.sql, "-- name: ListChats :many"), got.sql)
	require.Contains(t, got.sql, "FROM chats c")
	require.Len(t, got.args, 14)
	require.Equal(t, org, got.args[0])

	one, err := captureSQL(context.Background(), func(ctx context.Context, q *db.Queries) error {
		_, err := q.CountUnreadNotifications(ctx, db.CountUnreadNotificationsParams{OrgID: org})
		return err
	})
	require.NoError(t, err, "QueryRow statements are captured too")
	require.Contains(t, one.sql, "FROM notifications")

	_, err = captureSQL(context.Background(), func(context.Context, *db.Queries) error { return nil })
	require.Error(t, err, "a case that sends nothing is an error")
}

func TestExecuteSQLListsTheParameters(t *testing.T) {
	require.Equal(t, "EXECUTE s", executeSQL("s", 0))
	require.Equal(t, "EXECUTE s($1, $2, $3)", executeSQL("s", 3))
}

// A trimmed EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) answer: a Limit over a
// nested loop of a Seq Scan on contacts and an Index Scan on chats, with a
// Seq Scan on a small table in a subplan.
const samplePlan = `[{"Plan": {"Node Type": "Limit", "Total Cost": 16553.48, "Actual Rows": 50, "Actual Loops": 1,
  "Shared Hit Blocks": 500, "Shared Read Blocks": 20,
  "Plans": [{"Node Type": "Nested Loop", "Parent Relationship": "Outer", "Actual Rows": 50, "Actual Loops": 1,
    "Plans": [
      {"Node Type": "Seq Scan", "Parent Relationship": "Outer", "Relation Name": "contacts", "Alias": "ct",
       "Actual Rows": 55000, "Actual Loops": 2, "Rows Removed by Filter": 10},
      {"Node Type": "Index Scan", "Parent Relationship": "Inner", "Index Name": "chats_contact_idx",
       "Relation Name": "chats", "Actual Rows": 0, "Actual Loops": 110000},
      {"Node Type": "Seq Scan", "Parent Relationship": "SubPlan", "Subplan Name": "SubPlan 1",
       "Relation Name": "team_members", "Actual Rows": 1, "Actual Loops": 1, "Rows Removed by Filter": 3}]}]},
  "Planning Time": 4.551, "Triggers": [], "JIT": {"Functions": 52, "Timing": {"Generation": 2.2, "Total": 21.987}},
  "Execution Time": 464.6634}]`

func TestSummarizePlanFindsSeqScansOnBigTables(t *testing.T) {
	s, err := summarizePlan([]byte(samplePlan))
	require.NoError(t, err)
	require.Equal(t, "Limit", s.TopNode)
	require.InDelta(t, 464.66, s.ExecutionMS, 0.001)
	require.InDelta(t, 4.55, s.PlanningMS, 0.001)
	require.InDelta(t, 16553.48, s.Cost, 0.001)
	require.EqualValues(t, 50, s.Rows)
	require.EqualValues(t, 520, s.Buffers)
	require.InDelta(t, 21.99, s.JITMS, 0.001)
	require.True(t, s.BigSeqScan)
	require.Equal(t, []string{"contacts (110020 rows read)", "team_members (4 rows read)"}, s.SeqScans)
	require.Equal(t, []string{
		"Seq Scan on contacts: 55000 rows × 2",
		"Index Scan chats_contact_idx on chats: 0 rows × 110000",
		"Seq Scan on team_members: 1 rows × 1",
	}, s.Scans)
	require.True(t, s.hasGrowingSeqScan())
	require.True(t, s.seqScanOn(func(rel string) bool { return rel == "team_members" }))
	require.False(t, s.seqScanOn(func(rel string) bool { return rel == "chats" }), "chats is read through an index")

	small, err := summarizePlan([]byte(`[{"Plan": {"Node Type": "Seq Scan", "Relation Name": "teams", "Actual Rows": 3, "Actual Loops": 1},
		"Planning Time": 0.1, "Execution Time": 0.02}]`))
	require.NoError(t, err)
	require.False(t, small.BigSeqScan)
	require.False(t, small.hasGrowingSeqScan(), "teams stays small")
	require.Zero(t, small.JITMS)

	_, err = summarizePlan([]byte(`{"Plan": {}}`))
	require.Error(t, err)
	_, err = summarizePlan([]byte(`[]`))
	require.Error(t, err)
}
