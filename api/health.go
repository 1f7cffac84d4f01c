package api

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"
)

// healthz answers while the process serves HTTP (liveness).
func (s *Server) healthz(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"status": "ok"})
}

// readyz answers 200 only when PostgreSQL and Temporal both respond
// (readiness): a load balancer stops sending traffic otherwise.
func (s *Server) readyz(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	checks := fiber.Map{"postgres": "ok", "temporal": "ok"}
	ready := true
	if err := s.Store.Pool.Ping(ctx); err != nil {
		s.Log.Warn("readiness: PostgreSQL", "error", err)
		checks["postgres"], ready = "unavailable", false
	}
	if _, err := s.Temporal.CheckHealth(ctx, nil); err != nil {
		s.Log.Warn("readiness: Temporal", "error", err)
		checks["temporal"], ready = "unavailable", false
	}
	status := fiber.StatusOK
	if !ready {
		status = fiber.StatusServiceUnavailable
	}
	return c.Status(status).JSON(fiber.Map{"ready": ready, "checks": checks})
}
