package schedule

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestValidate(t *testing.T) {
	t.Parallel()
	const berlin = "Europe/Berlin"
	tests := []struct {
		name string
		s    Schedule
		errs []string // substrings, one per expected problem; none = valid
	}{
		{
			name: "valid office hours with midnight span and holidays",
			s: Schedule{
				TimeZone: berlin,
				Hours: append(weekdays("09:00", "12:00"),
					iv(time.Monday, "13:00", "17:00"),
					iv(time.Monday, "12:00", "13:00"), // adjacent on both sides
					iv(time.Friday, "22:00", "24:00"),
					iv(time.Saturday, "00:00", "06:00")),
				Holidays: []Date{day("2026-12-25"), day("2026-12-26")},
			},
		},
		{name: "UTC and no hours", s: Schedule{TimeZone: "UTC"}},
		{name: "empty zone", s: Schedule{}, errs: []string{"time zone is required"}},
		{name: "Local zone", s: Schedule{TimeZone: "Local"}, errs: []string{`time zone "Local": use an IANA name`}},
		{name: "unknown zone", s: Schedule{TimeZone: "Mars/Olympus_Mons"}, errs: []string{`time zone "Mars/Olympus_Mons": unknown IANA time zone`}},
		{
			name: "overlap names both intervals and the day",
			s: Schedule{TimeZone: berlin, Hours: []Interval{
				iv(time.Monday, "09:00", "12:00"),
				iv(time.Tuesday, "10:00", "11:00"),
				iv(time.Monday, "11:00", "14:00"),
			}},
			errs: []string{"hours[2]: overlaps hours[0] on Monday (11:00-14:00 and 09:00-12:00)"},
		},
		{
			name: "contained interval overlaps",
			s:    Schedule{TimeZone: berlin, Hours: []Interval{iv(time.Sunday, "08:00", "20:00"), iv(time.Sunday, "10:00", "11:00")}},
			errs: []string{"hours[1]: overlaps hours[0] on Sunday"},
		},
		{
			name: "identical intervals overlap",
			s:    Schedule{TimeZone: berlin, Hours: []Interval{iv(time.Friday, "08:00", "20:00"), iv(time.Friday, "08:00", "20:00")}},
			errs: []string{"hours[1]: overlaps hours[0] on Friday"},
		},
		{
			name: "opens after closes",
			s:    Schedule{TimeZone: berlin, Hours: []Interval{iv(time.Monday, "17:00", "09:00")}},
			errs: []string{"hours[0]: opens at 17:00 but closes at 09:00 on Monday: must open before it closes"},
		},
		{
			name: "empty interval",
			s:    Schedule{TimeZone: berlin, Hours: []Interval{iv(time.Monday, "09:00", "09:00")}},
			errs: []string{"hours[0]: opens at 09:00 but closes at 09:00 on Monday"},
		},
		{
			name: "opening at 24:00",
			s:    Schedule{TimeZone: berlin, Hours: []Interval{{Weekday: time.Monday, Opens: EndOfDay, Closes: EndOfDay}}},
			errs: []string{"hours[0]: opening time 24:00 on Monday: 24:00 is only valid as a closing time"},
		},
		{
			name: "clocks out of range",
			s: Schedule{TimeZone: berlin, Hours: []Interval{
				{Weekday: time.Monday, Opens: -1, Closes: 60},
				{Weekday: time.Monday, Opens: 60, Closes: EndOfDay + 1},
			}},
			errs: []string{
				"hours[0]: opening time Clock(-1) out of range 00:00..24:00",
				"hours[1]: closing time Clock(1441) out of range 00:00..24:00",
			},
		},
		{
			name: "weekday out of range",
			s:    Schedule{TimeZone: berlin, Hours: []Interval{{Weekday: 7, Opens: 0, Closes: 60}}},
			errs: []string{"hours[0]: weekday 7 out of range 0 (Sunday)..6 (Saturday)"},
		},
		{
			name: "duplicate and invalid holidays",
			s: Schedule{TimeZone: berlin, Holidays: []Date{
				day("2026-12-25"), {2026, time.February, 30}, day("2026-12-26"), day("2026-12-25"),
			}},
			errs: []string{
				"holidays[1]: 2026-02-30 is not a valid date",
				"holidays[3]: 2026-12-25 duplicates holidays[0]",
			},
		},
		{
			name: "every problem is reported",
			s: Schedule{
				TimeZone: "Nowhere/Special",
				Hours:    []Interval{iv(time.Monday, "09:00", "17:00"), iv(time.Monday, "16:00", "18:00"), iv(time.Tuesday, "18:00", "08:00")},
				Holidays: []Date{day("2026-01-01"), day("2026-01-01")},
			},
			errs: []string{
				`time zone "Nowhere/Special"`,
				"hours[1]: overlaps hours[0] on Monday",
				"hours[2]: opens at 18:00 but closes at 08:00 on Tuesday",
				"holidays[1]: 2026-01-01 duplicates holidays[0]",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.s.Validate()
			if len(tt.errs) == 0 {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			lines := strings.Split(err.Error(), "\n")
			require.Len(t, lines, len(tt.errs), "one line per problem: %q", err)
			for i, want := range tt.errs {
				require.Contains(t, lines[i], want)
			}
		})
	}
}
