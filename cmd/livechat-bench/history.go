package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// The history scenario: a large organisation's past (contacts, ended chats
// and their messages, one very long chat) is written straight into
// PostgreSQL in a few set-based statements, then the screens that read it
// are timed through the real HTTP API as the owner: the long chat's whole
// history page by page, the contacts list (first page, a deep page, two
// searches), the chats list (all, by status, a deep page, longest waiting
// first, a search), the inbox counts and a contact's chats. Last, agents
// list their chats (one of the history's team, one of another team), then
// the owner's list is timed again: the plan cache of the API's connections
// has then seen them all.

// historySizes is how much history is seeded and how often each request is
// timed.
type historySizes struct {
	Contacts      int `json:"contacts"`
	Messages      int `json:"messages"`          // about: chats × their messages + the big chat
	BigChat       int `json:"big_chat_messages"` // messages of the one long chat
	HeavyChats    int `json:"heavy_contact_chats"`
	Repeats       int `json:"repeats"`        // calls per request kind
	HistoryPasses int `json:"history_passes"` // whole loads of the big chat
}

func historySizesFor(quick bool) historySizes {
	if quick {
		return historySizes{Contacts: 10_000, Messages: 50_000, BigChat: 1_000, HeavyChats: 60, Repeats: 10, HistoryPasses: 2}
	}
	return historySizes{Contacts: 100_000, Messages: 1_000_000, BigChat: 5_000, HeavyChats: 300, Repeats: 30, HistoryPasses: 5}
}

// historyMeanMessages is the mean message count of a seeded chat other than
// the big one: 4 + (j·7 mod 33) averages 20 over any 33 consecutive chats.
const historyMeanMessages = 20

// chats is how many ordinary chats make the message total with the big chat.
func (s historySizes) chats() int {
	return max(1, (s.Messages-s.BigChat)/historyMeanMessages)
}

// historyPageSize is the page the console asks for (web/src/api/chats.ts
// listMessages: limit 200, the API's maximum).
const historyPageSize = 200

// historyFewContact is the seeded contact the "few" search finds: ".4242@"
// is in its email only.
const historyFewContact = 4242

type historyResult struct {
	Sizes    historySizes     `json:"sizes"`
	Seed     historySeed      `json:"seed"`
	BigChat  historyLoad      `json:"big_chat_history"`
	Requests []historyRequest `json:"requests"`
}

// historySeed is what was written and what the organisation holds after.
type historySeed struct {
	TeamID         string  `json:"team_id"`
	BigChatID      string  `json:"big_chat_id"`
	HeavyContactID string  `json:"heavy_contact_id"`
	Contacts       int64   `json:"contacts"`
	Chats          int64   `json:"chats"`
	Messages       int64   `json:"messages"`
	Seconds        float64 `json:"seconds"`
	// VACUUM (ANALYZE) of contacts, chats and messages afterwards, so plans
	// see statistics and index-only scans see a visibility map, as in a
	// database that has lived a while.
	VacuumSeconds float64 `json:"vacuum_analyze_seconds"`
	// Totals in the database after seeding (every run's history counts).
	OrgContacts int64 `json:"org_contacts"`
	OrgChats    int64 `json:"org_chats"`
	DBMessages  int64 `json:"db_messages"`
	// The events table and the signal outbox must not grow: the past is
	// seeded, not sent.
	EventsAdded int64 `json:"events_added"`
	OutboxAdded int64 `json:"outbox_added"`
}

// historyLoad is reading the big chat's whole history, page after page.
type historyLoad struct {
	Messages int            `json:"messages"` // messages one pass read
	Pages    int            `json:"pages"`    // pages one pass read
	PageSize int            `json:"page_size"`
	Passes   int            `json:"passes"`
	Errors   map[string]int `json:"errors,omitempty"`
	Page     latencySummary `json:"page"`  // each GET …/messages
	Total    latencySummary `json:"total"` // each whole pass
}

