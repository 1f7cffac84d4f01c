package schedule

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Europe/Berlin springs forward on Sunday 2026-03-29: 02:00 CET becomes
// 03:00 CEST at 01:00 UTC.
func TestDSTSpringForwardBerlin(t *testing.T) {
	t.Parallel()
	s := Schedule{TimeZone: "Europe/Berlin", Hours: everyDay("09:00", "17:00")}

	got, ok := s.NextOpening(utc(t, "2026-03-27 20:00"))
	require.True(t, ok)
	requireInstant(t, utc(t, "2026-03-28 08:00"), got, "Saturday 09:00 CET")

	got, ok = s.NextOpening(utc(t, "2026-03-28 20:00"))
	require.True(t, ok)
	requireInstant(t, utc(t, "2026-03-29 07:00"), got, "Sunday 09:00 CEST")

	got, ok = s.NextClosing(got)
	require.True(t, ok)
	requireInstant(t, utc(t, "2026-03-29 15:00"), got, "Sunday 17:00 CEST")
}

func TestDSTOpeningInsideTheGap(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		s        Schedule
		from     string // UTC
		opens    string // UTC
		closes   string // UTC
		openedAt string // UTC: first instant of the span, checked with IsOpen
	}{
		{
			// 02:30 does not exist: the opening is the end of the gap, 03:00 CEST.
			name:   "Berlin opening at 02:30",
			s:      Schedule{TimeZone: "Europe/Berlin", Hours: []Interval{iv(time.Sunday, "02:30", "05:00")}},
			from:   "2026-03-28 22:00", // Saturday 23:00 CET
			opens:  "2026-03-29 01:00", // 03:00 CEST
			closes: "2026-03-29 03:00", // 05:00 CEST
		},
		{
			// A closing in the gap is the end of the gap too.
			name:   "Berlin closing at 02:30",
			s:      Schedule{TimeZone: "Europe/Berlin", Hours: []Interval{iv(time.Sunday, "01:00", "02:30")}},
			from:   "2026-03-28 22:00",
			opens:  "2026-03-29 00:00", // 01:00 CET
			closes: "2026-03-29 01:00", // 03:00 CEST
		},
		{
			// An interval wholly inside the gap never happens that day.
			name:   "Berlin interval inside the gap",
			s:      Schedule{TimeZone: "Europe/Berlin", Hours: []Interval{iv(time.Sunday, "02:00", "02:45")}},
			from:   "2026-03-28 22:00",
			opens:  "2026-04-05 00:00", // next Sunday 02:00 CEST
			closes: "2026-04-05 00:45",
		},
		{
			// New York: time.Date resolves 02:30 to 01:30 EST, before the gap;
			// the opening is still the gap's end, 03:00 EDT.
			name:   "New York opening at 02:30",
			s:      Schedule{TimeZone: "America/New_York", Hours: []Interval{iv(time.Sunday, "02:30", "04:00")}},
			from:   "2026-03-08 05:00", // Sunday 00:00 EST
			opens:  "2026-03-08 07:00", // 03:00 EDT
			closes: "2026-03-08 08:00", // 04:00 EDT
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			opens, closes := utc(t, tt.opens), utc(t, tt.closes)
			got, ok := tt.s.NextOpening(utc(t, tt.from))
			require.True(t, ok)
			requireInstant(t, opens, got)
			require.False(t, tt.s.IsOpen(opens.Add(-time.Second)))
			require.True(t, tt.s.IsOpen(opens))
			require.True(t, tt.s.IsOpen(closes.Add(-time.Second)))
			require.False(t, tt.s.IsOpen(closes))
			got, ok = tt.s.NextClosing(opens)
			require.True(t, ok)
			requireInstant(t, closes, got)
		})
	}
}

// Europe/Berlin falls back on Sunday 2026-10-25: 03:00 CEST becomes 02:00 CET
// at 01:00 UTC, so 02:00-03:00 happens twice. A closing at 02:30 keeps Go's
// time.Date resolution, which for Berlin is the second occurrence (CET).
func TestDSTClosingInTheOverlapBerlin(t *testing.T) {
	t.Parallel()
	s := Schedule{TimeZone: "Europe/Berlin", Hours: []Interval{iv(time.Saturday, "22:00", "24:00"), iv(time.Sunday, "00:00", "02:30")}}

	got, ok := s.NextClosing(utc(t, "2026-10-24 21:00")) // Saturday 23:00 CEST
	require.True(t, ok)
	requireInstant(t, utc(t, "2026-10-25 01:30"), got, "02:30 CET")

	require.True(t, s.IsOpen(utc(t, "2026-10-25 00:30")), "02:30 CEST, first pass")
	require.True(t, s.IsOpen(utc(t, "2026-10-25 01:29:59")), "02:29:59 CET, second pass")
	require.False(t, s.IsOpen(utc(t, "2026-10-25 01:30")))
}

// America/New_York falls back on Sunday 2026-11-01: 02:00 EDT becomes 01:00
// EST at 06:00 UTC.
func TestDSTFallBackNewYork(t *testing.T) {
	t.Parallel()
	s := Schedule{TimeZone: "America/New_York", Hours: everyDay("09:00", "17:00")}

	got, ok := s.NextOpening(utc(t, "2026-10-31 00:00"))
	require.True(t, ok)
	requireInstant(t, utc(t, "2026-10-31 13:00"), got, "Saturday 09:00 EDT")

	got, ok = s.NextOpening(utc(t, "2026-10-31 22:00"))
	require.True(t, ok)
	requireInstant(t, utc(t, "2026-11-01 14:00"), got, "Sunday 09:00 EST")

	// An overlap wall time keeps time.Date's resolution: for New York that is
	// the first occurrence, 01:30 EDT.
	night := Schedule{TimeZone: "America/New_York", Hours: []Interval{iv(time.Sunday, "01:30", "03:00")}}
	got, ok = night.NextOpening(utc(t, "2026-11-01 04:00")) // 00:00 EDT
	require.True(t, ok)
	requireInstant(t, utc(t, "2026-11-01 05:30"), got, "01:30 EDT")
	got, ok = night.NextClosing(got)
	require.True(t, ok)
	requireInstant(t, utc(t, "2026-11-01 08:00"), got, "03:00 EST: the interval lasts 2.5 hours that night")
}
