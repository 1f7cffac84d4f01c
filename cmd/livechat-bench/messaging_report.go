package main

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"time"
)

// messagingReport is the JSON `livechat-bench messaging` writes.
type messagingReport struct {
	Tool       string    `json:"tool"`
	Mode       string    `json:"mode"`
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
	URL        string    `json:"url"`
	Quick      bool      `json:"quick"`
	Config     struct {
		Chats       int     `json:"chats"`
		Agents      int     `json:"agents"`
		RatePerSec  float64 `json:"rate_per_sec"` // both directions together
		DurationSec float64 `json:"duration_sec"`
		DrainSec    float64 `json:"drain_max_sec"`
		Concurrency int     `json:"setup_concurrency"`
	} `json:"config"`
	Machine machine        `json:"machine"`
	Goals   map[string]any `json:"goals"`
	Setup   struct {
		Seconds          float64 `json:"seconds"`
		Chats            int     `json:"chats"`
		Capacity         int     `json:"capacity"`
		ChatsPerAgentMin int     `json:"chats_per_agent_min"`
		ChatsPerAgentMax int     `json:"chats_per_agent_max"`
		// OpenToAssigned: from the visitor's first message to chat.updated
		// "assigned" on their socket (setup runs -concurrency visitors at once).
		OpenToAssigned latencySummary `json:"first_message_to_assigned"`
	} `json:"setup"`
	VisitorToAgent *dirResult `json:"visitor_to_agent,omitempty"`
	AgentToVisitor *dirResult `json:"agent_to_visitor,omitempty"`
	// SendSeconds: from the first to the last send; DrainSeconds: how long
	// the bench then waited for outstanding messages.
	SendSeconds  float64 `json:"send_seconds"`
	DrainSeconds float64 `json:"drain_seconds"`
	// Sent and delivered a second, both directions together: sent over the
	// send phase; delivered over the run's whole seconds (first receipts).
	SentPerSec      float64 `json:"sent_per_sec"`
	DeliveredPerSec float64 `json:"delivered_per_sec"`
	// DeliveredPerSecond counts first receipts in each second of the run.
	DeliveredPerSecond []int `json:"delivered_each_second"`
	Lost               int   `json:"lost"`
	Duplicated         int   `json:"duplicated"`
	ChecksPassed       bool  `json:"checks_passed"`
	GoalMet            bool  `json:"goal_met"`
	// Errors: error frames by side and code, and other anomalies.
	Errors         map[string]int `json:"errors,omitempty"`
	FramesReceived int64          `json:"frames_received"`
	SocketDrops    int64          `json:"socket_drops"`
	DropReasons    map[string]int `json:"drop_reasons,omitempty"`
	Reconnects     int64          `json:"reconnects"`
	SocketsLost    int64          `json:"sockets_lost"`
	Memory         []procMemory   `json:"memory"`
	MemoryNote     string         `json:"memory_note,omitempty"`
	// Resources: CPU and memory of the stack's processes from the first
	// send to the end of the drain.
	Resources *resourceResult `json:"resources,omitempty"`
	Cleanup   string          `json:"cleanup,omitempty"`
	Failures  []string        `json:"failures,omitempty"`
}

func newMessagingReport(o msgOptions, started time.Time) *messagingReport {
	r := &messagingReport{Tool: "livechat-bench", Mode: "messaging", StartedAt: started, URL: o.url, Quick: o.quick,
		Machine: machine{CPUs: runtime.NumCPU(), GOOS: runtime.GOOS, GOARCH: runtime.GOARCH, BenchGo: runtime.Version(), LoadAvgStart: loadavg()},
		Goals:   map[string]any{"delivery_p99_ms_below": goalDeliveryP99Ms, "lost": 0, "duplicated": 0}}
	r.Config.Chats, r.Config.Agents, r.Config.RatePerSec = o.chats, o.agents, o.rate
	r.Config.DurationSec, r.Config.DrainSec, r.Config.Concurrency = o.duration.Seconds(), o.drain.Seconds(), o.concurrency
	return r
}

