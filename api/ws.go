package api

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"time"

	"github.com/gofiber/contrib/websocket"
	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"
	"golang.org/x/time/rate"

	"livechat/apperr"
	"livechat/realtime"
)

const (
	// socketPing is how often the server pings a socket; a pong keeps an
	// agent's presence fresh.
	socketPing = 25 * time.Second
	// socketReadTimeout closes a socket that sent nothing, not even a pong.
	socketReadTimeout  = 70 * time.Second
	socketWriteTimeout = 10 * time.Second
	// maxFrameSize caps a client frame.
	maxFrameSize = 64 << 10
	// frameRate and frameBurst limit a socket's frames; maxStrikes frames
	// over the limit close it (1008).
	frameRate  = 20
	frameBurst = 40
	maxStrikes = 50
)

const socketKey = "socket"

// socketSession is what a socket handler hands to its connection: who is on
// the other end and how to answer their frames.
type socketSession struct {
	sub    *realtime.Subscriber
	after  *int64
	handle func(ctx context.Context, f clientFrame) (any, error)
	// onPong runs on each pong (agents: presence heartbeat); refresh runs
	// every refreshEvery (agents: team changes).
	onPong  func(ctx context.Context)
	refresh func(ctx context.Context)
}

const refreshEvery = 30 * time.Second

// clientFrame is any frame a client sends; which fields count depends on
// its type (docs/realtime.md).
type clientFrame struct {
	Type           string     `json:"type"`
	Ref            string     `json:"ref"`
	ChatID         *uuid.UUID `json:"chat_id"`
	Body           string     `json:"body"`
	Kind           string     `json:"kind"`
	IdempotencyKey string     `json:"idempotency_key"`
	Typing         bool       `json:"typing"`
	MessageID      uuid.UUID  `json:"message_id"`
	Status         string     `json:"status"`
}

type ackFrame struct {
	Type string `json:"type"`
	Ref  string `json:"ref"`
	Data any    `json:"data"`
}

type errorFrame struct {
	Type  string      `json:"type"`
	Ref   string      `json:"ref"`
	Error errorDetail `json:"error"`
}

// parseAfter reads ?after=<seq>: nil when absent.
func parseAfter(c *fiber.Ctx) (*int64, error) {
	v := c.Query("after")
	if v == "" {
		return nil, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return nil, apperr.Validation(map[string]string{"after": "a sequence number (0 or more)"})
	}
	return &n, nil
}

var errUpgradeRequired = apperr.New(apperr.Invalid, "websocket_required", "connect to this endpoint with a WebSocket")

// upgrade switches the request to a WebSocket run by serveSocket.
func (s *Server) upgrade(c *fiber.Ctx, sess *socketSession) error {
	if !websocket.IsWebSocketUpgrade(c) {
		return errUpgradeRequired
	}
	c.Locals(socketKey, sess)
	return s.socketHandler(c)
}

// serveSocket runs one socket: it subscribes it to its organisation's
// stream, writes frames from one goroutine and reads client frames in
// order on this one.
func (s *Server) serveSocket(conn *websocket.Conn) {
	sess, _ := conn.Locals(socketKey).(*socketSession)
	if sess == nil {
		return
	}
	ctx, cancel := context.WithCancel(s.Context)
	defer cancel()
	writerDone := make(chan struct{})
	go func() {
		defer close(writerDone)
		s.writeFrames(ctx, conn, sess)
	}()
	if err := s.Hub.Subscribe(ctx, sess.sub, sess.after); err != nil {
		s.Log.Warn("socket subscribe", "error", err)
		cancel()
		<-writerDone
		return
	}
	defer s.Hub.Unsubscribe(sess.sub)
	s.readFrames(ctx, conn, sess)
	cancel()
	<-writerDone
}

