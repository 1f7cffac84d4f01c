package main

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"sync"
	"time"
)

// Goals from the issue (reported, never asserted).
const (
	goalHandoffP99Ms = 300
	goalClaimP99Ms   = 100
	goalOpenChats    = 10000
)

// assignWait bounds how long one serial hand-off is polled for its assignment.
const assignWait = 30 * time.Second

// pollEvery is the polling interval of GET /chats/{id} while a serial chat waits.
const pollEvery = 5 * time.Millisecond

// Burst: the watcher's sampling interval (how often the team's assigned
// chats are read: each sample is also a capacity check) through the
// database and through the API.
const (
	watchEveryDB  = 10 * time.Millisecond
	watchEveryAPI = 25 * time.Millisecond
)

// heartbeatEvery keeps the agents online while a scenario runs: the
// dispatcher only assigns to agents whose presence is fresher than a minute.
const heartbeatEvery = 20 * time.Second

type handoffResult struct {
	TeamID      string `json:"team_id"`
	Agents      int    `json:"agents"`
	Capacity    int    `json:"capacity"`
	Handoffs    int    `json:"handoffs"`
	Concurrency int    `json:"concurrency"` // 0 with -rate
	// RatePerSec: hand-offs started per second (open loop, -rate); 0 = closed loop at Concurrency.
	RatePerSec float64 `json:"rate_per_sec,omitempty"`
	// Serial: hand-off → assigned of hand-offs sent one at a time (with a
	// pause between them, each ended before the next) before the burst: the
	// latency without load.
	Serial latencySummary `json:"handoff_to_assigned_serial"`

	// The burst: every hand-off sent (open loop at RatePerSec) while the
	// agents keep the chats they get, so the first Agents × Capacity are
	// assigned at once and the rest queue.
	BurstSeconds float64 `json:"burst_seconds"` // first hand-off sent → last one answered
	// Assigned: hand-off → assigned of the chats assigned at once (before
	// the drain started): from sending POST /handoffs until the response
	// says assigned or the watcher sees the chat assigned.
	Assigned latencySummary `json:"handoff_to_assigned"`
	// Queued: hand-off → assigned of the chats that waited for capacity
	// (assigned during the drain): queue wait included.
	Queued latencySummary `json:"handoff_to_assigned_queued"`
	// Request: the POST /handoffs round trip alone.
	Request            latencySummary `json:"handoff_request"`
	AssignedAtOnce     int            `json:"assigned_at_once"`
	AssignedInDrain    int            `json:"assigned_in_drain"`
	AssignedInResponse int            `json:"assigned_in_response"`
	AssignedByPolling  int            `json:"assigned_by_watcher"` // seen by the watcher before the response said so
	NotAssigned        int            `json:"not_assigned"`

	// The drain: once the burst is over, each agent ends every chat as
	// soon as it is theirs (the ones they hold first), freeing capacity.
	// DrainSeconds: end of the burst → the last chat assigned.
	DrainSeconds     float64 `json:"drain_seconds"`
	DrainAssignments int     `json:"drain_assignments"`
	// DrainPerSec: assignments a second during the drain.
	DrainPerSec float64 `json:"drain_assignments_per_sec"`
	// DrainQueue: chats still waiting when the drain started.
	DrainQueue int `json:"drain_queue"`
	// AgentEnd: the agents' POST /chats/{id}/end during the drain.
	AgentEnd latencySummary `json:"agent_end"`
	Ended    int            `json:"ended_by_agents"`

	// Capacity: every watcher sample counts each agent's open assigned
	// chats in the team; a violation is an agent above capacity in a sample.
	CapacityCheck capacityCheck `json:"capacity_check"`
	WatchSource   string        `json:"watch_source"` // database or api
	WatchEveryMs  float64       `json:"watch_every_ms"`

	Errors           map[string]int `json:"errors,omitempty"`
	Seconds          float64        `json:"seconds"`            // burst + drain
	ThroughputPerSec float64        `json:"throughput_per_sec"` // chats assigned a second over Seconds
	PerAgentMin      int            `json:"chats_per_agent_min"`
	PerAgentMax      int            `json:"chats_per_agent_max"`
	// OverCapacity: agents seen above capacity at least once.
	OverCapacity int        `json:"agents_over_capacity"`
	Cleanup      *endResult `json:"cleanup,omitempty"`
	Goal         string     `json:"goal"`
	GoalMet      bool       `json:"goal_met"`
	// ChecksPassed: every hand-off made and assigned, no capacity violation.
	ChecksPassed bool `json:"checks_passed"`
}

