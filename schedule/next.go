package schedule

import "time"

// NextOpening returns t itself if the schedule is open at t, and otherwise
// the earliest instant after t at which it opens. It reports false when the
// schedule never opens: it has no usable hours, or holidays close it for the
// whole search window (400 days after t's local date). An opening instant is
// returned in the schedule's zone; compare instants with Equal, not ==.
func (s Schedule) NextOpening(t time.Time) (time.Time, bool) {
	w := s.prepare()
	for p := range w.spans(dateOf(t.In(w.loc)).addDays(-1), horizonDays+2) {
		if !p.end.After(t) {
			continue // already over
		}
		if p.contains(t) {
			return t, true
		}
		return p.start, true
	}
	return time.Time{}, false
}

// NextClosing returns t itself if the schedule is closed at t, and otherwise
// the instant the open span containing t ends. Adjacent and overlapping
// intervals form one span, so Monday 22:00-24:00 plus Tuesday 00:00-06:00
// open on Monday evening closes on Tuesday at 06:00. It reports false when
// the span does not end within the search window (400 days after t's local
// date), as for a schedule open around the clock without holidays. A closing
// instant is returned in the schedule's zone; compare instants with Equal.
func (s Schedule) NextClosing(t time.Time) (time.Time, bool) {
	w := s.prepare()
	var end time.Time // end of the span containing t so far; zero until found
	for p := range w.spans(dateOf(t.In(w.loc)).addDays(-1), horizonDays+2) {
		switch {
		case end.IsZero() && !p.end.After(t):
			continue // already over
		case end.IsZero() && !p.contains(t):
			return t, true // closed at t
		case end.IsZero():
			end = p.end
		case p.start.After(end):
			return end, true // a gap after the span
		case p.end.After(end):
			end = p.end
		}
	}
	if end.IsZero() {
		return t, true // no span reaches t: closed
	}
	return time.Time{}, false
}
