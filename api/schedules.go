package api

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"livechat/accounts"
	"livechat/apperr"
	"livechat/routing"
	"livechat/schedule"
	"livechat/store/db"
)

// Schedule limits.
const (
	maxScheduleHours    = 50
	maxScheduleHolidays = 100
	maxHolidayName      = 100
)

// scheduleHour is one weekly open interval in the schedule's local time.
type scheduleHour struct {
	Weekday int    `json:"weekday"` // 0 = Sunday … 6 = Saturday
	Opens   string `json:"opens"`   // HH:MM
	Closes  string `json:"closes"`  // HH:MM, 24:00 = midnight
}

// scheduleHoliday is a local date on which the schedule is closed all day.
type scheduleHoliday struct {
	Day  string `json:"day"` // YYYY-MM-DD
	Name string `json:"name"`
}

// scheduleRequest replaces a schedule (PUT).
type scheduleRequest struct {
	TimeZone string            `json:"time_zone"`
	Hours    []scheduleHour    `json:"hours"`
	Holidays []scheduleHoliday `json:"holidays"`
}

// scheduleResponse shows a schedule with whether it is open now. A disabled
// schedule (none set) is always open.
type scheduleResponse struct {
	Enabled     bool              `json:"enabled"`
	TimeZone    string            `json:"time_zone"`
	Hours       []scheduleHour    `json:"hours"`
	Holidays    []scheduleHoliday `json:"holidays"`
	OpenNow     bool              `json:"open_now"`
	NextOpening *time.Time        `json:"next_opening"`
}

// parsedSchedule is a validated schedule with its holidays' names (by index
// of Holidays).
type parsedSchedule struct {
	schedule.Schedule
	names []string
}

// validationPrefix matches the "hours[3]: …" prefix of schedule.Validate's errors.
var validationPrefix = regexp.MustCompile(`^((?:hours|holidays)\[\d+\]): (.*)$`)

// parse checks a schedule request, naming every field at fault.
func (r scheduleRequest) parse() (parsedSchedule, error) {
	f := map[string]string{}
	out := parsedSchedule{Schedule: schedule.Schedule{TimeZone: strings.TrimSpace(r.TimeZone)}}
	if err := (schedule.Schedule{TimeZone: out.TimeZone}).Validate(); err != nil {
		f["time_zone"] = err.Error()
	}
	switch {
	case len(r.Hours) == 0:
		f["hours"] = "at least one open interval; delete the schedule to be available at all times"
	case len(r.Hours) > maxScheduleHours:
		f["hours"] = fmt.Sprintf("at most %d intervals", maxScheduleHours)
	}
	for i, h := range r.Hours {
		name := fmt.Sprintf("hours[%d]", i)
		iv := schedule.Interval{Weekday: time.Weekday(h.Weekday)}
		if h.Weekday < 0 || h.Weekday > 6 {
			f[name+".weekday"] = "0 (Sunday) to 6 (Saturday)"
		}
		var err error
		if iv.Opens, err = schedule.ParseClock(h.Opens); err != nil {
			f[name+".opens"] = "a time as HH:MM between 00:00 and 24:00"
		}
		if iv.Closes, err = schedule.ParseClock(h.Closes); err != nil {
			f[name+".closes"] = "a time as HH:MM between 00:00 and 24:00"
		}
		out.Hours = append(out.Hours, iv)
	}
	if len(r.Holidays) > maxScheduleHolidays {
		f["holidays"] = fmt.Sprintf("at most %d holidays", maxScheduleHolidays)
	}
	for i, h := range r.Holidays {
		name := fmt.Sprintf("holidays[%d]", i)
		day, err := schedule.ParseDate(h.Day)
		if err != nil {
			f[name+".day"] = "a date as YYYY-MM-DD"
		}
		label := strings.TrimSpace(h.Name)
		if utf8.RuneCountInString(label) > maxHolidayName {
			f[name+".name"] = fmt.Sprintf("at most %d characters", maxHolidayName)
		}
		out.Holidays = append(out.Holidays, day)
		out.names = append(out.names, label)
	}
	if len(f) == 0 {
		// The fields are well formed: check the rules between them
		// (opens before closes, no overlaps, no duplicate holidays).
		if err := out.Validate(); err != nil {
			for _, msg := range joinedMessages(err) {
				if m := validationPrefix.FindStringSubmatch(msg); m != nil {
					f[m[1]] = m[2]
				} else {
					f["schedule"] = msg
				}
			}
		}
	}
	if len(f) > 0 {
		return out, apperr.Validation(f)
	}
	return out, nil
}