// burstChat is what the bench knows of one hand-off of the burst.
type burstChat struct {
	id         string
	sent       time.Time // scheduled start (open loop) or actual start
	answered   time.Time
	inResponse bool // the response said assigned
}

// runHandoff measures a hand-off burst against a round robin team of online
// agents with a small capacity: hand-off → assigned of the chats assigned at
// once, then how fast the queue drains once the agents end their chats, and
// that no agent ever holds more than the capacity.
func runHandoff(ctx, cleanupCtx context.Context, f *fixture, o options) (*handoffResult, error) {
	n, serial, agents, conc, perSec := o.handoffs, o.serial, o.agents, o.concurrency, o.rate
	capacity := o.capacity
	if capacity < 1 || capacity > 100 {
		capacity = 3
	}
	if err := f.ensureAgents(ctx, agents); err != nil {
		return nil, err
	}
	pool := f.agents[:agents]
	stopBeat := keepOnline(ctx, f, pool)
	defer stopBeat()
	teamID, err := f.newTeam(ctx, "handoff", map[string]any{
		"auto_assignment": "round_robin", "capacity": capacity,
		"offer_enabled": false, "unresponsive_strategy": "none",
	})
	if err != nil {
		return nil, err
	}
	if err := f.join(ctx, teamID, pool); err != nil {
		return nil, err
	}
	if perSec > 0 {
		conc = 0
	}
	r := &handoffResult{TeamID: teamID, Agents: agents, Capacity: capacity, Handoffs: n, Concurrency: conc, RatePerSec: perSec,
		Goal: fmt.Sprintf("p99 hand-off → assigned (at once) < %d ms", goalHandoffP99Ms)}
	var errs counter
	if serial > 0 {
		r.Serial = serialHandoffs(ctx, f, teamID, serial, &errs)
	}

	w, err := newAssignWatch(ctx, f, teamID, capacity, pool, &errs)
	if err != nil {
		return nil, err
	}
	r.WatchSource, r.WatchEveryMs = w.source, ms(w.every)
	watchCtx, stopWatch := context.WithCancel(ctx)
	watchDone := make(chan struct{})
	go func() { defer close(watchDone); w.run(watchCtx) }()
	stopWatching := func() { stopWatch(); <-watchDone }
	defer stopWatching()

	if perSec > 0 {
		logf("handoff: burst of %d hand-offs at %.1f/s into a round robin team of %d online agents (capacity %d)", n, perSec, agents, capacity)
	} else {
		logf("handoff: burst of %d hand-offs at concurrency %d into a round robin team of %d online agents (capacity %d)", n, conc, agents, capacity)
	}
	var request latencies
	var mu sync.Mutex
	chats := make([]burstChat, n)
	done := 0
	stop := progress("handoff burst", n, func() int { mu.Lock(); defer mu.Unlock(); return done }, 10*time.Second)
	start := time.Now()
	one := func(ctx context.Context, i int, t0 time.Time) {
		ch, err := f.handoff(ctx, teamID, fmt.Sprintf("%s-handoff-%05d", f.run, i))
		at := time.Now()
		if err != nil {
			errs.inc(errorKey(err))
			return
		}
		request.add(at.Sub(t0))
		mu.Lock()
		chats[i] = burstChat{id: ch.ID, sent: t0, answered: at, inResponse: ch.Status == "assigned"}
		done++
		mu.Unlock()
		w.expect(ch.ID)
	}
	if perSec > 0 {
		paced(ctx, n, perSec, maxInFlight, one)
	} else {
		runPool(ctx, n, conc, func(ctx context.Context, i int) { one(ctx, i, time.Now()) })
	}
	stop()
	burstEnd := time.Now()
	r.BurstSeconds = seconds(burstEnd.Sub(start))
	created := 0
	for _, c := range chats {
		if c.id != "" {
			created++
		}
	}

	// The drain: agents end what they hold and every chat they get next.
	queued := created - w.assignedCount()
	logf("handoff: burst over in %s: %d assigned at once, %d waiting; the agents now end their chats", burstEnd.Sub(start).Round(time.Millisecond), created-queued, queued)
	drainStart := w.startDrain()
	r.DrainQueue = queued
	dctx, cancel := context.WithTimeout(ctx, o.drainTimeoutOr(3*time.Minute))
	stopDrain := progress("handoff drain", created, w.assignedCount, 10*time.Second)
	// Until every chat was assigned and the agents ended it (the watcher
	// keeps checking the capacity meanwhile).
	for (w.assignedCount() < created || w.burstEnded() < created) && dctx.Err() == nil {
		sleep(dctx, 20*time.Millisecond)
	}
	stopDrain()
	cancel()
	if w.assignedCount() < created {
		logf("handoff: drain stopped with %d of %d chats assigned", w.assignedCount(), created)
	}
	stopWatching()
	w.waitEnds()

	seen := w.seenSnapshot()
	var atOnce, inDrain latencies
	perAgent := map[string]int{}
	var lastAssigned time.Time
	for _, c := range chats {
		if c.id == "" {
			continue
		}
		s, ok := seen[c.id]
		at := s.at
		switch {
		case c.inResponse && (!ok || c.answered.Before(at)):
			at = c.answered
			r.AssignedInResponse++
		case ok:
			r.AssignedByPolling++
		default:
			r.NotAssigned++
			continue
		}
		if ok {
			perAgent[s.agent]++
		}
		took := at.Sub(c.sent)
		if at.Before(drainStart) {
			atOnce.add(took)
			r.AssignedAtOnce++
		} else {
			inDrain.add(took)
			r.AssignedInDrain++
		}
		if at.After(lastAssigned) {
			lastAssigned = at
		}
	}
	r.Assigned, r.Queued, r.Request = atOnce.summary(), inDrain.summary(), request.summary()
	if r.AssignedInDrain > 0 {
		d := lastAssigned.Sub(drainStart)
		r.DrainSeconds, r.DrainAssignments, r.DrainPerSec = seconds(d), r.AssignedInDrain, rate(r.AssignedInDrain, d)
	}
	if !lastAssigned.IsZero() {
		d := lastAssigned.Sub(start)
		r.Seconds, r.ThroughputPerSec = seconds(d), rate(r.AssignedAtOnce+r.AssignedInDrain, d)
	}
	r.AgentEnd, r.Ended = w.endLat.summary(), w.endedCount()
	r.CapacityCheck = w.capacitySnapshot()
	r.OverCapacity = len(r.CapacityCheck.AgentsOver)
	r.PerAgentMin, r.PerAgentMax = agentSpread(pool, perAgent)
	r.Errors = errs.snapshot()
	r.GoalMet = r.Assigned.N > 0 && r.Assigned.P99 < goalHandoffP99Ms
	r.ChecksPassed = r.NotAssigned == 0 && created == n && r.CapacityCheck.Violations == 0 && r.CapacityCheck.Samples > 0

	// Whatever the agents did not end (never assigned, or an end failed).
	var rest []string
	for _, c := range chats {
		if c.id != "" && !w.wasEnded(c.id) {
			rest = append(rest, c.id)
		}
	}
	if len(rest) > 0 {
		logf("handoff: ending the %d chats the agents did not", len(rest))
		cleanup := f.endChats(cleanupCtx, rest, o.concurrency, "handoff")
		r.Cleanup = &cleanup
	}
	return r, nil
}

