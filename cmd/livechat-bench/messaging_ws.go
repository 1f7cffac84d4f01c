package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fasthttp/websocket"
)

// inFrame is any frame the server sends (docs/realtime.md); data is decoded
// only for the frames the bench reads.
type inFrame struct {
	Type    string          `json:"type"`
	Seq     int64           `json:"seq"`
	Ref     string          `json:"ref"`
	ChatID  string          `json:"chat_id"`
	Data    json.RawMessage `json:"data"`
	LastSeq int64           `json:"last_seq"`
	Error   *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// frameData is the part of an event's or ack's data the bench reads.
type frameData struct {
	Status  string       `json:"status"`  // chat.updated
	Message *wireMessage `json:"message"` // message.created, a send's ack
}

type wireMessage struct {
	ID         string `json:"id"`
	ChatID     string `json:"chat_id"`
	SenderKind string `json:"sender_kind"`
	Body       string `json:"body"`
}

func (f *inFrame) data() (frameData, error) {
	var d frameData
	err := json.Unmarshal(f.Data, &d)
	return d, err
}

// sendFrame is a client's send frame.
type sendFrame struct {
	Type           string `json:"type"`
	Ref            string `json:"ref"`
	ChatID         string `json:"chat_id,omitempty"`
	Body           string `json:"body"`
	IdempotencyKey string `json:"idempotency_key"`
}

// socketStats are counted across every socket of a run.
type socketStats struct {
	frames     atomic.Int64 // frames received
	drops      atomic.Int64 // sockets closed by the server or the network while measuring
	reconnects atomic.Int64 // successful reconnections with ?after=
	lost       atomic.Int64 // sockets that could not reconnect
	reasons    counter      // why sockets dropped
}

// Reconnection after a drop: attempts with a doubling pause, about 30 s in
// all (long enough for an API restart).
const (
	maxReconnects  = 10
	reconnectFirst = 200 * time.Millisecond
	reconnectMax   = 5 * time.Second
)

// socket is one WebSocket of the bench (an agent console or a widget). A
// single goroutine reads it; writes are serialised by wmu. When it drops
// while the run measures, it reconnects with ?after=<last seq seen>, as a
// real client does, so the server's catch-up is part of what is checked.
type socket struct {
	name    string
	dial    func(ctx context.Context, after int64) (*websocket.Conn, error)
	onFrame func(f *inFrame, at time.Time)
	stats   *socketStats

	wmu     sync.Mutex
	conn    atomic.Pointer[websocket.Conn]
	lastSeq atomic.Int64
	closing atomic.Bool
	ready   chan struct{}
	once    sync.Once
	done    chan struct{}
	waiters sync.Map // ref → chan *inFrame: acks and errors someone waits for
}

// openSocket dials and starts the reader; it returns once the server's
// ready frame arrived. ctx bounds the opening, life the socket (its
// reconnections included).
func openSocket(ctx, life context.Context, name string, stats *socketStats, dial func(ctx context.Context, after int64) (*websocket.Conn, error), onFrame func(*inFrame, time.Time)) (*socket, error) {
	s := &socket{name: name, dial: dial, onFrame: onFrame, stats: stats, ready: make(chan struct{}), done: make(chan struct{})}
	c, err := dial(ctx, 0)
	if err != nil {
		return nil, err
	}
	s.conn.Store(c)
	go s.readLoop(life)
	select {
	case <-s.ready:
		return s, nil
	case <-s.done:
		return nil, fmt.Errorf("%s: closed before its ready frame", name)
	case <-time.After(15 * time.Second):
		s.close()
		return nil, fmt.Errorf("%s: no ready frame within 15 s", name)
	case <-ctx.Done():
		s.close()
		return nil, ctx.Err()
	}
}

func (s *socket) readLoop(ctx context.Context) {
	defer close(s.done)
	for {
		c := s.conn.Load()
		var err error
		for {
			var data []byte
			_, data, err = c.ReadMessage()
			if err != nil {
				break
			}
			s.handle(data, time.Now())
		}
		if s.closing.Load() || ctx.Err() != nil {
			return
		}
		s.stats.drops.Add(1)
		s.stats.reasons.inc(dropReason(err))
		logf("socket %s dropped: %v", s.name, err)
		if !s.reconnect(ctx) {
			s.stats.lost.Add(1)
			logf("socket %s: could not reconnect; its messages will count as lost", s.name)
			return
		}
	}
}

func (s *socket) reconnect(ctx context.Context) bool {
	pause := reconnectFirst
	for attempt := 1; attempt <= maxReconnects && ctx.Err() == nil && !s.closing.Load(); attempt++ {
		sleep(ctx, pause)
		pause = min(2*pause, reconnectMax)
		c, err := s.dial(ctx, s.lastSeq.Load())
		if err != nil {
			logf("socket %s: reconnect %d: %v", s.name, attempt, err)
			continue
		}
		s.wmu.Lock()
		s.conn.Store(c)
		s.wmu.Unlock()
		s.stats.reconnects.Add(1)
		return true
	}
	return false
}

// dropReason names a read error for the report: the close code and text
// when the server closed the socket.
func dropReason(err error) string {
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		return fmt.Sprintf("close %d %s", ce.Code, ce.Text)
	}
	msg := err.Error()
	if len(msg) > 80 {
		msg = msg[:80]
	}
	return msg
}

