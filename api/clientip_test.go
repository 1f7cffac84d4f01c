package api

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"livechat/accounts"
)

// ipProbe serves clientIP and the rate-limit key of each request on a
// loopback port, behind the given trusted proxies.
func ipProbe(t *testing.T, trusted ...string) func(header http.Header) string {
	t.Helper()
	proxies, invalid := newProxyTrust(trusted)
	require.Empty(t, invalid)
	s := &Server{proxies: proxies}
	app := fiber.New(fiber.Config{DisableStartupMessage: true, EnableIPValidation: true})
	app.Use(s.resolveClientIP)
	app.Get("/", func(c *fiber.Ctx) error { return c.SendString(clientIP(c) + " " + byIP(c)) })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go func() { _ = app.Listener(ln) }()
	t.Cleanup(func() { _ = app.Shutdown() })
	return func(header http.Header) string {
		t.Helper()
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, "http://"+ln.Addr().String()+"/", nil)
		require.NoError(t, err)
		req.Header = header
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode, "%s", body)
		ip, limitKey, ok := strings.Cut(string(body), " ")
		require.True(t, ok, "%s", body)
		require.Equal(t, ip, limitKey, "rate limits key on the client IP")
		return ip
	}
}

// TestClientIPFromForwardedFor: behind trusted proxies the client is the
// nearest X-Forwarded-For hop that is not a trusted proxy (read from the
// right, as appending proxies write it), always one canonical IP; a missing,
// empty or garbage header falls back to the TCP peer.
func TestClientIPFromForwardedFor(t *testing.T) {
	t.Parallel()
	probe := ipProbe(t, "127.0.0.1", "10.0.0.0/8")
	xff := func(values ...string) http.Header { return http.Header{"X-Forwarded-For": values} }
	cases := map[string]struct {
		header http.Header
		want   string
	}{
		"no header":             {http.Header{}, "127.0.0.1"},
		"empty":                 {xff(""), "127.0.0.1"},
		"blank entries":         {xff(" , ,"), "127.0.0.1"},
		"garbage":               {xff("unknown"), "127.0.0.1"},
		"one address":           {xff("203.0.113.9"), "203.0.113.9"},
		"spaces":                {xff("  203.0.113.9  "), "203.0.113.9"},
		"client prepended one":  {xff("198.51.100.7, 203.0.113.9"), "203.0.113.9"},
		"client prepended junk": {xff("junk, 203.0.113.9"), "203.0.113.9"},
		"inner proxies skipped": {xff("198.51.100.7, 203.0.113.9, 10.1.2.3, 127.0.0.1"), "203.0.113.9"},
		"proxy wrote garbage":   {xff("203.0.113.9, unknown"), "127.0.0.1"},
		"broken behind a proxy": {xff("203.0.113.9, unknown, 10.1.2.3"), "10.1.2.3"},
		"only proxies":          {xff("10.9.9.9, 10.1.2.3"), "10.9.9.9"},
		"mapped IPv4":           {xff("::ffff:203.0.113.9"), "203.0.113.9"},
		"IPv6":                  {xff("2001:DB8::1"), "2001:db8::1"},
		"IPv4 with port":        {xff("203.0.113.9:4711"), "203.0.113.9"},
		"IPv6 with port":        {xff("[2001:db8::1]:4711"), "2001:db8::1"},
		"zone":                  {xff("fe80::1%eth0"), "127.0.0.1"},
		"unspecified":           {xff("0.0.0.0"), "127.0.0.1"},
		"two header lines":      {xff("198.51.100.7", "203.0.113.9"), "203.0.113.9"},
	}
	for name, tc := range cases {
		require.Equal(t, tc.want, probe(tc.header), name)
	}

	// Without trusted proxies the header is ignored.
	direct := ipProbe(t)
	require.Equal(t, "127.0.0.1", direct(xff("203.0.113.9")))
	// Nor is it believed from a peer that is not a trusted proxy.
	elsewhere := ipProbe(t, "10.0.0.0/8", "::ffff:192.0.2.1")
	require.Equal(t, "127.0.0.1", elsewhere(xff("203.0.113.9")))
}

