package routing

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"

	"livechat/schedule"
	"livechat/store/db"
)

// storedHour is one row of schedule_hours as SchedulesByID returns it.
type storedHour struct {
	Weekday int    `json:"weekday"`
	Opens   string `json:"opens"`
	Closes  string `json:"closes"`
}

// LoadSchedules reads availability schedules by id.
func LoadSchedules(ctx context.Context, q *db.Queries, ids []uuid.UUID) (map[uuid.UUID]*schedule.Schedule, error) {
	out := map[uuid.UUID]*schedule.Schedule{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := q.SchedulesByID(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("routing: load schedules: %w", err)
	}
	for _, r := range rows {
		s, err := decodeSchedule(r)
		if err != nil {
			return nil, err
		}
		out[r.ID] = s
	}
	return out, nil
}

func decodeSchedule(r db.SchedulesByIDRow) (*schedule.Schedule, error) {
	var hours []storedHour
	var holidays []string
	if err := json.Unmarshal(r.Hours, &hours); err != nil {
		return nil, fmt.Errorf("routing: schedule %s hours: %w", r.ID, err)
	}
	if err := json.Unmarshal(r.Holidays, &holidays); err != nil {
		return nil, fmt.Errorf("routing: schedule %s holidays: %w", r.ID, err)
	}
	s := &schedule.Schedule{TimeZone: r.Timezone}
	for _, h := range hours {
		opens, err := schedule.ParseClock(h.Opens)
		if err != nil {
			return nil, fmt.Errorf("routing: schedule %s: %w", r.ID, err)
		}
		closes, err := schedule.ParseClock(h.Closes)
		if err != nil {
			return nil, fmt.Errorf("routing: schedule %s: %w", r.ID, err)
		}
		s.Hours = append(s.Hours, schedule.Interval{Weekday: time.Weekday(h.Weekday), Opens: opens, Closes: closes})
	}
	for _, d := range holidays {
		day, err := schedule.ParseDate(d)
		if err != nil {
			return nil, fmt.Errorf("routing: schedule %s: %w", r.ID, err)
		}
		s.Holidays = append(s.Holidays, day)
	}
	return s, nil
}