// writeFrames sends the subscriber's frames, pings, and closes the socket
// when the hub gives up on it or the server stops.
func (s *Server) writeFrames(ctx context.Context, conn *websocket.Conn, sess *socketSession) {
	ping := time.NewTicker(socketPing)
	defer ping.Stop()
	refresh := time.NewTicker(refreshEvery)
	defer refresh.Stop()
	deadline := func() time.Time { return time.Now().Add(socketWriteTimeout) }
	for {
		select {
		case o := <-sess.sub.Out():
			_ = conn.SetWriteDeadline(deadline())
			if err := conn.WriteMessage(websocket.TextMessage, o.Frame); err != nil {
				_ = conn.Close()
				return
			}
			if o.Delivered != uuid.Nil && s.Receipts != nil {
				s.Receipts.Delivered(o.Delivered)
			}
		case <-ping.C:
			if err := conn.WriteControl(websocket.PingMessage, nil, deadline()); err != nil {
				_ = conn.Close()
				return
			}
		case <-refresh.C:
			if sess.refresh != nil {
				sess.refresh(ctx)
			}
		case <-sess.sub.Done():
			_ = conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseTryAgainLater, sess.sub.Reason()), deadline())
			_ = conn.Close()
			return
		case <-ctx.Done():
			_ = conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseGoingAway, "server stopping"), deadline())
			_ = conn.Close()
			return
		}
	}
}

// readFrames answers client frames until the socket closes. Malformed
// frames get an error frame and the socket stays up; a flood closes it.
func (s *Server) readFrames(ctx context.Context, conn *websocket.Conn, sess *socketSession) {
	conn.SetReadLimit(maxFrameSize)
	_ = conn.SetReadDeadline(time.Now().Add(socketReadTimeout))
	conn.SetPongHandler(func(string) error {
		_ = conn.SetReadDeadline(time.Now().Add(socketReadTimeout))
		if sess.onPong != nil {
			sess.onPong(ctx)
		}
		return nil
	})
	limit := rate.NewLimiter(frameRate, frameBurst)
	strikes := 0
	for {
		kind, data, err := conn.ReadMessage()
		if err != nil {
			return
		}
		_ = conn.SetReadDeadline(time.Now().Add(socketReadTimeout))
		if !limit.Allow() {
			strikes++
			if strikes > maxStrikes {
				_ = conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.ClosePolicyViolation, "too many frames"), time.Now().Add(socketWriteTimeout))
				return
			}
			sess.sub.Send(s.errorFrame("", apperr.New(apperr.RateLimited, "rate_limited", "too many frames; slow down")))
			continue
		}
		if kind != websocket.TextMessage {
			sess.sub.Send(s.errorFrame("", apperr.New(apperr.Invalid, "malformed_frame", "frames are JSON text")))
			continue
		}
		var f clientFrame
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&f); err != nil {
			sess.sub.Send(s.errorFrame("", apperr.New(apperr.Invalid, "malformed_frame", "%s", describeJSONError(err))))
			continue
		}
		if f.Type == "ping" {
			sess.sub.Send(realtime.ControlFrame(map[string]string{"type": "pong"}))
			continue
		}
		out, err := sess.handle(ctx, f)
		if err != nil {
			sess.sub.Send(s.errorFrame(f.Ref, err))
			continue
		}
		sess.sub.Send(realtime.ControlFrame(ackFrame{Type: "ack", Ref: f.Ref, Data: out}))
	}
}

// errorFrame renders an error for a socket as the HTTP API would.
func (s *Server) errorFrame(ref string, err error) []byte {
	ae, ok := apperr.As(err)
	if !ok {
		s.Log.Error("socket frame failed", "error", err)
		return realtime.ControlFrame(errorFrame{Type: "error", Ref: ref, Error: errorDetail{Code: "internal", Message: "internal error; try again"}})
	}
	return realtime.ControlFrame(errorFrame{Type: "error", Ref: ref, Error: errorDetail{Code: ae.Code, Message: ae.Message, Fields: ae.Fields}})
}

var errUnknownFrame = apperr.New(apperr.Invalid, "unknown_frame", "unknown frame type")

func errFrameField(field, msg string) error { return apperr.Validation(map[string]string{field: msg}) }
