package accounts

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
)

// Token prefixes make leaked secrets recognisable (secret scanners, logs).
const (
	SessionTokenPrefix = "lcs_"
	APIKeyPrefix       = "lck_"
	InviteTokenPrefix  = "lci_"
)

// NewToken returns a random 256-bit token with the given prefix.
func NewToken(prefix string) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("accounts: random token: %w", err)
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b), nil
}

// HashToken is how tokens are stored and looked up: only their SHA-256.
func HashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

// Signer derives secrets from the server's session secret.
type Signer struct{ secret []byte }

// NewSigner builds a Signer from the configured session secret.
func NewSigner(secret string) Signer { return Signer{secret: []byte(secret)} }

func (s Signer) mac(parts ...string) []byte {
	m := hmac.New(sha256.New, s.secret)
	for _, p := range parts {
		m.Write([]byte(p))
		m.Write([]byte{0})
	}
	return m.Sum(nil)
}

// CSRFToken is the anti-CSRF token bound to one session.
func (s Signer) CSRFToken(sessionHash []byte) string {
	return base64.RawURLEncoding.EncodeToString(s.mac("csrf", string(sessionHash)))
}

// ValidCSRF reports whether token is the CSRF token of the session.
func (s Signer) ValidCSRF(sessionHash []byte, token string) bool {
	got, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return false
	}
	return hmac.Equal(got, s.mac("csrf", string(sessionHash)))
}

// InvitationToken derives the one-time token of an invitation from its id, so
// the worker that emails the link can rebuild it without the token ever being
// stored in PostgreSQL or in Temporal's history.
func (s Signer) InvitationToken(invitationID string) string {
	return InviteTokenPrefix + base64.RawURLEncoding.EncodeToString(s.mac("invitation", invitationID))
}
