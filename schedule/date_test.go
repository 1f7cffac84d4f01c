package schedule

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestParseDate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want Date
		err  bool
	}{
		{in: "2026-12-25", want: Date{2026, time.December, 25}},
		{in: "2026-01-01", want: Date{2026, time.January, 1}},
		{in: "2028-02-29", want: Date{2028, time.February, 29}},
		{in: "2026-02-29", err: true},
		{in: "2026-02-30", err: true},
		{in: "2026-13-01", err: true},
		{in: "2026-00-10", err: true},
		{in: "26-12-25", err: true},
		{in: "2026-12-25T00:00:00Z", err: true},
		{in: "2026/12/25", err: true},
		{in: "", err: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseDate(tt.in)
			if tt.err {
				require.ErrorContains(t, err, `invalid date "`+tt.in+`"`)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
			require.Equal(t, tt.in, got.String(), "round trip")
		})
	}
}

func TestDateHelpers(t *testing.T) {
	t.Parallel()
	require.Equal(t, "0999-01-02", Date{999, time.January, 2}.String())
	require.Equal(t, day("2027-01-01"), day("2026-12-31").addDays(1))
	require.Equal(t, day("2028-02-29"), day("2028-03-01").addDays(-1))
	require.Equal(t, time.Friday, day("2026-12-25").weekday())
	require.True(t, day("2028-02-29").valid())
	require.False(t, Date{2026, time.February, 29}.valid())
	require.False(t, Date{2026, 13, 1}.valid())
	require.False(t, Date{2026, time.January, 0}.valid())
}

func TestDateText(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal([]Date{day("2026-12-25")})
	require.NoError(t, err)
	require.JSONEq(t, `["2026-12-25"]`, string(b))

	var back []Date
	require.NoError(t, json.Unmarshal(b, &back))
	require.Equal(t, []Date{{2026, time.December, 25}}, back)

	require.ErrorContains(t, json.Unmarshal([]byte(`["2026-02-30"]`), &back), `invalid date "2026-02-30"`)
	_, err = json.Marshal(Date{2026, time.February, 30})
	require.ErrorContains(t, err, "2026-02-30 does not exist")
}

func TestScheduleJSON(t *testing.T) {
	t.Parallel()
	s := Schedule{
		TimeZone: "Europe/Berlin",
		Hours:    []Interval{iv(time.Monday, "22:00", "24:00"), iv(time.Tuesday, "00:00", "06:00")},
		Holidays: []Date{day("2026-12-25")},
	}
	b, err := json.Marshal(s)
	require.NoError(t, err)
	require.JSONEq(t, `{"timeZone":"Europe/Berlin",
		"hours":[{"weekday":1,"opens":"22:00","closes":"24:00"},{"weekday":2,"opens":"00:00","closes":"06:00"}],
		"holidays":["2026-12-25"]}`, string(b))
	var back Schedule
	require.NoError(t, json.Unmarshal(b, &back))
	require.Equal(t, s, back)
}
