package api

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"livechat/apperr"
	"livechat/store/db"
)

// limitRule is a fixed-window rate limit keyed by what key returns.
type limitRule struct {
	name   string
	max    int32
	window time.Duration
	key    func(c *fiber.Ctx) string
}

// byIP keys a limit on the client address.
func byIP(c *fiber.Ctx) string { return clientIP(c) }

// rateLimit counts a hit in PostgreSQL (shared by every API replica) and
// refuses the request with 429 and Retry-After once the window is full.
func (s *Server) rateLimit(c *fiber.Ctx, r *limitRule) error {
	return s.hit(c, r.name+":"+r.key(c), r.max, r.window)
}

func (s *Server) hit(c *fiber.Ctx, key string, max int32, window time.Duration) error {
	now := time.Now()
	start := now.Truncate(window)
	hits, err := s.Store.HitRateLimit(c.UserContext(), db.HitRateLimitParams{Key: strings.ToLower(key), WindowStart: start})
	if err != nil {
		return fmt.Errorf("api: rate limit: %w", err)
	}
	if hits > max {
		retry := int(start.Add(window).Sub(now).Seconds()) + 1
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(retry))
		return apperr.New(apperr.RateLimited, "rate_limited", "too many attempts; try again in %d seconds", retry)
	}
	return nil
}