// drainTimeoutOr is -drain-timeout, or def when unset.
func (o options) drainTimeoutOr(def time.Duration) time.Duration {
	if o.drainTimeout > 0 {
		return o.drainTimeout
	}
	return def
}

// serialHandoffs sends n hand-offs one at a time, each ended once assigned
// (so the burst starts with every agent free), and returns their hand-off →
// assigned latency.
func serialHandoffs(ctx context.Context, f *fixture, teamID string, n int, errs *counter) latencySummary {
	logf("handoff: %d hand-offs one at a time (unloaded latency)", n)
	var lat latencies
	for i := 0; i < n && ctx.Err() == nil; i++ {
		t0 := time.Now()
		ch, err := f.handoff(ctx, teamID, fmt.Sprintf("%s-serial-%05d", f.run, i))
		id := ch.ID
		if err == nil && ch.Status != "assigned" {
			ch, err = waitAssigned(ctx, f, id)
		}
		switch {
		case err != nil:
			errs.inc("serial: " + errorKey(err))
		case ch.Status == "assigned":
			lat.add(time.Since(t0))
		default:
			errs.inc("serial: not assigned within 30 s")
		}
		if id != "" {
			if err := f.c.call(ctx, f.key, http.MethodPost, "/api/v1/chats/"+id+"/end", nil, nil); err != nil {
				errs.inc("serial end: " + errorKey(err))
			}
		}
		sleep(ctx, serialPause)
	}
	return lat.summary()
}

