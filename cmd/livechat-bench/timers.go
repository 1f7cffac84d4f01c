package main

import (
	"context"
	"fmt"
	"time"
)

// Timers at scale: many waiting chats in a team whose inactivity timeout is
// short, so every chat's timer fires during the run; how late they fire is
// read from the database.
const (
	// timerGrace: a timer that has not fired this long after it was due
	// counts as not fired.
	timerGrace = 2 * time.Minute
	// timerSampleEvery: how often the open chats and the worker's memory
	// are sampled.
	timerSampleEvery = time.Second
	// timerPollEvery: how often the end of the timers is checked.
	timerPollEvery = 2 * time.Second
	// minInactivity is the API's shortest inactivity timeout (api/team_settings.go).
	minInactivity = time.Minute
)

type timersResult struct {
	chatOpening
	TimeoutSeconds int `json:"inactivity_waiting_seconds"`
	// PeakOpen: the most chats of the team open at once (sampled every
	// second). With a timeout shorter than the opening, the first chats end
	// before the last open: about rate × timeout are open at once.
	PeakOpen        int     `json:"peak_open"`
	PeakOpenSeconds float64 `json:"peak_open_at_seconds"` // since the first hand-off
	// The timers. A waiting chat's timer is due at its queue entry (or its
	// last message, whichever is later) + the timeout; lateness is
	// ended_at − due of each chat its timer ended (end_reason inactive).
	Lateness     latencySummary `json:"lateness"`
	EndedByTimer int            `json:"ended_by_timer"`
	// EndedOtherwise: chats ended for another reason (by end_reason).
	EndedOtherwise map[string]int `json:"ended_otherwise,omitempty"`
	// NotFiredInTime: timers that had not fired 2 minutes after they were
	// due (fired later, or not at all when the wait ended).
	NotFiredInTime int `json:"not_fired_within_2m"`
	StillOpen      int `json:"still_open"`
	// Early: chats ended by their timer before the computed due moment
	// (0 unless the rule above is wrong).
	Early int `json:"early"`
	// WaitSeconds: from the last chat opened until the last timer fired
	// (or the wait ended); Seconds: the whole scenario.
	WaitSeconds float64 `json:"wait_seconds"`
	Seconds     float64 `json:"seconds"`
	// Resident memory (with -worker-pid / -temporal-pid).
	Worker   *timerMemory `json:"worker_memory,omitempty"`
	Temporal *timerMemory `json:"temporal_memory,omitempty"`
	// WorkerKiBPerOpenChat: (worker RSS at the peak − before) ÷ PeakOpen.
	WorkerKiBPerOpenChat float64    `json:"worker_kib_per_open_chat,omitempty"`
	Cleanup              *endResult `json:"cleanup,omitempty"`
	Goal                 string     `json:"goal"`
	GoalMet              bool       `json:"goal_met"`
}

// timerMemory is a process's resident set during the timers scenario, in MiB.
type timerMemory struct {
	PID        int     `json:"pid"`
	BeforeMiB  float64 `json:"before_mib"`
	AtPeakMiB  float64 `json:"at_peak_open_mib"` // the sample with the most chats open
	MaxMiB     float64 `json:"max_mib"`          // the largest sample
	AfterMiB   float64 `json:"after_timers_mib"` // once the timers fired
	beforeKiB  int64
	atPeakKiB  int64
	sampledMax int64
}

func (m *timerMemory) read() int64 { return rss(&memory{PID: m.PID}, "VmRSS") }

// timersRun is a timers scenario whose chats are open and whose timers run:
// openTimers returns as soon as the chats are open, finish waits for the
// timers. In between, the caller may run something else (the suite saves
// the timeout that way, at the price of the two disturbing each other).
type timersRun struct {
	f             *fixture
	r             *timersResult
	orgID         string
	secs          int
	ids           []string
	start, opened time.Time
	errs          counter
	mems          []*timerMemory
	sampleCtx     context.Context
	stopSampling  func()
	sampled       chan struct{}
	conc          int
}

