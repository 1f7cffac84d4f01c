package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/google/pprof/profile"
)

// Profiles: CPU over a window and the heap at its end, fetched from the
// net/http/pprof listeners the API and worker open on LIVECHAT_PPROF_ADDR.

// errNoPprof is the answer of captureProfiles without -pprof-api or
// -pprof-worker.
var errNoPprof = errors.New("needs -pprof-api and/or -pprof-worker (the LIVECHAT_PPROF_ADDR of the API and the worker)")

// profileTop is how many functions each profile's top lists.
const profileTop = 10

// profilesResult lists the profile files and their top functions, per
// process ("api", "worker", or "api+worker" for `livechat dev`).
type profilesResult struct {
	Dir           string                      `json:"dir"`
	WindowSeconds int                         `json:"window_seconds"`
	Processes     map[string]*processProfiles `json:"processes"`
}

type processProfiles struct {
	Addr        string `json:"addr"`
	CPUProfile  string `json:"cpu_profile"`
	HeapProfile string `json:"heap_profile"`
	// CPUSampled is the CPU time the profile holds (all cores), and
	// CPUMeanPct that over the window, in percent of one core.
	CPUSampledSeconds float64 `json:"cpu_sampled_seconds"`
	CPUMeanPct        float64 `json:"cpu_mean_pct"`
	// TopCPU are the functions with the most CPU time of their own (flat).
	TopCPU []topFunc `json:"top_cpu"`
	// HeapInuseMiB is the live heap after a GC at the end of the window;
	// TopInuse its largest holders, TopAlloc what allocated the most since
	// the process started.
	HeapInuseMiB float64   `json:"heap_inuse_mib"`
	TopInuse     []topFunc `json:"top_heap_inuse"`
	TopAlloc     []topFunc `json:"top_heap_alloc"`
}

// topFunc is one line of a top: the function's own (flat) and cumulative
// value, in the profile's unit (seconds for CPU, MiB for the heap), and its
// share of the profile's total.
type topFunc struct {
	Function string  `json:"function"`
	Flat     float64 `json:"flat"`
	FlatPct  float64 `json:"flat_pct"`
	Cum      float64 `json:"cum"`
	CumPct   float64 `json:"cum_pct"`
}

// pprofTarget is one process to profile.
type pprofTarget struct{ name, file, addr string }

// pprofTargets are the processes given by -pprof-api and -pprof-worker: one
// when both name the same address (`livechat dev` is both).
func pprofTargets(o options) []pprofTarget {
	if o.pprofAPI != "" && o.pprofAPI == o.pprofWorker {
		return []pprofTarget{{"api+worker", "api-worker", o.pprofAPI}}
	}
	var out []pprofTarget
	if o.pprofAPI != "" {
		out = append(out, pprofTarget{"api", "api", o.pprofAPI})
	}
	if o.pprofWorker != "" {
		out = append(out, pprofTarget{"worker", "worker", o.pprofWorker})
	}
	return out
}

// defaultProfileDir is bench/results/profiles-<UTC date-time>.
func defaultProfileDir(now time.Time) string {
	return filepath.Join("bench", "results", "profiles-"+now.UTC().Format("20060102T150405Z"))
}

// captureProfiles takes a CPU profile of each process over window (whole
// seconds, at least 1; the processes at once) and then its heap (after a
// GC), writes <name>-cpu.pprof and <name>-heap.pprof to dir (default
// bench/results/profiles-<UTC date-time>) and returns their paths with the
// top functions. It blocks for the window: run it beside a scenario.
// `go tool pprof -http :0 <file>` explores a file further.
func captureProfiles(ctx context.Context, o options, dir string, window time.Duration) (*profilesResult, error) {
	targets := pprofTargets(o)
	if len(targets) == 0 {
		return nil, errNoPprof
	}
	for _, t := range targets {
		if err := checkPprofAddr(t.addr); err != nil {
			return nil, fmt.Errorf("pprof %s: %w", t.name, err)
		}
	}
	if dir == "" {
		dir = defaultProfileDir(time.Now())
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	secs := max(1, int(math.Ceil(window.Seconds())))
	res := &profilesResult{Dir: dir, WindowSeconds: secs, Processes: map[string]*processProfiles{}}
	hc := &http.Client{Transport: &http.Transport{Proxy: nil}, Timeout: time.Duration(secs)*time.Second + time.Minute}

	var (
		mu   sync.Mutex
		errs []error
		wg   sync.WaitGroup
	)
	for _, t := range targets {
		wg.Go(func() {
			p, err := captureOne(ctx, hc, t, dir, secs)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, fmt.Errorf("%s (%s): %w", t.name, t.addr, err))
			}
			if p != nil {
				res.Processes[t.name] = p
			}
		})
	}
	wg.Wait()
	return res, errors.Join(errs...)
}

