package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"

	"livechat/store/db"
)

// The explain scenario runs EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) on the
// SQL of every list endpoint against the seeded history.
//
// Where the SQL comes from: each case calls the generated function of
// store/db (db.Queries.ListChats, …) with the parameters the endpoint would
// pass, on a db.DBTX that records the statement and its arguments instead
// of sending them (capture). That is the exact text and argument list the
// API sends, with no query copied here and nothing exported for the bench.
//
// Each statement is then explained three ways, because the API's pgx pool
// prepares its statements and PostgreSQL's plan cache plans a prepared
// statement with its parameters' values (a custom plan) for the first five
// executions on a connection, then switches to one generic plan, made
// without the values, when that one is estimated no dearer:
//   - custom: EXPLAIN of the statement with its arguments bound;
//   - settled: PREPARE, EXECUTE five times, then EXPLAIN EXECUTE, which is
//     what the sixth and later executions on a connection get (generic or
//     custom, as pg_prepared_statements tells);
//   - generic: EXPLAIN EXECUTE under plan_cache_mode = force_generic_plan
//     (and jit = off) when the statement settled on custom plans.
//
// A connection's plan cache averages the cost of all the custom plans it
// made for the statement, whatever their parameters, so an endpoint whose
// filters vary (the chat list) may settle differently in the API than here,
// where each case runs alone.
//
// When a plan reads a table that grows with use (growingTables) with a Seq
// Scan, the statement is explained once more with enable_seqscan = off: on
// small tables (events, notifications, the audit log here) a Seq Scan is the
// right choice, and that plan shows whether an index can serve the query
// once the table is large.
//
// Everything runs in a read-only transaction on one connection, rolled back.

// bigTables are the tables the history makes large; a Seq Scan on one of
// them in a list query is a finding once it holds bigTableRows rows (in
// -quick runs they stay small enough for a Seq Scan to be the right plan).
var bigTables = map[string]bool{"contacts": true, "chats": true, "messages": true, "events": true}

const bigTableRows = 20_000

// growingTables grow with use even when small in the bench database.
var growingTables = map[string]bool{
	"contacts": true, "chats": true, "messages": true, "events": true, "chat_events": true,
	"notifications": true, "audit_log": true, "attachments": true, "visitor_sessions": true,
}

type explainResult struct {
	// Table sizes when the plans were made (pg_class.reltuples after VACUUM).
	Tables map[string]int64 `json:"tables"`
	// Queries whose custom or settled plan seq-scans a big table (one of
	// bigTables holding bigTableRows rows or more).
	SeqScanOnBigTable []string       `json:"seq_scan_on_big_table"`
	Queries           []explainQuery `json:"queries"`
	// PlansFile holds every plan in full (compact JSON), next to the report.
	PlansFile string  `json:"plans_file,omitempty"`
	Seconds   float64 `json:"seconds"`
}

type explainQuery struct {
	Name     string `json:"name"`
	Endpoint string `json:"endpoint"`
	Query    string `json:"query"` // the sqlc query's name
	// The plan of the first five executions on a connection.
	Custom *planSummary `json:"custom,omitempty"`
	// What executions six and later get: "custom" or "generic".
	Settled string       `json:"settled"`
	Generic *planSummary `json:"generic,omitempty"`
	// With enable_seqscan = off, when the custom plan seq-scans a growing table.
	NoSeqScan *planSummary `json:"without_seq_scan,omitempty"`
	Error     string       `json:"error,omitempty"`
}

// planSummary is the gist of one EXPLAIN ANALYZE.
type planSummary struct {
	ExecutionMS float64 `json:"execution_ms"`
	PlanningMS  float64 `json:"planning_ms"`
	// JIT compilation, part of the execution time (PostgreSQL compiles
	// plans estimated dearer than jit_above_cost, 100,000 by default).
	JITMS   float64 `json:"jit_ms,omitempty"`
	TopNode string  `json:"top_node"`
	Cost    float64 `json:"cost"`
	Rows    float64 `json:"rows"`
	// Shared buffers hit and read (8 KiB pages).
	Buffers int64 `json:"buffers"`
	// Tables read by a Seq Scan, with the rows it went through.
	SeqScans   []string `json:"seq_scans,omitempty"`
	BigSeqScan bool     `json:"seq_scan_on_big_table"`
	// Every scan: "Index Scan chats_org_created_idx on chats: 50 rows × 1".
	Scans []string `json:"scans"`
	plan  json.RawMessage
}