// agentSpread is the fewest and most chats any agent of the pool got.
func agentSpread(pool []*session, perAgent map[string]int) (lo, hi int) {
	for i, a := range pool {
		c := perAgent[a.userID]
		if i == 0 || c < lo {
			lo = c
		}
		hi = max(hi, c)
	}
	return lo, hi
}

// keepOnline puts the agents online now and again every 20 s until stopped
// (presence lapses after a minute without a heartbeat).
func keepOnline(ctx context.Context, f *fixture, agents []*session) (stop func()) {
	beat := func() {
		for _, a := range agents {
			if err := f.presence(ctx, a, "online"); err != nil && ctx.Err() == nil {
				logf("heartbeat: %v", err)
			}
		}
	}
	beat()
	ctx, cancel := context.WithCancel(ctx)
	done := repeat(ctx, heartbeatEvery, beat)
	return func() { cancel(); <-done }
}

// waitAssigned polls the chat every 5 ms until it is assigned (or ended,
// or 30 s pass).
func waitAssigned(ctx context.Context, f *fixture, id string) (chat, error) {
	ctx, cancel := context.WithTimeout(ctx, assignWait)
	defer cancel()
	for {
		ch, err := f.getChat(ctx, id)
		if err != nil {
			if ctx.Err() != nil {
				return chat{ID: id}, nil // not assigned in time
			}
			return ch, err
		}
		if ch.Status != "waiting" && ch.Status != "offered" {
			return ch, nil
		}
		select {
		case <-ctx.Done():
			return ch, nil
		case <-time.After(pollEvery):
		}
	}
}

// serialPause separates the serial hand-offs: long enough for the previous
// chat's remaining work (assignment notice, notification, search
// attributes) to finish, which takes over 300 ms on the dev server.
const serialPause = time.Second

// maxInFlight bounds the hand-offs a paced (-rate) run has open at once.
const maxInFlight = 256

// paced starts fn for i in [0, n) at perSec a second (open loop), each with
// its scheduled start time, so a slow server shows up as latency rather than
// as fewer requests. At most limit run at once; past that, starts wait.
func paced(ctx context.Context, n int, perSec float64, limit int, fn func(ctx context.Context, i int, due time.Time)) {
	interval := time.Duration(float64(time.Second) / perSec)
	sem := make(chan struct{}, limit)
	var wg sync.WaitGroup
	start := time.Now()
	for i := 0; i < n && ctx.Err() == nil; i++ {
		due := start.Add(time.Duration(i) * interval)
		sleep(ctx, time.Until(due))
		select {
		case <-ctx.Done():
		case sem <- struct{}{}:
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				fn(ctx, i, due)
			}()
		}
	}
	wg.Wait()
}

// assignedChat is one open assigned chat of a watcher sample. pending: the
// dispatcher assigned it but the chat's workflow has not taken the
// assignment in yet, so the agent has not been told (read from the
// database; without it the agent asks the chat's events before ending).
type assignedChat struct {
	id, agent string
	pending   bool
}

// capacityCheck counts, over samples of the team's open assigned chats,
// the moments an agent held more chats than the capacity.
type capacityCheck struct {
	Capacity int `json:"capacity"`
	Samples  int `json:"samples"`
	// Violations: (sample, agent) pairs above capacity; must be 0.
	Violations int `json:"violations"`
	// SamplesWithViolation: samples in which any agent was above capacity.
	SamplesWithViolation int `json:"samples_with_violation"`
	MaxPerAgent          int `json:"max_open_per_agent"`
	// AgentsOver: agents seen above capacity, with the most chats seen.
	AgentsOver map[string]int `json:"agents_over,omitempty"`
}

// observe adds one sample.
func (c *capacityCheck) observe(rows []assignedChat) {
	c.Samples++
	perAgent := map[string]int{}
	for _, r := range rows {
		perAgent[r.agent]++
	}
	over := false
	for a, k := range perAgent {
		c.MaxPerAgent = max(c.MaxPerAgent, k)
		if k > c.Capacity {
			c.Violations++
			over = true
			if c.AgentsOver == nil {
				c.AgentsOver = map[string]int{}
			}
			c.AgentsOver[a] = max(c.AgentsOver[a], k)
		}
	}
	if over {
		c.SamplesWithViolation++
	}
}