func (s *socket) handle(data []byte, at time.Time) {
	s.stats.frames.Add(1)
	var f inFrame
	if err := json.Unmarshal(data, &f); err != nil {
		s.stats.reasons.inc("unreadable frame")
		return
	}
	if f.Seq > s.lastSeq.Load() {
		s.lastSeq.Store(f.Seq)
	}
	switch f.Type {
	case "ready":
		s.once.Do(func() { close(s.ready) })
		return
	case "ack", "error":
		if w, ok := s.waiters.LoadAndDelete(f.Ref); ok && f.Ref != "" {
			w.(chan *inFrame) <- &f
			return
		}
	}
	s.onFrame(&f, at)
}

// write sends one frame.
func (s *socket) write(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	c := s.conn.Load()
	_ = c.SetWriteDeadline(time.Now().Add(10 * time.Second))
	return c.WriteMessage(websocket.TextMessage, b)
}

// request sends a frame and waits for the ack or error with its ref.
func (s *socket) request(ctx context.Context, ref string, v any, wait time.Duration) (*inFrame, error) {
	ch := make(chan *inFrame, 1)
	s.waiters.Store(ref, ch)
	defer s.waiters.Delete(ref)
	if err := s.write(v); err != nil {
		return nil, fmt.Errorf("%s: write: %w", s.name, err)
	}
	select {
	case f := <-ch:
		if f.Type == "error" && f.Error != nil {
			return f, fmt.Errorf("%s: error frame %s: %s", s.name, f.Error.Code, f.Error.Message)
		}
		return f, nil
	case <-s.done:
		return nil, fmt.Errorf("%s: socket closed while waiting for the ack of %s", s.name, ref)
	case <-time.After(wait):
		return nil, fmt.Errorf("%s: no ack for %s within %s", s.name, ref, wait)
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// close ends the socket on purpose (drops after this are not counted).
func (s *socket) close() {
	s.closing.Store(true)
	s.wmu.Lock()
	c := s.conn.Load()
	if c != nil {
		_ = c.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, "bench done"), time.Now().Add(time.Second))
		_ = c.Close()
	}
	s.wmu.Unlock()
}

// dialer is the bench's WebSocket dialer: never through a proxy.
var dialer = &websocket.Dialer{HandshakeTimeout: 15 * time.Second, ReadBufferSize: 4096, WriteBufferSize: 4096}

// dialSocket opens base+path (http→ws) with the given headers; a refused
// upgrade is reported with the API's status and error body.
func dialSocket(ctx context.Context, base, path string, after int64, h http.Header) (*websocket.Conn, error) {
	u := "ws" + strings.TrimPrefix(base, "http") + path
	if after > 0 {
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		u += sep + "after=" + strconv.FormatInt(after, 10)
	}
	c, res, err := dialer.DialContext(ctx, u, h)
	if err != nil {
		if res != nil {
			body, _ := io.ReadAll(io.LimitReader(res.Body, 2048))
			_ = res.Body.Close()
			return nil, fmt.Errorf("dial %s: HTTP %d %s", strings.SplitN(path, "?", 2)[0], res.StatusCode, strings.TrimSpace(string(body)))
		}
		return nil, fmt.Errorf("dial %s: %w", strings.SplitN(path, "?", 2)[0], err)
	}
	return c, nil
}

// fromIP makes a request look as if it came through a trusted proxy from
// ip: each simulated visitor and agent has its own address, as real ones
// do, so the per-IP limits see one client each (the API trusts
// X-Forwarded-For only from LIVECHAT_TRUSTED_PROXIES).
type fromIP struct {
	a  auth
	ip string
}

func (f fromIP) apply(r *http.Request) {
	if f.a != nil {
		f.a.apply(r)
	}
	r.Header.Set("X-Forwarded-For", f.ip)
}
