package main

import (
	"context"
	"flag"
	"net/http"
	"net/http/httptest"
	"net/http/pprof"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/pprof/profile"
	"github.com/stretchr/testify/require"
)

func TestParseStat(t *testing.T) {
	// A real line of `livechat dev` (parent 1; utime 4213, stime 377; children 7 and 3).
	line := "12345 (livechat) S 1 12345 12345 0 -1 4194560 98231 0 12 0 4213 377 7 3 20 0 14 0 555123 2147483648 30000 18446744073709551615 1 1 0 0 0 0 0 0 2143420159 0 0 0 17 1 0 0 0 0 0\n"
	st, err := parseStat(line)
	require.NoError(t, err)
	require.Equal(t, procStat{ppid: 1, ticks: 4213 + 377, childTicks: 10}, st)

	// The command name may hold spaces and parentheses.
	line = "77 (my (odd) cmd) R 1 77 77 0 -1 0 0 0 0 0 10 5 0 0 20 0 1 0 1 0 0\n"
	st, err = parseStat(line)
	require.NoError(t, err)
	require.Equal(t, uint64(15), st.ticks)

	for _, bad := range []string{"", "12 livechat S 1", "12 (x) S 1 2 3", "12 (x) S 1 1 1 0 -1 0 0 0 0 0 abc 5 0 0 0"} {
		_, err := parseStat(bad)
		require.Error(t, err, bad)
	}
}

func TestSumPostgresTicks(t *testing.T) {
	stats := map[int]procStat{
		100: {ppid: 1, ticks: 50, childTicks: 400},   // the postmaster: its reaped backends count
		101: {ppid: 100, ticks: 30, childTicks: 999}, // a backend: its own children do not
		102: {ppid: 100, ticks: 20},
	}
	n, err := sumPostgresTicks(stats)
	require.NoError(t, err)
	require.Equal(t, uint64(50+400+30+20), n)
	_, err = sumPostgresTicks(map[int]procStat{})
	require.Error(t, err, "no server here")
}

func TestParseStatusKiB(t *testing.T) {
	status := "Name:\tlivechat\nVmPeak:\t 2000000 kB\nVmHWM:\t  180224 kB\nVmRSS:\t  153600 kB\nThreads:\t14\n"
	n, err := parseStatusKiB(status, "VmRSS")
	require.NoError(t, err)
	require.Equal(t, int64(153600), n)
	n, err = parseStatusKiB(status, "VmHWM")
	require.NoError(t, err)
	require.Equal(t, int64(180224), n)
	_, err = parseStatusKiB("Name:\tkthreadd\nThreads:\t1\n", "VmRSS")
	require.Error(t, err, "kernel threads have no VmRSS")
	_, err = parseStatusKiB("VmRSS:\t  lots kB\n", "VmRSS")
	require.Error(t, err)
}

func TestCPUPct(t *testing.T) {
	require.InDelta(t, 100.0, cpuPct(100, 1), 1e-9, "100 ticks in 1 s: one core")
	require.InDelta(t, 150.0, cpuPct(300, 2), 1e-9, "1.5 cores")
	require.Zero(t, cpuPct(10, 0))
}

func TestSampledProcesses(t *testing.T) {
	require.Equal(t, []procSpec{{"api+worker", 10}, {"temporal", 11}, {"postgres", 0}},
		sampledProcesses(options{apiPID: 10, workerPID: 10, temporalPID: 11}), "livechat dev: one process")
	require.Equal(t, []procSpec{{"api", 10}, {"worker", 12}, {"postgres", 0}},
		sampledProcesses(options{apiPID: 10, workerPID: 12}))
	require.Equal(t, []procSpec{{"worker", 12}, {"postgres", 0}}, sampledProcesses(options{workerPID: 12}))
	require.Empty(t, sampledProcesses(options{}))
}

