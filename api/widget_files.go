package api

import (
	"errors"
	"io/fs"
	"regexp"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"livechat/store"
	"livechat/web"
)

// frameCSP is the chat frame's policy without frame-ancestors, which comes
// from the widget's allowed origins.
const frameCSP = "default-src 'self'; img-src 'self' data: blob: https:; style-src 'self' 'unsafe-inline'; " +
	"connect-src 'self' ws: wss:; base-uri 'none'; form-action 'none'; object-src 'none'"

// cspSource is what an allowed origin may look like inside a CSP header.
var cspSource = regexp.MustCompile(`^https?://[a-z0-9*.:\[\]-]+$`)

// widgetFrameLimit bounds chat frame loads per address (one per page view
// of a visitor with a conversation).
var widgetFrameLimit = &limitRule{name: "widget-frame-ip", max: 300, window: time.Minute, key: byIP}

// mountWidget serves the customer widget: the loader (/widget.js, the file
// the snippet names), the chat frame (/widget/frame?key=…) and the frame's
// content-hashed files (/widget/assets/…).
func (s *Server) mountWidget(app *fiber.App) {
	files := web.Widget()
	app.Get("/widget.js", func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderCacheControl, "public, max-age=300")
		c.Set("Cross-Origin-Resource-Policy", "cross-origin")
		return sendWidgetFile(c, files, "widget.js")
	})
	app.Get("/widget/assets/*", func(c *fiber.Ctx) error {
		name := "assets/" + c.Params("*")
		if strings.Contains(name, "..") {
			return fiber.ErrNotFound
		}
		if sent, err := sendBuilt(c, files, name); sent || err != nil {
			return err
		}
		return fiber.ErrNotFound // a stale chunk name, or a build without it
	})
	app.Get("/widget/frame", func(c *fiber.Ctx) error {
		if err := s.rateLimit(c, widgetFrameLimit); err != nil {
			return err
		}
		w, err := s.Store.GetWidgetByKey(c.UserContext(), c.Query("key"))
		if errors.Is(store.Err(err), store.ErrNotFound) {
			c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
			return c.Status(fiber.StatusNotFound).SendString("<!doctype html><title>Chat</title><p>This chat widget does not exist.</p>")
		}
		if err != nil {
			return err
		}
		c.Response().Header.Del("X-Frame-Options")
		c.Set("Content-Security-Policy", frameCSP+"; frame-ancestors "+frameAncestors(w.AllowedOrigins))
		c.Set(fiber.HeaderCacheControl, "no-cache")
		return sendWidgetFile(c, files, "frame.html")
	})
}

// frameAncestors lists the sites that may embed the chat frame: the
// widget's allowed origins, or every site when the list is empty.
func frameAncestors(origins []string) string {
	var out []string
	for _, o := range origins {
		if cspSource.MatchString(o) {
			out = append(out, o)
		}
	}
	if len(origins) == 0 {
		return "*"
	}
	if len(out) == 0 {
		return "'none'"
	}
	return strings.Join(out, " ")
}

// sendWidgetFile answers the loader or the frame page, or 503 before the
// widget is built.
func sendWidgetFile(c *fiber.Ctx, files fs.FS, name string) error {
	if sent, err := sendBuilt(c, files, name); sent || err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderContentType, fiber.MIMETextPlainCharsetUTF8)
	return c.Status(fiber.StatusServiceUnavailable).SendString("The widget is not built: run `make web` (or `npm run build` in web/).")
}
