package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// Claim races: this many agents claim each of the first raceChats chats at once.
const (
	racers    = 5
	raceChats = 20
)

type claimResult struct {
	TeamID      string `json:"team_id"`
	Chats       int    `json:"chats"`
	Agents      int    `json:"agents"`
	RaceChats   int    `json:"race_chats"`
	Racers      int    `json:"racers_per_race_chat"`
	Concurrency int    `json:"concurrency"`
	// Claims: every POST /chats/{id}/claim; Won: the 200s; Lost: the 409s.
	Claims latencySummary `json:"claim"`
	Won    latencySummary `json:"claim_won"`
	Lost   latencySummary `json:"claim_conflict"`
	// Raced: the claims of the race chats; Single: the one claim of each other chat.
	Raced  latencySummary `json:"claim_raced"`
	Single latencySummary `json:"claim_single"`
	// SinglePerSec: claims a second in the single phase.
	SinglePerSec float64        `json:"claim_single_per_sec"`
	Requests     int            `json:"requests"`
	Wins         int            `json:"wins"`
	Conflicts    int            `json:"conflicts_409"`
	Errors       map[string]int `json:"errors,omitempty"`
	// Checks against the projection after the claims.
	DoubleClaims       int        `json:"double_claims"`
	Unclaimed          int        `json:"unclaimed"`
	ProjectionMismatch int        `json:"projection_mismatch"`
	ChecksPassed       bool       `json:"checks_passed"`
	CreateSeconds      float64    `json:"create_waiting_chats_seconds"`
	CreateErrors       int        `json:"create_errors"`
	Cleanup            *endResult `json:"cleanup,omitempty"`
	Goal               string     `json:"goal"`
	GoalMet            bool       `json:"goal_met"`
}

// runClaim measures claims: m waiting chats in a team without auto
// assignment, the first 20 raced by 5 agents each, the rest claimed once.
func runClaim(ctx, cleanupCtx context.Context, f *fixture, m, agents, conc int) (*claimResult, error) {
	agents = max(agents, racers)
	if err := f.ensureAgents(ctx, agents); err != nil {
		return nil, err
	}
	pool := f.agents[:agents]
	teamID, err := f.newTeam(ctx, "claim", map[string]any{"auto_assignment": "none", "unresponsive_strategy": "none"})
	if err != nil {
		return nil, err
	}
	if err := f.join(ctx, teamID, pool); err != nil {
		return nil, err
	}
	r := &claimResult{TeamID: teamID, Chats: m, Agents: agents, RaceChats: min(raceChats, m), Racers: racers,
		Concurrency: conc, Goal: fmt.Sprintf("p99 claim < %d ms", goalClaimP99Ms)}

	logf("claim: opening %d waiting chats", m)
	var createErrs counter
	t0 := time.Now()
	ids := f.createChats(ctx, teamID, "claim", m, conc, nil, &createErrs)
	r.CreateSeconds, r.CreateErrors = seconds(time.Since(t0)), createErrs.total()

	var all, won, lost, raced, single latencies
	var errs counter
	var mu sync.Mutex
	winners := make([][]string, m)
	claim := func(ctx context.Context, i int, a *session) {
		t0 := time.Now()
		err := f.c.call(ctx, a, http.MethodPost, "/api/v1/chats/"+ids[i]+"/claim", nil, nil)
		d := time.Since(t0)
		mu.Lock()
		defer mu.Unlock()
		r.Requests++
		var ae *apiError
		phase := &single
		if i < r.RaceChats {
			phase = &raced
		}
		if err == nil || errors.As(err, &ae) && ae.Status == http.StatusConflict {
			phase.add(d)
		}
		switch {
		case err == nil:
			all.add(d)
			won.add(d)
			r.Wins++
			winners[i] = append(winners[i], a.userID)
		case errors.As(err, &ae) && ae.Status == http.StatusConflict:
			all.add(d)
			lost.add(d)
			r.Conflicts++
		default:
			errs.inc(errorKey(err))
		}
	}

	logf("claim: %d agents race for each of the first %d chats", racers, r.RaceChats)
	for i := 0; i < r.RaceChats && ctx.Err() == nil; i++ {
		if ids[i] == "" {
			continue
		}
		startRace := make(chan struct{})
		var wg sync.WaitGroup
		for k := range racers {
			a := pool[(i+k)%len(pool)]
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-startRace
				claim(ctx, i, a)
			}()
		}
		close(startRace)
		wg.Wait()
	}
	logf("claim: one agent claims each of the other %d chats (concurrency %d)", m-r.RaceChats, conc)
	rest := m - r.RaceChats
	t1 := time.Now()
	runPool(ctx, rest, conc, func(ctx context.Context, j int) {
		i := r.RaceChats + j
		if ids[i] != "" {
			claim(ctx, i, pool[i%len(pool)])
		}
	})
	r.SinglePerSec = rate(rest, time.Since(t1))
	r.Claims, r.Won, r.Lost, r.Errors = all.summary(), won.summary(), lost.summary(), errs.snapshot()
	r.Raced, r.Single = raced.summary(), single.summary()

	logf("claim: checking the projection of every chat")
	var checkErrs counter
	runPool(ctx, m, conc, func(ctx context.Context, i int) {
		if ids[i] == "" {
			return
		}
		ch, err := f.getChat(ctx, ids[i])
		mu.Lock()
		defer mu.Unlock()
		switch {
		case err != nil:
			checkErrs.inc(errorKey(err))
		case len(winners[i]) > 1:
			r.DoubleClaims++
		case len(winners[i]) == 0:
			r.Unclaimed++
		case ch.Status != "assigned" || ch.assignee() != winners[i][0]:
			r.ProjectionMismatch++
		}
	})
	for k, v := range checkErrs.snapshot() {
		r.Errors["check: "+k] += v
	}
	r.ChecksPassed = r.DoubleClaims == 0 && r.Unclaimed == 0 && r.ProjectionMismatch == 0 && checkErrs.total() == 0 && r.CreateErrors == 0
	r.GoalMet = r.Claims.N > 0 && r.Claims.P99 < goalClaimP99Ms
	logf("claim: ending the %d chats", m)
	cleanup := f.endChats(cleanupCtx, ids, conc, "claim")
	r.Cleanup = &cleanup
	return r, nil
}
