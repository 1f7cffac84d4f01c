package config_test

import (
	"log/slog"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"livechat/config"
)

// clearEnv unsets every LIVECHAT_* variable for the test (restored after).
func clearEnv(t *testing.T) {
	t.Helper()
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "LIVECHAT_") {
			t.Setenv(name, "")
			require.NoError(t, os.Unsetenv(name))
		}
	}
	for _, v := range config.Vars {
		t.Setenv(v.Name, "")
		require.NoError(t, os.Unsetenv(v.Name))
	}
}

func defaults() map[string]string {
	out := map[string]string{}
	for _, v := range config.Vars {
		out[v.Name] = v.Default
	}
	return out
}

func TestVarsAreDocumentedOnce(t *testing.T) {
	seen := map[string]bool{}
	for _, v := range config.Vars {
		require.True(t, strings.HasPrefix(v.Name, "LIVECHAT_"), v.Name)
		require.False(t, seen[v.Name], "%s listed twice", v.Name)
		require.NotEmpty(t, v.Help, v.Name)
		seen[v.Name] = true
	}
}

func TestLoadDefaults(t *testing.T) {
	clearEnv(t)
	cfg, err := config.Load()
	require.NoError(t, err)

	d := defaults()
	require.Equal(t, d["LIVECHAT_DATABASE_URL"], cfg.DatabaseURL)
	require.Equal(t, d["LIVECHAT_TEMPORAL_ADDRESS"], cfg.TemporalAddress)
	require.Equal(t, d["LIVECHAT_TEMPORAL_NAMESPACE"], cfg.TemporalNamespace)
	require.Equal(t, d["LIVECHAT_TASK_QUEUE"], cfg.TaskQueue)
	require.Equal(t, d["LIVECHAT_HTTP_ADDR"], cfg.HTTPAddr)
	require.Equal(t, d["LIVECHAT_PUBLIC_URL"], cfg.PublicURL)
	require.Equal(t, d["LIVECHAT_SESSION_SECRET"], cfg.SessionSecret)
	require.Equal(t, d["LIVECHAT_DATA_DIR"], cfg.DataDir)
	require.Equal(t, d["LIVECHAT_LOG_FORMAT"], cfg.LogFormat)
	require.Equal(t, config.SendGrid{
		APIKey: d["LIVECHAT_SENDGRID_API_KEY"], FromEmail: d["LIVECHAT_EMAIL_FROM"],
		FromName: d["LIVECHAT_EMAIL_FROM_NAME"], Host: d["LIVECHAT_SENDGRID_HOST"],
	}, cfg.SendGrid)
	require.Equal(t, config.Twilio{
		AccountSID: d["LIVECHAT_TWILIO_ACCOUNT_SID"], AuthToken: d["LIVECHAT_TWILIO_AUTH_TOKEN"],
		From: d["LIVECHAT_TWILIO_FROM"], BaseURL: d["LIVECHAT_TWILIO_BASE_URL"],
	}, cfg.Twilio)

	// The documented values themselves.
	require.Equal(t, "postgres://postgres@127.0.0.1:5432/livechat?sslmode=disable", cfg.DatabaseURL)
	require.Equal(t, "127.0.0.1:7233", cfg.TemporalAddress)
	require.Equal(t, "default", cfg.TemporalNamespace)
	require.Equal(t, "livechat", cfg.TaskQueue)
	require.Equal(t, ":8080", cfg.HTTPAddr)
	require.Equal(t, "http://localhost:8080", cfg.PublicURL)
	require.Equal(t, "./.data", cfg.DataDir)
	require.Equal(t, slog.LevelInfo, cfg.LogLevel)
	require.Equal(t, "text", cfg.LogFormat)
	require.Empty(t, cfg.PprofAddr, "pprof is off unless asked for")
	require.Equal(t, "Livechat", cfg.SendGrid.FromName)
	require.Empty(t, cfg.SessionSecret)
	require.Error(t, cfg.RequireSessionSecret(), "no default secret")
	require.False(t, cfg.SecureCookies())
}

func TestLoadReadsVariables(t *testing.T) {
	clearEnv(t)
	t.Setenv("LIVECHAT_DATABASE_URL", "postgres://db.internal/livechat")
	t.Setenv("LIVECHAT_TASK_QUEUE", "other-queue")
	t.Setenv("LIVECHAT_PUBLIC_URL", "https://chat.example.com/")
	t.Setenv("LIVECHAT_LOG_LEVEL", "debug")
	t.Setenv("LIVECHAT_LOG_FORMAT", "json")
	t.Setenv("LIVECHAT_SENDGRID_API_KEY", "SG.key")

	cfg, err := config.Load()
	require.NoError(t, err)
	require.Equal(t, "postgres://db.internal/livechat", cfg.DatabaseURL)
	require.Equal(t, "other-queue", cfg.TaskQueue)
	require.Equal(t, "https://chat.example.com", cfg.PublicURL, "trailing slash trimmed")
	require.Equal(t, slog.LevelDebug, cfg.LogLevel)
	require.Equal(t, "json", cfg.LogFormat)
	require.Equal(t, "SG.key", cfg.SendGrid.APIKey)
	require.True(t, cfg.SecureCookies())
}

