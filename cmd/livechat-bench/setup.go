package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// fixture is what the scenarios share: the owner's session, an API key for
// bot calls and a pool of agents made through invitations.
type fixture struct {
	c      *client
	run    string // bench-<UTC timestamp>, prefixes every name the bench makes
	owner  *session
	key    apiKey
	keyID  string
	agents []*session
	// db is the stack's database (-database-url), nil without it.
	db *pgxpool.Pool
}

// agentPassword is the password of the bench's agents (they only live in
// the organisation the bench runs against).
const agentPassword = "livechat-bench-agent"

func newFixture(ctx context.Context, c *client, run, email, password string) (*fixture, error) {
	f := &fixture{c: c, run: run}
	var res *response
	err := c.retry429(ctx, "login", func() error {
		var err error
		res, err = c.do(ctx, nil, http.MethodPost, "/api/v1/auth/login", map[string]string{"email": email, "password": password})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sign in as %s: %w", email, err)
	}
	if f.owner, err = sessionFrom(res); err != nil {
		return nil, fmt.Errorf("sign in as %s: %w", email, err)
	}
	var key struct {
		APIKey struct {
			ID string `json:"id"`
		} `json:"api_key"`
		Secret string `json:"secret"`
	}
	if err := c.callSetup(ctx, f.owner, http.MethodPost, "/api/v1/api-keys", map[string]string{"name": run}, &key); err != nil {
		return nil, fmt.Errorf("create API key (the -email member must be an admin or owner): %w", err)
	}
	f.key, f.keyID = apiKey(key.Secret), key.APIKey.ID
	return f, nil
}

// ensureAgents makes the pool at least n agents: each is invited, accepts
// (which signs them in) and goes online.
func (f *fixture) ensureAgents(ctx context.Context, n int) error {
	if len(f.agents) < n {
		logf("creating %d agents through invitations", n-len(f.agents))
	}
	for i := len(f.agents); i < n; i++ {
		email := fmt.Sprintf("%s-agent-%03d@bench.livechat.local", f.run, i+1)
		var inv struct {
			AcceptURL string `json:"accept_url"`
		}
		if err := f.c.callSetup(ctx, f.owner, http.MethodPost, "/api/v1/invitations",
			map[string]any{"email": email, "role": "agent"}, &inv); err != nil {
			return fmt.Errorf("invite %s: %w", email, err)
		}
		u, err := url.Parse(inv.AcceptURL)
		if err != nil || u.Query().Get("token") == "" {
			return fmt.Errorf("invite %s: no token in accept_url %q", email, inv.AcceptURL)
		}
		var res *response
		err = f.c.retry429(ctx, "accept invitation", func() error {
			var err error
			res, err = f.c.do(ctx, nil, http.MethodPost, "/api/v1/invitations/accept", map[string]string{
				"token": u.Query().Get("token"), "name": fmt.Sprintf("Bench agent %d", i+1), "password": agentPassword,
			})
			return err
		})
		if err != nil {
			return fmt.Errorf("accept invitation of %s: %w", email, err)
		}
		s, err := sessionFrom(res)
		if err != nil {
			return fmt.Errorf("accept invitation of %s: %w", email, err)
		}
		if err := f.presence(ctx, s, "online"); err != nil {
			return err
		}
		f.agents = append(f.agents, s)
	}
	return nil
}

func (f *fixture) presence(ctx context.Context, s *session, status string) error {
	if err := f.c.callSetup(ctx, s, http.MethodPut, "/api/v1/me/presence", map[string]string{"status": status}, nil); err != nil {
		return fmt.Errorf("set %s %s: %w", s.email, status, err)
	}
	return nil
}

// newTeam creates the team <run>-<suffix> with the given settings.
func (f *fixture) newTeam(ctx context.Context, suffix string, settings map[string]any) (string, error) {
	name := f.run + "-" + suffix
	var team struct {
		ID string `json:"id"`
	}
	if err := f.c.callSetup(ctx, f.owner, http.MethodPost, "/api/v1/teams", map[string]string{"name": name}, &team); err != nil {
		return "", fmt.Errorf("create team %s: %w", name, err)
	}
	if len(settings) > 0 {
		if err := f.c.callSetup(ctx, f.owner, http.MethodPatch, "/api/v1/teams/"+team.ID, settings, nil); err != nil {
			return "", fmt.Errorf("configure team %s: %w", name, err)
		}
	}
	return team.ID, nil
}

func (f *fixture) join(ctx context.Context, teamID string, agents []*session) error {
	for _, a := range agents {
		if err := f.c.callSetup(ctx, f.owner, http.MethodPut, "/api/v1/teams/"+teamID+"/members/"+a.userID, nil, nil); err != nil {
			return fmt.Errorf("add %s to team: %w", a.email, err)
		}
	}
	return nil
}

// handoff opens a chat as a bot would; id makes the hand-off and the
// contact unique.
func (f *fixture) handoff(ctx context.Context, teamID, id string) (chat, error) {
	var out struct {
		Chat     chat `json:"chat"`
		Existing bool `json:"existing"`
	}
	err := f.c.call(ctx, f.key, http.MethodPost, "/api/v1/handoffs", map[string]any{
		"handoff_id": id, "team_id": teamID,
		"contact": map[string]string{"external_id": id, "name": "Bench contact " + id},
	}, &out)
	if err == nil && out.Existing {
		err = fmt.Errorf("hand-off %s answered with an existing chat", id)
	}
	return out.Chat, err
}

func (f *fixture) getChat(ctx context.Context, id string) (chat, error) {
	var out chat
	err := f.c.call(ctx, f.key, http.MethodGet, "/api/v1/chats/"+id, nil, &out)
	return out, err
}

// createChats opens n chats in the team at the given concurrency and
// returns their ids in order (empty where the hand-off failed).
func (f *fixture) createChats(ctx context.Context, teamID, tag string, n, conc int, lat *latencies, errs *counter) []string {
	ids := make([]string, n)
	var mu sync.Mutex
	done := 0
	stop := progress("creating "+tag+" chats", n, func() int { mu.Lock(); defer mu.Unlock(); return done }, 10*time.Second)
	defer stop()
	runPool(ctx, n, conc, func(ctx context.Context, i int) {
		t0 := time.Now()
		ch, err := f.handoff(ctx, teamID, fmt.Sprintf("%s-%s-%05d", f.run, tag, i))
		if err != nil {
			errs.inc(errorKey(err))
			return
		}
		if lat != nil {
			lat.add(time.Since(t0))
		}
		mu.Lock()
		ids[i] = ch.ID
		done++
		mu.Unlock()
	})
	return ids
}

// endResult is the outcome of ending a batch of chats.
type endResult struct {
	Ended      int            `json:"ended"`
	Errors     map[string]int `json:"errors,omitempty"`
	Seconds    float64        `json:"seconds"`
	RatePerSec float64        `json:"rate_per_sec"`
	Latency    latencySummary `json:"latency"`
}

// endChats ends the chats (as the bot) at the given concurrency.
func (f *fixture) endChats(ctx context.Context, ids []string, conc int, tag string) endResult {
	var todo []string
	for _, id := range ids {
		if id != "" {
			todo = append(todo, id)
		}
	}
	var lat latencies
	var errs counter
	var mu sync.Mutex
	ended := 0
	stop := progress("ending "+tag+" chats", len(todo), func() int { mu.Lock(); defer mu.Unlock(); return ended }, 10*time.Second)
	start := time.Now()
	runPool(ctx, len(todo), conc, func(ctx context.Context, i int) {
		t0 := time.Now()
		err := f.c.call(ctx, f.key, http.MethodPost, "/api/v1/chats/"+todo[i]+"/end", nil, nil)
		var ae *apiError
		alreadyEnded := errors.As(err, &ae) && ae.Code == "chat_ended"
		if err != nil && !alreadyEnded {
			errs.inc(errorKey(err))
			return
		}
		lat.add(time.Since(t0))
		mu.Lock()
		ended++
		mu.Unlock()
	})
	d := time.Since(start)
	stop()
	return endResult{Ended: ended, Errors: errs.snapshot(), Seconds: seconds(d), RatePerSec: rate(ended, d), Latency: lat.summary()}
}

// close puts the agents offline and revokes the API key.
func (f *fixture) close(ctx context.Context) {
	for _, a := range f.agents {
		if err := f.presence(ctx, a, "offline"); err != nil {
			logf("cleanup: %v", err)
		}
	}
	if f.keyID != "" {
		if err := f.c.call(ctx, f.owner, http.MethodDelete, "/api/v1/api-keys/"+f.keyID, nil, nil); err != nil {
			logf("cleanup: revoke the bench API key: %v", err)
		}
	}
}

// chatOpening is what a scenario that opens many waiting chats reports of
// the opening (timers, open-chats).
type chatOpening struct {
	TeamID      string         `json:"team_id"`
	Target      int            `json:"target"`
	Concurrency int            `json:"concurrency"`
	Created     int            `json:"created"`
	Errors      map[string]int `json:"errors,omitempty"`
	Stopped     string         `json:"stopped,omitempty"` // why creation stopped early
	// Create: each POST /handoffs round trip (chat row + workflow started
	// and queued); the rate is over all of them.
	Create           latencySummary `json:"create"`
	CreateSeconds    float64        `json:"create_seconds"`
	CreateRatePerSec float64        `json:"create_rate_per_sec"`
}

// record counts the chats createChats opened in d and notes why it stopped
// early, if it did.
func (o *chatOpening) record(ctx context.Context, ids []string, lat *latencies, d time.Duration) {
	for _, id := range ids {
		if id != "" {
			o.Created++
		}
	}
	if ctx.Err() != nil {
		o.Stopped = fmt.Sprintf("run stopped (%v) after %s", context.Cause(ctx), d.Round(time.Second))
	}
	o.Create = lat.summary()
	o.CreateSeconds, o.CreateRatePerSec = seconds(d), rate(o.Created, d)
}
