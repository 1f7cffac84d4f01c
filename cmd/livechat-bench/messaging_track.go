package main

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// direction of a message: visitor → agent or agent → visitor.
type direction int

const (
	toAgent direction = iota
	toVisitor
)

func (d direction) String() string {
	if d == toAgent {
		return "visitor → agent"
	}
	return "agent → visitor"
}

// bodyPrefix starts every message body the bench sends: "lcb <id> t=<unix ns>".
const bodyPrefix = "lcb "

func messageBody(id string, at time.Time) string {
	return fmt.Sprintf("%s%s t=%d", bodyPrefix, id, at.UnixNano())
}

// benchID reads the bench's id out of a message body ("" when the message
// is not one of the bench's measured messages).
func benchID(body string) string {
	rest, ok := strings.CutPrefix(body, bodyPrefix)
	if !ok {
		return ""
	}
	id, _, _ := strings.Cut(rest, " ")
	return id
}

// recState is where a sent message stands with its sender.
type recState int

const (
	stSent        recState = iota // written, no answer yet
	stAcked                       // the server stored it (ack)
	stRefused                     // the server answered with an error frame
	stWriteFailed                 // the frame could not be written
)

// msgRecord is one measured message.
type msgRecord struct {
	dir      direction
	want     string // the receiving socket it must reach
	sent     time.Time
	state    recState
	ackAfter time.Duration
	serverID string // the stored message's id (from the ack or the first receipt)
	recv     int    // receipts on the receiving socket
	latency  time.Duration
	recvAt   time.Time
	// otherIDs counts receipts carrying a different stored message id than
	// the first: the message was stored twice.
	otherIDs int
	wrong    int // receipts on another socket of the receiving side
}

// tracker follows every measured message from send to receipt; lost and
// duplicated are judged by message id at the end.
type tracker struct {
	mu    sync.Mutex
	start time.Time
	recs  map[string]*msgRecord
	// perSecond counts first receipts by whole seconds since start.
	perSecond []int
	// unknown counts receipts of bench messages the tracker never sent
	// (another run's, or a corrupted body).
	unknown int
	// now is the clock of send times (tests fix it).
	now func() time.Time
}

func newTracker(start time.Time) *tracker {
	return &tracker{start: start, recs: map[string]*msgRecord{}, now: time.Now}
}

// restart sets the time per-second counts start from.
func (t *tracker) restart(start time.Time) {
	t.mu.Lock()
	t.start = start
	t.mu.Unlock()
}

// sending records a message about to be written; its send time is now.
func (t *tracker) sending(id string, d direction, want string) {
	t.mu.Lock()
	t.recs[id] = &msgRecord{dir: d, want: want, sent: t.now()}
	t.mu.Unlock()
}

func (t *tracker) writeFailed(id string) {
	t.mu.Lock()
	if r := t.recs[id]; r != nil && r.state == stSent {
		r.state = stWriteFailed
	}
	t.mu.Unlock()
}

func (t *tracker) acked(id, serverID string, at time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	r := t.recs[id]
	if r == nil {
		return
	}
	r.state, r.ackAfter = stAcked, at.Sub(r.sent)
	if r.serverID == "" {
		r.serverID = serverID
	}
}

func (t *tracker) refused(id string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	r := t.recs[id]
	if r == nil {
		return false
	}
	r.state = stRefused
	return true
}

// received records a message.created of a bench message on receiver's socket.
func (t *tracker) received(id, serverID, receiver string, at time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	r := t.recs[id]
	if r == nil {
		t.unknown++
		return
	}
	if receiver != r.want {
		r.wrong++
		return
	}
	r.recv++
	if r.recv == 1 {
		r.latency, r.recvAt = at.Sub(r.sent), at
		if r.serverID == "" {
			r.serverID = serverID
		}
		if sec := int(at.Sub(t.start) / time.Second); sec >= 0 {
			for len(t.perSecond) <= sec {
				t.perSecond = append(t.perSecond, 0)
			}
			t.perSecond[sec]++
		}
	}
	if serverID != r.serverID {
		r.otherIDs++
	}
}

// outstanding counts messages that may still arrive: stored or unanswered,
// not yet received.
func (t *tracker) outstanding() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := 0
	for _, r := range t.recs {
		if r.recv == 0 && (r.state == stAcked || r.state == stSent) {
			n++
		}
	}
	return n
}

// dirResult is what one direction measured.
type dirResult struct {
	Sent int `json:"sent"` // frames written
	// Stored: acknowledged by the server; Refused: answered with an error
	// frame; Unanswered: neither (the socket dropped); WriteFailed: the
	// frame could not be written.
	Stored      int `json:"stored"`
	Refused     int `json:"refused"`
	Unanswered  int `json:"unanswered"`
	WriteFailed int `json:"write_failed"`
	Delivered   int `json:"delivered"` // received at least once by the right socket
	// Lost: stored but never received by the other side's socket.
	Lost int `json:"lost"`
	// Duplicated: received more than once; StoredTwice: receipts carried
	// two different message ids (the idempotency key did not hold).
	Duplicated  int `json:"duplicated"`
	StoredTwice int `json:"stored_twice"`
	// ElsewhereReceipts: receipts on a socket of the same side other than
	// the chat's (another agent seeing the chat).
	ElsewhereReceipts int `json:"elsewhere_receipts"`
	// Latency: from writing the send frame to the message.created frame on
	// the receiving socket. Ack: from writing to the sender's ack.
	Latency latencySummary `json:"delivery_latency"`
	Ack     latencySummary `json:"ack_latency"`
	// AfterAck: receipt minus ack (0 when the receipt came first): how
	// long the push to the other side takes once the message is stored, as
	// opposed to storing it.
	AfterAck latencySummary `json:"delivery_after_ack"`
}

// result summarises one direction.
func (t *tracker) result(d direction) dirResult {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out dirResult
	var lat, ack, after []time.Duration
	for _, r := range t.recs {
		if r.dir != d {
			continue
		}
		out.Sent++
		switch r.state {
		case stAcked:
			out.Stored++
			ack = append(ack, r.ackAfter)
		case stRefused:
			out.Refused++
		case stWriteFailed:
			out.WriteFailed++
		default:
			out.Unanswered++
		}
		if r.recv > 0 {
			out.Delivered++
			lat = append(lat, r.latency)
			if r.state == stAcked {
				after = append(after, max(0, r.latency-r.ackAfter))
			}
		} else if r.state == stAcked {
			out.Lost++
		}
		if r.recv > 1 {
			out.Duplicated++
		}
		if r.otherIDs > 0 {
			out.StoredTwice++
		}
		out.ElsewhereReceipts += r.wrong
	}
	out.Latency, out.Ack, out.AfterAck = summarize(lat), summarize(ack), summarize(after)
	return out
}

// deliveriesPerSecond is the count of first receipts in each whole second
// of [0, secs).
func (t *tracker) deliveriesPerSecond(secs int) []int {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]int, secs)
	copy(out, t.perSecond)
	return out
}

// spread is the minimum, median and maximum of per-second counts.
func spread(perSec []int) (lo, med, hi int) {
	if len(perSec) == 0 {
		return 0, 0, 0
	}
	s := slices.Clone(perSec)
	slices.Sort(s)
	return s[0], s[len(s)/2], s[len(s)-1]
}
