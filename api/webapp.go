package api

import (
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"

	"livechat/web"
)

// appCSP keeps the web app to its own origin.
const appCSP = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"

// mountWebApp serves the embedded web app: real files as they are (hashed
// assets cached for a year) and index.html for every other GET, so client
// routes such as /login survive a reload.
func (s *Server) mountWebApp(app *fiber.App) {
	files := web.App()
	app.Use(func(c *fiber.Ctx) error {
		if c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead {
			return fiber.ErrNotFound
		}
		name := strings.TrimPrefix(path.Clean(c.Path()), "/")
		if name == "api" || strings.HasPrefix(name, "api/") {
			return errRouteNotFound
		}
		if name != "" && name != "index.html" {
			if sent, err := sendBuilt(c, files, name); sent || err != nil {
				return err
			}
			if strings.HasPrefix(name, "assets/") {
				return fiber.ErrNotFound // a stale asset must not get the HTML shell
			}
		}
		index, err := fs.ReadFile(files, "index.html")
		if err != nil {
			c.Set(fiber.HeaderContentType, fiber.MIMETextPlainCharsetUTF8)
			return c.Status(fiber.StatusServiceUnavailable).SendString("The web app is not built: run `make web` (or `npm run build` in web/).")
		}
		c.Set(fiber.HeaderCacheControl, "no-cache")
		c.Set("Content-Security-Policy", appCSP)
		c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
		return c.Send(index)
	})
}

// sendBuilt answers one file of a built bundle (the web app's or the
// widget's) when it exists: files under assets/ carry a content hash in their
// name and are cached for a year.
func sendBuilt(c *fiber.Ctx, files fs.FS, name string) (bool, error) {
	info, err := fs.Stat(files, name)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrInvalid) || (err == nil && info.IsDir()) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("api: %s: %w", name, err)
	}
	data, err := fs.ReadFile(files, name)
	if err != nil {
		return false, fmt.Errorf("api: %s: %w", name, err)
	}
	if strings.HasPrefix(name, "assets/") {
		c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	}
	c.Set(fiber.HeaderContentType, contentType(name))
	return true, c.Send(data)
}

func contentType(name string) string {
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return fiber.MIMEOctetStream
}
