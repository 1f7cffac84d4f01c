// Command livechat-bench measures the chat lifecycle against a running
// Livechat (normally `livechat dev` on this machine): hand-off → assigned
// latency, claim latency and how many open chats one worker holds with
// their timers. It prints a summary and writes a JSON report; it asserts
// nothing. Only loopback targets are accepted, every loop is bounded, and
// the chats it opens are ended again unless -keep is given.
//
// `livechat-bench messaging` is the real-time load generator instead:
// visitors' and agents' sockets exchange messages at a set rate, and it
// reports delivery latency, throughput, errors, and lost or duplicated
// messages (messaging.go).
//
//	go run ./cmd/livechat-bench -quick
//	scripts/bench.sh              # starts its own stack, then runs this
//	scripts/bench.sh messaging -quick
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

type options struct {
	url, email, password string
	out                  string
	scenario             string
	handoffs, agents     int
	serial               int
	claims, openChats    int
	concurrency          int
	rate                 float64
	quick, keep          bool
	workerPID            int
	temporalPID          int
	temporalAddress      string
	temporalNamespace    string
	databaseURL          string
	timeout              time.Duration
	// resources.go, profiles.go (registerResourceFlags)
	apiPID                int
	pprofAPI, pprofWorker string
	profileDir            string
	// handoff.go, timers.go (registerScenarioFlags)
	capacity     int
	drainTimeout time.Duration
	timerTimeout time.Duration
	// profile captures CPU and heap profiles during the hand-off burst.
	profile bool
}

// applyQuick sets the flags of sizes that were not given explicitly.
func applyQuick(fs *flag.FlagSet, sizes map[string]string) {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	for name, v := range sizes {
		if !set[name] {
			_ = fs.Set(name, v)
		}
	}
}

// scenarios are the -scenario values; "all" runs them in this order, except
// open-chats (held open chats without the timer measurement), which only runs
// when named.
var scenarios = []string{"all", "handoff", "claim", "timers", "history", "explain", "open-chats"}

// quickSizes replace the defaults of -quick runs (explicit flags win).
var quickSizes = map[string]string{"handoffs": "60", "rate": "20", "serial": "5", "agents": "5", "claims": "40", "open-chats": "500"}

