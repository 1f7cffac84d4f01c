package realtime

import (
	"context"
	"fmt"
	"log/slog"
	"sync"

	"github.com/google/uuid"

	"livechat/store"
	"livechat/store/db"
)

const (
	// MaxReplay is the most events a reconnecting socket is replayed; past
	// it the client reloads over HTTP (resync_required).
	MaxReplay = 1000
	// pageSize is the number of events read per catch-up query.
	pageSize = 500
	// outBuffer is the number of frames a socket may lag behind before it
	// is closed (it reconnects and catches up from its last seq).
	outBuffer = 1024
	// maxPending is the number of live events kept for a socket while it
	// catches up.
	maxPending = 10000
)

// Hub routes the organisation streams to the subscribed sockets of this
// API replica. Publish, PublishTyping and Resync are called by the
// Listener, one at a time; Subscribe and Unsubscribe by socket handlers.
type Hub struct {
	store *store.Store
	log   *slog.Logger

	mu   sync.Mutex
	orgs map[uuid.UUID]*orgStream
}

// orgStream is one organisation's subscribers and the last sequence number
// the hub handed on.
type orgStream struct {
	subs    map[*Subscriber]struct{}
	lastSeq int64
	// Sockets that only ever see one contact's events (visitors), by
	// contact; the others (agents) are every other member of subs. An event
	// is offered to the agents and to its contact's sockets only.
	byContact map[uuid.UUID]map[*Subscriber]struct{}
	others    map[*Subscriber]struct{}
}

// contactScoped is a Filter that passes only one contact's events and
// typing indicators.
type contactScoped interface {
	contact() uuid.UUID
}

func (st *orgStream) add(sub *Subscriber) {
	st.subs[sub] = struct{}{}
	c, ok := sub.Filter.(contactScoped)
	if !ok {
		st.others[sub] = struct{}{}
		return
	}
	set := st.byContact[c.contact()]
	if set == nil {
		set = map[*Subscriber]struct{}{}
		st.byContact[c.contact()] = set
	}
	set[sub] = struct{}{}
}

func (st *orgStream) remove(sub *Subscriber) {
	delete(st.subs, sub)
	delete(st.others, sub)
	if c, ok := sub.Filter.(contactScoped); ok {
		if set := st.byContact[c.contact()]; set != nil {
			delete(set, sub)
			if len(set) == 0 {
				delete(st.byContact, c.contact())
			}
		}
	}
}

// each calls fn for the subscribers that may see something of a contact's
// chat (contactID nil: of no contact).
func (st *orgStream) each(contactID *uuid.UUID, fn func(*Subscriber)) {
	for sub := range st.others {
		fn(sub)
	}
	if contactID != nil {
		for sub := range st.byContact[*contactID] {
			fn(sub)
		}
	}
}

// NewHub makes a hub reading missed events from st.
func NewHub(st *store.Store, log *slog.Logger) *Hub {
	return &Hub{store: st, log: log, orgs: map[uuid.UUID]*orgStream{}}
}

// Subscriber is one socket's place in its organisation's stream.
type Subscriber struct {
	OrgID  uuid.UUID
	Filter Filter

	out    chan Outgoing
	done   chan struct{}
	closed sync.Once
	reason string

	// Guarded by the hub's mutex.
	catching bool
	pending  []*Event
	lastSeq  int64
}

// NewSubscriber makes a subscriber of an organisation's stream.
func NewSubscriber(orgID uuid.UUID, f Filter) *Subscriber {
	return &Subscriber{OrgID: orgID, Filter: f, out: make(chan Outgoing, outBuffer), done: make(chan struct{})}
}

// Out is the subscriber's frames, in order.
func (s *Subscriber) Out() <-chan Outgoing { return s.out }

// Done is closed when the hub gives up on the subscriber (it lags too far
// behind); the socket should close and the client reconnect.
func (s *Subscriber) Done() <-chan struct{} { return s.done }

// Reason says why Done was closed.
func (s *Subscriber) Reason() string {
	<-s.done
	return s.reason
}

// Send queues a frame of the socket's own (ack, error, pong); false when
// the socket lags too far behind.
func (s *Subscriber) Send(frame []byte) bool { return s.push(Outgoing{Frame: frame}) }

func (s *Subscriber) push(o Outgoing) bool {
	select {
	case s.out <- o:
		return true
	default:
		s.fail("the connection fell behind; reconnect to catch up")
		return false
	}
}

func (s *Subscriber) fail(reason string) {
	s.closed.Do(func() {
		s.reason = reason
		close(s.done)
	})
}

// offer hands a live event to the subscriber; the hub's mutex is held.
func (s *Subscriber) offer(ev *Event) {
	if s.catching {
		if len(s.pending) >= maxPending {
			s.fail("too many events while catching up; reconnect")
			return
		}
		s.pending = append(s.pending, ev)
		return
	}
	s.deliver(ev)
}

// deliver sends an event past the subscriber's position; the hub's mutex
// is held (or the subscriber is not yet live).
func (s *Subscriber) deliver(ev *Event) {
	if ev.Seq <= s.lastSeq {
		return
	}
	s.lastSeq = ev.Seq
	if o, ok := s.Filter.Event(ev); ok {
		s.push(o)
	}
}

type readyFrame struct {
	Type    string `json:"type"`
	LastSeq int64  `json:"last_seq"`
}

