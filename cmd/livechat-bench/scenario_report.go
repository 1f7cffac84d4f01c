package main

import (
	"fmt"
	"io"
	"strings"
)

// summaryRow is one line of the summary's latency table.
type summaryRow struct {
	name string
	s    latencySummary
	goal string
}

// latencyRows are the hand-off burst's lines of the latency table.
func (h *handoffResult) latencyRows() []summaryRow {
	var out []summaryRow
	if h.Serial.N > 0 {
		out = append(out, summaryRow{"hand-off → assigned, 1 at a time", h.Serial, ""})
	}
	load := fmt.Sprintf("%d at once", h.Concurrency)
	if h.RatePerSec > 0 {
		load = fmt.Sprintf("%g/s", h.RatePerSec)
	}
	return append(out,
		summaryRow{"hand-off → assigned, burst " + load, h.Assigned, verdict(fmt.Sprintf("p99 < %d", goalHandoffP99Ms), h.GoalMet)},
		summaryRow{"  queued, assigned in the drain", h.Queued, ""},
		summaryRow{"  POST /handoffs alone", h.Request, ""},
		summaryRow{"  agent ends a chat (drain)", h.AgentEnd, ""},
	)
}

// describe writes the hand-off burst's paragraph.
func (h *handoffResult) describe(w io.Writer) {
	check := "checks passed"
	if !h.ChecksPassed {
		check = "CHECKS FAILED"
	}
	fmt.Fprintf(w, "handoff     burst: %d hand-offs sent in %.1f s to %d agents × capacity %d: %d assigned at once (%d in the response), %d queued; errors %s\n",
		h.Handoffs, h.BurstSeconds, h.Agents, h.Capacity, h.AssignedAtOnce, h.AssignedInResponse, h.DrainQueue, errs(h.Errors))
	fmt.Fprintf(w, "            drain: the last chat assigned %.1f s after the burst: %d assignments at %.1f/s; not assigned %d; agents ended %d\n",
		h.DrainSeconds, h.DrainAssignments, h.DrainPerSec, h.NotAssigned, h.Ended)
	c := h.CapacityCheck
	fmt.Fprintf(w, "            capacity: %d samples (%s, every %g ms), most open chats of one agent %d, violations %d (agents over %d); chats per agent %d–%d → %s\n",
		c.Samples, h.WatchSource, h.WatchEveryMs, c.MaxPerAgent, c.Violations, h.OverCapacity, h.PerAgentMin, h.PerAgentMax, check)
}

// latencyRows are the claim race's lines of the latency table.
func (c *claimResult) latencyRows() []summaryRow {
	return []summaryRow{
		{fmt.Sprintf("claim, %d agents at once", c.Racers), c.Claims, verdict(fmt.Sprintf("p99 < %d", goalClaimP99Ms), c.GoalMet)},
		{"  won (200)", c.Won, ""},
		{"  lost (409)", c.Lost, ""},
	}
}

// describe writes the claim race's paragraph.
func (c *claimResult) describe(w io.Writer) {
	check := "checks passed"
	if !c.ChecksPassed {
		check = "CHECKS FAILED"
	}
	var winners []string
	for _, k := range winnerKeys(c.WinnersPerChat) {
		winners = append(winners, fmt.Sprintf("%s: %d", k, c.WinnersPerChat[k]))
	}
	fmt.Fprintf(w, "claim       %d chats, each claimed by %d agents at once: %d requests in %.1f s (%.1f/s), %d won, %d × 409; errors %s\n",
		c.Chats, c.Racers, c.Requests, c.RaceSeconds, c.ClaimsPerSec, c.Wins, c.Conflicts, errs(c.Errors))
	db := "not checked (no -database-url)"
	if c.DatabaseMismatch != nil {
		db = fmt.Sprint(*c.DatabaseMismatch)
	}
	fmt.Fprintf(w, "            winners per chat {%s}; double claims %d, unclaimed %d, API ≠ winner %d, stored ≠ winner %s → %s\n",
		strings.Join(winners, ", "), c.DoubleClaims, c.Unclaimed, c.ProjectionMismatch, db, check)
}

// latencyRows are the timers scenario's lines of the latency table.
func (t *timersResult) latencyRows() []summaryRow {
	return []summaryRow{
		{"open chat (POST /handoffs)", t.Create, ""},
		{fmt.Sprintf("timer lateness (%d s timeout)", t.TimeoutSeconds), t.Lateness, ""},
	}
}

// describe writes the timers scenario's paragraph.
func (t *timersResult) describe(w io.Writer) {
	fmt.Fprintf(w, "timers      %d of %d chats opened in %.1f s = %.1f/s at concurrency %d; at most %d open at once (%.0f s in); errors %s %s\n",
		t.Created, t.Target, t.CreateSeconds, t.CreateRatePerSec, t.Concurrency, t.PeakOpen, t.PeakOpenSeconds, errs(t.Errors),
		verdict("goal", t.GoalMet))
	if t.Stopped != "" {
		fmt.Fprintf(w, "            creation stopped early: %s\n", t.Stopped)
	}
	fmt.Fprintf(w, "            inactivity timeout %d s: %d ended by their timer, %d otherwise %s, %d still open, %d not fired within 2 min of due, %d early; last fired %.1f s after the last opened (scenario %.0f s)\n",
		t.TimeoutSeconds, t.EndedByTimer, total(t.EndedOtherwise), errs(t.EndedOtherwise), t.StillOpen, t.NotFiredInTime, t.Early, t.WaitSeconds, t.Seconds)
	for _, p := range []struct {
		name string
		m    *timerMemory
	}{{"worker", t.Worker}, {"temporal", t.Temporal}} {
		if p.m == nil {
			continue
		}
		fmt.Fprintf(w, "            %-8s RSS (pid %d): %.1f MiB before → %.1f MiB with %d open (max %.1f) → %.1f MiB after the timers",
			p.name, p.m.PID, p.m.BeforeMiB, p.m.AtPeakMiB, t.PeakOpen, p.m.MaxMiB, p.m.AfterMiB)
		if p.name == "worker" && t.WorkerKiBPerOpenChat != 0 {
			fmt.Fprintf(w, ", %.1f KiB per open chat", t.WorkerKiBPerOpenChat)
		}
		fmt.Fprintln(w)
	}
}

// total is the sum of the counts.
func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