// historyRequest is one kind of list request, timed Repeats times.
type historyRequest struct {
	Name    string         `json:"name"`
	Path    string         `json:"path"`
	Matches *int64         `json:"matches,omitempty"` // searches: contacts the text matches
	Items   int            `json:"items"`             // items in the answer
	Errors  map[string]int `json:"errors,omitempty"`
	Latency latencySummary `json:"latency"`
}

// runHistory seeds the history and times the screens that read it.
func runHistory(ctx, _ context.Context, f *fixture, o options) (*historyResult, error) {
	if f.db == nil {
		return nil, errNoDatabase
	}
	sz := historySizesFor(o.quick)
	r := &historyResult{Sizes: sz}
	var me struct {
		OrgID string `json:"org_id"`
	}
	if err := f.c.callSetup(ctx, f.owner, http.MethodGet, "/api/v1/me", nil, &me); err != nil {
		return nil, fmt.Errorf("history: who am I: %w", err)
	}
	teamID, err := f.newTeam(ctx, "history", nil)
	if err != nil {
		return nil, err
	}
	r.Seed.TeamID = teamID
	seed := historySeedParams{Org: me.OrgID, Team: teamID, Agent: f.owner.userID, Run: f.run, Sizes: sz}
	if err := seedHistory(ctx, f, seed, &r.Seed); err != nil {
		return nil, err
	}

	logf("history: loading the %d-message chat %d times, page by page", sz.BigChat, sz.HistoryPasses)
	r.BigChat = loadHistory(ctx, f, r.Seed.BigChatID, sz.HistoryPasses)

	var deepContact, deepChat string
	if err := f.db.QueryRow(ctx, `SELECT id FROM contacts WHERE org_id = $1 AND external_id = $2`,
		me.OrgID, historyContactExternalID(f.run, sz.Contacts/2)).Scan(&deepContact); err != nil {
		return r, fmt.Errorf("history: the deep page's contact: %w", err)
	}
	if err := f.db.QueryRow(ctx, `SELECT id FROM chats WHERE org_id = $1 AND handoff_id = $2`,
		me.OrgID, historyHandoffID(f.run, sz.chats()/2)).Scan(&deepChat); err != nil {
		return r, fmt.Errorf("history: the deep page's chat: %w", err)
	}
	common := strings.ToLower(historyLastName(0))
	few := fmt.Sprintf(".%d@", historyFewContact)
	kinds := []historyRequest{
		{Name: "contacts, first page", Path: "/api/v1/contacts"},
		{Name: "contacts, deep page (cursor half-way)", Path: "/api/v1/contacts?before=" + deepContact},
		{Name: "contacts, search ~1%", Path: "/api/v1/contacts?q=" + url.QueryEscape(common)},
		{Name: "contacts, search few", Path: "/api/v1/contacts?q=" + url.QueryEscape(few)},
		{Name: "chats, all", Path: "/api/v1/chats"},
		{Name: "chats, status=ended", Path: "/api/v1/chats?status=ended"},
		{Name: "chats, status=waiting", Path: "/api/v1/chats?status=waiting"},
		{Name: "chats, deep page (cursor half-way)", Path: "/api/v1/chats?before=" + deepChat},
		{Name: "chats, sort=waiting", Path: "/api/v1/chats?view=all&sort=waiting"},
		{Name: "chats, search ~1%", Path: "/api/v1/chats?q=" + url.QueryEscape(common)},
		{Name: "chat counts", Path: "/api/v1/chats/counts"},
		{Name: "contact's chats (many)", Path: "/api/v1/contacts/" + r.Seed.HeavyContactID + "/chats"},
	}
	for _, q := range []struct {
		text string
		dst  *historyRequest
	}{{common, &kinds[2]}, {few, &kinds[3]}} {
		var n int64
		if err := f.db.QueryRow(ctx, `SELECT count(*) FROM contacts WHERE org_id = $1
			AND livechat_contact_search(name, username, email::text) LIKE '%' || $2 || '%'`, me.OrgID, q.text).Scan(&n); err == nil {
			q.dst.Matches = &n
		}
	}
	logf("history: timing %d list requests as the owner, %d calls each", len(kinds), sz.Repeats)
	// Rounds rather than one kind after another: each round calls every
	// kind once, so a pooled connection's prepared statements see the mix
	// of parameters the console sends.
	r.Requests = timeRequests(ctx, f, f.owner, kinds, sz.Repeats)

	// Agents list their chats: one of the history's team, one of another
	// team (none of the history is theirs to see). Then the owner's list is
	// timed again, on connections whose plan cache has seen the agents'
	// statements too.
	if err := f.ensureAgents(ctx, 2); err != nil {
		return r, err
	}
	if err := f.join(ctx, teamID, f.agents[1:2]); err != nil {
		return r, err
	}
	logf("history: the chat list as agents, then as the owner again")
	r.Requests = append(r.Requests, timeRequests(ctx, f, f.agents[1],
		[]historyRequest{{Name: "chats, as an agent of the team", Path: "/api/v1/chats"}}, sz.Repeats)...)
	r.Requests = append(r.Requests, timeRequests(ctx, f, f.agents[0],
		[]historyRequest{{Name: "chats, as an agent of another team", Path: "/api/v1/chats"}}, sz.Repeats)...)
	r.Requests = append(r.Requests, timeRequests(ctx, f, f.owner,
		[]historyRequest{{Name: "chats, owner again after the agents'", Path: "/api/v1/chats"}}, sz.Repeats)...)
	return r, ctx.Err()
}

