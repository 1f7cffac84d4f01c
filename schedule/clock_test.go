package schedule

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseClock(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want Clock
		err  string
	}{
		{in: "00:00", want: 0},
		{in: "09:00", want: 9 * 60},
		{in: "17:30", want: 17*60 + 30},
		{in: "23:59", want: 23*60 + 59},
		{in: "24:00", want: EndOfDay},
		{in: "", err: `invalid clock "": want HH:MM`},
		{in: "9:00", err: `invalid clock "9:00": want HH:MM`},
		{in: "09:0", err: `invalid clock "09:0"`},
		{in: "0900", err: `invalid clock "0900"`},
		{in: "09-00", err: `invalid clock "09-00"`},
		{in: "+9:00", err: `invalid clock "+9:00"`},
		{in: " 9:00", err: `invalid clock " 9:00"`},
		{in: "09:00:00", err: `invalid clock "09:00:00"`},
		{in: "ab:cd", err: `invalid clock "ab:cd"`},
		{in: "09:60", err: `invalid clock "09:60": out of range`},
		{in: "24:01", err: `invalid clock "24:01": out of range`},
		{in: "25:00", err: `invalid clock "25:00": out of range`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseClock(tt.in)
			if tt.err != "" {
				require.ErrorContains(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
			require.Equal(t, tt.in, got.String(), "round trip")
		})
	}
}

func TestClockString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   Clock
		want string
	}{
		{0, "00:00"},
		{9*60 + 5, "09:05"},
		{EndOfDay, "24:00"},
		{-1, "Clock(-1)"},
		{EndOfDay + 1, "Clock(1441)"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tt.want, tt.in.String())
		})
	}
}

func TestClockText(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal([]Clock{clk("09:30"), EndOfDay})
	require.NoError(t, err)
	require.JSONEq(t, `["09:30","24:00"]`, string(b))

	var back []Clock
	require.NoError(t, json.Unmarshal(b, &back))
	require.Equal(t, []Clock{9*60 + 30, EndOfDay}, back)

	require.ErrorContains(t, json.Unmarshal([]byte(`["9:30"]`), &back), `invalid clock "9:30"`)
	_, err = json.Marshal(Clock(-5))
	require.ErrorContains(t, err, "clock -5 out of range")
}