// explainCase is one endpoint's query with realistic parameters.
type explainCase struct {
	name, endpoint, query string
	call                  func(ctx context.Context, q *db.Queries) error
}

// runExplain explains every list endpoint's SQL against the seeded history.
func runExplain(ctx context.Context, f *fixture, o options) (*explainResult, error) {
	if f.db == nil {
		return nil, errNoDatabase
	}
	start := time.Now()
	t, err := findExplainTargets(ctx, f)
	if err != nil {
		return nil, err
	}
	r := &explainResult{Tables: map[string]int64{}}
	rows, err := f.db.Query(ctx, `SELECT relname::text, GREATEST(reltuples, 0)::bigint FROM pg_class
		WHERE relname = ANY($1) AND relkind = 'r'`, slices.Collect(maps.Keys(growingTables)))
	if err != nil {
		return nil, fmt.Errorf("explain: table sizes: %w", err)
	}
	for rows.Next() {
		var name string
		var n int64
		if err := rows.Scan(&name, &n); err != nil {
			rows.Close()
			return nil, fmt.Errorf("explain: table sizes: %w", err)
		}
		r.Tables[name] = n
	}
	rows.Close()
	conn, err := f.db.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("explain: %w", err)
	}
	defer conn.Release()
	cases := explainCases(t)
	logf("explain: %d queries", len(cases))
	plans := map[string]map[string]json.RawMessage{}
	for i, c := range cases {
		if ctx.Err() != nil {
			break
		}
		q := explainQuery{Name: c.name, Endpoint: c.endpoint, Query: c.query}
		st, err := captureSQL(ctx, c.call)
		if err == nil {
			err = explainStatement(ctx, conn, st, &q, fmt.Sprintf("livechat_bench_explain_%d", i))
		}
		if err != nil {
			q.Error = err.Error()
			logf("explain: %s: %v", c.name, err)
		}
		for _, p := range []*planSummary{q.Custom, q.Generic, q.NoSeqScan} {
			if p != nil {
				p.BigSeqScan = p.seqScanOn(func(rel string) bool { return bigTables[rel] && r.Tables[rel] >= bigTableRows })
			}
		}
		if (q.Custom != nil && q.Custom.BigSeqScan) || (q.Settled == "generic" && q.Generic != nil && q.Generic.BigSeqScan) {
			r.SeqScanOnBigTable = append(r.SeqScanOnBigTable, c.name)
		}
		p := map[string]json.RawMessage{}
		for k, s := range map[string]*planSummary{"custom": q.Custom, "generic": q.Generic, "without_seq_scan": q.NoSeqScan} {
			if s != nil {
				p[k] = s.plan
			}
		}
		plans[c.name] = p
		r.Queries = append(r.Queries, q)
	}
	if o.out != "" {
		path := strings.TrimSuffix(o.out, ".json") + "-plans.json"
		if b, err := json.Marshal(plans); err == nil {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err == nil && os.WriteFile(path, b, 0o644) == nil {
				r.PlansFile = path
			}
		}
	}
	r.Seconds = seconds(time.Since(start))
	return r, ctx.Err()
}

// captured is a statement as the generated code would send it.
type captured struct {
	sql  string
	args []any
}

// capture is a db.DBTX that records the statement instead of sending it.
type capture struct{ got *captured }

var errCaptured = errors.New("statement captured, not sent")

func (c capture) Exec(_ context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	*c.got = captured{sql, args}
	return pgconn.CommandTag{}, errCaptured
}

func (c capture) Query(_ context.Context, sql string, args ...any) (pgx.Rows, error) {
	*c.got = captured{sql, args}
	return nil, errCaptured
}

func (c capture) QueryRow(_ context.Context, sql string, args ...any) pgx.Row {
	*c.got = captured{sql, args}
	return capturedRow{}
}

type capturedRow struct{}

func (capturedRow) Scan(...any) error { return errCaptured }