// assignWatch samples the team's open assigned chats: it notes when each
// chat was first seen assigned (and to whom), checks the capacity in every
// sample and, once draining, has each chat's agent end it as soon as it is
// seen.
type assignWatch struct {
	f       *fixture
	teamID  string
	orgID   string // with the database
	source  string
	every   time.Duration
	agents  map[string]*session
	errs    *counter
	endLat  latencies
	endWG   sync.WaitGroup
	mu      sync.Mutex
	seen    map[string]seenAssigned // chat id → first seen assigned
	burst   map[string]bool         // the burst's chats
	counted int                     // expected chats seen assigned
	drain   bool
	ending  map[string]bool // chats an agent is ending or ended
	tries   map[string]int  // end requests per chat (a failed one is retried, up to maxEndTries)
	ended   map[string]bool // chats an agent ended
	cap     capacityCheck
}

// maxEndTries bounds the end requests for one chat during the drain.
const maxEndTries = 3

type seenAssigned struct {
	at    time.Time
	agent string
}

func newAssignWatch(ctx context.Context, f *fixture, teamID string, capacity int, pool []*session, errs *counter) (*assignWatch, error) {
	w := &assignWatch{f: f, teamID: teamID, source: "api", every: watchEveryAPI, errs: errs,
		agents: map[string]*session{}, seen: map[string]seenAssigned{}, burst: map[string]bool{},
		ending: map[string]bool{}, tries: map[string]int{}, ended: map[string]bool{}, cap: capacityCheck{Capacity: capacity}}
	for _, a := range pool {
		w.agents[a.userID] = a
	}
	if f.db != nil {
		if err := f.db.QueryRow(ctx, `SELECT org_id::text FROM teams WHERE id = $1`, teamID).Scan(&w.orgID); err != nil {
			return nil, fmt.Errorf("read the team's organisation: %w", err)
		}
		w.source, w.every = "database", watchEveryDB
	}
	return w, nil
}

// sample reads the team's open assigned chats: one query through the
// database, or GET /chats?team_id=…&status=assigned (offers are off) pages.
func (w *assignWatch) sample(ctx context.Context) ([]assignedChat, error) {
	var out []assignedChat
	if w.f.db != nil {
		rows, err := w.f.db.Query(ctx, `SELECT id::text, assignee_id::text, assignment_pending FROM chats
			WHERE org_id = $1 AND team_id = $2 AND status IN ('offered', 'assigned', 'transferring') AND assignee_id IS NOT NULL`,
			w.orgID, w.teamID)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var c assignedChat
			if err := rows.Scan(&c.id, &c.agent, &c.pending); err != nil {
				return nil, err
			}
			out = append(out, c)
		}
		return out, rows.Err()
	}
	before := ""
	for range 50 {
		path := "/api/v1/chats?team_id=" + w.teamID + "&status=assigned&limit=200"
		if before != "" {
			path += "&before=" + before
		}
		var page struct {
			Chats      []chat `json:"chats"`
			NextBefore string `json:"next_before"`
		}
		if err := w.f.c.call(ctx, w.f.key, http.MethodGet, path, nil, &page); err != nil {
			return nil, err
		}
		for _, c := range page.Chats {
			out = append(out, assignedChat{id: c.ID, agent: c.assignee()})
		}
		if page.NextBefore == "" {
			break
		}
		before = page.NextBefore
	}
	return out, nil
}

// run samples until ctx ends.
func (w *assignWatch) run(ctx context.Context) {
	t := time.NewTicker(w.every)
	defer t.Stop()
	for ctx.Err() == nil {
		at := time.Now()
		rows, err := w.sample(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			w.errs.inc("watch: " + errorKey(err))
		case err == nil:
			w.observe(ctx, at, rows)
		}
		select {
		case <-ctx.Done():
		case <-t.C:
		}
	}
}

