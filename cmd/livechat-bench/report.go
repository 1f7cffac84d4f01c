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
	Timers     *timersResult    `json:"timers,omitempty"`
	History    *historyResult   `json:"history,omitempty"`
	Explain    *explainResult   `json:"explain,omitempty"`
	Resources  *resourceResult  `json:"resources,omitempty"`
	Profiles   *profilesResult  `json:"profiles,omitempty"`
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

	// Each scenario that ran gives its latency rows and its paragraph.
	type scenario interface {
		latencyRows() []summaryRow
		describe(io.Writer)
	}
	var ran []scenario
	if r.Handoff != nil {
		ran = append(ran, r.Handoff)
	}
	if r.Claim != nil {
		ran = append(ran, r.Claim)
	}
	if r.Timers != nil {
		ran = append(ran, r.Timers)
	}
	if r.History != nil {
		ran = append(ran, r.History)
	}

	fmt.Fprintf(w, "%-40s %6s %8s %8s %8s %8s   %s\n", "latency (ms)", "n", "p50", "p95", "p99", "max", "goal")
	row := func(name string, s latencySummary, goal string) {
		line := fmt.Sprintf("%-40s %6d %8.1f %8.1f %8.1f %8.1f   %s", name, s.N, s.P50, s.P95, s.P99, s.Max, goal)
		fmt.Fprintln(w, strings.TrimRight(line, " "))
	}
	for _, sc := range ran {
		for _, rw := range sc.latencyRows() {
			if rw.s.N > 0 {
				row(rw.name, rw.s, rw.goal)
			}
		}
	}
	if oc := r.OpenChats; oc != nil {
		row("open chat (POST /handoffs)", oc.Create, "")
		if oc.Cleanup != nil {
			row("end chat (POST /chats/{id}/end)", oc.Cleanup.Latency, "")
		}
	}
	fmt.Fprintln(w)
	for _, sc := range ran {
		sc.describe(w)
	}
	if oc := r.OpenChats; oc != nil {
		describeOpenChats(w, oc)
	}
	if r.Explain != nil {
		fmt.Fprintln(w)
		r.Explain.describe(w)
	}
	if r.Resources != nil {
		fmt.Fprintln(w)
		printResources(w, r.Resources)
	}
	if r.Profiles != nil {
		fmt.Fprintln(w)
		printProfiles(w, r.Profiles)
	}
	for _, f := range r.Failures {
		fmt.Fprintf(w, "FAILED      %s\n", f)
	}
}

// describeOpenChats writes the open-chats scenario's paragraph.
func describeOpenChats(w io.Writer, oc *openChatsResult) {
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