// timeRequests calls every kind once per round, rounds times, one request
// at a time, as who.
func timeRequests(ctx context.Context, f *fixture, who *session, kinds []historyRequest, rounds int) []historyRequest {
	lats := make([]latencies, len(kinds))
	errs := make([]counter, len(kinds))
	for range rounds {
		for i := range kinds {
			if ctx.Err() != nil {
				break
			}
			t0 := time.Now()
			res, err := f.c.do(ctx, who, http.MethodGet, kinds[i].Path, nil)
			if err != nil {
				errs[i].inc(errorKey(err))
				continue
			}
			lats[i].add(time.Since(t0))
			kinds[i].Items = countItems(res.body)
		}
	}
	for i := range kinds {
		kinds[i].Latency = lats[i].summary()
		if e := errs[i].snapshot(); len(e) > 0 {
			kinds[i].Errors = e
		}
	}
	return kinds
}

// historySeedParams is what seedHistory needs to know.
type historySeedParams struct {
	Org, Team, Agent, Run string
	Sizes                 historySizes
}

// seedHistory writes the history in one transaction. The messages' trigger
// (messages_event, one events row and one NOTIFY per message) is disabled
// around the messages' insert: ALTER TABLE … DISABLE TRIGGER is
// transactional, so other sessions never see it off and it is on again
// whatever happens, but it holds a SHARE ROW EXCLUSIVE lock on messages until
// commit: other sessions read messages and wait to write them for the
// seconds the insert takes (about 20 s for a million messages). Foreign keys, checks and
// unique indexes all apply. No chat_events or chat_signal_outbox rows are
// written: the chats are ended, no workflow runs for them.
func seedHistory(ctx context.Context, f *fixture, p historySeedParams, out *historySeed) error {
	sz := p.Sizes
	logf("history: seeding %d contacts, %d chats, ~%d messages (one chat of %d)", sz.Contacts, sz.chats()+1, sz.Messages, sz.BigChat)
	before, err := historyCounts(ctx, f, p.Org)
	if err != nil {
		return err
	}
	start := time.Now()
	tx, err := f.db.BeginTx(ctx, pgx.TxOptions{})
	if err != nil {
		return fmt.Errorf("history: begin: %w", err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	for _, st := range historySeedStatements(p) {
		t0 := time.Now()
		tag, err := tx.Exec(ctx, st.sql, st.args...)
		if err != nil {
			return fmt.Errorf("history: seed (%s): %w", st.what, err)
		}
		if d := time.Since(t0); d > time.Second {
			logf("history: %s: %d rows in %s", st.what, tag.RowsAffected(), d.Round(time.Millisecond))
		}
		switch st.what {
		case "contacts":
			out.Contacts = tag.RowsAffected()
		case "chats":
			out.Chats = tag.RowsAffected()
		case "messages":
			out.Messages = tag.RowsAffected()
		}
	}
	if err := tx.QueryRow(ctx, `SELECT c.id, c.contact_id FROM chats c WHERE c.org_id = $1 AND c.handoff_id = $2`,
		p.Org, historyHandoffID(p.Run, 0)).Scan(&out.BigChatID, &out.HeavyContactID); err != nil {
		return fmt.Errorf("history: find the big chat: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("history: commit: %w", err)
	}
	out.Seconds = seconds(time.Since(start))
	logf("history: seeded in %.1f s; VACUUM (ANALYZE)", out.Seconds)
	t0 := time.Now()
	if _, err := f.db.Exec(ctx, `VACUUM (ANALYZE) contacts, chats, messages`); err != nil {
		return fmt.Errorf("history: vacuum: %w", err)
	}
	out.VacuumSeconds = seconds(time.Since(t0))
	after, err := historyCounts(ctx, f, p.Org)
	if err != nil {
		return err
	}
	out.OrgContacts, out.OrgChats, out.DBMessages = after.contacts, after.chats, after.messages
	out.EventsAdded, out.OutboxAdded = after.events-before.events, after.outbox-before.outbox
	if out.EventsAdded != 0 || out.OutboxAdded != 0 {
		logf("history: WARNING: %d events and %d outbox rows appeared while seeding (other activity, or the trigger fired)",
			out.EventsAdded, out.OutboxAdded)
	}
	return nil
}

type historyTotals struct{ contacts, chats, messages, events, outbox int64 }

func historyCounts(ctx context.Context, f *fixture, org string) (historyTotals, error) {
	var t historyTotals
	// The big tables are counted from the statistics VACUUM just refreshed.
	err := f.db.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM contacts WHERE org_id = $1),
		(SELECT count(*) FROM chats WHERE org_id = $1),
		(SELECT GREATEST(reltuples, 0)::bigint FROM pg_class WHERE oid = 'messages'::regclass),
		(SELECT COALESCE(max(seq), 0) FROM events WHERE org_id = $1),
		(SELECT COALESCE(max(id), 0) FROM chat_signal_outbox)`, org).
		Scan(&t.contacts, &t.chats, &t.messages, &t.events, &t.outbox)
	if err != nil {
		return t, fmt.Errorf("history: count rows: %w", err)
	}
	return t, nil
}

// loadHistory reads the chat's messages page after page, passes times.
func loadHistory(ctx context.Context, f *fixture, chatID string, passes int) historyLoad {
	out := historyLoad{PageSize: historyPageSize, Passes: passes}
	var page, total latencies
	var errs counter
	for range passes {
		t0 := time.Now()
		after, n, pages, ok := "", 0, 0, true
		for ctx.Err() == nil {
			path := fmt.Sprintf("/api/v1/chats/%s/messages?limit=%d", chatID, historyPageSize)
			if after != "" {
				path += "&after=" + after
			}
			p0 := time.Now()
			var body struct {
				Messages  []json.RawMessage `json:"messages"`
				NextAfter string            `json:"next_after"`
			}
			if err := f.c.call(ctx, f.owner, http.MethodGet, path, nil, &body); err != nil {
				errs.inc(errorKey(err))
				ok = false
				break
			}
			page.add(time.Since(p0))
			n, pages = n+len(body.Messages), pages+1
			if body.NextAfter == "" || pages > 10_000 {
				break
			}
			after = body.NextAfter
		}
		if ok && ctx.Err() == nil {
			total.add(time.Since(t0))
			out.Messages, out.Pages = n, pages
		}
	}
	out.Page, out.Total = page.summary(), total.summary()
	if e := errs.snapshot(); len(e) > 0 {
		out.Errors = e
	}
	return out
}

// countItems is the length of the first JSON array among an answer's
// top-level fields ("contacts", "chats", "teams"…), 0 when there is none.
func countItems(body []byte) int {
	var top map[string]json.RawMessage
	if json.Unmarshal(body, &top) != nil {
		return 0
	}
	for _, k := range []string{"contacts", "chats", "messages", "teams"} {
		var items []json.RawMessage
		if v, ok := top[k]; ok && json.Unmarshal(v, &items) == nil {
			return len(items)
		}
	}
	return 0
}

// Names of seeded rows: every one carries the run's name.
func historyContactExternalID(run string, i int) string {
	return fmt.Sprintf("%s-history-c%d", run, i)
}

func historyHandoffID(run string, j int) string {
	if j == 0 {
		return run + "-history-big"
	}
	return fmt.Sprintf("%s-history-%d", run, j)
}

// historyFirstNames and the surnames made of historySurnameHeads ×
// historySurnameTails name the contacts: contact i is first name i mod 40
// and surname (i div 40) mod 100, so each surname is 1% of them.
var historyFirstNames = []string{
	"Olivia", "Liam", "Emma", "Noah", "Amelia", "Oliver", "Sophia", "Elijah", "Mia", "Lucas",
	"Charlotte", "Mateo", "Harper", "Levi", "Evelyn", "Ezra", "Luna", "Hugo", "Chloe", "Felix",
	"Ines", "Jonas", "Lea", "Milan", "Nora", "Omar", "Priya", "Rafael", "Sara", "Tomas",
	"Yuki", "Zoe", "Aisha", "Bruno", "Clara", "Diego", "Elena", "Farid", "Greta", "Hana",
}

var (
	historySurnameHeads = []string{"Ab", "Bel", "Cor", "Dun", "Esk", "Fal", "Gor", "Hal", "Isk", "Jor"}
	historySurnameTails = []string{"mont", "ridge", "vale", "worth", "ford", "stein", "berg", "holm", "wick", "dale"}
)

func historyLastNames() []string {
	out := make([]string, 0, len(historySurnameHeads)*len(historySurnameTails))
	for _, h := range historySurnameHeads {
		for _, t := range historySurnameTails {
			out = append(out, h+t)
		}
	}
	return out
}

func historyLastName(k int) string {
	all := historyLastNames()
	return all[k%len(all)]
}

var historyDomains = []string{"example.com", "mail.test", "shop.example", "corp.test", "inbox.example", "web.test", "post.example", "box.test"}

var historyBodies = []string{
	"Hello, I need help with my order",
	"Sure, could you give me the order number?",
	"It is the blue one from last week",
	"Thanks! Let me check that for you",
	"Any news about the delivery?",
	"The parcel left our warehouse yesterday",
	"Can I change the shipping address?",
	"Yes, I have updated it",
	"Great, thank you very much",
	"Is there anything else I can help with?",
	"My invoice shows the wrong amount",
	"I have sent you a corrected invoice",
}

// uuid7SQL is a UUIDv7 (as the application's uuid.NewV7) for the instant
// ts, in SQL: the millisecond timestamp over the first 48 bits of a random
// v4, version nibble turned from 4 to 7.
func uuid7SQL(ts string) string {
	return "encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) PLACING " +
		"substring(int8send(floor(extract(epoch FROM " + ts + ") * 1000)::bigint) FROM 3) FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid"
}

type seedStatement struct {
	what string
	sql  string
	args []any
}

// historySeedStatements is the seed, in order, as set-based SQL:
//   - contacts 0…n-1, created over the past year (contact i before i+1);
//   - chat 0 (the big one, 3 days ago) and chats 1…C over the past 60 days;
//     chats 0…HeavyChats belong to contact 0, chat j to contact
//     (j·7919) mod n otherwise; all ended (resolved by the agent, or
//     inactive for one in five), assigned to the agent;
//   - chat j's messages every 20 s from its start: a system message, then
//     the contact (odd) and the agent (even) in turn, a note every 25th and
//     an internal discussion message every 50th; all delivered and read
//     except the last contact messages of one chat in twenty (unread).
func historySeedStatements(p historySeedParams) []seedStatement {
	sz := p.Sizes
	return []seedStatement{
		{what: "settings", sql: `SET LOCAL synchronous_commit = off`},
		{what: "contact ids", sql: `CREATE TEMP TABLE history_contacts (i int PRIMARY KEY, ts timestamptz NOT NULL, id uuid NOT NULL) ON COMMIT DROP`},
		{what: "contact ids", sql: `INSERT INTO history_contacts (i, ts, id)
SELECT i, ts, ` + uuid7SQL("ts") + `
FROM generate_series(0, $1::int - 1) AS i,
     LATERAL (SELECT now() - interval '365 days' * ($1::int - i)::float8 / $1::int - interval '1 hour' AS ts) t`,
			args: []any{sz.Contacts}},
		{what: "contacts", sql: `INSERT INTO contacts (id, org_id, external_id, name, email, phone, username, custom_fields, tags, created_at, updated_at)
SELECT hc.id, $1::uuid, $2::text || '-history-c' || hc.i,
       f.first || ' ' || l.last,
       lower(f.first) || '.' || lower(l.last) || '.' || hc.i || '@' || ($5::text[])[1 + hc.i % cardinality($5::text[])],
       CASE WHEN hc.i % 3 = 0 THEN '+4420' || lpad(hc.i::text, 8, '0') END,
       CASE WHEN hc.i % 4 = 0 THEN 'u' || hc.i END,
       jsonb_build_object('plan', (ARRAY['free', 'pro', 'enterprise'])[1 + hc.i % 3], 'seed', $2::text),
       CASE WHEN hc.i % 10 = 0 THEN ARRAY['vip'] WHEN hc.i % 7 = 0 THEN ARRAY['returning'] ELSE '{}' END,
       hc.ts, hc.ts
FROM history_contacts hc,
     LATERAL (SELECT ($3::text[])[1 + hc.i % cardinality($3::text[])] AS first) f,
     LATERAL (SELECT ($4::text[])[1 + (hc.i / cardinality($3::text[])) % cardinality($4::text[])] AS last) l`,
			args: []any{p.Org, p.Run, historyFirstNames, historyLastNames(), historyDomains}},
		{what: "chat ids", sql: `CREATE TEMP TABLE history_chats (j int PRIMARY KEY, ts timestamptz NOT NULL, n int NOT NULL,
			id uuid NOT NULL, contact_id uuid NOT NULL) ON COMMIT DROP`},
		{what: "chat ids", sql: `INSERT INTO history_chats (j, ts, n, id, contact_id)
SELECT j, t.ts, k.n, ` + uuid7SQL("t.ts") + `, hc.id
FROM generate_series(0, $1::int) AS j
CROSS JOIN LATERAL (SELECT CASE WHEN j = 0 THEN $2::int ELSE 4 + (j * 7) % 33 END AS n) k
CROSS JOIN LATERAL (SELECT CASE WHEN j = 0 THEN now() - interval '3 days'
                                ELSE now() - interval '60 days' * ($1::int - j + 1)::float8 / $1::int - interval '4 hours' END AS ts) t
JOIN history_contacts hc ON hc.i = CASE WHEN j <= $3::int THEN 0 ELSE (j::bigint * 7919 % $4::int)::int END`,
			args: []any{sz.chats(), sz.BigChat, sz.HeavyChats, sz.Contacts}},
		{what: "chats", sql: `INSERT INTO chats (id, org_id, team_id, contact_id, status, assignee_id, handoff_id, created_at, queued_at,
                   first_assigned_at, first_agent_response_at, last_message_at, ended_at, end_reason, ended_by,
                   ended_by_kind, source, updated_at)
SELECT hc.id, $1::uuid, $2::uuid, hc.contact_id, 'ended', $3::uuid,
       $4::text || '-history-' || CASE WHEN hc.j = 0 THEN 'big' ELSE hc.j::text END,
       hc.ts, hc.ts, hc.ts + interval '5 seconds', hc.ts + interval '40 seconds',
       hc.ts + interval '20 seconds' * hc.n, hc.ts + interval '20 seconds' * (hc.n + 1),
       CASE WHEN hc.j % 5 = 4 THEN 'inactive' ELSE 'resolved' END,
       CASE WHEN hc.j % 5 = 4 THEN NULL ELSE $3::uuid END,
       CASE WHEN hc.j % 5 = 4 THEN 'system' ELSE 'agent' END,
       (ARRAY['widget', 'bot', 'api'])[1 + hc.j % 3],
       hc.ts + interval '20 seconds' * (hc.n + 1)
FROM history_chats hc`,
			args: []any{p.Org, p.Team, p.Agent, p.Run}},
		{what: "disable the message trigger", sql: `ALTER TABLE messages DISABLE TRIGGER messages_event`},
		{what: "messages", sql: `INSERT INTO messages (id, org_id, chat_id, kind, sender_kind, sender_id, body, created_at, delivered_at, read_at)
SELECT ` + uuid7SQL("m.ts") + `,
       $1::uuid, hc.id, m.kind, m.sender_kind,
       CASE m.sender_kind WHEN 'contact' THEN hc.contact_id WHEN 'agent' THEN $2::uuid END,
       CASE WHEN m.kind = 'system' THEN 'Chat assigned'
            ELSE ($3::text[])[1 + (m.n * 7 + hc.j) % cardinality($3::text[])] || ' (' || m.n || ')' END,
       m.ts, m.ts + interval '1 second',
       CASE WHEN m.sender_kind = 'contact' AND hc.j % 20 = 0 AND m.n >= hc.n - 1 THEN NULL ELSE m.ts + interval '2 seconds' END
FROM history_chats hc
CROSS JOIN LATERAL generate_series(1, hc.n) AS g(n)
CROSS JOIN LATERAL (
    SELECT g.n AS n, hc.ts + interval '20 seconds' * g.n AS ts,
           CASE WHEN g.n = 1 THEN 'system' WHEN g.n % 50 = 0 THEN 'discussion' WHEN g.n % 25 = 0 THEN 'note' ELSE 'text' END AS kind,
           CASE WHEN g.n = 1 THEN 'system' WHEN g.n % 25 = 0 OR g.n % 2 = 0 THEN 'agent' ELSE 'contact' END AS sender_kind
) m`,
			args: []any{p.Org, p.Agent, historyBodies}},
		{what: "enable the message trigger", sql: `ALTER TABLE messages ENABLE TRIGGER messages_event`},
	}
}

// latencyRows are the history scenario's lines of the latency table.
func (h *historyResult) latencyRows() []summaryRow {
	out := []summaryRow{
		{fmt.Sprintf("history: %d-message chat, whole", h.BigChat.Messages), h.BigChat.Total, ""},
		{fmt.Sprintf("  one page of %d", h.BigChat.PageSize), h.BigChat.Page, ""},
	}
	for _, r := range h.Requests {
		out = append(out, summaryRow{"  " + r.Name, r.Latency, ""})
	}
	return out
}

// describe writes the history scenario's paragraph.
func (h *historyResult) describe(w io.Writer) {
	s := h.Seed
	fmt.Fprintf(w, "history     seeded %d contacts, %d chats, %d messages in %.1f s (+ %.1f s VACUUM ANALYZE); the organisation holds %d contacts and %d chats, the database ~%d messages\n",
		s.Contacts, s.Chats, s.Messages, s.Seconds, s.VacuumSeconds, s.OrgContacts, s.OrgChats, s.DBMessages)
	fmt.Fprintf(w, "            big chat %s: %d messages in %d pages of %d, %d passes; errors %s; events added while seeding %d, outbox rows %d\n",
		s.BigChatID, h.BigChat.Messages, h.BigChat.Pages, h.BigChat.PageSize, h.BigChat.Passes, errs(h.BigChat.Errors), s.EventsAdded, s.OutboxAdded)
	for _, r := range h.Requests {
		matches := ""
		if r.Matches != nil {
			matches = fmt.Sprintf(", the search matches %d contacts", *r.Matches)
		}
		if r.Matches != nil || len(r.Errors) > 0 {
			fmt.Fprintf(w, "            %s: %d items%s; errors %s\n", r.Name, r.Items, matches, errs(r.Errors))
		}
	}
}
