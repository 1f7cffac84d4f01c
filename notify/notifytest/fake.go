// Package notifytest gives tests local HTTP servers that speak the email and
// SMS providers' APIs, so the real client libraries can be pointed at them.
package notifytest

import (
	"crypto/hmac"
	"crypto/sha1" //nolint:gosec // Twilio signs webhooks with HMAC-SHA1
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// Request is one request a fake provider received.
type Request struct {
	Method, Path string
	Header       http.Header
	Body         []byte
}

// Reply is one scripted answer of a fake provider.
type Reply struct {
	Status int
	Body   string
	Header map[string]string
}

// Answers in the providers' own formats.
var (
	SendGridAccepted = Reply{Status: http.StatusAccepted, Header: map[string]string{"X-Message-Id": "sg-fake-1"}}
	SendGridDown     = Reply{Status: http.StatusInternalServerError, Body: `{"errors":[{"message":"try later"}]}`}
	SendGridRefused  = Reply{Status: http.StatusBadRequest,
		Body: `{"errors":[{"message":"does not contain a valid address","field":"personalizations.0.to.0.email"}]}`}
	TwilioQueued  = Reply{Status: http.StatusCreated, Body: `{"sid":"SMfake0000000000000000000000000001","status":"queued"}`}
	TwilioDown    = Reply{Status: http.StatusServiceUnavailable, Body: `{"code":20503,"message":"Service unavailable","status":503}`}
	TwilioInvalid = Reply{Status: http.StatusBadRequest, Body: `{"code":21211,"message":"The 'To' number is not a valid phone number.","status":400}`}
)

// Provider is a fake provider: it records every request and answers with the
// next scripted reply (the last one repeats).
type Provider struct {
	*httptest.Server
	hits atomic.Int32

	mu       sync.Mutex
	requests []Request
	replies  []Reply
}

// New starts a fake provider, closed when the test ends.
func New(t testing.TB, replies ...Reply) *Provider {
	t.Helper()
	if len(replies) == 0 {
		t.Fatal("notifytest: a fake provider needs at least one reply")
	}
	f := &Provider{replies: replies}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func (f *Provider) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.requests = append(f.requests, Request{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: body})
	reply := f.replies[min(len(f.requests), len(f.replies))-1]
	f.hits.Add(1)
	f.mu.Unlock()
	for k, v := range reply.Header {
		w.Header().Set(k, v)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(reply.Status)
	_, _ = io.WriteString(w, reply.Body)
}

// Hits is the number of requests received so far.
func (f *Provider) Hits() int { return int(f.hits.Load()) }

// Requests returns a copy of the requests received so far, in order.
func (f *Provider) Requests() []Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Request(nil), f.requests...)
}

// TwilioSignature signs a webhook request the way Twilio documents it: the
// base64 HMAC-SHA1, keyed with the auth token, of the URL followed by every
// parameter name and value in name order.
func TwilioSignature(authToken, fullURL string, form url.Values) string {
	names := make([]string, 0, len(form))
	for k := range form {
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString(fullURL)
	for _, k := range names {
		b.WriteString(k + form.Get(k))
	}
	mac := hmac.New(sha1.New, []byte(authToken))
	mac.Write([]byte(b.String()))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}