func TestLoadRejectsBadValues(t *testing.T) {
	cases := []struct{ name, value string }{
		{"LIVECHAT_LOG_LEVEL", "verbose"},
		{"LIVECHAT_LOG_FORMAT", "xml"},
		{"LIVECHAT_PUBLIC_URL", "ftp://chat.example.com"},
		{"LIVECHAT_PUBLIC_URL", "chat.example.com"},
		{"LIVECHAT_PUBLIC_URL", "https://"},
		{"LIVECHAT_PUBLIC_URL", "http://bad host/%zz"},
		{"LIVECHAT_PPROF_ADDR", ":6060"},
		{"LIVECHAT_PPROF_ADDR", "0.0.0.0:6060"},
		{"LIVECHAT_PPROF_ADDR", "192.168.1.5:6060"},
		{"LIVECHAT_PPROF_ADDR", "example.com:6060"},
		{"LIVECHAT_PPROF_ADDR", "127.0.0.1"},
		{"LIVECHAT_PPROF_ADDR", "127.0.0.1:http"},
		{"LIVECHAT_PPROF_ADDR", "127.0.0.1:70000"},
	}
	for _, tc := range cases {
		t.Run(tc.name+"="+tc.value, func(t *testing.T) {
			clearEnv(t)
			t.Setenv(tc.name, tc.value)
			_, err := config.Load()
			require.Error(t, err)
			require.Contains(t, err.Error(), tc.name)
			for _, other := range []string{"LIVECHAT_LOG_LEVEL", "LIVECHAT_LOG_FORMAT", "LIVECHAT_PUBLIC_URL", "LIVECHAT_PPROF_ADDR"} {
				if other != tc.name {
					require.NotContains(t, err.Error(), other, "only the bad variable is named")
				}
			}
		})
	}
}

func TestLoadAcceptsLoopbackPprofAddr(t *testing.T) {
	for _, addr := range []string{"127.0.0.1:6060", "127.0.0.2:6061", "[::1]:6060", "localhost:6060", "127.0.0.1:0"} {
		clearEnv(t)
		t.Setenv("LIVECHAT_PPROF_ADDR", addr)
		cfg, err := config.Load()
		require.NoError(t, err, addr)
		require.Equal(t, addr, cfg.PprofAddr)
	}
}

func TestLoadReportsEveryBadVariable(t *testing.T) {
	clearEnv(t)
	t.Setenv("LIVECHAT_LOG_LEVEL", "loud")
	t.Setenv("LIVECHAT_LOG_FORMAT", "yaml")
	_, err := config.Load()
	require.Error(t, err)
	require.Contains(t, err.Error(), "LIVECHAT_LOG_LEVEL")
	require.Contains(t, err.Error(), "LIVECHAT_LOG_FORMAT")
}

func TestRequireSessionSecret(t *testing.T) {
	for _, short := range []string{"", "secret", strings.Repeat("x", config.MinSecretLength-1)} {
		err := config.Config{SessionSecret: short}.RequireSessionSecret()
		require.Error(t, err, "%d characters", len(short))
		require.Contains(t, err.Error(), "LIVECHAT_SESSION_SECRET")
	}
	require.NoError(t, config.Config{SessionSecret: strings.Repeat("x", config.MinSecretLength)}.RequireSessionSecret())
	require.NoError(t, config.Config{SessionSecret: strings.Repeat("x", 64)}.RequireSessionSecret())
}

func TestSecureCookies(t *testing.T) {
	for url, want := range map[string]bool{
		"https://chat.example.com":      true,
		"https://chat.example.com:8443": true,
		"http://chat.example.com":       false,
		"http://localhost:8080":         false,
		"":                              false,
	} {
		require.Equal(t, want, config.Config{PublicURL: url}.SecureCookies(), url)
	}
}

// URL schemes are case-insensitive and Load accepts an upper-case one, so
// cookies must still be Secure.
func TestSecureCookiesUpperCaseScheme(t *testing.T) {
	clearEnv(t)
	t.Setenv("LIVECHAT_PUBLIC_URL", "HTTPS://chat.example.com")
	cfg, err := config.Load()
	require.NoError(t, err)
	require.True(t, cfg.SecureCookies())
}
