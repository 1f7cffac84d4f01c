package chats

import (
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"livechat/accounts"
	"livechat/store"
	"livechat/store/db"
	"livechat/store/storetest"
)

// testOrg makes an organisation (owner owner@<slug>.test) in a database of
// its own.
func testOrg(t *testing.T, slug string) (*store.Store, *accounts.Service, accounts.CreatedOrganization) {
	t.Helper()
	st, _ := storetest.NewDatabase(t)
	accs := accounts.NewService(st, accounts.NewSigner("chats-test-secret-chats-test-secret-01"))
	org, err := accs.CreateOrganization(t.Context(), accounts.NewOrganization{
		Name: slug, Slug: slug, OwnerEmail: "owner@" + slug + ".test", OwnerName: "Owner", OwnerPassword: slug + "-password-1",
	})
	require.NoError(t, err)
	return st, accs, org
}

// newChat makes a contact and a chat in the organisation's inbox.
func newChat(t *testing.T, st *store.Store, org accounts.CreatedOrganization) db.Chat {
	t.Helper()
	contact, err := st.CreateContact(t.Context(), db.CreateContactParams{ID: uuid.Must(uuid.NewV7()), OrgID: org.Org.ID, CustomFields: []byte("{}"), Tags: []string{}})
	require.NoError(t, err)
	chat, err := st.CreateChat(t.Context(), db.CreateChatParams{ID: uuid.Must(uuid.NewV7()), OrgID: org.Org.ID, TeamID: org.Inbox.ID, ContactID: contact.ID, Source: "api"})
	require.NoError(t, err)
	return chat
}
