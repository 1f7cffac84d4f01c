// Package schedule models weekly availability: opening hours per weekday in
// an IANA time zone, with whole-day holidays. Teams use it for after-hours
// handling and agents for their own working hours.
//
// Everything here is pure and deterministic (no clock reads, no goroutines,
// results never depend on map order), so the chat workflow may call it
// directly. Time zones come from time.LoadLocation; the IANA database is
// embedded in the binary (see tzdata.go), so containers without
// /usr/share/zoneinfo work too.
//
// # Model
//
// A schedule is a set of half-open instants [opens, closes): an interval
// opens inclusively and closes exclusively. Each Interval is a span of one
// local day; a closing time of 24:00 is the next local midnight, so
// Monday 22:00-24:00 followed by Tuesday 00:00-06:00 is one continuous open
// span. A holiday closes the whole local day: every interval of that date is
// dropped (an interval of the previous day that closes at 24:00 still ends at
// the holiday's midnight).
//
// # Daylight saving time
//
// Wall-clock times are turned into instants with time.Date in the schedule's
// zone, with one correction:
//
//   - A wall time inside a spring-forward gap does not exist. It becomes the
//     instant the gap ends, the first valid instant after it. In
//     Europe/Berlin on 2026-03-29 the clocks jump from 02:00 to 03:00, so an
//     opening (or closing) at 02:30 happens at 03:00 CEST = 01:00 UTC. An
//     interval lying wholly inside the gap (02:00-02:30) is empty that day.
//   - A wall time inside a fall-back overlap happens twice. It keeps Go's
//     normal time.Date resolution, which picks one of the two occurrences:
//     for Europe/Berlin on 2026-10-25 a closing at 02:30 is 02:30 CET =
//     01:30 UTC (the second occurrence); for America/New_York on 2026-11-01
//     01:30 is 01:30 EDT = 05:30 UTC (the first). The same wall time always
//     maps to the same instant, so adjacent intervals stay adjacent and an
//     interval lasts its wall-clock length give or take the shift.
//
// IsOpen, NextOpening and NextClosing all use these same instants, so they
// agree with each other on every instant, including around transitions.
//
// # Invalid schedules
//
// Validate reports every problem. The other methods never fail: an unknown,
// empty or "Local" time zone is evaluated in UTC, intervals with a weekday
// outside Sunday..Saturday or with Opens >= Closes are ignored, clocks are
// clamped to 00:00..24:00 and overlapping intervals simply merge. Validate
// schedules when they are saved.
package schedule
