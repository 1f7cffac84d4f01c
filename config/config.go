// Package config reads Livechat's settings from environment variables.
// Every variable has a sensible default for local development except the
// session secret, which production processes must set.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
)

// Config is the whole process configuration.
type Config struct {
	DatabaseURL       string
	TemporalAddress   string
	TemporalNamespace string
	TaskQueue         string
	HTTPAddr          string
	PublicURL         string
	SessionSecret     string
	TrustedProxies    []string
	DataDir           string
	StorageDir        string // attachment files (local disk)
	UploadMaxBytes    int64  // the largest attachment accepted
	LogLevel          slog.Level
	LogFormat         string
	PprofAddr         string // loopback host:port of net/http/pprof; empty = off
	SendGrid          SendGrid
	Twilio            Twilio
}

// SendGrid holds the email provider settings; empty APIKey means "log only".
type SendGrid struct {
	APIKey    string
	FromEmail string
	FromName  string
	Host      string
}

// Twilio holds the SMS provider settings; empty credentials mean "log only".
type Twilio struct {
	AccountSID string
	AuthToken  string
	From       string
	BaseURL    string
}

// Var documents one environment variable; the README table is generated from Vars.
type Var struct {
	Name    string
	Default string
	Help    string
}

// Vars lists every environment variable Livechat reads, in README order.
var Vars = []Var{
	{"LIVECHAT_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/livechat?sslmode=disable", "PostgreSQL connection URL (the database is created by `dev` if missing)"},
	{"LIVECHAT_TEMPORAL_ADDRESS", "127.0.0.1:7233", "Temporal frontend host:port"},
	{"LIVECHAT_TEMPORAL_NAMESPACE", "default", "Temporal namespace"},
	{"LIVECHAT_TASK_QUEUE", "livechat", "Temporal task queue of the worker"},
	{"LIVECHAT_HTTP_ADDR", ":8080", "address the API listens on"},
	{"LIVECHAT_PUBLIC_URL", "http://localhost:8080", "base URL users reach the app at (links in emails; Secure cookies when https)"},
	{"LIVECHAT_SESSION_SECRET", "", "at least 32 random characters; signs CSRF tokens. Required for `api`; `dev` generates one in the data dir"},
	{"LIVECHAT_TRUSTED_PROXIES", "", "comma-separated proxy addresses or CIDRs whose X-Forwarded-For is believed (client IPs for rate limits and logs)"},
	{"LIVECHAT_DATA_DIR", "./.data", "where `dev` keeps the Temporal SQLite file and its generated secret"},
	{"LIVECHAT_STORAGE_DIR", "./.data/attachments", "where the API keeps the files sent in chats (every API replica needs the same directory)"},
	{"LIVECHAT_UPLOAD_MAX_BYTES", "10485760", "largest file a chat attachment may be, in bytes (at most 104857600)"},
	{"LIVECHAT_LOG_LEVEL", "info", "debug, info, warn or error"},
	{"LIVECHAT_LOG_FORMAT", "text", "text or json"},
	{"LIVECHAT_PPROF_ADDR", "", "loopback host:port (e.g. 127.0.0.1:6060) where `api`, `worker` and `dev` serve Go's net/http/pprof profiles under /debug/pprof/, on a listener of their own (never the API port); empty = off. `api` and `worker` run apart each need their own port"},
	{"LIVECHAT_SENDGRID_API_KEY", "", "SendGrid API key; empty = emails are logged, not sent"},
	{"LIVECHAT_EMAIL_FROM", "", "sender address of emails"},
	{"LIVECHAT_EMAIL_FROM_NAME", "Livechat", "sender name of emails"},
	{"LIVECHAT_SENDGRID_HOST", "", "override the SendGrid API host (tests)"},
	{"LIVECHAT_TWILIO_ACCOUNT_SID", "", "Twilio account SID; empty = SMS are logged, not sent"},
	{"LIVECHAT_TWILIO_AUTH_TOKEN", "", "Twilio auth token"},
	{"LIVECHAT_TWILIO_FROM", "", "sender phone number (E.164) of SMS"},
	{"LIVECHAT_TWILIO_BASE_URL", "", "override the Twilio API base URL (tests)"},
}

// MaxUploadBytes caps LIVECHAT_UPLOAD_MAX_BYTES: an upload is held in
// memory while it is received.
const MaxUploadBytes = 100 << 20

// MinSecretLength is the shortest session secret accepted.
const MinSecretLength = 32

