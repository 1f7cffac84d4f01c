package schedule

import "time"

// OpenAt reports whether the schedule is open at t. A nil schedule means "no
// schedule" and is always open, so callers need no nil check.
func (s *Schedule) OpenAt(t time.Time) bool {
	return s == nil || s.IsOpen(t)
}

// NextOpen is NextOpening for an optional schedule: a nil schedule is always
// open, so it returns (t, true).
func (s *Schedule) NextOpen(t time.Time) (time.Time, bool) {
	if s == nil {
		return t, true
	}
	return s.NextOpening(t)
}

// NextClose is NextClosing for an optional schedule: a nil schedule is always
// open and never closes, so it returns (time.Time{}, false).
func (s *Schedule) NextClose(t time.Time) (time.Time, bool) {
	if s == nil {
		return time.Time{}, false
	}
	return s.NextClosing(t)
}
