package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Resource sampling: while the scenarios run, the CPU and resident memory of
// the API and worker processes (and the Temporal server) are read from /proc
// every second, the CPU of the PostgreSQL server when it runs on this
// machine, and the stack's PostgreSQL connections from pg_stat_activity.

const (
	sampleEvery = time.Second
	// clockTicks is USER_HZ, the unit of utime and stime in /proc/<pid>/stat:
	// 100 on every Linux architecture Go runs the bench on.
	clockTicks = 100
)

// registerResourceFlags adds the flags of resource sampling and profiles.
func registerResourceFlags(fs *flag.FlagSet, o *options) {
	fs.IntVar(&o.apiPID, "api-pid", 0, "pid of the API process (`livechat api`; under `livechat dev` the same as -worker-pid): its CPU and resident memory are sampled every second")
	fs.StringVar(&o.pprofAPI, "pprof-api", "", "loopback host:port of the API's LIVECHAT_PPROF_ADDR: CPU and heap profiles are written to -profile-dir")
	fs.StringVar(&o.pprofWorker, "pprof-worker", "", "loopback host:port of the worker's LIVECHAT_PPROF_ADDR (the same as -pprof-api under `livechat dev`)")
	fs.StringVar(&o.profileDir, "profile-dir", "", "where profiles are written (default bench/results/profiles-<UTC date-time>/)")
}

// checkResourceFlags validates the flags of registerResourceFlags once they
// are parsed: the pids exist, the pprof addresses are loopback host:ports.
func checkResourceFlags(o options) error {
	if o.apiPID != 0 {
		if _, err := os.Stat(fmt.Sprintf("/proc/%d/stat", o.apiPID)); err != nil {
			return fmt.Errorf("-api-pid %d: %w", o.apiPID, err)
		}
	}
	for name, addr := range map[string]string{"pprof-api": o.pprofAPI, "pprof-worker": o.pprofWorker} {
		if addr == "" {
			continue
		}
		if err := checkPprofAddr(addr); err != nil {
			return fmt.Errorf("-%s: %w", name, err)
		}
	}
	return nil
}

// procSpec is one process to sample; pid 0 stands for every process of the
// PostgreSQL server on this machine (postgresName).
type procSpec struct {
	name string
	pid  int
}

// postgresName names the PostgreSQL server's processes among the sampled.
const postgresName = "postgres"

// sampledProcesses are the processes given by pid: "api" and "worker", or
// one "api+worker" when they are the same process (`livechat dev`), and
// "temporal"; and "postgres" when the stack was given by pid (it runs here,
// so its PostgreSQL does too).
func sampledProcesses(o options) []procSpec {
	var out []procSpec
	switch {
	case o.apiPID != 0 && o.apiPID == o.workerPID:
		out = append(out, procSpec{"api+worker", o.apiPID})
	default:
		if o.apiPID != 0 {
			out = append(out, procSpec{"api", o.apiPID})
		}
		if o.workerPID != 0 {
			out = append(out, procSpec{"worker", o.workerPID})
		}
	}
	if o.temporalPID != 0 {
		out = append(out, procSpec{"temporal", o.temporalPID})
	}
	if len(out) > 0 {
		out = append(out, procSpec{postgresName, 0})
	}
	return out
}

// resourceResult is what a sampler saw between start and stop.
type resourceResult struct {
	IntervalMs      int64   `json:"interval_ms"`
	Samples         int     `json:"samples"`
	DurationSeconds float64 `json:"duration_seconds"`
	// CPU% is of one core: 200 is both cores of a 2-core machine.
	Processes map[string]*processUsage `json:"processes,omitempty"`
	Postgres  *pgUsage                 `json:"postgres,omitempty"`
	Notes     []string                 `json:"notes,omitempty"`
}