// openTimers opens n waiting chats (-open-chats) in a team nobody serves,
// with the inactivity timeout shortened (-timer-timeout, 60 s by default);
// finish reads from the database how late each chat's timer ended it. It
// needs the database (-database-url). The memory sampler runs until finish.
func openTimers(ctx, cleanupCtx context.Context, f *fixture, o options) (*timersRun, error) {
	if f.db == nil {
		return nil, errNoDatabase
	}
	n, conc := o.openChats, o.concurrency
	timeout := max(o.timerTimeout, minInactivity)
	secs := int(timeout / time.Second)
	teamID, err := f.newTeam(ctx, "timers", map[string]any{"auto_assignment": "none", "inactivity_waiting_seconds": secs})
	if err != nil {
		return nil, err
	}
	t := &timersRun{f: f, secs: secs, conc: conc}
	if err := f.db.QueryRow(ctx, `SELECT org_id::text FROM teams WHERE id = $1`, teamID).Scan(&t.orgID); err != nil {
		return nil, fmt.Errorf("read the team's organisation: %w", err)
	}
	r := &timersResult{chatOpening: chatOpening{TeamID: teamID, Target: n, Concurrency: conc}, TimeoutSeconds: secs,
		Goal: fmt.Sprintf("%d chats with inactivity timers on one worker, every timer fired within %s of due", goalOpenChats, timerGrace)}
	t.r = r
	if o.workerPID > 0 {
		r.Worker = &timerMemory{PID: o.workerPID}
	}
	if o.temporalPID > 0 {
		r.Temporal = &timerMemory{PID: o.temporalPID}
	}
	t.mems = []*timerMemory{r.Worker, r.Temporal}
	for _, m := range t.mems {
		if m != nil {
			m.beforeKiB = m.read()
			m.BeforeMiB = mib(m.beforeKiB)
		}
	}

	t.start = time.Now()
	t.sampleCtx, t.stopSampling = context.WithCancel(cleanupCtx)
	t.sampled = make(chan struct{})
	go t.sample()

	logf("timers: opening %d chats at concurrency %d in a team with no agents, inactivity timeout %s", n, conc, timeout)
	var lat latencies
	t.ids = f.createChats(ctx, teamID, "timers", n, conc, &lat, &t.errs)
	t.opened = time.Now()
	d := t.opened.Sub(t.start)
	r.record(ctx, t.ids, &lat, d)
	logf("timers: %d chats opened in %s (%.1f/s); their timers are due from %s on", r.Created, d.Round(time.Second), r.CreateRatePerSec, timeout)
	return t, nil
}

// sample counts the team's open chats and reads the processes' memory every
// second until stopped, keeping the peak.
func (t *timersRun) sample() {
	defer close(t.sampled)
	tick := time.NewTicker(timerSampleEvery)
	defer tick.Stop()
	r := t.r
	for {
		var open int
		err := t.f.db.QueryRow(t.sampleCtx, `SELECT count(*) FROM chats
			WHERE org_id = $1 AND team_id = $2 AND status NOT IN ('ended', 'failed')`, t.orgID, r.TeamID).Scan(&open)
		if err != nil && t.sampleCtx.Err() == nil {
			t.errs.inc("sample: " + errorKey(err))
		}
		peak := err == nil && open > r.PeakOpen
		if peak {
			r.PeakOpen, r.PeakOpenSeconds = open, seconds(time.Since(t.start))
		}
		for _, m := range t.mems {
			if m == nil {
				continue
			}
			k := m.read()
			m.sampledMax = max(m.sampledMax, k)
			if peak {
				m.atPeakKiB = k
			}
		}
		select {
		case <-t.sampleCtx.Done():
			return
		case <-tick.C:
		}
	}
}

// finish waits until every chat ended, or its timer is 2 minutes overdue,
// and reports the timers' lateness; chats still open are ended.
func (t *timersRun) finish(ctx, cleanupCtx context.Context) (*timersResult, error) {
	f, r := t.f, t.r
	stopped := false
	stopSampler := func() {
		if !stopped {
			stopped = true
			t.stopSampling()
			<-t.sampled
		}
	}
	defer stopSampler()
	stopProgress := progress("timers fired", r.Created, func() int {
		var ended int
		_ = f.db.QueryRow(t.sampleCtx, `SELECT count(*) FROM chats WHERE org_id = $1 AND team_id = $2 AND status = 'ended'`, t.orgID, r.TeamID).Scan(&ended)
		return ended
	}, 15*time.Second)
	for ctx.Err() == nil {
		var open int
		var overdue bool
		err := f.db.QueryRow(ctx, `SELECT count(*) FILTER (WHERE status NOT IN ('ended', 'failed')),
				COALESCE(now() > max(GREATEST(queued_at, last_message_at)) + make_interval(secs => $3) + make_interval(secs => $4), true)
			FROM chats WHERE org_id = $1 AND team_id = $2`, t.orgID, r.TeamID, t.secs, int(timerGrace/time.Second)).Scan(&open, &overdue)
		if err != nil {
			if ctx.Err() == nil {
				t.errs.inc("wait: " + errorKey(err))
			}
			break
		}
		if open == 0 || overdue {
			break
		}
		sleep(ctx, timerPollEvery)
	}
	stopProgress()
	stopSampler()

	rows, err := timerRows(cleanupCtx, f, t.orgID, r.TeamID, t.secs)
	if err != nil {
		return nil, fmt.Errorf("read the timers' lateness: %w", err)
	}
	st := summarizeTimers(rows, timerGrace)
	r.Lateness, r.EndedByTimer, r.EndedOtherwise = st.lateness, st.byTimer, st.otherwise
	r.NotFiredInTime, r.StillOpen, r.Early = st.notInTime, st.open, st.early
	if st.lastEnd.After(t.opened) {
		r.WaitSeconds = seconds(st.lastEnd.Sub(t.opened))
	} else if r.StillOpen > 0 {
		r.WaitSeconds = seconds(time.Since(t.opened))
	}
	for _, m := range t.mems {
		if m != nil {
			m.AtPeakMiB, m.MaxMiB, m.AfterMiB = mib(m.atPeakKiB), mib(m.sampledMax), mib(m.read())
		}
	}
	if r.Worker != nil && r.PeakOpen > 0 && r.Worker.atPeakKiB > 0 {
		r.WorkerKiBPerOpenChat = float64(int64(float64(r.Worker.atPeakKiB-r.Worker.beforeKiB)/float64(r.PeakOpen)*100)) / 100
	}
	r.Errors = t.errs.snapshot()
	r.GoalMet = r.Created >= goalOpenChats && r.EndedByTimer == r.Created && r.NotFiredInTime == 0
	r.Seconds = seconds(time.Since(t.start))
	logf("timers: %d ended by their timer, lateness p50 %.0f ms, p99 %.0f ms, max %.0f ms; %d not fired within %s",
		r.EndedByTimer, r.Lateness.P50, r.Lateness.P99, r.Lateness.Max, r.NotFiredInTime, timerGrace)

	if r.StillOpen > 0 {
		var open []string
		for _, row := range rows {
			if row.late == nil {
				open = append(open, row.id)
			}
		}
		logf("timers: ending the %d chats whose timer did not fire", len(open))
		cleanup := f.endChats(cleanupCtx, open, t.conc, "timers")
		r.Cleanup = &cleanup
	}
	return r, nil
}

