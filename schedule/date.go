package schedule

import (
	"fmt"
	"time"
)

// Date is a civil date (no time, no zone), such as a holiday.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate parses an ISO 8601 calendar date such as "2026-12-25". Errors
// name the input.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("schedule: invalid date %q: want YYYY-MM-DD that exists", s)
	}
	return dateOf(t), nil
}

// String formats the date as "YYYY-MM-DD".
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// MarshalText encodes the date as "YYYY-MM-DD", so it reads naturally in JSON.
func (d Date) MarshalText() ([]byte, error) {
	if !d.valid() {
		return nil, fmt.Errorf("schedule: date %s does not exist", d)
	}
	return []byte(d.String()), nil
}

// UnmarshalText decodes "YYYY-MM-DD" as ParseDate does.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// dateOf is the civil date of t in t's own location.
func dateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// noon is the date at noon UTC: a zone-free handle for calendar arithmetic.
func (d Date) noon() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC)
}

// addDays is the date n days later (earlier when n < 0).
func (d Date) addDays(n int) Date { return dateOf(d.noon().AddDate(0, 0, n)) }

// weekday is the day of the week of the date.
func (d Date) weekday() time.Weekday { return d.noon().Weekday() }

// valid reports whether the date exists in the proleptic Gregorian calendar
// (no normalisation needed: 2026-02-30 is not valid).
func (d Date) valid() bool {
	return d.Month >= time.January && d.Month <= time.December && d.Day >= 1 && dateOf(d.noon()) == d
}
