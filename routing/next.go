package routing

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"livechat/store/db"
)

// NextAgentOpening returns when the next online agent of the team who is
// outside their own schedule now starts working, so a waiting chat can try
// again then (a timer in its workflow, not a poll). Nil when there is none.
func (d *Dispatcher) NextAgentOpening(ctx context.Context, orgID, teamID uuid.UUID) (*time.Time, error) {
	rows, err := d.Store.OnlineTeamAgentSchedules(ctx, db.OnlineTeamAgentSchedulesParams{OrgID: orgID, TeamID: teamID})
	if err != nil {
		return nil, fmt.Errorf("routing: agent schedules: %w", err)
	}
	ids := make([]uuid.UUID, 0, len(rows))
	for _, id := range rows {
		if id != nil {
			ids = append(ids, *id)
		}
	}
	schedules, err := LoadSchedules(ctx, d.Store.Queries, ids)
	if err != nil {
		return nil, err
	}
	now := d.now()
	var next *time.Time
	for _, s := range schedules {
		if s.OpenAt(now) {
			continue
		}
		at, ok := s.NextOpen(now)
		if ok && (next == nil || at.Before(*next)) {
			next = &at
		}
	}
	return next, nil
}