// joinedMessages lists the messages of an errors.Join error.
func joinedMessages(err error) []string {
	var joined interface{ Unwrap() []error }
	if errors.As(err, &joined) {
		var out []string
		for _, e := range joined.Unwrap() {
			out = append(out, e.Error())
		}
		return out
	}
	return []string{err.Error()}
}

// auditDetails describes the new schedule for the audit log.
func (p parsedSchedule) auditDetails() map[string]any {
	hours := make([]string, len(p.Hours))
	for i, h := range p.Hours {
		hours[i] = fmt.Sprintf("%s %s-%s", h.Weekday, h.Opens, h.Closes)
	}
	days := make([]string, len(p.Holidays))
	for i, d := range p.Holidays {
		days[i] = d.String()
	}
	return map[string]any{"time_zone": p.TimeZone, "hours": hours, "holidays": days}
}

// writeSchedule replaces the hours and holidays of the schedule current (or
// of a new one when current is nil) and returns the schedule's id.
func writeSchedule(ctx context.Context, q *db.Queries, orgID uuid.UUID, current *uuid.UUID, in parsedSchedule) (uuid.UUID, error) {
	var id uuid.UUID
	if current == nil {
		row, err := q.CreateSchedule(ctx, db.CreateScheduleParams{ID: uuid.Must(uuid.NewV7()), OrgID: orgID, Timezone: in.TimeZone})
		if err != nil {
			return id, fmt.Errorf("api: create schedule: %w", err)
		}
		id = row.ID
	} else {
		id = *current
		if err := q.UpdateScheduleTimezone(ctx, db.UpdateScheduleTimezoneParams{OrgID: orgID, ID: id, Timezone: in.TimeZone}); err != nil {
			return id, fmt.Errorf("api: update schedule: %w", err)
		}
		if err := q.ClearScheduleHours(ctx, id); err != nil {
			return id, fmt.Errorf("api: clear schedule hours: %w", err)
		}
		if err := q.ClearScheduleHolidays(ctx, id); err != nil {
			return id, fmt.Errorf("api: clear schedule holidays: %w", err)
		}
	}
	for _, h := range in.Hours {
		err := q.InsertScheduleHour(ctx, db.InsertScheduleHourParams{ScheduleID: id, Weekday: int16(h.Weekday), Opens: h.Opens.String(), Closes: h.Closes.String()})
		if err != nil {
			return id, fmt.Errorf("api: insert schedule hour: %w", err)
		}
	}
	for i, d := range in.Holidays {
		if err := q.InsertScheduleHoliday(ctx, db.InsertScheduleHolidayParams{ScheduleID: id, Day: d.String(), Name: in.names[i]}); err != nil {
			return id, fmt.Errorf("api: insert schedule holiday: %w", err)
		}
	}
	return id, nil
}

// scheduleView reads the schedule id (nil = none: always open) and says
// whether it is open at now and, when closed, when it next opens.
func scheduleView(ctx context.Context, q *db.Queries, id *uuid.UUID, now time.Time) (scheduleResponse, error) {
	out := scheduleResponse{Hours: []scheduleHour{}, Holidays: []scheduleHoliday{}, OpenNow: true}
	if id == nil {
		return out, nil
	}
	loaded, err := routing.LoadSchedules(ctx, q, []uuid.UUID{*id})
	if err != nil {
		return out, err
	}
	sched, ok := loaded[*id]
	if !ok {
		return out, nil // removed meanwhile
	}
	holidays, err := q.ScheduleHolidayList(ctx, *id)
	if err != nil {
		return out, fmt.Errorf("api: schedule holidays: %w", err)
	}
	out.Enabled, out.TimeZone = true, sched.TimeZone
	for _, h := range sched.Hours {
		out.Hours = append(out.Hours, scheduleHour{Weekday: int(h.Weekday), Opens: h.Opens.String(), Closes: h.Closes.String()})
	}
	for _, h := range holidays {
		out.Holidays = append(out.Holidays, scheduleHoliday{Day: h.Day, Name: h.Name})
	}
	out.OpenNow = sched.IsOpen(now)
	if !out.OpenNow {
		if at, ok := sched.NextOpening(now); ok {
			if loc, err := time.LoadLocation(sched.TimeZone); err == nil {
				at = at.In(loc)
			}
			out.NextOpening = &at
		}
	}
	return out, nil
}