func TestProxyTrustParsing(t *testing.T) {
	t.Parallel()
	p, invalid := newProxyTrust([]string{" 127.0.0.1 ", "10.0.0.0/8", "::ffff:192.0.2.0/120", "fd00::/8", "", "nope", "10.0.0.0/99", "fe80::1%eth0"})
	require.Equal(t, []string{"nope", "10.0.0.0/99", "fe80::1%eth0"}, invalid)
	for ip, want := range map[string]bool{
		"127.0.0.1": true, "127.0.0.2": false, "10.200.1.1": true, "11.0.0.1": false,
		"192.0.2.77": true, "192.0.3.1": false, "fd12::1": true, "fe80::1": false,
	} {
		addr, ok := parseHop(ip)
		require.True(t, ok, ip)
		require.Equal(t, want, p.trusted(addr), ip)
	}
}

// TestClientIPBehindTrustedProxy: the API behind a trusted proxy records one
// proper client IP whatever X-Forwarded-For holds, and a blacklisted visitor
// cannot start a chat by prepending another address to the header (the
// proxy appends the real one).
func TestClientIPBehindTrustedProxy(t *testing.T) {
	t.Parallel()
	env := newTestEnvWith(t, func(d *Deps) { d.TrustedProxies = []string{"127.0.0.1"} })
	owner := env.login("owner@acme.test")
	key := env.newWidget(owner, nil)

	sessionIP := func(xff ...string) string {
		t.Helper()
		v := &visitor{t: t, base: env.URL}
		status, out := v.do(http.MethodPost, "/api/v1/widget/sessions", map[string]any{"widget_key": key},
			http.Header{"X-Forwarded-For": xff})
		require.Equal(t, http.StatusCreated, status, "%v", out)
		var ip string
		require.NoError(t, env.Store.Pool.QueryRow(t.Context(), `SELECT ip FROM visitor_sessions WHERE contact_id = $1`,
			uuid.MustParse(out["contact_id"].(string))).Scan(&ip))
		return ip
	}
	require.Equal(t, "203.0.113.9", sessionIP("198.51.100.7, 203.0.113.9"), "a comma list is one address")
	require.Equal(t, "127.0.0.1", sessionIP(""), "an empty header is the proxy's peer address")
	require.Equal(t, "127.0.0.1", sessionIP("not-an-ip"), "a garbage header is the proxy's peer address")
	require.Equal(t, "127.0.0.1", sessionIP(), "a missing header is the proxy's peer address")

	// A blocked address stays blocked when the client prepends another.
	env.addMember(env.Org, "agent@acme.test", accounts.RoleAgent)
	env.login("agent@acme.test").block("ip", "203.0.113.10", "spam")
	for _, xff := range []string{"203.0.113.10", "198.51.100.7, 203.0.113.10", "198.51.100.7,203.0.113.10", "garbage, 203.0.113.10"} {
		v := env.newVisitor(env.URL, key, nil)
		status, body := v.do(http.MethodPost, "/api/v1/widget/messages", map[string]any{"body": "hello", "idempotency_key": "k-" + xff},
			http.Header{"X-Forwarded-For": {xff}})
		require.Equal(t, http.StatusForbidden, status, "%s: %v", xff, body)
		require.Equal(t, "contact_blocked", errorCode(t, body), xff)
	}
	// …while the blocked address, prepended by someone else, blocks no one.
	env.startChatWorker()
	v := env.newVisitor(env.URL, key, nil)
	status, body := v.do(http.MethodPost, "/api/v1/widget/messages", map[string]any{"body": "hello", "idempotency_key": "k-innocent"},
		http.Header{"X-Forwarded-For": {"203.0.113.10, 198.51.100.8"}})
	require.Equal(t, http.StatusCreated, status, "%v", body)
}

// TestHandlersUseClientIP: no handler reads c.IP(), which believes the first
// X-Forwarded-For entry (the one the client chooses); clientIP is the one
// client address.
func TestHandlersUseClientIP(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, name, nil, 0)
		require.NoError(t, err)
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok && (sel.Sel.Name == "IP" || sel.Sel.Name == "IPs") && len(call.Args) == 0 {
				t.Errorf("%s: use clientIP(c), not %s()", fset.Position(call.Pos()), sel.Sel.Name)
			}
			return true
		})
	}
}