// captureSQL runs call on a capturing db.Queries and returns what it sent.
func captureSQL(ctx context.Context, call func(context.Context, *db.Queries) error) (captured, error) {
	var got captured
	err := call(ctx, db.New(capture{&got}))
	if err == nil {
		return got, errors.New("capture: the query function answered without sending its statement")
	}
	if !errors.Is(err, errCaptured) {
		return got, fmt.Errorf("capture: the query function answered %w instead of sending its statement", err)
	}
	if got.sql == "" {
		return got, errors.New("capture: no statement")
	}
	return got, nil
}

const explainPrefix = "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) "

// explainStatement fills q's plans (see the top of this file), with name
// for the prepared statement.
func explainStatement(ctx context.Context, conn *pgxpool.Conn, st captured, q *explainQuery, name string) error {
	tx, err := conn.BeginTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadOnly})
	if err != nil {
		return err
	}
	prepared := false
	defer func() {
		// Prepared statements outlive transactions: deallocated once the
		// transaction is over, even when it failed.
		_ = tx.Rollback(context.WithoutCancel(ctx))
		if prepared {
			_, _ = conn.Exec(context.WithoutCancel(ctx), "DEALLOCATE "+name)
		}
	}()
	if q.Custom, err = explainJSON(ctx, tx, explainPrefix+st.sql, st.args...); err != nil {
		return fmt.Errorf("custom plan: %w", err)
	}
	if q.Custom.hasGrowingSeqScan() {
		if _, err := tx.Exec(ctx, `SET LOCAL enable_seqscan = off`); err != nil {
			return err
		}
		if q.NoSeqScan, err = explainJSON(ctx, tx, explainPrefix+st.sql, st.args...); err != nil {
			return fmt.Errorf("plan without seq scans: %w", err)
		}
		if _, err := tx.Exec(ctx, `SET LOCAL enable_seqscan = on`); err != nil {
			return err
		}
	}

	// The plan cache: a prepared statement, five executions, the sixth explained.
	if _, err := tx.Exec(ctx, "PREPARE "+name+" AS "+st.sql); err != nil {
		return fmt.Errorf("prepare: %w", err)
	}
	prepared = true
	execute := executeSQL(name, len(st.args))
	simple := append([]any{pgx.QueryExecModeSimpleProtocol}, st.args...)
	for range 5 {
		if _, err := tx.Exec(ctx, execute, simple...); err != nil {
			return fmt.Errorf("execute: %w", err)
		}
	}
	settled, err := explainJSON(ctx, tx, explainPrefix+execute, simple...)
	if err != nil {
		return fmt.Errorf("settled plan: %w", err)
	}
	var generic int64
	if err := tx.QueryRow(ctx, `SELECT generic_plans FROM pg_prepared_statements WHERE name = $1`, name).Scan(&generic); err != nil {
		return fmt.Errorf("plan cache: %w", err)
	}
	q.Settled = "custom"
	if generic > 0 {
		q.Settled, q.Generic = "generic", settled
		return nil
	}
	// Without JIT: the lists' generic plans are costed far above
	// jit_above_cost on purpose (livechat_custom_plan_only, migration 0010),
	// and compiling them would only slow this scenario down.
	if _, err := tx.Exec(ctx, `SET LOCAL plan_cache_mode = force_generic_plan`); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `SET LOCAL jit = off`); err != nil {
		return err
	}
	if q.Generic, err = explainJSON(ctx, tx, explainPrefix+execute, simple...); err != nil {
		return fmt.Errorf("generic plan: %w", err)
	}
	return nil
}

// executeSQL is "EXECUTE name($1, …, $n)" (pgx's simple protocol puts the
// arguments in as literals; EXECUTE casts them to the prepared types).
func executeSQL(name string, n int) string {
	if n == 0 {
		return "EXECUTE " + name
	}
	ps := make([]string, n)
	for i := range ps {
		ps[i] = fmt.Sprintf("$%d", i+1)
	}
	return "EXECUTE " + name + "(" + strings.Join(ps, ", ") + ")"
}

func explainJSON(ctx context.Context, tx pgx.Tx, sql string, args ...any) (*planSummary, error) {
	var raw []byte
	if err := tx.QueryRow(ctx, sql, args...).Scan(&raw); err != nil {
		return nil, err
	}
	return summarizePlan(raw)
}

