package schedule

import "fmt"

// Clock is a time of day in minutes after midnight, 0..1440. EndOfDay (1440,
// "24:00") is only valid as a closing time.
type Clock int

// EndOfDay is the clock at the end of a day, "24:00": the next local midnight.
const EndOfDay Clock = 24 * 60

// ParseClock parses "HH:MM" (two digits each) from "00:00" to "24:00".
// "24:00" is accepted because it is a valid closing time; Validate rejects
// it as an opening time. Errors name the input.
func ParseClock(s string) (Clock, error) {
	if len(s) != 5 || s[2] != ':' || !digits(s[:2]) || !digits(s[3:]) {
		return 0, fmt.Errorf("schedule: invalid clock %q: want HH:MM", s)
	}
	h := int(s[0]-'0')*10 + int(s[1]-'0')
	m := int(s[3]-'0')*10 + int(s[4]-'0')
	if m > 59 || h > 24 || (h == 24 && m != 0) {
		return 0, fmt.Errorf("schedule: invalid clock %q: out of range 00:00..24:00", s)
	}
	return Clock(h*60 + m), nil
}

// String formats the clock as "HH:MM", for example "09:00" or "24:00". A
// clock outside 0..1440 formats as "Clock(n)".
func (c Clock) String() string {
	if !c.valid() {
		return fmt.Sprintf("Clock(%d)", int(c))
	}
	return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60)
}

// MarshalText encodes the clock as "HH:MM", so it reads naturally in JSON.
func (c Clock) MarshalText() ([]byte, error) {
	if !c.valid() {
		return nil, fmt.Errorf("schedule: clock %d out of range 00:00..24:00", int(c))
	}
	return []byte(c.String()), nil
}

// UnmarshalText decodes "HH:MM" as ParseClock does.
func (c *Clock) UnmarshalText(b []byte) error {
	v, err := ParseClock(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// valid reports whether c is within 00:00..24:00.
func (c Clock) valid() bool { return c >= 0 && c <= EndOfDay }

// digits reports whether s is non-empty and all ASCII digits.
func digits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
