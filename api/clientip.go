package api

import (
	"net/netip"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// clientIPKey is the Locals key of the request's client address.
const clientIPKey = "client_ip"

// proxyTrust is the set of proxies (LIVECHAT_TRUSTED_PROXIES) whose
// X-Forwarded-For entries are believed.
type proxyTrust struct {
	prefixes []netip.Prefix
}

// newProxyTrust parses proxy addresses and CIDRs; it returns the entries it
// could not parse (they trust nothing).
func newProxyTrust(list []string) (proxyTrust, []string) {
	var p proxyTrust
	var invalid []string
	for _, s := range list {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if strings.Contains(s, "/") {
			prefix, err := netip.ParsePrefix(s)
			if err != nil {
				invalid = append(invalid, s)
				continue
			}
			if prefix.Addr().Is4In6() && prefix.Bits() >= 96 {
				prefix = netip.PrefixFrom(prefix.Addr().Unmap(), prefix.Bits()-96)
			}
			p.prefixes = append(p.prefixes, prefix.Masked())
			continue
		}
		addr, err := netip.ParseAddr(s)
		if err != nil || addr.Zone() != "" {
			invalid = append(invalid, s)
			continue
		}
		addr = addr.Unmap()
		p.prefixes = append(p.prefixes, netip.PrefixFrom(addr, addr.BitLen()))
	}
	return p, invalid
}

// trusted says whether addr is one of the trusted proxies.
func (p proxyTrust) trusted(addr netip.Addr) bool {
	for _, prefix := range p.prefixes {
		if prefix.Contains(addr) {
			return true
		}
	}
	return false
}

// clientIP resolves the address of the client behind the proxies: the
// nearest X-Forwarded-For hop that is not a trusted proxy, read from the
// right. A proxy appends the address it received the request from, so the
// entries left of the last one a trusted proxy wrote are whatever the
// client sent and are never believed (a client cannot hide behind an
// address it prepends). A request straight from an untrusted peer, a
// missing or empty header, or an entry that is not an IP address (the chain
// is broken there) resolve to the nearest address a trusted hop vouches
// for: the TCP peer when there is none. Every address is canonical
// (IPv4-mapped IPv6 unmapped), as blacklist entries are.
func (p proxyTrust) clientIP(c *fiber.Ctx) netip.Addr {
	client := peerAddr(c)
	if !p.trusted(client) {
		return client
	}
	hops := forwardedFor(c)
	for i := len(hops) - 1; i >= 0; i-- {
		addr, ok := parseHop(hops[i])
		if !ok {
			break
		}
		client = addr
		if !p.trusted(addr) {
			break
		}
	}
	return client
}

// peerAddr is the address of the TCP peer.
func peerAddr(c *fiber.Ctx) netip.Addr {
	addr, ok := netip.AddrFromSlice(c.Context().RemoteIP())
	if !ok {
		return netip.IPv4Unspecified()
	}
	return addr.Unmap()
}

// forwardedFor returns the X-Forwarded-For entries, every header line in
// order (a proxy may add a line instead of extending the first one).
func forwardedFor(c *fiber.Ctx) []string {
	var hops []string
	for _, v := range c.Request().Header.PeekAll(fiber.HeaderXForwardedFor) {
		hops = append(hops, strings.Split(string(v), ",")...)
	}
	return hops
}

// parseHop reads one X-Forwarded-For entry: an IP address, possibly with a
// port ("203.0.113.9:4711", "[2001:db8::1]:4711").
func parseHop(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	addr, err := netip.ParseAddr(s)
	if err != nil {
		ap, perr := netip.ParseAddrPort(s)
		if perr != nil {
			return netip.Addr{}, false
		}
		addr = ap.Addr()
	}
	if addr.Zone() != "" || addr.IsUnspecified() {
		return netip.Addr{}, false
	}
	return addr.Unmap(), true
}

// resolveClientIP stores the client address for clientIP; it runs first.
func (s *Server) resolveClientIP(c *fiber.Ctx) error {
	c.Locals(clientIPKey, s.proxies.clientIP(c).String())
	return c.Next()
}

// clientIP is the client's address (see proxyTrust.clientIP): the one IP
// that rate limits, the blacklist, sessions and logs use. Never read c.IP()
// for this: it believes the first X-Forwarded-For entry, which the client
// chooses.
func clientIP(c *fiber.Ctx) string {
	if ip, ok := c.Locals(clientIPKey).(string); ok {
		return ip
	}
	return peerAddr(c).String()
}