// planNode is the part of an EXPLAIN (FORMAT JSON) node the bench reads.
type planNode struct {
	NodeType      string     `json:"Node Type"`
	Relation      string     `json:"Relation Name"`
	Index         string     `json:"Index Name"`
	TotalCost     float64    `json:"Total Cost"`
	ActualRows    float64    `json:"Actual Rows"`
	Loops         float64    `json:"Actual Loops"`
	RemovedFilter float64    `json:"Rows Removed by Filter"`
	SharedHit     int64      `json:"Shared Hit Blocks"`
	SharedRead    int64      `json:"Shared Read Blocks"`
	Plans         []planNode `json:"Plans"`
}

type explainOutput struct {
	Plan      planNode `json:"Plan"`
	Planning  float64  `json:"Planning Time"`
	Execution float64  `json:"Execution Time"`
	JIT       *struct {
		Timing struct {
			Total float64 `json:"Total"`
		} `json:"Timing"`
	} `json:"JIT"`
}

// summarizePlan reads EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) output.
func summarizePlan(raw []byte) (*planSummary, error) {
	var out []explainOutput
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("not an EXPLAIN (FORMAT JSON) answer: %w", err)
	}
	if len(out) != 1 {
		return nil, fmt.Errorf("EXPLAIN answered %d plans, want 1", len(out))
	}
	e := out[0]
	s := &planSummary{
		ExecutionMS: planRound(e.Execution), PlanningMS: planRound(e.Planning), TopNode: e.Plan.NodeType,
		Cost: planRound(e.Plan.TotalCost), Rows: e.Plan.ActualRows, Buffers: e.Plan.SharedHit + e.Plan.SharedRead,
		Scans: []string{}, plan: raw,
	}
	if e.JIT != nil {
		s.JITMS = planRound(e.JIT.Timing.Total)
	}
	walkPlan(e.Plan, func(n planNode) {
		if n.Relation == "" && n.Index == "" {
			return
		}
		what := n.NodeType
		if n.Index != "" {
			what += " " + n.Index
		}
		if n.Relation != "" {
			what += " on " + n.Relation
		}
		s.Scans = append(s.Scans, fmt.Sprintf("%s: %g rows × %g", what, n.ActualRows, n.Loops))
		if n.NodeType == "Seq Scan" {
			read := (n.ActualRows + n.RemovedFilter) * math.Max(n.Loops, 1)
			s.SeqScans = append(s.SeqScans, fmt.Sprintf("%s (%g rows read)", n.Relation, read))
			if bigTables[n.Relation] {
				s.BigSeqScan = true
			}
		}
	})
	return s, nil
}

func walkPlan(n planNode, fn func(planNode)) {
	fn(n)
	for _, c := range n.Plans {
		walkPlan(c, fn)
	}
}

func (s *planSummary) hasGrowingSeqScan() bool {
	return s.seqScanOn(func(rel string) bool { return growingTables[rel] })
}

// seqScanOn tells whether the plan seq-scans a table that matches.
func (s *planSummary) seqScanOn(match func(rel string) bool) bool {
	for _, sc := range s.SeqScans {
		if rel, _, _ := strings.Cut(sc, " "); match(rel) {
			return true
		}
	}
	return false
}

func planRound(x float64) float64 { return math.Round(x*100) / 100 }

// errNoHistory is runExplain's answer when no history was seeded.
var errNoHistory = errors.New("no seeded history in this organisation: run the history scenario first")

// explainTargets are the seeded rows the cases point at.
type explainTargets struct {
	org, owner, team, bigChat, heavyContact uuid.UUID
	// An agent of the history's team, and one of another team (the owner
	// when there is none).
	agentIn, agentOut                       uuid.UUID
	deepContactID, deepChatID, midMessageID uuid.UUID
	deepContactAt, deepChatAt, midMessageAt time.Time
	eventContact                            uuid.UUID
	lastSeq                                 int64
	common, few                             string
}

