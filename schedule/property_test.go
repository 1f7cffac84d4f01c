package schedule

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestNextOpeningProperties checks NextOpening and NextClosing against IsOpen
// minute by minute, from pseudo-random instants across 2026 (both DST
// transitions included) for a schedule with split days, a span across
// midnight, intervals touching the DST gap and overlap, and holidays.
func TestNextOpeningProperties(t *testing.T) {
	t.Parallel()
	s := Schedule{
		TimeZone: "Europe/Berlin",
		Hours: append(append(weekdays("08:00", "12:00"), weekdays("13:00", "17:30")...),
			iv(time.Tuesday, "22:00", "24:00"), iv(time.Wednesday, "00:00", "06:00"),
			iv(time.Saturday, "10:00", "14:00"),
			iv(time.Sunday, "01:30", "03:30")),
		Holidays: []Date{
			day("2026-01-01"), day("2026-04-03"), day("2026-04-06"),
			day("2026-12-24"), day("2026-12-25"), day("2026-12-26"),
		},
	}
	require.NoError(t, s.Validate())

	const week = 7 * 24 * time.Hour
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	year := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC).Sub(start)
	rng := rand.New(rand.NewPCG(2026, 3))
	opened := 0
	for range 1000 {
		at := start.Add(time.Duration(rng.Int64N(int64(year))))
		if rng.IntN(2) == 0 {
			at = at.Truncate(time.Minute) // on the minute grid half of the time
		}

		next, ok := s.NextOpening(at)
		require.True(t, ok, "from %s", at)
		require.False(t, next.Before(at), "from %s: %s is before t", at, next)
		require.True(t, s.IsOpen(next), "from %s: not open at %s", at, next)
		require.Equal(t, s.IsOpen(at), next.Equal(at), "from %s: t returned iff open", at)
		require.LessOrEqual(t, next.Sub(at), week, "from %s", at)
		for m := at; m.Before(next); m = m.Add(time.Minute) {
			require.False(t, s.IsOpen(m), "from %s: open at %s before %s", at, m, next)
		}
		if next.Equal(at) {
			opened++
		}

		closes, ok := s.NextClosing(next)
		require.True(t, ok, "from %s", next)
		require.True(t, closes.After(next), "from %s: closes %s", next, closes)
		require.False(t, s.IsOpen(closes), "from %s: open at %s", next, closes)
		require.LessOrEqual(t, closes.Sub(next), week)
		for m := next; m.Before(closes); m = m.Add(time.Minute) {
			require.True(t, s.IsOpen(m), "from %s: closed at %s before %s", next, m, closes)
		}
	}
	require.Greater(t, opened, 100, "some instants are open")
	require.Less(t, opened, 900, "some instants are closed")
}
