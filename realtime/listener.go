package realtime

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// NOTIFY channels written by the events trigger and by typing indicators.
const (
	eventsChannel = "livechat_events"
	typingChannel = "livechat_typing"
)

// Listener holds one PostgreSQL connection that LISTENs for the stream and
// hands each notification to the Hub. After every (re)connect it asks the
// hub to read what it may have missed.
type Listener struct {
	Pool *pgxpool.Pool
	Hub  *Hub
	Log  *slog.Logger

	once      sync.Once
	listening chan struct{}
}

// Listening is closed once the first LISTEN is in place.
func (l *Listener) Listening() <-chan struct{} { return l.ready() }

func (l *Listener) ready() chan struct{} {
	l.once.Do(func() { l.listening = make(chan struct{}) })
	return l.listening
}

// Run listens until ctx ends, reconnecting with backoff.
func (l *Listener) Run(ctx context.Context) {
	ready := l.ready()
	backoff := 200 * time.Millisecond
	for ctx.Err() == nil {
		err := l.listen(ctx, func() {
			backoff = 200 * time.Millisecond
			select {
			case <-ready:
			default:
				close(ready)
			}
		})
		if ctx.Err() != nil {
			return
		}
		l.Log.Warn("realtime: listener lost its connection; reconnecting", "error", err, "in", backoff)
		t := time.NewTimer(backoff)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		backoff = min(backoff*2, 5*time.Second)
	}
}

// listen runs one connection until it fails.
func (l *Listener) listen(ctx context.Context, onListening func()) error {
	conn, err := pgx.ConnectConfig(ctx, l.Pool.Config().ConnConfig.Copy())
	if err != nil {
		return fmt.Errorf("realtime: connect: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	for _, ch := range []string{eventsChannel, typingChannel} {
		if _, err := conn.Exec(ctx, "LISTEN "+ch); err != nil {
			return fmt.Errorf("realtime: listen %s: %w", ch, err)
		}
	}
	onListening()
	l.Hub.Resync(ctx)
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return fmt.Errorf("realtime: wait: %w", err)
		}
		switch n.Channel {
		case eventsChannel:
			var ev Event
			if err := json.Unmarshal([]byte(n.Payload), &ev); err != nil {
				l.Log.Error("realtime: bad event notification", "error", err)
				continue
			}
			l.Hub.Publish(ctx, ev)
		case typingChannel:
			var t Typing
			if err := json.Unmarshal([]byte(n.Payload), &t); err != nil {
				l.Log.Error("realtime: bad typing notification", "error", err)
				continue
			}
			l.Hub.PublishTyping(t)
		}
	}
}