// finish fills in the results once the run is over.
func (r *messagingReport) finish(b *msgBench) {
	r.FinishedAt = time.Now().UTC()
	r.Machine.LoadAvgEnd = loadavg()
	r.Errors = b.frameErr.snapshot()
	r.FramesReceived, r.SocketDrops = b.stats.frames.Load(), b.stats.drops.Load()
	r.DropReasons, r.Reconnects, r.SocketsLost = b.stats.reasons.snapshot(), b.stats.reconnects.Load(), b.stats.lost.Load()
	if r.SendSeconds == 0 {
		return // the exchange never ran
	}
	va, av := b.tr.result(toAgent), b.tr.result(toVisitor)
	r.VisitorToAgent, r.AgentToVisitor = &va, &av
	r.Lost = va.Lost + av.Lost
	r.Duplicated = va.Duplicated + av.Duplicated + va.StoredTwice + av.StoredTwice
	r.SentPerSec = rate(va.Sent+av.Sent, time.Duration(r.SendSeconds*float64(time.Second)))
	inWindow := 0
	for _, n := range r.DeliveredPerSecond {
		inWindow += n
	}
	r.DeliveredPerSec = rate(inWindow, time.Duration(len(r.DeliveredPerSecond))*time.Second)
	r.ChecksPassed = r.Lost == 0 && r.Duplicated == 0
	r.GoalMet = r.ChecksPassed && len(r.Failures) == 0 &&
		va.Latency.N > 0 && va.Latency.P99 < goalDeliveryP99Ms && av.Latency.N > 0 && av.Latency.P99 < goalDeliveryP99Ms
}

// printMessaging writes the human-readable summary.
func printMessaging(w io.Writer, r *messagingReport) {
	fmt.Fprintf(w, "\nLivechat messaging benchmark — %s — %s\n", r.StartedAt.Format(time.RFC3339), r.URL)
	fmt.Fprintf(w, "%d CPUs, load average %s at start, %s at end; took %s\n", r.Machine.CPUs,
		r.Machine.LoadAvgStart, r.Machine.LoadAvgEnd, r.FinishedAt.Sub(r.StartedAt).Round(time.Second))
	fmt.Fprintf(w, "%d chats, %d agents, %g messages/s offered (%g each way) for %gs\n\n",
		r.Config.Chats, r.Config.Agents, r.Config.RatePerSec, r.Config.RatePerSec/2, r.Config.DurationSec)

	if r.VisitorToAgent != nil {
		fmt.Fprintf(w, "%-30s %6s %8s %8s %8s %8s   %s\n", "latency (ms)", "n", "p50", "p95", "p99", "max", "goal")
		row := func(name string, s latencySummary, goal string) {
			line := fmt.Sprintf("%-30s %6d %8.1f %8.1f %8.1f %8.1f   %s", name, s.N, s.P50, s.P95, s.P99, s.Max, goal)
			fmt.Fprintln(w, strings.TrimRight(line, " "))
		}
		for _, d := range []struct {
			name string
			r    *dirResult
		}{{"visitor → agent", r.VisitorToAgent}, {"agent → visitor", r.AgentToVisitor}} {
			row(d.name+" delivery", d.r.Latency, verdict(fmt.Sprintf("p99 < %d", goalDeliveryP99Ms), d.r.Latency.N > 0 && d.r.Latency.P99 < goalDeliveryP99Ms))
		}
		for _, d := range []struct {
			name string
			r    *dirResult
		}{{"visitor", r.VisitorToAgent}, {"agent", r.AgentToVisitor}} {
			row("  "+d.name+" send → ack", d.r.Ack, "")
			row("  "+d.name+" ack → delivered", d.r.AfterAck, "")
		}
		fmt.Fprintln(w)
		lo, med, hi := spread(r.DeliveredPerSecond)
		fmt.Fprintf(w, "throughput  sent %d in %.1f s = %.1f/s (offered %g/s); delivered %.1f/s over the %d s window (each second: min %d, median %d, max %d)\n",
			r.VisitorToAgent.Sent+r.AgentToVisitor.Sent, r.SendSeconds, r.SentPerSec, r.Config.RatePerSec, r.DeliveredPerSec,
			len(r.DeliveredPerSecond), lo, med, hi)
		for _, d := range []struct {
			name string
			r    *dirResult
		}{{"visitor → agent", r.VisitorToAgent}, {"agent → visitor", r.AgentToVisitor}} {
			x := d.r
			fmt.Fprintf(w, "  %s  sent %d: stored %d, refused %d, unanswered %d, write failed %d; delivered %d, lost %d, duplicated %d, stored twice %d, seen by other sockets %d\n",
				d.name, x.Sent, x.Stored, x.Refused, x.Unanswered, x.WriteFailed, x.Delivered, x.Lost, x.Duplicated, x.StoredTwice, x.ElsewhereReceipts)
		}
		check := "checks passed"
		if !r.ChecksPassed {
			check = "CHECKS FAILED"
		}
		fmt.Fprintf(w, "correctness lost %d, duplicated %d → %s (waited %.1f s after the last send)\n", r.Lost, r.Duplicated, check, r.DrainSeconds)
	}
	fmt.Fprintf(w, "errors      %s\n", errs(r.Errors))
	fmt.Fprintf(w, "sockets     %d frames received; drops %d (%s), reconnected %d, not reconnected %d\n",
		r.FramesReceived, r.SocketDrops, errs(r.DropReasons), r.Reconnects, r.SocketsLost)
	s := r.Setup
	fmt.Fprintf(w, "setup       %d chats opened and assigned in %.1f s; first message → assigned p50 %.0f / p99 %.0f / max %.0f ms; chats per agent %d–%d (capacity %d)\n",
		s.Chats, s.Seconds, s.OpenToAssigned.P50, s.OpenToAssigned.P99, s.OpenToAssigned.Max, s.ChatsPerAgentMin, s.ChatsPerAgentMax, s.Capacity)
	if len(r.Memory) == 0 {
		fmt.Fprintf(w, "memory      %s\n", r.MemoryNote)
	}
	for _, m := range r.Memory {
		fmt.Fprintf(w, "memory      %s RSS (pid %d): %.1f MiB before → %.1f MiB with the sockets open → max %.1f MiB while sending → %.1f MiB after; peak (VmHWM) %.1f MiB\n",
			m.Name, m.PID, m.BeforeMiB, m.SocketsOpenMiB, m.MaxSendingMiB, m.AfterMiB, m.PeakMiB)
	}
	printResources(w, r.Resources)
	if r.Cleanup != "" {
		fmt.Fprintf(w, "cleanup     %s\n", r.Cleanup)
	}
	if r.VisitorToAgent != nil {
		fmt.Fprintf(w, "goal        p99 delivery < %d ms both ways, nothing lost or duplicated: %s\n", goalDeliveryP99Ms, map[bool]string{true: "met", false: "NOT met"}[r.GoalMet])
	}
	for _, f := range r.Failures {
		fmt.Fprintf(w, "FAILED      %s\n", f)
	}
}