func TestPgTrackMeansAndMaxima(t *testing.T) {
	tr := &pgTrack{apps: map[string]*pgAppTrack{}}
	tr.add([]pgCount{{"livechat-api", "idle", 4}, {"livechat-api", "active", 2}, {"livechat-worker", "idle", 3}})
	tr.add([]pgCount{{"livechat-api", "idle", 6}, {"", "idle in transaction", 1}})
	u := tr.usage()
	require.InDelta(t, 8.0, u.ConnectionsMean, 1e-9) // (9 + 7) / 2
	require.Equal(t, 9, u.ConnectionsMax)
	require.InDelta(t, 1.0, u.ActiveConnectionsMean, 1e-9)
	require.Equal(t, 2, u.ActiveConnectionsMax)
	require.InDelta(t, 6.5, u.IdleConnectionsMean, 1e-9) // (7 + 6) / 2
	require.Equal(t, 7, u.IdleConnectionsMax)
	require.Equal(t, &pgAppUsage{ConnectionsMean: 6, ConnectionsMax: 6}, u.ByApplication["livechat-api"])
	require.Equal(t, &pgAppUsage{ConnectionsMean: 1.5, ConnectionsMax: 3}, u.ByApplication["livechat-worker"], "gone in the second sample")
	require.Equal(t, &pgAppUsage{ConnectionsMean: 0.5, ConnectionsMax: 1}, u.ByApplication["(unnamed)"], "absent in the first sample")
}

// The sampler reads this test's own process: a start and a final sample
// are enough for a CPU figure, without waiting for a tick.
func TestSamplerReadsAProcess(t *testing.T) {
	pid := os.Getpid()
	s := newSampler(context.Background(), nil, []procSpec{{"self", pid}, {"gone", 1 << 30}}, time.Hour)
	// Burn CPU until the kernel has counted some (a tick is 10 ms).
	start, err := readStatTicks(pid)
	require.NoError(t, err)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		if now, err := readStatTicks(pid); err != nil || now > start+2 {
			break
		}
	}
	r := s.stop()
	require.Same(t, r, s.stop(), "stop is idempotent")
	require.Equal(t, 2, r.Samples)
	self := r.Processes["self"]
	require.Equal(t, pid, self.PID)
	require.Positive(t, self.RSSMaxMiB)
	require.GreaterOrEqual(t, self.RSSMaxMiB, self.RSSMeanMiB)
	require.Positive(t, self.CPUMeanPct, "a busy loop")
	require.Positive(t, self.CPUSeconds)
	require.GreaterOrEqual(t, self.CPUMaxPct, self.CPUMeanPct, "one interval: max is the mean")
	require.Nil(t, r.Postgres)
	notes := strings.Join(r.Notes, "\n")
	require.Contains(t, notes, "gone (pid 1073741824)")
	require.Contains(t, notes, "-database-url")

	var b strings.Builder
	printResources(&b, r)
	require.Contains(t, b.String(), "self")
	require.Contains(t, b.String(), "RSS")
}

func TestResourceFlags(t *testing.T) {
	var o options
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	registerResourceFlags(fs, &o)
	require.NoError(t, fs.Parse([]string{"-api-pid", "1", "-pprof-api", "127.0.0.1:16061", "-pprof-worker", "[::1]:16062", "-profile-dir", "/tmp/p"}))
	require.Equal(t, options{apiPID: 1, pprofAPI: "127.0.0.1:16061", pprofWorker: "[::1]:16062", profileDir: "/tmp/p"}, o)
	require.NoError(t, checkResourceFlags(o))

	for _, bad := range []options{
		{pprofAPI: "10.0.0.1:6060"}, {pprofWorker: ":6060"}, {pprofAPI: "127.0.0.1"}, {pprofAPI: "localhost:x"}, {apiPID: 1 << 30},
	} {
		require.Error(t, checkResourceFlags(bad), "%+v", bad)
	}
}

func TestPprofTargets(t *testing.T) {
	require.Equal(t, []pprofTarget{{"api+worker", "api-worker", "127.0.0.1:1"}},
		pprofTargets(options{pprofAPI: "127.0.0.1:1", pprofWorker: "127.0.0.1:1"}))
	require.Equal(t, []pprofTarget{{"api", "api", "127.0.0.1:1"}, {"worker", "worker", "127.0.0.1:2"}},
		pprofTargets(options{pprofAPI: "127.0.0.1:1", pprofWorker: "127.0.0.1:2"}))
	_, err := captureProfiles(context.Background(), options{}, t.TempDir(), time.Second)
	require.ErrorIs(t, err, errNoPprof)
	_, err = captureProfiles(context.Background(), options{pprofAPI: "192.168.0.1:6060"}, t.TempDir(), time.Second)
	require.Error(t, err)
	require.Contains(t, err.Error(), "loopback")
}