func parseFlags(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("livechat-bench", flag.ContinueOnError)
	fs.StringVar(&o.url, "url", "http://127.0.0.1:8080", "base URL of the Livechat API (loopback only)")
	fs.StringVar(&o.email, "email", "owner@demo.livechat.local", "email of an owner or admin of the organisation to run in")
	fs.StringVar(&o.password, "password", "livechat-demo", "password of -email")
	fs.StringVar(&o.out, "out", "", "report path (default bench/results/<UTC date-time>-lifecycle.json)")
	fs.StringVar(&o.scenario, "scenario", "all", "one of "+strings.Join(scenarios, ", ")+" (all: every one but open-chats, which timers covers)")
	fs.IntVar(&o.handoffs, "handoffs", 500, "hand-offs in the burst (handoff scenario)")
	fs.IntVar(&o.serial, "serial", 20, "hand-offs sent one at a time first, for the latency without load (0: none)")
	fs.IntVar(&o.agents, "agents", 20, "online agents in the round robin team (handoff; claim uses at least 5)")
	fs.IntVar(&o.claims, "claims", 100, "waiting chats, each claimed by 5 agents at once (claim scenario)")
	fs.IntVar(&o.openChats, "open-chats", 10000, "chats to open (timers and open-chats scenarios)")
	fs.IntVar(&o.concurrency, "concurrency", 16, "requests in flight at once")
	fs.Float64Var(&o.rate, "rate", 50, "handoff scenario: start this many hand-offs a second (open loop); 0 keeps -concurrency in flight instead")
	fs.BoolVar(&o.quick, "quick", false, "small sizes for a short run: 60 hand-offs at 20/s (5 serial), 5 agents, 40 claims, 500 timer chats (opened first, their minute runs beside the other scenarios), small history")
	fs.BoolVar(&o.keep, "keep", false, "leave the open-chats scenario's chats open (they end by their inactivity timer)")
	fs.IntVar(&o.workerPID, "worker-pid", 0, "pid of the worker process (`livechat dev` or `livechat worker`): its resident memory is reported")
	fs.IntVar(&o.temporalPID, "temporal-pid", 0, "pid of the Temporal server: its resident memory is reported")
	fs.StringVar(&o.temporalAddress, "temporal-address", "", "Temporal frontend host:port (loopback): count running chat workflows and sample a timer")
	fs.StringVar(&o.temporalNamespace, "temporal-namespace", "default", "Temporal namespace")
	fs.StringVar(&o.databaseURL, "database-url", "", "the stack's PostgreSQL (loopback), for the scenarios that seed in bulk or read the database")
	fs.DurationVar(&o.timeout, "timeout", time.Hour, "stop measuring after this long (cleanup has its own bound)")
	fs.BoolVar(&o.profile, "profile", false, "capture CPU and heap profiles of the API and the worker during the hand-off burst (needs -pprof-api and/or -pprof-worker)")
	registerResourceFlags(fs, &o)
	registerScenarioFlags(fs, &o)
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if err := checkResourceFlags(o); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments %v", fs.Args())
	}
	if o.quick {
		applyQuick(fs, quickSizes)
	}
	if !slices.Contains(scenarios, o.scenario) {
		return o, fmt.Errorf("-scenario %q: want one of %s", o.scenario, strings.Join(scenarios, ", "))
	}
	for name, v := range map[string]int{"handoffs": o.handoffs, "agents": o.agents, "claims": o.claims, "open-chats": o.openChats} {
		if v < 1 || v > 100000 {
			return o, fmt.Errorf("-%s %d: want 1 to 100000", name, v)
		}
	}
	if o.rate < 0 || o.rate > 1000 {
		return o, fmt.Errorf("-rate %g: want 0 to 1000 a second", o.rate)
	}
	if o.serial < 0 || o.serial > 1000 {
		return o, fmt.Errorf("-serial %d: want 0 to 1000", o.serial)
	}
	if o.concurrency < 1 || o.concurrency > 256 {
		return o, fmt.Errorf("-concurrency %d: want 1 to 256", o.concurrency)
	}
	if o.agents > 500 {
		return o, fmt.Errorf("-agents %d: at most 500", o.agents)
	}
	if o.timeout <= 0 {
		return o, errors.New("-timeout must be positive")
	}
	if err := checkLoopback(o.url); err != nil {
		return o, err
	}
	if o.temporalAddress != "" {
		if err := checkLoopbackHostPort(o.temporalAddress); err != nil {
			return o, err
		}
	}
	for name, pid := range map[string]int{"worker-pid": o.workerPID, "temporal-pid": o.temporalPID} {
		if pid == 0 {
			continue
		}
		if _, err := os.Stat(fmt.Sprintf("/proc/%d/status", pid)); err != nil {
			return o, fmt.Errorf("-%s %d: %w", name, pid, err)
		}
	}
	return o, nil
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "messaging" {
		os.Exit(messagingMain(os.Args[2:]))
	}
	if len(os.Args) > 1 && os.Args[1] == "summary" {
		os.Exit(summaryMain(os.Args[2:]))
	}
	o, err := parseFlags(os.Args[1:])
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "livechat-bench:", err)
		os.Exit(2)
	}
	os.Exit(run(o))
}

