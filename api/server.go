// Package api is Livechat's HTTP front door: the JSON API under /api/v1, the
// health endpoints, the OpenAPI document and the embedded web app.
package api

import (
	"context"
	"log/slog"
	"time"

	"github.com/gofiber/contrib/websocket"
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/gofiber/fiber/v2/middleware/requestid"
	"go.temporal.io/sdk/client"

	"livechat/accounts"
	"livechat/attachments"
	"livechat/chats"
	"livechat/realtime"
	"livechat/store"
)

// BodyLimit caps request bodies other than file uploads; larger ones get
// 413 (uploads: see uploadRequestConfig).
const BodyLimit = 1 << 20

// Deps are the collaborators of the API.
type Deps struct {
	Store    *store.Store
	Accounts *accounts.Service
	Temporal client.Client
	// Chats opens chats and talks to their workflows.
	Chats         *chats.Service
	Attachments   *attachments.Service // the files sent in chats (nil: uploads answer 503)
	TaskQueue     string
	PublicURL     string
	SecureCookies bool
	// TrustedProxies are the proxies (addresses or CIDRs) whose
	// X-Forwarded-For entries are believed; see clientIP.
	TrustedProxies []string
	// TwilioAuthToken verifies Twilio's status callbacks; empty = no SMS
	// provider, and no callback endpoint.
	TwilioAuthToken string
	// Hub hands the organisation event streams to this replica's sockets;
	// Receipts records deliveries to them. Their loops run beside the API
	// (see realtime.Listener).
	Hub      *realtime.Hub
	Receipts *realtime.Receipts
	// Context ends open sockets when the API stops.
	Context context.Context
	Log     *slog.Logger
}

// Server holds the API's dependencies; its methods are the handlers.
type Server struct {
	Deps
	limits *localLimits
	// proxies are the trusted proxies clientIP reads X-Forwarded-For from.
	proxies proxyTrust
	// socketHandler upgrades requests to WebSockets (see serveSocket).
	socketHandler fiber.Handler
}

// New builds the Fiber app with every route and middleware.
func New(deps Deps) *fiber.App {
	s := &Server{Deps: deps, limits: newLocalLimits()}
	if s.Context == nil {
		s.Context = context.Background()
	}
	var invalid []string
	s.proxies, invalid = newProxyTrust(deps.TrustedProxies)
	if len(invalid) > 0 {
		s.Log.Warn("ignoring trusted proxies that are neither an IP address nor a CIDR", "entries", invalid)
	}
	s.socketHandler = websocket.New(s.serveSocket, websocket.Config{ReadBufferSize: 4096, WriteBufferSize: 4096})
	cfg := fiber.Config{
		AppName:               "livechat",
		ErrorHandler:          s.handleError,
		BodyLimit:             BodyLimit,
		ReadTimeout:           30 * time.Second,
		WriteTimeout:          30 * time.Second,
		IdleTimeout:           2 * time.Minute,
		DisableStartupMessage: true,
	}
	if len(deps.TrustedProxies) > 0 {
		cfg.EnableTrustedProxyCheck = true
		cfg.TrustedProxies = deps.TrustedProxies
		cfg.ProxyHeader = fiber.HeaderXForwardedFor
	}
	app := fiber.New(cfg)
	app.Server().HeaderReceived = s.uploadRequestConfig
	app.Use(recover.New(recover.Config{EnableStackTrace: true, StackTraceHandler: s.logPanic}))
	app.Use(s.resolveClientIP)
	app.Use(requestid.New())
	app.Use(s.logRequests)
	app.Use(securityHeaders)

	app.Get("/healthz", s.healthz)
	app.Get("/readyz", s.readyz)
	app.Use(widgetCORS)
	v1 := app.Group("/api/v1")
	for _, r := range s.routes() {
		v1.Add(r.method, r.path, s.guard(r), r.handler)
	}
	v1.Use(func(c *fiber.Ctx) error { return errRouteNotFound })
	s.mountWidget(app)
	s.mountWebApp(app)
	return app
}

// logPanic records a recovered panic with the request id; the error handler
// then answers 500.
func (s *Server) logPanic(c *fiber.Ctx, e any) {
	s.Log.Error("panic", "request_id", requestID(c), "method", c.Method(), "route", c.Route().Path, "panic", e)
}

// securityHeaders sets conservative defaults on every response.
func securityHeaders(c *fiber.Ctx) error {
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("X-Frame-Options", "DENY")
	c.Set("Referrer-Policy", "same-origin")
	return c.Next()
}

func requestID(c *fiber.Ctx) string {
	id, _ := c.Locals("requestid").(string)
	return id
}

// logRequests writes one structured line per request. It logs the route
// pattern, not the raw path, so tokens in paths never reach the logs.
func (s *Server) logRequests(c *fiber.Ctx) error {
	start := time.Now()
	err := c.Next()
	if err != nil {
		// Let the error handler set the status before it is logged.
		if herr := c.App().ErrorHandler(c, err); herr != nil {
			_ = c.SendStatus(fiber.StatusInternalServerError)
		}
	}
	status := c.Response().StatusCode()
	attrs := []any{"request_id", requestID(c), "method", c.Method(), "route", c.Route().Path,
		"status", status, "duration_ms", time.Since(start).Milliseconds(), "ip", clientIP(c)}
	level := slog.LevelDebug
	if status >= 500 {
		level = slog.LevelError
		if err != nil {
			attrs = append(attrs, "error", err.Error())
		}
	}
	s.Log.Log(context.Background(), level, "http request", attrs...)
	return nil
}