func TestTopFunctions(t *testing.T) {
	fn := func(id uint64, name string) *profile.Function { return &profile.Function{ID: id, Name: name} }
	handle, write, marshal, inlined := fn(1, "api.handle"), fn(2, "syscall.write"), fn(3, "json.Marshal"), fn(4, "bytes.grow")
	loc := func(id uint64, fns ...*profile.Function) *profile.Location {
		l := &profile.Location{ID: id}
		for _, f := range fns {
			l.Line = append(l.Line, profile.Line{Function: f})
		}
		return l
	}
	lHandle, lWrite, lMarshal := loc(1, handle), loc(2, write), loc(3, inlined, marshal) // bytes.grow inlined into json.Marshal
	p := &profile.Profile{
		SampleType: []*profile.ValueType{{Type: "samples", Unit: "count"}, {Type: "cpu", Unit: "nanoseconds"}},
		Sample: []*profile.Sample{
			{Location: []*profile.Location{lWrite, lHandle}, Value: []int64{3, 3e9}},
			{Location: []*profile.Location{lMarshal, lHandle}, Value: []int64{1, 1e9}},
			{Location: []*profile.Location{lHandle}, Value: []int64{1, 5e8}},
			{Location: []*profile.Location{lHandle, lHandle}, Value: []int64{1, 5e8}}, // recursion counts once in cum
		},
		Location: []*profile.Location{lHandle, lWrite, lMarshal},
		Function: []*profile.Function{handle, write, marshal, inlined},
	}
	total, top, err := topFunctions(p, "cpu", 3)
	require.NoError(t, err)
	require.InDelta(t, 5.0, total, 1e-9)
	require.Equal(t, []topFunc{
		{Function: "syscall.write", Flat: 3, FlatPct: 60, Cum: 3, CumPct: 60},
		{Function: "api.handle", Flat: 1, FlatPct: 20, Cum: 5, CumPct: 100},
		{Function: "bytes.grow", Flat: 1, FlatPct: 20, Cum: 1, CumPct: 20},
	}, top)

	_, _, err = topFunctions(p, "inuse_space", 3)
	require.Error(t, err)
}

// captureProfiles against a real net/http/pprof listener: this test's own
// process, which is both "api" and "worker" (one set of profiles). The CPU
// profile lasts its shortest window, one second.
func TestCaptureProfilesFromAPprofListener(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { // something to profile
		for ctx.Err() == nil {
			_ = strings.Repeat("x", 1024)
		}
	}()
	dir := t.TempDir()
	r, err := captureProfiles(ctx, options{pprofAPI: addr, pprofWorker: addr}, dir, 300*time.Millisecond)
	require.NoError(t, err)
	require.Equal(t, 1, r.WindowSeconds, "rounded up to a whole second")
	require.Len(t, r.Processes, 1)
	p := r.Processes["api+worker"]
	require.NotNil(t, p)
	require.Equal(t, filepath.Join(dir, "api-worker-cpu.pprof"), p.CPUProfile)
	require.Equal(t, filepath.Join(dir, "api-worker-heap.pprof"), p.HeapProfile)
	for _, f := range []string{p.CPUProfile, p.HeapProfile} {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		_, err = profile.ParseData(b)
		require.NoError(t, err, f)
	}
	require.NotEmpty(t, p.TopCPU)
	require.LessOrEqual(t, len(p.TopCPU), profileTop)
	require.Positive(t, p.CPUSampledSeconds)
	require.Positive(t, p.HeapInuseMiB)
	require.NotEmpty(t, p.TopAlloc)

	var b strings.Builder
	printProfiles(&b, r)
	require.Contains(t, b.String(), p.TopCPU[0].Function)
}
