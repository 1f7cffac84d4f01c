package main

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"livechat/accounts"
	"livechat/config"
	"livechat/store/db"
	"livechat/store/storetest"
)

func TestSeedDemoIsIdempotent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, _ := storetest.NewDatabase(t)

	first, key, err := seedDemo(ctx, st)
	require.NoError(t, err)
	second, again, err := seedDemo(ctx, st)
	require.NoError(t, err)
	require.Len(t, first, 4)
	require.Equal(t, first, second)
	require.Equal(t, key, again, "one demo widget")

	count := func(sql string, args ...any) int {
		t.Helper()
		var n int
		require.NoError(t, st.Pool.QueryRow(ctx, sql, args...).Scan(&n))
		return n
	}
	require.Equal(t, 1, count(`SELECT count(*) FROM organizations`))
	org, err := st.GetOrganizationBySlug(ctx, demoOrgSlug)
	require.NoError(t, err)
	require.Equal(t, demoOrgName, org.Name)
	require.Equal(t, 4, count(`SELECT count(*) FROM memberships WHERE org_id = $1`, org.ID))
	require.Equal(t, 4, count(`SELECT count(*) FROM users`))

	teams, err := st.ListTeams(ctx, org.ID)
	require.NoError(t, err)
	require.Len(t, teams, 1)
	require.Equal(t, accounts.DefaultTeamName, teams[0].Name)
	members, err := st.ListTeamMembers(ctx, db.ListTeamMembersParams{OrgID: org.ID, TeamID: teams[0].ID})
	require.NoError(t, err)
	require.Len(t, members, 4)
	widget, err := st.GetWidgetByKey(ctx, key)
	require.NoError(t, err)
	require.Equal(t, teams[0].ID, widget.TeamID, "the demo widget opens chats in the Inbox")
	require.Equal(t, 1, count(`SELECT count(*) FROM widgets WHERE org_id = $1`, org.ID))

	// Every printed login works with the demo password and has its role.
	svc := accounts.NewService(st, accounts.NewSigner("seed-test-secret-0123456789abcdef"))
	for _, l := range first {
		sess, err := svc.Login(ctx, l.email, demoPassword, "", "")
		require.NoError(t, err, l.email)
		require.Equal(t, org.ID, sess.Principal.OrgID, l.email)
		require.Equal(t, l.role, sess.Principal.Role, l.email)
	}
}

func TestRunSeedSeedsAMigratedDatabase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, url := storetest.NewDatabase(t)
	cfg := config.Config{DatabaseURL: url, PublicURL: "http://localhost:8080"}
	require.NoError(t, runSeed(ctx, cfg))
	require.NoError(t, runSeed(ctx, cfg), "again: nothing to add")
	var orgs int
	require.NoError(t, st.Pool.QueryRow(ctx, `SELECT count(*) FROM organizations WHERE slug = $1`, demoOrgSlug).Scan(&orgs))
	require.Equal(t, 1, orgs)
}

func TestWriteDemoPrintsLoginsAndSnippet(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	writeDemo(&b, "http://127.0.0.1:18090", demoLogins, "wk_test")
	out := b.String()
	require.Contains(t, out, demoPassword)
	for _, l := range demoLogins {
		require.Contains(t, out, l.email)
	}
	require.Contains(t, out, `<script async src="http://127.0.0.1:18090/widget.js" data-key="wk_test"></script>`)
}
