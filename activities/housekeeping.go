package activities

import (
	"context"
	"fmt"
	"time"
)

// rateLimitRetention keeps finished rate-limit windows this long (the
// longest window is 15 minutes).
const rateLimitRetention = time.Hour

// HousekeepingResult counts what a housekeeping run removed.
type HousekeepingResult struct {
	ExpiredSessions  int64 `json:"expired_sessions"`
	RateLimitWindows int64 `json:"rate_limit_windows"`
}

// Housekeeping deletes expired sessions and old rate-limit counters.
func (a *Activities) Housekeeping(ctx context.Context) (HousekeepingResult, error) {
	var out HousekeepingResult
	var err error
	if out.ExpiredSessions, err = a.Store.DeleteExpiredSessions(ctx); err != nil {
		return out, fmt.Errorf("activities: delete expired sessions: %w", err)
	}
	if out.RateLimitWindows, err = a.Store.DeleteRateLimitsBefore(ctx, time.Now().Add(-rateLimitRetention)); err != nil {
		return out, fmt.Errorf("activities: delete rate limits: %w", err)
	}
	return out, nil
}
