package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
)

// summaryMain is `livechat-bench summary`: it joins the reports of one
// suite run (the lifecycle scenarios and the messaging load) into one JSON
// file and a short Markdown summary with every latency distribution
// (p50/p95/p99), the throughputs, the correctness counts (lost, duplicated,
// double claims, capacity violations) and the resources used.
func summaryMain(args []string) int {
	fs := flag.NewFlagSet("livechat-bench summary", flag.ContinueOnError)
	out := fs.String("out", "", "combined JSON report (required)")
	md := fs.String("md", "", "Markdown summary (default: -out with .md)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *out == "" || fs.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: livechat-bench summary -out combined.json [-md summary.md] report.json...")
		return 2
	}
	if *md == "" {
		*md = strings.TrimSuffix(*out, filepath.Ext(*out)) + ".md"
	}
	combined, err := combineReports(fs.Args())
	if err != nil {
		fmt.Fprintln(os.Stderr, "livechat-bench summary:", err)
		return 1
	}
	if err := writeReport(*out, combined); err != nil {
		fmt.Fprintln(os.Stderr, "livechat-bench summary:", err)
		return 1
	}
	f, err := os.Create(*md)
	if err != nil {
		fmt.Fprintln(os.Stderr, "livechat-bench summary:", err)
		return 1
	}
	writeMarkdown(f, combined)
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "livechat-bench summary:", err)
		return 1
	}
	fmt.Printf("suite report written to %s and %s\n", *out, *md)
	return 0
}

// suiteReport is the combined report: each part under its name
// ("lifecycle", "messaging").
type suiteReport struct {
	Tool        string                    `json:"tool"`
	GeneratedAt time.Time                 `json:"generated_at"`
	Parts       map[string]map[string]any `json:"parts"`
}

func combineReports(paths []string) (*suiteReport, error) {
	out := &suiteReport{Tool: "livechat-bench suite", GeneratedAt: time.Now().UTC(), Parts: map[string]map[string]any{}}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		var part map[string]any
		if err := json.Unmarshal(b, &part); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		name := "lifecycle"
		if mode, _ := part["mode"].(string); mode != "" {
			name = mode
		}
		if _, dup := out.Parts[name]; dup {
			return nil, fmt.Errorf("%s: a second %q report", p, name)
		}
		out.Parts[name] = part
	}
	if len(out.Parts) == 0 {
		return nil, errors.New("no reports")
	}
	return out, nil
}

// distribution is a latencySummary found anywhere in a report.
type distribution struct {
	path                     string
	n                        float64
	p50, p95, p99, max, mean float64
}

// headline matches the scalar figures worth a line in the summary:
// throughputs, correctness counts, times and resources.
var headline = regexp.MustCompile(`(per_sec|_rate|lost|duplicated|double_claims|violations|mismatch|late|not_fired|drain|seconds|rss|cpu|connections|goal_met|checks_passed)`)

// walk visits a decoded JSON value, reporting distributions and headline
// scalars with their dotted paths.
func walk(path string, v any, dist func(distribution), scalar func(path string, v any)) {
	switch x := v.(type) {
	case map[string]any:
		if d, ok := asDistribution(path, x); ok {
			dist(d)
			return
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			walk(strings.TrimPrefix(path+"."+k, "."), x[k], dist, scalar)
		}
	case []any:
		// Series (per-second counts, samples) are for the JSON, not the summary.
	case float64, bool:
		if headline.MatchString(path[strings.LastIndex(path, ".")+1:]) {
			scalar(path, x)
		}
	}
}

func asDistribution(path string, m map[string]any) (distribution, bool) {
	get := func(k string) (float64, bool) {
		f, ok := m[k].(float64)
		return f, ok
	}
	d := distribution{path: path}
	var ok [5]bool
	d.p50, ok[0] = get("p50_ms")
	d.p95, ok[1] = get("p95_ms")
	d.p99, ok[2] = get("p99_ms")
	d.n, ok[3] = get("n")
	d.max, ok[4] = get("max_ms")
	d.mean, _ = get("mean_ms")
	return d, ok[0] && ok[1] && ok[2] && ok[3] && ok[4]
}

// writeMarkdown writes the suite's summary: per part, a table of the
// latency distributions, then the headline figures and any failures.
func writeMarkdown(w io.Writer, r *suiteReport) {
	fmt.Fprintf(w, "# Benchmark suite, %s\n\n", r.GeneratedAt.Format("2006-01-02 15:04 UTC"))
	names := make([]string, 0, len(r.Parts))
	for n := range r.Parts {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		part := r.Parts[name]
		fmt.Fprintf(w, "## %s\n\n", name)
		if m, ok := part["machine"].(map[string]any); ok {
			fmt.Fprintf(w, "Machine: %v CPUs, load %v → %v. Quick: %v.\n\n", m["cpus"], m["loadavg_start"], m["loadavg_end"], part["quick"])
		}
		var dists []distribution
		var lines []string
		walk("", part, func(d distribution) { dists = append(dists, d) }, func(p string, v any) {
			if strings.HasPrefix(p, "machine.") || strings.HasPrefix(p, "goals.") {
				return
			}
			lines = append(lines, fmt.Sprintf("- `%s`: %v", p, formatScalar(v)))
		})
		if len(dists) > 0 {
			fmt.Fprintln(w, "| latency (ms) | n | p50 | p95 | p99 | max |")
			fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: | ---: |")
			for _, d := range dists {
				if d.n == 0 {
					continue
				}
				fmt.Fprintf(w, "| `%s` | %.0f | %.1f | %.1f | %.1f | %.1f |\n", d.path, d.n, d.p50, d.p95, d.p99, d.max)
			}
			fmt.Fprintln(w)
		}
		for _, l := range lines {
			fmt.Fprintln(w, l)
		}
		if fails, ok := part["failures"].([]any); ok && len(fails) > 0 {
			fmt.Fprintln(w, "\nFailures:")
			for _, f := range fails {
				fmt.Fprintf(w, "- %v\n", f)
			}
		}
		fmt.Fprintln(w)
	}
}

func formatScalar(v any) string {
	if f, ok := v.(float64); ok {
		if f == float64(int64(f)) {
			return fmt.Sprintf("%d", int64(f))
		}
		return fmt.Sprintf("%.2f", f)
	}
	return fmt.Sprint(v)
}
