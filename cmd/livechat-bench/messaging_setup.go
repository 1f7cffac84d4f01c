package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/fasthttp/websocket"
)

// setup signs the owner in, makes the team, the agents (online, sockets
// open), the widget and the visitors with their assigned chats. Any
// failure stops the run: the numbers would mean nothing.
func (b *msgBench) setup(ctx context.Context) error {
	var res *response
	err := b.c.retry429(ctx, "login", func() error {
		var err error
		res, err = b.c.do(ctx, nil, http.MethodPost, "/api/v1/auth/login", map[string]string{"email": b.o.email, "password": b.o.password})
		return err
	})
	if err != nil {
		return fmt.Errorf("sign in as %s: %w", b.o.email, err)
	}
	if b.owner, err = sessionFrom(res); err != nil {
		return fmt.Errorf("sign in as %s: %w", b.o.email, err)
	}
	// Room for every chat, so each is assigned at once; restrictive, so an
	// agent's console carries its own chats only (as in a busy team).
	b.capacity = min(maxTeamCapacity, (b.o.chats+b.o.agents-1)/b.o.agents+2)
	var team struct {
		ID string `json:"id"`
	}
	name := b.run + "-messaging"
	if err := b.c.callSetup(ctx, b.owner, http.MethodPost, "/api/v1/teams", map[string]string{"name": name}, &team); err != nil {
		return fmt.Errorf("create team %s (the -email member must be an admin or owner): %w", name, err)
	}
	b.teamID = team.ID
	if err := b.c.callSetup(ctx, b.owner, http.MethodPatch, "/api/v1/teams/"+team.ID, map[string]any{
		"auto_assignment": "round_robin", "capacity": b.capacity, "permission_mode": "restrictive",
		"offer_enabled": false, "unresponsive_strategy": "none",
	}, nil); err != nil {
		return fmt.Errorf("configure team %s: %w", name, err)
	}
	if err := b.setupAgents(ctx); err != nil {
		return err
	}
	var w struct {
		ID        string `json:"id"`
		PublicKey string `json:"public_key"`
	}
	if err := b.c.callSetup(ctx, b.owner, http.MethodPost, "/api/v1/widgets", map[string]any{"name": name, "team_id": b.teamID}, &w); err != nil {
		return fmt.Errorf("create widget: %w", err)
	}
	b.widget.id, b.widget.key = w.ID, w.PublicKey
	return b.setupVisitors(ctx)
}

