package notify

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestEffectiveLayersBuiltInOrganisationAndMember(t *testing.T) {
	org := Preferences{KindChatAssigned: {ChannelSMS: false}, KindTransferExpired: {ChannelEmail: true}}
	member := Preferences{KindChatAssigned: {ChannelSMS: true, ChannelEmail: false}}
	got := Effective(org, member)

	require.Equal(t, map[string]bool{ChannelBrowser: true, ChannelEmail: false, ChannelSMS: true}, got[KindChatAssigned],
		"the member's choices win over the organisation's")
	require.Equal(t, map[string]bool{ChannelBrowser: true, ChannelEmail: true}, got[KindTransferExpired],
		"the organisation's choice wins over the built-in default")
	require.Equal(t, map[string]bool{ChannelBrowser: true, ChannelSMS: true, ChannelEmail: false}, got[KindChatOffered],
		"built-in defaults where nobody chose")
	require.Equal(t, map[string]bool{ChannelBrowser: true}, got[KindChatWaiting])
	require.Len(t, got, len(Catalog()), "every kind is resolved")
}

func TestPreferencesChannelsInCatalogOrder(t *testing.T) {
	p := Effective(nil, Preferences{KindChatAssigned: {ChannelBrowser: false}})
	require.Equal(t, []string{ChannelEmail, ChannelSMS}, p.Channels(KindChatAssigned))
	require.Equal(t, []string{ChannelBrowser, ChannelEmail}, p.Channels(KindChatWaitExceeded))
	require.Nil(t, p.Channels("no_such_kind"))
	require.Nil(t, p.Channels(KindInvitation), "invitations have no preferences")
}

func TestPreferencesValidate(t *testing.T) {
	cases := []struct {
		name  string
		prefs Preferences
		field string
	}{
		{"unknown kind", Preferences{"chat_exploded": {ChannelEmail: true}}, "chat_exploded"},
		{"channel not allowed for the kind", Preferences{KindChatWaiting: {ChannelSMS: true}}, "chat_waiting.sms"},
		{"unknown channel", Preferences{KindChatAssigned: {"pigeon": true}}, "chat_assigned.pigeon"},
		{"invitations are not a choice", Preferences{KindInvitation: {ChannelEmail: false}}, "invitation"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			field, message, ok := tc.prefs.Validate()
			require.False(t, ok)
			require.Equal(t, tc.field, field)
			require.NotEmpty(t, message)
		})
	}
	_, _, ok := Preferences{KindChatAssigned: {ChannelSMS: false}, KindTransferRejected: {ChannelEmail: true}}.Validate()
	require.True(t, ok)
}

func TestParsePreferences(t *testing.T) {
	p, err := ParsePreferences([]byte(`{"chat_assigned":{"sms":false}}`))
	require.NoError(t, err)
	require.Equal(t, Preferences{KindChatAssigned: {ChannelSMS: false}}, p)
	p, err = ParsePreferences(nil)
	require.NoError(t, err)
	require.Empty(t, p)
	_, err = ParsePreferences([]byte(`[1]`))
	require.Error(t, err)
}
