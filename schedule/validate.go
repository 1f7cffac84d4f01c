package schedule

import (
	"errors"
	"fmt"
	"time"
)

// Validate reports every problem with the schedule, one per line (joined
// with errors.Join), or nil. Each message names the field at fault: an
// empty, "Local" or unknown time zone; an interval with a weekday outside
// 0..6, a clock outside 00:00..24:00, an opening at 24:00, Opens >= Closes,
// or an overlap with an earlier interval on the same weekday (for example
// "hours[2]: overlaps hours[0] on Monday"); a holiday that is not a real
// date or repeats an earlier one. Adjacent intervals (one closes when the
// next opens) are not an overlap.
func (s Schedule) Validate() error {
	var errs []error
	if _, err := loadLocation(s.TimeZone); err != nil {
		errs = append(errs, err)
	}
	errs = append(errs, validateHours(s.Hours)...)
	errs = append(errs, validateHolidays(s.Holidays)...)
	return errors.Join(errs...)
}

// validateHours checks each interval on its own and against the earlier
// well-formed intervals of the same weekday, reporting in field order.
func validateHours(hours []Interval) []error {
	var errs []error
	wellFormed := make([]bool, len(hours))
	for j, b := range hours {
		if err := validateInterval(b); err != nil {
			errs = append(errs, fmt.Errorf("hours[%d]: %w", j, err))
			continue
		}
		wellFormed[j] = true
		for i, a := range hours[:j] {
			if wellFormed[i] && a.Weekday == b.Weekday && a.Opens < b.Closes && b.Opens < a.Closes {
				errs = append(errs, fmt.Errorf("hours[%d]: overlaps hours[%d] on %s (%s-%s and %s-%s)",
					j, i, b.Weekday, b.Opens, b.Closes, a.Opens, a.Closes))
				break
			}
		}
	}
	return errs
}

// validateInterval checks one interval's weekday and clocks.
func validateInterval(iv Interval) error {
	switch {
	case iv.Weekday < time.Sunday || iv.Weekday > time.Saturday:
		return fmt.Errorf("weekday %d out of range 0 (Sunday)..6 (Saturday)", int(iv.Weekday))
	case !iv.Opens.valid():
		return fmt.Errorf("opening time %s out of range 00:00..24:00", iv.Opens)
	case !iv.Closes.valid():
		return fmt.Errorf("closing time %s out of range 00:00..24:00", iv.Closes)
	case iv.Opens == EndOfDay:
		return fmt.Errorf("opening time 24:00 on %s: 24:00 is only valid as a closing time", iv.Weekday)
	case iv.Opens >= iv.Closes:
		return fmt.Errorf("opens at %s but closes at %s on %s: must open before it closes (use 24:00 for midnight; split intervals across midnight)",
			iv.Opens, iv.Closes, iv.Weekday)
	}
	return nil
}

// validateHolidays checks each holiday exists and is listed once.
func validateHolidays(holidays []Date) []error {
	var errs []error
	first := make(map[Date]int, len(holidays)) // lookups only: order never matters
	for i, d := range holidays {
		if !d.valid() {
			errs = append(errs, fmt.Errorf("holidays[%d]: %s is not a valid date", i, d))
			continue
		}
		if j, dup := first[d]; dup {
			errs = append(errs, fmt.Errorf("holidays[%d]: %s duplicates holidays[%d]", i, d, j))
			continue
		}
		first[d] = i
	}
	return errs
}
