package api

import (
	"github.com/gofiber/fiber/v2"

	"livechat/docs"
)

// openAPI serves the OpenAPI document of this API.
func (s *Server) openAPI(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	return c.Send(docs.OpenAPI)
}