// captureOne profiles one process; what it got is returned even on error.
func captureOne(ctx context.Context, hc *http.Client, t pprofTarget, dir string, secs int) (*processProfiles, error) {
	base := "http://" + t.addr + "/debug/pprof/"
	out := &processProfiles{Addr: t.addr}
	cpu, err := fetch(ctx, hc, base+"profile?seconds="+strconv.Itoa(secs))
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	out.CPUProfile = filepath.Join(dir, t.file+"-cpu.pprof")
	if err := os.WriteFile(out.CPUProfile, cpu, 0o644); err != nil {
		return nil, err
	}
	var errs []error
	if p, err := profile.ParseData(cpu); err != nil {
		errs = append(errs, fmt.Errorf("parse cpu profile: %w", err))
	} else {
		total, top, err := topFunctions(p, "cpu", profileTop)
		if err != nil {
			errs = append(errs, err)
		}
		out.CPUSampledSeconds = round2(total)
		if p.DurationNanos > 0 {
			out.CPUMeanPct = round1(total / (float64(p.DurationNanos) / 1e9) * 100)
		}
		out.TopCPU = top
	}
	heap, err := fetch(ctx, hc, base+"heap?gc=1")
	if err != nil {
		return out, errors.Join(append(errs, fmt.Errorf("heap profile: %w", err))...)
	}
	out.HeapProfile = filepath.Join(dir, t.file+"-heap.pprof")
	if err := os.WriteFile(out.HeapProfile, heap, 0o644); err != nil {
		return out, errors.Join(append(errs, err)...)
	}
	if p, err := profile.ParseData(heap); err != nil {
		errs = append(errs, fmt.Errorf("parse heap profile: %w", err))
	} else {
		inuse, top, err := topFunctions(p, "inuse_space", profileTop)
		if err != nil {
			errs = append(errs, err)
		}
		out.HeapInuseMiB, out.TopInuse = round1(inuse), top
		if _, top, err = topFunctions(p, "alloc_space", profileTop); err != nil {
			errs = append(errs, err)
		}
		out.TopAlloc = top
	}
	return out, errors.Join(errs...)
}

// fetch GETs a pprof URL; the body is the profile (gzipped protobuf).
func fetch(ctx context.Context, hc *http.Client, url string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 256<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: status %d: %s", url, resp.StatusCode, bytes.TrimSpace(body[:min(len(body), 200)]))
	}
	return body, nil
}

// topFunctions sums the samples of one sample type ("cpu", "inuse_space",
// "alloc_space") by function, as `go tool pprof -top` does at function
// granularity: flat goes to the innermost function of a sample's leaf
// location (inlined frames included), cum to every function on the stack
// once. Values are converted to seconds (nanoseconds) or MiB (bytes). It
// returns the profile's total and the n functions with the most flat.
func topFunctions(p *profile.Profile, sampleType string, n int) (float64, []topFunc, error) {
	idx := -1
	for i, st := range p.SampleType {
		if st.Type == sampleType {
			idx = i
		}
	}
	if idx < 0 {
		return 0, nil, fmt.Errorf("profile has no %q samples", sampleType)
	}
	scale := 1.0
	switch p.SampleType[idx].Unit {
	case "nanoseconds":
		scale = 1e-9
	case "bytes":
		scale = 1.0 / (1 << 20)
	}
	flat := map[string]int64{}
	cum := map[string]int64{}
	var total int64
	for _, s := range p.Sample {
		v := s.Value[idx]
		if v == 0 {
			continue
		}
		total += v
		seen := map[string]bool{}
		for i, loc := range s.Location {
			for j, line := range loc.Line {
				name := functionName(line.Function, loc)
				if i == 0 && j == 0 {
					flat[name] += v
				}
				if !seen[name] {
					seen[name] = true
					cum[name] += v
				}
			}
			if len(loc.Line) == 0 {
				name := functionName(nil, loc)
				if i == 0 {
					flat[name] += v
				}
				if !seen[name] {
					seen[name] = true
					cum[name] += v
				}
			}
		}
	}
	names := make([]string, 0, len(cum))
	for name := range cum {
		names = append(names, name)
	}
	sort.Slice(names, func(a, b int) bool {
		if flat[names[a]] != flat[names[b]] {
			return flat[names[a]] > flat[names[b]]
		}
		if cum[names[a]] != cum[names[b]] {
			return cum[names[a]] > cum[names[b]]
		}
		return names[a] < names[b]
	})
	if len(names) > n {
		names = names[:n]
	}
	pct := func(v int64) float64 {
		if total == 0 {
			return 0
		}
		return round1(float64(v) / float64(total) * 100)
	}
	top := make([]topFunc, 0, len(names))
	for _, name := range names {
		top = append(top, topFunc{
			Function: name,
			Flat:     round2(float64(flat[name]) * scale), FlatPct: pct(flat[name]),
			Cum: round2(float64(cum[name]) * scale), CumPct: pct(cum[name]),
		})
	}
	return float64(total) * scale, top, nil
}

// functionName names a frame, falling back on its address when the
// profile carries no symbol.
func functionName(fn *profile.Function, loc *profile.Location) string {
	if fn != nil && fn.Name != "" {
		return fn.Name
	}
	return fmt.Sprintf("0x%x", loc.Address)
}

// checkPprofAddr accepts a loopback host:port.
func checkPprofAddr(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%q: want a loopback host:port such as 127.0.0.1:6060: %w", addr, err)
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return fmt.Errorf("%q: bad port", addr)
	}
	return checkLoopbackHost(host)
}

// printProfiles writes the profile lines of the text summary: the files
// and each CPU profile's top functions.
func printProfiles(w io.Writer, r *profilesResult) {
	if r == nil {
		return
	}
	_, _ = fmt.Fprintf(w, "profiles    %d s CPU window, written to %s\n", r.WindowSeconds, r.Dir)
	for _, n := range slices.Sorted(maps.Keys(r.Processes)) {
		p := r.Processes[n]
		_, _ = fmt.Fprintf(w, "  %s: %.1f s CPU sampled (%.1f%% of one core), live heap %.1f MiB after GC\n",
			n, p.CPUSampledSeconds, p.CPUMeanPct, p.HeapInuseMiB)
		_, _ = fmt.Fprintf(w, "    %8s %6s %8s %6s  %s\n", "flat s", "flat%", "cum s", "cum%", "function (top by own CPU)")
		for _, f := range p.TopCPU {
			_, _ = fmt.Fprintf(w, "    %8.2f %5.1f%% %8.2f %5.1f%%  %s\n", f.Flat, f.FlatPct, f.Cum, f.CumPct, f.Function)
		}
	}
}
