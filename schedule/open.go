package schedule

import "time"

// IsOpen reports whether the schedule is open at t. t may be in any zone; it
// is evaluated in the schedule's zone. Opening times are inclusive, closing
// times exclusive, and holidays are closed all day.
func (s Schedule) IsOpen(t time.Time) bool {
	loc := s.location()
	today := dateOf(t.In(loc))
	// Only intervals of the local date can contain t; the neighbours are
	// checked too so DST resolution at midnight cannot hide one.
	for i := -1; i <= 1; i++ {
		d := today.addDays(i)
		if isHoliday(s.Holidays, d) {
			continue
		}
		wd := d.weekday()
		for _, iv := range s.Hours {
			if iv.Weekday != wd {
				continue
			}
			iv, ok := normalize(iv)
			if !ok {
				continue
			}
			if (span{localInstant(d, iv.Opens, loc), localInstant(d, iv.Closes, loc)}).contains(t) {
				return true
			}
		}
	}
	return false
}