// processUsage is one process's CPU and resident memory.
type processUsage struct {
	PID        int     `json:"pid,omitempty"` // none for PostgreSQL's processes
	CPUSeconds float64 `json:"cpu_seconds"`
	CPUMeanPct float64 `json:"cpu_mean_pct"`
	CPUMaxPct  float64 `json:"cpu_max_pct"`
	// No resident memory for PostgreSQL: its processes share their buffers.
	RSSStartMiB float64 `json:"rss_start_mib,omitempty"`
	RSSMeanMiB  float64 `json:"rss_mean_mib,omitempty"`
	RSSMaxMiB   float64 `json:"rss_max_mib,omitempty"`
	RSSEndMiB   float64 `json:"rss_end_mib,omitempty"`
}

// pgUsage counts the client connections to the stack's database (the
// sampler's own excluded), in total, by state and by application_name
// (PGAPPNAME of each process; "(unnamed)" when unset).
type pgUsage struct {
	ConnectionsMean       float64                `json:"connections_mean"`
	ConnectionsMax        int                    `json:"connections_max"`
	ActiveConnectionsMean float64                `json:"active_connections_mean"`
	ActiveConnectionsMax  int                    `json:"active_connections_max"`
	IdleConnectionsMean   float64                `json:"idle_connections_mean"`
	IdleConnectionsMax    int                    `json:"idle_connections_max"`
	ByApplication         map[string]*pgAppUsage `json:"by_application,omitempty"`
}

type pgAppUsage struct {
	ConnectionsMean float64 `json:"connections_mean"`
	ConnectionsMax  int     `json:"connections_max"`
}

// sampler samples until stop.
type sampler struct {
	db      *pgxpool.Pool
	procs   []*procTrack
	pg      *pgTrack
	started time.Time
	samples int
	notes   []string

	cancel context.CancelFunc
	done   <-chan struct{}
	once   sync.Once
	result *resourceResult
}

// startSampler starts sampling the processes given by -api-pid,
// -worker-pid and -temporal-pid and, with f.db, the PostgreSQL
// connections, every second until stop (or until ctx ends).
func startSampler(ctx context.Context, f *fixture, o options) *sampler {
	var pool *pgxpool.Pool
	if f != nil {
		pool = f.db
	}
	return newSampler(ctx, pool, sampledProcesses(o), sampleEvery)
}

func newSampler(ctx context.Context, pool *pgxpool.Pool, procs []procSpec, every time.Duration) *sampler {
	ctx, cancel := context.WithCancel(ctx)
	s := &sampler{db: pool, started: time.Now(), cancel: cancel}
	for _, p := range procs {
		s.procs = append(s.procs, &procTrack{name: p.name, pid: p.pid})
	}
	if pool != nil {
		s.pg = &pgTrack{apps: map[string]*pgAppTrack{}}
	}
	s.sample(ctx)
	s.done = repeat(ctx, every, func() { s.sample(ctx) })
	return s
}

// stop ends the sampling, takes a last sample and returns the result (the
// same one on every call).
func (s *sampler) stop() *resourceResult {
	s.once.Do(func() {
		s.cancel()
		<-s.done
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		s.sample(ctx)
		s.result = s.summarise()
	})
	return s.result
}

// sample reads every process and the connection counts once. Only the
// sampling goroutine, and stop once it has ended, call it.
func (s *sampler) sample(ctx context.Context) {
	now := time.Now()
	s.samples++
	for _, p := range s.procs {
		p.sample(now)
	}
	if s.pg != nil {
		qctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		err := s.pg.sample(qctx, s.db)
		cancel()
		if err != nil && ctx.Err() == nil {
			s.note("postgres connections: " + err.Error())
		}
	}
}

// note records a problem once.
func (s *sampler) note(n string) {
	for _, have := range s.notes {
		if have == n {
			return
		}
	}
	s.notes = append(s.notes, n)
}

