package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/require"

	"livechat/store/db"
	"livechat/store/storetest"
)

// teamFixture creates an organisation with one team and returns valid update
// parameters for that team.
func teamFixture(t *testing.T, q *db.Queries) db.UpdateTeamParams {
	t.Helper()
	ctx := context.Background()
	org, err := q.CreateOrganization(ctx, db.CreateOrganizationParams{ID: uuid.New(), Name: "Acme", Slug: "acme-" + uuid.NewString()[:8]})
	require.NoError(t, err)
	team, err := q.CreateTeam(ctx, db.CreateTeamParams{ID: uuid.New(), OrgID: org.ID, Name: "Support"})
	require.NoError(t, err)
	return db.UpdateTeamParams{
		OrgID: org.ID, ID: team.ID, Name: team.Name,
		PermissionMode: team.PermissionMode, AutoAssignment: team.AutoAssignment, Capacity: team.Capacity,
		OfferEnabled: team.OfferEnabled, OfferTimeoutSeconds: team.OfferTimeoutSeconds,
		UnresponsiveStrategy: team.UnresponsiveStrategy, UnresponsiveTimeoutSeconds: team.UnresponsiveTimeoutSeconds,
		UnresponsiveMessage: team.UnresponsiveMessage, AssignedMessage: team.AssignedMessage,
		AfterHoursMessage: team.AfterHoursMessage, TransferTimeoutSeconds: team.TransferTimeoutSeconds,
		InactivityAssignedSeconds: team.InactivityAssignedSeconds, InactivityWaitingSeconds: team.InactivityWaitingSeconds,
		ClosingMessage: team.ClosingMessage, WaitingAlertSeconds: team.WaitingAlertSeconds,
	}
}

func TestTeamDefaultsAreAccepted(t *testing.T) {
	t.Parallel()
	q := storetest.Tx(t)
	p := teamFixture(t, q)
	require.Equal(t, "collaborative", p.PermissionMode)
	require.EqualValues(t, 3, p.Capacity)
	p.PermissionMode = "restrictive"
	p.Capacity = 1
	team, err := q.UpdateTeam(context.Background(), p)
	require.NoError(t, err)
	require.Equal(t, "restrictive", team.PermissionMode)
	require.EqualValues(t, 1, team.Capacity)
}

func TestTeamCheckConstraints(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name       string
		change     func(*db.UpdateTeamParams)
		constraint string
	}{
		{"unknown permission mode", func(p *db.UpdateTeamParams) { p.PermissionMode = "anarchy" }, "teams_permission_mode_check"},
		{"capacity zero", func(p *db.UpdateTeamParams) { p.Capacity = 0 }, "teams_capacity_check"},
		{"capacity above 100", func(p *db.UpdateTeamParams) { p.Capacity = 101 }, "teams_capacity_check"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			q := storetest.Tx(t) // a failed statement aborts the transaction: one per case
			p := teamFixture(t, q)
			tc.change(&p)
			_, err := q.UpdateTeam(context.Background(), p)
			var pgErr *pgconn.PgError
			require.True(t, errors.As(err, &pgErr), "want a PostgreSQL error, got %v", err)
			require.Equal(t, "23514", pgErr.Code, "check_violation")
			require.Equal(t, tc.constraint, pgErr.ConstraintName)
		})
	}
}