// scheduleOwner is what a schedule belongs to, a team or a member: how to
// lock its schedule id (nil = none), point it at a schedule and audit a
// change to it, inside the request's transaction.
type scheduleOwner struct {
	kind  string // "team" or "member": names the errors and audit actions
	lock  func(q *db.Queries) (*uuid.UUID, error)
	set   func(q *db.Queries, id *uuid.UUID) error
	audit func(q *db.Queries, action string, details map[string]any) error
}

// teamScheduleOwner is the team's schedule owner.
func (s *Server) teamScheduleOwner(c *fiber.Ctx, teamID uuid.UUID) scheduleOwner {
	ctx, orgID := c.UserContext(), principal(c).OrgID
	return scheduleOwner{
		kind: "team",
		lock: func(q *db.Queries) (*uuid.UUID, error) {
			current, err := q.LockTeamSchedule(ctx, db.LockTeamScheduleParams{OrgID: orgID, ID: teamID})
			if err != nil {
				return nil, notFoundOr(err, "no team %s in this organisation", teamID)
			}
			return current, nil
		},
		set: func(q *db.Queries, id *uuid.UUID) error {
			return q.SetTeamSchedule(ctx, db.SetTeamScheduleParams{OrgID: orgID, ID: teamID, ScheduleID: id})
		},
		audit: func(q *db.Queries, action string, details map[string]any) error {
			return s.auditTeam(c, q, action, teamID.String(), details)
		},
	}
}

// myScheduleOwner is the caller's own membership as a schedule owner.
func myScheduleOwner(c *fiber.Ctx) scheduleOwner {
	ctx, p := c.UserContext(), principal(c)
	return scheduleOwner{
		kind: "member",
		lock: func(q *db.Queries) (*uuid.UUID, error) {
			current, err := q.LockMemberSchedule(ctx, db.LockMemberScheduleParams{OrgID: p.OrgID, UserID: p.UserID})
			if err != nil {
				return nil, notFoundOr(err, "you are not a member of this organisation")
			}
			return current, nil
		},
		set: func(q *db.Queries, id *uuid.UUID) error {
			return q.SetMemberSchedule(ctx, db.SetMemberScheduleParams{OrgID: p.OrgID, UserID: p.UserID, ScheduleID: id})
		},
		audit: func(q *db.Queries, action string, details map[string]any) error {
			return auditMember(c, q, action, details)
		},
	}
}

// decodeSchedule reads and checks the schedule in the request body.
func decodeSchedule(c *fiber.Ctx) (parsedSchedule, error) {
	var req scheduleRequest
	if err := decode(c, &req); err != nil {
		return parsedSchedule{}, err
	}
	return req.parse()
}

// replaceSchedule replaces the owner's schedule (creating it the first time)
// in one transaction, audits the change and returns the new schedule's view.
func (s *Server) replaceSchedule(c *fiber.Ctx, o scheduleOwner, in parsedSchedule) (scheduleResponse, error) {
	ctx := c.UserContext()
	var view scheduleResponse
	err := s.Store.InTx(ctx, func(q *db.Queries) error {
		current, err := o.lock(q)
		if err != nil {
			return err
		}
		id, err := writeSchedule(ctx, q, principal(c).OrgID, current, in)
		if err != nil {
			return err
		}
		if current == nil {
			if err := o.set(q, &id); err != nil {
				return fmt.Errorf("api: set %s schedule: %w", o.kind, err)
			}
		}
		if err := o.audit(q, o.kind+".schedule_updated", in.auditDetails()); err != nil {
			return err
		}
		view, err = scheduleView(ctx, q, &id, time.Now())
		return err
	})
	return view, err
}

