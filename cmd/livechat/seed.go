package main

import (
	"context"
	"errors"
	"fmt"

	"livechat/accounts"
	"livechat/store"
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
// supervisor and two agents in it) unless it exists already.
func seedDemo(ctx context.Context, st *store.Store) ([]demoLogin, error) {
	_, err := st.GetOrganizationBySlug(ctx, demoOrgSlug)
	if err == nil {
		return demoLogins, nil
	}
	if !errors.Is(store.Err(err), store.ErrNotFound) {
		return nil, fmt.Errorf("seed: %w", err)
	}
	svc := accounts.NewService(st, accounts.Signer{})
	owner := demoLogins[0]
	org, err := svc.CreateOrganization(ctx, accounts.NewOrganization{
		Name: demoOrgName, Slug: demoOrgSlug, OwnerEmail: owner.email, OwnerName: owner.name, OwnerPassword: demoPassword,
	})
	if err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	actor := accounts.Principal{OrgID: org.Org.ID, UserID: org.Owner.ID, Role: accounts.RoleOwner}
	for _, l := range demoLogins[1:] {
		if _, err := svc.AddMember(ctx, actor, l.email, l.name, demoPassword, l.role, org.Inbox.ID); err != nil {
			return nil, fmt.Errorf("seed %s: %w", l.email, err)
		}
	}
	return demoLogins, nil
}