func (s *sampler) summarise() *resourceResult {
	r := &resourceResult{
		IntervalMs:      sampleEvery.Milliseconds(),
		Samples:         s.samples,
		DurationSeconds: round2(time.Since(s.started).Seconds()),
		Notes:           s.notes,
	}
	if len(s.procs) > 0 {
		r.Processes = map[string]*processUsage{}
	} else {
		r.Notes = append(r.Notes, "no process sampled: pass -api-pid and -worker-pid (scripts/bench.sh does when it starts the stack)")
	}
	for _, p := range s.procs {
		u, note := p.usage()
		r.Processes[p.name] = u
		if note != "" {
			r.Notes = append(r.Notes, note)
		}
	}
	if s.pg != nil {
		r.Postgres = s.pg.usage()
	} else {
		r.Notes = append(r.Notes, "PostgreSQL connections not sampled: pass -database-url")
	}
	return r
}

// procTrack accumulates one process's samples.
type procTrack struct {
	name string
	pid  int

	firstTicks, lastTicks uint64
	firstAt, lastAt       time.Time
	cpuSamples            int
	cpuMaxPct             float64

	rssFirst, rssLast, rssMax, rssSum int64 // KiB
	rssSamples                        int
	err                               error
}

func (p *procTrack) sample(now time.Time) {
	if p.pid == 0 {
		ticks, err := postgresTicks()
		p.sampleCPU(now, ticks, err)
		return
	}
	ticks, err := readStatTicks(p.pid)
	p.sampleCPU(now, ticks, err)
	kib, err := readStatusKiB(p.pid, "VmRSS")
	if err == nil {
		if p.rssSamples == 0 {
			p.rssFirst = kib
		}
		p.rssLast = kib
		p.rssMax = max(p.rssMax, kib)
		p.rssSum += kib
		p.rssSamples++
	}
	if err != nil && p.err == nil {
		p.err = err
	}
}

// sampleCPU folds one reading of the process's CPU time in.
func (p *procTrack) sampleCPU(now time.Time, ticks uint64, err error) {
	if err != nil {
		if p.err == nil {
			p.err = err
		}
		return
	}
	if p.cpuSamples > 0 {
		if wall := now.Sub(p.lastAt).Seconds(); wall > 0 && ticks >= p.lastTicks {
			p.cpuMaxPct = max(p.cpuMaxPct, cpuPct(ticks-p.lastTicks, wall))
		}
	} else {
		p.firstTicks, p.firstAt = ticks, now
	}
	p.lastTicks, p.lastAt = ticks, now
	p.cpuSamples++
}

// usage is the process's figures, and a note when it could not be read.
func (p *procTrack) usage() (*processUsage, string) {
	u := &processUsage{PID: p.pid}
	if p.cpuSamples > 1 {
		ticks := p.lastTicks - p.firstTicks
		u.CPUSeconds = round2(float64(ticks) / clockTicks)
		u.CPUMeanPct = round1(cpuPct(ticks, p.lastAt.Sub(p.firstAt).Seconds()))
		u.CPUMaxPct = round1(p.cpuMaxPct)
	}
	if p.rssSamples > 0 {
		u.RSSStartMiB = kibToMiB(p.rssFirst)
		u.RSSMeanMiB = kibToMiB(p.rssSum / int64(p.rssSamples))
		u.RSSMaxMiB = kibToMiB(p.rssMax)
		u.RSSEndMiB = kibToMiB(p.rssLast)
	}
	if p.err != nil {
		return u, fmt.Sprintf("%s (pid %d): %v", p.name, p.pid, p.err)
	}
	return u, ""
}

// cpuPct is CPU time in clock ticks over wall seconds, in percent of one core.
func cpuPct(ticks uint64, wall float64) float64 {
	if wall <= 0 {
		return 0
	}
	return float64(ticks) / clockTicks / wall * 100
}

func readStatTicks(pid int) (uint64, error) {
	st, err := readStat(pid)
	return st.ticks, err
}

func readStat(pid int) (procStat, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return procStat{}, err
	}
	return parseStat(string(b))
}

// procStat is what the sampler reads of /proc/<pid>/stat.
type procStat struct {
	ppid int
	// ticks is utime + stime (fields 14 and 15, in clock ticks): the CPU
	// time of all the process's threads; childTicks is cutime + cstime
	// (16 and 17), that of its children that exited and were waited for.
	ticks, childTicks uint64
}

