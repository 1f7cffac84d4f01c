package schedule

import (
	"cmp"
	"iter"
	"slices"
	"time"
)

// localInstant is the instant of wall clock c on local date d in loc (c may
// be 24:00, the next midnight). A wall time that falls in a DST gap becomes
// the instant the gap ends; one in an overlap keeps time.Date's choice. See
// the package documentation.
func localInstant(d Date, c Clock, loc *time.Location) time.Time {
	if c >= EndOfDay {
		d, c = d.addDays(1), 0
	}
	h, m := int(c)/60, int(c)%60
	t := time.Date(d.Year, d.Month, d.Day, h, m, 0, 0, loc)
	if t.Hour() == h && t.Minute() == m && dateOf(t) == d {
		return t // the wall time exists
	}
	// The wall time is in a gap: time.Date moved it to one side of the
	// transition. The transition is where t's zone period begins (t after
	// the gap) or ends (t before it).
	want := time.Date(d.Year, d.Month, d.Day, h, m, 0, 0, time.UTC)
	got := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), 0, 0, time.UTC)
	start, end := t.ZoneBounds()
	switch {
	case got.After(want) && !start.IsZero():
		return start
	case got.Before(want) && !end.IsZero():
		return end
	}
	return t
}

// span is an open period [start, end) as instants.
type span struct{ start, end time.Time }

// contains reports whether t is in [start, end).
func (p span) contains(t time.Time) bool { return !t.Before(p.start) && t.Before(p.end) }

// week is a schedule prepared for scanning: its zone, its valid intervals
// grouped by weekday and sorted by opening time, and its holidays.
type week struct {
	loc      *time.Location
	days     [7][]Interval
	holidays []Date
}

// prepare builds the week, dropping or clamping invalid intervals as the
// package documentation describes.
func (s Schedule) prepare() week {
	w := week{loc: s.location(), holidays: s.Holidays}
	for _, iv := range s.Hours {
		if iv, ok := normalize(iv); ok {
			w.days[iv.Weekday] = append(w.days[iv.Weekday], iv)
		}
	}
	for _, ivs := range w.days {
		slices.SortStableFunc(ivs, func(a, b Interval) int { return cmp.Compare(a.Opens, b.Opens) })
	}
	return w
}

// normalize clamps the clocks of iv to 00:00..24:00 and reports whether the
// result is a usable interval (a real weekday, Opens < Closes).
func normalize(iv Interval) (Interval, bool) {
	iv.Opens = min(max(iv.Opens, 0), EndOfDay)
	iv.Closes = min(max(iv.Closes, 0), EndOfDay)
	return iv, iv.Weekday >= time.Sunday && iv.Weekday <= time.Saturday && iv.Opens < iv.Closes
}

// isHoliday reports whether d is one of the holidays.
func isHoliday(holidays []Date, d Date) bool { return slices.Contains(holidays, d) }

// spans yields the non-empty open spans of the local dates from..from+n-1 in
// chronological order, skipping holidays.
func (w week) spans(from Date, n int) iter.Seq[span] {
	return func(yield func(span) bool) {
		for i := range n {
			d := from.addDays(i)
			ivs := w.days[d.weekday()]
			if len(ivs) == 0 || isHoliday(w.holidays, d) {
				continue
			}
			for _, iv := range ivs {
				p := span{localInstant(d, iv.Opens, w.loc), localInstant(d, iv.Closes, w.loc)}
				if p.start.Before(p.end) && !yield(p) {
					return
				}
			}
		}
	}
}
