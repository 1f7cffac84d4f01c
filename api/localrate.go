package api

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// keyedLimiter is an in-memory token bucket per key, for limits checked on
// every message or frame where a PostgreSQL round trip per hit would cost
// more than the work it guards (visitor floods, typing). Each API replica
// counts on its own.
type keyedLimiter struct {
	every rate.Limit
	burst int

	mu        sync.Mutex
	buckets   map[string]*rate.Limiter
	lastSweep time.Time
}

func newKeyedLimiter(perSecond float64, burst int) *keyedLimiter {
	return &keyedLimiter{every: rate.Limit(perSecond), burst: burst, buckets: map[string]*rate.Limiter{}, lastSweep: time.Now()}
}

// allow takes a token from key's bucket.
func (l *keyedLimiter) allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	if now.Sub(l.lastSweep) > time.Minute {
		// Full buckets carry no state worth keeping.
		for k, b := range l.buckets {
			if b.TokensAt(now) >= float64(l.burst) {
				delete(l.buckets, k)
			}
		}
		l.lastSweep = now
	}
	b := l.buckets[key]
	if b == nil {
		b = rate.NewLimiter(l.every, l.burst)
		l.buckets[key] = b
	}
	return b.AllowN(now, 1)
}

// localLimits are the in-memory limits of one API replica.
type localLimits struct {
	// visitorMessages: per visitor, 1 message a second on average, bursts of 10.
	visitorMessages *keyedLimiter
	// ipMessages: per IP address, across visitors behind it.
	ipMessages *keyedLimiter
	// typing: one "typing" per chat and sender every 2 seconds.
	typing *keyedLimiter
}

func newLocalLimits() *localLimits {
	return &localLimits{
		visitorMessages: newKeyedLimiter(1, 10),
		ipMessages:      newKeyedLimiter(5, 50),
		typing:          newKeyedLimiter(0.5, 1),
	}
}