// Subscribe adds a socket to its organisation's stream. With after, the
// events after that sequence number are sent first, in order, then the
// live ones; without, the socket starts live. A ready frame marks the
// switch. Past MaxReplay events the client is told to resync instead.
//
// The socket is registered (collecting live events) before PostgreSQL is
// read, so an event committed meanwhile is either read or collected; the
// subscriber's position drops the ones that are both.
func (h *Hub) Subscribe(ctx context.Context, sub *Subscriber, after *int64) error {
	known, err := h.store.LastEventSeq(ctx, sub.OrgID)
	if err != nil {
		return fmt.Errorf("realtime: last seq: %w", err)
	}
	h.mu.Lock()
	st := h.orgs[sub.OrgID]
	if st == nil {
		// Events after known that the listener already passed on are read
		// back by Publish's gap check.
		st = &orgStream{subs: map[*Subscriber]struct{}{}, lastSeq: known,
			byContact: map[uuid.UUID]map[*Subscriber]struct{}{}, others: map[*Subscriber]struct{}{}}
		h.orgs[sub.OrgID] = st
	}
	sub.catching = true
	st.add(sub)
	h.mu.Unlock()

	err = h.start(ctx, sub, after)
	if err != nil {
		h.Unsubscribe(sub)
		return err
	}
	h.mu.Lock()
	for _, ev := range sub.pending {
		sub.deliver(ev)
	}
	sub.pending, sub.catching = nil, false
	sub.push(Outgoing{Frame: ControlFrame(readyFrame{Type: "ready", LastSeq: sub.lastSeq})})
	h.mu.Unlock()
	return nil
}

// start sets a registered subscriber's position: after the replayed
// backlog, or at the organisation's latest event for a live start.
func (h *Hub) start(ctx context.Context, sub *Subscriber, after *int64) error {
	if after == nil {
		now, err := h.store.LastEventSeq(ctx, sub.OrgID)
		if err != nil {
			return fmt.Errorf("realtime: last seq: %w", err)
		}
		sub.lastSeq = now
		return nil
	}
	sub.lastSeq = *after
	return h.catchUp(ctx, sub)
}

// catchUp replays the stored events after the subscriber's position.
func (h *Hub) catchUp(ctx context.Context, sub *Subscriber) error {
	replayed := 0
	for {
		rows, err := sub.Filter.Backlog(ctx, h.store.Queries, sub.OrgID, sub.lastSeq, pageSize)
		if err != nil {
			return fmt.Errorf("realtime: catch up: %w", err)
		}
		for _, r := range rows {
			ev := FromRow(r)
			sub.deliver(&ev)
		}
		replayed += len(rows)
		if len(rows) < pageSize {
			return nil
		}
		if replayed >= MaxReplay {
			now, err := h.store.LastEventSeq(ctx, sub.OrgID)
			if err != nil {
				return fmt.Errorf("realtime: last seq: %w", err)
			}
			sub.lastSeq = now
			sub.push(Outgoing{Frame: ControlFrame(map[string]string{"type": "resync_required"})})
			return nil
		}
	}
}

// Unsubscribe removes a socket.
func (h *Hub) Unsubscribe(sub *Subscriber) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if st := h.orgs[sub.OrgID]; st != nil {
		st.remove(sub)
		if len(st.subs) == 0 {
			delete(h.orgs, sub.OrgID)
		}
	}
}

// Publish hands on an event from the Listener. A truncated notification is
// read back; events the hub missed before it (a lost notification) are
// read from PostgreSQL first, so subscribers see the stream in order.
func (h *Hub) Publish(ctx context.Context, ev Event) {
	h.mu.Lock()
	st := h.orgs[ev.OrgID]
	last := int64(-1)
	if st != nil {
		last = st.lastSeq
	}
	h.mu.Unlock()
	if last < 0 || ev.Seq <= last {
		return
	}
	if ev.Seq > last+1 || ev.Truncated {
		h.replay(ctx, ev.OrgID, last, ev.Seq)
		return
	}
	h.hand(&ev)
}

// replay reads and hands on an organisation's events after `after`, up to
// `upTo` (0 = all there are).
func (h *Hub) replay(ctx context.Context, orgID uuid.UUID, after, upTo int64) {
	for {
		rows, err := h.store.EventsAfter(ctx, db.EventsAfterParams{OrgID: orgID, Seq: after, Limit: pageSize})
		if err != nil {
			h.log.Warn("realtime: read missed events", "org_id", orgID, "error", err)
			return
		}
		for _, r := range rows {
			if upTo > 0 && r.Seq > upTo {
				return
			}
			ev := FromRow(r)
			h.hand(&ev)
			after = r.Seq
		}
		if len(rows) < pageSize {
			return
		}
	}
}

// hand gives an event to the organisation's subscribers.
func (h *Hub) hand(ev *Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	st := h.orgs[ev.OrgID]
	if st == nil || ev.Seq <= st.lastSeq {
		return
	}
	st.lastSeq = ev.Seq
	st.each(ev.ContactID, func(sub *Subscriber) { sub.offer(ev) })
}

// PublishTyping hands a typing indicator to the live subscribers that may
// see it.
func (h *Hub) PublishTyping(t Typing) {
	h.mu.Lock()
	defer h.mu.Unlock()
	st := h.orgs[t.OrgID]
	if st == nil {
		return
	}
	st.each(&t.ContactID, func(sub *Subscriber) {
		if sub.catching {
			return
		}
		if frame, ok := sub.Filter.Typing(&t); ok {
			sub.push(Outgoing{Frame: frame})
		}
	})
}

// Resync reads every event the hub may have missed while the Listener was
// disconnected.
func (h *Hub) Resync(ctx context.Context) {
	h.mu.Lock()
	marks := make(map[uuid.UUID]int64, len(h.orgs))
	for id, st := range h.orgs {
		marks[id] = st.lastSeq
	}
	h.mu.Unlock()
	for id, last := range marks {
		h.replay(ctx, id, last, 0)
	}
}
