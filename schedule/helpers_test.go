package schedule

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// berlinZone loads Europe/Berlin or fails the test.
func berlinZone(t *testing.T) *time.Location {
	t.Helper()
	l, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	return l
}

// local parses "2006-01-02 15:04" (or with ":05") as wall time in l.
func local(t *testing.T, l *time.Location, s string) time.Time {
	t.Helper()
	layout := "2006-01-02 15:04"
	if len(s) > len(layout) {
		layout = time.DateTime
	}
	v, err := time.ParseInLocation(layout, s, l)
	require.NoError(t, err)
	return v
}

// utc parses "2006-01-02 15:04" (or with ":05") as UTC.
func utc(t *testing.T, s string) time.Time { t.Helper(); return local(t, time.UTC, s) }

// requireInstant fails unless want and got are the same instant.
func requireInstant(t *testing.T, want, got time.Time, msgAndArgs ...any) {
	t.Helper()
	require.Truef(t, want.Equal(got), "want %s (%s), got %s (%s) %v",
		want, want.UTC().Format(time.DateTime), got, got.UTC().Format(time.DateTime), msgAndArgs)
}

// clk parses a clock or panics (test tables only).
func clk(s string) Clock {
	c, err := ParseClock(s)
	if err != nil {
		panic(err)
	}
	return c
}

// day parses a date or panics (test tables only).
func day(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// iv builds an interval from "HH:MM" strings.
func iv(wd time.Weekday, opens, closes string) Interval {
	return Interval{Weekday: wd, Opens: clk(opens), Closes: clk(closes)}
}

// weekdays is Monday..Friday opens-closes.
func weekdays(opens, closes string) []Interval {
	var out []Interval
	for wd := time.Monday; wd <= time.Friday; wd++ {
		out = append(out, iv(wd, opens, closes))
	}
	return out
}

// everyDay is Sunday..Saturday opens-closes.
func everyDay(opens, closes string) []Interval {
	var out []Interval
	for wd := time.Sunday; wd <= time.Saturday; wd++ {
		out = append(out, iv(wd, opens, closes))
	}
	return out
}