// poolErr runs fn for [0, n) on the bench's setup concurrency and returns
// the first error (the others are counted in the message).
func (b *msgBench) poolErr(ctx context.Context, what string, n int, fn func(ctx context.Context, i int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var mu sync.Mutex
	var first error
	failed, done := 0, 0
	stop := progress(what, n, func() int { mu.Lock(); defer mu.Unlock(); return done }, 10*time.Second)
	defer stop()
	runPool(ctx, n, b.o.concurrency, func(ctx context.Context, i int) {
		err := fn(ctx, i)
		mu.Lock()
		defer mu.Unlock()
		done++
		if err != nil && !errors.Is(err, context.Canceled) {
			failed++
			if first == nil {
				first = err
				cancel() // fail fast: the rest would fail the same way
			}
		}
	})
	if first != nil {
		return fmt.Errorf("%s: %d failed, first: %w", what, failed, first)
	}
	return context.Cause(ctx)
}

func (b *msgBench) setupAgents(ctx context.Context) error {
	b.agents = make([]*msgAgent, b.o.agents)
	logf("setting up %d agents (invitation, login, team, online, console socket)", b.o.agents)
	err := b.poolErr(ctx, "agents", b.o.agents, func(ctx context.Context, i int) error {
		a := &msgAgent{i: i, ip: fmt.Sprintf("10.201.%d.%d", (i>>8)&255, i&255)}
		email := fmt.Sprintf("%s-msg-agent-%03d@bench.livechat.local", b.run, i+1)
		var inv struct {
			AcceptURL string `json:"accept_url"`
		}
		if err := b.c.callSetup(ctx, b.owner, http.MethodPost, "/api/v1/invitations", map[string]any{"email": email, "role": "agent"}, &inv); err != nil {
			return fmt.Errorf("invite %s: %w", email, err)
		}
		u, err := url.Parse(inv.AcceptURL)
		if err != nil || u.Query().Get("token") == "" {
			return fmt.Errorf("invite %s: no token in accept_url %q", email, inv.AcceptURL)
		}
		from := fromIP{ip: a.ip}
		if err := b.c.callSetup(ctx, from, http.MethodPost, "/api/v1/invitations/accept", map[string]string{
			"token": u.Query().Get("token"), "name": fmt.Sprintf("Bench agent %d", i+1), "password": agentPassword,
		}, nil); err != nil {
			return fmt.Errorf("accept invitation of %s: %w", email, err)
		}
		var res *response
		err = b.c.retry429(ctx, "agent login", func() error {
			var err error
			res, err = b.c.do(ctx, from, http.MethodPost, "/api/v1/auth/login", map[string]string{"email": email, "password": agentPassword})
			return err
		})
		if err != nil {
			return fmt.Errorf("log in as %s: %w", email, err)
		}
		if a.s, err = sessionFrom(res); err != nil {
			return fmt.Errorf("log in as %s: %w", email, err)
		}
		if err := b.c.callSetup(ctx, b.owner, http.MethodPut, "/api/v1/teams/"+b.teamID+"/members/"+a.s.userID, nil, nil); err != nil {
			return fmt.Errorf("add %s to the team: %w", email, err)
		}
		if err := b.c.callSetup(ctx, fromIP{a.s, a.ip}, http.MethodPut, "/api/v1/me/presence", map[string]string{"status": "online"}, nil); err != nil {
			return fmt.Errorf("set %s online: %w", email, err)
		}
		h := http.Header{}
		h.Set("Cookie", sessionCookie+"="+a.s.token)
		h.Set("X-Forwarded-For", a.ip)
		h.Set("User-Agent", "livechat-bench")
		a.sock, err = openSocket(ctx, b.life, fmt.Sprintf("agent %d", i+1), &b.stats, func(ctx context.Context, after int64) (*websocket.Conn, error) {
			return dialSocket(ctx, b.c.base, "/api/v1/ws", after, h)
		}, func(f *inFrame, at time.Time) { b.agentFrame(a, f, at) })
		if err != nil {
			return fmt.Errorf("console socket of %s: %w", email, err)
		}
		b.setupMu.Lock()
		b.agents[i] = a
		b.byUserID[a.s.userID] = a
		b.setupMu.Unlock()
		return nil
	})
	return err
}

// assignTimeout bounds how long one new chat may wait for its agent.
const assignTimeout = 2 * time.Minute

func (b *msgBench) setupVisitors(ctx context.Context) error {
	b.visitors = make([]*msgVisitor, b.o.chats)
	var openLat latencies
	logf("setting up %d visitors (session, widget socket, first message, wait for the agent)", b.o.chats)
	err := b.poolErr(ctx, "visitors", b.o.chats, func(ctx context.Context, i int) error {
		v := &msgVisitor{i: i, ip: fmt.Sprintf("10.%d.%d.%d", 100+(i>>16), (i>>8)&255, i&255),
			status: map[string]string{}, changed: make(chan struct{}, 1)}
		var sess struct {
			Token string `json:"token"`
		}
		if err := b.c.callSetup(ctx, fromIP{ip: v.ip}, http.MethodPost, "/api/v1/widget/sessions",
			map[string]string{"widget_key": b.widget.key, "name": fmt.Sprintf("Bench visitor %d", i+1)}, &sess); err != nil {
			return fmt.Errorf("visitor %d: session: %w", i+1, err)
		}
		v.token = sess.Token
		h := http.Header{}
		h.Set("X-Forwarded-For", v.ip)
		h.Set("User-Agent", "livechat-bench")
		var err error
		v.sock, err = openSocket(ctx, b.life, fmt.Sprintf("visitor %d", i+1), &b.stats, func(ctx context.Context, after int64) (*websocket.Conn, error) {
			return dialSocket(ctx, b.c.base, "/api/v1/widget/ws?token="+url.QueryEscape(v.token), after, h)
		}, func(f *inFrame, at time.Time) { b.visitorFrame(v, f, at) })
		if err != nil {
			return fmt.Errorf("visitor %d: widget socket: %w", i+1, err)
		}
		b.setupMu.Lock()
		b.visitors[i] = v
		b.setupMu.Unlock()
		t0 := time.Now()
		ref := fmt.Sprintf("%s-open-%05d", b.tag, i)
		ack, err := v.sock.request(ctx, ref, sendFrame{Type: "send", Ref: ref, Body: "Hello, I have a question (bench " + ref + ")", IdempotencyKey: ref}, 30*time.Second)
		if err != nil {
			return fmt.Errorf("visitor %d: first message: %w", i+1, err)
		}
		d, err := ack.data()
		if err != nil || d.Message == nil || d.Message.ChatID == "" {
			return fmt.Errorf("visitor %d: first message: the ack names no chat", i+1)
		}
		chatID := d.Message.ChatID
		v.mu.Lock()
		v.chatID = chatID
		if v.status[chatID] == "" {
			v.status[chatID] = "waiting" // until its chat.updated comes
		}
		v.mu.Unlock()
		if err := v.waitAssigned(ctx, assignTimeout); err != nil {
			return fmt.Errorf("visitor %d: chat %s: %w", i+1, chatID, err)
		}
		openLat.add(time.Since(t0))
		var ch chat
		if err := b.c.callSetup(ctx, b.owner, http.MethodGet, "/api/v1/chats/"+chatID, nil, &ch); err != nil {
			return fmt.Errorf("visitor %d: read chat %s: %w", i+1, chatID, err)
		}
		b.setupMu.Lock()
		defer b.setupMu.Unlock()
		a := b.byUserID[ch.assignee()]
		if ch.Status != "assigned" || a == nil {
			return fmt.Errorf("visitor %d: chat %s is %s with assignee %q, not one of the bench's agents", i+1, ch.ID, ch.Status, ch.assignee())
		}
		v.mu.Lock()
		v.agent = a
		v.mu.Unlock()
		a.chats++
		return nil
	})
	b.rep.Setup.OpenToAssigned = openLat.summary()
	return err
}

// waitAssigned waits for chat.updated "assigned" of the visitor's chat.
func (v *msgVisitor) waitAssigned(ctx context.Context, wait time.Duration) error {
	deadline := time.NewTimer(wait)
	defer deadline.Stop()
	for {
		v.mu.Lock()
		st := v.status[v.chatID]
		v.mu.Unlock()
		switch st {
		case "assigned":
			return nil
		case "ended":
			return errors.New("ended before it was assigned")
		}
		select {
		case <-v.changed:
		case <-deadline.C:
			return fmt.Errorf("not assigned within %s (last status %q)", wait, st)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
