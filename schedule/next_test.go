package schedule

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// mondays lists every Monday from the first, n of them.
func mondays(first string, n int) []Date {
	out := make([]Date, n)
	for i := range out {
		out[i] = day(first).addDays(7 * i)
	}
	return out
}

func TestNextOpening(t *testing.T) {
	t.Parallel()
	const zone = "Europe/Berlin"
	berlin := berlinZone(t)
	office := Schedule{TimeZone: zone, Hours: weekdays("09:00", "17:00")}
	christmas := office
	christmas.Holidays = []Date{day("2026-12-25"), day("2026-12-28")}
	tests := []struct {
		name string
		s    Schedule
		from string // Berlin wall time
		want string // Berlin wall time; "" = never opens
	}{
		{"evening to next morning", office, "2026-03-02 18:00", "2026-03-03 09:00"},
		{"at closing time", office, "2026-03-02 17:00", "2026-03-03 09:00"},
		{"early morning same day", office, "2026-03-03 05:00", "2026-03-03 09:00"},
		{"one second before opening", office, "2026-03-03 08:59:59", "2026-03-03 09:00"},
		{"Friday evening to Monday", office, "2026-03-06 17:00", "2026-03-09 09:00"},
		{"Saturday to Monday", office, "2026-03-07 12:00", "2026-03-09 09:00"},
		{"skips holidays", christmas, "2026-12-24 17:30", "2026-12-29 09:00"},
		{"holiday itself", christmas, "2026-12-25 10:00", "2026-12-29 09:00"},
		{"across the year", office, "2026-12-31 18:00", "2027-01-01 09:00"},
		{"no hours", Schedule{TimeZone: zone}, "2026-03-02 10:00", ""},
		{"only unusable hours", Schedule{TimeZone: zone, Hours: []Interval{iv(time.Monday, "10:00", "09:00")}}, "2026-03-02 08:00", ""},
		{
			"holidays for 364 days then open",
			Schedule{TimeZone: zone, Hours: []Interval{iv(time.Monday, "09:00", "17:00")}, Holidays: mondays("2026-03-02", 52)},
			"2026-03-01 12:00", "2027-03-01 09:00",
		},
		{
			"holidays beyond the 400-day search",
			Schedule{TimeZone: zone, Hours: []Interval{iv(time.Monday, "09:00", "17:00")}, Holidays: mondays("2026-03-02", 58)},
			"2026-03-01 12:00", "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			from := local(t, berlin, tt.from)
			got, ok := tt.s.NextOpening(from)
			if tt.want == "" {
				require.False(t, ok, "got %s", got)
				require.True(t, got.IsZero())
				return
			}
			require.True(t, ok)
			requireInstant(t, local(t, berlin, tt.want), got)
			require.True(t, tt.s.IsOpen(got))
			require.False(t, tt.s.IsOpen(got.Add(-time.Nanosecond)))
		})
	}
}

func TestNextOpeningWhenOpenReturnsT(t *testing.T) {
	t.Parallel()
	s := Schedule{TimeZone: "America/New_York", Hours: weekdays("09:00", "17:00")}
	for _, at := range []time.Time{
		time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC),           // 09:00 EST, the opening itself
		time.Date(2026, 3, 2, 17, 34, 56, 789, time.UTC),       // mid-morning, with nanoseconds
		time.Date(2026, 3, 2, 21, 59, 59, 999999999, time.UTC), // last nanosecond
	} {
		got, ok := s.NextOpening(at)
		require.True(t, ok)
		require.Equal(t, at, got, "t itself, unchanged")
	}
}

func TestNextClosing(t *testing.T) {
	t.Parallel()
	const zone = "Europe/Berlin"
	berlin := berlinZone(t)
	office := Schedule{TimeZone: zone, Hours: weekdays("09:00", "17:00")}
	night := Schedule{TimeZone: zone, Hours: []Interval{
		iv(time.Monday, "22:00", "24:00"), iv(time.Tuesday, "00:00", "06:00"),
		iv(time.Saturday, "20:00", "24:00"), iv(time.Sunday, "00:00", "02:00"), // across the week's end
	}}
	overlapping := Schedule{TimeZone: zone, Hours: []Interval{
		iv(time.Monday, "09:00", "12:00"), iv(time.Monday, "11:00", "14:00"), iv(time.Monday, "10:00", "11:00"),
	}}
	allWeek := Schedule{TimeZone: zone, Hours: everyDay("00:00", "24:00")}
	withHoliday := allWeek
	withHoliday.Holidays = []Date{day("2026-12-25")}
	tests := []struct {
		name string
		s    Schedule
		from string // Berlin wall time
		want string // Berlin wall time; "" = never closes
	}{
		{"open until the end of the interval", office, "2026-03-02 12:00", "2026-03-02 17:00"},
		{"at the opening", office, "2026-03-02 09:00", "2026-03-02 17:00"},
		{"closed returns t", office, "2026-03-02 17:00", "2026-03-02 17:00"},
		{"closed on the weekend returns t", office, "2026-03-07 12:00:30", "2026-03-07 12:00:30"},
		{"span across midnight from the evening", night, "2026-03-02 23:00", "2026-03-03 06:00"},
		{"span across midnight from the morning", night, "2026-03-03 01:00", "2026-03-03 06:00"},
		{"span across the week's end", night, "2026-03-07 21:00", "2026-03-08 02:00"},
		{"overlapping intervals merge", overlapping, "2026-03-02 09:30", "2026-03-02 14:00"},
		{"holiday ends a round-the-clock span", withHoliday, "2026-12-20 10:00", "2026-12-25 00:00"},
		{"round the clock never closes", allWeek, "2026-03-02 10:00", ""},
		{"no hours is closed now", Schedule{TimeZone: zone}, "2026-03-02 10:00", "2026-03-02 10:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			from := local(t, berlin, tt.from)
			got, ok := tt.s.NextClosing(from)
			if tt.want == "" {
				require.False(t, ok, "got %s", got)
				return
			}
			require.True(t, ok)
			requireInstant(t, local(t, berlin, tt.want), got)
			require.False(t, tt.s.IsOpen(got))
		})
	}
}

func TestOptionalSchedule(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 3, 7, 12, 0, 0, 0, time.UTC) // Saturday
	var none *Schedule
	require.True(t, none.OpenAt(at), "no schedule is always open")
	got, ok := none.NextOpen(at)
	require.True(t, ok)
	require.Equal(t, at, got)
	_, ok = none.NextClose(at)
	require.False(t, ok, "no schedule never closes")

	office := &Schedule{TimeZone: "UTC", Hours: weekdays("09:00", "17:00")}
	require.False(t, office.OpenAt(at))
	got, ok = office.NextOpen(at)
	require.True(t, ok)
	requireInstant(t, time.Date(2026, 3, 9, 9, 0, 0, 0, time.UTC), got)
	got, ok = office.NextClose(got)
	require.True(t, ok)
	requireInstant(t, time.Date(2026, 3, 9, 17, 0, 0, 0, time.UTC), got)

	empty := &Schedule{TimeZone: "UTC"}
	require.False(t, empty.OpenAt(at), "an empty schedule is never open")
	_, ok = empty.NextOpen(at)
	require.False(t, ok)
}