// observe takes in a sample read at `at` (the moment the query was sent:
// each chat in it was assigned by then).
func (w *assignWatch) observe(ctx context.Context, at time.Time, rows []assignedChat) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.cap.observe(rows)
	for _, r := range rows {
		if _, ok := w.seen[r.id]; !ok {
			w.seen[r.id] = seenAssigned{at: at, agent: r.agent}
			if w.burst[r.id] {
				w.counted++
			}
		}
		// An agent ends a chat once it is theirs: the workflow took the
		// assignment in (and told them). Ending it before frees no
		// capacity for the queue: the workflow does not know the agent yet.
		if w.drain && !r.pending && !w.ending[r.id] && w.tries[r.id] < maxEndTries {
			w.ending[r.id] = true
			w.endWG.Add(1)
			go w.end(context.WithoutCancel(ctx), r)
		}
	}
}

// end has the chat's agent end it (the bot when it is not one of ours).
func (w *assignWatch) end(ctx context.Context, r assignedChat) {
	defer w.endWG.Done()
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	var who auth = w.f.key
	if a := w.agents[r.agent]; a != nil {
		who = a
	} else {
		w.errs.inc("drain: assigned to an agent outside the team")
	}
	retry := func(failed bool) { // the next sample tries again
		w.mu.Lock()
		delete(w.ending, r.id)
		if failed {
			w.tries[r.id]++
		}
		w.mu.Unlock()
	}
	if w.f.db == nil {
		// Without the database the sample cannot tell whether the workflow
		// took the assignment in: its chat.assigned event says so.
		taken, err := assignmentTaken(ctx, w.f.c, who, r.id)
		if err != nil {
			w.errs.inc("agent check: " + errorKey(err))
		}
		if err != nil || !taken {
			retry(err != nil)
			return
		}
	}
	t0 := time.Now()
	err := w.f.c.call(ctx, who, http.MethodPost, "/api/v1/chats/"+r.id+"/end", nil, nil)
	var ae *apiError
	if err != nil && (!errors.As(err, &ae) || ae.Code != "chat_ended") {
		w.errs.inc("agent end: " + errorKey(err))
		// A failed answer (a 503 when the workflow was slow to confirm)
		// may come for an end that happened: the chat then leaves the
		// samples, so this is the last chance to count it.
		var c chat
		if gerr := w.f.c.call(ctx, who, http.MethodGet, "/api/v1/chats/"+r.id, nil, &c); gerr != nil || c.Status != "ended" {
			retry(true)
			return
		}
	}
	w.endLat.add(time.Since(t0))
	w.mu.Lock()
	w.ended[r.id] = true
	w.mu.Unlock()
}

// assignmentTaken says whether the chat's workflow recorded its assignment
// (the chat.assigned event, which tells the agent).
func assignmentTaken(ctx context.Context, c *client, who auth, chatID string) (bool, error) {
	var out struct {
		Events []struct {
			Type string `json:"type"`
		} `json:"events"`
	}
	if err := c.call(ctx, who, http.MethodGet, "/api/v1/chats/"+chatID+"/events", nil, &out); err != nil {
		return false, err
	}
	for _, e := range out.Events {
		if e.Type == "chat.assigned" {
			return true, nil
		}
	}
	return false, nil
}

// expect adds a chat of the burst (its assignment counts towards the drain).
func (w *assignWatch) expect(id string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.burst[id] {
		w.burst[id] = true
		if _, ok := w.seen[id]; ok {
			w.counted++
		}
	}
}

// startDrain makes the agents end their chats from now on; it returns when.
func (w *assignWatch) startDrain() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.drain = true
	return time.Now()
}

func (w *assignWatch) assignedCount() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.counted
}

// burstEnded is how many of the burst's chats the agents ended.
func (w *assignWatch) burstEnded() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := 0
	for id := range w.ended {
		if w.burst[id] {
			n++
		}
	}
	return n
}

func (w *assignWatch) endedCount() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.ended)
}

func (w *assignWatch) wasEnded(id string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.ended[id]
}

// waitEnds waits for the agents' end requests under way.
func (w *assignWatch) waitEnds() { w.endWG.Wait() }

func (w *assignWatch) seenSnapshot() map[string]seenAssigned {
	w.mu.Lock()
	defer w.mu.Unlock()
	return maps.Clone(w.seen)
}

func (w *assignWatch) capacitySnapshot() capacityCheck {
	w.mu.Lock()
	defer w.mu.Unlock()
	c := w.cap
	if c.AgentsOver != nil {
		c.AgentsOver = make(map[string]int, len(w.cap.AgentsOver))
		for k, v := range w.cap.AgentsOver {
			c.AgentsOver[k] = v
		}
	}
	return c
}