// timerRow is one chat of the timers team: its lateness (nil while open)
// and how long ago it was due.
type timerRow struct {
	id        string
	endReason string
	late      *time.Duration // ended_at − due
	sinceDue  time.Duration  // now − due
	endedAt   time.Time
}

// timerRows computes each chat's due moment and lateness in SQL. The rule
// is the chat workflow's (workflows/chat_state.go deadlines, idleSince): a
// waiting chat with no schedule is due at its last activity — the queue
// entry written by the workflow's start (queued_at), or a later message
// (last_message_at) — plus the team's inactivity_waiting_seconds.
func timerRows(ctx context.Context, f *fixture, orgID, teamID string, secs int) ([]timerRow, error) {
	rows, err := f.db.Query(ctx, `
		SELECT c.id::text, COALESCE(c.end_reason, ''),
		       (extract(epoch FROM c.ended_at - d.due) * 1e6)::bigint,
		       (extract(epoch FROM now() - d.due) * 1e6)::bigint,
		       c.ended_at
		FROM chats c
		CROSS JOIN LATERAL (SELECT GREATEST(c.queued_at, c.last_message_at) + make_interval(secs => $3) AS due) d
		WHERE c.org_id = $1 AND c.team_id = $2`, orgID, teamID, secs)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []timerRow
	for rows.Next() {
		var r timerRow
		var late *int64
		var since int64
		var ended *time.Time
		if err := rows.Scan(&r.id, &r.endReason, &late, &since, &ended); err != nil {
			return nil, err
		}
		if late != nil {
			d := time.Duration(*late) * time.Microsecond
			r.late = &d
		}
		if ended != nil {
			r.endedAt = *ended
		}
		r.sinceDue = time.Duration(since) * time.Microsecond
		out = append(out, r)
	}
	return out, rows.Err()
}

// timerStats is what the timers scenario reports of its chats.
type timerStats struct {
	lateness  latencySummary
	byTimer   int
	otherwise map[string]int
	notInTime int // fired more than grace after due, or not fired and due more than grace ago
	open      int
	early     int
	lastEnd   time.Time
}

// summarizeTimers: lateness of the chats their inactivity timer ended, and
// the timers that did not fire within grace of their due moment.
func summarizeTimers(rows []timerRow, grace time.Duration) timerStats {
	var st timerStats
	var late []time.Duration
	for _, r := range rows {
		if r.late == nil {
			st.open++
			if r.sinceDue > grace {
				st.notInTime++
			}
			continue
		}
		if r.endedAt.After(st.lastEnd) {
			st.lastEnd = r.endedAt
		}
		if r.endReason != "inactive" {
			if st.otherwise == nil {
				st.otherwise = map[string]int{}
			}
			st.otherwise[r.endReason]++
			continue
		}
		st.byTimer++
		late = append(late, *r.late)
		if *r.late < 0 {
			st.early++
		}
		if *r.late > grace {
			st.notInTime++
		}
	}
	st.lateness = summarize(late)
	return st
}
