package api

import (
	"io/fs"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"livechat/web"
)

// requireWebBuilt fails (never skips) when the embedded web app is missing.
func requireWebBuilt(t *testing.T) {
	t.Helper()
	require.True(t, web.Built(), "the web app is not built into web/dist/app: run `make web` (npm run build in web/) before the Go tests")
}

func TestWebAppServesIndexWithCSP(t *testing.T) {
	t.Parallel()
	requireWebBuilt(t)
	env := newTestEnv(t)
	index, err := fs.ReadFile(web.App(), "index.html")
	require.NoError(t, err)
	// Client-side routes get index.html so a reload keeps working.
	for _, path := range []string{"/", "/login", "/accept-invite?token=x", "/chats/123", "/index.html"} {
		t.Run(path, func(t *testing.T) {
			r := env.anonymous().get(path)
			require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.Raw)
			require.True(t, strings.HasPrefix(r.Header.Get("Content-Type"), "text/html"), "Content-Type %q", r.Header.Get("Content-Type"))
			require.Equal(t, string(index), string(r.Raw))
			require.Contains(t, string(r.Raw), `<div id="app">`)
			csp := r.Header.Get("Content-Security-Policy")
			require.Contains(t, csp, "default-src 'self'")
			require.Contains(t, csp, "frame-ancestors 'none'")
			require.NotContains(t, csp, "unsafe-eval")
			require.Equal(t, "no-cache", r.Header.Get("Cache-Control"), "index.html must be revalidated so new builds are picked up")
			require.Equal(t, "nosniff", r.Header.Get("X-Content-Type-Options"))
		})
	}
}

func TestWebAppAssetsCachedLong(t *testing.T) {
	t.Parallel()
	requireWebBuilt(t)
	env := newTestEnv(t)
	entries, err := fs.ReadDir(web.App(), "assets")
	require.NoError(t, err)
	require.NotEmpty(t, entries, "no files under web/dist/app/assets")
	types := map[string]string{".js": "javascript", ".css": "text/css"}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		t.Run(e.Name(), func(t *testing.T) {
			want, err := fs.ReadFile(web.App(), "assets/"+e.Name())
			require.NoError(t, err)
			r := env.anonymous().get("/assets/" + e.Name())
			require.Equal(t, http.StatusOK, r.StatusCode)
			require.Equal(t, want, r.Raw)
			cc := r.Header.Get("Cache-Control")
			require.Contains(t, cc, "max-age=31536000", "Cache-Control %q", cc)
			require.Contains(t, cc, "immutable")
			for ext, ct := range types {
				if strings.HasSuffix(e.Name(), ext) {
					require.Contains(t, r.Header.Get("Content-Type"), ct)
				}
			}
		})
	}
}

func TestWebAppDoesNotShadowAPI(t *testing.T) {
	t.Parallel()
	requireWebBuilt(t)
	env := newTestEnv(t)
	// API misses stay JSON errors, never the HTML shell.
	r, body := env.anonymous().raw(http.MethodGet, "/api/v1/does-not-exist", "", nil)
	require.Equal(t, http.StatusNotFound, r.StatusCode)
	require.Equal(t, "route_not_found", errorCode(t, body))
	// Writes outside the API are not served the app.
	r, _ = env.anonymous().raw(http.MethodPost, "/login", "", nil)
	require.Equal(t, http.StatusNotFound, r.StatusCode, "%s", r.Raw)
	// Path tricks cannot reach outside the embedded app.
	r = env.anonymous().get("/assets/../../embed.go")
	require.NotContains(t, string(r.Raw), "package web")
}

func TestWebAppFallbackSparesAssetsAndAPI(t *testing.T) {
	t.Parallel()
	requireWebBuilt(t)
	env := newTestEnv(t)
	r := env.anonymous().get("/assets/index-does-not-exist.js")
	require.Equal(t, http.StatusNotFound, r.StatusCode, "a missing asset must not get the HTML shell")
	for _, path := range []string{"/api", "/api/", "/api/v2/teams"} {
		r, body := env.anonymous().raw(http.MethodGet, path, "", nil)
		require.Equal(t, http.StatusNotFound, r.StatusCode, "%s: %s", path, r.Raw)
		require.Equal(t, "route_not_found", errorCode(t, body))
	}
}
