// Package accounts holds identity and organisation membership: password
// hashing, sessions, invitations, API keys, member management and the audit
// trail of those actions. HTTP concerns stay in package api.
package accounts

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"

	"livechat/store"
	"livechat/store/db"
)

// Service implements the account use cases on top of the store.
type Service struct {
	store  *store.Store
	signer Signer
	now    func() time.Time
}

// NewService builds the account service.
func NewService(st *store.Store, signer Signer) *Service {
	return &Service{store: st, signer: signer, now: time.Now}
}

// Signer returns the signer the service derives tokens with.
func (s *Service) Signer() Signer { return s.signer }

// Principal is the authenticated caller of an action: a signed-in member or
// an organisation API key.
type Principal struct {
	OrgID    uuid.UUID
	OrgName  string
	UserID   uuid.UUID // zero for API keys
	Email    string
	Name     string
	APIKeyID uuid.UUID // zero for members
	Role     Role
	IP       string
}

// IsAPIKey reports whether the caller is an API key rather than a person.
func (p Principal) IsAPIKey() bool { return p.APIKeyID != uuid.Nil }

// Audit records an action in the organisation's audit log, inside the
// caller's transaction so the record and the change land together.
func Audit(ctx context.Context, q *db.Queries, p Principal, action, targetType, targetID string, details map[string]any) error {
	if details == nil {
		details = map[string]any{}
	}
	raw, err := json.Marshal(details)
	if err != nil {
		return fmt.Errorf("accounts: audit details: %w", err)
	}
	err = q.InsertAudit(ctx, db.InsertAuditParams{
		OrgID:         p.OrgID,
		ActorUserID:   optionalID(p.UserID),
		ActorAPIKeyID: optionalID(p.APIKeyID),
		Action:        action,
		TargetType:    targetType,
		TargetID:      targetID,
		Details:       raw,
		IP:            p.IP,
	})
	if err != nil {
		return fmt.Errorf("accounts: audit %s: %w", action, err)
	}
	return nil
}

func optionalID(id uuid.UUID) *uuid.UUID {
	if id == uuid.Nil {
		return nil
	}
	return &id
}

// newID returns a time-ordered UUID (v7), friendly to B-tree indexes.
func newID() uuid.UUID { return uuid.Must(uuid.NewV7()) }
