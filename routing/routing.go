// Package routing makes the cross-chat decisions of Livechat in PostgreSQL:
// which waiting chat goes to which available agent (round robin, round robin
// by contact, capacity, agent schedules, offers), atomically and first come
// first served per team. Chat workflows call it through activities; the API
// wakes it when an agent comes online.
package routing

import (
	"time"

	"github.com/google/uuid"

	"livechat/store"
)

// Auto-assignment strategies of a team.
const (
	StrategyNone                = "none"
	StrategyRoundRobin          = "round_robin"
	StrategyRoundRobinByContact = "round_robin_by_contact"
)

// dispatchBatch bounds how many waiting chats one dispatch considers.
const dispatchBatch = 500

// Dispatcher assigns waiting chats to agents.
type Dispatcher struct {
	Store *store.Store
	// Now is the clock for agent schedules; time.Now when nil.
	Now func() time.Time
}

// Assignment is a chat the dispatcher gave to an agent, waiting for the
// chat's workflow to take it in.
type Assignment struct {
	ChatID  uuid.UUID `json:"chat_id"`
	AgentID uuid.UUID `json:"agent_id"`
	// Offered is true when the team uses offers: the agent must accept.
	Offered bool `json:"offered"`
}

func (d *Dispatcher) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}
