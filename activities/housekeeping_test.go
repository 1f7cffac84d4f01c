package activities

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/testsuite"

	"livechat/accounts"
	"livechat/store/db"
	"livechat/store/storetest"
)

func TestHousekeepingRemovesOnlyWhatExpired(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	st, _ := storetest.NewDatabase(t)
	org, err := accounts.NewService(st, accounts.NewSigner("housekeeping-secret-housekeeping-secret")).CreateOrganization(ctx, accounts.NewOrganization{
		Name: "House", Slug: "house", OwnerEmail: "owner@house.test", OwnerName: "Owner", OwnerPassword: "house-password-1",
	})
	require.NoError(t, err)
	for i, expires := range []time.Time{time.Now().Add(-time.Minute), time.Now().Add(time.Hour)} {
		require.NoError(t, st.CreateSession(ctx, db.CreateSessionParams{
			TokenHash: []byte{byte(i)}, UserID: org.Owner.ID, OrgID: org.Org.ID, ExpiresAt: expires,
		}))
	}
	for _, window := range []time.Time{time.Now().Add(-2 * time.Hour), time.Now().Truncate(time.Minute)} {
		_, err := st.HitRateLimit(ctx, db.HitRateLimitParams{Key: "login-ip:127.0.0.1", WindowStart: window})
		require.NoError(t, err)
	}

	var s testsuite.WorkflowTestSuite
	env := s.NewTestActivityEnvironment()
	env.RegisterActivity(&Activities{Store: st})
	val, err := env.ExecuteActivity((&Activities{}).Housekeeping)
	require.NoError(t, err)
	var res HousekeepingResult
	require.NoError(t, val.Get(&res))
	require.Equal(t, HousekeepingResult{ExpiredSessions: 1, RateLimitWindows: 1}, res)

	var sessions, windows int
	require.NoError(t, st.Pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM sessions), (SELECT count(*) FROM rate_limits)`).Scan(&sessions, &windows))
	require.Equal(t, 1, sessions, "the live session stays")
	require.Equal(t, 1, windows, "the current window stays")
}