// run measures the chosen scenarios and returns the exit status: 0 when
// everything ran (goals met or not), 1 when a scenario could not run, 3
// when a correctness check failed (a chat claimed twice).
func run(o options) int {
	started := time.Now().UTC()
	if o.out == "" {
		o.out = filepath.Join("bench", "results", started.Format("20060102T150405Z")+"-lifecycle.json")
	}
	// The first Ctrl-C stops measuring (cleanup still runs); the second stops cleanup too.
	runCtx, stopRun := context.WithTimeoutCause(context.Background(), o.timeout, errors.New("-timeout reached"))
	defer stopRun()
	cleanupCtx, stopCleanup := context.WithTimeout(context.Background(), o.timeout+time.Hour)
	defer stopCleanup()
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sigs
		logf("interrupted: stopping the measurement, cleaning up (interrupt again to skip cleanup)")
		stopRun()
		<-sigs
		stopCleanup()
	}()

	c := newClient(o.url, o.concurrency*racers+16)
	if err := ready(runCtx, c); err != nil {
		fmt.Fprintf(os.Stderr, "livechat-bench: %v\n(start the stack with `make dev`, or let scripts/bench.sh start one)\n", err)
		return 1
	}
	rep := newReport(o, started)
	run := fmt.Sprintf("bench-%s", started.Format("20060102-150405"))
	f, err := newFixture(runCtx, c, run, o.email, o.password)
	if err != nil {
		fmt.Fprintln(os.Stderr, "livechat-bench:", err)
		return 1
	}
	if o.databaseURL != "" {
		if f.db, err = openDB(runCtx, o.databaseURL); err != nil {
			fmt.Fprintln(os.Stderr, "livechat-bench:", err)
			return 1
		}
		defer f.db.Close()
	}
	logf("run %s against %s", run, o.url)
	sampler := startSampler(runCtx, f, o)
	do := func(name string, fn func() error) {
		if o.scenario != name && (o.scenario != "all" || name == "open-chats") {
			return
		}
		if runCtx.Err() != nil {
			rep.Failures = append(rep.Failures, name+": not run: "+context.Cause(runCtx).Error())
			return
		}
		if err := fn(); err != nil {
			logf("%s: %v", name, err)
			rep.Failures = append(rep.Failures, name+": "+err.Error())
		}
	}
	// The timers' chats are opened, then other scenarios run while their
	// timeout runs down, then the timers are collected. A quick suite opens
	// them first, so everything runs beside their minute; a full suite opens
	// them after the hand-off burst and the claim race (which need Temporal
	// to themselves) and runs history and EXPLAIN (PostgreSQL only) in their
	// last minute, which keeps the suite within 15 minutes on 2 cores.
	var timers *timersRun
	openTimers := func() {
		do("timers", func() (err error) {
			timers, err = openTimers(runCtx, cleanupCtx, f, o)
			return err
		})
	}
	if o.quick {
		openTimers()
	}
	do("handoff", func() (err error) {
		profiled := startProfiles(runCtx, o, rep)
		rep.Handoff, err = runHandoff(runCtx, cleanupCtx, f, o)
		profiled()
		return err
	})
	do("claim", func() (err error) {
		rep.Claim, err = runClaim(runCtx, cleanupCtx, f, o.claims, o.agents, o.concurrency)
		return err
	})
	if !o.quick {
		openTimers()
	}
	do("history", func() (err error) {
		rep.History, err = runHistory(runCtx, cleanupCtx, f, o)
		return err
	})
	do("explain", func() (err error) {
		rep.Explain, err = runExplain(runCtx, f, o)
		return err
	})
	if timers != nil {
		do("timers", func() (err error) {
			rep.Timers, err = timers.finish(runCtx, cleanupCtx)
			return err
		})
	}
	do("open-chats", func() (err error) {
		rep.OpenChats, err = runOpenChats(runCtx, cleanupCtx, f, o)
		return err
	})
	rep.Resources = sampler.stop()
	f.close(cleanupCtx)
	rep.finish()

	printSummary(os.Stdout, rep)
	if err := writeReport(o.out, rep); err != nil {
		fmt.Fprintln(os.Stderr, "livechat-bench: write report:", err)
		return 1
	}
	fmt.Printf("\nreport written to %s\n", o.out)
	switch {
	case rep.Claim != nil && (rep.Claim.DoubleClaims > 0 || rep.Claim.ProjectionMismatch > 0):
		return 3
	case len(rep.Failures) > 0:
		return 1
	}
	return 0
}

// ready waits (up to 30 s) for GET /readyz to answer 200.
func ready(ctx context.Context, c *client) error {
	deadline := time.Now().Add(30 * time.Second)
	var last error
	for time.Now().Before(deadline) && ctx.Err() == nil {
		_, err := c.do(ctx, nil, http.MethodGet, "/readyz", nil)
		if err == nil {
			return nil
		}
		last = err
		sleep(ctx, 500*time.Millisecond)
	}
	if last == nil {
		last = ctx.Err()
	}
	return fmt.Errorf("%s/readyz is not ready: %w", c.base, last)
}

// profileWindow is how long CPU profiles are taken during the hand-off burst.
func profileWindow(quick bool) time.Duration {
	if quick {
		return 10 * time.Second
	}
	return 30 * time.Second
}

// startProfiles begins capturing profiles (with -profile) beside the
// scenario that runs next; the returned function waits for them and puts
// them in the report.
func startProfiles(ctx context.Context, o options, rep *report) func() {
	if !o.profile {
		return func() {}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		p, err := captureProfiles(ctx, o, o.profileDir, profileWindow(o.quick))
		if err != nil {
			rep.Failures = append(rep.Failures, "profiles: "+err.Error())
			return
		}
		rep.Profiles = p
	}()
	return func() { <-done }
}
