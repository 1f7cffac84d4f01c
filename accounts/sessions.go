package accounts

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"livechat/apperr"
	"livechat/store"
	"livechat/store/db"
)

// SessionTTL is how long a session lives without use; every use extends it.
const SessionTTL = 14 * 24 * time.Hour

// sessionTouchInterval limits how often a session's expiry is written.
const sessionTouchInterval = 10 * time.Minute

// ErrInvalidCredentials is the one answer to a wrong email or password.
var ErrInvalidCredentials = apperr.New(apperr.Unauthenticated, "invalid_credentials", "wrong email or password")

// ErrUnauthenticated means no valid session or API key came with the request.
var ErrUnauthenticated = apperr.New(apperr.Unauthenticated, "unauthenticated", "sign in to continue")

// Session is a signed-in member's session.
type Session struct {
	Token     string // only set when the session is created
	Hash      []byte
	ExpiresAt time.Time
	Principal Principal
	// Presence is the member's availability: online, away or offline.
	Presence string

	lastSeen time.Time
}

// Login checks an email and password and opens a session in the member's
// first organisation. Unknown emails cost the same time as wrong passwords.
func (s *Service) Login(ctx context.Context, email, password, userAgent, ip string) (Session, error) {
	if len(password) > MaxPasswordLength {
		return Session{}, ErrInvalidCredentials
	}
	user, err := s.store.GetUserByEmail(ctx, normalizeEmail(email))
	if err != nil {
		if !errors.Is(store.Err(err), store.ErrNotFound) {
			return Session{}, fmt.Errorf("accounts: login: %w", err)
		}
		_, _ = VerifyPassword(dummyHash, password)
		return Session{}, ErrInvalidCredentials
	}
	ok, err := VerifyPassword(user.PasswordHash, password)
	if err != nil {
		return Session{}, fmt.Errorf("accounts: login: %w", err)
	}
	if !ok {
		return Session{}, ErrInvalidCredentials
	}
	m, err := s.store.FirstMembershipForUser(ctx, user.ID)
	if err != nil {
		if errors.Is(store.Err(err), store.ErrNotFound) {
			return Session{}, apperr.New(apperr.Forbidden, "no_organization", "this account is not a member of any organisation")
		}
		return Session{}, fmt.Errorf("accounts: login membership: %w", err)
	}
	return s.openSession(ctx, s.store.Queries, user.ID, m.OrgID, userAgent, ip)
}

func (s *Service) openSession(ctx context.Context, q *db.Queries, userID, orgID uuid.UUID, userAgent, ip string) (Session, error) {
	token, err := NewToken(SessionTokenPrefix)
	if err != nil {
		return Session{}, err
	}
	hash := HashToken(token)
	expires := s.now().Add(SessionTTL)
	if len(userAgent) > 512 {
		userAgent = userAgent[:512]
	}
	if err := q.CreateSession(ctx, db.CreateSessionParams{TokenHash: hash, UserID: userID, OrgID: orgID, ExpiresAt: expires, UserAgent: userAgent, IP: ip}); err != nil {
		return Session{}, fmt.Errorf("accounts: create session: %w", err)
	}
	sess, err := s.sessionByHash(ctx, q, hash)
	if err != nil {
		return Session{}, err
	}
	sess.Token = token
	return sess, nil
}

// Authenticate resolves a session token into the caller; expired sessions and
// sessions of removed members are refused.
func (s *Service) Authenticate(ctx context.Context, token string) (Session, error) {
	if token == "" {
		return Session{}, ErrUnauthenticated
	}
	sess, err := s.sessionByHash(ctx, s.store.Queries, HashToken(token))
	if err != nil {
		return Session{}, err
	}
	if s.now().Sub(sess.lastSeen) > sessionTouchInterval {
		sess.ExpiresAt = s.now().Add(SessionTTL)
		if err := s.store.TouchSession(ctx, db.TouchSessionParams{TokenHash: sess.Hash, ExpiresAt: sess.ExpiresAt}); err != nil {
			return Session{}, fmt.Errorf("accounts: touch session: %w", err)
		}
	}
	return sess, nil
}

func (s *Service) sessionByHash(ctx context.Context, q *db.Queries, hash []byte) (Session, error) {
	row, err := q.GetSession(ctx, hash)
	if err != nil {
		if errors.Is(store.Err(err), store.ErrNotFound) {
			return Session{}, ErrUnauthenticated
		}
		return Session{}, fmt.Errorf("accounts: load session: %w", err)
	}
	return Session{
		Hash:      row.TokenHash,
		ExpiresAt: row.ExpiresAt,
		Presence:  row.Presence,
		lastSeen:  row.LastSeenAt,
		Principal: Principal{
			OrgID: row.OrgID, OrgName: row.OrgName, UserID: row.UserID,
			Email: row.Email, Name: row.UserName, Role: Role(row.Role),
		},
	}, nil
}

// Logout ends the session with this hash.
func (s *Service) Logout(ctx context.Context, hash []byte) error {
	if err := s.store.DeleteSession(ctx, hash); err != nil {
		return fmt.Errorf("accounts: logout: %w", err)
	}
	return nil
}
