package chats

import (
	"context"
	"sync"
	"time"

	"livechat/store/db"
)

// Messages are stored in groups ("group commit"). Every transaction that
// writes events commits in turn: the organisation's event numbers and
// PostgreSQL's NOTIFY both serialise commits (decision 31), so one commit
// per message caps a busy API at one WAL flush per message. Instead, the
// sends that arrive while a group is being written queue up, and the next
// transaction stores them all (decision 34).
const (
	// maxGroup is the most messages one transaction stores.
	maxGroup = 64
	// maxWriters is how many groups are written at once (each on its own
	// connection; their commits still take turns).
	maxWriters = 4
	// groupTimeout bounds one group's transaction.
	groupTimeout = 10 * time.Second
)

// messageGroup queues sends for the writers of the moment. There is no
// background goroutine: a sender who finds fewer than maxWriters writing
// writes, group after group, until its own message is stored, then hands
// its place to the oldest sender still waiting.
type messageGroup struct {
	mu      sync.Mutex
	queue   []*queuedMessage
	writing int
}

// queuedMessage is one send waiting in a group and, once done is closed,
// its outcome.
type queuedMessage struct {
	ctx  context.Context
	m    NewMessage
	done chan struct{}
	// lead is closed when this sender is to take over a writer's place;
	// leading records it (under the group's mutex).
	lead    chan struct{}
	leading bool

	msg                db.Message
	created, signalled bool
	err                error
}

// store queues m and returns once a group holding it has been written.
func (g *messageGroup) store(ctx context.Context, m NewMessage, write func(context.Context, []*queuedMessage)) *queuedMessage {
	p := &queuedMessage{ctx: ctx, m: m, done: make(chan struct{}), lead: make(chan struct{})}
	g.mu.Lock()
	g.queue = append(g.queue, p)
	if g.writing >= maxWriters {
		g.mu.Unlock()
		select {
		case <-p.done:
			// Written by another writer. A place given meanwhile (before a
			// writer took the message from the queue) goes on to the next.
			g.mu.Lock()
			led := p.leading
			g.mu.Unlock()
			if led {
				g.handOver()
			}
			return p
		case <-p.lead:
		}
	} else {
		g.writing++
		g.mu.Unlock()
	}
	for {
		g.mu.Lock()
		n := min(len(g.queue), maxGroup)
		group := make([]*queuedMessage, n)
		copy(group, g.queue)
		g.queue = g.queue[n:]
		g.mu.Unlock()
		if n == 0 {
			<-p.done // another writer has it
			break
		}
		write(ctx, group)
		select {
		case <-p.done:
		default:
			continue // another writer has it, or more than a group was ahead
		}
		break
	}
	g.handOver()
	return p
}

// handOver gives a finishing writer's place to the oldest waiting sender
// that has none, or frees it.
func (g *messageGroup) handOver() {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, q := range g.queue {
		if !q.leading {
			q.leading = true
			close(q.lead)
			return
		}
	}
	g.writing--
}
