package api

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"livechat/store/db"
)

type apiKeyResponse struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix"`
	CreatedBy  *string    `json:"created_by"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
}

func apiKeyJSON(k db.APIKey) apiKeyResponse {
	return apiKeyResponse{ID: k.ID.String(), Name: k.Name, Prefix: k.Prefix, CreatedBy: idString(k.CreatedBy),
		CreatedAt: k.CreatedAt, LastUsedAt: k.LastUsedAt, RevokedAt: k.RevokedAt}
}

func (s *Server) listAPIKeys(c *fiber.Ctx) error {
	rows, err := s.Store.ListAPIKeys(c.UserContext(), principal(c).OrgID)
	if err != nil {
		return err
	}
	out := make([]apiKeyResponse, len(rows))
	for i, k := range rows {
		out[i] = apiKeyJSON(k)
	}
	return c.JSON(fiber.Map{"api_keys": out})
}

type createAPIKeyRequest struct {
	Name string `json:"name"`
}

// createAPIKey returns the secret once; only its hash is stored.
func (s *Server) createAPIKey(c *fiber.Ctx) error {
	var req createAPIKeyRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	key, err := s.Accounts.CreateAPIKey(c.UserContext(), principal(c), req.Name)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"api_key": apiKeyJSON(key.Key), "secret": key.Secret})
}

func (s *Server) revokeAPIKey(c *fiber.Ctx) error {
	id, err := pathID(c, "keyID")
	if err != nil {
		return err
	}
	if err := s.Accounts.RevokeAPIKey(c.UserContext(), principal(c), id); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
