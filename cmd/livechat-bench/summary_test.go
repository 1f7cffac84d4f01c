package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSummaryJoinsReportsAndListsTheFigures(t *testing.T) {
	dir := t.TempDir()
	lifecycle := filepath.Join(dir, "lifecycle.json")
	messaging := filepath.Join(dir, "messaging.json")
	write := func(path, body string) {
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(lifecycle, `{"tool":"livechat-bench","quick":true,"machine":{"cpus":2,"loadavg_start":"0.1","loadavg_end":"1.5"},
		"claim":{"latency":{"n":40,"min_ms":1,"mean_ms":5,"p50_ms":4,"p90_ms":8,"p95_ms":9,"p99_ms":12.5,"max_ms":20},"double_claims":0},
		"handoff":{"capacity_violations":0,"drain_seconds":12.25,"assigned_each_second":[1,2,3]},
		"failures":["history: needs -database-url"]}`)
	write(messaging, `{"tool":"livechat-bench","mode":"messaging","visitor_to_agent":{"latency":{"n":100,"min_ms":1,"mean_ms":3,"p50_ms":2,"p90_ms":4,"p95_ms":5,"p99_ms":9,"max_ms":11},"lost":0,"duplicated":0,"sent_per_sec":499.5}}`)
	out := filepath.Join(dir, "suite.json")
	if code := summaryMain([]string{"-out", out, lifecycle, messaging}); code != 0 {
		t.Fatalf("exit %d", code)
	}
	md, err := os.ReadFile(filepath.Join(dir, "suite.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(md)
	for _, want := range []string{
		"## lifecycle", "## messaging",
		"| `claim.latency` | 40 | 4.0 | 9.0 | 12.5 | 20.0 |",
		"| `visitor_to_agent.latency` | 100 | 2.0 | 5.0 | 9.0 | 11.0 |",
		"- `claim.double_claims`: 0", "- `handoff.capacity_violations`: 0", "- `handoff.drain_seconds`: 12.25",
		"- `visitor_to_agent.lost`: 0", "- `visitor_to_agent.sent_per_sec`: 499.50",
		"- history: needs -database-url",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("summary lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "assigned_each_second") {
		t.Error("series belong in the JSON only")
	}
	joined, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(joined), `"messaging"`) || !strings.Contains(string(joined), `"lifecycle"`) {
		t.Errorf("combined JSON lacks a part: %s", joined)
	}
	if code := summaryMain([]string{"-out", out, lifecycle, lifecycle}); code == 0 {
		t.Error("two lifecycle reports must be refused")
	}
}
