package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/google/uuid"

	"livechat/accounts"
	"livechat/store"
	"livechat/store/db"
)

const (
	demoOrgName  = "Demo Support"
	demoOrgSlug  = "demo"
	demoPassword = "livechat-demo"
)

type demoLogin struct {
	role  accounts.Role
	name  string
	email string
}

var demoLogins = []demoLogin{
	{accounts.RoleOwner, "Olivia Owner", "owner@demo.livechat.local"},
	{accounts.RoleSupervisor, "Sam Supervisor", "sam@demo.livechat.local"},
	{accounts.RoleAgent, "Alice Agent", "alice@demo.livechat.local"},
	{accounts.RoleAgent, "Bob Agent", "bob@demo.livechat.local"},
}

// seedDemo creates the demo organisation (owner, the "Inbox" team, a
// supervisor and two agents in it, a widget) and returns the logins and the
// widget's key. It adds only what is missing, so running it again keeps the
// data and completes a seed that was interrupted.
func seedDemo(ctx context.Context, st *store.Store) ([]demoLogin, string, error) {
	svc := accounts.NewService(st, accounts.Signer{})
	org, err := st.GetOrganizationBySlug(ctx, demoOrgSlug)
	if errors.Is(store.Err(err), store.ErrNotFound) {
		owner := demoLogins[0]
		created, cerr := svc.CreateOrganization(ctx, accounts.NewOrganization{
			Name: demoOrgName, Slug: demoOrgSlug, OwnerEmail: owner.email, OwnerName: owner.name, OwnerPassword: demoPassword,
		})
		org, err = created.Org, cerr
	}
	if err != nil {
		return nil, "", fmt.Errorf("seed: %w", err)
	}
	owner, err := st.GetUserByEmail(ctx, demoLogins[0].email)
	if err != nil {
		return nil, "", fmt.Errorf("seed owner: %w", err)
	}
	inbox, err := inboxOf(ctx, st, org)
	if err != nil {
		return nil, "", err
	}
	actor := accounts.Principal{OrgID: org.ID, UserID: owner.ID, Role: accounts.RoleOwner}
	for _, l := range demoLogins[1:] {
		if _, err := st.GetUserByEmail(ctx, l.email); err == nil {
			continue
		}
		if _, err := svc.AddMember(ctx, actor, l.email, l.name, demoPassword, l.role, inbox.ID); err != nil {
			return nil, "", fmt.Errorf("seed %s: %w", l.email, err)
		}
	}
	key, err := demoWidget(ctx, st, org, inbox)
	if err != nil {
		return nil, "", err
	}
	return demoLogins, key, nil
}

// demoWidget returns the public key of the demo organisation's first
// widget, creating "Demo website" (for the Inbox, any site) when it has none.
func demoWidget(ctx context.Context, st *store.Store, org db.Organization, inbox db.Team) (string, error) {
	widgets, err := st.ListWidgets(ctx, org.ID)
	if err != nil {
		return "", fmt.Errorf("seed widgets: %w", err)
	}
	if len(widgets) > 0 {
		return widgets[0].PublicKey, nil
	}
	key, err := accounts.NewToken("wk_")
	if err != nil {
		return "", err
	}
	w, err := st.CreateWidget(ctx, db.CreateWidgetParams{
		ID: uuid.Must(uuid.NewV7()), OrgID: org.ID, TeamID: inbox.ID, Name: "Demo website", PublicKey: key,
		AllowedOrigins: []string{}, Color: "#2563eb", Title: "Chat with us", Greeting: "Hi! How can we help you today?",
		Position: "right", Language: "en",
	})
	if err != nil {
		return "", fmt.Errorf("seed widget: %w", err)
	}
	return w.PublicKey, nil
}

func inboxOf(ctx context.Context, st *store.Store, org db.Organization) (db.Team, error) {
	teams, err := st.ListTeams(ctx, org.ID)
	if err != nil {
		return db.Team{}, fmt.Errorf("seed teams: %w", err)
	}
	for _, t := range teams {
		if t.Name == accounts.DefaultTeamName {
			return t, nil
		}
	}
	return db.Team{}, fmt.Errorf("seed: the demo organisation has no %q team", accounts.DefaultTeamName)
}

// writeDemo writes the demo organisation's logins and the widget snippet, as
// `dev` and `seed` print them.
func writeDemo(w io.Writer, publicURL string, logins []demoLogin, widgetKey string) {
	_, _ = fmt.Fprintf(w, "  Demo organisation %q — password for every login: %s\n", demoOrgName, demoPassword)
	for _, l := range logins {
		_, _ = fmt.Fprintf(w, "    %-10s %s\n", l.role, l.email)
	}
	_, _ = fmt.Fprintf(w, "\n  Demo widget: put this in any web page, or open %s/widget/frame?key=%s\n", publicURL, widgetKey)
	_, _ = fmt.Fprintf(w, "    <script async src=\"%s/widget.js\" data-key=\"%s\"></script>\n", publicURL, widgetKey)
}