// findExplainTargets finds the newest seeded history of the organisation
// (its big chat is named <run>-history-big) and rows to page from.
func findExplainTargets(ctx context.Context, f *fixture) (explainTargets, error) {
	var t explainTargets
	err := f.db.QueryRow(ctx, `SELECT c.org_id, c.id, c.team_id, c.contact_id FROM chats c
		JOIN memberships m ON m.org_id = c.org_id AND m.user_id = $1
		WHERE c.handoff_id LIKE '%-history-big' ORDER BY c.created_at DESC LIMIT 1`, f.owner.userID).
		Scan(&t.org, &t.bigChat, &t.team, &t.heavyContact)
	if errors.Is(err, pgx.ErrNoRows) {
		return t, errNoHistory
	}
	if err != nil {
		return t, fmt.Errorf("explain: find the seeded history: %w", err)
	}
	t.owner = uuid.MustParse(f.owner.userID)
	t.agentIn, t.agentOut = t.owner, t.owner
	_ = f.db.QueryRow(ctx, `SELECT m.user_id FROM memberships m JOIN team_members tm ON tm.org_id = m.org_id AND tm.user_id = m.user_id
		WHERE m.org_id = $1 AND m.role = 'agent' AND tm.team_id = $2 ORDER BY m.created_at DESC LIMIT 1`, t.org, t.team).Scan(&t.agentIn)
	_ = f.db.QueryRow(ctx, `SELECT m.user_id FROM memberships m WHERE m.org_id = $1 AND m.role = 'agent'
		AND NOT EXISTS (SELECT 1 FROM team_members tm WHERE tm.team_id = $2 AND tm.user_id = m.user_id)
		ORDER BY m.created_at DESC LIMIT 1`, t.org, t.team).Scan(&t.agentOut)
	steps := []struct {
		what string
		sql  string
		dst  []any
	}{
		{"deep contact", `SELECT id, created_at FROM contacts WHERE org_id = $1 ORDER BY created_at DESC, id DESC
			OFFSET (SELECT count(*) / 2 FROM contacts WHERE org_id = $1) LIMIT 1`, []any{&t.deepContactID, &t.deepContactAt}},
		{"deep chat", `SELECT id, created_at FROM chats WHERE org_id = $1 ORDER BY created_at DESC, id DESC
			OFFSET (SELECT count(*) / 2 FROM chats WHERE org_id = $1) LIMIT 1`, []any{&t.deepChatID, &t.deepChatAt}},
		{"last event", `SELECT COALESCE((SELECT last_seq FROM org_event_sequences WHERE org_id = $1), 0)`, []any{&t.lastSeq}},
	}
	for _, s := range steps {
		if err := f.db.QueryRow(ctx, s.sql, t.org).Scan(s.dst...); err != nil {
			return t, fmt.Errorf("explain: %s: %w", s.what, err)
		}
	}
	if err := f.db.QueryRow(ctx, `SELECT id, created_at FROM messages WHERE chat_id = $1 ORDER BY created_at, id
		OFFSET (SELECT count(*) / 2 FROM messages WHERE chat_id = $1) LIMIT 1`, t.bigChat).Scan(&t.midMessageID, &t.midMessageAt); err != nil {
		return t, fmt.Errorf("explain: the big chat's middle message: %w", err)
	}
	t.eventContact = t.heavyContact
	_ = f.db.QueryRow(ctx, `SELECT contact_id FROM events WHERE org_id = $1 AND contact_id IS NOT NULL ORDER BY seq DESC LIMIT 1`, t.org).Scan(&t.eventContact)
	t.common = strings.ToLower(historyLastName(0))
	t.few = fmt.Sprintf(".%d@", historyFewContact)
	return t, nil
}

