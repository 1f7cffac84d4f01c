package accounts_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"livechat/accounts"
)

func TestHashPasswordVerifies(t *testing.T) {
	t.Parallel()
	hash, err := accounts.HashPassword(testPassword)
	require.NoError(t, err)
	require.NotEqual(t, testPassword, hash)
	require.NotContains(t, hash, testPassword)
	require.True(t, strings.HasPrefix(hash, "$argon2id$"), hash)

	ok, err := accounts.VerifyPassword(hash, testPassword)
	require.NoError(t, err)
	require.True(t, ok)

	ok, err = accounts.VerifyPassword(hash, testPassword+"!")
	require.NoError(t, err)
	require.False(t, ok)

	ok, err = accounts.VerifyPassword(hash, "")
	require.NoError(t, err)
	require.False(t, ok)
}

func TestHashPasswordIsSalted(t *testing.T) {
	t.Parallel()
	a, err := accounts.HashPassword(testPassword)
	require.NoError(t, err)
	b, err := accounts.HashPassword(testPassword)
	require.NoError(t, err)
	require.NotEqual(t, a, b, "two hashes of one password differ (random salt)")
}

func TestVerifyPasswordRejectsTamperedHashes(t *testing.T) {
	t.Parallel()
	hash, err := accounts.HashPassword(testPassword)
	require.NoError(t, err)
	parts := strings.Split(hash, "$") // "", argon2id, v=19, m=..,t=..,p=.., salt, key
	require.Len(t, parts, 6)
	with := func(i int, v string) string {
		p := append([]string(nil), parts...)
		p[i] = v
		return strings.Join(p, "$")
	}
	for name, bad := range map[string]string{
		"empty":           "",
		"not phc":         "plaintext",
		"bcrypt":          "$2a$10$abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZ01234",
		"other algorithm": with(1, "argon2i"),
		"other version":   with(2, "v=16"),
		"bad params":      with(3, "m=lots"),
		"bad salt":        with(4, "!!not base64!!"),
		"bad key":         with(5, "!!not base64!!"),
		"missing part":    strings.Join(parts[:5], "$"),
		"empty key":       with(5, ""),
		"zero passes":     with(3, "m=19456,t=0,p=1"),
		"zero lanes":      with(3, "m=19456,t=2,p=0"),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var ok bool
			var err error
			require.NotPanics(t, func() { ok, err = accounts.VerifyPassword(bad, testPassword) })
			require.Error(t, err)
			require.False(t, ok)
		})
	}

	t.Run("altered key", func(t *testing.T) {
		t.Parallel()
		key := []byte(parts[5])
		if key[0] == 'A' {
			key[0] = 'B'
		} else {
			key[0] = 'A'
		}
		ok, err := accounts.VerifyPassword(with(5, string(key)), testPassword)
		require.NoError(t, err)
		require.False(t, ok, "a hash whose key was altered no longer matches")
	})
}