// removeSchedule deletes the owner's schedule in one transaction and audits
// it; it reports whether there was one (removing none is a no-op).
func (s *Server) removeSchedule(c *fiber.Ctx, o scheduleOwner) (removed bool, err error) {
	ctx, orgID := c.UserContext(), principal(c).OrgID
	err = s.Store.InTx(ctx, func(q *db.Queries) error {
		current, err := o.lock(q)
		if err != nil {
			return err
		}
		if current == nil {
			return nil
		}
		if err := o.set(q, nil); err != nil {
			return fmt.Errorf("api: clear %s schedule: %w", o.kind, err)
		}
		if err := q.DeleteSchedule(ctx, db.DeleteScheduleParams{OrgID: orgID, ID: *current}); err != nil {
			return fmt.Errorf("api: delete schedule: %w", err)
		}
		removed = true
		return o.audit(q, o.kind+".schedule_removed", nil)
	})
	return removed, err
}

// getTeamSchedule shows the team's opening hours.
func (s *Server) getTeamSchedule(c *fiber.Ctx) error {
	team, err := s.loadTeam(c)
	if err != nil {
		return err
	}
	view, err := scheduleView(c.UserContext(), s.Store.Queries, team.ScheduleID, time.Now())
	if err != nil {
		return err
	}
	return c.JSON(view)
}

// putTeamSchedule replaces the team's opening hours in one transaction.
func (s *Server) putTeamSchedule(c *fiber.Ctx) error {
	team, err := s.loadTeam(c)
	if err != nil {
		return err
	}
	in, err := decodeSchedule(c)
	if err != nil {
		return err
	}
	view, err := s.replaceSchedule(c, s.teamScheduleOwner(c, team.ID), in)
	if err != nil {
		return err
	}
	s.teamChanged(c, team.ID)
	return c.JSON(view)
}

// deleteTeamSchedule removes the team's opening hours: the team is open at
// all times. Removing a schedule that is not set is a no-op.
func (s *Server) deleteTeamSchedule(c *fiber.Ctx) error {
	team, err := s.loadTeam(c)
	if err != nil {
		return err
	}
	if _, err := s.removeSchedule(c, s.teamScheduleOwner(c, team.ID)); err != nil {
		return err
	}
	s.teamChanged(c, team.ID)
	return c.SendStatus(fiber.StatusNoContent)
}

// getMySchedule shows the caller's own working hours ("My availability").
func (s *Server) getMySchedule(c *fiber.Ctx) error {
	p := principal(c)
	m, err := s.Store.GetMembership(c.UserContext(), db.GetMembershipParams{OrgID: p.OrgID, UserID: p.UserID})
	if err != nil {
		return notFoundOr(err, "you are not a member of this organisation")
	}
	view, err := scheduleView(c.UserContext(), s.Store.Queries, m.ScheduleID, time.Now())
	if err != nil {
		return err
	}
	return c.JSON(view)
}

// auditMember records the caller's action on their own membership.
func auditMember(c *fiber.Ctx, q *db.Queries, action string, details map[string]any) error {
	p := principal(c)
	return accounts.Audit(c.UserContext(), q, p, action, "member", p.UserID.String(), details)
}

// putMySchedule replaces the caller's own working hours; round robin skips
// agents outside them.
func (s *Server) putMySchedule(c *fiber.Ctx) error {
	in, err := decodeSchedule(c)
	if err != nil {
		return err
	}
	view, err := s.replaceSchedule(c, myScheduleOwner(c), in)
	if err != nil {
		return err
	}
	// The agent may be working now: let their teams' queues use them.
	s.wakeQueues(c.UserContext(), principal(c).OrgID, principal(c).UserID)
	return c.JSON(view)
}

// deleteMySchedule removes the caller's working hours: they are available
// whenever they are online.
func (s *Server) deleteMySchedule(c *fiber.Ctx) error {
	removed, err := s.removeSchedule(c, myScheduleOwner(c))
	if err != nil {
		return err
	}
	if removed {
		s.wakeQueues(c.UserContext(), principal(c).OrgID, principal(c).UserID)
	}
	return c.SendStatus(fiber.StatusNoContent)
}
