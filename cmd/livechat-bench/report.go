package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"
)

// report is the JSON the bench writes.
type report struct {
	Tool       string           `json:"tool"`
	StartedAt  time.Time        `json:"started_at"`
	FinishedAt time.Time        `json:"finished_at"`
	URL        string           `json:"url"`
	Scenario   string           `json:"scenario"`
	Quick      bool             `json:"quick"`
	Sizes      map[string]int   `json:"sizes"`
	RatePerSec float64          `json:"handoff_rate_per_sec,omitempty"`
	Machine    machine          `json:"machine"`
	Goals      map[string]any   `json:"goals"`
	Handoff    *handoffResult   `json:"handoff,omitempty"`
	Claim      *claimResult     `json:"claim,omitempty"`
	OpenChats  *openChatsResult `json:"open_chats,omitempty"`
	Failures   []string         `json:"failures,omitempty"`
}

// machine says where the numbers come from: the same code measures very
// differently on a loaded 2-core box.
type machine struct {
	CPUs         int    `json:"cpus"`
	GOOS         string `json:"goos"`
	GOARCH       string `json:"goarch"`
	BenchGo      string `json:"bench_go_version"`
	LoadAvgStart string `json:"loadavg_start"`
	LoadAvgEnd   string `json:"loadavg_end"`
}

func newReport(o options, started time.Time) *report {
	return &report{
		Tool: "livechat-bench", StartedAt: started, URL: o.url, Scenario: o.scenario, Quick: o.quick,
		Sizes: map[string]int{"handoffs": o.handoffs, "agents": o.agents, "claims": o.claims,
			"open_chats": o.openChats, "concurrency": o.concurrency, "serial": o.serial},
		RatePerSec: o.rate,
		Machine: machine{CPUs: runtime.NumCPU(), GOOS: runtime.GOOS, GOARCH: runtime.GOARCH,
			BenchGo: runtime.Version(), LoadAvgStart: loadavg()},
		Goals: map[string]any{"handoff_to_assigned_p99_ms_below": goalHandoffP99Ms,
			"claim_p99_ms_below": goalClaimP99Ms, "open_chats_on_one_worker": goalOpenChats},
	}
}

func (r *report) finish() {
	r.FinishedAt = time.Now().UTC()
	r.Machine.LoadAvgEnd = loadavg()
}

// loadavg is the first three fields of /proc/loadavg ("" elsewhere).
func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

