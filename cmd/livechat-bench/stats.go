package main

import (
	"context"
	"fmt"
	"maps"
	"math"
	"os"
	"slices"
	"sync"
	"time"
)

// latencies collects durations from many goroutines.
type latencies struct {
	mu sync.Mutex
	d  []time.Duration
}

func (l *latencies) add(d time.Duration) {
	l.mu.Lock()
	l.d = append(l.d, d)
	l.mu.Unlock()
}

// latencySummary is a distribution in milliseconds.
type latencySummary struct {
	N    int     `json:"n"`
	Min  float64 `json:"min_ms"`
	Mean float64 `json:"mean_ms"`
	P50  float64 `json:"p50_ms"`
	P90  float64 `json:"p90_ms"`
	P95  float64 `json:"p95_ms"`
	P99  float64 `json:"p99_ms"`
	Max  float64 `json:"max_ms"`
}

func (l *latencies) summary() latencySummary {
	l.mu.Lock()
	d := slices.Clone(l.d)
	l.mu.Unlock()
	return summarize(d)
}

func summarize(d []time.Duration) latencySummary {
	if len(d) == 0 {
		return latencySummary{}
	}
	slices.Sort(d)
	var sum time.Duration
	for _, x := range d {
		sum += x
	}
	return latencySummary{
		N: len(d), Min: ms(d[0]), Mean: ms(sum / time.Duration(len(d))),
		P50: ms(percentile(d, 50)), P90: ms(percentile(d, 90)), P95: ms(percentile(d, 95)),
		P99: ms(percentile(d, 99)), Max: ms(d[len(d)-1]),
	}
}

// percentile is the nearest-rank percentile of sorted durations: the
// smallest value with at least p% of the samples at or below it.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	rank = min(max(rank, 1), len(sorted))
	return sorted[rank-1]
}

func ms(d time.Duration) float64 {
	return math.Round(float64(d)/float64(time.Millisecond)*10) / 10
}

// counter counts named outcomes (error kinds) from many goroutines.
type counter struct {
	mu sync.Mutex
	m  map[string]int
}

func (c *counter) inc(key string) {
	c.mu.Lock()
	if c.m == nil {
		c.m = map[string]int{}
	}
	c.m[key]++
	c.mu.Unlock()
}

func (c *counter) snapshot() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.m)
}

func (c *counter) total() int {
	n := 0
	for _, v := range c.snapshot() {
		n += v
	}
	return n
}

// runPool calls fn for i in [0, n) on conc goroutines and returns when all
// are done or ctx is cancelled (items not yet started are skipped).
func runPool(ctx context.Context, n, conc int, fn func(ctx context.Context, i int)) {
	conc = max(1, min(conc, n))
	next := make(chan int)
	var wg sync.WaitGroup
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(ctx, i)
			}
		}()
	}
feed:
	for i := range n {
		select {
		case <-ctx.Done():
			break feed
		case next <- i:
		}
	}
	close(next)
	wg.Wait()
}

// progress prints "what: done/total (rate/s)" every interval until stopped.
func progress(what string, total int, done func() int, interval time.Duration) (stop func()) {
	start := time.Now()
	quit := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTimer(interval)
		defer t.Stop()
		for {
			select {
			case <-quit:
				return
			case <-t.C:
				n := done()
				rate := float64(n) / time.Since(start).Seconds()
				eta := ""
				if rate > 0 && n < total {
					eta = fmt.Sprintf(", about %s left", (time.Duration(float64(total-n)/rate) * time.Second).Round(time.Second))
				}
				logf("%s: %d/%d (%.1f/s%s)", what, n, total, rate, eta)
				t.Reset(interval)
			}
		}
	}()
	return func() { close(quit); <-finished }
}

// logf prints a progress line to stderr.
func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s  %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
}

// rate is n per second of d, rounded to 0.1.
func rate(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return math.Round(float64(n)/d.Seconds()*10) / 10
}

func seconds(d time.Duration) float64 { return math.Round(d.Seconds()*100) / 100 }

// repeat calls fn every interval until ctx ends; the returned channel
// closes once it has stopped (fn is not running).
func repeat(ctx context.Context, every time.Duration, fn func()) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				fn()
			}
		}
	}()
	return done
}