// parseStat reads a /proc/<pid>/stat line. The command name (field 2) is
// in parentheses and may hold spaces and parentheses itself, so the fields
// are counted after its last ')'.
func parseStat(line string) (procStat, error) {
	i := strings.LastIndexByte(line, ')')
	if i < 0 {
		return procStat{}, errors.New("stat: no command name")
	}
	f := strings.Fields(line[i+1:]) // f[0] is field 3, the state
	if len(f) < 15 {
		return procStat{}, fmt.Errorf("stat: %d fields after the command name, want at least 15", len(f))
	}
	var n [5]uint64
	for k, field := range []int{1, 11, 12, 13, 14} {
		v, err := strconv.ParseUint(f[field], 10, 64)
		if err != nil {
			return procStat{}, fmt.Errorf("stat field %d: %w", field+3, err)
		}
		n[k] = v
	}
	return procStat{ppid: int(n[0]), ticks: n[1] + n[2], childTicks: n[3] + n[4]}, nil
}

// postgresTicks is the CPU time of the PostgreSQL server on this machine:
// that of its live processes (every process named postgres) and what its
// postmaster (the one whose parent is not postgres) counts of the backends
// that exited.
func postgresTicks() (uint64, error) {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0, err
	}
	stats := map[int]procStat{}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		comm, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
		if err != nil || strings.TrimSpace(string(comm)) != postgresName {
			continue
		}
		if st, err := readStat(pid); err == nil {
			stats[pid] = st
		}
	}
	return sumPostgresTicks(stats)
}

// sumPostgresTicks adds up the PostgreSQL processes' CPU time (postgresTicks).
func sumPostgresTicks(stats map[int]procStat) (uint64, error) {
	var total uint64
	postmasters := 0
	for _, st := range stats {
		total += st.ticks
		if _, child := stats[st.ppid]; !child {
			total += st.childTicks
			postmasters++
		}
	}
	if postmasters == 0 {
		return 0, errors.New("no PostgreSQL server process on this machine")
	}
	return total, nil
}

func readStatusKiB(pid int, field string) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	return parseStatusKiB(string(b), field)
}

