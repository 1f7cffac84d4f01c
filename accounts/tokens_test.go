package accounts_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"livechat/accounts"
)

func TestNewTokenHasPrefixAndIsUnique(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for range 100 {
		tok, err := accounts.NewToken(accounts.SessionTokenPrefix)
		require.NoError(t, err)
		require.True(t, strings.HasPrefix(tok, accounts.SessionTokenPrefix), tok)
		require.GreaterOrEqual(t, len(tok)-len(accounts.SessionTokenPrefix), 43, "256 bits in base64url")
		require.False(t, seen[tok], "duplicate token %s", tok)
		seen[tok] = true
	}
}

func TestHashToken(t *testing.T) {
	t.Parallel()
	a := accounts.HashToken("lcs_a")
	require.Len(t, a, 32)
	require.Equal(t, a, accounts.HashToken("lcs_a"))
	require.NotEqual(t, a, accounts.HashToken("lcs_b"))
}

func TestCSRFTokenIsBoundToSessionAndSecret(t *testing.T) {
	t.Parallel()
	signer := accounts.NewSigner(testSecret)
	session := accounts.HashToken("lcs_one")
	other := accounts.HashToken("lcs_two")

	tok := signer.CSRFToken(session)
	require.NotEmpty(t, tok)
	require.Equal(t, tok, signer.CSRFToken(session), "deterministic")
	require.True(t, signer.ValidCSRF(session, tok))

	require.False(t, signer.ValidCSRF(other, tok), "another session's token")
	require.False(t, signer.ValidCSRF(session, signer.CSRFToken(other)))
	require.False(t, accounts.NewSigner(testSecret+"x").ValidCSRF(session, tok), "another secret")
	for _, garbage := range []string{"", "garbage", "!!!", tok[:len(tok)-1], tok + "A", strings.ToUpper(tok)} {
		require.False(t, signer.ValidCSRF(session, garbage), "%q", garbage)
	}
}

func TestInvitationToken(t *testing.T) {
	t.Parallel()
	signer := accounts.NewSigner(testSecret)
	tok := signer.InvitationToken("inv-1")
	require.True(t, strings.HasPrefix(tok, accounts.InviteTokenPrefix), tok)
	require.Equal(t, tok, signer.InvitationToken("inv-1"), "deterministic per id")
	require.Equal(t, tok, accounts.NewSigner(testSecret).InvitationToken("inv-1"), "same secret, same token")
	require.NotEqual(t, tok, signer.InvitationToken("inv-2"), "differs per id")
	require.NotEqual(t, tok, accounts.NewSigner(testSecret+"x").InvitationToken("inv-1"), "differs per secret")
	require.NotEqual(t, signer.CSRFToken([]byte("inv-1")), strings.TrimPrefix(tok, accounts.InviteTokenPrefix), "domain-separated from CSRF")
}
