package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"sync"
	"time"
)

// racers is how many agents claim every chat of the claim race at once.
const racers = 5

type claimResult struct {
	TeamID string `json:"team_id"`
	Chats  int    `json:"chats"`
	Agents int    `json:"agents"`
	// Every chat is raced: its Racers claims are fired together (released by
	// one barrier), one chat after another, so each agent claims all of them.
	RaceChats   int `json:"race_chats"`
	Racers      int `json:"racers_per_race_chat"`
	Concurrency int `json:"concurrency"` // opening the chats and the checks
	// Claims: every POST /chats/{id}/claim answered 200 or 409; Won: the
	// 200s; Lost: the 409s.
	Claims latencySummary `json:"claim"`
	Won    latencySummary `json:"claim_won"`
	Lost   latencySummary `json:"claim_conflict"`
	// Raced is Claims (every claim is raced); Single and SinglePerSec are
	// no longer measured (kept for the report until it is updated).
	Raced        latencySummary `json:"claim_raced"`
	Single       latencySummary `json:"-"`
	SinglePerSec float64        `json:"-"`
	// RaceSeconds: the whole race (all chats); ClaimsPerSec over it.
	RaceSeconds  float64        `json:"race_seconds"`
	ClaimsPerSec float64        `json:"claims_per_sec"`
	Requests     int            `json:"requests"`
	Wins         int            `json:"wins"`
	Conflicts    int            `json:"conflicts_409"`
	Errors       map[string]int `json:"errors,omitempty"`
	// WinnersPerChat: how many chats had 0, 1, 2 … winners (200s); every
	// chat must have exactly one.
	WinnersPerChat map[string]int `json:"winners_per_chat"`
	// Checks after the race: DoubleClaims (chats won more than once) must
	// be 0; ProjectionMismatch: GET /chats/{id} is not assigned to the
	// winner; DatabaseMismatch (with -database-url): the stored row is not.
	DoubleClaims       int        `json:"double_claims"`
	Unclaimed          int        `json:"unclaimed"`
	ProjectionMismatch int        `json:"projection_mismatch"`
	DatabaseMismatch   *int       `json:"database_mismatch,omitempty"`
	ChecksPassed       bool       `json:"checks_passed"`
	CreateSeconds      float64    `json:"create_waiting_chats_seconds"`
	CreateErrors       int        `json:"create_errors"`
	Cleanup            *endResult `json:"cleanup,omitempty"`
	Goal               string     `json:"goal"`
	GoalMet            bool       `json:"goal_met"`
}

// runClaim measures the claim race: m waiting chats in a team without auto
// assignment, and 5 agents who each claim every one of them, the 5 claims of
// a chat fired together. agents is not used: the race has 5 agents.
func runClaim(ctx, cleanupCtx context.Context, f *fixture, m, _, conc int) (*claimResult, error) {
	if err := f.ensureAgents(ctx, racers); err != nil {
		return nil, err
	}
	pool := f.agents[:racers]
	teamID, err := f.newTeam(ctx, "claim", map[string]any{"auto_assignment": "none", "unresponsive_strategy": "none"})
	if err != nil {
		return nil, err
	}
	if err := f.join(ctx, teamID, pool); err != nil {
		return nil, err
	}
	r := &claimResult{TeamID: teamID, Chats: m, Agents: racers, RaceChats: m, Racers: racers,
		Concurrency: conc, Goal: fmt.Sprintf("p99 claim < %d ms", goalClaimP99Ms)}

	logf("claim: opening %d waiting chats", m)
	var createErrs counter
	t0 := time.Now()
	ids := f.createChats(ctx, teamID, "claim", m, conc, nil, &createErrs)
	r.CreateSeconds, r.CreateErrors = seconds(time.Since(t0)), createErrs.total()

	var all, won, lost latencies
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

	logf("claim: %d agents claim each of the %d chats at once", racers, m)
	t1 := time.Now()
	for i := 0; i < m && ctx.Err() == nil; i++ {
		if ids[i] == "" {
			continue
		}
		race(racers, func(k int) { claim(ctx, i, pool[k]) })
	}
	d := time.Since(t1)
	r.RaceSeconds, r.ClaimsPerSec = seconds(d), rate(r.Requests, d)
	r.Claims, r.Won, r.Lost, r.Errors = all.summary(), won.summary(), lost.summary(), errs.snapshot()
	r.Raced = r.Claims
	r.WinnersPerChat = winnerCounts(ids, winners)

	logf("claim: checking every chat")
	stored := map[string]string{}
	if f.db != nil {
		var err error
		if stored, err = storedAssignees(ctx, f, teamID); err != nil {
			logf("claim: reading the stored assignees: %v", err)
			errs.inc("check database: " + errorKey(err))
			stored = nil
		} else {
			r.DatabaseMismatch = new(int)
		}
	}
	var checkErrs counter
	runPool(ctx, m, conc, func(ctx context.Context, i int) {
		if ids[i] == "" {
			return
		}
		ch, err := f.getChat(ctx, ids[i])
		mu.Lock()
		defer mu.Unlock()
		if r.DatabaseMismatch != nil && len(winners[i]) == 1 && stored[ids[i]] != winners[i][0] {
			*r.DatabaseMismatch++
		}
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
	r.Errors = errs.snapshot()
	for k, v := range checkErrs.snapshot() {
		r.Errors["check: "+k] += v
	}
	r.ChecksPassed = r.DoubleClaims == 0 && r.Unclaimed == 0 && r.ProjectionMismatch == 0 &&
		(r.DatabaseMismatch == nil || *r.DatabaseMismatch == 0) && checkErrs.total() == 0 && r.CreateErrors == 0
	r.GoalMet = r.Claims.N > 0 && r.Claims.P99 < goalClaimP99Ms
	logf("claim: ending the %d chats", m)
	cleanup := f.endChats(cleanupCtx, ids, conc, "claim")
	r.Cleanup = &cleanup
	return r, nil
}

// race runs fn(0) … fn(n-1) on n goroutines released together, and returns
// when all are done.
func race(n int, fn func(k int)) {
	start := make(chan struct{})
	var ready, done sync.WaitGroup
	for k := range n {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			ready.Done()
			<-start
			fn(k)
		}()
	}
	ready.Wait()
	close(start)
	done.Wait()
}

// winnerCounts is how many chats had 0, 1, 2 … winners ("0", "1", "2" …),
// over the chats that were opened.
func winnerCounts(ids []string, winners [][]string) map[string]int {
	out := map[string]int{}
	for i, id := range ids {
		if id != "" {
			out[strconv.Itoa(len(winners[i]))]++
		}
	}
	return out
}

// storedAssignees reads each chat's stored assignee in the team.
func storedAssignees(ctx context.Context, f *fixture, teamID string) (map[string]string, error) {
	rows, err := f.db.Query(ctx, `SELECT id::text, COALESCE(assignee_id::text, '') FROM chats
		WHERE org_id = (SELECT org_id FROM teams WHERE id = $1) AND team_id = $1`, teamID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, a string
		if err := rows.Scan(&id, &a); err != nil {
			return nil, err
		}
		out[id] = a
	}
	return out, rows.Err()
}

// winnerKeys lists a WinnersPerChat map in order, for the summary.
func winnerKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, _ := strconv.Atoi(keys[i])
		b, _ := strconv.Atoi(keys[j])
		return a < b
	})
	return keys
}
