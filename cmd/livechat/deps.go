package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/jackc/pgx/v5/pgconn"
	"go.temporal.io/sdk/client"
	tlog "go.temporal.io/sdk/log"

	"livechat/accounts"
	"livechat/activities"
	"livechat/api"
	"livechat/attachments"
	"livechat/chats"
	"livechat/config"
	"livechat/notify"
	"livechat/realtime"
	"livechat/routing"
	"livechat/storage"
	"livechat/store"
	"livechat/worker"
)

// openStore connects to PostgreSQL, turning "cannot connect" into one line
// that says what to do.
func openStore(ctx context.Context, cfg config.Config) (*store.Store, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	st, err := store.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		var pgErr *pgconn.PgError
		var netErr *net.OpError
		if errors.As(err, &netErr) || (!errors.As(err, &pgErr) && errors.Is(err, context.DeadlineExceeded)) {
			return nil, fmt.Errorf("PostgreSQL is not reachable at %s: start it (Debian: pg_ctlcluster --skip-systemctl-redirect 15 main start) or point LIVECHAT_DATABASE_URL at a running server", dbHost(cfg.DatabaseURL))
		}
		return nil, err
	}
	return st, nil
}

func dbHost(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.Host != "" {
		return u.Host
	}
	return "the configured address"
}

// requireMigrated refuses to serve against a schema older than the code.
func requireMigrated(ctx context.Context, st *store.Store) error {
	ms, err := store.Migrations()
	if err != nil {
		return err
	}
	var applied int
	err = st.Pool.QueryRow(ctx, `SELECT COALESCE(max(version), 0) FROM schema_migrations`).Scan(&applied)
	if err != nil || applied < len(ms) {
		return fmt.Errorf("the database schema is not up to date (applied %d of %d migrations): run `livechat migrate`", applied, len(ms))
	}
	return nil
}

// dialTemporal connects to the Temporal frontend with the process logger.
func dialTemporal(ctx context.Context, cfg config.Config, log *slog.Logger) (client.Client, error) {
	c, err := client.DialContext(ctx, client.Options{
		HostPort:  cfg.TemporalAddress,
		Namespace: cfg.TemporalNamespace,
		Logger:    tlog.NewStructuredLogger(log.With("component", "temporal")),
	})
	if err != nil {
		return nil, fmt.Errorf("Temporal is not reachable at %s (namespace %s): %w", cfg.TemporalAddress, cfg.TemporalNamespace, err)
	}
	return c, nil
}

// newActivities builds the activity dependencies from the configuration.
func newActivities(cfg config.Config, st *store.Store, tc client.Client, log *slog.Logger) *activities.Activities {
	return &activities.Activities{
		Store:      st,
		Temporal:   tc,
		Dispatcher: &routing.Dispatcher{Store: st},
		Mailer: notify.NewMailer(notify.SendGridConfig{
			APIKey: cfg.SendGrid.APIKey, FromEmail: cfg.SendGrid.FromEmail, FromName: cfg.SendGrid.FromName, Host: cfg.SendGrid.Host,
		}, log),
		Texter: notify.NewTexter(notify.TwilioConfig{
			AccountSID: cfg.Twilio.AccountSID, AuthToken: cfg.Twilio.AuthToken, From: cfg.Twilio.From, BaseURL: cfg.Twilio.BaseURL,
			StatusCallback: cfg.PublicURL + api.TwilioStatusPath,
		}, log),
		Signer:    accounts.NewSigner(cfg.SessionSecret),
		PublicURL: cfg.PublicURL,
	}
}

// runAPIServer serves the API until ctx ends, with the sender of its
// message-signal outbox beside it.
func runAPIServer(ctx context.Context, cfg config.Config, st *store.Store, tc client.Client, log *slog.Logger) error {
	outbox := chats.NewOutbox(st, tc, log)
	go outbox.Run(ctx)
	hub := realtime.NewHub(st, log)
	go (&realtime.Listener{Pool: st.Pool, Hub: hub, Log: log}).Run(ctx)
	receipts := realtime.NewReceipts(st, log)
	go receipts.Run(ctx)
	return serveHTTP(ctx, newAPI(ctx, cfg, st, tc, outbox, hub, receipts, log), cfg.HTTPAddr)
}

// newAPI builds the Fiber app.
func newAPI(ctx context.Context, cfg config.Config, st *store.Store, tc client.Client, outbox *chats.Outbox,
	hub *realtime.Hub, receipts *realtime.Receipts, log *slog.Logger) *fiber.App {
	chatService := &chats.Service{Store: st, Temporal: tc, TaskQueue: cfg.TaskQueue, Outbox: outbox}
	files := &attachments.Service{Store: st, Chats: chatService, Storage: storage.NewDisk(cfg.StorageDir), MaxBytes: cfg.UploadMaxBytes, Log: log}
	return api.New(api.Deps{
		Store:           st,
		Accounts:        accounts.NewService(st, accounts.NewSigner(cfg.SessionSecret)),
		Temporal:        tc,
		Chats:           chatService,
		Attachments:     files,
		TaskQueue:       cfg.TaskQueue,
		PublicURL:       cfg.PublicURL,
		SecureCookies:   cfg.SecureCookies(),
		TrustedProxies:  cfg.TrustedProxies,
		TwilioAuthToken: cfg.Twilio.AuthToken,
		Hub:             hub,
		Receipts:        receipts,
		Context:         ctx,
		Log:             log,
	})
}

// serveHTTP listens until ctx is cancelled, then shuts down gracefully.
func serveHTTP(ctx context.Context, app *fiber.App, addr string) error {
	errc := make(chan error, 1)
	go func() { errc <- app.Listen(addr) }()
	select {
	case err := <-errc:
		return fmt.Errorf("http: %w", err)
	case <-ctx.Done():
	}
	if err := app.ShutdownWithTimeout(15 * time.Second); err != nil {
		return fmt.Errorf("http shutdown: %w", err)
	}
	return nil
}

// runWorkerLoop runs the Temporal worker until ctx is cancelled.
func runWorkerLoop(ctx context.Context, cfg config.Config, st *store.Store, tc client.Client, log *slog.Logger) error {
	if err := worker.EnsureHousekeeping(ctx, tc, cfg.TaskQueue); err != nil {
		return err
	}
	return worker.Run(ctx, worker.New(tc, cfg.TaskQueue, newActivities(cfg, st, tc, log)))
}
