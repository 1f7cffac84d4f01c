package main

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

type openChatsResult struct {
	chatOpening
	// What the API lists as open in the team, and how many are waiting.
	OpenViaAPI    int     `json:"open_via_api"`
	WaitingViaAPI int     `json:"waiting_via_api"`
	CountSeconds  float64 `json:"count_seconds"`
	// What Temporal runs (with -temporal-address).
	RunningWorkflows *int64 `json:"running_workflows,omitempty"`
	// The timer a sampled chat workflow has armed (with -temporal-address).
	SampleTimer string `json:"sample_timer,omitempty"`
	// Resident memory (with -worker-pid / -temporal-pid), in MiB.
	Worker   *memory `json:"worker_memory,omitempty"`
	Temporal *memory `json:"temporal_memory,omitempty"`
	// KiB of worker memory per open chat: (after − before) / created.
	WorkerKiBPerChat float64    `json:"worker_kib_per_chat,omitempty"`
	Kept             bool       `json:"kept"`
	Cleanup          *endResult `json:"cleanup,omitempty"`
	Goal             string     `json:"goal"`
	GoalMet          bool       `json:"goal_met"`
}

// memory is a process's resident set at three points, in MiB.
type memory struct {
	PID         int     `json:"pid"`
	BeforeMiB   float64 `json:"before_mib"`
	OpenMiB     float64 `json:"with_chats_open_mib"`
	PeakMiB     float64 `json:"peak_mib"`
	AfterEndMiB float64 `json:"after_end_mib,omitempty"`
	beforeKiB   int64
	openKiB     int64
}

// runOpenChats opens k chats in a team nobody serves, so each waits with
// its inactivity timer (6 h by default) armed, and looks at what that costs.
func runOpenChats(ctx, cleanupCtx context.Context, f *fixture, o options) (*openChatsResult, error) {
	k, conc := o.openChats, o.concurrency
	teamID, err := f.newTeam(ctx, "open", map[string]any{"auto_assignment": "none", "inactivity_waiting_seconds": 21600})
	if err != nil {
		return nil, err
	}
	r := &openChatsResult{chatOpening: chatOpening{TeamID: teamID, Target: k, Concurrency: conc},
		Goal: fmt.Sprintf("%d open chats on one worker", goalOpenChats)}
	if o.workerPID > 0 {
		r.Worker = &memory{PID: o.workerPID}
	}
	if o.temporalPID > 0 {
		r.Temporal = &memory{PID: o.temporalPID}
	}
	for _, m := range []*memory{r.Worker, r.Temporal} {
		if m != nil {
			m.beforeKiB = rss(m, "VmRSS")
			m.BeforeMiB = mib(m.beforeKiB)
		}
	}

	logf("open-chats: opening %d chats at concurrency %d in a team with no agents", k, conc)
	var lat latencies
	var errs counter
	start := time.Now()
	ids := f.createChats(ctx, teamID, "open", k, conc, &lat, &errs)
	d := time.Since(start)
	r.record(ctx, ids, &lat, d)
	r.Errors = errs.snapshot()
	logf("open-chats: %d chats open after %s (%.1f/s)", r.Created, d.Round(time.Second), r.CreateRatePerSec)

	// Let the last workflow tasks and activities finish before measuring.
	sleep(cleanupCtx, 5*time.Second)
	for _, m := range []*memory{r.Worker, r.Temporal} {
		if m != nil {
			m.openKiB = rss(m, "VmRSS")
			m.OpenMiB, m.PeakMiB = mib(m.openKiB), mib(rss(m, "VmHWM"))
		}
	}
	if r.Worker != nil && r.Created > 0 && r.Worker.openKiB > 0 {
		r.WorkerKiBPerChat = float64(int64(float64(r.Worker.openKiB-r.Worker.beforeKiB)/float64(r.Created)*100)) / 100
	}

	cctx, cancel := context.WithTimeout(cleanupCtx, 10*time.Minute)
	t0 := time.Now()
	open, waiting, err := countOpen(cctx, f, teamID, k)
	cancel()
	if err != nil {
		logf("open-chats: counting via the API: %v", err)
		r.Errors["count: "+errorKey(err)]++
	}
	r.OpenViaAPI, r.WaitingViaAPI, r.CountSeconds = open, waiting, seconds(time.Since(t0))
	if o.temporalAddress != "" {
		running, timer, err := temporalCheck(cleanupCtx, o, teamID, firstID(ids))
		if err != nil {
			logf("open-chats: Temporal check: %v", err)
			r.Errors["temporal check"]++
		} else {
			r.RunningWorkflows, r.SampleTimer = &running, timer
		}
	}
	r.GoalMet = r.OpenViaAPI >= goalOpenChats && (r.RunningWorkflows == nil || *r.RunningWorkflows >= goalOpenChats)

	if o.keep {
		r.Kept = true
		logf("open-chats: -keep: leaving %d chats open in team %s-open (%s)", r.Created, f.run, teamID)
		return r, nil
	}
	logf("open-chats: ending the %d chats", r.Created)
	cleanup := f.endChats(cleanupCtx, ids, conc, "open")
	r.Cleanup = &cleanup
	sleep(cleanupCtx, 5*time.Second)
	for _, m := range []*memory{r.Worker, r.Temporal} {
		if m != nil {
			m.AfterEndMiB = mib(rss(m, "VmRSS"))
		}
	}
	return r, nil
}

func firstID(ids []string) string {
	for _, id := range ids {
		if id != "" {
			return id
		}
	}
	return ""
}

// countOpen pages through GET /chats?view=open for the team, 200 a page.
func countOpen(ctx context.Context, f *fixture, teamID string, expect int) (open, waiting int, err error) {
	before := ""
	for page := 0; page < expect/200+20; page++ {
		q := url.Values{"view": {"open"}, "team_id": {teamID}, "limit": {"200"}}
		if before != "" {
			q.Set("before", before)
		}
		var out struct {
			Chats      []chat `json:"chats"`
			NextBefore string `json:"next_before"`
		}
		if err := f.c.call(ctx, f.key, http.MethodGet, "/api/v1/chats?"+q.Encode(), nil, &out); err != nil {
			return open, waiting, err
		}
		for _, c := range out.Chats {
			open++
			if c.Status == "waiting" {
				waiting++
			}
		}
		if out.NextBefore == "" {
			return open, waiting, nil
		}
		before = out.NextBefore
	}
	return open, waiting, fmt.Errorf("more pages than expected for %d chats", expect)
}

// rss reads a VmRSS/VmHWM line (KiB) of /proc/<pid>/status; 0 if unreadable.
func rss(m *memory, field string) int64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", m.PID))
	if err != nil {
		return 0
	}
	defer func() { _ = f.Close() }()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return n
		}
	}
	return 0
}

func mib(kib int64) float64 { return float64(kib*10/1024) / 10 }

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}
