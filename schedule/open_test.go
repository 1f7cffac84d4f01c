package schedule

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestIsOpenAcrossAWeek(t *testing.T) {
	t.Parallel()
	berlin := berlinZone(t)
	s := Schedule{
		TimeZone: "Europe/Berlin",
		Hours: append(weekdays("09:00", "17:00"),
			iv(time.Wednesday, "18:00", "20:00"),
			iv(time.Saturday, "10:00", "14:00"),
			iv(time.Friday, "22:00", "24:00")),
	}
	require.NoError(t, s.Validate())
	// 2026-03-02 is a Monday; Berlin is on CET (UTC+1) all week.
	tests := []struct {
		at   string
		open bool
	}{
		{"2026-03-01 23:59:59", false}, // Sunday
		{"2026-03-02 00:00", false},
		{"2026-03-02 08:59:59", false},
		{"2026-03-02 09:00", true}, // opens inclusive
		{"2026-03-02 12:00", true},
		{"2026-03-02 16:59:59", true},
		{"2026-03-02 17:00", false}, // closes exclusive
		{"2026-03-03 09:00", true},  // Tuesday
		{"2026-03-04 17:30", false}, // Wednesday between intervals
		{"2026-03-04 18:00", true},
		{"2026-03-04 19:59", true},
		{"2026-03-04 20:00", false},
		{"2026-03-05 18:00", false}, // Thursday has no evening
		{"2026-03-06 21:59", false}, // Friday
		{"2026-03-06 22:00", true},
		{"2026-03-06 23:59:59", true},
		{"2026-03-07 00:00", false}, // 24:00 closing is exclusive too
		{"2026-03-07 09:00", false}, // Saturday
		{"2026-03-07 10:00", true},
		{"2026-03-07 13:59", true},
		{"2026-03-07 14:00", false},
		{"2026-03-08 12:00", false}, // Sunday
		{"2026-03-09 09:00", true},  // next Monday
	}
	for _, tt := range tests {
		t.Run(tt.at, func(t *testing.T) {
			t.Parallel()
			at := local(t, berlin, tt.at)
			require.Equal(t, tt.open, s.IsOpen(at))
			require.Equal(t, tt.open, s.IsOpen(at.UTC()), "same instant in UTC")
		})
	}
}

func TestIsOpenHolidays(t *testing.T) {
	t.Parallel()
	berlin := berlinZone(t)
	s := Schedule{
		TimeZone: "Europe/Berlin",
		Hours:    append(weekdays("09:00", "17:00"), iv(time.Thursday, "17:00", "24:00")),
		Holidays: []Date{day("2026-12-25"), day("2026-12-31")},
	}
	require.NoError(t, s.Validate())
	tests := []struct {
		at   string
		open bool
	}{
		{"2026-12-24 12:00", true},     // Thursday before
		{"2026-12-24 23:59:59", true},  // evening interval runs to the holiday's midnight
		{"2026-12-25 00:00", false},    // Friday holiday, all day
		{"2026-12-25 12:00", false},    //
		{"2026-12-28 09:00", true},     // Monday after
		{"2026-12-31 09:00", false},    // Thursday holiday: both intervals closed
		{"2026-12-31 20:00", false},    //
		{"2027-01-01 09:00", true},     // not a holiday in this schedule
		{"2027-12-31 12:00", true},     // holidays are dates, not yearly
		{"2026-12-30 16:59:59", true},  //
		{"2026-12-30 17:00:00", false}, //
	}
	for _, tt := range tests {
		t.Run(tt.at, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tt.open, s.IsOpen(local(t, berlin, tt.at)))
		})
	}
}

func TestIsOpenOtherZoneInput(t *testing.T) {
	t.Parallel()
	// Monday 09:00-18:00 in Tokyo (UTC+9, no DST) is Monday 00:00-09:00 UTC.
	s := Schedule{TimeZone: "Asia/Tokyo", Hours: []Interval{iv(time.Monday, "09:00", "18:00")}}
	tests := []struct {
		at   string // UTC
		open bool
	}{
		{"2026-03-01 12:00", false},    // Sunday 21:00 JST
		{"2026-03-01 23:59:59", false}, // Monday 08:59:59 JST
		{"2026-03-02 00:00", true},     // Monday 09:00 JST
		{"2026-03-02 08:59:59", true},  // Monday 17:59:59 JST
		{"2026-03-02 09:00", false},    // Monday 18:00 JST
		{"2026-03-02 23:00", false},    // Tuesday 08:00 JST, though Monday in UTC
	}
	for _, tt := range tests {
		t.Run(tt.at, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tt.open, s.IsOpen(utc(t, tt.at)))
		})
	}

	got, ok := s.NextOpening(utc(t, "2026-03-01 12:00"))
	require.True(t, ok)
	requireInstant(t, utc(t, "2026-03-02 00:00"), got)
	require.Equal(t, "Asia/Tokyo", got.Location().String(), "result is in the schedule's zone")

	got, ok = s.NextClosing(utc(t, "2026-03-02 03:00"))
	require.True(t, ok)
	requireInstant(t, utc(t, "2026-03-02 09:00"), got)
}

func TestIsOpenTolerantOfInvalidSchedules(t *testing.T) {
	t.Parallel()
	monday := utc(t, "2026-03-02 10:00")
	tests := []struct {
		name string
		s    Schedule
		open bool
	}{
		{"zero schedule is never open", Schedule{}, false},
		{"unknown zone falls back to UTC", Schedule{TimeZone: "Mars/Base", Hours: []Interval{iv(time.Monday, "10:00", "11:00")}}, true},
		{"empty zone is UTC", Schedule{Hours: []Interval{iv(time.Monday, "10:00", "11:00")}}, true},
		{"reversed interval ignored", Schedule{TimeZone: "UTC", Hours: []Interval{iv(time.Monday, "11:00", "09:00")}}, false},
		{"bad weekday ignored", Schedule{TimeZone: "UTC", Hours: []Interval{{Weekday: 8, Opens: 0, Closes: EndOfDay}}}, false},
		{"out-of-range clocks clamped", Schedule{TimeZone: "UTC", Hours: []Interval{{Weekday: time.Monday, Opens: -30, Closes: 5000}}}, true},
		{"overlaps merge", Schedule{TimeZone: "UTC", Hours: []Interval{iv(time.Monday, "08:00", "10:30"), iv(time.Monday, "09:00", "10:00")}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tt.open, tt.s.IsOpen(monday))
		})
	}
}
