package schedule

import "time"

// Interval is one open period on a weekday, in the schedule's local time:
// open from Opens (inclusive) to Closes (exclusive) on the same local day.
// Opens must be before Closes; Closes may be 24:00 (the next midnight).
// Weekday follows time.Weekday: 0 = Sunday ... 6 = Saturday (also in JSON).
type Interval struct {
	Weekday time.Weekday `json:"weekday"`
	Opens   Clock        `json:"opens"`
	Closes  Clock        `json:"closes"`
}

// Schedule is a weekly availability in a time zone, with holidays.
//
// A Schedule with no hours is never open. Callers that model "no schedule =
// always open" hold a *Schedule and use OpenAt and NextOpen, which treat nil
// as always open.
type Schedule struct {
	// TimeZone is the IANA zone name the hours are in, e.g. "Europe/Berlin".
	TimeZone string `json:"timeZone"`
	// Hours are the weekly open intervals, in any order.
	Hours []Interval `json:"hours"`
	// Holidays are local dates on which the schedule is closed all day.
	Holidays []Date `json:"holidays"`
}

// horizonDays bounds every forward search: a schedule that does not open (or
// close) within this many days after the starting date is treated as never
// opening (or closing).
const horizonDays = 400