// explainCases are the list endpoints' queries, with the parameters the
// API passes (api/chat_list.go, contacts.go, chat_messages.go, …).
func explainCases(t explainTargets) []explainCase {
	str := func(s string) *string { return &s }
	id := func(u uuid.UUID) *uuid.UUID { return &u }
	chats := func(name, endpoint string, p db.ListChatsParams) explainCase {
		p.OrgID = t.org
		if p.MaxRows == 0 {
			p.MaxRows = 50
		}
		return explainCase{name, endpoint, "ListChats", func(ctx context.Context, q *db.Queries) error {
			_, err := q.ListChats(ctx, p)
			return err
		}}
	}
	contacts := func(name, endpoint string, p db.ListContactsParams) explainCase {
		p.OrgID = t.org
		if p.MaxRows == 0 {
			p.MaxRows = 50
		}
		return explainCase{name, endpoint, "ListContacts", func(ctx context.Context, q *db.Queries) error {
			_, err := q.ListContacts(ctx, p)
			return err
		}}
	}
	one := func(name, endpoint, query string, fn func(ctx context.Context, q *db.Queries) error) explainCase {
		return explainCase{name, endpoint, query, fn}
	}
	today := time.Now().UTC().Truncate(24 * time.Hour)
	from, to := pgtype.Date{Time: today.AddDate(0, 0, -29), Valid: true}, pgtype.Date{Time: today, Valid: true}
	return []explainCase{
		chats("chats: all, newest first", "GET /chats", db.ListChatsParams{}),
		chats("chats: status=ended", "GET /chats?status=ended", db.ListChatsParams{Status: str("ended")}),
		chats("chats: status=waiting", "GET /chats?status=waiting", db.ListChatsParams{Status: str("waiting")}),
		chats("chats: view=open", "GET /chats?view=open", db.ListChatsParams{OpenOnly: true}),
		chats("chats: view=unassigned", "GET /chats?view=unassigned", db.ListChatsParams{UnassignedOnly: true}),
		chats("chats: view=mine (agent)", "GET /chats?view=mine", db.ListChatsParams{AssigneeID: &t.agentIn, OpenOnly: true, VisibleTo: &t.agentIn}),
		chats("chats: all, agent of the team", "GET /chats (agent)", db.ListChatsParams{VisibleTo: &t.agentIn}),
		chats("chats: all, agent of another team", "GET /chats (agent)", db.ListChatsParams{VisibleTo: &t.agentOut}),
		chats("chats: team", "GET /chats?team_id=", db.ListChatsParams{TeamID: &t.team}),
		chats("chats: search ~1%", "GET /chats?q=", db.ListChatsParams{Search: &t.common}),
		chats("chats: search, 2 letters", "GET /chats?q=", db.ListChatsParams{Search: str("qx")}),
		chats("chats: unread", "GET /chats?unread=true", db.ListChatsParams{UnreadOnly: true}),
		chats("chats: deep page", "GET /chats?before=", db.ListChatsParams{BeforeAt: &t.deepChatAt, BeforeID: &t.deepChatID}),
		chats("chats: sort=waiting", "GET /chats?sort=waiting", db.ListChatsParams{WaitingFirst: true}),
		chats("contact's chats", "GET /contacts/{id}/chats", db.ListChatsParams{ContactID: &t.heavyContact}),
		one("chat counts (supervisor)", "GET /chats/counts", "ChatCounts", func(ctx context.Context, q *db.Queries) error {
			_, err := q.ChatCounts(ctx, db.ChatCountsParams{OrgID: t.org, UserID: t.owner})
			return err
		}),
		one("chat counts (agent)", "GET /chats/counts", "ChatCounts", func(ctx context.Context, q *db.Queries) error {
			_, err := q.ChatCounts(ctx, db.ChatCountsParams{OrgID: t.org, UserID: t.agentIn, Restricted: true})
			return err
		}),

		contacts("contacts: first page", "GET /contacts", db.ListContactsParams{}),
		contacts("contacts: deep page", "GET /contacts?before=", db.ListContactsParams{BeforeCreated: &t.deepContactAt, BeforeID: &t.deepContactID}),
		contacts("contacts: search ~1%", "GET /contacts?q=", db.ListContactsParams{Search: &t.common}),
		contacts("contacts: search few", "GET /contacts?q=", db.ListContactsParams{Search: &t.few}),
		contacts("contacts: search, 2 letters", "GET /contacts?q=", db.ListContactsParams{Search: str("qx")}),
		contacts("contacts: tag", "GET /contacts?tag=vip", db.ListContactsParams{Tag: str("vip")}),
		contacts("contact", "GET /contacts/{id}", db.ListContactsParams{ContactID: &t.heavyContact, MaxRows: 1}),

		one("messages: first page", "GET /chats/{id}/messages?limit=200", "ListMessages", func(ctx context.Context, q *db.Queries) error {
			_, err := q.ListMessages(ctx, db.ListMessagesParams{OrgID: t.org, ChatID: t.bigChat, Limit: 200, IncludeNotes: true})
			return err
		}),
		one("messages: page half-way", "GET /chats/{id}/messages?limit=200&after=", "ListMessages", func(ctx context.Context, q *db.Queries) error {
			_, err := q.ListMessages(ctx, db.ListMessagesParams{OrgID: t.org, ChatID: t.bigChat, Limit: 200, IncludeNotes: true,
				AfterCreated: &t.midMessageAt, AfterID: &t.midMessageID})
			return err
		}),
		one("discussion", "GET /chats/{id}/discussion", "ListDiscussionMessages", func(ctx context.Context, q *db.Queries) error {
			_, err := q.ListDiscussionMessages(ctx, db.ListDiscussionMessagesParams{OrgID: t.org, ChatID: t.bigChat, MaxRows: 100})
			return err
		}),
		one("chat events", "GET /chats/{id}/events", "ListChatEvents", func(ctx context.Context, q *db.Queries) error {
			_, err := q.ListChatEvents(ctx, db.ListChatEventsParams{OrgID: t.org, ChatID: t.bigChat})
			return err
		}),
		one("visitor's chats", "GET /widget/chats", "ContactChats", func(ctx context.Context, q *db.Queries) error {
			_, err := q.ContactChats(ctx, db.ContactChatsParams{OrgID: t.org, ContactID: t.heavyContact, Limit: 20})
			return err
		}),

		one("visitor's chat: its agents", "GET /widget/chats (per chat)", "VisitorChatAgents", func(ctx context.Context, q *db.Queries) error {
			_, err := q.VisitorChatAgents(ctx, db.VisitorChatAgentsParams{AssigneeID: &t.owner, ChatID: t.bigChat})
			return err
		}),

		one("my notifications", "GET /me/notifications", "MemberNotifications", func(ctx context.Context, q *db.Queries) error {
			_, err := q.MemberNotifications(ctx, db.MemberNotificationsParams{OrgID: t.org, RecipientID: &t.owner, MaxRows: 50})
			return err
		}),
		one("my unread notifications", "GET /me/notifications", "CountUnreadNotifications", func(ctx context.Context, q *db.Queries) error {
			_, err := q.CountUnreadNotifications(ctx, db.CountUnreadNotificationsParams{OrgID: t.org, RecipientID: &t.owner})
			return err
		}),
		one("notification outbox", "GET /notifications", "OrgNotifications", func(ctx context.Context, q *db.Queries) error {
			_, err := q.OrgNotifications(ctx, db.OrgNotificationsParams{OrgID: t.org, MaxRows: 50})
			return err
		}),
		one("notification outbox, failed", "GET /notifications?status=failed", "OrgNotifications", func(ctx context.Context, q *db.Queries) error {
			_, err := q.OrgNotifications(ctx, db.OrgNotificationsParams{OrgID: t.org, Status: str("failed"), MaxRows: 50})
			return err
		}),
		one("audit log", "GET /audit-log", "ListAudit", func(ctx context.Context, q *db.Queries) error {
			_, err := q.ListAudit(ctx, db.ListAuditParams{OrgID: t.org, Limit: 50})
			return err
		}),
		one("events catch-up (agent)", "GET /ws (catch-up)", "EventsAfter", func(ctx context.Context, q *db.Queries) error {
			_, err := q.EventsAfter(ctx, db.EventsAfterParams{OrgID: t.org, Seq: max(0, t.lastSeq-100), Limit: 500})
			return err
		}),
		one("events catch-up (visitor)", "GET /widget/ws (catch-up)", "ContactEventsAfter", func(ctx context.Context, q *db.Queries) error {
			_, err := q.ContactEventsAfter(ctx, db.ContactEventsAfterParams{ContactID: id(t.eventContact), OrgID: t.org,
				AfterSeq: max(0, t.lastSeq-1000), MaxRows: 500})
			return err
		}),
		one("canned responses", "GET /canned-responses", "ListVisibleCannedResponses", func(ctx context.Context, q *db.Queries) error {
			_, err := q.ListVisibleCannedResponses(ctx, db.ListVisibleCannedResponsesParams{OrgID: t.org, ViewerID: t.owner,
				IncludeOrg: true, IncludePersonal: true})
			return err
		}),
		one("canned responses, search", "GET /canned-responses?q=", "ListVisibleCannedResponses", func(ctx context.Context, q *db.Queries) error {
			_, err := q.ListVisibleCannedResponses(ctx, db.ListVisibleCannedResponsesParams{OrgID: t.org, ViewerID: t.owner,
				IncludeOrg: true, IncludePersonal: true, Query: "ord"})
			return err
		}),
		one("dashboard, 30 days", "GET /dashboard", "DashboardStats", func(ctx context.Context, q *db.Queries) error {
			_, err := q.DashboardStats(ctx, db.DashboardStatsParams{Tz: "UTC", OrgID: t.org, FromDay: from, ToDay: to})
			return err
		}),
		one("dashboard, 30 days, team", "GET /dashboard?team_id=", "DashboardStats", func(ctx context.Context, q *db.Queries) error {
			_, err := q.DashboardStats(ctx, db.DashboardStatsParams{Tz: "Europe/Paris", OrgID: t.org, TeamID: &t.team, FromDay: from, ToDay: to})
			return err
		}),
		one("teams", "GET /teams", "ListTeams", func(ctx context.Context, q *db.Queries) error {
			_, err := q.ListTeams(ctx, t.org)
			return err
		}),
		one("team members", "GET /teams/{id}/members", "ListTeamMembers", func(ctx context.Context, q *db.Queries) error {
			_, err := q.ListTeamMembers(ctx, db.ListTeamMembersParams{OrgID: t.org, TeamID: t.team})
			return err
		}),
		one("members", "GET /members", "ListMembers", func(ctx context.Context, q *db.Queries) error {
			_, err := q.ListMembers(ctx, t.org)
			return err
		}),
		one("invitations", "GET /invitations", "ListPendingInvitations", func(ctx context.Context, q *db.Queries) error {
			_, err := q.ListPendingInvitations(ctx, t.org)
			return err
		}),
		one("API keys", "GET /api-keys", "ListAPIKeys", func(ctx context.Context, q *db.Queries) error {
			_, err := q.ListAPIKeys(ctx, t.org)
			return err
		}),
		one("blacklist", "GET /blacklist", "ListBlacklist", func(ctx context.Context, q *db.Queries) error {
			_, err := q.ListBlacklist(ctx, t.org)
			return err
		}),
		one("widgets", "GET /widgets", "ListWidgets", func(ctx context.Context, q *db.Queries) error {
			_, err := q.ListWidgets(ctx, t.org)
			return err
		}),
		one("contact journey", "GET /contacts/{id}/journey", "ContactSessions", func(ctx context.Context, q *db.Queries) error {
			_, err := q.ContactSessions(ctx, db.ContactSessionsParams{OrgID: t.org, ContactID: t.heavyContact})
			return err
		}),
	}
}