// procMemory is a process's resident set over the run, in MiB.
type procMemory struct {
	Name           string  `json:"name"`
	PID            int     `json:"pid"`
	BeforeMiB      float64 `json:"before_mib"`
	SocketsOpenMiB float64 `json:"sockets_open_mib"`
	MaxSendingMiB  float64 `json:"max_while_sending_mib"`
	AfterMiB       float64 `json:"after_mib"`
	PeakMiB        float64 `json:"peak_vmhwm_mib"`
}

// memWatch samples the resident memory of the API (and Temporal) when the
// bench knows their pids.
type memWatch struct {
	mu    sync.Mutex
	procs []*procMemory
}

func newMemWatch(apiPID, temporalPID int) *memWatch {
	m := &memWatch{}
	if apiPID != 0 {
		m.procs = append(m.procs, &procMemory{Name: "API", PID: apiPID})
	}
	if temporalPID != 0 {
		m.procs = append(m.procs, &procMemory{Name: "Temporal", PID: temporalPID})
	}
	return m
}

func procRSS(pid int, field string) float64 { return mib(rss(&memory{PID: pid}, field)) }

// mark records the current RSS at a point of the run.
func (m *memWatch) mark(point string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, p := range m.procs {
		v := procRSS(p.PID, "VmRSS")
		switch point {
		case "before":
			p.BeforeMiB = v
		case "sockets_open":
			p.SocketsOpenMiB = v
		case "after":
			p.AfterMiB = v
			p.PeakMiB = procRSS(p.PID, "VmHWM")
		}
	}
}

// whileSending takes each process's largest RSS while sending from the
// sampler's result (sampled under the same pid).
func (m *memWatch) whileSending(r *resourceResult) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, p := range m.procs {
		for _, u := range r.Processes {
			if u.PID == p.PID {
				p.MaxSendingMiB = u.RSSMaxMiB
			}
		}
	}
}

func (m *memWatch) report() []procMemory {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]procMemory, len(m.procs))
	for i, p := range m.procs {
		out[i] = *p
	}
	return out
}