// parseStatusKiB returns a "Field:   1234 kB" value of /proc/<pid>/status.
func parseStatusKiB(status, field string) (int64, error) {
	for line := range strings.Lines(status) {
		v, ok := strings.CutPrefix(line, field+":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		num, unit, _ := strings.Cut(v, " ")
		if unit != "kB" {
			return 0, fmt.Errorf("status %s: unexpected value %q", field, v)
		}
		n, err := strconv.ParseInt(num, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("status %s: %w", field, err)
		}
		return n, nil
	}
	return 0, fmt.Errorf("status: no %s line", field)
}

// pgConnQuery counts client connections to the current database by
// application and state, leaving out the sampler's own.
const pgConnQuery = `SELECT COALESCE(application_name, ''), COALESCE(state, ''), count(*)
FROM pg_stat_activity
WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()
GROUP BY 1, 2`

// pgCount is one row of pgConnQuery.
type pgCount struct {
	app, state string
	n          int
}

// pgTrack accumulates the connection counts.
type pgTrack struct {
	samples             int
	total, active, idle pgStat
	apps                map[string]*pgAppTrack
}

type pgStat struct{ sum, max int }

func (s *pgStat) add(n int) { s.sum += n; s.max = max(s.max, n) }

type pgAppTrack struct{ pgStat }

func (t *pgTrack) sample(ctx context.Context, pool *pgxpool.Pool) error {
	rows, err := pool.Query(ctx, pgConnQuery)
	if err != nil {
		return err
	}
	var counts []pgCount
	for rows.Next() {
		var c pgCount
		if err := rows.Scan(&c.app, &c.state, &c.n); err != nil {
			rows.Close()
			return err
		}
		counts = append(counts, c)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	t.add(counts)
	return nil
}

// add folds one sample's rows into the totals.
func (t *pgTrack) add(counts []pgCount) {
	t.samples++
	var total, active, idle int
	perApp := map[string]int{}
	for _, c := range counts {
		total += c.n
		switch c.state {
		case "active":
			active += c.n
		case "idle":
			idle += c.n
		}
		app := c.app
		if app == "" {
			app = "(unnamed)"
		}
		perApp[app] += c.n
	}
	t.total.add(total)
	t.active.add(active)
	t.idle.add(idle)
	for app := range t.apps {
		if _, ok := perApp[app]; !ok {
			perApp[app] = 0
		}
	}
	for app, n := range perApp {
		a := t.apps[app]
		if a == nil {
			// An application first seen now had no connection before.
			a = &pgAppTrack{}
			t.apps[app] = a
		}
		a.add(n)
	}
}

func (t *pgTrack) usage() *pgUsage {
	if t.samples == 0 {
		return &pgUsage{}
	}
	mean := func(s pgStat) float64 { return round1(float64(s.sum) / float64(t.samples)) }
	u := &pgUsage{
		ConnectionsMean: mean(t.total), ConnectionsMax: t.total.max,
		ActiveConnectionsMean: mean(t.active), ActiveConnectionsMax: t.active.max,
		IdleConnectionsMean: mean(t.idle), IdleConnectionsMax: t.idle.max,
	}
	if len(t.apps) > 0 {
		u.ByApplication = map[string]*pgAppUsage{}
		for app, a := range t.apps {
			u.ByApplication[app] = &pgAppUsage{ConnectionsMean: mean(a.pgStat), ConnectionsMax: a.max}
		}
	}
	return u
}

// printResources writes the resource lines of the text summary.
func printResources(w io.Writer, r *resourceResult) {
	if r == nil {
		return
	}
	_, _ = fmt.Fprintf(w, "resources   %d samples over %.1f s (CPU %% of one core)\n", r.Samples, r.DurationSeconds)
	for _, n := range slices.Sorted(maps.Keys(r.Processes)) {
		p := r.Processes[n]
		if p.PID == 0 {
			_, _ = fmt.Fprintf(w, "  %-11s all      CPU mean %5.1f%% max %5.1f%% (%.1f s)\n", n, p.CPUMeanPct, p.CPUMaxPct, p.CPUSeconds)
			continue
		}
		_, _ = fmt.Fprintf(w, "  %-11s pid %-7d CPU mean %5.1f%% max %5.1f%% (%.1f s)   RSS %.1f → mean %.1f, max %.1f, end %.1f MiB\n",
			n, p.PID, p.CPUMeanPct, p.CPUMaxPct, p.CPUSeconds, p.RSSStartMiB, p.RSSMeanMiB, p.RSSMaxMiB, p.RSSEndMiB)
	}
	if pg := r.Postgres; pg != nil {
		_, _ = fmt.Fprintf(w, "  postgres    connections mean %.1f max %d (active mean %.1f max %d, idle mean %.1f max %d)\n",
			pg.ConnectionsMean, pg.ConnectionsMax, pg.ActiveConnectionsMean, pg.ActiveConnectionsMax, pg.IdleConnectionsMean, pg.IdleConnectionsMax)
		apps := make([]string, 0, len(pg.ByApplication))
		for a := range pg.ByApplication {
			apps = append(apps, a)
		}
		sort.Strings(apps)
		for _, a := range apps {
			_, _ = fmt.Fprintf(w, "              %-20s mean %.1f max %d\n", a, pg.ByApplication[a].ConnectionsMean, pg.ByApplication[a].ConnectionsMax)
		}
	}
	for _, n := range r.Notes {
		_, _ = fmt.Fprintf(w, "  note: %s\n", n)
	}
}

func kibToMiB(kib int64) float64 { return round1(float64(kib) / 1024) }
func round1(v float64) float64   { return math.Round(v*10) / 10 }
func round2(v float64) float64   { return math.Round(v*100) / 100 }