// describe writes the explain scenario's table: one line per query.
func (e *explainResult) describe(w io.Writer) {
	fmt.Fprintf(w, "explain     %d list queries explained in %.1f s at %d contacts, %d chats, %d messages; seq scan of a big table: %s\n",
		len(e.Queries), e.Seconds, e.Tables["contacts"], e.Tables["chats"], e.Tables["messages"], orNone(e.SeqScanOnBigTable))
	fmt.Fprintf(w, "            %-34s %9s %6s %9s  %-8s %10s  %s\n", "query", "custom ms", "jit ms", "cost", "settled", "generic ms", "seq scans (custom plan)")
	for _, q := range e.Queries {
		if q.Error != "" {
			fmt.Fprintf(w, "            %-34s error: %s\n", q.Name, q.Error)
			continue
		}
		gen := "-"
		if q.Generic != nil {
			gen = fmt.Sprintf("%.2f", q.Generic.ExecutionMS)
		}
		var c planSummary
		if q.Custom != nil {
			c = *q.Custom
		}
		fmt.Fprintf(w, "            %-34s %9.2f %6.1f %9.0f  %-8s %10s  %s\n", q.Name, c.ExecutionMS, c.JITMS, c.Cost, q.Settled, gen, orNone(c.SeqScans))
	}
	if e.PlansFile != "" {
		fmt.Fprintf(w, "            plans: %s\n", e.PlansFile)
	}
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}