// Load reads the configuration from the environment.
func Load() (Config, error) {
	get := func(name string) string {
		if v, ok := os.LookupEnv(name); ok && v != "" {
			return v
		}
		for _, v := range Vars {
			if v.Name == name {
				return v.Default
			}
		}
		panic("config: undeclared variable " + name)
	}
	cfg := Config{
		DatabaseURL:       get("LIVECHAT_DATABASE_URL"),
		TemporalAddress:   get("LIVECHAT_TEMPORAL_ADDRESS"),
		TemporalNamespace: get("LIVECHAT_TEMPORAL_NAMESPACE"),
		TaskQueue:         get("LIVECHAT_TASK_QUEUE"),
		HTTPAddr:          get("LIVECHAT_HTTP_ADDR"),
		PublicURL:         strings.TrimRight(get("LIVECHAT_PUBLIC_URL"), "/"),
		SessionSecret:     get("LIVECHAT_SESSION_SECRET"),
		DataDir:           get("LIVECHAT_DATA_DIR"),
		StorageDir:        get("LIVECHAT_STORAGE_DIR"),
		LogFormat:         get("LIVECHAT_LOG_FORMAT"),
		PprofAddr:         get("LIVECHAT_PPROF_ADDR"),
		SendGrid: SendGrid{
			APIKey:    get("LIVECHAT_SENDGRID_API_KEY"),
			FromEmail: get("LIVECHAT_EMAIL_FROM"),
			FromName:  get("LIVECHAT_EMAIL_FROM_NAME"),
			Host:      get("LIVECHAT_SENDGRID_HOST"),
		},
		Twilio: Twilio{
			AccountSID: get("LIVECHAT_TWILIO_ACCOUNT_SID"),
			AuthToken:  get("LIVECHAT_TWILIO_AUTH_TOKEN"),
			From:       get("LIVECHAT_TWILIO_FROM"),
			BaseURL:    get("LIVECHAT_TWILIO_BASE_URL"),
		},
	}
	for _, p := range strings.Split(get("LIVECHAT_TRUSTED_PROXIES"), ",") {
		if p = strings.TrimSpace(p); p != "" {
			cfg.TrustedProxies = append(cfg.TrustedProxies, p)
		}
	}
	var errs []error
	if err := cfg.LogLevel.UnmarshalText([]byte(get("LIVECHAT_LOG_LEVEL"))); err != nil {
		errs = append(errs, fmt.Errorf("LIVECHAT_LOG_LEVEL: %w", err))
	}
	if n, err := strconv.ParseInt(get("LIVECHAT_UPLOAD_MAX_BYTES"), 10, 64); err != nil || n < 1 || n > MaxUploadBytes {
		errs = append(errs, fmt.Errorf("LIVECHAT_UPLOAD_MAX_BYTES: want a number of bytes from 1 to %d, got %q", MaxUploadBytes, get("LIVECHAT_UPLOAD_MAX_BYTES")))
	} else {
		cfg.UploadMaxBytes = n
	}
	if cfg.LogFormat != "text" && cfg.LogFormat != "json" {
		errs = append(errs, fmt.Errorf("LIVECHAT_LOG_FORMAT: want text or json, got %q", cfg.LogFormat))
	}
	if cfg.PprofAddr != "" {
		if err := CheckLoopbackAddr(cfg.PprofAddr); err != nil {
			errs = append(errs, fmt.Errorf("LIVECHAT_PPROF_ADDR: %w", err))
		}
	}
	if u, err := url.Parse(cfg.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("LIVECHAT_PUBLIC_URL: want an http(s) URL, got %q", cfg.PublicURL))
	}
	return cfg, errors.Join(errs...)
}

// CheckLoopbackAddr accepts a host:port whose host is a loopback address
// (127.0.0.0/8, ::1) or localhost, and a port from 0 to 65535. Profiles
// show the process's internals and cost CPU while they are taken, so they
// are never served beyond this machine.
func CheckLoopbackAddr(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("want a loopback host:port such as 127.0.0.1:6060, got %q", addr)
	}
	if n, err := strconv.ParseUint(port, 10, 16); err != nil || (n == 0 && port != "0") {
		return fmt.Errorf("want a port from 0 to 65535, got %q", addr)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("want a loopback host (127.0.0.1, ::1 or localhost) so profiles never leave this machine, got %q", addr)
	}
	return nil
}

// RequireSessionSecret reports an error unless a strong session secret is set.
func (c Config) RequireSessionSecret() error {
	if len(c.SessionSecret) < MinSecretLength {
		return fmt.Errorf("LIVECHAT_SESSION_SECRET must be set to at least %d random characters (for example: openssl rand -hex 32)", MinSecretLength)
	}
	return nil
}

// SecureCookies reports whether cookies must carry the Secure flag.
func (c Config) SecureCookies() bool {
	u, err := url.Parse(c.PublicURL)
	return err == nil && u.Scheme == "https"
}

// Logger builds the process logger from the level and format settings.
func (c Config) Logger() *slog.Logger {
	opts := &slog.HandlerOptions{Level: c.LogLevel}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}
