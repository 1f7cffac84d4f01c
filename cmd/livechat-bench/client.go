package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Names the API uses for its session cookie and CSRF header (api.SessionCookie, api.CSRFHeader).
const (
	sessionCookie = "livechat_session"
	csrfHeader    = "X-CSRF-Token"
)

// client talks to the Livechat JSON API of one base URL.
type client struct {
	base string // e.g. http://127.0.0.1:8080
	hc   *http.Client
}

func newClient(base string, conns int) *client {
	tr := &http.Transport{
		Proxy:               nil, // loopback only: never through a proxy
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        conns,
		MaxIdleConnsPerHost: conns,
		IdleConnTimeout:     90 * time.Second,
	}
	return &client{base: strings.TrimRight(base, "/"), hc: &http.Client{Transport: tr, Timeout: 60 * time.Second}}
}

// checkLoopback refuses any target that is not this machine: the bench
// creates and ends thousands of chats and must never be pointed elsewhere.
func checkLoopback(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("-url %q: %w", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("-url %q: want http:// or https://", raw)
	}
	return checkLoopbackHost(u.Hostname())
}

func checkLoopbackHost(host string) error {
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("%q is not a loopback address: the bench only runs against this machine (127.0.0.1, ::1, localhost)", host)
	}
	return nil
}

// auth decorates a request with credentials.
type auth interface{ apply(r *http.Request) }

// session is a signed-in member: cookie plus the CSRF token for writes.
type session struct {
	token, csrf string
	userID      string
	email       string
}

func (s *session) apply(r *http.Request) {
	r.AddCookie(&http.Cookie{Name: sessionCookie, Value: s.token})
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		r.Header.Set(csrfHeader, s.csrf)
	}
}

// apiKey is an organisation API key (what bots use).
type apiKey string

func (k apiKey) apply(r *http.Request) { r.Header.Set("Authorization", "Bearer "+string(k)) }

// apiError is a non-2xx answer: the status and the API's error body.
type apiError struct {
	Status     int
	Code       string
	Message    string
	RetryAfter time.Duration
}

func (e *apiError) Error() string {
	return fmt.Sprintf("HTTP %d %s: %s", e.Status, e.Code, e.Message)
}

// errorKey names an error for the report's error counts.
func errorKey(err error) string {
	var ae *apiError
	switch {
	case errors.As(err, &ae):
		return fmt.Sprintf("%d %s", ae.Status, ae.Code)
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.Is(err, context.Canceled):
		return "canceled"
	default:
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return "timeout"
		}
		return "transport"
	}
}

// response is what do returns for a 2xx answer.
type response struct {
	status  int
	cookies []*http.Cookie
	body    []byte
}

// do sends one request; in (if not nil) is sent as JSON. Non-2xx answers are *apiError.
func (c *client) do(ctx context.Context, a auth, method, path string, in any) (*response, error) {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return nil, err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return nil, err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "livechat-bench")
	if a != nil {
		a.apply(req)
	}
	res, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer func() { _ = res.Body.Close() }()
	raw, err := io.ReadAll(io.LimitReader(res.Body, 8<<20))
	if err != nil {
		return nil, err
	}
	if res.StatusCode/100 != 2 {
		e := &apiError{Status: res.StatusCode}
		var eb struct {
			Error struct {
				Code    string `json:"code"`
				Message string `json:"message"`
			} `json:"error"`
		}
		if json.Unmarshal(raw, &eb) == nil {
			e.Code, e.Message = eb.Error.Code, eb.Error.Message
		}
		if e.Code == "" {
			e.Code = "http_error"
			e.Message = strings.TrimSpace(string(raw))
		}
		if s, err := strconv.Atoi(res.Header.Get("Retry-After")); err == nil {
			e.RetryAfter = time.Duration(s) * time.Second
		}
		return nil, e
	}
	return &response{status: res.StatusCode, cookies: res.Cookies(), body: raw}, nil
}

// call sends a request and decodes a 2xx JSON answer into out (if not nil).
func (c *client) call(ctx context.Context, a auth, method, path string, in, out any) error {
	res, err := c.do(ctx, a, method, path, in)
	if err != nil {
		return err
	}
	if out != nil && len(res.body) > 0 {
		if err := json.Unmarshal(res.body, out); err != nil {
			return fmt.Errorf("%s %s: decode answer: %w", method, path, err)
		}
	}
	return nil
}

// maxRateLimitWait bounds how long setup waits out a 429 (the login and
// invitation limits are per 5 minutes).
const maxRateLimitWait = 6 * time.Minute

// callSetup is call for setup steps: a 429 is waited out (once or twice,
// bounded) instead of failing the run.
func (c *client) callSetup(ctx context.Context, a auth, method, path string, in, out any) error {
	return c.retry429(ctx, method+" "+path, func() error { return c.call(ctx, a, method, path, in, out) })
}

func (c *client) retry429(ctx context.Context, what string, f func() error) error {
	for attempt := 0; ; attempt++ {
		err := f()
		var ae *apiError
		if attempt >= 2 || !errors.As(err, &ae) || ae.Status != http.StatusTooManyRequests {
			return err
		}
		wait := min(max(ae.RetryAfter, time.Second), maxRateLimitWait)
		logf("rate limited on %s: waiting %s as the API asks", what, wait.Round(time.Second))
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
}

// sessionFrom reads the session a login or invitation acceptance started.
func sessionFrom(res *response) (*session, error) {
	var body struct {
		User struct {
			ID    string `json:"id"`
			Email string `json:"email"`
		} `json:"user"`
		CSRFToken string `json:"csrf_token"`
	}
	if err := json.Unmarshal(res.body, &body); err != nil {
		return nil, fmt.Errorf("decode session: %w", err)
	}
	s := &session{csrf: body.CSRFToken, userID: body.User.ID, email: body.User.Email}
	for _, ck := range res.cookies {
		if ck.Name == sessionCookie {
			s.token = ck.Value
		}
	}
	if s.token == "" || s.csrf == "" || s.userID == "" {
		return nil, errors.New("the answer carries no session cookie, CSRF token or user id")
	}
	return s, nil
}

// chat is the part of the API's chat projection the bench reads.
type chat struct {
	ID         string  `json:"id"`
	TeamID     string  `json:"team_id"`
	Status     string  `json:"status"`
	AssigneeID *string `json:"assignee_id"`
}

func (c chat) assignee() string {
	if c.AssigneeID == nil {
		return ""
	}
	return *c.AssigneeID
}
