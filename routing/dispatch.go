package routing

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"

	"livechat/store/db"
)

// candidate is an online team member who may take chats.
type candidate struct {
	id           uuid.UUID
	active       int
	lastAssigned time.Time // zero = never
	available    bool      // inside their own schedule
}

// DispatchTeam gives the team's oldest dispatchable waiting chats to
// available agents, in one transaction: the team row is locked (one dispatch
// per team at a time) and the agents' membership rows too (teams sharing an
// agent never overcommit them). An agent is available when online, inside
// their own schedule and below the team's capacity.
//
// It returns the assignments to deliver: the ones it made, plus earlier ones
// no workflow has taken in — all of them when resendAll (a retry, whose
// first attempt may have committed without signalling), else only those
// older than a few seconds. So every decision reaches its chat, without
// signalling a chat again on every dispatch of a busy team.
func (d *Dispatcher) DispatchTeam(ctx context.Context, orgID, teamID uuid.UUID, resendAll bool) ([]Assignment, error) {
	var out []Assignment
	err := d.Store.InTx(ctx, func(q *db.Queries) error {
		team, err := q.LockTeamForDispatch(ctx, db.LockTeamForDispatchParams{OrgID: orgID, ID: teamID})
		if err != nil {
			return fmt.Errorf("routing: lock team %s: %w", teamID, err)
		}
		if team.AutoAssignment != StrategyNone {
			if out, err = d.assignQueue(ctx, q, team); err != nil {
				return err
			}
		}
		rows, err := q.PendingAssignments(ctx, db.PendingAssignmentsParams{TeamID: teamID, IncludeRecent: resendAll})
		if err != nil {
			return fmt.Errorf("routing: pending assignments: %w", err)
		}
		made := map[uuid.UUID]bool{}
		for _, a := range out {
			made[a.ChatID] = true
		}
		for _, r := range rows {
			if !made[r.ID] {
				out = append(out, Assignment{ChatID: r.ID, AgentID: r.AgentID, Offered: r.Status == "offered"})
			}
		}
		return nil
	})
	return out, err
}

// assignQueue pairs the queue with free agents and returns what it assigned.
func (d *Dispatcher) assignQueue(ctx context.Context, q *db.Queries, team db.Team) ([]Assignment, error) {
	chats, err := q.DispatchableChats(ctx, db.DispatchableChatsParams{TeamID: team.ID, Limit: dispatchBatch})
	if err != nil {
		return nil, fmt.Errorf("routing: queue: %w", err)
	}
	if len(chats) == 0 {
		return nil, nil
	}
	agents, err := d.candidates(ctx, q, team)
	if err != nil || len(agents) == 0 {
		return nil, err
	}
	previous := map[uuid.UUID]uuid.UUID{}
	if team.AutoAssignment == StrategyRoundRobinByContact {
		contacts := make([]uuid.UUID, len(chats))
		for i, c := range chats {
			contacts[i] = c.ContactID
		}
		rows, err := q.PreviousAgentsOfContacts(ctx, db.PreviousAgentsOfContactsParams{OrgID: team.OrgID, ContactIds: contacts})
		if err != nil {
			return nil, fmt.Errorf("routing: previous agents: %w", err)
		}
		for _, r := range rows {
			previous[r.ContactID] = r.AgentID
		}
	}
	status := "assigned"
	if team.OfferEnabled {
		status = "offered"
	}
	now := d.now()
	var made []Assignment
	for _, chat := range chats {
		agent := pick(agents, int(team.Capacity), chat.ExcludedAgentIds, previous[chat.ContactID])
		if agent == nil {
			// Nobody can take the oldest chat, so nobody can take a younger
			// one either (first come, first served).
			return made, nil
		}
		if err := q.DispatchAssign(ctx, db.DispatchAssignParams{Status: status, AgentID: &agent.id, ChatID: chat.ID}); err != nil {
			return nil, fmt.Errorf("routing: assign %s: %w", chat.ID, err)
		}
		if err := q.TouchTeamMemberAssigned(ctx, db.TouchTeamMemberAssignedParams{TeamID: team.ID, UserID: agent.id}); err != nil {
			return nil, fmt.Errorf("routing: touch agent: %w", err)
		}
		agent.active++
		agent.lastAssigned = now
		made = append(made, Assignment{ChatID: chat.ID, AgentID: agent.id, Offered: team.OfferEnabled})
	}
	return made, nil
}

// candidates locks and loads the team's online agents with their active chat
// counts and whether their own schedule has them working now.
func (d *Dispatcher) candidates(ctx context.Context, q *db.Queries, team db.Team) ([]*candidate, error) {
	rows, err := q.LockOnlineTeamAgents(ctx, team.ID)
	if err != nil {
		return nil, fmt.Errorf("routing: online agents: %w", err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	ids := make([]uuid.UUID, len(rows))
	var scheduleIDs []uuid.UUID
	for i, r := range rows {
		ids[i] = r.UserID
		if r.ScheduleID != nil {
			scheduleIDs = append(scheduleIDs, *r.ScheduleID)
		}
	}
	schedules, err := LoadSchedules(ctx, q, scheduleIDs)
	if err != nil {
		return nil, err
	}
	counts, err := q.ActiveChatCounts(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("routing: active chats: %w", err)
	}
	active := map[uuid.UUID]int{}
	for _, c := range counts {
		active[c.AgentID] = int(c.Active)
	}
	now := d.now()
	out := make([]*candidate, len(rows))
	for i, r := range rows {
		c := &candidate{id: r.UserID, active: active[r.UserID], available: true}
		if r.LastAssignedAt != nil {
			c.lastAssigned = *r.LastAssignedAt
		}
		if r.ScheduleID != nil {
			c.available = schedules[*r.ScheduleID].OpenAt(now)
		}
		out[i] = c
	}
	return out, nil
}

// pick chooses the agent for one chat: the contact's previous agent when
// given and free, else the free agent least recently assigned a chat. Agents
// the chat excludes are chosen only when no other agent is free.
func pick(agents []*candidate, capacity int, excluded []uuid.UUID, previous uuid.UUID) *candidate {
	free := func(c *candidate) bool { return c.available && c.active < capacity }
	if previous != uuid.Nil && !slices.Contains(excluded, previous) {
		for _, a := range agents {
			if a.id == previous && free(a) {
				return a
			}
		}
	}
	var best, fallback *candidate
	for _, a := range agents {
		if !free(a) {
			continue
		}
		if slices.Contains(excluded, a.id) {
			if fallback == nil || lessRecent(a, fallback) {
				fallback = a
			}
			continue
		}
		if best == nil || lessRecent(a, best) {
			best = a
		}
	}
	if best != nil {
		return best
	}
	return fallback
}

// lessRecent orders agents for round robin: never assigned first, then the
// longest ago, ties broken by id so the choice is stable.
func lessRecent(a, b *candidate) bool {
	if !a.lastAssigned.Equal(b.lastAssigned) {
		return a.lastAssigned.Before(b.lastAssigned)
	}
	return a.id.String() < b.id.String()
}