// writeReport writes a report as indented JSON, making its folder.
func writeReport(path string, r any) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// printSummary writes the human-readable table.
func printSummary(w io.Writer, r *report) {
	fmt.Fprintf(w, "\nLivechat lifecycle benchmark — %s — %s\n", r.StartedAt.Format(time.RFC3339), r.URL)
	fmt.Fprintf(w, "%d CPUs, load average %s at start, %s at end; took %s\n\n", r.Machine.CPUs,
		r.Machine.LoadAvgStart, r.Machine.LoadAvgEnd, r.FinishedAt.Sub(r.StartedAt).Round(time.Second))

	fmt.Fprintf(w, "%-32s %6s %8s %8s %8s %8s   %s\n", "latency (ms)", "n", "p50", "p95", "p99", "max", "goal")
	row := func(name string, s latencySummary, goal string) {
		line := fmt.Sprintf("%-32s %6d %8.1f %8.1f %8.1f %8.1f   %s", name, s.N, s.P50, s.P95, s.P99, s.Max, goal)
		fmt.Fprintln(w, strings.TrimRight(line, " "))
	}
	if h := r.Handoff; h != nil {
		if h.Serial.N > 0 {
			row("hand-off → assigned, 1 at a time", h.Serial, "")
		}
		load := fmt.Sprintf("%d at once", h.Concurrency)
		if h.RatePerSec > 0 {
			load = fmt.Sprintf("%g/s", h.RatePerSec)
		}
		row("hand-off → assigned, "+load, h.Assigned, verdict(fmt.Sprintf("p99 < %d", goalHandoffP99Ms), h.GoalMet))
		row("  POST /handoffs alone", h.Request, "")
	}
	if c := r.Claim; c != nil {
		row("claim, every request", c.Claims, verdict(fmt.Sprintf("p99 < %d", goalClaimP99Ms), c.GoalMet))
		row("  won (200)", c.Won, "")
		row("  lost (409)", c.Lost, "")
		row(fmt.Sprintf("  raced (%d agents at once)", c.Racers), c.Raced, "")
		row(fmt.Sprintf("  single (%d at once)", c.Concurrency), c.Single, "")
	}
	if oc := r.OpenChats; oc != nil {
		row("open chat (POST /handoffs)", oc.Create, "")
		if oc.Cleanup != nil {
			row("end chat (POST /chats/{id}/end)", oc.Cleanup.Latency, "")
		}
	}

	fmt.Fprintln(w)
	if h := r.Handoff; h != nil {
		load := fmt.Sprintf("concurrency %d", h.Concurrency)
		if h.RatePerSec > 0 {
			load = fmt.Sprintf("%g started a second", h.RatePerSec)
		}
		fmt.Fprintf(w, "handoff     %d hand-offs in %.1f s = %.1f/s at %s; assigned in the response %d, by polling %d, not within 30 s %d; errors %s\n",
			h.Handoffs, h.Seconds, h.ThroughputPerSec, load, h.AssignedInResponse, h.AssignedByPolling, h.NotAssigned, errs(h.Errors))
		fmt.Fprintf(w, "            %d agents, chats per agent %d–%d (capacity %d, over capacity: %d)\n",
			h.Agents, h.PerAgentMin, h.PerAgentMax, h.Capacity, h.OverCapacity)
	}
	if c := r.Claim; c != nil {
		check := "checks passed"
		if !c.ChecksPassed {
			check = "CHECKS FAILED"
		}
		fmt.Fprintf(w, "claim       %d chats, %d agents; %d requests: %d won, %d × 409 (first %d chats raced by %d agents); errors %s\n",
			c.Chats, c.Agents, c.Requests, c.Wins, c.Conflicts, c.RaceChats, c.Racers, errs(c.Errors))
		fmt.Fprintf(w, "            single claims %.1f/s at concurrency %d\n", c.SinglePerSec, c.Concurrency)
		fmt.Fprintf(w, "            double claims %d, unclaimed %d, projection ≠ winner %d → %s\n",
			c.DoubleClaims, c.Unclaimed, c.ProjectionMismatch, check)
	}
	if oc := r.OpenChats; oc != nil {
		fmt.Fprintf(w, "open-chats  %d of %d opened in %.1f s = %.1f/s at concurrency %d; errors %s %s\n",
			oc.Created, oc.Target, oc.CreateSeconds, oc.CreateRatePerSec, oc.Concurrency, errs(oc.Errors),
			verdict(fmt.Sprintf("goal %d open", goalOpenChats), oc.GoalMet))
		if oc.Stopped != "" {
			fmt.Fprintf(w, "            creation stopped early: %s\n", oc.Stopped)
		}
		fmt.Fprintf(w, "            open via the API %d (%d waiting), counted in %.1f s", oc.OpenViaAPI, oc.WaitingViaAPI, oc.CountSeconds)
		if oc.RunningWorkflows != nil {
			fmt.Fprintf(w, "; running chat workflows in Temporal %d", *oc.RunningWorkflows)
		}
		fmt.Fprintln(w)
		if oc.SampleTimer != "" {
			fmt.Fprintf(w, "            sample %s\n", oc.SampleTimer)
		}
		for _, p := range []struct {
			name string
			m    *memory
		}{{"worker", oc.Worker}, {"temporal", oc.Temporal}} {
			name, m := p.name, p.m
			if m == nil {
				continue
			}
			fmt.Fprintf(w, "            %-8s RSS (pid %d): %.1f MiB before → %.1f MiB with the chats open (peak %.1f)",
				name, m.PID, m.BeforeMiB, m.OpenMiB, m.PeakMiB)
			if name == "worker" && oc.WorkerKiBPerChat != 0 {
				fmt.Fprintf(w, ", %.1f KiB per chat", oc.WorkerKiBPerChat)
			}
			if m.AfterEndMiB > 0 {
				fmt.Fprintf(w, "; %.1f MiB after ending them", m.AfterEndMiB)
			}
			fmt.Fprintln(w)
		}
		switch {
		case oc.Kept:
			fmt.Fprintf(w, "            -keep: the %d chats stay open in team %s\n", oc.Created, oc.TeamID)
		case oc.Cleanup != nil:
			fmt.Fprintf(w, "            ended %d in %.1f s = %.1f/s; errors %s\n", oc.Cleanup.Ended, oc.Cleanup.Seconds, oc.Cleanup.RatePerSec, errs(oc.Cleanup.Errors))
		}
	}
	for _, f := range r.Failures {
		fmt.Fprintf(w, "FAILED      %s\n", f)
	}
}

func verdict(goal string, met bool) string {
	if met {
		return goal + ": met"
	}
	return goal + ": NOT met"
}

// errs renders error counts as "none" or "503 temporal_unavailable ×3, …".
func errs(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s ×%d", k, m[k])
	}
	return strings.Join(parts, ", ")
}
