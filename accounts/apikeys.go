package accounts

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"livechat/apperr"
	"livechat/store"
	"livechat/store/db"
)

// apiKeyShownPrefix is how many characters of a key stay visible in lists.
const apiKeyShownPrefix = 12

var errInvalidAPIKey = apperr.New(apperr.Unauthenticated, "invalid_api_key", "the API key is unknown or revoked")

// NewAPIKey is a freshly created key: Secret is shown once and never again.
type NewAPIKey struct {
	Key    db.APIKey
	Secret string
}

// CreateAPIKey issues an organisation API key for bots and integrations.
func (s *Service) CreateAPIKey(ctx context.Context, actor Principal, name string) (NewAPIKey, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 100 {
		return NewAPIKey{}, apperr.Validation(map[string]string{"name": "required, at most 100 characters"})
	}
	secret, err := NewToken(APIKeyPrefix)
	if err != nil {
		return NewAPIKey{}, err
	}
	var out NewAPIKey
	err = s.store.InTx(ctx, func(q *db.Queries) error {
		key, err := q.CreateAPIKey(ctx, db.CreateAPIKeyParams{
			ID: newID(), OrgID: actor.OrgID, Name: name, Prefix: secret[:apiKeyShownPrefix],
			KeyHash: HashToken(secret), CreatedBy: optionalID(actor.UserID),
		})
		if err != nil {
			return fmt.Errorf("accounts: create api key: %w", err)
		}
		out = NewAPIKey{Key: key, Secret: secret}
		return Audit(ctx, q, actor, "api_key.created", "api_key", key.ID.String(), map[string]any{"name": name})
	})
	return out, err
}

// RevokeAPIKey stops a key from working; revoking twice is a 404.
func (s *Service) RevokeAPIKey(ctx context.Context, actor Principal, id uuid.UUID) error {
	return s.store.InTx(ctx, func(q *db.Queries) error {
		n, err := q.RevokeAPIKey(ctx, db.RevokeAPIKeyParams{OrgID: actor.OrgID, ID: id})
		if err != nil {
			return fmt.Errorf("accounts: revoke api key: %w", err)
		}
		if n == 0 {
			return apperr.New(apperr.NotFound, "not_found", "no active API key %s", id)
		}
		return Audit(ctx, q, actor, "api_key.revoked", "api_key", id.String(), nil)
	})
}

// AuthenticateAPIKey resolves a bearer secret into an API-key principal.
// API keys act with the admin role, limited by the routes that accept them.
func (s *Service) AuthenticateAPIKey(ctx context.Context, secret string) (Principal, error) {
	if !strings.HasPrefix(secret, APIKeyPrefix) {
		return Principal{}, errInvalidAPIKey
	}
	key, err := s.store.GetActiveAPIKeyByHash(ctx, HashToken(secret))
	if err != nil {
		if errors.Is(store.Err(err), store.ErrNotFound) {
			return Principal{}, errInvalidAPIKey
		}
		return Principal{}, fmt.Errorf("accounts: load api key: %w", err)
	}
	if err := s.store.TouchAPIKey(ctx, key.ID); err != nil {
		return Principal{}, fmt.Errorf("accounts: touch api key: %w", err)
	}
	return Principal{OrgID: key.OrgID, APIKeyID: key.ID, Name: key.Name, Role: RoleAdmin}, nil
}
